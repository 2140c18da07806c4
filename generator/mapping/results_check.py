"""Check the results side of the mapping against the vendor specs, and resolve it for the reader.

Checked, not trusted, in both directions, like the request side:

- every field a source names exists in every place its records arrive, with
  a type the canonical field can hold; every field of every record is mapped
  or listed under ``unmapped`` with a reason; every CallResult field is
  mapped or ``unsupported`` with a reason;
- every webhook of every vendor, and every GET operation tagged for calls, is
  read by a source or listed under ``unread`` with a reason;
- a status vocabulary holds only values the vendor's spec lists (an enum, all
  of it) or names (a status field's description): a table cannot invent a
  value the vendor never sends.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.mapping.model import UNITS, MappingSource, mapping_problem
from generator.mapping.results_model import READER_FIELDS, ResultField, ResultPlace, Results, ResultSource
from generator.mapping.schema_paths import FieldInfo, describe, field_at, leaf_paths
from generator.spec.diagnostics import Diagnostic
from generator.spec.walk import JSON_MEDIA, iter_operations, resolve_local

__all__ = [
    "ResolvedPlace",
    "ResolvedRead",
    "ResolvedResults",
    "ResolvedSource",
    "check_results",
    "iter_status_table",
    "json_schema",
    "record_schemas",
    "success_schema",
]

STATUS = "status"
_SCOPE_TAG_WORD = "call"
_KIND_ACCEPTS = {
    "text": {"string", "integer", "number"},
    "time": {"string"},
    "number": {"integer", "number"},
    "object": {"object"},
    "status": {"string"},
}


@dataclass(frozen=True)
class ResolvedPlace:
    """A place records arrive, found in the spec."""

    operation: str
    at: str
    section: str
    """``webhooks`` (the record is in the request body) or ``paths`` (in the success response)."""
    route: str
    record: Any


@dataclass(frozen=True)
class ResolvedRead:
    """How the reader fills one CallResult field from one source."""

    name: str
    kind: str
    wire: tuple[str, ...]
    wire_types: tuple[str, ...]
    factor: float
    value: str | None
    naive: str | None
    notes: str


@dataclass(frozen=True)
class ResolvedSource:
    """A source with its places and reads resolved."""

    source: ResultSource
    places: tuple[ResolvedPlace, ...]
    reads: tuple[ResolvedRead, ...]


@dataclass(frozen=True)
class ResolvedResults:
    """The results side, ready for the table and the unified package."""

    results: Results
    sources: tuple[ResolvedSource, ...]
    fields: tuple[str, ...]
    """CallResult's fields in the model's order."""
    statuses: tuple[str, ...]


def record_schemas(data: Any) -> dict[str, tuple[str, str, str, Any]]:
    """(section, route, method, body or response schema) of every operation and webhook by id."""
    found = {}
    for site in iter_operations(data):
        operation_id = site.operation.get("operationId")
        if not isinstance(operation_id, str):
            continue
        if site.section == "webhooks":
            schema = json_schema(data, site.operation.get("requestBody"))
        else:
            schema = success_schema(data, site.operation)
        found[operation_id] = (site.section, site.route, site.method, schema)
    return found


def json_schema(data: Any, holder: Any) -> Any:
    """The JSON media schema of a request body or response (``holder``, resolved), if any."""
    resolved = resolve_local(data, holder)
    content = resolved.get("content") if isinstance(resolved, Mapping) else None
    if not isinstance(content, Mapping):
        return None
    return next(
        (m.get("schema") for t, m in content.items() if JSON_MEDIA.match(t) and isinstance(m, Mapping)), None
    )


def success_schema(data: Any, operation: Mapping[str, Any]) -> Any:
    """The JSON schema of the first 2xx response of ``operation`` that has one."""
    responses = operation.get("responses") or {}
    for key in sorted((k for k in responses if str(k).startswith("2")), key=str):  # "200", 200 or "2XX"
        schema = json_schema(data, responses[key])
        if schema is not None:
            return schema
    return None


def _kind(canonical: Mapping[str, Any], name: str) -> str:
    schema = canonical.get(name) or {}
    if name == STATUS:
        return "status"
    if schema.get("format") == "date-time":
        return "time"
    return {"number": "number", "integer": "number", "object": "object"}.get(str(schema.get("type")), "text")


def _covered(path: str, listed: set[str]) -> bool:
    return any(path == m or path.startswith((f"{m}.", f"{m}[]")) for m in listed)


class _Checker:
    def __init__(self, source: MappingSource, specs: Mapping[str, Any], results: Results) -> None:
        self.source = source
        self.specs = specs
        self.results = results
        self.problems: list[Diagnostic] = []
        self.records = {vendor: record_schemas(data) for vendor, data in specs.items()}
        model = source.canonical.get(results.model) or {}
        self.canonical: dict[str, Any] = dict(model.get("properties") or {})
        status = resolve_local({"canonical": source.canonical}, self.canonical.get(STATUS) or {})
        self.statuses = tuple(str(s) for s in (status.get("enum") or ()))

    def problem(self, location: tuple[str | int, ...], message: str) -> None:
        self.problems.append(mapping_problem(self.source.document, location, message))

    def place(self, vendor: str, place: ResultPlace) -> ResolvedPlace | None:
        known = self.records[vendor]
        if place.operation not in known:
            self.problem(
                (*place.location, "operation"),
                f"{vendor} has no operation or webhook {place.operation!r} "
                f"(known: {', '.join(sorted(known))})",
            )
            return None
        section, route, _, schema = known[place.operation]
        where = f"{vendor} {place.operation}"
        if schema is None:
            what = "request body" if section == "webhooks" else "success response"
            self.problem((*place.location, "operation"), f"{where} has no JSON {what} to read")
            return None
        record = schema
        if place.at:
            found = field_at(self.specs[vendor], schema, place.at)
            if found is None:
                shown = ", ".join(leaf_paths(self.specs[vendor], schema))
                self.problem((*place.location, "at"), f"{where} has no {place.at!r} (fields: {shown})")
                return None
            record = found[0]
        return ResolvedPlace(place.operation, place.at, section, route, record)

    def info(self, vendor: str, place: ResolvedPlace, path: str) -> FieldInfo | None:
        found = field_at(self.specs[vendor], place.record, path)
        return describe(self.specs[vendor], found[0], required=found[1]) if found is not None else None

    def read(
        self, source: ResultSource, places: list[ResolvedPlace], field: ResultField
    ) -> ResolvedRead | None:
        """How ``field`` reads from every place of ``source``, or None after reporting why it cannot."""
        kind = _kind(self.canonical, field.name)
        if field.value is not None:
            if kind == "status" and field.value in self.statuses:
                return ResolvedRead(field.name, kind, (), (), 1.0, field.value, None, field.notes)
            problem: str | None = (
                f"value {field.value!r}: only status takes a constant, one of {', '.join(self.statuses)}"
            )
            types: tuple[str, ...] = ()
        else:
            types, problem = self._wire_types(source, places, field, kind)
            problem = problem or self._settings_problem(field, kind)
        if problem is not None:
            self.problem(field.location, problem)
            return None
        unit = (self.canonical.get(field.name) or {}).get("x-unit")
        factor = UNITS[field.unit] / UNITS[unit] if unit and field.unit else 1.0
        return ResolvedRead(field.name, kind, field.wire, types, factor, None, field.naive, field.notes)

    def _wire_types(
        self, source: ResultSource, places: list[ResolvedPlace], field: ResultField, kind: str
    ) -> tuple[tuple[str, ...], str | None]:
        """The wire types of ``field`` in every place, or why they cannot become the canonical kind."""
        types: list[str] = []
        for wire in field.wire:
            infos = [(p, self.info(source.vendor, p, wire)) for p in places]
            if all(info is None for _, info in infos):
                fields = ", ".join(leaf_paths(self.specs[source.vendor], places[0].record))
                return (), f"{source.vendor} {places[0].operation} has no field {wire!r} (fields: {fields})"
            for place, info in infos:
                if info is not None and info.types and not set(info.types) & _KIND_ACCEPTS[kind]:
                    return (), (
                        f"{field.name} at {source.vendor} {place.operation}.{wire}: wire {info.label} "
                        f"cannot become canonical {kind}"
                    )
                types.extend(t for t in (info.types if info else ()) if t not in types)
        for place in places:
            if all(self.info(source.vendor, place, w) is None for w in field.wire):
                return (), (
                    f"{source.vendor} {place.operation} has none of {', '.join(field.wire)}: "
                    "a source's places must hold the same record"
                )
        return tuple(types), None

    def _settings_problem(self, field: ResultField, kind: str) -> str | None:
        """Why ``unit`` or ``naive`` does not fit the field, or None."""
        if ((self.canonical.get(field.name) or {}).get("x-unit") is None) != (field.unit is None):
            return f"{field.name}: give `unit` exactly when the canonical field has one"
        if field.naive is None:
            return None
        if kind != "time":
            return f"{field.name}: `naive` is for times only"
        try:
            zoneinfo.ZoneInfo(field.naive)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return f"naive: {field.naive!r} is not an IANA timezone"
        return None

    def source_reads(self, source: ResultSource) -> ResolvedSource | None:
        if source.vendor not in self.specs:
            self.problem((*source.location, "vendor"), f"unknown vendor {source.vendor!r}")
            return None
        places = [p for p in (self.place(source.vendor, place) for place in source.places) if p is not None]
        if len(places) != len(source.places):
            return None
        named = {f.name for f in source.fields}
        for field in source.fields:
            if field.name not in self.canonical or field.name in READER_FIELDS:
                self.problem(
                    field.location,
                    f"{field.name!r} is not a CallResult field a source maps "
                    f"({', '.join(n for n in self.canonical if n not in READER_FIELDS)})",
                )
        for name in source.unsupported:
            if name not in self.canonical or name in named:
                self.problem(
                    (*source.location, "unsupported", name),
                    f"{name!r} is mapped or not a CallResult field: remove it from unsupported",
                )
        for name in self.canonical:
            if name not in READER_FIELDS and name not in named and name not in source.unsupported:
                self.problem(
                    (*source.location, "fields"),
                    f"CallResult.{name} is neither mapped for {source.label} nor unsupported with a reason",
                )
        reads = [self.read(source, places, f) for f in source.fields if f.name in self.canonical]
        self.completeness(source, places)
        if any(r is None for r in reads):
            return None
        return ResolvedSource(source, tuple(places), tuple(r for r in reads if r is not None))

    def completeness(self, source: ResultSource, places: list[ResolvedPlace]) -> None:
        mapped = {wire for field in source.fields for wire in field.wire}
        listed = mapped | set(source.unmapped)
        for place in places:
            for path in leaf_paths(self.specs[source.vendor], place.record):
                if not _covered(path, listed):
                    self.problem(
                        (*source.location, "unmapped"),
                        f"field {source.vendor} {place.operation}.{path} of {source.label} is neither mapped "
                        "to a CallResult field nor listed under unmapped with a reason",
                    )
        for path in source.unmapped:
            where = (*source.location, "unmapped", path)
            if all(self.info(source.vendor, p, path) is None for p in places):
                self.problem(where, f"{source.vendor} {places[0].operation} has no field {path!r}")
            elif _covered(path, mapped):
                self.problem(where, f"{path!r} is mapped; remove it from unmapped")

    def vocabulary(self, sources: list[ResolvedSource]) -> None:
        results = self.results
        vendors = {s.vendor for s in results.sources}
        for vendor in sorted(vendors - set(results.status_values)):
            self.problem(
                ("results", "status_values"), f"no status vocabulary for {vendor} (give {{}} for none)"
            )
        for vendor, table in results.status_values.items():
            where: tuple[str | int, ...] = ("results", "status_values", vendor)
            if vendor not in vendors:
                self.problem(where, f"{vendor!r} has no results source")
                continue
            enums, texts = self._documented_statuses(vendor, sources)
            for wire_value, canonical_value in table.items():
                if canonical_value not in self.statuses:
                    self.problem(
                        (*where, wire_value),
                        f"{canonical_value!r} is not a {results.model} status ({', '.join(self.statuses)})",
                    )
                documented = wire_value in enums or any(
                    re.search(rf"(?<![\w-]){re.escape(wire_value)}(?![\w-])", text) for text in texts
                )
                if not documented:
                    self.problem(
                        (*where, wire_value),
                        f"{vendor} status {wire_value!r} is neither a value its spec lists nor one a status "
                        "field's description names: a vocabulary holds only documented values",
                    )
            missing = sorted(enums - set(table))
            if missing:
                self.problem(
                    where, f"{vendor} status values {missing} have no entry: map each (unknown is a value)"
                )

    def _documented_statuses(self, vendor: str, sources: list[ResolvedSource]) -> tuple[set[str], list[str]]:
        """The enum values and the descriptions of every status field of ``vendor``'s records."""
        enums: set[str] = set()
        texts: list[str] = []
        for resolved in sources:
            if resolved.source.vendor != vendor:
                continue
            wires = [w for read in resolved.reads if read.kind == "status" for w in read.wire]
            for wire, place in ((w, p) for w in wires for p in resolved.places):
                found = field_at(self.specs[vendor], place.record, wire)
                if found is None:
                    continue
                info = describe(self.specs[vendor], found[0], required=found[1])
                enums.update(str(v) for v in info.enum or ())
                texts.append(str(resolve_local(self.specs[vendor], found[0]).get("description", "")))
        return enums, texts

    def scope(self, sources: list[ResultSource]) -> None:
        read = {(s.vendor, p.operation) for s in sources for p in s.places}
        for vendor, data in sorted(self.specs.items()):
            unread = self.results.unread.get(vendor, {})
            for site in iter_operations(data):
                operation_id = site.operation.get("operationId")
                tagged = any(_SCOPE_TAG_WORD in str(tag).lower() for tag in site.operation.get("tags") or ())
                in_scope = site.section == "webhooks" or (site.method == "get" and tagged)
                if not isinstance(operation_id, str) or not in_scope:
                    continue
                if (vendor, operation_id) in read and operation_id in unread:
                    self.problem(
                        ("results", "unread", vendor, operation_id), f"{operation_id} is read by a source"
                    )
                elif (vendor, operation_id) not in read and operation_id not in unread:
                    what = "webhook" if site.section == "webhooks" else f"GET {site.route}"
                    self.problem(
                        ("results", "sources"),
                        f"{vendor} {operation_id} ({what}) is neither read by a results source "
                        "nor listed under results.unread with a reason",
                    )
            for operation_id in unread:
                if operation_id not in self.records[vendor]:
                    self.problem(
                        ("results", "unread", vendor, operation_id), f"{vendor} has no {operation_id!r}"
                    )


def check_results(
    source: MappingSource, specs: Mapping[str, Any]
) -> tuple[ResolvedResults | None, list[Diagnostic]]:
    """Resolve the results side against the vendor specs (JSON data by vendor)."""
    results = source.results
    if results is None:
        return None, []
    checker = _Checker(source, specs, results)
    if not checker.canonical or not checker.statuses:
        checker.problem(
            ("results", "model"),
            f"canonical model {results.model!r} must exist, with a status field holding an enum",
        )
        return None, checker.problems
    resolved = [r for r in (checker.source_reads(s) for s in results.sources) if r is not None]
    checker.vocabulary(resolved)
    checker.scope(list(results.sources))
    if checker.problems:
        return None, checker.problems
    return ResolvedResults(results, tuple(resolved), tuple(checker.canonical), checker.statuses), []


def iter_status_table(resolved: ResolvedResults, vendor: str) -> Iterator[tuple[str, str]]:
    """(wire value, canonical value) of ``vendor``'s vocabulary, in the mapping's order."""
    yield from resolved.results.status_values.get(vendor, {}).items()
