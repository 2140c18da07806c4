"""Read ``specs/mapping.yaml`` into typed objects, or say where it is malformed.

The file's shape is checked with a JSON Schema (jsonschema reports every
problem with its path; :func:`generator.spec.locate.locate` turns the path into a
line), so the rest of the mapping code can trust the types it reads.  Whether
what the file says is *true* of the vendor specs is
:mod:`generator.mapping.check`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from generator.mapping.results_model import (
    PROGRESS_SCHEMA,
    RESULTS_SCHEMA,
    Progress,
    Results,
    parse_progress,
    parse_results,
)
from generator.spec.diagnostics import Diagnostic, Severity, SpecError, format_pointer
from generator.spec.loader import SpecDocument, load_document
from generator.spec.locate import locate

__all__ = [
    "UNITS",
    "Concept",
    "FieldMapping",
    "Group",
    "GroupOperation",
    "MappingSource",
    "Target",
    "VendorEntry",
    "VendorGroup",
    "load_mapping",
    "mapping_problem",
]

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600}

_NAME = {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_TARGET = {
    "type": "object",
    "required": ["operation", "field"],
    "additionalProperties": False,
    "properties": {"operation": _TEXT, "field": _TEXT},
}
_ENTRY = {
    "type": "object",
    "oneOf": [
        {
            "required": ["unsupported"],
            "additionalProperties": False,
            "properties": {"unsupported": _TEXT},
        },
        {
            "required": ["operation", "field"],
            "additionalProperties": False,
            "properties": {
                "operation": _TEXT,
                "field": _TEXT,
                "also": {"type": "array", "items": _TARGET},
                "unit": {"enum": list(UNITS)},
                "format": _TEXT,
                "values": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {"type": ["string", "integer", "number", "boolean"]},
                },
                "flag": {"type": ["string", "integer"]},
                "utc": {"type": "boolean"},
                "notes": _TEXT,
            },
        },
    ],
}
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "package", "canonical", "groups", "concepts"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "package": {
            "type": "object",
            "required": ["distribution", "import_name", "version"],
            "additionalProperties": False,
            "properties": {
                "distribution": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                "import_name": _NAME,
                "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
            },
        },
        "canonical": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "object"}},
        "groups": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["model", "label", "vendors"],
                "additionalProperties": False,
                "properties": {
                    "model": _NAME,
                    "label": _TEXT,
                    "timezone_field": _NAME,
                    "date_field": _NAME,
                    "vendors": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "required": ["operations"],
                            "additionalProperties": False,
                            "properties": {
                                "operations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["operation"],
                                        "additionalProperties": False,
                                        "properties": {
                                            "operation": _TEXT,
                                            "each": _NAME,
                                            "after_create": {"type": "boolean"},
                                            "campaign_field": _TEXT,
                                            "set": {"type": "object"},
                                            "id": _TEXT,
                                        },
                                    },
                                },
                                "start": _TEXT,
                                "read": {
                                    "type": "object",
                                    "required": ["operation"],
                                    "additionalProperties": False,
                                    "properties": {"operation": _TEXT, "prefix": _TEXT},
                                },
                            },
                        },
                    },
                },
            },
        },
        "concepts": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label", "group", "field", "vendors"],
                "additionalProperties": False,
                "properties": {
                    "id": _NAME,
                    "label": _TEXT,
                    "group": _NAME,
                    "field": _TEXT,
                    "unit": {"enum": list(UNITS)},
                    "vendors": {"type": "object", "minProperties": 1, "additionalProperties": _ENTRY},
                },
            },
        },
        "unmapped": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "object", "additionalProperties": _TEXT},
            },
        },
        "results": RESULTS_SCHEMA,
        "progress": PROGRESS_SCHEMA,
    },
}


@dataclass(frozen=True)
class Target:
    """A place on the wire: an operation and a field path in its request."""

    operation: str
    field: str


@dataclass(frozen=True)
class FieldMapping:
    """How one vendor holds one concept."""

    target: Target
    also: tuple[Target, ...]
    unit: str | None
    format: str | None
    values: tuple[tuple[str, Any], ...] | None
    flag: str | int | None
    utc: bool
    notes: str


@dataclass(frozen=True)
class VendorEntry:
    """One cell of the concept × vendor grid: a mapping, or why there is none."""

    vendor: str
    mapping: FieldMapping | None
    unsupported: str | None
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class Concept:
    """One idea (retry delay, allowed days) and where each vendor keeps it."""

    id: str
    label: str
    group: str
    field: str
    unit: str | None
    entries: dict[str, VendorEntry]
    location: tuple[str | int, ...]


@dataclass(frozen=True)
class GroupOperation:
    """A request that a canonical value becomes at one vendor."""

    operation: str
    each: str | None
    after_create: bool
    campaign_field: str | None
    constants: tuple[tuple[str, Any], ...]
    location: tuple[str | int, ...]
    id_field: str | None = None
    """Where the success response holds the id the vendor gave what this request created."""


@dataclass(frozen=True)
class VendorGroup:
    """The requests of one group at one vendor, and the response read back."""

    vendor: str
    operations: tuple[GroupOperation, ...]
    read_operation: str | None
    read_prefix: str
    location: tuple[str | int, ...]
    start: str | None = None
    """The state a launch moves the created campaign to (through the status group), if any."""

    def step(self, operation: str) -> GroupOperation | None:
        """The entry of ``operation`` among this vendor's requests, if it is one of them."""
        return next((op for op in self.operations if op.operation == operation), None)


