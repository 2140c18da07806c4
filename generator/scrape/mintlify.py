"""Mintlify Markdown exports: ``<ParamField>``, ``<ResponseField>``, ``<Expandable>``, notes and code blocks.

Fields are MDX elements whose attributes carry the name (``body="x"``,
``query="x"``, ``name="x"`` for response fields), the ``type``, ``required``,
``default`` and ``placeholder``; their text is the description; nested
``<Expandable>`` blocks hold an object's (or an object array's) children.
Fenced code blocks are read for curl commands, response examples and an
embedded OpenAPI document (``yaml METHOD /path``). Markup that cannot be read
(a closing tag that closes nothing, an attribute that never ends) is an error
naming its line; elements left open at the end of the text mean the capture
was cut there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.scrape.embedded import resolve_refs, salvage_yaml, schema_to_field
from generator.scrape.examples import Curl, find_curls, infer_field, json_value_at, method_of
from generator.scrape.fields import coerce, literal, parse_type, prose_constraints
from generator.scrape.model import (
    ANY,
    DocField,
    Endpoint,
    EndpointOrigin,
    Level,
    PageDoc,
    ResponseDoc,
    ScrapeError,
    object_of,
)
from generator.scrape.pages import Page
from generator.scrape.sections import Section, auth_schemes_from_headers, endpoint_from_note, section_of

__all__ = ["looks_like_mintlify", "parse_mintlify"]

_FIELD_TAGS = {"ParamField", "ResponseField"}
_ATTRS = r"""(?:\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{[^}]*\}))?)*"""
_TAG_RE = re.compile(rf"<(?P<close>/)?(?P<name>[A-Z][A-Za-z]*)(?P<attrs>{_ATTRS})\s*(?P<self>/)?>")
_FIELD_OPEN_RE = re.compile(r"</?(ParamField|ResponseField|Expandable)\b")
_ATTR_RE = re.compile(r"""(?P<key>[\w-]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|\{(?P<br>[^}]*)\}))?""")
_FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LOCATIONS = ("body", "query", "path", "header", "cookie")


_RENDERED_BREADCRUMB_RE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\n(https?://\S+\n)?/\n", re.M)


def looks_like_mintlify(page: Page) -> bool:
    """True for Markdown source (headings, fenced code, MDX elements); rendered text has none of them.

    A rendered page may still hold a line starting ``# `` (a shell comment in a curl snippet), so
    a page that opens with a rendered breadcrumb (``POST`` then ``/`` on lines of their own) needs
    fenced code or an MDX element to count as Markdown.
    """
    if re.search(r"^\s*(`{3,}|~{3,})|<(ParamField|ResponseField|Note|Expandable)\b", page.text, re.M):
        return True
    head = "\n".join(line.strip() for line in page.text.splitlines()[:16]) + "\n"
    return not _RENDERED_BREADCRUMB_RE.search(head) and bool(re.search(r"^\s*#{1,6} ", page.text, re.M))


@dataclass
class _Block:
    info: str
    lines: list[str]
    line: int
    container: str
    heading: str


@dataclass
class _Open:
    tag: str
    line: int
    node: DocField | None = None
    text: list[str] = field(default_factory=list)


def parse_mintlify(page: Page) -> PageDoc:
    """Read one Mintlify Markdown page."""
    doc = PageDoc(file=page.file, source=page.label)
    lines = page.lines
    prose: list[tuple[int, str]] = []
    blocks: list[_Block] = []
    containers: list[str] = []
    heading = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE_RE.match(line)
        if fence:
            closing = re.compile(rf"^\s*{re.escape(fence['fence'][0])}{{{len(fence['fence'])},}}\s*$")
            end = index + 1
            while end < len(lines) and not closing.match(lines[end]):
                end += 1
            body = [_dedent(text, len(fence["indent"])) for text in lines[index + 1 : end]]
            container = containers[-1] if containers else ""
            blocks.append(_Block(fence["info"].strip(), body, page.line_of(index + 1), container, heading))
            if end >= len(lines):
                doc.incomplete = True
            index = end + 1
            continue
        for tag in _TAG_RE.finditer(line):
            if tag["name"] in ("RequestExample", "ResponseExample", "CodeGroup"):
                if tag["close"]:
                    if containers:
                        containers.pop()
                elif not tag["self"]:
                    containers.append(tag["name"])
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        prose.append((index, line))
        index += 1
    _read_title(doc, [text for _, text in prose])
    _read_fields(doc, page, prose)
    _read_notes(doc, page, prose)
    for block in blocks:
        _read_block(doc, page, block)
    return doc


def _dedent(text: str, indent: int) -> str:
    return text[indent:] if text[:indent].strip() == "" else text.lstrip()


def _read_title(doc: PageDoc, lines: list[str]) -> None:
    for position, line in enumerate(lines):
        if line.startswith("# "):
            doc.title = line[2:].strip()
            for following in lines[position + 1 :]:
                if not following.strip():
                    continue
                if following.startswith(">") and not doc.summary:
                    doc.summary = following.lstrip("> ").strip()
                    continue
                break
            return


def _read_notes(doc: PageDoc, page: Page, prose: list[tuple[int, str]]) -> None:
    for index, line in prose:
        endpoint = endpoint_from_note(line, page.line_of(index))
        if endpoint is not None:
            doc.endpoints.append(endpoint)


def _attributes(text: str, page: Page, index: int) -> dict[str, str | bool]:
    attributes: dict[str, str | bool] = {}
    position = 0
    for match in _ATTR_RE.finditer(text):
        if text[position : match.start()].strip():
            raise ScrapeError(page.file, page.line_of(index), f"cannot read the attributes {text.strip()!r}")
        value = (
            match["dq"]
            if match["dq"] is not None
            else match["sq"] if match["sq"] is not None else match["br"]
        )
        attributes[match["key"]] = True if value is None else value
        position = match.end()
    return attributes


def _read_fields(doc: PageDoc, page: Page, prose: list[tuple[int, str]]) -> None:  # noqa: PLR0912
    stack: list[_Open] = []
    section = Section.NONE
    roots: dict[str, list[DocField]] = {}
    last = max((index for index, line in prose if line.strip()), default=0)
    doc_cut = False
    for index, line in prose:
        if line.startswith("#") and not stack:
            section = section_of(line.lstrip("#").strip(), section)
        if _unterminated(line):
            if index < last:
                raise ScrapeError(page.file, page.line_of(index), f"unterminated element in {line.strip()!r}")
            doc_cut = True  # the capture stops inside the element: keep what its tag says so far
            cut = _cut_field(line, section, page.line_of(index))
            if cut is not None:
                stack.append(_Open(cut.name, cut.line, cut))
                _close(stack.pop(), stack, roots, page)
            break
        position = 0
        for tag in _TAG_RE.finditer(line):
            _add_text(stack, line[position : tag.start()])
            position = tag.end()
            name = tag["name"]
            if name not in _FIELD_TAGS and name != "Expandable":
                continue
            if tag["close"]:
                if not stack or stack[-1].tag != name:
                    open_tag = f"<{stack[-1].tag}> opened on line {stack[-1].line}" if stack else "nothing"
                    raise ScrapeError(page.file, page.line_of(index), f"</{name}> closes {open_tag}")
                _close(stack.pop(), stack, roots, page)
                continue
            opened = _Open(name, page.line_of(index))
            if name in _FIELD_TAGS:
                opened.node = _field(
                    name, _attributes(tag["attrs"], page, index), section, page.line_of(index)
                )
                if opened.node is None:
                    raise ScrapeError(
                        page.file,
                        page.line_of(index),
                        f"<{name}> names no field: expected one of {', '.join(_LOCATIONS)} or name=",
                    )
            stack.append(opened)
            if tag["self"]:
                _close(stack.pop(), stack, roots, page)
        _add_text(stack, line[position:] if position else line if not _TAG_RE.search(line) else "")
        if not line.strip():
            _add_text(stack, "\n")
    if stack or doc_cut:
        doc.incomplete = True
        while stack:
            _close(stack.pop(), stack, roots, page)
    _place_fields(doc, roots)


_COMPLETE_ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _cut_field(line: str, section: Section, number: int) -> DocField | None:
    """The field whose tag the capture cut: its name and type when they were captured, marked incomplete."""
    starts = [match for match in _FIELD_OPEN_RE.finditer(line) if not match.group(0).startswith("</")]
    if not starts:
        return None
    partial = line[starts[-1].start() :]
    attributes: dict[str, str | bool] = {
        match[1]: match[2] if match[2] is not None else match[3]
        for match in _COMPLETE_ATTR_RE.finditer(partial)
    }
    try:
        node = _field(starts[-1][1], attributes, section, number)
    except ScrapeError:
        return None
    if node is not None:
        node.schema["x-docs-incomplete"] = True
    return node


def _add_text(stack: list[_Open], text: str) -> None:
    if stack and stack[-1].node is not None:
        stack[-1].text.append(text)


def _field(tag: str, attributes: dict[str, str | bool], section: Section, line: int) -> DocField | None:
    if tag == "ResponseField":
        name, location = attributes.get("name"), "response"
    else:
        found = next((key for key in _LOCATIONS if isinstance(attributes.get(key), str)), None)
        name, location = (attributes[found], found) if found else (None, "")
        if location == "header" and section is Section.AUTH:
            location = "auth"
    if not isinstance(name, str):
        return None
    type_text = attributes.get("type")
    schema = parse_type(type_text) if isinstance(type_text, str) else {}
    if schema is None:
        raise ScrapeError("", line, f"unknown type {type_text!r} of field {name!r}")
    required = attributes.get("required")
    node = DocField(
        name=name,
        location=location,
        schema=dict(schema),
        required=required is True or required == "true" or None if required is not None else None,
        description="",
        line=line,
        level=Level.FIELD_LIST,
    )
    if attributes.get("optional") is True:
        node.required = False
    if "default" in attributes and isinstance(attributes["default"], str):
        node.schema["default"] = coerce(literal(attributes["default"]), node.schema)
    if isinstance(attributes.get("placeholder"), str):
        node.schema["examples"] = [_typed(str(attributes["placeholder"]), node.schema)]
    if attributes.get("deprecated") is True:
        node.schema["deprecated"] = True
    if node.schema.get("type") == "array" and isinstance(node.schema.get("items"), dict):
        node.item = DocField("", location, node.schema.pop("items"), None, "", line, Level.FIELD_LIST)
    return node


def _typed(text: str, schema: dict[str, Any]) -> Any:
    return text if schema.get("type") == "string" else literal(text)


def _close(opened: _Open, stack: list[_Open], roots: dict[str, list[DocField]], page: Page) -> None:
    node = opened.node
    if node is None:  # an <Expandable>: its fields were already attached to the enclosing field
        return
    node.description = _paragraphs("".join(opened.text) if opened.text else "")
    node.schema.update(prose_constraints(node.description, node.schema))
    parent = next((entry.node for entry in reversed(stack) if entry.node is not None), None)
    if parent is None:
        roots.setdefault(node.location, []).append(node)
    elif parent.item is not None:
        parent.item.schema.setdefault("type", "object")
        parent.item.children.append(node)
    else:
        parent.children.append(node)


def _paragraphs(text: str) -> str:
    parts = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(part for part in parts if part)


def _place_fields(doc: PageDoc, roots: dict[str, list[DocField]]) -> None:
    for location in ("path", "query", "header", "cookie"):
        doc.parameters.extend(roots.get(location, []))
    for auth in roots.get("auth", []):
        doc.security_schemes.update(
            auth_schemes_from_headers({auth.name: auth.description}, auth.description)
        )
    if roots.get("body"):
        doc.bodies.append(object_of("body", roots["body"]))
    fields = []
    for root in roots.get("response", []):
        if status := _STATUS_NAME_RE.match(root.name):  # <ResponseField name="403 Forbidden">
            response = doc.responses.setdefault(status["code"], ResponseDoc(line=root.line))
            response.description = response.description or (status["reason"] or "").strip()
            if root.children:
                response.bodies.append(object_of("response", root.children))
        else:
            fields.append(root)
    if fields:
        body = object_of("response", fields)
        doc.responses.setdefault("200", ResponseDoc(line=body.line, assumed=True)).bodies.append(body)


_STATUS_NAME_RE = re.compile(r"^(?P<code>[1-5]\d\d)(?:\s+(?P<reason>.*))?$")
"""A response field named by a status code: the body of that response, not a field of the 200's."""


