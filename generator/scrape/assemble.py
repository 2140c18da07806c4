"""Pages into one OpenAPI 3.1 document.

Each page is read by the parser of its format (Mintlify elements or rendered
text, plus any parameter tables), then pages are grouped by endpoint. The
server URL is split off every full URL with the servers the pages name (a
breadcrumb's base URL, an embedded document's servers), so a curl example of
``https://host/api/user/lead`` and a breadcrumb of ``/user/lead`` under
``https://host/api`` are the same operation. A page documenting a payload but
no endpoint is a webhook. Fields merge as :mod:`.merge` says.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from generator.scrape.consistency import drop_contradicted_examples
from generator.scrape.endpoint_lines import endpoint_sections, read_base_urls, read_prose_auth, section_title
from generator.scrape.merge import Statement, merge_field, ordered_schema
from generator.scrape.mintlify import looks_like_mintlify, parse_mintlify
from generator.scrape.model import (
    ANY,
    DocField,
    Endpoint,
    EndpointOrigin,
    Level,
    PageDoc,
    ResponseDoc,
    ScrapeError,
    names_webhook,
)
from generator.scrape.name_book import NameBook, operation_key
from generator.scrape.nameless import name_unnamed
from generator.scrape.pages import Page
from generator.scrape.rendered import parse_rendered
from generator.scrape.same_as import read_same_as, same_words
from generator.scrape.tables import parse_bullet_fields, parse_tables, read_listed_lines

__all__ = ["FILLER_RESPONSE_DESCRIPTIONS", "ScrapeResult", "assemble", "parse_page"]

_METHOD_ORDER = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ANY_JSON = ["string", "number", "integer", "boolean", "object", "array", "null"]
_CONCRETE_SEGMENT_RE = re.compile(
    r"^(\d+|[0-9a-fA-F-]{16,}|<[^>]+>|:\w+|\{\{?[^}]+\}?\}|YOUR_\w+|your[_-]\w+)$"
)


@dataclass
class ScrapeResult:
    """The merged document, what could not be placed (pages with neither endpoint nor payload), the pages."""

    document: dict[str, Any]
    skipped: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    named_events: frozenset[str] = frozenset()
    """The keys of ``events`` that named a webhook page (one that names no page is a stale entry)."""


def parse_page(page: Page) -> list[PageDoc]:
    """What one page documents, read by the parser of its format.

    A page that names several endpoints in lines of its text, and has no breadcrumb, curl
    command, note or embedded block of its own, gives one document per endpoint section (see
    :mod:`.endpoint_lines`). A page that does have its own endpoint only mentions the others
    ("then call `POST /v1/calls`"): they are listed endpoints, and its fields stay its own.
    """
    sections = endpoint_sections(page)
    if len(sections) == 1 and sections[0][1] is None:
        return [_parse_section(page)]
    whole = _parse_section(page)  # read whole first: does the page have an endpoint of its own?
    if whole.endpoint() is not None:
        known = {(e.method, e.path) for e in whole.listed_endpoints}
        whole.listed_endpoints += [
            e for _, e in sections if e is not None and (e.method, e.path) not in known
        ]
        return [whole]
    if len(sections) == 1:
        return [_with_endpoint(whole, sections[0][1])]
    docs = []
    for section, endpoint in sections:
        doc = _with_endpoint(_parse_section(section), endpoint)
        doc.sectioned = True
        doc.title = section_title(section) or doc.title
        docs.append(doc)
    return docs


def _with_endpoint(doc: PageDoc, endpoint: Endpoint | None) -> PageDoc:
    """The document with the endpoint its text names (no longer one of its listed endpoints)."""
    if endpoint is not None:
        doc.endpoints.append(endpoint)
        doc.listed_endpoints = [
            e for e in doc.listed_endpoints if (e.method, e.path) != (endpoint.method, endpoint.path)
        ]
    return doc


def _parse_section(section: Page) -> PageDoc:
    try:
        doc = parse_mintlify(section) if looks_like_mintlify(section) else parse_rendered(section)
        parse_tables(section, doc)
        parse_bullet_fields(section, doc)
        read_listed_lines(section, doc)
        read_base_urls(section, doc)
        read_prose_auth(section, doc)
        read_same_as(section, doc)
        _check_depth(doc, section)
    except ScrapeError as exc:
        if exc.file:
            raise
        raise ScrapeError(section.file, exc.line, exc.message) from exc
    return doc


MAX_FIELD_DEPTH = 32
"""Deepest nesting of documented fields; deeper is refused (merging and generation recurse)."""


def _check_depth(doc: PageDoc, page: Page) -> None:
    roots = [*doc.parameters, *doc.bodies, *(body for r in doc.responses.values() for body in r.bodies)]
    stack: list[tuple[DocField, int]] = [(root, 1) for root in roots]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_FIELD_DEPTH:
            raise ScrapeError(page.file, node.line, f"fields nest deeper than {MAX_FIELD_DEPTH} levels")
        stack.extend((child, depth + 1) for child in node.children)
        if node.item is not None:
            stack.append((node.item, depth + 1))


@dataclass
class _Operation:
    method: str
    path: str
    docs: list[tuple[tuple[int, int], PageDoc]] = field(default_factory=list)
    """Pages with their rank: the page whose endpoint is best attested first, then input order."""


def assemble(  # noqa: PLR0912, PLR0915
    pages: Sequence[Page],
    *,
    title: str | None = None,
    names: NameBook | None = None,
    events: Mapping[str, str] | None = None,
) -> ScrapeResult:
    """Merge every page into one OpenAPI 3.1 document.

    ``names``: where lost field names are looked up; ``events``: the event name of each webhook
    page (by its address or file name) whose address and title name none.
    """
    events = events or {}
    named: set[str] = set()
    if not pages:
        raise ScrapeError("(input)", 0, "no pages to read")
    docs = [doc for page in pages for doc in parse_page(page)]
    servers = _servers(docs)
    operations: dict[tuple[str, str], _Operation] = {}
    webhooks: dict[str, _Operation] = {}
    skipped: list[str] = []
    shared = _shared_endpoints(docs)
    templates = sorted(
        {
            _path_of(e, servers, doc, [])
            for doc in docs
            for e in doc.endpoints
            if e.origin > EndpointOrigin.CURL
        }
    )
    unplaced: list[tuple[int, PageDoc]] = []
    for order, doc in enumerate(docs):
        endpoint = doc.endpoint() or (None if doc.sectioned else shared.get(_page_key(doc.source)))
        if endpoint is None:
            unplaced.append((order, doc))
            continue
        path = _with_curls_trailing_slash(_path_of(endpoint, servers, doc, templates), endpoint, doc, servers)
        key = (endpoint.method, path)
        own = doc.endpoint()
        rank = (-int(own.origin) if own is not None else 0, order)
        operations.setdefault(key, _Operation(endpoint.method, path)).docs.append((rank, doc))
    for order, doc in unplaced:
        titled = _operation_titled(doc.title, operations)
        if titled is not None:  # another capture of the same page, one that shows its endpoint
            titled.docs.append(((1, order), doc))
        elif (sent := doc if doc.bodies else _webhook_payload(doc)) is not None:
            page_key = _event_key(sent, events)
            if page_key:
                named.add(page_key)
            if name := (events[page_key] if page_key else _event_name(sent)):
                webhooks.setdefault(name, _Operation("POST", name)).docs.append(((0, order), sent))
            else:  # "webhooks" names no event: which of the spec's webhooks would this be?
                skipped.append(
                    f"{doc.file}: a webhook payload, but neither address nor title names the event"
                    " (a vendor names it under `webhook_events` in vendor.yaml)"
                )
        elif doc.parameters or doc.responses:
            skipped.append(f"{doc.file}: fields but no method and path")
    _add_listed(docs, operations, servers, templates)
    if not operations and not webhooks:
        raise ScrapeError(
            docs[0].file,
            1,
            "no page documents an endpoint (no breadcrumb, curl example, note or OpenAPI block)",
        )
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title or _title(servers), "version": "0.0.0"},
    }
    if servers:
        document["servers"] = [{"url": url} for url in servers]
    schemes: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for name, scheme in doc.security_schemes.items():
            schemes.setdefault(name, scheme)
    if schemes:
        document["security"] = [{name: []} for name in sorted(schemes)]
    used_ids: set[str] = set()
    paths: dict[str, dict[str, Any]] = {}
    for key in sorted(operations, key=lambda k: (k[1], _METHOD_ORDER.index(k[0].lower()))):
        op = operations[key]
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, used_ids, names)
    document["paths"] = paths
    if webhooks:
        document["webhooks"] = {
            name: {"post": _operation(webhooks[name], used_ids, names)} for name in sorted(webhooks)
        }
        for name in sorted(webhooks):
            _payload_as_said(webhooks[name], document["webhooks"][name]["post"], operations, paths, skipped)
    if schemes:
        document["components"] = {"securitySchemes": {name: schemes[name] for name in sorted(schemes)}}
    return ScrapeResult(document, skipped, list(pages), frozenset(named))


def _operation_titled(title: str, operations: Mapping[tuple[str, str], _Operation]) -> _Operation | None:
    """The one operation whose pages carry ``title``.

    A capture with neither URL nor endpoint (a complete export beside the rendered excerpt that
    shows the endpoint) documents the operation its other captures name; it is not a webhook.
    """
    wanted = title.strip().lower()
    if not wanted:
        return None
    found = [
        op for op in operations.values() if any(doc.title.strip().lower() == wanted for _, doc in op.docs)
    ]
    return found[0] if len(found) == 1 else None


def _is_webhook_page(doc: PageDoc) -> bool:
    return names_webhook(doc.title) or names_webhook(_page_key(doc.source))


def _webhook_payload(doc: PageDoc) -> PageDoc | None:
    """A webhook page's payload as the body of the request the vendor sends, or None.

    Mintlify pages list a webhook's payload as response fields (what the receiver gets), with no
    status: read as an assumed 200, they are the webhook's request body. Only on a page that says
    it is a webhook (title or address) and has no endpoint: else such fields stay unplaced.
    """
    response = doc.responses.get("200")
    if not _is_webhook_page(doc) or response is None or not response.assumed or not response.bodies:
        return None
    others = {status: entry for status, entry in doc.responses.items() if status != "200"}
    return dataclasses.replace(
        doc, bodies=list(response.bodies), request_example=response.example, responses=others
    )


def _event_key(doc: PageDoc, events: Mapping[str, str]) -> str:
    """The key of ``events`` naming this webhook page: its address, or its file's name; else empty."""
    for key in (doc.source, PurePath(doc.file).name):
        if key in events:
            return key
    return ""