@dataclass(frozen=True)
class Group:
    """A canonical model (Campaign, OutboundCall) and what it becomes per vendor."""

    id: str
    model: str
    label: str
    vendors: dict[str, VendorGroup]
    timezone_field: str | None
    date_field: str | None


@dataclass(frozen=True)
class MappingSource:
    """The parsed mapping file."""

    document: SpecDocument
    package: dict[str, str]
    canonical: dict[str, Any]
    groups: dict[str, Group]
    concepts: tuple[Concept, ...]
    unmapped: dict[str, dict[str, dict[str, str]]]
    results: Results | None = None
    progress: Progress | None = None

    @property
    def vendors(self) -> list[str]:
        """Every vendor the mapping speaks of, sorted."""
        names = {vendor for concept in self.concepts for vendor in concept.entries}
        names.update(vendor for group in self.groups.values() for vendor in group.vendors)
        return sorted(names)


def mapping_problem(
    document: SpecDocument, location: tuple[str | int, ...], message: str, rule: str = "mapping"
) -> Diagnostic:
    """An error at ``location`` of the mapping file, with its line."""
    line, column = locate(document.node, location)
    return Diagnostic(document.file, line, column, Severity.ERROR, rule, message, format_pointer(location))


def _field_mapping(raw: Mapping[str, Any]) -> FieldMapping:
    values = raw.get("values")
    return FieldMapping(
        target=Target(raw["operation"], raw["field"]),
        also=tuple(Target(t["operation"], t["field"]) for t in raw.get("also", ())),
        unit=raw.get("unit"),
        format=raw.get("format"),
        values=tuple((str(k), v) for k, v in values.items()) if values is not None else None,
        flag=raw.get("flag"),
        utc=bool(raw.get("utc", False)),
        notes=str(raw.get("notes", "")),
    )


def _concept(raw: Mapping[str, Any], index: int) -> Concept:
    location: tuple[str | int, ...] = ("concepts", index)
    entries = {
        vendor: VendorEntry(
            vendor=vendor,
            mapping=None if "unsupported" in entry else _field_mapping(entry),
            unsupported=entry.get("unsupported"),
            location=(*location, "vendors", vendor),
        )
        for vendor, entry in raw["vendors"].items()
    }
    return Concept(raw["id"], raw["label"], raw["group"], raw["field"], raw.get("unit"), entries, location)


def _group(name: str, raw: Mapping[str, Any]) -> Group:
    vendors = {}
    for vendor, entry in raw["vendors"].items():
        where: tuple[str | int, ...] = ("groups", name, "vendors", vendor)
        read = entry.get("read") or {}
        vendors[vendor] = VendorGroup(
            vendor=vendor,
            operations=tuple(
                GroupOperation(
                    operation=op["operation"],
                    each=op.get("each"),
                    after_create=bool(op.get("after_create", False)),
                    campaign_field=op.get("campaign_field"),
                    constants=tuple(sorted((op.get("set") or {}).items())),
                    location=(*where, "operations", index),
                    id_field=op.get("id"),
                )
                for index, op in enumerate(entry["operations"])
            ),
            read_operation=read.get("operation"),
            read_prefix=str(read.get("prefix", "")),
            location=where,
            start=entry.get("start"),
        )
    return Group(name, raw["model"], raw["label"], vendors, raw.get("timezone_field"), raw.get("date_field"))


def load_mapping(path: Path) -> MappingSource:
    """Parse and shape-check the mapping file.

    Raises:
        SpecError: the file cannot be read or parsed, or does not have the documented shape.

    """
    document = load_document(path)
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    problems = [
        mapping_problem(document, tuple(error.absolute_path), f"{error.message}")
        for error in sorted(validator.iter_errors(document.data), key=lambda e: list(map(str, e.path)))
    ]
    if problems:
        raise SpecError(problems)
    data = document.data
    concepts = tuple(_concept(raw, index) for index, raw in enumerate(data["concepts"]))
    duplicates = _duplicate_ids(concepts)
    if duplicates:
        raise SpecError(
            [mapping_problem(document, c.location, f"duplicate concept id {c.id!r}") for c in duplicates]
        )
    return MappingSource(
        document=document,
        package={str(k): str(v) for k, v in data["package"].items()},
        canonical=dict(data["canonical"]),
        groups={name: _group(name, raw) for name, raw in data["groups"].items()},
        concepts=concepts,
        unmapped={
            v: {op: dict(fields) for op, fields in ops.items()}
            for v, ops in (data.get("unmapped") or {}).items()
        },
        results=parse_results(data["results"]) if "results" in data else None,
        progress=parse_progress(data["progress"]) if "progress" in data else None,
    )


def _duplicate_ids(concepts: tuple[Concept, ...]) -> list[Concept]:
    seen: set[str] = set()
    duplicates = []
    for concept in concepts:
        if concept.id in seen:
            duplicates.append(concept)
        seen.add(concept.id)
    return duplicates
