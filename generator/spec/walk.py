"""Iterate the places of an OpenAPI document that checks care about.

One walker for operations and one for schema objects, so that each lint rule
says what it checks and not how to find it.  Neither follows ``$ref``: every
object is visited once, where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.spec.locate import pointer_parts

__all__ = [
    "FORM_MEDIA",
    "HTTP_METHODS",
    "JSON_MEDIA",
    "OperationSite",
    "body_media",
    "iter_operations",
    "iter_schema_roots",
    "iter_schemas",
    "request_media",
    "resolve_local",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA = re.compile(r"^(application/([\w.+-]*\+)?json|\*/\*|application/\*)(;.*)?$")
FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class OperationSite:
    """An operation and where it sits: under ``paths`` or, in 3.1, under ``webhooks``."""

    location: Path
    section: str
    route: str
    method: str
    operation: Mapping[str, Any]
    path_item: Mapping[str, Any]

    @property
    def label(self) -> str:
        """``POST /v1/calls`` or ``webhook callCompleted POST``."""
        if self.section == "webhooks":
            return f"webhook {self.route} {self.method.upper()}"
        return f"{self.method.upper()} {self.route}"


def resolve_local(document: Any, value: Any, limit: int = 64) -> Any:
    """Follow local ``$ref`` chains; returns None for a reference that does not resolve."""
    for _ in range(limit):
        if not (isinstance(value, Mapping) and isinstance(value.get("$ref"), str)):
            return value
        parts = pointer_parts(value["$ref"])
        if parts is None:
            return None
        target: Any = document
        for part in parts:
            if isinstance(target, Mapping) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                return None
        value = target
    return None


def iter_operations(document: Any) -> Iterator[OperationSite]:
    """Every operation of ``paths`` and ``webhooks``, in document order."""
    if not isinstance(document, Mapping):
        return
    for section in ("paths", "webhooks"):
        items = document.get(section)
        if not isinstance(items, Mapping):
            continue
        for route, path_item in items.items():
            resolved = resolve_local(document, path_item)
            if not isinstance(resolved, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = resolved.get(method)
                if isinstance(operation, Mapping):
                    yield OperationSite(
                        (section, route, method), section, str(route), method, operation, resolved
                    )


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_SINGLES = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)


def _schema_tree(schema: Any, location: Path, depth: int) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    if not isinstance(schema, Mapping) or depth > 200:
        return
    yield location, schema
    for key in _SCHEMA_MAPS:
        children = schema.get(key)
        if isinstance(children, Mapping):
            for name, child in children.items():
                yield from _schema_tree(child, (*location, key, name), depth + 1)
    for key in _SCHEMA_LISTS:
        children = schema.get(key)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield from _schema_tree(child, (*location, key, index), depth + 1)
    for key in _SCHEMA_SINGLES:
        yield from _schema_tree(schema.get(key), (*location, key), depth + 1)


def _content_schemas(content: Any, location: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(content, Mapping):
        for media_type, media in content.items():
            if isinstance(media, Mapping) and "schema" in media:
                yield (*location, media_type, "schema"), media["schema"]


def _parameter_like(item: Any, location: Path) -> Iterator[tuple[Path, Any]]:
    if not isinstance(item, Mapping):
        return
    if "schema" in item:
        yield (*location, "schema"), item["schema"]
    yield from _content_schemas(item.get("content"), (*location, "content"))


def _response_schemas(response: Any, location: Path) -> Iterator[tuple[Path, Any]]:
    if not isinstance(response, Mapping):
        return
    yield from _content_schemas(response.get("content"), (*location, "content"))
    headers = response.get("headers")
    if isinstance(headers, Mapping):
        for name, header in headers.items():
            yield from _parameter_like(header, (*location, "headers", name))


def _operation_roots(operation: Mapping[str, Any], location: Path) -> Iterator[tuple[Path, Any]]:
    parameters = operation.get("parameters")
    if isinstance(parameters, list):
        for index, parameter in enumerate(parameters):
            yield from _parameter_like(parameter, (*location, "parameters", index))
    body = operation.get("requestBody")
    if isinstance(body, Mapping):
        yield from _content_schemas(body.get("content"), (*location, "requestBody", "content"))
    responses = operation.get("responses")
    if isinstance(responses, Mapping):
        for status, response in responses.items():
            yield from _response_schemas(response, (*location, "responses", status))


def _component_roots(components: Mapping[str, Any]) -> Iterator[tuple[Path, Any]]:
    schemas = components.get("schemas")
    if isinstance(schemas, Mapping):
        for name, schema in schemas.items():
            yield ("components", "schemas", name), schema
    for kind in ("parameters", "headers"):
        entries = components.get(kind)
        if isinstance(entries, Mapping):
            for name, entry in entries.items():
                yield from _parameter_like(entry, ("components", kind, name))
    bodies = components.get("requestBodies")
    if isinstance(bodies, Mapping):
        for name, body in bodies.items():
            if isinstance(body, Mapping):
                where = ("components", "requestBodies", name, "content")
                yield from _content_schemas(body.get("content"), where)
    responses = components.get("responses")
    if isinstance(responses, Mapping):
        for name, response in responses.items():
            yield from _response_schemas(response, ("components", "responses", name))


def _path_item_roots(path_item: Mapping[str, Any], location: Path) -> Iterator[tuple[Path, Any]]:
    parameters = path_item.get("parameters")
    if isinstance(parameters, list):
        for index, parameter in enumerate(parameters):
            yield from _parameter_like(parameter, (*location, "parameters", index))
    for method in HTTP_METHODS:
        operation = path_item.get(method)
        if isinstance(operation, Mapping):
            yield from _operation_roots(operation, (*location, method))


def iter_schema_roots(document: Mapping[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Top-level schema objects: components, parameters, headers, bodies and responses."""
    components = document.get("components")
    if isinstance(components, Mapping):
        yield from _component_roots(components)
    for section in ("paths", "webhooks"):
        items = document.get(section)
        if isinstance(items, Mapping):
            for route, path_item in items.items():
                if isinstance(path_item, Mapping):
                    yield from _path_item_roots(path_item, (section, route))


