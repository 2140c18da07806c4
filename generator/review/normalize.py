"""Bring two specs to one canonical form before comparing them.

Refactors that do not change the wire must not show up as changes: a schema
written inline or behind a ``$ref``, split into ``allOf`` parts or written
whole, nullable in the 3.0 way (``nullable: true``) or the 3.1 way
(``type: [..., "null"]``), with its enum in another order — all of these
normalise to the same value.  Documentation keys are kept (a change there is
reported as docs-only) but never influence the structural comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.spec.walk import resolve_local

__all__ = ["DOC_KEYS", "normalize_schema", "types_of"]

DOC_KEYS = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "$comment", "deprecated"}
)
_MAX_DEPTH = 40


def types_of(schema: Mapping[str, Any]) -> frozenset[str]:
    """The JSON types a normalised schema allows (empty: unconstrained)."""
    declared = schema.get("type")
    return frozenset(declared) if isinstance(declared, list) else frozenset()


def _merge_all_of(parts: list[dict[str, Any]], base: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {key: value for key, value in base.items() if key != "allOf"}
    for part in parts:
        for key, value in part.items():
            if key == "properties":
                merged.setdefault("properties", {}).update(value)
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            elif key == "type" and "type" in merged:
                merged["type"] = sorted(set(merged["type"]) & set(value)) or merged["type"]
            else:
                merged.setdefault(key, value)
    return merged


def _normalize_child(document: Any, key: str, value: Any, seen: tuple[str, ...], depth: int) -> Any:
    if key in ("properties", "patternProperties", "$defs") and isinstance(value, Mapping):
        return {name: normalize_schema(document, sub, seen, depth + 1) for name, sub in value.items()}
    if key in ("items", "additionalProperties", "not") and isinstance(value, Mapping):
        return normalize_schema(document, value, seen, depth + 1)
    if key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
        return [normalize_schema(document, sub, seen, depth + 1) for sub in value]
    return value


def normalize_schema(document: Any, schema: Any, seen: tuple[str, ...] = (), depth: int = 0) -> Any:
    """The canonical form of a schema: references inlined (cycles marked), allOf merged, null unified."""
    if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return {"$recursive": ref.rsplit("/", 1)[-1]}
        target = resolve_local(document, {"$ref": ref})
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        resolved = {**(target if isinstance(target, Mapping) else {}), **siblings}
        return normalize_schema(document, resolved, (*seen, ref), depth + 1)
    result = {key: _normalize_child(document, key, value, seen, depth) for key, value in schema.items()}
    if isinstance(result.get("allOf"), list):
        result = _merge_all_of(result["allOf"], result)
    declared = result.get("type")
    types = (
        set(declared) if isinstance(declared, list) else ({declared} if isinstance(declared, str) else set())
    )
    if result.pop("nullable", False) is True:
        types.add("null")
    if isinstance(result.get("enum"), list) and None in result["enum"]:
        types.add("null")
    if types:
        result["type"] = sorted(types)
    if isinstance(result.get("enum"), list):
        result["enum"] = sorted((v for v in result["enum"] if v is not None), key=repr)
    if "required" in result and isinstance(result["required"], list):
        result["required"] = sorted(result["required"])
    return result
