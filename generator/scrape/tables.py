"""Plain Markdown field lists: tables of parameters, and bullet lists of fields.

A parameter table has a name column, a type column and optional required,
default and description columns, and sits under a section heading. A bullet
field list has one field per bullet, its name in code or bold, then its type
and flags in parentheses: ``- `phone` (string, required) — Number to call.``;
a bullet whose parentheses hold no type and no flag is prose, not a field. A sentence
naming a parameter the same way (``Query parameter `verbose` (boolean): ...``) is one too.

Dotted names (``data.id``) and ``[]`` suffixes (``items[].id``) nest fields.
Tables without a name and a type column (key-value tables, event summaries)
say nothing about fields and are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from generator.scrape.examples import method_of
from generator.scrape.fields import KNOWN_FORMATS, literal, parse_type, prose_constraints, prose_required
from generator.scrape.model import (
    DocField,
    Endpoint,
    EndpointOrigin,
    Level,
    PageDoc,
    ResponseDoc,
    ScrapeError,
    object_of,
)
from generator.scrape.pages import FENCE_RE, Page
from generator.scrape.sections import Section, auth_schemes_from_headers, field_location, section_of

__all__ = ["parse_bullet_fields", "parse_tables", "read_listed_lines"]

_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_COLUMNS = {
    "name": re.compile(r"^(field|name|parameter|param|property|key|attribute)( name)?$", re.I),
    "type": re.compile(r"^(type|data type)$", re.I),
    "required": re.compile(r"^(required|req\.?|optional|mandatory)$", re.I),
    "default": re.compile(r"^default( value)?$", re.I),
    "description": re.compile(r"^(description|desc|details|notes|meaning)$", re.I),
    "location": re.compile(r"^(in|location)$", re.I),
}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_tables(page: Page, doc: PageDoc) -> None:
    """Add the fields of every parameter table of ``page`` to ``doc``."""
    section = Section.NONE
    in_fence = False
    lines = page.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence:
            index += 1
            continue
        heading = line.lstrip("#").strip() if line.startswith("#") or len(line.strip()) < 40 else ""
        if heading and not _ROW_RE.match(line):
            section = section_of(heading, section)
        if _ROW_RE.match(line) and index + 1 < len(lines) and _SEPARATOR_RE.match(lines[index + 1]):
            end = index + 2
            while end < len(lines) and _ROW_RE.match(lines[end]):
                end += 1
            _read_table(doc, page, index, lines[index:end], section)
            index = end
            continue
        index += 1


_METHOD_COLUMN = re.compile(r"^(method|verb|http method)$", re.I)
_ROUTE_COLUMN = re.compile(r"^(route|path|endpoint|url|uri)$", re.I)
_ROUTE_RE = re.compile(r"^/[\w{}:./-]*$")


def _read_endpoint_table(doc: PageDoc, page: Page, start: int, rows: list[str], header: list[str]) -> None:
    """An overview table of endpoints (a method column and a route column): listed, not documented."""
    titles = [title.strip("*` ") for title in header]
    method_at = next((i for i, title in enumerate(titles) if _METHOD_COLUMN.match(title)), None)
    route_at = next((i for i, title in enumerate(titles) if _ROUTE_COLUMN.match(title)), None)
    if method_at is None or route_at is None:
        return
    for offset, row in enumerate(rows[2:], start=2):
        cells = _cells(row)
        if len(cells) != len(header):
            continue  # an overview table says nothing about fields: a short row is not an error here
        method = method_of(cells[method_at].strip("`* "))
        route = cells[route_at].strip("`* ")
        if method is not None and _ROUTE_RE.match(route):
            doc.listed_endpoints.append(
                Endpoint(method, route, EndpointOrigin.CURL, page.line_of(start + offset))
            )


_LISTED_LINE_RE = re.compile(
    r"^\s*(?:[•*-]\s+)?(?P<method>GET|POST|PUT|PATCH|DELETE)\s+(?P<route>/[\w{}:./-]*)\s*"
    r"(?:[-–—:]\s+(?P<summary>\S.*))?$"
)


def read_listed_lines(page: Page, doc: PageDoc) -> None:
    """Endpoints named on lines of their own (``• GET /user/api-keys - List all API keys``)."""
    for index, line in page.unfenced():
        match = _LISTED_LINE_RE.match(line)
        if match is not None:
            doc.listed_endpoints.append(
                Endpoint(match["method"], match["route"], EndpointOrigin.CURL, page.line_of(index))
            )
            doc.listed_summaries[(match["method"], match["route"])] = (match["summary"] or "").strip()


def _read_table(doc: PageDoc, page: Page, start: int, rows: list[str], section: Section) -> None:
    header = _cells(rows[0])
    columns: dict[str, int] = {}
    for position, title in enumerate(header):
        for role, pattern in _COLUMNS.items():
            if pattern.match(title.strip("*` ")) and role not in columns:
                columns[role] = position
    if "name" not in columns or "type" not in columns:
        _read_endpoint_table(doc, page, start, rows, header)
        return
    roots: dict[str, list[DocField]] = {}
    for offset, row in enumerate(rows[2:], start=2):
        cells = _cells(row)
        line = page.line_of(start + offset)
        if len(cells) != len(header):
            raise ScrapeError(
                page.file, line, f"table row has {len(cells)} cells where the header has {len(header)}"
            )
        name = cells[columns["name"]].strip("`* ")
        type_text = cells[columns["type"]].strip("`* ")
        schema = parse_type(type_text) if type_text else {}
        if schema is None:
            raise ScrapeError(page.file, line, f"unknown type {type_text!r} of field {name!r}")
        node = DocField(name, "", dict(schema), None, "", line, Level.FIELD_LIST)
        if "required" in columns:
            node.required = _flag(cells[columns["required"]], header[columns["required"]])
        if "default" in columns and cells[columns["default"]].strip("`- "):
            node.schema["default"] = literal(cells[columns["default"]])
        if "description" in columns:
            _describe(node, cells[columns["description"]])
        if node.schema.get("type") == "array":
            node.item = DocField("", "", node.schema.pop("items", {}), None, "", line, Level.FIELD_LIST)
        location = cells[columns["location"]].lower() if "location" in columns else field_location(section)
        _insert(roots.setdefault(location, []), name, node, page, line)
    for location, nodes in roots.items():
        _place(doc, location, nodes)


def _describe(node: DocField, text: str) -> None:
    """A field's description, with the constraints and the required flag its prose states."""
    node.description = text
    node.schema.update(prose_constraints(text, node.schema))
    if node.required is None:
        node.required = prose_required(text)