def iter_schemas(document: Any) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every schema object written in the document, nested ones included."""
    if not isinstance(document, Mapping):
        return
    for location, schema in iter_schema_roots(document):
        yield from _schema_tree(schema, location, 0)


_TEXT_BODY = re.compile(r"^text/plain(;.*)?$")
RequestKind = Literal["json", "multipart", "form", "text", "raw"]


def request_media(content: Any) -> list[tuple[RequestKind, str, Any]]:
    """Every way an operation's body can be sent, one per kind, in the client's order of preference.

    JSON first, then multipart, urlencoded, ``text/plain`` and one other media type sent as raw
    bytes; each with its media type and schema (None where the media type documents none).
    """
    if not isinstance(content, Mapping):
        return []
    found: dict[RequestKind, tuple[RequestKind, str, Any]] = {}
    for media_type, media in content.items():
        name = str(media_type)
        schema = media.get("schema") if isinstance(media, Mapping) else None
        schema = schema if isinstance(schema, Mapping) else None
        kind: RequestKind
        if JSON_MEDIA.match(name) and name != "*/*":
            kind = "json"
        elif name.startswith("multipart/form-data"):
            kind = "multipart"
        elif name.startswith("application/x-www-form-urlencoded"):
            kind = "form"
        elif _TEXT_BODY.match(name):
            kind = "text"
        else:
            kind = "raw"
        if kind in ("json", "multipart", "form") and schema is None:
            continue  # nothing to build the fields from: reported by the builder
        found.setdefault(kind, (kind, name, schema))
    order: tuple[RequestKind, ...] = ("json", "multipart", "form", "text", "raw")
    return [found[kind] for kind in order if kind in found]


def body_media(content: Any) -> tuple[str, Any] | None:
    """The media type and schema a client sends or reads: JSON first, then forms."""
    if not isinstance(content, Mapping):
        return None
    json_types = [m for m in content if JSON_MEDIA.match(str(m))]
    for media_type in [*json_types, *[m for m in FORM_MEDIA if m in content]]:
        media = content[media_type]
        if isinstance(media, Mapping) and isinstance(media.get("schema"), Mapping):
            return str(media_type), media["schema"]
    return None