def _read_block(doc: PageDoc, page: Page, block: _Block) -> None:
    words = block.info.split()
    language = words[0].lower() if words else ""
    if language in ("yaml", "yml") and (
        (len(words) >= 3 and method_of(words[1])) or "openapi" in block.heading.lower()
    ):
        _read_embedded(doc, page, block, words)
        return
    if language in ("bash", "sh", "shell", "curl", "") and any(
        text.lstrip().startswith("curl") for text in block.lines
    ):
        for curl, _ in find_curls(block.lines, block.line):
            _read_curl(doc, curl, request_example=block.container != "ResponseExample")
        return
    if language == "json" and block.container == "ResponseExample":
        value, _, complete = json_value_at(block.lines, 0)
        if not complete:
            doc.incomplete = True
            return
        status = next((word for word in words[1:] if re.fullmatch(r"[1-5]\d\d", word)), None)
        if status is None and re.search(r"error", block.info, re.I):
            return  # an error example without a status code says nothing placeable
        response = doc.responses.setdefault(status or "200", ResponseDoc(line=block.line, assumed=True))
        response.assumed &= status is None
        if response.example is ANY:
            response.example = value
            response.bodies.append(infer_field("", "response", value, block.line))


def _read_curl(doc: PageDoc, curl: Curl, *, request_example: bool) -> None:
    if not curl.complete:
        doc.incomplete = True
    if curl.method and curl.url:
        doc.endpoints.append(Endpoint(curl.method, curl.url, EndpointOrigin.CURL, curl.line))
        doc.parameters.extend(curl.query_parameters())
    doc.security_schemes.update(auth_schemes_from_headers(curl.headers, ""))
    if request_example and curl.data is not ANY and doc.request_example is ANY:
        doc.request_example = curl.data
        doc.bodies.append(infer_field("", "body", curl.data, curl.line))


