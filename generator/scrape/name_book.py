"""Names a capture lost, recovered from a document that has them: another vendor's pages or a previous scrape.

White-label copies of a vendor's documentation, and later captures of one page, often keep a
field list's descriptions and lose the names (they were in markup the capture dropped). Where the
same description is written for a named field elsewhere (the vendor these pages copy, scraped
and passed with ``--names-from``; the previous scrape of the same pages), that field's name,
place and type are taken, and the field says where its name came from (``x-name-from``).

The evidence is the whole description, compared without case, spacing and end punctuation. A
description that documents different fields in the source names none here, unless exactly one
of them belongs to the same operation (same method, same path up to parameter names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.scrape.model import NAME_FROM, DocField, Level
from generator.spec.walk import JSON_MEDIA, iter_operations, resolve_local

__all__ = ["NameBook", "Named", "operation_key"]

_TYPE_KEYWORDS = ("type", "format", "enum")
_PARAMETER = re.compile(r"\{[^}]*\}")
_MAX_DEPTH = 16


def operation_key(method: str, path: str) -> tuple[str, str]:
    """An operation as the book compares it: method and path, parameter names left out."""
    return method.upper(), _PARAMETER.sub("{}", path.rstrip("/") or "/")


def _text_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;:").lower()


@dataclass(frozen=True)
class Named:
    """One described field of the source: where it is, its name path and its type keywords."""

    location: str
    """``body``, ``path``, ``query`` or ``header``."""
    path: tuple[str, ...]
    """Names from the body's root (``[]`` for an array's items); one name for a parameter."""
    schema: Mapping[str, Any]
    required: bool
    operation: tuple[str, str]
    source: str
    """The document the name was read from, as ``x-name-from`` says it."""


@dataclass
class NameBook:
    """Described fields of one or more documents, by description."""

    entries: dict[str, list[Named]] = field(default_factory=dict)

    def add_document(self, document: Mapping[str, Any], source: str) -> None:
        """Every described parameter and request-body field of ``document``'s operations."""
        for site in iter_operations(document):
            if site.section != "paths":
                continue
            key = operation_key(site.method, site.route)
            parameters = [
                *(site.path_item.get("parameters") or ()),
                *(site.operation.get("parameters") or ()),
            ]
            for raw in parameters:
                parameter = resolve_local(document, raw)
                if isinstance(parameter, Mapping) and isinstance(parameter.get("description"), str):
                    schema = resolve_local(document, parameter.get("schema")) or {}
                    self._add(
                        parameter["description"],
                        Named(
                            str(parameter.get("in")),
                            (str(parameter.get("name")),),
                            _type_of(document, schema),
                            bool(parameter.get("required")),
                            key,
                            source,
                        ),
                    )
            for path, schema, required in _body_fields(document, site.operation):
                if isinstance(schema.get("description"), str):
                    named = Named("body", path, _type_of(document, schema), required, key, source)
                    self._add(schema["description"], named)

    def _add(self, description: str, named: Named) -> None:
        self.entries.setdefault(_text_key(description), []).append(named)

    def lookup(
        self, description: str, locations: tuple[str, ...], operation: tuple[str, str]
    ) -> Named | None:
        """The one field ``description`` documents in the source, at one of ``locations``, or None."""
        found = [n for n in self.entries.get(_text_key(description), ()) if n.location in locations]
        for candidates in ([n for n in found if n.operation == operation], found):
            places = {(n.location, n.path) for n in candidates}
            if len(places) == 1:
                return candidates[0]
            if candidates:
                return None  # the same words document different fields: no evidence for one
        return None

    @staticmethod
    def field(named: Named, description: str, line: int) -> DocField:
        """The field tree ``named`` stands for, rooted where the page's statements are rooted."""
        schema = {**named.schema, NAME_FROM: named.source}
        leaf = DocField(
            named.path[-1], named.location, schema, named.required, description, line, Level.EMBEDDED
        )
        if named.location != "body":
            return leaf
        node = leaf
        for name in reversed(named.path[:-1]):
            parent = DocField(name, "body", {NAME_FROM: named.source}, None, "", line, Level.EMBEDDED)
            node = _holding(parent, node)
        return _holding(DocField("", "body", {}, None, "", line, Level.EMBEDDED), node)


def _holding(parent: DocField, node: DocField) -> DocField:
    """``parent`` as the object holding ``node``, or the array whose items it is (named ``[]``)."""
    if node.name == "[]":
        node.name = ""
        parent.schema["type"], parent.item = "array", node
    else:
        parent.schema["type"], parent.children = "object", [node]
    return parent


def _type_of(document: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: schema[key] for key in _TYPE_KEYWORDS if key in schema}
    items = resolve_local(document, schema.get("items"))
    if isinstance(items, Mapping) and not items.get("properties"):
        kept["items"] = {key: items[key] for key in _TYPE_KEYWORDS if key in items}
    return kept


def _body_fields(
    document: Mapping[str, Any], operation: Mapping[str, Any]
) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any], bool]]:
    body = resolve_local(document, operation.get("requestBody"))
    content = body.get("content") if isinstance(body, Mapping) else None
    if not isinstance(content, Mapping):
        return
    schema = next(
        (m.get("schema") for t, m in content.items() if JSON_MEDIA.match(t) and isinstance(m, Mapping)), None
    )
    if schema is not None:
        yield from _walk(document, schema, ())


def _walk(
    document: Mapping[str, Any], raw: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any], bool]]:
    schema = resolve_local(document, raw)
    if not isinstance(schema, Mapping) or len(path) > _MAX_DEPTH:
        return
    properties = schema.get("properties")
    required = schema.get("required") or ()
    if isinstance(properties, Mapping):
        for name, child in properties.items():
            resolved = resolve_local(document, child)
            if isinstance(resolved, Mapping):
                yield (*path, str(name)), resolved, name in required
                yield from _walk(document, resolved, (*path, str(name)))
    if "items" in schema:
        yield from _walk(document, schema["items"], (*path, "[]"))
