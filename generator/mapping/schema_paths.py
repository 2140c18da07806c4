"""Follow a dotted field path (``schedule.windowDays``, ``timeSlots[].startTime``) into a JSON Schema.

The mapping names fields the way people read a request body; this module
finds the schema such a path ends at, through ``$ref``, ``allOf`` and the
alternatives of ``oneOf``/``anyOf``, and describes it (types, enum, limits,
whether it is required).  It also lists every leaf path of a body, for the
mapping's completeness check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.spec.walk import resolve_local

__all__ = ["FieldInfo", "describe", "field_at", "leaf_paths", "parse_path"]

_SEGMENT = re.compile(r"^([^.\[\]]+)(\[\])?$")
_MAX_DEPTH = 32


@dataclass(frozen=True)
class FieldInfo:
    """What a schema allows, in the terms a conversion needs."""

    types: tuple[str, ...]
    item_types: tuple[str, ...]
    enum: tuple[Any, ...] | None
    minimum: float | None
    maximum: float | None
    min_items: int | None
    max_items: int | None
    pattern: str | None
    format: str | None
    required: bool
    item_ref: str | None
    identifier: bool = False

    @property
    def is_list(self) -> bool:
        """A JSON array and nothing else."""
        return self.types == ("array",)

    @property
    def scalar_types(self) -> tuple[str, ...]:
        """The types of one value: the item types of a list, else the types themselves."""
        return self.item_types if self.is_list else self.types

    @property
    def label(self) -> str:
        """``integer``, ``array<string>``, ``integer | array<integer>``, ``string (date)``."""
        parts = []
        for kind in self.types:
            if kind == "array":
                items = " | ".join(self.item_types) or "any"
                parts.append(f"array<{self.item_ref or items}>")
            else:
                parts.append(kind)
        text = " | ".join(parts) or "any"
        return f"{text} ({self.format})" if self.format else text


def parse_path(path: str) -> list[tuple[str, bool]] | None:
    """``a.b[].c`` → ``[("a", False), ("b", True), ("c", False)]``; None when malformed."""
    segments = []
    for part in path.split("."):
        match = _SEGMENT.match(part)
        if match is None:
            return None
        segments.append((match.group(1), match.group(2) is not None))
    return segments


def _parts(document: Any, schema: Any, depth: int = 0) -> list[Mapping[str, Any]]:
    """The schema and every schema it is made of (allOf, oneOf, anyOf), resolved."""
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > _MAX_DEPTH:
        return []
    found = [resolved]
    for key in ("allOf", "oneOf", "anyOf"):
        for child in resolved.get(key) or ():
            found.extend(_parts(document, child, depth + 1))
    return found


def _types(document: Any, schema: Any) -> tuple[str, ...]:
    kinds: list[str] = []
    for part in _parts(document, schema):
        declared = part.get("type")
        names = declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
        if not names and "properties" in part:
            names = ["object"]
        if not names and "enum" in part:
            names = sorted({_json_type(v) for v in part["enum"]})
        kinds.extend(n for n in names if n != "null" and n not in kinds)
    return tuple(kinds)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def _first(document: Any, schema: Any, key: str) -> Any:
    for part in _parts(document, schema):
        if key in part:
            return part[key]
    return None


def _items(document: Any, schema: Any) -> Any:
    return _first(document, schema, "items")


def _ref_name(schema: Any) -> str | None:
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return None


def describe(document: Any, schema: Any, *, required: bool) -> FieldInfo:
    """The types, enum and limits of ``schema``."""
    items = _items(document, schema)
    enum = _first(document, schema, "enum")
    if enum is None and items is not None:
        enum = _first(document, items, "enum")
    return FieldInfo(
        types=_types(document, schema),
        item_types=_types(document, items) if items is not None else (),
        enum=tuple(enum) if isinstance(enum, list) else None,
        minimum=_first(document, schema, "minimum"),
        maximum=_first(document, schema, "maximum"),
        min_items=_first(document, schema, "minItems"),
        max_items=_first(document, schema, "maxItems"),
        pattern=_first(document, schema, "pattern"),
        format=_first(document, schema, "format"),
        required=required,
        item_ref=_ref_name(items),
        identifier=bool(
            _first(document, schema, "x-identifier") or (items and _first(document, items, "x-identifier"))
        ),
    )


def _property(document: Any, schema: Any, name: str) -> tuple[Any, bool] | None:
    """The schema of property ``name`` and whether it is required, through composition."""
    found = None
    required = False
    for part in _parts(document, schema):
        properties = part.get("properties")
        if found is None and isinstance(properties, Mapping) and name in properties:
            found = properties[name]
        if name in (part.get("required") or ()):
            required = True
    return (found, required) if found is not None else None


def field_at(document: Any, schema: Any, path: str) -> tuple[Any, bool] | None:
    """The schema at ``path`` under ``schema`` and whether every step to it is required."""
    segments = parse_path(path)
    if segments is None:
        return None
    current, required = schema, True
    for name, into_items in segments:
        found = _property(document, current, name)
        if found is None:
            return None
        current, step_required = found
        required = required and step_required
        if into_items:
            current = _items(document, current)
            if current is None:
                return None
    return current, required


def leaf_paths(document: Any, schema: Any, prefix: str = "", depth: int = 0) -> Iterator[str]:
    """Every field path of a body down to its leaves (objects without properties are leaves)."""
    if depth > _MAX_DEPTH:
        return
    names: list[str] = []
    for part in _parts(document, schema):
        properties = part.get("properties")
        if isinstance(properties, Mapping):
            names.extend(n for n in properties if n not in names)
    for name in names:
        found = _property(document, schema, name)
        if found is None:
            continue
        child = found[0]
        path = f"{prefix}{name}"
        if _has_properties(document, child):
            yield from leaf_paths(document, child, f"{path}.", depth + 1)
            continue
        items = _items(document, child) if "array" in _types(document, child) else None
        if items is not None and _has_properties(document, items):
            yield from leaf_paths(document, items, f"{path}[].", depth + 1)
            continue
        yield path


def _has_properties(document: Any, schema: Any) -> bool:
    return any(isinstance(p.get("properties"), Mapping) and p["properties"] for p in _parts(document, schema))
