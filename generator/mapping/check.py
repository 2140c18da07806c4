"""Check the field mapping against the vendor specs, and resolve it for rendering and conversion.

Checked, not trusted: every operation and field the mapping names must exist
in that vendor's spec with a type the canonical field can be converted to;
every vendor has a cell (a mapping or an ``unsupported`` reason) for every
concept; and every request field of every campaign, contact and call
operation is mapped or listed under ``unmapped`` with a reason — like httpx's
test that every lower-level exception is mapped, a field a vendor adds shows
up here instead of being silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.mapping.model import (
    Concept,
    FieldMapping,
    Group,
    GroupOperation,
    MappingSource,
    Target,
    mapping_problem,
)
from generator.mapping.progress_check import ResolvedProgress, check_progress
from generator.mapping.results_check import ResolvedResults, check_results, json_schema, success_schema
from generator.mapping.schema_paths import FieldInfo, describe, field_at, leaf_paths, parse_path
from generator.spec.diagnostics import Diagnostic
from generator.spec.loader import SpecDocument
from generator.spec.walk import iter_operations, resolve_local

__all__ = ["ResolvedCell", "ResolvedMapping", "WireOperation", "WireTarget", "check_mapping"]

# Operations in the completeness check: every one the mapping uses, and every
# one whose tag names one of these (campaigns, contacts, leads, calls, calling).
_SCOPE_TAG_WORDS = ("campaign", "contact", "lead", "call")
WHOLE_BODY = "$"
PATH_PREFIX = "path."


@dataclass(frozen=True)
class WireOperation:
    """An operation of a vendor spec, with what the mapping needs of it."""

    vendor: str
    operation_id: str
    method: str
    route: str
    tags: tuple[str, ...]
    body: Any
    path_params: tuple[str, ...]
    response: Any


@dataclass(frozen=True)
class WireTarget:
    """A resolved place on the wire: where, and what the vendor's spec allows there."""

    operation: str
    field: str
    location: str
    info: FieldInfo


@dataclass(frozen=True)
class ResolvedCell:
    """One concept at one vendor, resolved against the spec."""

    concept: Concept
    vendor: str
    canonical: FieldInfo
    mapping: FieldMapping | None
    unsupported: str | None
    target: WireTarget | None
    also: tuple[WireTarget, ...]

    @property
    def to_integer(self) -> bool:
        """A canonical id string travels as an integer (the check allows it for ``x-identifier`` only)."""
        if self.mapping is None or self.target is None or self.mapping.values is not None:
            return False
        wire = self.target.info.scalar_types
        return (
            self.canonical.identifier
            and "string" in self.canonical.scalar_types
            and "string" not in wire
            and "integer" in wire
        )


@dataclass(frozen=True)
class ResolvedMapping:
    """The mapping with every cell resolved, ready for the renderers and the unified package."""

    source: MappingSource
    vendors: tuple[str, ...]
    canonical: dict[str, FieldInfo]
    cells: dict[tuple[str, str], ResolvedCell]
    operations: dict[tuple[str, str], WireOperation]
    specs: dict[str, Any]
    results: ResolvedResults | None = None
    progress: dict[str, ResolvedProgress] | None = None

    def cell(self, concept: str, vendor: str) -> ResolvedCell:
        """The cell of ``concept`` at ``vendor``."""
        return self.cells[(concept, vendor)]

    def max_items(self, cell: ResolvedCell) -> int | None:
        """How many values the wire place takes: ``maxItems`` of the innermost list on its path."""
        assert cell.target is not None
        segments = parse_path(cell.target.field) or []
        last = max((i for i, (_, into) in enumerate(segments) if into), default=None)
        if last is None:
            return cell.target.info.max_items
        prefix = ".".join(
            f"{n}[]" if into and i < last else n for i, (n, into) in enumerate(segments[: last + 1])
        )
        body = self.operations[(cell.vendor, cell.target.operation)].body
        found = field_at(self.specs[cell.vendor], body, prefix)
        return describe(self.specs[cell.vendor], found[0], required=found[1]).max_items if found else None


def _operations(vendor: str, data: Any) -> dict[str, WireOperation]:
    found = {}
    for site in iter_operations(data):
        operation_id = site.operation.get("operationId")
        if site.section != "paths" or not isinstance(operation_id, str):
            continue
        schema = json_schema(data, site.operation.get("requestBody"))
        parameters = [resolve_local(data, p) for p in (site.path_item.get("parameters") or ())]
        parameters += [resolve_local(data, p) for p in (site.operation.get("parameters") or ())]
        found[operation_id] = WireOperation(
            vendor=vendor,
            operation_id=operation_id,
            method=site.method.upper(),
            route=site.route,
            tags=tuple(str(t) for t in site.operation.get("tags") or ()),
            body=schema,
            path_params=tuple(
                str(p["name"]) for p in parameters if isinstance(p, Mapping) and p.get("in") == "path"
            ),
            response=success_schema(data, site.operation),
        )
    return found


