"""The results side of ``specs/mapping.yaml``: where each vendor reports what happened on a call.

The request side maps canonical fields onto the requests a vendor takes; this
side maps the records a vendor sends back (webhook bodies, call records in
responses) onto one canonical model.  It is parsed here into typed objects;
whether it is true of the specs is :mod:`generator.mapping.results_check`'s job.
The shape itself is checked with the rest of the file (``RESULTS_SCHEMA`` is
part of the mapping's JSON Schema).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PROGRESS_FIELDS",
    "PROGRESS_SCHEMA",
    "READER_FIELDS",
    "RESULTS_SCHEMA",
    "Progress",
    "ProgressEntry",
    "ResultField",
    "ResultPlace",
    "ResultSource",
    "Results",
    "parse_progress",
    "parse_results",
]

READER_FIELDS = ("vendor", "vendor_status", "notes")
"""CallResult fields the reader fills itself: no source maps them."""

_TEXT = {"type": "string", "minLength": 1}
_WIRE = {
    "oneOf": [_TEXT, {"type": "array", "minItems": 1, "items": _TEXT}],
}
_FIELD = {
    "oneOf": [
        _TEXT,
        {"type": "array", "minItems": 1, "items": _TEXT},
        {
            "type": "object",
            "additionalProperties": False,
            "oneOf": [{"required": ["field"]}, {"required": ["value", "notes"]}],
            "properties": {
                "field": _WIRE,
                "value": _TEXT,
                "unit": {"enum": ["seconds", "minutes", "hours"]},
                "naive": _TEXT,
                "notes": _TEXT,
            },
        },
    ]
}
_REASONS = {"type": "object", "additionalProperties": _TEXT}
RESULTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["model", "status_values", "sources"],
    "additionalProperties": False,
    "properties": {
        "model": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
        "status_values": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _TEXT},
        },
        "status_notes": _REASONS,
        "unread": {"type": "object", "additionalProperties": _REASONS},
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["vendor", "label", "places", "fields"],
                "additionalProperties": False,
                "properties": {
                    "vendor": _TEXT,
                    "label": _TEXT,
                    "places": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["operation"],
                            "additionalProperties": False,
                            "properties": {"operation": _TEXT, "at": _TEXT},
                        },
                    },
                    "fields": {"type": "object", "minProperties": 1, "additionalProperties": _FIELD},
                    "unsupported": _REASONS,
                    "unmapped": _REASONS,
                },
            },
        },
    },
}


@dataclass(frozen=True)
class ResultPlace:
    """Where records of a source arrive: a webhook's body or an operation's success response."""

    operation: str
    at: str
    """The record's path in the body (``data``, ``data[]`` for a list); empty: the body itself."""
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class ResultField:
    """Where one CallResult field sits in a record."""

    name: str
    wire: tuple[str, ...]
    """Alternatives, first present wins; empty for a constant."""
    value: str | None
    unit: str | None
    naive: str | None
    notes: str
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class ResultSource:
    """One record shape of one vendor, and how it reads as a CallResult."""

    vendor: str
    label: str
    places: tuple[ResultPlace, ...]
    fields: tuple[ResultField, ...]
    unsupported: dict[str, str]
    unmapped: dict[str, str]
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class Results:
    """The parsed ``results`` section."""

    model: str
    status_values: dict[str, dict[str, str]]
    status_notes: dict[str, str]
    sources: tuple[ResultSource, ...]
    unread: dict[str, dict[str, str]]
    """Call operations and webhooks no source reads, by vendor, with the reason."""


def _field(name: str, raw: Any, location: tuple[str | int, ...]) -> ResultField:
    if isinstance(raw, str | list):
        raw = {"field": raw}
    wire = raw.get("field", ())
    return ResultField(
        name=name,
        wire=(wire,) if isinstance(wire, str) else tuple(wire),
        value=raw.get("value"),
        unit=raw.get("unit"),
        naive=raw.get("naive"),
        notes=str(raw.get("notes", "")),
        location=location,
    )


def parse_results(raw: Mapping[str, Any]) -> Results:
    """The typed ``results`` section (its shape already checked)."""
    sources = []
    for index, entry in enumerate(raw["sources"]):
        where: tuple[str | int, ...] = ("results", "sources", index)
        sources.append(
            ResultSource(
                vendor=entry["vendor"],
                label=entry["label"],
                places=tuple(
                    ResultPlace(p["operation"], str(p.get("at", "")), (*where, "places", i))
                    for i, p in enumerate(entry["places"])
                ),
                fields=tuple(
                    _field(name, value, (*where, "fields", name)) for name, value in entry["fields"].items()
                ),
                unsupported=dict(entry.get("unsupported") or {}),
                unmapped=dict(entry.get("unmapped") or {}),
                location=where,
            )
        )
    return Results(
        model=raw["model"],
        status_values={v: dict(table) for v, table in raw["status_values"].items()},
        status_notes=dict(raw.get("status_notes") or {}),
        sources=tuple(sources),
        unread={v: dict(ops) for v, ops in (raw.get("unread") or {}).items()},
    )


PROGRESS_FIELDS = ("vendor", "campaign_id", "state", "vendor_state", "notes")
"""CampaignProgress fields the reader fills itself (the rest are counts the mapping maps)."""

PROGRESS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["model", "vendors"],
    "additionalProperties": False,
    "properties": {
        "model": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
        "vendors": {
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["unsupported"],
                        "additionalProperties": False,
                        "properties": {"unsupported": _TEXT},
                    },
                    {
                        "type": "object",
                        "required": ["operation", "state", "states"],
                        "additionalProperties": False,
                        "properties": {
                            "operation": _TEXT,
                            "at": _TEXT,
                            "state": _TEXT,
                            "states": {"type": "object", "minProperties": 1, "additionalProperties": _TEXT},
                            "counts": {"type": "object", "additionalProperties": _TEXT},
                            "unsupported": _REASONS,
                        },
                    },
                ]
            },
        },
    },
}


@dataclass(frozen=True)
class ProgressEntry:
    """Where one vendor tells a campaign's progress, or why it does not."""

    vendor: str
    operation: str | None
    at: str
    state: str | None
    states: dict[str, str]
    counts: dict[str, str]
    unsupported: dict[str, str]
    reason: str | None
    """Why the vendor tells no progress at all (the entry is ``unsupported``)."""
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class Progress:
    """The parsed ``progress`` section."""

    model: str
    vendors: dict[str, ProgressEntry]


def parse_progress(raw: Mapping[str, Any]) -> Progress:
    """The typed ``progress`` section (its shape already checked)."""
    vendors = {}
    for vendor, entry in raw["vendors"].items():
        whole = entry.get("unsupported") if isinstance(entry.get("unsupported"), str) else None
        vendors[vendor] = ProgressEntry(
            vendor=vendor,
            operation=entry.get("operation"),
            at=str(entry.get("at", "")),
            state=entry.get("state"),
            states=dict(entry.get("states") or {}),
            counts=dict(entry.get("counts") or {}),
            unsupported={} if whole is not None else dict(entry.get("unsupported") or {}),
            reason=whole,
            location=("progress", "vendors", vendor),
        )
    return Progress(raw["model"], vendors)