def _flag(cell: str, title: str) -> bool | None:
    text = cell.strip("`* ").lower()
    yes = text in ("yes", "true", "required", "✓", "✔", "x", "y")
    no = text in ("no", "false", "optional", "", "-", "n")
    if not (yes or no):
        return None
    return (not yes) if title.strip("*` ").lower() == "optional" else yes


def _insert(
    roots: list[DocField], name: str, node: DocField, page: Page, line: int, *, make_parents: bool = False
) -> None:
    """Place ``node`` by its dotted name: ``a.b`` under ``a``, ``a[].b`` under the item of ``a``.

    A parent the list never names is an error, unless ``make_parents`` (bullet lists often name
    only leaves, ``retry.count``): then it is an object (an array of objects for ``a[]``).
    """
    parts = [part for part in re.split(r"\.", name) if part]
    siblings = roots
    for part in parts[:-1]:
        parent_name = part.removesuffix("[]")
        parent = next((n for n in siblings if n.name == parent_name), None)
        if parent is None and make_parents:
            kind = "array" if part.endswith("[]") else "object"
            parent = DocField(parent_name, node.location, {"type": kind}, None, "", line, Level.FIELD_LIST)
            if kind == "array":
                parent.item = DocField(
                    "", node.location, {"type": "object"}, None, "", line, Level.FIELD_LIST
                )
            siblings.append(parent)
        if parent is None:
            raise ScrapeError(page.file, line, f"field {name!r} is listed before its parent {parent_name!r}")
        if parent.item is not None:
            parent.item.schema.setdefault("type", "object")
            siblings = parent.item.children
        else:
            siblings = parent.children
    node.name = parts[-1].removesuffix("[]") if parts else name
    siblings.append(node)


