"""Check the ``progress`` section against the vendor specs: where each vendor tells a campaign's progress.

Like the results side: the operation must be a GET with a JSON answer (reading
progress must not change anything at the vendor), every count must be an
integer field of the campaign object, the state table must cover the state
field's enum with canonical states and invent no value, and every count of the
canonical model is mapped or ``unsupported`` with a reason, for every vendor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.mapping.model import MappingSource, mapping_problem
from generator.mapping.results_check import record_schemas
from generator.mapping.results_model import PROGRESS_FIELDS, ProgressEntry
from generator.mapping.schema_paths import describe, field_at, leaf_paths
from generator.spec.diagnostics import Diagnostic
from generator.spec.walk import resolve_local

__all__ = ["ResolvedProgress", "check_progress"]


@dataclass(frozen=True)
class ResolvedProgress:
    """One vendor's progress reading, checked."""

    vendor: str
    operation: str | None
    at: str
    state: str | None
    states: tuple[tuple[str, str], ...]
    counts: tuple[tuple[str, str], ...]
    unsupported: dict[str, str]
    reason: str | None


class _Checker:
    def __init__(self, source: MappingSource, specs: Mapping[str, Any]) -> None:
        self.source = source
        self.specs = specs
        self.problems: list[Diagnostic] = []
        assert source.progress is not None
        self.model = source.progress.model
        model = source.canonical.get(self.model) or {}
        self.fields: dict[str, Any] = dict(model.get("properties") or {})
        data = {"canonical": source.canonical}
        state = resolve_local(data, self.fields.get("state") or {})
        self.states = tuple(str(s) for s in state.get("enum") or ())

    def problem(self, location: tuple[str | int, ...], message: str) -> None:
        self.problems.append(mapping_problem(self.source.document, location, message))

    def entry(self, entry: ProgressEntry) -> ResolvedProgress | None:
        vendor = entry.vendor
        if vendor not in self.specs:
            self.problem(entry.location, f"unknown vendor {vendor!r}")
            return None
        if entry.reason is not None:
            return ResolvedProgress(vendor, None, "", None, (), (), {}, entry.reason)
        campaign = self._campaign(entry)
        if campaign is None:
            return None
        self._counts(entry, campaign)
        self._states(entry, campaign)
        return ResolvedProgress(
            vendor,
            entry.operation,
            entry.at,
            entry.state,
            tuple(entry.states.items()),
            tuple(entry.counts.items()),
            entry.unsupported,
            None,
        )

    def _campaign(self, entry: ProgressEntry) -> Any:
        known = record_schemas(self.specs[entry.vendor])
        where = (*entry.location, "operation")
        if entry.operation not in known:
            self.problem(where, f"{entry.vendor} has no operation {entry.operation!r}")
            return None
        section, _, method, schema = known[entry.operation]
        if section != "paths" or method != "get" or schema is None:
            self.problem(where, f"{entry.vendor} {entry.operation} is not a GET with a JSON answer")
            return None
        if not entry.at:
            return schema
        found = field_at(self.specs[entry.vendor], schema, entry.at)
        if found is None:
            self.problem((*entry.location, "at"), f"{entry.vendor} {entry.operation} has no {entry.at!r}")
            return None
        return found[0]

    def _counts(self, entry: ProgressEntry, campaign: Any) -> None:
        data = self.specs[entry.vendor]
        counts = [name for name in self.fields if name not in PROGRESS_FIELDS]
        for name, wire in entry.counts.items():
            where = (*entry.location, "counts", name)
            found = field_at(data, campaign, wire)
            if name not in counts:
                self.problem(where, f"{name!r} is not a count of {self.model}")
            elif found is None:
                shown = ", ".join(leaf_paths(data, campaign))
                self.problem(where, f"{entry.vendor} {entry.operation} has no {wire!r} (fields: {shown})")
            elif "integer" not in describe(data, found[0], required=False).types:
                self.problem(where, f"{entry.vendor} {entry.operation}.{wire} is not an integer")
        for name in counts:
            if (name in entry.counts) == (name in entry.unsupported):
                self.problem(
                    (*entry.location, "counts"),
                    f"{entry.vendor}: {name} must be mapped or unsupported with a reason (exactly one)",
                )

    def _states(self, entry: ProgressEntry, campaign: Any) -> None:
        data = self.specs[entry.vendor]
        assert entry.state is not None
        found = field_at(data, campaign, entry.state)
        if found is None:
            self.problem(
                (*entry.location, "state"), f"{entry.vendor} {entry.operation} has no {entry.state!r}"
            )
            return
        info = describe(data, found[0], required=False)
        text = str(resolve_local(data, found[0]).get("description", ""))
        enum = {str(v) for v in info.enum or ()}
        for wire, state in entry.states.items():
            where = (*entry.location, "states", wire)
            if state not in self.states:
                self.problem(where, f"{state!r} is not a campaign state ({', '.join(self.states)})")
            if wire not in enum and wire not in text:
                self.problem(where, f"{entry.vendor} state {wire!r} is neither listed nor named by the spec")
        missing = sorted(enum - set(entry.states))
        if missing:
            self.problem((*entry.location, "states"), f"{entry.vendor} states {missing} have no entry")


def check_progress(
    source: MappingSource, specs: Mapping[str, Any]
) -> tuple[dict[str, ResolvedProgress] | None, list[Diagnostic]]:
    """Resolve the ``progress`` section by vendor, or report why it does not hold."""
    if source.progress is None:
        return None, []
    checker = _Checker(source, specs)
    if not checker.fields or not checker.states:
        checker.problem(("progress", "model"), f"no canonical {source.progress.model} with a state enum")
        return None, checker.problems
    resolved = {}
    for vendor, entry in source.progress.vendors.items():
        found = checker.entry(entry)
        if found is not None:
            resolved[vendor] = found
    for vendor in sorted(set(specs) - set(source.progress.vendors)):
        checker.problem(("progress", "vendors"), f"no progress entry for {vendor}: map it or say why not")
    return (resolved if not checker.problems else None), checker.problems