def _payload_as_said(
    webhook: _Operation,
    built: dict[str, Any],
    operations: Mapping[tuple[str, str], _Operation],
    paths: Mapping[str, Mapping[str, Any]],
    skipped: list[str],
) -> None:
    """The webhook's body as the operation response its page says it is (see :mod:`.same_as`).

    Only for a payload the pages know from an example alone: fields a page lists stay the
    webhook's own. The example stays, checked against the operation's schema.
    """
    said = next(((doc, doc.same_as) for _, doc in webhook.docs if doc.same_as is not None), None)
    content = built.get("requestBody", {}).get("content", {})
    if said is None or not content:
        return
    doc, (title, line) = said
    if any(body.level is not Level.EXAMPLE for _, page_doc in webhook.docs for body in page_doc.bodies):
        return
    target = _operation_titled(title, operations) or _operation_addressed(title, operations)
    schema = _success_schema(paths, target) if target is not None else None
    if schema is None:
        skipped.append(
            f"{doc.file}:{line}: the payload is said to be {title!r}'s, but no operation has that"
            " title or address and a JSON success response: its fields are read from the example"
        )
        return
    media: dict[str, Any] = {"schema": copy.deepcopy(schema)}
    ranked = [page_doc for _, page_doc in sorted(webhook.docs, key=lambda entry: entry[0])]
    example = next(
        (page_doc.request_example for page_doc in ranked if page_doc.request_example is not ANY), ANY
    )
    if example is not ANY:  # checked against the operation's fields now, not the example's own types
        media["example"] = example
    notes = _example_fields_unsaid(title, schema, ranked)
    if notes:
        media["x-docs-conflict"] = notes
    drop_contradicted_examples(media)
    content.clear()
    content["application/json"] = media
    built["requestBody"]["required"] = True


