"""The concept × vendor table: every cell's text computed once, for every rendering.

Markdown, JSON, CSV and HTML show the same facts; computing them here keeps
the templates free of logic and the four files consistent with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.mapping.check import ResolvedCell, ResolvedMapping
from generator.mapping.model import UNITS
from generator.mapping.results_table import (
    ProgressTable,
    ResultsTable,
    build_progress_table,
    build_results_table,
)
from generator.mapping.schema_paths import FieldInfo

__all__ = ["Cell", "Row", "Table", "build_table"]


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
    results: ResultsTable | None = None
    progress: ProgressTable | None = None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _limits(info: FieldInfo, max_items: int | None) -> list[str]:
    parts = []
    if info.minimum is not None and info.maximum is not None:
        parts.append(f"range {_number(info.minimum)}..{_number(info.maximum)}")
    elif info.minimum is not None:
        parts.append(f"minimum {_number(info.minimum)}")
    elif info.maximum is not None:
        parts.append(f"maximum {_number(info.maximum)}")
    if max_items is not None:
        parts.append(f"at most {max_items} item(s)")
    if info.pattern is not None:
        parts.append(f"pattern {info.pattern}")
    if info.required:
        parts.append("required")
    return parts


def _transform(mapping: ResolvedMapping, cell: ResolvedCell) -> str:
    assert cell.mapping is not None
    assert cell.target is not None
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
    if cell.to_integer:
        steps.append("id string → integer (digits only)")
    if cell.canonical.is_list and not cell.target.info.is_list and rules.flag is None:
        steps.append("one item at most")
    op = mapping.source.groups[cell.concept.group].vendors[cell.vendor].step(cell.target.operation)
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
    limits = _limits(cell.target.info, mapping.max_items(cell))
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
    return Table(
        mapping.vendors, tuple(rows), coverage, build_results_table(mapping), build_progress_table(mapping)
    )
