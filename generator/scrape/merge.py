"""Many statements about one field, from several pages and formats, into one JSON Schema.

Rules, in order: a higher level (field list > embedded OpenAPI > example)
outranks a lower one; among equals the earlier page wins. A disagreement
between two pages that both state a value (not examples: their types are
often placeholders) is a conflict and is written into the schema as
``x-docs-conflict``, naming both pages and the value kept. Children that only
an example shows come after the listed ones, typed by the example and marked
``x-from-example: true`` (field lists are often cut short, or leave nested
objects to the example); a listed field is never replaced by one. Every
property records the page its winning statement came from in ``x-source``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.scrape.model import NAME_FROM, PROSE_ENUM, DocField, Level

__all__ = ["Statement", "merge_field", "ordered_schema"]

_CONFLICT_KEYWORDS = (
    "type",
    "format",
    "enum",
    "const",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
)
_KEYWORD_ORDER = (
    "type",
    "format",
    "description",
    "enum",
    "const",
    "default",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "items",
    "properties",
    "required",
    "deprecated",
    "examples",
)


@dataclass(frozen=True)
class Statement:
    """One page's statement about a field: the field, the page's label and its position in the input."""

    field: DocField
    source: str
    order: int

    @property
    def rank(self) -> tuple[int, int]:
        """Sort key: higher level first, then earlier page."""
        return (-int(self.field.level), self.order)

    def child(self, node: DocField) -> Statement:
        """The same page's statement about a child field."""
        return Statement(node, self.source, self.order)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _stated(statement: Statement) -> bool:
    return statement.field.level >= Level.EMBEDDED


_FREE_FORM_RE = re.compile(
    r"\bkey[- ]value\b|\bkeys in this map\b|\bany keys?\b|\barbitrary (?:keys|fields|data|json)\b"
    r"|\bfree[- ]form\b|\bcustom (?:\w+ )?(?:data|variables|fields|attributes|metadata)\b|\bmap of\b",
    re.I,
)
"""Descriptions of an object whose keys are the caller's: its example's keys are not its fields."""


def _example_types(ranked: list[Statement]) -> list[str]:
    """The distinct types examples show for a field that no field list or embedded block types."""
    if any(_stated(statement) and "type" in statement.field.schema for statement in ranked):
        return []
    types = [statement.field.schema.get("type") for statement in ranked]
    return list(dict.fromkeys(kind for kind in types if isinstance(kind, str)))


def _choose(
    statements: list[Statement], read: Any, label: str, conflicts: list[str]
) -> tuple[Any, Statement | None]:
    """The value of the best statement that states one, and a conflict note per page saying otherwise."""
    winner: Statement | None = None
    value: Any = None
    for statement in statements:
        candidate = read(statement)
        if candidate is None:
            continue
        if winner is None:
            winner, value = statement, candidate
            continue
        if (
            _stated(winner)
            and _stated(statement)
            and statement.source != winner.source
            and candidate != value
        ):
            note = (
                f"{label}: {winner.source} says {_show(value)}, "
                f"{statement.source} says {_show(candidate)}; kept {_show(value)}"
            )
            if note not in conflicts:
                conflicts.append(note)
    return value, winner


def merge_field(statements: list[Statement], *, annotate: bool) -> tuple[dict[str, Any], bool | None]:
    """The merged schema of one field and whether it is required (None when no page says).

    ``annotate`` adds ``x-source`` (properties and parameters; not roots or array items).
    """
    ranked = sorted(statements, key=lambda s: s.rank)
    conflicts: list[str] = []
    schema: dict[str, Any] = {}
    keywords = list(dict.fromkeys(key for s in ranked for key in s.field.schema))
    for keyword in keywords:
        label = f"`{keyword}`"
        value, _ = _choose(ranked, lambda s, k=keyword: s.field.schema.get(k), label, conflicts)
        if value is not None:
            schema[keyword] = value
    if any(NAME_FROM not in s.field.schema for s in ranked):
        schema.pop(NAME_FROM, None)  # a page of this scrape names the field: no name was borrowed
    shown = _example_types(ranked)
    if len(shown) > 1:  # examples disagree (30 in one, [30, 60] in another) and no list says which
        schema["type"] = shown
    prose_enum = schema.pop(PROSE_ENUM, None)
    if prose_enum is not None and "enum" not in schema and schema.get("type") != "array":
        schema["enum"] = prose_enum  # no page lists the options: the description's list is the enum
    description = next((s.field.description for s in ranked if s.field.description), "")
    if description:
        schema["description"] = description
    required, _ = _choose(ranked, lambda s: s.field.required, "`required`", conflicts)
    kind = schema.get("type")
    listed_children = any(s.field.children and s.field.level > Level.EXAMPLE for s in ranked)
    is_map = (
        bool(_FREE_FORM_RE.search(description)) and not listed_children
    )  # its example's keys are not fields
    if not is_map and (kind in ("object", None) or (isinstance(kind, list) and "object" in kind)):
        _merge_children(ranked, schema, conflicts)
    if kind == "array" or (isinstance(kind, list) and "array" in kind):
        items = [
            s.child(s.field.item)
            for s in ranked
            if s.field.item is not None and not _placeholder(s.field.item)
        ]
        if items:
            schema["items"], _ = merge_field(items, annotate=False)
    if annotate and ranked:
        best = ranked[0]
        schema["x-source"] = best.source
    if conflicts:
        schema["x-docs-conflict"] = "; ".join(conflicts)
    return ordered_schema(schema), required


def _merge_children(ranked: list[Statement], schema: dict[str, Any], conflicts: list[str]) -> None:
    listing = [s for s in ranked if s.field.children and s.field.level > Level.EXAMPLE]
    examples = [s for s in ranked if s.field.children and s.field.level <= Level.EXAMPLE]
    if not listing and not examples:
        return
    # A documented object (listed, maybe without its fields: "schedule / object / Campaign
    # schedule settings.") whose fields only the example shows.
    stated = any(s.field.level > Level.EXAMPLE for s in ranked)
    example_names = list(dict.fromkeys(c.name for s in examples for c in s.field.children))
    names = list(dict.fromkeys(c.name for s in listing for c in s.field.children))
    if not listing and not stated:
        names = example_names
    # Fields only the example body shows (a field list cut short, nested objects left to the
    # example): kept after the listed ones, marked, and never in place of a listed field.
    shown = [name for name in example_names if name not in names] if listing or stated else []
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name in names:
        # The examples' statements rank below the list's: they add what the list does not say
        # (the fields of a listed object the list leaves to the example), never replace it.
        statements = [
            s.child(child) for s in [*listing, *examples] for child in s.field.children if child.name == name
        ]
        properties[name], is_required = merge_field(statements, annotate=True)
        if is_required:
            required.append(name)
    for name in shown:
        statements = [s.child(child) for s in examples for child in s.field.children if child.name == name]
        merged, _ = merge_field(statements, annotate=True)
        properties[name] = ordered_schema({**merged, "x-from-example": True})
    schema.setdefault("type", "object")
    schema["properties"] = properties
    if required:
        schema["required"] = required


def _placeholder(item: DocField) -> bool:
    """An example's ``{}`` item (``[{}]``): a generated placeholder saying "a list", not "of objects"."""
    return item.level is Level.EXAMPLE and item.schema.get("type") == "object" and not item.children


def ordered_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Keywords in a fixed reading order: type first, annotations last."""
    known = [key for key in _KEYWORD_ORDER if key in schema]
    rest = sorted(key for key in schema if key not in _KEYWORD_ORDER)
    return {key: schema[key] for key in [*known, *rest]}