def _example_fields_unsaid(title: str, schema: Mapping[str, Any], docs: Sequence[PageDoc]) -> str:
    """Where the webhook pages' examples and the operation's fields disagree, field by field.

    Each capture's example is compared with the operation's fields ("fields Get a call does not
    document") and with the first capture's example: a field renamed in any of them is named
    here, so a change to a capture whose example is not the one kept still changes the scrape.
    """
    documented = set(schema.get("properties", {})) if isinstance(schema.get("properties"), dict) else None
    examples = [(doc.source, doc.request_example) for doc in docs if isinstance(doc.request_example, dict)]
    notes = []
    for source, example in examples:
        if documented:
            extra = sorted(set(example) - documented)
            if extra:
                notes.append(f"{source} shows fields {title} does not document: {', '.join(extra)}")
    if examples:
        first_source, first = examples[0]
        for source, example in examples[1:]:
            lacks, more = sorted(set(first) - set(example)), sorted(set(example) - set(first))
            if lacks:
                notes.append(f"{source} shows none of {', '.join(lacks)} (which {first_source} shows)")
            if more:
                notes.append(f"{source} shows {', '.join(more)} (which {first_source} does not)")
    return "; ".join(notes)


def _operation_addressed(title: str, operations: Mapping[tuple[str, str], _Operation]) -> _Operation | None:
    """The one operation whose page address ends in the title's words (``calls/get``: "Get a call")."""
    wanted = same_words(title.split())
    found = [
        op
        for op in operations.values()
        if any(same_words(_page_key(doc.source).split("/")[-2:]) == wanted for _, doc in op.docs)
    ]
    return found[0] if len(found) == 1 else None