def _place(doc: PageDoc, location: str, nodes: list[DocField]) -> None:
    _relocate(nodes, location)
    if location == "auth":
        for node in nodes:
            doc.security_schemes.update(
                auth_schemes_from_headers({node.name: node.description}, node.description or node.name)
            )
    elif location in ("path", "query", "header", "cookie"):
        doc.parameters.extend(nodes)
    elif location == "response":
        response = doc.responses.setdefault("200", ResponseDoc(line=nodes[0].line, assumed=True))
        response.bodies.append(object_of("response", nodes))
    else:
        doc.bodies.append(object_of("body", nodes))


def _relocate(nodes: list[DocField], location: str) -> None:
    for node in nodes:
        node.location = location
        _relocate(node.children, location)
        if node.item is not None:
            _relocate([node.item], location)


_NAME = r"(?:`(?P<code>[^`\s]+)`|\*\*(?P<bold>[^*\s]+)\*\*|(?P<plain>[A-Za-z_][\w.\[\]-]*))"
_META = r"\s*\((?P<meta>[^)]*)\)\s*(?:[-–—:]\s*)?(?P<description>.*)$"
_BULLET_FIELD_RE = re.compile(rf"^\s*[-*•]\s+{_NAME}{_META}")
_PROSE_PARAMETER_RE = re.compile(
    rf"^\s*(?:[-*•]\s+)?(?P<where>[Pp]ath|[Qq]uery|[Hh]eader)[ -]param(?:eter)?\s+{_NAME}{_META}"
)
"""A parameter stated in a sentence: ``Path parameter `job_id` (string, required): the job.``"""
_FLAG_WORDS = {"required": True, "optional": False, "mandatory": True}


def parse_bullet_fields(page: Page, doc: PageDoc) -> None:
    """Add the fields of every bullet field list of ``page`` (under its section heading) to ``doc``."""
    section = Section.NONE
    roots: dict[str, list[DocField]] = {}
    for index, line in page.unfenced():
        text = line.strip()
        location = None
        if match := _PROSE_PARAMETER_RE.match(line):
            location = match["where"].lower()
        else:
            match = _BULLET_FIELD_RE.match(line)
        if match is None:
            if text and not text.startswith(("-", "*", "•")) and (text.startswith("#") or len(text) < 40):
                section = section_of(text.lstrip("#").strip(), section)
            continue
        node = _bullet_field(match, page.line_of(index))
        if node is not None:
            name = match["code"] or match["bold"] or match["plain"]
            where = roots.setdefault(location or field_location(section), [])
            _insert(where, name, node, page, page.line_of(index), make_parents=True)
    for location, nodes in roots.items():
        _place(doc, location, nodes)


def _bullet_field(match: re.Match[str], line: int) -> DocField | None:
    """The field a bullet states, or None when its parentheses hold no type or flag (prose)."""
    schema: dict[str, Any] | None = None
    required: bool | None = None
    for token in (part.strip() for part in match["meta"].split(",")):
        if token.lower() in _FLAG_WORDS:
            required = _FLAG_WORDS[token.lower()]
        elif schema is None and (parsed := parse_type(token.strip("`"))) is not None:
            schema = dict(parsed)
        elif (
            schema is not None
            and schema.get("type") in ("string", "integer", "number")
            and token.lower() in KNOWN_FORMATS
        ):
            schema["format"] = token.lower()  # (string, date-time)
        else:
            return None
    if schema is None and required is None:
        return None
    node = DocField("", "", schema or {}, required, "", line, Level.FIELD_LIST)
    _describe(node, match["description"].strip())
    if node.schema.get("type") == "array":
        node.item = DocField("", "", node.schema.pop("items", {}), None, "", line, Level.FIELD_LIST)
    return node
