"""Python type hints for parameter schemas (bodies get theirs from the generated models).

Parameters are scalars or lists of scalars in practice; a schema this module
cannot express precisely becomes ``Any`` rather than a wrong type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.spec.walk import resolve_local

__all__ = ["parameter_hint"]

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _literal(values: list[Any]) -> str | None:
    if values and all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return "Literal[" + ", ".join(repr(v) for v in values) + "]"
    return None


def _types_of(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [str(t) for t in declared]
    return [str(declared)] if declared is not None else []


def parameter_hint(
    document: Any, schema: Any, class_for_ref: Callable[[str], str | None], depth: int = 0
) -> str:
    """The annotation for a parameter of this schema."""
    if not isinstance(schema, Mapping) or depth > 8:
        return "Any"
    ref = schema.get("$ref")
    if isinstance(ref, str):
        named = class_for_ref(ref)
        if named is not None:
            return named
        return parameter_hint(document, resolve_local(document, schema), class_for_ref, depth + 1)
    if isinstance(schema.get("enum"), list):
        literal = _literal([v for v in schema["enum"] if v is not None])
        if literal is not None:
            return literal + (" | None" if None in schema["enum"] else "")
    types = _types_of(schema)
    nullable = "null" in types or schema.get("nullable") is True
    hints = []
    for kind in (t for t in types if t != "null"):
        if kind in _SCALARS:
            hints.append(_SCALARS[kind])
        elif kind == "array":
            hints.append(f"list[{parameter_hint(document, schema.get('items'), class_for_ref, depth + 1)}]")
        elif kind == "object":
            hints.append("dict[str, Any]")
    if not hints:
        return "Any"
    hint = " | ".join(dict.fromkeys(hints))
    return f"{hint} | None" if nullable else hint