def _success_schema(paths: Mapping[str, Mapping[str, Any]], op: _Operation) -> Any:
    """The JSON schema of the operation's first success response as scraped, or None."""
    responses = paths.get(op.path, {}).get(op.method.lower(), {}).get("responses", {})
    for status in sorted(responses):
        if status.startswith("2"):
            schema = responses[status].get("content", {}).get("application/json", {}).get("schema")
            if isinstance(schema, dict):
                return schema
    return None


def _event_name(doc: PageDoc) -> str:
    """The webhook name of a page with a body and no endpoint; empty for a webhook page naming none."""
    if _is_webhook_page(doc):
        return _webhook_name(doc)
    return _camel(doc.title or doc.source.rsplit("/", 1)[-1].split(".")[0]) or "event"


def _webhook_name(doc: PageDoc) -> str:
    """A webhook's name from its address (``/webhooks/call-completed``: ``callCompleted``), or its title."""
    return _camel(" ".join(_event_words(_page_key(doc.source).rsplit("/", 1)[-1]) or _event_words(doc.title)))


def _event_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[A-Za-z0-9]+", text) if word.lower() not in _WEBHOOK_WORDS]


_WEBHOOK_WORDS = frozenset({"webhook", "webhooks", "rendered", "md"})


def _page_key(label: str) -> str:
    """Captures of one page share a key: the URL path without a ``.md`` export suffix."""
    path = urlsplit(label).path if label.startswith(("http://", "https://")) else label
    return path.removesuffix(".md").rstrip("/")


def _shared_endpoints(docs: list[PageDoc]) -> dict[str, Endpoint]:
    """The best endpoint of each page, for its captures (excerpts, exports) that show none."""
    best: dict[str, Endpoint] = {}
    for doc in docs:
        if doc.sectioned:
            continue
        endpoint = doc.endpoint()
        key = _page_key(doc.source)
        if endpoint is not None and (key not in best or endpoint.origin > best[key].origin):
            best[key] = endpoint
    return best


def _servers(docs: list[PageDoc]) -> list[str]:
    """Server URLs the pages name, in order: breadcrumbs and embedded documents first, then curl hosts."""
    named: list[str] = []
    for doc in docs:
        named.extend(e.server.rstrip("/") for e in doc.endpoints if e.server)
        named.extend(url.rstrip("/") for url in doc.servers)
    for doc in docs:
        best = doc.endpoint()
        for endpoint in doc.endpoints:
            if endpoint.path.startswith(("http://", "https://")) and not any(
                endpoint.path.startswith(server + "/") for server in named
            ):
                relative = best.path if best is not None and best.path.startswith("/") else None
                server, _ = _split(endpoint.path, relative)
                named.append(server)
    return list(dict.fromkeys(named))


def _split(url: str, path: str | None) -> tuple[str, str]:
    parts = urlsplit(url)
    origin, full = f"{parts.scheme}://{parts.netloc}", parts.path or "/"
    if path and path != "/" and full.rstrip("/").endswith(path.rstrip("/")):
        return origin + full[: len(full.rstrip("/")) - len(path.rstrip("/"))].rstrip("/"), path
    return origin, full