class _Checker:
    """Collects the problems of one mapping against one set of specs."""

    def __init__(self, source: MappingSource, specs: Mapping[str, Any]) -> None:
        self.source = source
        self.specs = specs
        self.problems: list[Diagnostic] = []
        self.operations = {
            (vendor, op_id): op
            for vendor, data in specs.items()
            for op_id, op in _operations(vendor, data).items()
        }

    def problem(self, location: tuple[str | int, ...], message: str) -> None:
        self.problems.append(mapping_problem(self.source.document, location, message))

    def operation(self, vendor: str, name: str, location: tuple[str | int, ...]) -> WireOperation | None:
        found = self.operations.get((vendor, name))
        if found is None:
            known = ", ".join(sorted(op for v, op in self.operations if v == vendor))
            self.problem(location, f"{vendor} has no operation {name!r} (operations: {known})")
        return found

    def wire(  # noqa: PLR0911 - one return per kind of place a field can be
        self, vendor: str, target: Target, location: tuple[str | int, ...]
    ) -> WireTarget | None:
        """The resolved place of ``target``, or None after reporting why it does not exist."""
        operation = self.operation(vendor, target.operation, (*location, "operation"))
        if operation is None:
            return None
        data = self.specs[vendor]
        where = f"{vendor} {target.operation} ({operation.method} {operation.route})"
        if target.field.startswith(PATH_PREFIX):
            name = target.field.removeprefix(PATH_PREFIX)
            if name not in operation.path_params:
                self.problem((*location, "field"), f"{where} has no path parameter {name!r}")
                return None
            return WireTarget(
                target.operation, target.field, "path", describe(data, {"type": "string"}, required=True)
            )
        if operation.body is None:
            self.problem((*location, "field"), f"{where} takes no JSON request body")
            return None
        if target.field == WHOLE_BODY:
            return WireTarget(
                target.operation, target.field, "body", describe(data, operation.body, required=True)
            )
        found = field_at(data, operation.body, target.field)
        if found is None:
            shown = ", ".join(leaf_paths(data, operation.body))
            self.problem(
                (*location, "field"), f"{where} has no request field {target.field!r} (fields: {shown})"
            )
            return None
        return WireTarget(target.operation, target.field, "body", describe(data, found[0], required=found[1]))


def _canonical_field(source: MappingSource, model: str, path: str) -> FieldInfo | None:
    data = {"canonical": source.canonical}
    found = field_at(data, {"$ref": f"#/canonical/{model}"}, path)
    return describe(data, found[0], required=found[1]) if found is not None else None


_NUMERIC = ("integer", "number")


def _compatible(canonical: FieldInfo, mapping: FieldMapping, wire: FieldInfo) -> str | None:
    """Why the canonical field cannot become the wire field, or None when it can."""
    wire_types = set(wire.types)
    if mapping.flag is not None:
        if canonical.types != ("boolean",) or "array" not in wire_types:
            return "a flag maps a canonical boolean to a wire list"
        if wire.enum is not None and mapping.flag not in wire.enum:
            return f"flag {mapping.flag!r} is not one of the wire values {list(wire.enum)}"
        return None
    scalar = canonical.scalar_types
    if canonical.is_list and "array" in wire_types:
        wire_types = set(wire.item_types) or {"string"}
    if mapping.values is not None:
        return _values_problem(canonical, mapping, wire)
    for kind in scalar:
        if kind in wire_types or (kind == "integer" and "number" in wire_types):
            continue
        if kind == "string" and canonical.identifier and wire_types & set(_NUMERIC):
            continue  # identifiers (x-identifier): digits only, checked when converting
        return f"canonical {canonical.label} cannot become wire {wire.label}"
    return None


def _values_problem(canonical: FieldInfo, mapping: FieldMapping, wire: FieldInfo) -> str | None:
    known = set(canonical.enum or ())
    for key, value in mapping.values or ():
        if known and key not in known:
            return f"values: {key!r} is not a canonical value ({', '.join(sorted(map(str, known)))})"
        if wire.enum is not None and value not in wire.enum:
            return f"values: {value!r} is not one of the wire values {list(wire.enum)}"
    return None