def _read_embedded(doc: PageDoc, page: Page, block: _Block, words: list[str]) -> None:
    salvaged = salvage_yaml("\n".join(block.lines), page.file, block.line)
    document = salvaged.value
    if not salvaged.complete:
        doc.incomplete = True
    paths = document.get("paths") if isinstance(document.get("paths"), dict) else {}
    method = method_of(words[1]) if len(words) >= 3 else None
    path = words[2] if len(words) >= 3 else None
    if (method is None or path is None) and len(paths) == 1:
        path = next(iter(paths))
        operations = paths[path] if isinstance(paths[path], dict) else {}
        method = next((m.upper() for m in operations if method_of(m)), None)
    if method is None or path is None:
        raise ScrapeError(
            page.file,
            block.line,
            "the embedded OpenAPI block names no operation (expected `yaml METHOD /path`)",
        )
    doc.endpoints.append(Endpoint(method, path, EndpointOrigin.EMBEDDED, block.line))
    servers = document.get("servers")
    if isinstance(servers, list):
        doc.servers.extend(str(s["url"]) for s in servers if isinstance(s, dict) and "url" in s)
    components = document.get("components") if isinstance(document.get("components"), dict) else {}
    schemes = components.get("securitySchemes")
    if isinstance(schemes, dict):
        doc.security_schemes.update(
            {_scheme_name(str(k)): v for k, v in schemes.items() if isinstance(v, dict)}
        )
    path_item = paths.get(path)
    operation = path_item.get(method.lower()) if isinstance(path_item, dict) else None
    if not isinstance(operation, dict):
        doc.incomplete = True
        return
    operation, complete = resolve_refs(operation, document)
    doc.incomplete |= not complete
    _embedded_operation(doc, operation, block.line)


