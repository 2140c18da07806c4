"""The concept × vendor table: every cell's text computed once, for every rendering.

Markdown, JSON, CSV and HTML show the same facts; computing them here keeps
the templates free of logic and the four files consistent with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.mapping_check import ResolvedCell, ResolvedMapping
from generator.mapping_model import UNITS
from generator.schema_paths import FieldInfo, describe, field_at, parse_path

__all__ = ["Cell", "Row", "Table", "array_info", "build_table", "table_json"]


@dataclass(frozen=True)
class Cell:
    """One vendor's answer for one concept, as text."""

    vendor: str
    supported: bool
    operation: str | None
    field: str | None
    type: str | None
    unit: str | None
    format: str | None
    transform: str | None
    notes: str
    reason: str | None

    @property
    def summary(self) -> str:
        """``createCampaign · schedule.retryGapMin`` or the reason it is unsupported."""
        if not self.supported:
            return f"unsupported: {self.reason}"
        return f"{self.operation} · {self.field}"


@dataclass(frozen=True)
class Row:
    """One concept across every vendor."""

    id: str
    label: str
    group: str
    canonical_field: str
    canonical_type: str
    canonical_unit: str | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """The whole table, with per-vendor coverage."""

    vendors: tuple[str, ...]
    rows: tuple[Row, ...]
    coverage: tuple[tuple[str, int, int], ...]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _limits(info: FieldInfo, array: FieldInfo | None) -> list[str]:
    parts = []
    if info.minimum is not None and info.maximum is not None:
        parts.append(f"range {_number(info.minimum)}..{_number(info.maximum)}")
    elif info.minimum is not None:
        parts.append(f"minimum {_number(info.minimum)}")
    elif info.maximum is not None:
        parts.append(f"maximum {_number(info.maximum)}")
    limit = array.max_items if array is not None else info.max_items
    if limit is not None:
        parts.append(f"at most {limit} item(s)")
    if info.pattern is not None:
        parts.append(f"pattern {info.pattern}")
    if info.required:
        parts.append("required")
    return parts


def array_info(mapping: ResolvedMapping, cell: ResolvedCell) -> FieldInfo | None:
    """The innermost list a wire path goes through (``timeSlots`` of ``timeSlots[].startTime``)."""
    assert cell.target is not None
    segments = parse_path(cell.target.field) or []
    last = max((i for i, (_, into) in enumerate(segments) if into), default=None)
    if last is None:
        return None
    prefix = ".".join(
        f"{n}[]" if into and i < last else n for i, (n, into) in enumerate(segments[: last + 1])
    )
    operation = mapping.operations[(cell.vendor, cell.target.operation)]
    found = field_at(mapping.specs[cell.vendor], operation.body, prefix)
    return describe(mapping.specs[cell.vendor], found[0], required=found[1]) if found is not None else None


def _transform(mapping: ResolvedMapping, cell: ResolvedCell) -> str:
    assert cell.mapping is not None
    assert cell.target is not None
    canonical = mapping.canonical[cell.concept.id]
    rules = cell.mapping
    steps = []
    if rules.flag is not None:
        steps.append(f"true when {rules.flag!r} is in the list")
    if rules.values is not None:
        steps.append("values " + ", ".join(f"{k}→{v}" for k, v in rules.values))
    if cell.concept.unit and rules.unit and cell.concept.unit != rules.unit:
        ratio = UNITS[rules.unit] / UNITS[cell.concept.unit]
        sign = f"÷{_number(ratio)}" if ratio > 1 else f"×{_number(1 / ratio)}"
        steps.append(f"{cell.concept.unit} → {rules.unit} ({sign}, whole {rules.unit} only)")
    if rules.utc:
        steps.append("wall-clock time in the campaign timezone → UTC on the start date")
    wire = cell.target.info
    scalar = canonical.item_types if canonical.types == ("array",) else canonical.types
    wire_scalar = wire.item_types if wire.types == ("array",) else wire.types
    if (
        "string" in scalar
        and rules.values is None
        and "string" not in wire_scalar
        and set(wire_scalar) & {"integer"}
    ):
        steps.append("id string → integer (digits only)")
    if canonical.types == ("array",) and "array" not in wire.types and rules.flag is None:
        steps.append("one item at most")
    group = mapping.source.groups[cell.concept.group].vendors[cell.vendor]
    each = {op.operation: op for op in group.operations}
    op = each.get(cell.target.operation)
    if op is not None and op.each is not None and "[]" not in cell.concept.field:
        steps.append(f"copied into each {op.operation} request")
    if op is not None and op.after_create:
        steps.append(f"follow-up request ({op.operation}) once the vendor's campaign id is known")
    for extra in cell.also:
        steps.append(f"also sent as {extra.operation}.{extra.field}")
    return "; ".join(steps) or "as is"


def _cell(mapping: ResolvedMapping, cell: ResolvedCell) -> Cell:
    if cell.mapping is None or cell.target is None:
        return Cell(cell.vendor, False, None, None, None, None, None, None, "", cell.unsupported)
    notes = [cell.mapping.notes] if cell.mapping.notes else []
    limits = _limits(cell.target.info, array_info(mapping, cell))
    if limits:
        notes.append("Limits: " + ", ".join(limits) + ".")
    return Cell(
        vendor=cell.vendor,
        supported=True,
        operation=cell.target.operation,
        field=cell.target.field,
        type=cell.target.info.label,
        unit=cell.mapping.unit,
        format=cell.mapping.format,
        transform=_transform(mapping, cell),
        notes=" ".join(notes),
        reason=None,
    )


def build_table(mapping: ResolvedMapping) -> Table:
    """The table of a resolved mapping, in the mapping file's concept order."""
    rows = []
    for concept in mapping.source.concepts:
        rows.append(
            Row(
                id=concept.id,
                label=concept.label,
                group=mapping.source.groups[concept.group].label,
                canonical_field=f"{mapping.source.groups[concept.group].model}.{concept.field}",
                canonical_type=mapping.canonical[concept.id].label,
                canonical_unit=concept.unit,
                cells=tuple(_cell(mapping, mapping.cell(concept.id, vendor)) for vendor in mapping.vendors),
            )
        )
    coverage = tuple(
        (vendor, sum(1 for row in rows for c in row.cells if c.vendor == vendor and c.supported), len(rows))
        for vendor in mapping.vendors
    )
    return Table(mapping.vendors, tuple(rows), coverage)


def table_json(table: Table) -> dict[str, Any]:
    """The documented ``field-mapping.json`` shape."""
    concepts = []
    for row in table.rows:
        vendors: dict[str, Any] = {}
        for cell in row.cells:
            if cell.supported:
                vendors[cell.vendor] = {
                    "operation": cell.operation,
                    "field": cell.field,
                    "type": cell.type,
                    "unit": cell.unit,
                    "format": cell.format,
                    "transform": cell.transform,
                    "notes": cell.notes,
                }
            else:
                vendors[cell.vendor] = {"unsupported": cell.reason}
        concepts.append(
            {
                "id": row.id,
                "label": row.label,
                "canonical_type": row.canonical_type,
                "canonical_unit": row.canonical_unit,
                "vendors": vendors,
            }
        )
    return {"vendors": list(table.vendors), "concepts": concepts}
