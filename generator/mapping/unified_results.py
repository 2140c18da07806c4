"""The results side of the unified package: the reader's rules and each vendor's typed readers.

From the checked results mapping and the vendors' IRs: the ``Source`` rules of
``_result_rules.py`` (data for the vendor-agnostic reader in
``templates/unified/_results.py``), which vendor model each place's records
arrive in, and each vendor's webhook with its documented signature.  What the
package cannot express is a located error naming the vendor and operation,
never a reader that quietly skips it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.build.ir import ClientIR
from generator.mapping.check import ResolvedMapping
from generator.mapping.expressions import call_expression
from generator.mapping.model import mapping_problem
from generator.mapping.results_check import ResolvedResults, ResolvedSource
from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.walk import iter_operations

__all__ = ["RecordType", "VendorResults", "Webhook", "result_rules", "vendor_results"]

SIGNATURE_KEY = "x-webhook-signature"
_ALGORITHMS = ("hmac-sha256",)
_ENCODINGS = ("hex", "base64")


@dataclass(frozen=True)
class RecordType:
    """A vendor model that carries call records: ``call_results_from_<vendor>`` accepts it."""

    type_hint: str
    at: str
    source: str
    """Key of the source's rules in ``_result_rules.SOURCES``."""


@dataclass(frozen=True)
class Webhook:
    """A vendor's call webhook: its payload model and how deliveries are signed."""

    operation: str
    payload_type: str
    at: str
    source: str
    signature: str
    """The ``Signature(...)`` expression, or ``None``."""


@dataclass(frozen=True)
class VendorResults:
    """What one vendor module adds for results."""

    records: tuple[RecordType, ...]
    webhook: Webhook | None

    @property
    def union(self) -> str:
        """The type ``call_results_from_<vendor>`` takes."""
        return " | ".join(dict.fromkeys(r.type_hint for r in self.records))


def _problem(mapping: ResolvedMapping, location: tuple[str | int, ...], message: str) -> SpecError:
    return SpecError([mapping_problem(mapping.source.document, location, message, rule="unified")])


def _key(resolved: ResolvedResults, source: ResolvedSource) -> str:
    index = [s.source for s in resolved.sources].index(source.source)
    return f"{source.source.vendor}:{index}"


def result_rules(resolved: ResolvedResults) -> tuple[tuple[str, str], ...]:
    """(key, ``Source(...)`` code) of every results source."""
    rules = []
    for source in resolved.sources:
        vendor = source.source.vendor
        reads = "".join(
            "        "
            + call_expression(
                "Read",
                name=r.name,
                kind=r.kind,
                wire=r.wire,
                factor=None if r.factor == 1 else r.factor,
                value=r.value,
                naive=r.naive,
            )
            + ",\n"
            for r in source.reads
        )
        statuses = tuple(resolved.results.status_values.get(vendor, {}).items())
        code = (
            f"Source(\n    vendor={vendor!r},\n    label={source.source.label!r},\n"
            f"    reads=(\n{reads}    ),\n    statuses={statuses!r},\n)"
        )
        rules.append((_key(resolved, source), code))
    return tuple(rules)


def _signature(mapping: ResolvedMapping, vendor: str, operation: str, location: tuple[str | int, ...]) -> str:
    site = next(
        s for s in iter_operations(mapping.specs[vendor]) if s.operation.get("operationId") == operation
    )
    raw = site.operation.get(SIGNATURE_KEY)
    if raw is None:
        return "None"
    where = f"{vendor} {operation} {SIGNATURE_KEY}"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("header"), str):
        raise _problem(mapping, location, f"{where}: needs a header name")
    algorithm, encoding, signed = raw.get("algorithm"), raw.get("encoding", "hex"), raw.get("signed", "body")
    if algorithm not in _ALGORITHMS or encoding not in _ENCODINGS or signed != "body":
        raise _problem(
            mapping,
            location,
            f"{where}: the unified package verifies {', '.join(_ALGORITHMS)} of the body, encoded "
            f"{' or '.join(_ENCODINGS)}; got algorithm={algorithm!r}, encoding={encoding!r}, "
            f"signed={signed!r}",
        )
    return call_expression("Signature", header=raw["header"], algorithm=algorithm, encoding=encoding)


def vendor_results(mapping: ResolvedMapping, vendor: str, ir: ClientIR) -> VendorResults | None:
    """The readers of ``vendor``, or None when no results source is about it."""
    resolved = mapping.results
    if resolved is None:
        return None
    sources = [s for s in resolved.sources if s.source.vendor == vendor]
    if not sources:
        return None
    returns = {op.operation_id: op.return_type for resource in ir.resources for op in resource.operations}
    payloads = dict(ir.webhook_models)
    records: list[RecordType] = []
    webhooks: list[Webhook] = []
    for source in sources:
        key = _key(resolved, source)
        for place, raw in zip(source.places, source.source.places, strict=True):
            hint = payloads.get(place.route) if place.section == "webhooks" else returns.get(place.operation)
            if hint is None or not hint.isidentifier():
                raise _problem(
                    mapping,
                    raw.location,
                    f"{vendor} {place.operation}: its records arrive as {hint or 'no model'}, "
                    "not a model class; the unified package reads results only from models",
                )
            records.append(RecordType(f"{vendor}.{hint}", place.at, key))
            if place.section == "webhooks":
                signature = _signature(mapping, vendor, place.operation, raw.location)
                webhooks.append(Webhook(place.operation, f"{vendor}.{hint}", place.at, key, signature))
    if len(webhooks) > 1:
        names = ", ".join(w.operation for w in webhooks)
        raise SpecError(
            [
                Diagnostic(
                    mapping.source.document.file,
                    0,
                    0,
                    Severity.ERROR,
                    "unified",
                    f"{vendor} has {len(webhooks)} webhooks read as results ({names}); parse_event takes one "
                    "per vendor",
                )
            ]
        )
    seen: dict[str, RecordType] = {}
    for record in records:
        other = seen.setdefault(record.type_hint, record)
        if (other.at, other.source) != (record.at, record.source):
            raise _problem(
                mapping,
                ("results", "sources"),
                f"{vendor}: {record.type_hint} carries records of two sources or at two places; "
                f"call_results_from_{vendor} could not tell them apart",
            )
    return VendorResults(tuple(seen.values()), webhooks[0] if webhooks else None)