def _check_concept(checker: _Checker, concept: Concept, vendors: list[str]) -> Iterator[ResolvedCell]:
    source = checker.source
    group = source.groups.get(concept.group)
    if group is None:
        checker.problem(
            (*concept.location, "group"),
            f"unknown group {concept.group!r} (groups: {', '.join(source.groups)})",
        )
        return
    canonical = _canonical_field(source, group.model, concept.field)
    if canonical is None:
        checker.problem(
            (*concept.location, "field"), f"canonical model {group.model} has no field {concept.field!r}"
        )
        return
    for vendor in vendors:
        entry = concept.entries.get(vendor)
        if entry is None:
            checker.problem(
                (*concept.location, "vendors"),
                f"no entry for vendor {vendor!r}: map it or say why it is unsupported",
            )
            continue
        if vendor not in checker.specs:
            checker.problem(entry.location, f"unknown vendor {vendor!r}")
            continue
        if entry.mapping is None:
            yield ResolvedCell(concept, vendor, canonical, None, entry.unsupported, None, ())
            continue
        yield from _check_cell(checker, concept, canonical, entry.mapping, vendor, entry.location)


def _check_cell(
    checker: _Checker,
    concept: Concept,
    canonical: FieldInfo,
    mapping: FieldMapping,
    vendor: str,
    location: tuple[str | int, ...],
) -> Iterator[ResolvedCell]:
    group = checker.source.groups[concept.group].vendors.get(vendor)
    if group is None:
        checker.problem(location, f"group {concept.group!r} has no operations for {vendor}")
        return
    listed = {op.operation for op in group.operations}
    targets = [(mapping.target, location), *((t, (*location, "also", i)) for i, t in enumerate(mapping.also))]
    resolved = []
    for target, where in targets:
        if target.operation not in listed:
            checker.problem(
                (*where, "operation"),
                f"{target.operation!r} is not one of the {concept.group} operations of {vendor} "
                f"({', '.join(sorted(listed))})",
            )
            continue
        wire = checker.wire(vendor, target, where)
        if wire is None:
            continue
        problem = _compatible(canonical, mapping, wire.info)
        if problem is not None:
            checker.problem(
                (*where, "field"), f"{concept.id} at {vendor} {target.operation}.{target.field}: {problem}"
            )
            continue
        resolved.append(wire)
    if (concept.unit is None) != (mapping.unit is None):
        checker.problem(
            location,
            f"{concept.id}: a unit must be given for the canonical field and every vendor, or for none",
        )
    if len(resolved) == len(targets):
        yield ResolvedCell(concept, vendor, canonical, mapping, None, resolved[0], tuple(resolved[1:]))


def _covered(path: str, mapped: set[str]) -> bool:
    return any(path == m or path.startswith((f"{m}.", f"{m}[]")) for m in mapped)


def _check_completeness(checker: _Checker, cells: list[ResolvedCell]) -> None:
    source = checker.source
    mapped: dict[tuple[str, str], set[str]] = {}
    for cell in cells:
        for wire in (cell.target, *cell.also):
            if wire is not None:
                mapped.setdefault((cell.vendor, wire.operation), set()).add(wire.field)
    used = set()
    for group in source.groups.values():
        for vendor_group in group.vendors.values():
            for op in vendor_group.operations:
                used.add((vendor_group.vendor, op.operation))
                fields = mapped.setdefault((vendor_group.vendor, op.operation), set())
                fields.update(name for name, _ in op.constants)
                if op.campaign_field:
                    fields.add(op.campaign_field)
    for (vendor, op_id), operation in sorted(checker.operations.items()):
        tagged = any(word in tag.lower() for tag in operation.tags for word in _SCOPE_TAG_WORDS)
        if operation.body is None or not ((vendor, op_id) in used or tagged):
            continue
        unmapped = source.unmapped.get(vendor, {}).get(op_id, {})
        if "*" in unmapped:
            continue
        listed = mapped.get((vendor, op_id), set()) | set(unmapped)
        for path in leaf_paths(checker.specs[vendor], operation.body):
            if not _covered(path, listed):
                checker.problem(
                    ("unmapped", vendor),
                    f"request field {vendor} {op_id}.{path} ({operation.method} {operation.route}) "
                    "is neither mapped to a concept nor listed under unmapped with a reason",
                )
    _check_unmapped_entries(checker, mapped)


def _check_unmapped_entries(checker: _Checker, mapped: Mapping[tuple[str, str], set[str]]) -> None:
    """Every ``unmapped`` entry names a real request field that no concept maps."""
    for vendor, operations in checker.source.unmapped.items():
        if vendor not in checker.specs:
            checker.problem(("unmapped", vendor), f"unknown vendor {vendor!r}")
            continue
        for op_id, fields in operations.items():
            where: tuple[str | int, ...] = ("unmapped", vendor, op_id)
            operation = checker.operation(vendor, op_id, where)
            if operation is None:
                continue
            for path in fields:
                if path == "*":
                    continue
                if operation.body is None or field_at(checker.specs[vendor], operation.body, path) is None:
                    checker.problem((*where, path), f"{vendor} {op_id} has no request field {path!r}")
                elif _covered(path, mapped.get((vendor, op_id), set())):
                    checker.problem(
                        (*where, path), f"{vendor} {op_id}.{path} is mapped; remove it from unmapped"
                    )