def _path_of(endpoint: Endpoint, servers: list[str], doc: PageDoc, templates: list[str]) -> str:
    path = endpoint.path
    if path.startswith(("http://", "https://")):
        server = max((s for s in servers if path.startswith(s + "/") or path == s), key=len, default=None)
        path = path[len(server) :] if server else urlsplit(path).path
    path = re.sub(r"/:(\w+)", r"/{\1}", path or "/")
    path = re.sub(r"/<(\w+)>", r"/{\1}", path)
    path = path if path.startswith("/") else "/" + path
    if endpoint.server is None and not endpoint.path.startswith(("http://", "https://")):
        path = _without_base_path(path, servers)
    if endpoint.origin is EndpointOrigin.CURL:
        path = _template_concrete(path, [p.name for p in doc.parameters if p.location == "path"], templates)
    return path


def _listed_path(route: str, templates: list[str]) -> str:
    """An overview table's route with the parameters it writes bare (``/v1/calls/id/recording``).

    A segment is a parameter where a documented path has ``{that name}`` at the same place after
    the same segments (``/v1/calls/{id}``); nothing else is guessed.
    """
    segments = route.strip("/").split("/")
    known = [t.strip("/").split("/") for t in templates]
    for position, segment in enumerate(segments):
        for template in known:
            if (
                len(template) > position
                and template[position] == f"{{{segment}}}"
                and template[:position] == segments[:position]
            ):
                segments[position] = template[position]
                break
    return "/" + "/".join(segments) + ("/" if route.endswith("/") and route != "/" else "")


def _add_listed(
    docs: list[PageDoc],
    operations: dict[tuple[str, str], _Operation],
    servers: list[str],
    templates: list[str],
) -> None:
    """Operations only an overview table names: method and path, marked incomplete, no fields."""
    for order, doc in enumerate(docs):
        for listed in doc.listed_endpoints:
            path = _listed_path(_path_of(listed, servers, doc, []), templates)
            key = (listed.method, path)
            if key in operations:
                continue
            names = re.findall(r"\{(\w+)\}", path)
            summary = doc.listed_summaries.get((listed.method, listed.path), "")
            stub = PageDoc(
                file=doc.file, source=doc.source, title=summary, incomplete=True, endpoints=[listed]
            )
            stub.parameters = [
                DocField(name, "path", {"type": "string"}, True, "", listed.line, Level.EXAMPLE)
                for name in names
            ]
            operations[key] = _Operation(listed.method, path, [((0, len(docs) + order), stub)])


def _with_curls_trailing_slash(path: str, endpoint: Endpoint, doc: PageDoc, servers: list[str]) -> str:
    """The breadcrumb's path, with the trailing slash the page's curl example sends.

    A rendered breadcrumb writes a path as segments between ``/`` lines, so it cannot show a
    trailing slash; the curl command is the request as sent. Only that difference is taken
    from the curl: any other disagreement leaves the breadcrumb's path.
    """
    if endpoint.origin is not EndpointOrigin.BREADCRUMB or path.endswith("/"):
        return path
    for curl in doc.endpoints:
        if curl.origin is EndpointOrigin.CURL and curl.method == endpoint.method:
            sent = _path_of(curl, servers, doc, [path + "/"])
            if sent == path + "/":
                return sent
    return path


def _looks_like_a_value(segment: str) -> bool:
    """An ID, a number or a placeholder in a URL path, not a word or a version like ``v2``."""
    if segment.startswith("{") or not segment:
        return False
    has_digit = any(char.isdigit() for char in segment) and not re.fullmatch(r"v\d+(\.\d+)*", segment)
    return bool(_CONCRETE_SEGMENT_RE.match(segment)) or has_digit


def _without_base_path(path: str, servers: list[str]) -> str:
    """A path written with a server's base path (``/v2/widgets`` under ``https://host/v2``) without it."""
    for server in servers:
        base = urlsplit(server).path.rstrip("/")
        if base and path.startswith(base + "/"):
            return path[len(base) :]
    return path


