"""Python type hints for parameter schemas (bodies get theirs from the generated models).

Parameters are scalars or lists of scalars in practice; a schema this module
cannot express precisely becomes ``Any`` rather than a wrong type. Body fields take the
models' hints, narrowed by :func:`argument_hint` where the schema does not allow null.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.spec.walk import resolve_local

__all__ = ["allows_null", "argument_hint", "object_properties", "parameter_hint"]

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


def object_properties(document: Any, schema: Any, depth: int = 0) -> dict[str, Any]:
    """Properties of an object schema, through ``$ref`` and ``allOf``."""
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > 20:
        return {}
    found: dict[str, Any] = {}
    for part in resolved.get("allOf") or []:
        found.update(object_properties(document, part, depth + 1))
    properties = resolved.get("properties")
    if isinstance(properties, Mapping):
        found.update(properties)
    return found


def allows_null(document: Any, schema: Any, depth: int = 0) -> bool:
    """Whether a value of this schema may be ``null`` (an unreadable schema may)."""
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > 20:
        return True
    declared = resolved.get("type")
    if (
        declared == "null"
        or (isinstance(declared, list) and "null" in declared)
        or resolved.get("nullable") is True
    ):
        return True
    if resolved.get("const", 0) is None or None in (resolved.get("enum") or [0]):
        return True
    branches = [*(resolved.get("anyOf") or []), *(resolved.get("oneOf") or [])]
    return any(allows_null(document, branch, depth + 1) for branch in branches)


def argument_hint(hint: str, schema: Any, document: Any) -> str:
    """A body field's type as a caller passes it: ``None`` only where the schema allows null.

    The models say ``X | None`` for every optional field (absent reads as None); a request
    argument or a dict key that may be left out need not accept None.
    """
    if schema is not None and not allows_null(document, schema) and hint.endswith(" | None"):
        return hint.removesuffix(" | None")
    return hint