def _embedded_operation(doc: PageDoc, operation: dict[str, Any], line: int) -> None:
    doc.operation_id = str(operation.get("operationId", "")) or doc.operation_id
    doc.tags = [str(tag) for tag in operation.get("tags", []) if isinstance(tag, str)] or doc.tags
    if not doc.summary and isinstance(operation.get("description"), str):
        doc.summary = operation["description"].strip()
    if not doc.title and isinstance(operation.get("summary"), str):
        doc.title = operation["summary"].strip()
    for parameter in operation.get("parameters", []) or []:
        if isinstance(parameter, dict) and "name" in parameter and "in" in parameter:
            node = schema_to_field(
                str(parameter["name"]),
                str(parameter["in"]),
                parameter.get("schema", {}),
                line,
                Level.EMBEDDED,
                bool(parameter.get("required", False)),
            )
            node.description = str(parameter.get("description", "")).strip() or node.description
            doc.parameters.append(node)
    body = operation.get("requestBody")
    if isinstance(body, dict):
        doc.body_required = bool(body.get("required", False))
        media = _json_media(body.get("content"))
        if media is not None:
            doc.bodies.append(
                schema_to_field("", "body", media.get("schema", {}), line, Level.EMBEDDED, None)
            )
    for status, response in (operation.get("responses") or {}).items():
        if not isinstance(response, dict):
            continue
        entry = doc.responses.setdefault(str(status), ResponseDoc(line=line))
        entry.description = str(response.get("description", "")).strip() or entry.description
        media_type = _json_media_type(response.get("content"))
        if media_type is None:
            continue
        media = response["content"][media_type]
        if media.get("schema"):  # an empty schema was a reference to a cut part
            entry.bodies.append(schema_to_field("", "response", media["schema"], line, Level.EMBEDDED, None))
            if media_type != "application/json" and not entry.media_type:
                entry.media_type = media_type


def _json_media(content: Any) -> dict[str, Any] | None:
    media_type = _json_media_type(content)
    return dict(content[media_type]) if media_type is not None else None


def _json_media_type(content: Any) -> str | None:
    """The media type of a content map whose body is read: JSON, else ``*/*``, else the first."""
    if not isinstance(content, dict) or not content:
        return None
    for media_type in ("application/json", "*/*"):
        if isinstance(content.get(media_type), dict):
            return media_type
    first = next(iter(content))
    return str(first) if isinstance(content[first], dict) else None


def _scheme_name(name: str) -> str:
    """A component name OpenAPI accepts: "Api key" becomes ``ApiKey``."""
    if re.fullmatch(r"[A-Za-z0-9._-]+", name):
        return name
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", name)) or "Auth"


def _unterminated(line: str) -> bool:
    """True when a field element starts on the line but its tag does not end there."""
    complete = {match.start() for match in _TAG_RE.finditer(line)}
    return any(match.start() not in complete for match in _FIELD_OPEN_RE.finditer(line))
