"""Endpoints, base URLs and auth headers a page states in plain lines of text.

Hand-written reference pages rarely have a breadcrumb or a curl command. They name the endpoint
on a line of its own (``POST /user/campaign``, ``**Endpoint:** `POST /sessions```, the line after
an ``Endpoint`` label), or as two bullets (``URL: /campaign/list`` and ``Method: GET``); give the
server as ``Base URL: https://...`` or a list under a "Base URLs" heading (production first);
and show the auth header in prose (``Authorization: Bearer <api_key>``, header ``X-API-Key``).

A page that names several endpoints this way documents them one after another (an overview,
then ``1. Push Records`` / ``POST /v1/records`` / its fields, ``2. ...``): it is cut into one
section per endpoint, from the heading above its endpoint line to the next section, and each
section is read as a page of its own; what comes before the first section (base URLs, auth)
is read as one more. Table rows are never endpoint lines, nor are lines of code: the one
exception is a request line (``GET /v2/calls/{id}``, ``POST /x HTTP/1.1``) opening a fence with
no language or ``http``/``text``, which is how many pages show the endpoint. A bulleted method
line with a summary (``• GET /x - List x``) is a listed endpoint (see :mod:`.tables`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.scrape.model import Endpoint, EndpointOrigin, PageDoc
from generator.scrape.pages import FENCE_RE, Page
from generator.scrape.sections import auth_schemes_from_headers

__all__ = ["endpoint_sections", "read_base_urls", "read_prose_auth", "section_title"]

_TARGET = r"`?(?P<target>(?:https?://[^\s/`]+)?/[\w{}:.~/-]*)`?"
_LABEL = r"(?:\*\*)?(?:endpoint|request|http request|route)(?:\*\*)?\s*:?\s*(?:\*\*)?\s*"
_LINE_RE = re.compile(
    rf"^\s*(?:(?:[-*•]\s+)?{_LABEL})?`?(?P<method>GET|POST|PUT|PATCH|DELETE)\s+{_TARGET}\s*$", re.I
)
_URL_RE = re.compile(
    rf"^\s*(?:[-*•]\s+)?(?:\*\*)?(?:url|path|endpoint|route)(?:\*\*)?\s*:\s*(?:\*\*)?\s*{_TARGET}\s*$", re.I
)
_METHOD_RE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?:http )?method(?:\*\*)?\s*:\s*(?:\*\*)?\s*"
    r"`?(?P<method>GET|POST|PUT|PATCH|DELETE)`?\s*$",
    re.I,
)
_REQUEST_LINE_RE = re.compile(
    rf"^\s*(?P<method>GET|POST|PUT|PATCH|DELETE)\s+{_TARGET}(?:\s+HTTP/[\d.]+)?\s*$"
)
_REQUEST_FENCE_LANGUAGES = frozenset({"", "http", "text", "txt", "plain", "plaintext"})
_ROW_RE = re.compile(r"^\s*\|")
_HEADING_RE = re.compile(r"^\s*(#{1,6}\s+\S|\d+[.)]\s+[A-Z]|\*\*[^*]+\*\*\s*$)")
_PAIR_DISTANCE = 3


def _plain_lines(page: Page) -> list[tuple[int, str]]:
    """(index, line) of the page's lines outside code fences and tables, and fenced request lines."""
    lines = [(index, line) for index, line in page.unfenced() if not _ROW_RE.match(line)]
    return sorted([*lines, *_fenced_request_lines(page)])


def _fenced_request_lines(page: Page) -> list[tuple[int, str]]:
    """The request line of each fence of no language or ``http`` that opens with one.

    ``GET /x HTTP/1.1`` then headers or a body is one request; a fence of several request lines
    is a list of endpoints, which names none of them as this page's.
    """
    found: list[tuple[int, str]] = []
    fence: list[tuple[int, str]] | None = None  # the lines of the fence being read
    plain = False  # whether that fence has no language, or http or text
    for index, line in enumerate(page.lines):
        if match := FENCE_RE.match(line):
            if fence is None:
                fence, plain = [], line[match.end() :].strip().lower() in _REQUEST_FENCE_LANGUAGES
                continue
            written = [(at, text) for at, text in fence if text.strip()]
            requests = [(at, text) for at, text in written if _REQUEST_LINE_RE.match(text)]
            if plain and len(requests) == 1 and requests[0] == written[0]:
                request = _REQUEST_LINE_RE.match(written[0][1])
                assert request is not None
                found.append((written[0][0], f"{request['method']} {request['target']}"))
            fence = None
        elif fence is not None:
            fence.append((index, line))
    return found


