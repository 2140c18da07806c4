"""Valid sample values for schemas, so contract tests can call every operation.

Documented examples come first (they are checked against their schemas by
``vendorgen validate``), then defaults, enums and constants, then a value
made up from the type and format.  A pattern without an example must be
matched by one of a few candidates, or the sample fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.spec.walk import resolve_local

CANDIDATES = ["09:00", "+14155550100", "2025-05-28T09:30:00", "2024-07-30", "name,ASC", "sample"]
FORMATS = {
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "date": "2024-07-30",
    "date-time": "2024-07-30T14:35:00Z",
    "email": "alex@example.com",
    "uri": "https://example.com/x",
}


def _documented(schema: Mapping[str, Any]) -> tuple[bool, Any]:
    for key in ("examples", "example", "default", "const"):
        if key in schema:
            value = schema[key]
            return True, (value[0] if key == "examples" and isinstance(value, list) and value else value)
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return True, schema["enum"][0]
    return False, None


def _composed(document: Any, schema: Mapping[str, Any], depth: int) -> tuple[bool, Any]:
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return True, sample(document, schema[key][0], depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(document, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return True, merged
    return False, None


def _object(document: Any, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    return {
        name: sample(document, sub, depth + 1)
        for name, sub in properties.items()
        if name in required or _simple(document, sub)
    }


def _scalar(kind: Any, schema: Mapping[str, Any]) -> Any:
    if kind == "integer":
        return (
            max(int(schema.get("minimum", 1)), 1)
            if schema.get("maximum", 2) >= 1
            else schema.get("minimum", 0)
        )
    if kind == "number":
        return float(schema.get("minimum", 0.5))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(schema)


def sample(document: Any, schema: Any, depth: int = 0) -> Any:
    """A value valid for ``schema``."""
    schema = resolve_local(document, schema)
    if not isinstance(schema, Mapping) or depth > 12:
        return "sample"
    for found, value in (_documented(schema), _composed(document, schema, depth)):
        if found:
            return value
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return _object(document, schema, depth)
    if kind == "array":
        return [
            sample(document, schema.get("items"), depth + 1) for _ in range(max(1, schema.get("minItems", 1)))
        ]
    return _scalar(kind, schema)


def _simple(document: Any, schema: Any) -> bool:
    resolved = resolve_local(document, schema)
    return isinstance(resolved, Mapping) and resolved.get("type") in (
        "string",
        "integer",
        "boolean",
        "number",
    )


def _string(schema: Mapping[str, Any]) -> str:
    if schema.get("format") in FORMATS:
        return FORMATS[schema["format"]]
    pattern = schema.get("pattern")
    if pattern:
        for candidate in CANDIDATES:
            if re.search(pattern, candidate):
                return candidate
        raise AssertionError(f"no sample matches pattern {pattern!r}: add an example to the schema")
    return "sample"[: schema.get("maxLength", 6)] or "s"
