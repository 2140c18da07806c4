"""Example calls that type-check: a value of the right type for every required argument.

The README and ``api.md`` of a package show one call per method; a test runs ``mypy --strict``
and pyright over all of them, so a placeholder that is not a value of the argument's type
(``...`` for a ``str``) would be a broken example a user copies. Values come from the spec's
``example`` where it has the right type, else a neutral value of the type; nested objects are
dict literals of their required keys (the ``TypedDict`` form), enums are called with their first
value (``Weekday("MONDAY")``).

An example names only the client, builtins, the package's ``models`` (enums) and the few
standard-library and pydantic types of :data:`EXAMPLE_IMPORTS` (``UUID``, ``date``, ``AnyUrl``...),
which the preamble of every checked example imports where it uses them.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from typing import Any

from generator.build.request_dicts import RequestDicts

__all__ = ["EXAMPLE_IMPORTS", "example_value", "spec_example"]

EXAMPLE_IMPORTS = {
    **dict.fromkeys(("date", "datetime", "time", "timedelta", "timezone"), "datetime"),
    "UUID": "uuid",
    "Decimal": "decimal",
    **dict.fromkeys(("AnyUrl", "AnyHttpUrl", "HttpUrl"), "pydantic"),
}
"""The standard-library names an example may use, and their modules."""

_NEUTRAL = {
    "str": '"..."',
    "int": "1",
    "float": "1.0",
    "bool": "True",
    "bytes": 'b"..."',
    "Any": '"..."',
    "FileInput": 'b"..."',
    "RawContent": 'b"..."',
    "UUID": 'UUID("00000000-0000-0000-0000-000000000000")',
    "date": "date(2026, 1, 1)",
    "datetime": "datetime(2026, 1, 1, 9, 0)",
    "time": "time(9, 0)",
    "timedelta": "timedelta(minutes=1)",
    "Decimal": 'Decimal("1")',
    # the pydantic types datamodel-code-generator uses for formats: what a type checker sees in each
    "AwareDatetime": "datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)",
    "NaiveDatetime": "datetime(2026, 1, 1, 9, 0)",
    "AnyUrl": 'AnyUrl("https://example.com")',
    "AnyHttpUrl": 'AnyHttpUrl("https://example.com")',
    "HttpUrl": 'HttpUrl("https://example.com")',
    "Base64Str": '"..."',
    "Base64Bytes": 'b"..."',
    "EmailStr": '"..."',
}
_SKIPPED = frozenset({"None", "Omit"})


def spec_example(schema: Any) -> Any:
    """The first example a schema (or parameter) gives: ``example``, ``examples[0]``, else ``default``."""
    if not isinstance(schema, Mapping):
        return None
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(examples, Mapping) and examples:  # a parameter's named examples
        first = next(iter(examples.values()))
        return first.get("value") if isinstance(first, Mapping) else None
    return schema.get("default")


def _literal(value: Any) -> str:
    """A JSON scalar as Python source, strings in double quotes as black would write them."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are Python's
    return repr(value)


def _matches(name: str, example: Any) -> bool:
    if isinstance(example, bool):
        return name == "bool"
    return (
        (name == "str" and isinstance(example, str))
        or (name == "int" and isinstance(example, int))
        or (name == "float" and isinstance(example, int | float))
    )


def _branches(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_branches(node.left), *_branches(node.right)]
    return [node]


def _name(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text.removeprefix("builtins.")


class _Values:
    def __init__(self, dicts: RequestDicts) -> None:
        self.dicts = dicts.by_name
        self.enums = dicts.enum_values

    def of(self, node: ast.expr, example: Any, depth: int) -> str:
        branches = [b for b in _branches(node) if _name(b) not in _SKIPPED]
        if not branches:
            return "None"
        # the dict form where there is one, else the first branch the example fits, else the first
        preferred = next((b for b in branches if _name(b) in self.dicts), None)
        preferred = preferred or next((b for b in branches if _matches(_name(b), example)), branches[0])
        return self.single(preferred, example, depth)

    def single(self, node: ast.expr, example: Any, depth: int) -> str:
        if isinstance(node, ast.Subscript):
            return self.generic(node, example, depth)
        name = _name(node)
        if _matches(name, example):
            return _literal(example)
        if name in self.enums:
            values = self.enums[name]
            first = next((v for v in values if v is not None), None)
            return f"{name}({_literal(example if example in values else first)})"
        if name in self.dicts:
            return self.typed_dict(name, example, depth)
        return _NEUTRAL.get(name, f"{name}.model_validate({{}})")

    def generic(self, node: ast.Subscript, example: Any, depth: int) -> str:
        outer = _name(node.value)
        arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer == "Literal":
            return _literal(ast.literal_eval(arguments[0]))
        if outer in ("list", "Sequence", "set", "tuple"):
            sample = example[0] if isinstance(example, list) and example else None
            value = self.of(arguments[0], sample, depth + 1)
            return "{" + value + "}" if outer == "set" else f"[{value}]"
        if outer == "Annotated":
            return self.of(arguments[0], example, depth)
        return "{}" if outer in ("dict", "Mapping") else '"..."'

    def typed_dict(self, name: str, example: Any, depth: int) -> str:
        if depth > 6:
            return "{}"
        sample = example if isinstance(example, Mapping) else {}
        items = []
        for key, annotation in self.dicts[name].keys:
            required = annotation.startswith("Required[")
            if not required and key not in sample:
                continue
            node = ast.parse(annotation, mode="eval").body
            if required:
                assert isinstance(node, ast.Subscript)
                node = node.slice
            items.append(f"{_literal(key)}: {self.of(node, sample.get(key), depth + 1)}")
        return "{" + ", ".join(items) + "}"


def example_value(hint: str, example: Any, dicts: RequestDicts) -> str:
    """Python source of a value of type ``hint``, the spec's ``example`` where it fits."""
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return '"..."'
    return _Values(dicts).of(node, example, 0)
