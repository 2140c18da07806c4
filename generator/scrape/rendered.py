"""Rendered page text: the breadcrumb, curl examples and field blocks of an API-reference page.

The breadcrumb gives the method and path (``POST``, an optional server URL,
then ``/`` and one path segment per line); a curl command gives the method,
URL, auth headers and a request example, and the JSON right after it is the
response example. Under section headings (``Authorizations``, ``Path
Parameters``, ``Body``, ``Response``...) a field block is a name line, a type
line (``string``, ``integer[]``, ``enum<string>``), then optional lines
``required``, ``default: ...``, ranges, patterns, ``Available options: ...``
and example values, then the description. Nesting is not visible in rendered
text, so a field is placed under an earlier object field when the page's
example body has it there and not at the top level.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.scrape.examples import find_curls, infer_field, json_value_at, method_of
from generator.scrape.fields import (
    attribute_line,
    coerce,
    literal,
    parse_type,
    prose_constraints,
    prose_required,
)
from generator.scrape.model import (
    ANY,
    PROSE_ENUM,
    DocField,
    Endpoint,
    EndpointOrigin,
    Level,
    PageDoc,
    ResponseDoc,
    names_webhook,
    object_of,
)
from generator.scrape.nameless import loose_lines, without_show_marker
from generator.scrape.pages import Page
from generator.scrape.sections import (
    Section,
    auth_schemes_from_headers,
    endpoint_from_note,
    field_location,
    section_of,
)

__all__ = ["parse_rendered"]

_NAME_RE = re.compile(r"^[A-Za-z_$@][\w.\-$@\[\]]*$")
_FLAGS_RE = re.compile(
    r"^(?P<where>header|query|path|body|cookie)?\s*(?P<flag>required|optional)?\s*(?P<dep>deprecated)?$"
)
_STATUS_RE = re.compile(r"^(?P<status>[1-5]\d\d)(?:\s*-\s*\S+)?$")
_MEDIA_RE = re.compile(r"^[\w.+-]+/[\w.+*-]+$")
_SKIP_RE = re.compile(
    r"^(skip to main content|show child attributes|hide child attributes|copy|ask ai)$", re.I
)
_GLUED_FLAG_RE = re.compile(r"^(?P<flag>required|optional)(?=[A-Z])")  # "requiredStart date of ..."
_LISTED_RE = re.compile(r"\b(?:allowed|possible|available) (?:values|options):$", re.I)
_BULLET_VALUE_RE = re.compile(r"^[•*-]\s*`?(?P<value>[A-Za-z0-9_.:-]+)`?\s*(?:—|–|-|:)\s+\S")
_JSON_START_RE = re.compile(r'^(?:[{\[]$|\{\s*"|\[\s*[{\["\d-])')  # an example's first line, not "[optional]"
_DESCRIPTION_LINE_RE = re.compile(r"^[A-Z][\w'’]*(?:[ ,][^\s]+){2,}")  # three words or more, capitalised
_HEADING_RE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}$")  # "Error Responses", "Notes"


def parse_rendered(page: Page) -> PageDoc:
    """Read one page of rendered text."""
    doc = PageDoc(file=page.file, source=page.label)
    lines = [line.rstrip() for line in page.lines]
    consumed = _read_breadcrumb(doc, page, lines)
    consumed |= _read_curls(doc, page, lines)
    for index, line in enumerate(lines):
        endpoint = endpoint_from_note(line, page.line_of(index))
        if endpoint is not None:
            doc.endpoints.append(endpoint)
    _read_sections(doc, page, lines, consumed)
    _read_run_together_tables(doc, page, lines)
    return doc


_RUN_TOGETHER_HEADER = "FieldTypeDescription"
_RUN_TOGETHER_ROW_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*?)(?P<type>String|Number|Integer|Boolean|Object|Array)(?P<text>[A-Z(\"].*)$"
)


def _read_run_together_tables(doc: PageDoc, page: Page, lines: list[str]) -> None:
    """A webhook page's field tables whose cells the capture ran together (``callSidStringUnique id…``).

    CallKaro's call-ended page: a header line ``FieldTypeDescription``, then one line per field with
    name, type word and description joined. Read only under that header and on a webhook page, where
    the fields are the payload's. Each table is one object's fields: the payload's own, or those of
    the object field whose example value holds most of them ("Data Object Fields"); a field the
    example lacks (renamed on the page, say) stays in its table's object.
    """
    if not names_webhook(page.label) or doc.endpoints:
        return
    tables: list[list[DocField]] = []
    for index, line in enumerate(lines):
        if line.strip() != _RUN_TOGETHER_HEADER:
            continue
        rows: list[DocField] = []
        for cursor in range(index + 1, len(lines)):
            row = _RUN_TOGETHER_ROW_RE.match(lines[cursor].strip())
            if row is None:
                break
            schema = dict(parse_type(row["type"].lower()) or {})
            rows.append(DocField(row["name"], "body", schema, None, row["text"], page.line_of(cursor)))
        if rows:
            tables.append(rows)
    top: list[DocField] = []
    for rows in tables:
        holder = _table_holder(rows, doc.request_example, top)
        if holder is None:
            top.extend(rows)
        else:
            for node in rows:
                _adopt(holder, node)
    if top:
        doc.bodies.append(object_of("body", top))


def _table_holder(rows: list[DocField], example: Any, top: list[DocField]) -> DocField | None:
    """The already-read object field a table's rows belong to, or None for the payload's own fields."""
    if not isinstance(example, dict):
        return None
    names = [node.name for node in rows]
    at_root = sum(name in example for name in names)
    inside = {
        key: sum(name in value for name in names) for key, value in example.items() if isinstance(value, dict)
    }
    key = max(inside, key=lambda k: inside[k], default=None)
    if key is None or inside[key] <= at_root:
        return None
    return next((node for node in top if node.name == key), None)


def _read_breadcrumb(doc: PageDoc, page: Page, lines: list[str]) -> set[int]:
    for index, line in enumerate(lines[:12]):
        method = method_of(line) if line.strip() == line.strip().upper() else None
        if method is None:
            continue
        cursor, server = index + 1, None
        if cursor < len(lines) and lines[cursor].strip().startswith(("http://", "https://")):
            server = lines[cursor].strip().rstrip("/")
            cursor += 1
        segments: list[str] = []
        while cursor + 1 < len(lines) and lines[cursor].strip() == "/" and _segment(lines[cursor + 1]):
            segments.append(lines[cursor + 1].strip())
            cursor += 2
        if not segments:
            continue
        trailing = cursor < len(lines) and lines[cursor].strip() == "/"
        cursor += trailing
        doc.endpoints.append(
            Endpoint(
                method,
                "/" + "/".join(segments) + ("/" if trailing else ""),
                EndpointOrigin.BREADCRUMB,
                page.line_of(index),
                server,
            )
        )
        title = lines[cursor].strip() if cursor < len(lines) else ""
        if title and not title.startswith("curl") and len(title) <= 80:
            doc.title = title
            cursor += 1
        return set(range(index, cursor))
    return set()


def _segment(line: str) -> bool:
    text = line.strip()
    return bool(text) and " " not in text and text != "/"


def _read_curls(doc: PageDoc, page: Page, lines: list[str]) -> set[int]:
    consumed: set[int] = set()
    for curl, end in find_curls(lines, page.first_line):
        start = curl.line - page.first_line
        consumed.update(range(start, end))
        doc.incomplete |= not curl.complete
        if curl.method and curl.url:
            doc.endpoints.append(Endpoint(curl.method, curl.url, EndpointOrigin.CURL, curl.line))
            doc.parameters.extend(curl.query_parameters())
        doc.security_schemes.update(auth_schemes_from_headers(curl.headers, ""))
        if curl.data is not ANY and doc.request_example is ANY:
            doc.request_example = curl.data
            doc.bodies.append(infer_field("", "body", curl.data, curl.line))
        following = next((i for i in range(end, len(lines)) if lines[i].strip()), None)
        if following is not None and lines[following].lstrip().startswith(("{", "[")):
            value, after, complete = json_value_at(lines, following)
            consumed.update(range(following, after))
            if not complete:
                doc.incomplete = True
            elif "200" not in doc.responses or doc.responses["200"].example is ANY:
                response = doc.responses.setdefault(
                    "200", ResponseDoc(line=page.line_of(following), assumed=True)
                )
                response.example = value
                response.bodies.append(infer_field("", "response", value, page.line_of(following)))
    return consumed


def _read_sections(doc: PageDoc, page: Page, lines: list[str], consumed: set[int]) -> None:
    section = Section.NONE
    status = "200"
    found: dict[tuple[Section, str], list[DocField]] = {}
    stray: dict[tuple[Section, str], list[str]] = {}  # description-like lines outside any field block
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if index in consumed or not line or _SKIP_RE.match(line):
            index += 1
            continue
        new_section = section_of(line, Section.NONE) if len(line) < 40 else Section.NONE
        if new_section is not Section.NONE:
            section, status = new_section, "200" if new_section is Section.RESPONSE else status
            index += 1
            continue
        if section is Section.RESPONSE and (match := _STATUS_RE.match(line)):
            status = match["status"]
            index += 1
            continue
        if _JSON_START_RE.match(line):
            index = _read_json_block(doc, page, lines, index, status if section is Section.RESPONSE else None)
            continue
        if section is not Section.NONE and _is_field_start(lines, index):
            node, index, loose = _field_block(lines, index, section, page, consumed)
            found.setdefault((section, status), []).append(node)
            if loose:
                _record_unnamed(doc, section, status, node.name, loose)
            continue
        if section is not Section.NONE and _DESCRIPTION_LINE_RE.match(line) and line[-1] != ":":
            stray.setdefault((section, status), []).append(line)
        index += 1
    for (section, status), lines_found in stray.items():
        # A section whose field list kept only its descriptions: no field block, several lines.
        if (section, status) not in found and len(lines_found) >= 2:
            _record_unnamed(doc, section, status, "", lines_found)
    _place(doc, found)


def _is_field_start(lines: list[str], index: int) -> bool:
    if index + 1 >= len(lines):
        return False
    name, type_line = lines[index].strip(), lines[index + 1].strip()
    return bool(_NAME_RE.match(name)) and parse_type(type_line) is not None and method_of(name) is None


def _ends_block(lines: list[str], cursor: int, section: Section, consumed: set[int]) -> bool:
    """Whether a field block stops before ``lines[cursor]``.

    It stops at the next field, a section heading, a response status, a curl command or
    example already read, a JSON value (an example printed after the last field), or a short
    Title Case line standing alone between blank lines ("Error Responses", "Notes").
    """
    text = lines[cursor].strip()
    if cursor in consumed or _is_field_start(lines, cursor):
        return True
    if len(text) < 40 and section_of(text, Section.NONE) is not Section.NONE:
        return True
    if section is Section.RESPONSE and _STATUS_RE.match(text):
        return True
    if _JSON_START_RE.match(text) or text.startswith("curl "):
        return True
    alone = (cursor == 0 or not lines[cursor - 1].strip()) and (
        cursor + 1 >= len(lines) or not lines[cursor + 1].strip()
    )
    return alone and _HEADING_RE.match(text) is not None and section_of(text, section) is section


def _field_block(  # noqa: PLR0912 - one branch per kind of attribute line
    lines: list[str], index: int, section: Section, page: Page, consumed: set[int]
) -> tuple[DocField, int, list[str]]:
    """One field block: the field, the index after it, and its description lines that are not its own.

    Those are other fields' descriptions, whose names the capture lost (see
    :func:`.nameless.loose_lines`); nothing of them reaches this field.
    """
    name = lines[index].strip()
    schema = dict(parse_type(lines[index + 1].strip()) or {})
    node = DocField(name, field_location(section), schema, None, "", page.line_of(index), Level.FIELD_LIST)
    description: list[str] = []
    cursor = index + 2
    while cursor < len(lines):
        if _ends_block(lines, cursor, section, consumed):
            break
        text = lines[cursor].strip()
        cursor += 1
        if glued := _GLUED_FLAG_RE.match(text):
            node.required = glued["flag"] == "required"
            text = text[glued.end() :]
        if text.lower() == "required range:" and cursor < len(lines):
            text = f"{text} {lines[cursor].strip()}"
            cursor += 1
        if not text or _SKIP_RE.match(text):
            if description and description[-1]:
                description.append("")
            continue
        if flags := _FLAGS_RE.match(text):
            if flags["flag"]:
                node.required = flags["flag"] == "required"
            if flags["dep"]:
                node.schema["deprecated"] = True
            continue
        if re.fullmatch(r"(Available options|Allowed values|Possible values):", text, re.I):
            values, cursor = _listed_values(lines, cursor)
            node.schema["enum"] = values
            continue
        if _LISTED_RE.search(text) and (bullets := _bullet_values(lines, cursor)):
            node.schema.setdefault(PROSE_ENUM, bullets)
        if (keywords := attribute_line(text)) is not None:
            example = keywords.pop("example", ANY)
            if "default" in keywords:
                keywords["default"] = coerce(keywords["default"], node.schema)
            node.schema.update(keywords)
            if example is not ANY:
                node.schema.setdefault("examples", [example])
            continue
        if not description and (example := _example_literal(text)) is not ANY:
            node.schema.setdefault("examples", [example])
            continue
        description.append(text)
    return node, cursor, _describe(node, description)


def _describe(node: DocField, description: list[str]) -> list[str]:
    """Give a field its description (and what its prose says); the lines that are not its own."""
    loose = loose_lines(description)
    node.description = _join([without_show_marker(line) for line in description if line not in loose])
    node.schema.update(prose_constraints(node.description, node.schema))
    if node.required is None:
        node.required = prose_required(node.description)
    _move_array_keywords(node)
    return loose


def _read_json_block(doc: PageDoc, page: Page, lines: list[str], index: int, status: str | None) -> int:
    """A JSON value outside any curl command and field block; the index after it.

    In a response section (``status``) it is that response's example when it has none; elsewhere
    it may be another example of the request body. One cut by the end of the capture marks the
    page incomplete.
    """
    value, after, complete = json_value_at(lines, index)
    doc.incomplete |= not complete
    if complete and status is not None:
        response = doc.responses.setdefault(status, ResponseDoc(line=page.line_of(index)))
        if response.example is ANY:
            response.example = value
            response.bodies.append(infer_field("", "response", value, page.line_of(index)))
    elif complete and (_more_of_the_body(doc.request_example, value) or _webhook_payload(doc, page, value)):
        if doc.request_example is ANY:
            doc.request_example = value
        doc.bodies.append(infer_field("", "body", value, page.line_of(index)))
    return after


def _webhook_payload(doc: PageDoc, page: Page, value: Any) -> bool:
    """Whether a JSON object is the payload a webhook page shows: the body of the request sent.

    On a page whose address says it is a webhook (``/webhook/call-ended``), with no endpoint of
    its own, the first object shown is what the vendor posts (CallKaro's "Payload Structure").
    """
    return (
        not doc.endpoints
        and doc.request_example is ANY
        and isinstance(value, dict)
        and bool(value)
        and names_webhook(page.label)
    )


def _more_of_the_body(request_example: Any, value: Any) -> bool:
    """Whether a JSON object on the page is another example of the request body.

    It is when it holds every field of the curl command's body and more ("Common scenarios":
    the same call with retries, with a schedule): its fields are the body's, known from an example.
    """
    return (
        isinstance(request_example, dict)
        and bool(request_example)
        and isinstance(value, dict)
        and set(request_example) < set(value)
    )


def _record_unnamed(doc: PageDoc, section: Section, status: str, anchor: str, lines: list[str]) -> None:
    """Keep descriptions whose field names the capture lost, for :mod:`.nameless` to name.

    They are named from the examples of every capture of the operation (after ``anchor``, a
    named field, when they were in its block). Parameters have no example to be named from:
    only a name book can name them (see :mod:`.name_book`); otherwise the page is incomplete.
    """
    if section in (Section.BODY, Section.RESPONSE):
        doc.unnamed.append(("body" if section is Section.BODY else status, anchor, lines))
    elif section in (Section.PATH, Section.QUERY, Section.HEADER):
        doc.unnamed.append((section.value, anchor, lines))
    elif anchor or section is not Section.AUTH:
        doc.incomplete = True


def _listed_values(lines: list[str], cursor: int) -> tuple[list[Any], int]:
    """The values of an options list, over as many lines as its commas say (``A,`` or ``, B``)."""
    values: list[Any] = []
    while cursor < len(lines):
        text = lines[cursor].strip()
        if not text:
            break
        values.extend(literal(part) for part in text.split(",") if part.strip())
        cursor += 1
        following = lines[cursor].strip() if cursor < len(lines) else ""
        if not text.endswith(",") and not following.startswith(","):
            break
    return values, cursor


def _bullet_values(lines: list[str], cursor: int) -> list[Any]:
    """The values a bullet list names after "Allowed values:" (``• ACTIVE — can make calls``)."""
    values: list[Any] = []
    while cursor < len(lines) and (match := _BULLET_VALUE_RE.match(lines[cursor].strip())):
        values.append(literal(match["value"]))
        cursor += 1
    return values


def _example_literal(text: str) -> Any:
    if text.startswith(('"', "[", "{")) or re.fullmatch(r"-?\d+(\.\d+)?|true|false", text):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return ANY
    return ANY


def _join(lines: list[str]) -> str:
    """A description's lines as paragraphs; a paragraph of punctuation alone is dropped.

    A capture can leave the closing brace of an example it cut (``}``) below the last field's
    text: it says nothing, and written into the description it is what a reviewer edits away.
    """
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    said = [part for part in paragraphs if any(char.isalnum() for line in part for char in line)]
    return "\n\n".join(" ".join(part) for part in said)


def _move_array_keywords(node: DocField) -> None:
    """An array's item keywords (``enum``, item type) belong on its item."""
    if node.schema.get("type") != "array":
        return
    item_schema = node.schema.pop("items", {})
    if "enum" in node.schema:
        item_schema = {**item_schema, "enum": node.schema.pop("enum")}
    node.item = DocField("", node.location, item_schema, None, "", node.line, node.level)