def _template_concrete(path: str, names: list[str], templates: list[str]) -> str:
    """A curl example's concrete path as a template.

    ``/leads/123`` with a path parameter ``id`` becomes ``/leads/{id}``.

    A template another page gives for the same path wins; otherwise values that look like
    IDs (numbers, UUIDs, placeholders) are replaced, and failing that the last segments.
    """
    templated = set(re.findall(r"\{(\w+)\}", path))
    pending = [name for name in names if name not in templated]
    if not pending:
        return path
    segments = path.split("/")
    for template in templates:
        parts = template.split("/")
        if len(parts) == len(segments) and all(
            t == s or (t.startswith("{") and t.endswith("}")) for t, s in zip(parts, segments, strict=True)
        ):
            return template
    for position, segment in enumerate(segments):
        if pending and _looks_like_a_value(segment):
            segments[position] = "{" + pending.pop(0) + "}"
    for position in range(len(segments) - len(pending), len(segments)):
        if pending and position > 1:
            segments[position] = "{" + pending.pop(0) + "}"
    return "/".join(segments)


def _title(servers: list[str]) -> str:
    host = urlsplit(servers[0]).netloc if servers else ""
    return f"{host} API" if host else "Scraped API"


def _camel(text: str) -> str:
    words: list[str] = re.findall(r"[A-Za-z0-9]+", text)
    if not words:
        return ""
    first, *rest = words
    first = first.lower() if first.isupper() else first[0].lower() + first[1:]
    name = first + "".join(w[0].upper() + w[1:] for w in rest)
    return name if not name[0].isdigit() else "op" + name


def _tag(op: _Operation, docs: list[PageDoc]) -> str:
    for doc in docs:
        if doc.tags:
            return doc.tags[0]
    for doc in docs:
        parts = [p for p in urlsplit(doc.source).path.split("/") if p]
        if len(parts) >= 3 and "reference" in parts[0]:
            return parts[-2]
    segments = [
        s for s in op.path.split("/") if s and not s.startswith("{") and not re.fullmatch(r"v\d+|api", s)
    ]
    return segments[0] if segments else "default"


def _operation(op: _Operation, used_ids: set[str], names: NameBook | None) -> dict[str, Any]:
    ranked = sorted(op.docs, key=lambda entry: entry[0])
    docs = [doc for _, doc in ranked]
    orders = list(range(len(ranked)))
    name_unnamed(docs, names, operation_key(op.method, op.path))
    title = next((doc.title for doc in docs if doc.title), "")
    operation_id = next((doc.operation_id for doc in docs if doc.operation_id), "") or _camel(title)
    operation_id = operation_id or _camel(f"{op.method} {op.path}")
    base, suffix = operation_id, 2
    while operation_id in used_ids:
        operation_id, suffix = f"{base}{suffix}", suffix + 1
    used_ids.add(operation_id)
    result: dict[str, Any] = {"operationId": operation_id, "tags": [_tag(op, docs)]}
    if title:
        result["summary"] = title
    description = next((doc.summary for doc in docs if doc.summary), "")
    if description:
        result["description"] = description
    sources = list(dict.fromkeys(doc.source for doc in docs))
    result["x-source"] = sources[0] if len(sources) == 1 else sources
    if any(doc.incomplete for doc in docs):
        result["x-docs-incomplete"] = True
    parameters = _parameters(op, docs, orders)
    if parameters:
        result["parameters"] = parameters
    body = _request_body(docs, orders)
    if body:
        result["requestBody"] = body
    result["responses"] = _responses(docs, orders)
    return result


def _parameters(op: _Operation, docs: list[PageDoc], orders: list[int]) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[Statement]] = {}
    for order, doc in zip(orders, docs, strict=True):
        for parameter in doc.parameters:
            grouped.setdefault((parameter.location, parameter.name), []).append(
                Statement(parameter, doc.source, order)
            )
    for name in re.findall(r"\{(\w+)\}", op.path):
        grouped.setdefault(("path", name), [])
    result = []
    for (location, name), statements in grouped.items():
        schema, required = (
            merge_field(statements, annotate=True) if statements else ({"type": "string"}, True)
        )
        entry: dict[str, Any] = {"name": name, "in": location}
        description = schema.pop("description", None)
        if description:
            entry["description"] = description
        entry["required"] = True if location == "path" else bool(required)
        for key in ("x-source", "x-docs-conflict"):
            if key in schema:
                entry[key] = schema.pop(key)
        if location != "path" and statements and all(s.field.level is Level.EXAMPLE for s in statements):
            entry["x-from-example"] = True  # only an example URL sends it
        entry["schema"] = _typed(schema)
        result.append(entry)
    return result


