"""The results side as a table: CallResult fields × vendor sources, and the status vocabularies.

Like :mod:`generator.mapping.table`, every cell's text is computed here once,
so Markdown, JSON and HTML show the same facts and the templates only lay
them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.mapping.check import ResolvedMapping
from generator.mapping.results_check import ResolvedRead, ResolvedResults, ResolvedSource

__all__ = [
    "ProgressTable",
    "ResultCell",
    "ResultColumn",
    "ResultRow",
    "ResultsTable",
    "StatusRow",
    "build_progress_table",
    "build_results_table",
]


@dataclass(frozen=True)
class ResultColumn:
    """One source: a vendor's record shape and where it arrives."""

    vendor: str
    label: str
    places: str
    """``postCallWebhook (webhook)``, ``listCalls data[]``."""


@dataclass(frozen=True)
class ResultCell:
    """Where one source keeps one CallResult field, or why it does not."""

    supported: bool
    wire: str
    transform: str
    notes: str
    reason: str

    @property
    def summary(self) -> str:
        """``duration`` or the reason it is unsupported."""
        return self.wire if self.supported else f"unsupported: {self.reason}"


@dataclass(frozen=True)
class ResultRow:
    """One CallResult field across every source."""

    field: str
    type: str
    description: str
    cells: tuple[ResultCell, ...]


@dataclass(frozen=True)
class StatusRow:
    """One canonical status and the wire values that read as it, per vendor."""

    status: str
    values: tuple[str, ...]
    """Per vendor (the table's ``vendors`` order): the wire values, comma-separated."""


@dataclass(frozen=True)
class ResultsTable:
    """The results side, for every rendering."""

    model: str
    columns: tuple[ResultColumn, ...]
    rows: tuple[ResultRow, ...]
    vendors: tuple[str, ...]
    statuses: tuple[StatusRow, ...]
    status_notes: tuple[tuple[str, str], ...]
    vocabularies: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """(vendor, ((wire value, canonical status), ...)) as the mapping gives them."""
    reader_fields: tuple[tuple[str, str], ...]
    """(field, what fills it) of the fields the reader fills itself."""


_READER_TEXT = {
    "vendor": "the vendor whose record it is",
    "vendor_status": "the status exactly as the vendor sent it",
    "notes": "what could not be read, and why",
}


def _transform(read: ResolvedRead) -> str:
    if read.value is not None:
        return f"always {read.value!r}"
    steps = []
    if len(read.wire) > 1:
        steps.append(f"the first present of {', '.join(read.wire)}")
    if read.kind == "status":
        steps.append("the vendor's status vocabulary; unlisted values: unknown")
    elif read.kind == "time":
        zone = f"read in {read.naive}" if read.naive else "left unset unless timezone= is given"
        steps.append(f"date-time → UTC; without an offset: {zone}")
    elif read.kind == "text" and {"integer", "number"} & set(read.wire_types):
        steps.append("number → string")
    elif read.kind == "number" and read.factor != 1:
        steps.append(f"× {read.factor:g}")
    return "; ".join(steps) or "as is"


def _cell(source: ResolvedSource, name: str) -> ResultCell:
    read = next((r for r in source.reads if r.name == name), None)
    if read is None:
        return ResultCell(False, "", "", "", source.source.unsupported.get(name, ""))
    return ResultCell(True, " | ".join(read.wire) or "—", _transform(read), read.notes, "")


def _places(source: ResolvedSource) -> str:
    parts = []
    for place in source.places:
        where = " (webhook)" if place.section == "webhooks" else ""
        parts.append(f"{place.operation}{where}{' ' + place.at if place.at else ''}")
    return ", ".join(parts)


def build_results_table(mapping: ResolvedMapping) -> ResultsTable | None:
    """The results table, or None when the mapping has no results side."""
    resolved: ResolvedResults | None = mapping.results
    if resolved is None:
        return None
    model = mapping.source.canonical[resolved.results.model]
    properties = model.get("properties") or {}
    columns = tuple(ResultColumn(s.source.vendor, s.source.label, _places(s)) for s in resolved.sources)
    rows = tuple(
        ResultRow(
            field=name,
            type=_type(properties[name]),
            description=str(properties[name].get("description", "")),
            cells=tuple(_cell(source, name) for source in resolved.sources),
        )
        for name in resolved.fields
        if name not in _READER_TEXT
    )
    vendors = tuple(dict.fromkeys(s.source.vendor for s in resolved.sources))
    statuses = tuple(
        StatusRow(status, tuple(_status_values(resolved, vendor, status) for vendor in vendors))
        for status in resolved.statuses
    )
    return ResultsTable(
        model=resolved.results.model,
        columns=columns,
        rows=rows,
        vendors=vendors,
        statuses=statuses,
        status_notes=tuple(
            (v, resolved.results.status_notes[v]) for v in vendors if v in resolved.results.status_notes
        ),
        vocabularies=tuple((v, tuple(resolved.results.status_values.get(v, {}).items())) for v in vendors),
        reader_fields=tuple((name, text) for name, text in _READER_TEXT.items() if name in resolved.fields),
    )


def _type(schema: dict[str, object]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _status_values(resolved: ResolvedResults, vendor: str, status: str) -> str:
    """The wire values of ``vendor`` that read as ``status``, and the sources that always give it."""
    values = [w for w, c in resolved.results.status_values.get(vendor, {}).items() if c == status]
    values += [
        f"every {s.source.label} record"
        for s in resolved.sources
        if s.source.vendor == vendor and any(r.kind == "status" and r.value == status for r in s.reads)
    ]
    return ", ".join(values)


@dataclass(frozen=True)
class ProgressTable:
    """Campaign progress: per vendor where its state and each count come from, or why not."""

    model: str
    vendors: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    """(field, per-vendor text): ``createCampaign · data.status (active→active …)`` or ``— reason``."""


def build_progress_table(mapping: ResolvedMapping) -> ProgressTable | None:
    """The progress table, or None when the mapping has no progress section."""
    progress = mapping.progress
    if progress is None or mapping.source.progress is None:
        return None
    model = mapping.source.progress.model
    fields = [n for n in mapping.source.canonical[model].get("properties", {}) if n not in _PROGRESS_READER]
    vendors = tuple(sorted(progress))
    rows = []
    for name in fields:
        cells = []
        for vendor in vendors:
            entry = progress[vendor]
            if entry.reason is not None:
                cells.append(f"— {entry.reason}")
            elif name == "state":
                table = ", ".join(f"{w}→{c}" for w, c in entry.states)
                cells.append(f"{entry.operation} · {_joined(entry.at, entry.state or '')} ({table})")
            elif name in dict(entry.counts):
                cells.append(f"{entry.operation} · {_joined(entry.at, dict(entry.counts)[name])}")
            else:
                cells.append(f"— {entry.unsupported.get(name, '')}")
        rows.append((name, tuple(cells)))
    return ProgressTable(model, vendors, tuple(rows))


_PROGRESS_READER = ("vendor", "campaign_id", "vendor_state", "notes")


def _joined(at: str, path: str) -> str:
    return f"{at}.{path}" if at else path