def _place(doc: PageDoc, found: dict[tuple[Section, str], list[DocField]]) -> None:
    for (section, status), nodes in found.items():
        if section is Section.AUTH:
            for node in nodes:
                doc.security_schemes.update(
                    auth_schemes_from_headers({node.name: node.description}, node.description or node.name)
                )
        elif section in (Section.PATH, Section.QUERY, Section.HEADER):
            doc.parameters.extend(nodes)
        elif section is Section.BODY:
            doc.bodies.append(object_of("body", _nest(nodes, doc.request_example)))
        elif section is Section.RESPONSE:
            response = doc.responses.setdefault(status, ResponseDoc(line=nodes[0].line))
            response.bodies.append(object_of("response", _nest(nodes, response.example)))


def _nest(nodes: list[DocField], example: Any) -> list[DocField]:
    """Put fields under the object field whose example value holds them (rendered text loses nesting)."""
    if not isinstance(example, dict):
        return nodes
    top: list[DocField] = []
    for node in nodes:
        if node.name in example or not top:
            top.append(node)
            continue
        parent = _holder(top[-1], example.get(top[-1].name), node.name)
        if parent is None:
            top.append(node)
        else:
            _adopt(parent, node)
    return top


def _holder(candidate: DocField, value: Any, name: str) -> DocField | None:
    """The field (``candidate`` or one of its last descendants) whose example object has key ``name``."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), None)
    if not isinstance(value, dict):
        return None
    children = candidate.item.children if candidate.item is not None else candidate.children
    if children:
        deeper = _holder(children[-1], value.get(children[-1].name), name)
        if deeper is not None:
            return deeper
    return candidate if name in value else None


def _adopt(parent: DocField, node: DocField) -> None:
    if parent.item is not None:
        parent.item.schema.setdefault("type", "object")
        parent.item.children.append(node)
    else:
        parent.children.append(node)