def _typed(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema no page gave a type stays open to any JSON value, and says so."""
    if not {"type", "enum", "const", "properties", "items", "anyOf", "oneOf", "allOf"} & set(schema):
        schema = {"type": list(_ANY_JSON), **schema}
    for key in ("properties",):
        if isinstance(schema.get(key), dict):
            schema[key] = {name: _typed(child) for name, child in schema[key].items()}
    if isinstance(schema.get("items"), dict):
        schema["items"] = _typed(schema["items"])
    return ordered_schema(schema)


def _request_body(docs: list[PageDoc], orders: list[int]) -> dict[str, Any] | None:
    statements = [
        Statement(body, doc.source, order)
        for order, doc in zip(orders, docs, strict=True)
        for body in doc.bodies
    ]
    if not statements:
        return None
    schema, _ = merge_field(statements, annotate=False)
    stated = next((doc.body_required for doc in docs if doc.body_required is not None), None)
    media: dict[str, Any] = {"schema": _typed(schema)}
    example = next((doc.request_example for doc in docs if doc.request_example is not ANY), ANY)
    if example is not ANY:
        media["example"] = example
    drop_contradicted_examples(media)
    return {
        "required": stated if stated is not None else bool(schema.get("required")),
        "content": {"application/json": media},
    }


def _settled_statuses(docs: list[PageDoc]) -> list[dict[str, ResponseDoc]]:
    """Each page's responses by status, an assumed 200 moved to the one success status the pages say.

    A page that lists response fields or shows an example with no status is read as a 200's; when
    the operation's pages state exactly one success status and it is another (an example labeled
    ``201 Created``), and none states a 200, that assumed 200 is the same response: it would
    otherwise be a second success response of its own, holding the fields' descriptions, that the
    spec could only remove whole.
    """
    stated = {
        status
        for doc in docs
        for status, response in doc.responses.items()
        if status.startswith("2") and not response.assumed
    }
    if len(stated) != 1 or "200" in stated:
        return [dict(doc.responses) for doc in docs]
    (success,) = stated
    settled = []
    for doc in docs:
        responses = dict(doc.responses)
        if "200" in responses and responses["200"].assumed:
            assumed = responses.pop("200")
            said = responses.get(success)
            responses[success] = (
                assumed
                if said is None
                else dataclasses.replace(
                    said,
                    bodies=[*assumed.bodies, *said.bodies],
                    example=said.example if said.example is not ANY else assumed.example,
                )
            )
        settled.append(responses)
    return settled


def _responses(docs: list[PageDoc], orders: list[int]) -> dict[str, Any]:
    by_doc = _settled_statuses(docs)
    statuses = sorted({status for responses in by_doc for status in responses})
    responses: dict[str, Any] = {}
    for status in statuses:
        entries = [
            (order, doc, found[status])
            for order, doc, found in zip(orders, docs, by_doc, strict=True)
            if status in found
        ]
        description = next((entry.description for _, _, entry in entries if entry.description), "")
        response: dict[str, Any] = {
            "description": description or (_NO_SUCCESS_TEXT if status.startswith("2") else _NO_ERROR_TEXT)
        }
        statements = [
            Statement(body, doc.source, order) for order, doc, entry in entries for body in entry.bodies
        ]
        example = next((entry.example for _, _, entry in entries if entry.example is not ANY), ANY)
        if statements:
            schema, _ = merge_field(statements, annotate=False)
            media: dict[str, Any] = {"schema": _typed(schema)}
            if example is not ANY:
                media["example"] = example
            drop_contradicted_examples(media)
            media_type = next((entry.media_type for _, _, entry in entries if entry.media_type), "")
            response["content"] = {media_type or "application/json": media}
        responses[status] = response
    if not responses:
        responses["200"] = {"description": _NO_RESPONSE_TEXT}
    return responses


_NO_SUCCESS_TEXT = "Successful response."
_NO_ERROR_TEXT = "Error response."
_NO_RESPONSE_TEXT = "Successful response (the pages document no response)."
FILLER_RESPONSE_DESCRIPTIONS = frozenset({_NO_SUCCESS_TEXT, _NO_ERROR_TEXT, _NO_RESPONSE_TEXT})
"""What the scrape writes as a response's required ``description`` where the pages give none:
the scraper's words, not the pages' (an overlay writing over one hides nothing they say)."""