def _endpoint_lines(page: Page) -> list[tuple[int, Endpoint]]:
    """Every endpoint the page names in a line of text, by the index of its line."""
    lines = _plain_lines(page)
    found: list[tuple[int, Endpoint]] = []
    urls: list[tuple[int, str]] = []
    methods: list[tuple[int, str]] = []
    for index, line in lines:
        if (match := _LINE_RE.match(line)) and match["method"].isupper():
            bulleted = line.lstrip()[:1] in "-*•" and not re.search(r"endpoint|request|route", line, re.I)
            if not bulleted:
                found.append((index, _endpoint(match["method"], match["target"], page, index)))
                continue
        if match := _URL_RE.match(line):
            urls.append((index, match["target"]))
        elif match := _METHOD_RE.match(line):
            methods.append((index, match["method"].upper()))
    for url_at, target in urls:
        method = next(((at, m) for at, m in methods if abs(at - url_at) <= _PAIR_DISTANCE), None)
        if method is not None:
            at = min(url_at, method[0])
            found.append((at, _endpoint(method[1], target, page, at)))
    return sorted(found, key=lambda item: item[0])


def _endpoint(method: str, target: str, page: Page, index: int) -> Endpoint:
    server = None
    if target.startswith(("http://", "https://")):
        scheme, _, address = target.partition("://")
        host, _, rest = address.partition("/")
        server, target = f"{scheme}://{host}", "/" + rest
    return Endpoint(method, target.rstrip(".,;"), EndpointOrigin.LINE, page.line_of(index), server)


def endpoint_sections(page: Page) -> list[tuple[Page, Endpoint | None]]:
    """The page cut into one section per endpoint it names in text, each with its endpoint.

    A page naming none is returned whole (with no endpoint); naming one, whole with that one.
    """
    named = _endpoint_lines(page)
    if not named:
        return [(page, None)]
    if len(named) == 1:
        return [(page, named[0][1])]
    starts: list[int] = []
    previous = 0
    for index, _ in named:
        heading = next(
            (at for at in range(index - 1, previous - 1, -1) if _HEADING_RE.match(page.lines[at])), index
        )
        starts.append(heading)
        previous = index + 1
    sections: list[tuple[Page, Endpoint | None]] = []
    if any(line.strip() for line in page.lines[: starts[0]]):
        sections.append((_cut(page, 0, starts[0]), None))
    for position, (start, (_, endpoint)) in enumerate(zip(starts, named, strict=True)):
        end = starts[position + 1] if position + 1 < len(starts) else len(page.lines)
        sections.append((_cut(page, start, end), endpoint))
    return sections


def section_title(section: Page) -> str:
    """The heading a section starts with, without its marks and number (``## 1. Push Records``)."""
    first = next((line for line in section.lines if line.strip()), "")
    if not _HEADING_RE.match(first):
        return ""
    return re.sub(r"^\s*(#{1,6}\s+)?(\*\*)?(\d+[.)]\s+)?|\*\*\s*$", "", first).strip()


def _cut(page: Page, start: int, end: int) -> Page:
    return replace(page, lines=page.lines[start:end], first_line=page.line_of(start))


_BASE_LINE_RE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?:api )?base url(?:\*\*)?\s*:\s*(?:\*\*)?\s*`?(?P<url>https?://[^\s`]+)`?",
    re.I,
)
_BASE_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:api )?(?:base urls?|servers|environments)\s*:?\s*$", re.I
)
_LISTED_URL_RE = re.compile(r"^\s*[-*•]\s+(?P<label>[^:]*?)\s*:?\s*`?(?P<url>https?://[^\s`]+)`?")
_NOT_PRODUCTION_RE = re.compile(r"sandbox|staging|test|dev", re.I)


def read_base_urls(page: Page, doc: PageDoc) -> None:
    """Servers the page states in prose: a ``Base URL:`` line, or a list under a Base URLs heading.

    The listed order is kept, except that a sandbox, staging or test server never comes first
    when the list has another (the first server is the generated client's default).
    """
    found: list[tuple[bool, str]] = []
    lines = page.lines
    for index, line in enumerate(lines):
        if match := _BASE_LINE_RE.match(line):
            found.append((False, match["url"]))
        elif _BASE_HEADING_RE.match(line):
            for item in lines[index + 1 : index + 12]:
                if not item.strip():
                    continue
                listed = _LISTED_URL_RE.match(item)
                if listed is None:
                    break
                found.append((bool(_NOT_PRODUCTION_RE.search(listed["label"])), listed["url"]))
    ordered = [url for _, url in sorted(found, key=lambda item: item[0])]
    for url in ordered:
        if url.rstrip("/") not in doc.servers:
            doc.servers.append(url.rstrip("/"))


_PROSE_HEADER_RE = re.compile(r"`(?P<name>Authorization|[A-Za-z]+(?:-[A-Za-z]+)+):\s*(?P<value>[^`]+)`")
_NAMED_HEADER_RE = re.compile(r"\bheader\s+`(?P<name>[A-Za-z]+(?:-[A-Za-z]+)+)`", re.I)


def read_prose_auth(page: Page, doc: PageDoc) -> None:
    """Auth headers shown in prose: ```Authorization: Bearer <api_key>```, header ```X-API-Key```."""
    for line in page.lines:
        headers = {match["name"]: match["value"] for match in _PROSE_HEADER_RE.finditer(line)}
        headers |= {
            match["name"]: "<api-key>"
            for match in _NAMED_HEADER_RE.finditer(line)
            if match["name"] not in headers
        }
        for name, scheme in auth_schemes_from_headers(headers, "").items():
            doc.security_schemes.setdefault(name, scheme)