def _check_group_operation(checker: _Checker, group: Group, vendor: str, op: GroupOperation) -> None:
    """One request of a group: it exists, and its ``each``, ``set``, ``id`` and ``campaign_field`` hold."""
    operation = checker.operation(vendor, op.operation, (*op.location, "operation"))
    if operation is None:
        return
    if op.each is not None and _canonical_field(checker.source, group.model, f"{op.each}[]") is None:
        checker.problem((*op.location, "each"), f"{group.model} has no list field {op.each!r}")
    for name, _ in op.constants:
        if operation.body is None or field_at(checker.specs[vendor], operation.body, name) is None:
            checker.problem(
                (*op.location, "set", name),
                f"{vendor} {op.operation} has no request field {name!r}",
            )
    if op.id_field is not None and (
        operation.response is None or field_at(checker.specs[vendor], operation.response, op.id_field) is None
    ):
        shown = ", ".join(leaf_paths(checker.specs[vendor], operation.response or {}))
        checker.problem(
            (*op.location, "id"),
            f"{vendor} {op.operation}'s success response has no field {op.id_field!r} "
            f"(fields: {shown or 'none'})",
        )
    if op.campaign_field and (
        operation.body is None or field_at(checker.specs[vendor], operation.body, op.campaign_field) is None
    ):
        checker.problem(
            (*op.location, "campaign_field"),
            f"{vendor} {op.operation} has no request field {op.campaign_field!r}",
        )


def _check_groups(checker: _Checker) -> None:
    for group in checker.source.groups.values():
        if group.model not in checker.source.canonical:
            checker.problem(("groups", group.id, "model"), f"no canonical model {group.model!r}")
        for vendor, vendor_group in group.vendors.items():
            if vendor not in checker.specs:
                checker.problem(vendor_group.location, f"unknown vendor {vendor!r}")
                continue
            for op in vendor_group.operations:
                _check_group_operation(checker, group, vendor, op)
            if vendor_group.start is not None:
                _check_start(checker, vendor, vendor_group.start, (*vendor_group.location, "start"))
            if vendor_group.read_operation is not None:
                read = checker.operation(
                    vendor, vendor_group.read_operation, (*vendor_group.location, "read", "operation")
                )
                if read is not None and read.response is None:
                    checker.problem(
                        (*vendor_group.location, "read"),
                        f"{vendor} {read.operation_id} has no JSON response to read",
                    )


def _check_start(checker: _Checker, vendor: str, state: str, location: tuple[str | int, ...]) -> None:
    """``start`` names a state the status group can send to ``vendor``."""
    groups = [g for g in checker.source.groups.values() if g.model == "StatusChange"]
    if not groups or vendor not in groups[0].vendors:
        checker.problem(location, f"start: {vendor} has no status-change operations to start a campaign with")
        return
    found = field_at({"canonical": checker.source.canonical}, {"$ref": "#/canonical/StatusChange"}, "status")
    states = (
        describe({"canonical": checker.source.canonical}, found[0], required=True).enum if found else None
    )
    if states is not None and state not in states:
        checker.problem(location, f"start: {state!r} is not a campaign state ({', '.join(map(str, states))})")


def check_mapping(
    source: MappingSource, specs: Mapping[str, SpecDocument]
) -> tuple[ResolvedMapping | None, list[Diagnostic]]:
    """Resolve ``source`` against the vendor specs; None with the problems when it does not hold."""
    data = {vendor: document.data for vendor, document in specs.items()}
    checker = _Checker(source, data)
    vendors = sorted(specs)
    for vendor in source.vendors:
        if vendor not in specs:
            checker.problem(("concepts",), f"the mapping names vendor {vendor!r}, which has no spec")
    for concept in source.concepts:
        if parse_path(concept.field) is None:
            checker.problem((*concept.location, "field"), f"malformed field path {concept.field!r}")
    _check_groups(checker)
    cells = [cell for concept in source.concepts for cell in _check_concept(checker, concept, vendors)]
    if not checker.problems:  # a broken cell would also show up as unmapped fields: noise
        _check_completeness(checker, cells)
    results, result_problems = check_results(source, data)
    checker.problems.extend(result_problems)
    progress, progress_problems = check_progress(source, data)
    checker.problems.extend(progress_problems)
    if checker.problems:
        return None, checker.problems
    canonical = {cell.concept.id: cell.canonical for cell in cells}
    return (
        ResolvedMapping(
            source=source,
            vendors=tuple(vendors),
            canonical=canonical,
            cells={(cell.concept.id, cell.vendor): cell for cell in cells},
            operations=checker.operations,
            specs=data,
            results=results,
            progress=progress,
        ),
        [],
    )
