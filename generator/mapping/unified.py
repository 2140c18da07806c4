"""The ``unified`` package: canonical models and the conversions to and from every vendor.

Everything a conversion needs is computed here from the resolved mapping and
the vendor specs — units, value tables, limits, which requests a value turns
into — and rendered as data (``_rules.py``) for one vendor-agnostic engine
(``templates/unified/_convert.py``).  The typed functions (``to_<vendor>``,
``from_<vendor>``) are rendered per vendor from the vendors' IRs, so each
returns that vendor's own request models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.build.ir import ClientIR
from generator.build.models import generate_models
from generator.build.naming import class_name, snake_case
from generator.mapping.check import PATH_PREFIX, WHOLE_BODY, ResolvedCell, ResolvedMapping
from generator.mapping.expressions import call_expression
from generator.mapping.model import Group, GroupOperation, MappingSource
from generator.mapping.schema_paths import describe, field_at
from generator.mapping.unified_flow import flow_code, flow_reason
from generator.mapping.unified_results import VendorResults, result_rules, vendor_results
from generator.spec.diagnostics import Diagnostic, Severity, SpecError

__all__ = ["Facade", "FacadeStep", "UnifiedIR", "VendorModule", "build_unified_ir", "canonical_models"]


@dataclass(frozen=True)
class FacadeStep:
    """One request attribute of a conversion result."""

    attribute: str
    operation: str
    type_hint: str
    many: bool
    optional: bool

    @property
    def annotation(self) -> str:
        """``list[ravan.X]``, ``ravan.X | None`` or ``ravan.X``."""
        if self.many:
            return f"list[{self.type_hint}]"
        return f"{self.type_hint} | None" if self.optional else self.type_hint

    @property
    def builder(self) -> str:
        """The helper of ``_facade.py`` that makes this attribute."""
        return "many" if self.many else "optional" if self.optional else "one"


@dataclass(frozen=True)
class Facade:
    """The typed functions of one canonical model at one vendor."""

    vendor: str
    vendor_module: str
    display_name: str
    group: str
    model: str
    function: str
    result_class: str
    follow_class: str
    create_steps: tuple[FacadeStep, ...]
    follow_steps: tuple[FacadeStep, ...]
    read_function: str | None
    read_type: str | None
    missing_read: str
    campaign_id_type: str = "str"
    """What ``follow_ups(campaign_id)`` takes: the type the vendor gives its campaign ids (Autocalls: int)."""


@dataclass(frozen=True)
class VendorModule:
    """``vendorgen_unified/<vendor>.py``: every facade of one vendor, and what the module imports."""

    vendor: str
    vendor_module: str
    display_name: str
    facades: tuple[Facade, ...]
    results: VendorResults | None = None
    result_model: str = ""
    flow: str | None = None
    """The ``Flow(...)`` the dialer runs for this vendor, if it has a campaign flow."""
    flow_reason: str = ""
    """Why it has none (``Dialer`` raises it)."""

    @property
    def dialer_imports(self) -> str:
        """Names the module's ``FLOW`` takes from ``_dialer.py``."""
        names = [
            "Flow",
            "FlowStep",
            *(["ProgressRule"] if self.flow and "ProgressRule(" in self.flow else []),
        ]
        return ", ".join(sorted(names))

    @property
    def results_function(self) -> str:
        """``call_results_from_<vendor>``."""
        return f"call_results_from_{self.vendor}"

    @property
    def event_function(self) -> str:
        """``parse_<vendor>_event``."""
        return f"parse_{self.vendor}_event"

    @property
    def exports(self) -> list[str]:
        """The module's public names."""
        names = [name for f in self.facades for name in (f.function, f.result_class)]
        names += [f.follow_class for f in self.facades if f.follow_steps]
        names += [f.read_function for f in self.facades if f.read_function]
        if self.results is not None:
            names.append(self.results_function)
        if self.results is not None and self.results.webhook is not None:
            names.append(self.event_function)
        return sorted(names)

    @property
    def engine_imports(self) -> str:
        """Names taken from ``_convert.py``."""
        return "Adjustment, OnUnsupported, build"

    @property
    def facade_imports(self) -> str:
        """Helpers taken from ``_facade.py``."""
        steps = (s for f in self.facades for s in (*f.create_steps, *f.follow_steps))
        reads = {"canonical"} if any(f.read_function for f in self.facades) else set()
        if self.results is not None:
            reads.add("results_of")
        if self.results is not None and self.results.webhook is not None:
            reads.add("event_of")
        return ", ".join(sorted({"for_vendor"} | reads | {s.builder for s in steps}))

    @property
    def import_groups(self) -> list[list[str]]:
        """The module's imports, grouped and ordered as isort does (standard library, third party, own)."""
        webhook = self.results is not None and self.results.webhook is not None
        standard = [
            *(["from collections.abc import Mapping"] if webhook else []),
            "from dataclasses import dataclass, field",
        ]
        third = [f"from {self.vendor_module} import models as {self.vendor}"]
        if self.results is not None:
            third = sorted([*third, "from pydantic import BaseModel"])
        if self.flow is not None:
            third.insert(0, f"import {self.vendor_module}")  # isort: plain imports before from-imports
        own = [f"from ._convert import {self.engine_imports}"]
        own.append(f"from ._dialer import {self.dialer_imports}")
        own.append(f"from ._facade import {self.facade_imports}")
        if self.results is not None:
            rules = "SOURCES, WEBHOOKS" if webhook else "SOURCES"
            own += [f"from ._result_rules import {rules}", "from ._results import Source"]
        own.append("from ._rules import PLANS, VENDORS")
        if webhook:
            own.append("from ._webhooks import WebhookEvent")
        own.append(f"from .models import {self.canonical_imports}")
        return [standard, third, own]

    @property
    def canonical_imports(self) -> str:
        """Canonical models the module converts."""
        names = {f.model for f in self.facades} | ({self.result_model} if self.results is not None else set())
        names |= set(re.findall(r"(?:start|progress)_model=(\w+)", self.flow or ""))
        return ", ".join(sorted(names))


@dataclass(frozen=True)
class UnifiedIR:
    """What the unified package's templates read."""

    distribution: str
    import_name: str
    version: str
    dependencies: tuple[str, ...]
    extras: tuple[tuple[str, str], ...]
    """(vendor, requirement): ``pip install vendorgen-unified[ravan]`` brings that vendor's client."""
    plans: tuple[tuple[str, str, str], ...]
    facades: tuple[Facade, ...]
    vendors: tuple[VendorModule, ...]
    models: tuple[str, ...]
    result_sources: tuple[tuple[str, str], ...] = ()
    """(key, ``Source(...)`` code) of every results source."""
    webhooks: tuple[tuple[str, str], ...] = ()
    """(vendor, ``WebhookSpec(...)`` code) of every vendor whose call webhook is read."""

    @property
    def event_parsers(self) -> list[tuple[str, str]]:
        """(vendor, ``parse_<vendor>_event``) for ``parse_event``."""
        return [(v.vendor, v.event_function) for v in self.vendors if v.results and v.results.webhook]

    @property
    def vendor_exports(self) -> list[tuple[str, str]]:
        """(name, vendor) of every name a vendor module provides: imported when first used."""
        return sorted((name, module.vendor) for module in self.vendors for name in module.exports)

    @property
    def exports(self) -> list[str]:
        """The package's public names."""
        engine = {"Adjustment", "ConversionError", "OnUnsupported", "UnsupportedValue"}
        if self.webhooks:
            engine |= {"SignatureError", "WebhookError", "WebhookEvent", "parse_event"}
        engine |= {
            "AsyncDialer",
            "Dialer",
            "DialerError",
            "Launch",
            "LaunchError",
            "LaunchStatus",
            "StepRecord",
        }
        return sorted(engine | set(self.models) | {n for v in self.vendors for n in v.exports})


def _problem(mapping: ResolvedMapping, message: str) -> SpecError:
    return SpecError([Diagnostic(mapping.source.document.file, 0, 0, Severity.ERROR, "unified", message)])


def _rule(mapping: ResolvedMapping, group: Group, cell: ResolvedCell) -> str:
    concept = cell.concept
    if cell.mapping is None or cell.target is None:
        return call_expression("Rule", concept=concept.id, canonical=concept.field, reason=cell.unsupported)
    rules, wire = cell.mapping, cell.target
    step = group.vendors[cell.vendor].step(wire.operation)
    relative = concept.field
    if step is not None and step.each is not None:
        relative = concept.field.removeprefix(f"{step.each}[].")  # one request per item: one value each
    return call_expression(
        "Rule",
        concept=concept.id,
        canonical=concept.field,
        operation=wire.operation,
        wire=wire.field,
        also=tuple((t.operation, t.field) for t in cell.also),
        units=(concept.unit, rules.unit) if concept.unit and rules.unit else None,
        values=rules.values,
        flag=rules.flag,
        utc=rules.utc,
        to_integer=cell.to_integer,
        minimum=wire.info.minimum,
        maximum=wire.info.maximum,
        max_items=mapping.max_items(cell),
        pattern=wire.info.pattern if rules.values is None and not cell.to_integer else None,
        enum=wire.info.enum if rules.values is None and rules.flag is None else None,
        required=wire.info.required and wire.location == "body" and wire.field != WHOLE_BODY,
        canonical_list="[]" in relative or cell.canonical.is_list,
        wire_list="[]" in wire.field or wire.info.is_list,
        read=_read_path(mapping, group, cell, step),
    )


def _read_path(
    mapping: ResolvedMapping, group: Group, cell: ResolvedCell, step: GroupOperation | None
) -> str | None:
    """Where the value sits in the vendor's read response, if it is there."""
    read = group.vendors[cell.vendor].read_operation
    if read is None or cell.target is None or step is None or step.each is not None:
        return None
    if cell.target.field == WHOLE_BODY or cell.target.field.startswith(PATH_PREFIX) or cell.mapping is None:
        return None
    prefix = group.vendors[cell.vendor].read_prefix
    path = f"{prefix}.{cell.target.field}" if prefix else cell.target.field
    response = mapping.operations[(cell.vendor, read)].response
    return path if field_at(mapping.specs[cell.vendor], response, path) is not None else None


def _step(mapping: ResolvedMapping, vendor: str, op: GroupOperation) -> str:
    integer = False
    if op.campaign_field:
        body = mapping.operations[(vendor, op.operation)].body
        found = field_at(mapping.specs[vendor], body, op.campaign_field)
        integer = (
            found is not None and "integer" in describe(mapping.specs[vendor], found[0], required=False).types
        )
    return call_expression(
        "Step",
        operation=op.operation,
        each=op.each,
        after_create=op.after_create,
        campaign_field=op.campaign_field,
        campaign_field_integer=integer,
        constants=op.constants,
    )


def _plan(mapping: ResolvedMapping, group: Group, vendor: str) -> str:
    steps = ", ".join(_step(mapping, vendor, op) for op in group.vendors[vendor].operations)
    concepts = [c for c in mapping.source.concepts if c.group == group.id]
    rules = "".join(f"        {_rule(mapping, group, mapping.cell(c.id, vendor))},\n" for c in concepts)
    return (
        f"Plan(\n    vendor={vendor!r},\n    steps=({steps},),\n    rules=(\n{rules}    ),\n"
        f"    timezone_field={group.timezone_field!r},\n    date_field={group.date_field!r},\n)"
    )


def _operation_types(ir: ClientIR) -> dict[str, tuple[str | None, str]]:
    """Body type and return type of every operation of a vendor package."""
    return {
        op.operation_id: (op.body.type_hint if op.body is not None else None, op.return_type)
        for resource in ir.resources
        for op in resource.operations
    }


def _facade_step(
    mapping: ResolvedMapping, vendor: str, op: GroupOperation, types: Mapping[str, tuple[str | None, str]]
) -> FacadeStep:
    body_type = types[op.operation][0]
    if body_type is None or not body_type.isidentifier():
        raise _problem(mapping, f"{vendor} {op.operation}: request body type {body_type!r} is not a model")
    return FacadeStep(
        attribute=snake_case(op.operation),
        operation=op.operation,
        type_hint=f"{vendor}.{body_type}",
        many=op.each is not None,
        optional=op.after_create and op.each is None,
    )


def _campaign_id_type(ir: ClientIR, steps: Sequence[GroupOperation]) -> str:
    """The type of the campaign id the follow-up requests carry (a path parameter or a body field)."""
    operations = {op.operation_id: op for resource in ir.resources for op in resource.operations}
    hints = set()
    for step in steps:
        op = operations[step.operation]
        if step.campaign_field is not None:
            hints |= {p.type_hint for p in op.body_params if p.python_name == snake_case(step.campaign_field)}
        elif op.path_params:
            hints.add(op.path_params[0].type_hint)
    return hints.pop() if len(hints) == 1 else "str"


def compatible_range(version: str) -> str:
    """The versions that keep ``version``'s API: the same minor below 1.0, the same major from 1.0."""
    major, minor, _ = (int(part) for part in version.split("."))
    upper = f"0.{minor + 1}" if major == 0 else f"{major + 1}"
    return f">={version},<{upper}"


def _facade(mapping: ResolvedMapping, group: Group, vendor: str, ir: ClientIR) -> Facade:
    types = _operation_types(ir)
    vendor_group = group.vendors[vendor]
    steps = [_facade_step(mapping, vendor, op, types) for op in vendor_group.operations]
    after = {op.operation for op in vendor_group.operations if op.after_create}
    prefix = "" if group.id == "campaign" else f"{group.id}_"
    read_type, missing = _read_type(mapping, group, vendor, types)
    # one spelling per vendor: the client's (CallKaroClient, CallKaroCampaign)
    stem = ir.client_class.removesuffix("Client") + class_name(group.id)
    return Facade(
        vendor=vendor,
        vendor_module=ir.import_name,
        display_name=ir.display_name,
        group=group.id,
        model=group.model,
        function=f"{prefix}to_{vendor}",
        result_class=stem,
        follow_class=f"{stem}FollowUps",
        create_steps=tuple(s for s in steps if s.operation not in after),
        follow_steps=tuple(s for s in steps if s.operation in after),
        read_function=f"{prefix}from_{vendor}" if read_type else None,
        read_type=read_type,
        missing_read=missing,
        campaign_id_type=_campaign_id_type(ir, [op for op in vendor_group.operations if op.after_create]),
    )


def _read_type(
    mapping: ResolvedMapping, group: Group, vendor: str, types: Mapping[str, tuple[str | None, str]]
) -> tuple[str | None, str]:
    """The response type ``from_<vendor>`` takes, or why there is no such function."""
    read = group.vendors[vendor].read_operation
    if read is None:
        return None, "no operation returns the object"
    required = mapping.source.canonical[group.model].get("required", [])
    readable = set()
    for concept in mapping.source.concepts:
        if concept.group != group.id:
            continue
        cell = mapping.cell(concept.id, vendor)
        step = group.vendors[vendor].step(cell.target.operation) if cell.target is not None else None
        if _read_path(mapping, group, cell, step) is not None:
            readable.add(concept.field)
    lacking = [name for name in required if name not in readable]
    if lacking:
        return None, f"{read} does not return {', '.join(lacking)}"
    return_type = types[read][1]
    if not return_type.isidentifier():
        return None, f"{read} returns {return_type}, not a model"
    return f"{vendor}.{return_type}", ""


def _with_component_refs(value: Any) -> Any:
    """The canonical schemas with ``#/canonical/X`` references pointing at ``#/components/schemas/X``."""
    if isinstance(value, Mapping):
        return {
            k: (
                v.replace("#/canonical/", "#/components/schemas/", 1)
                if k == "$ref" and isinstance(v, str)
                else _with_component_refs(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_with_component_refs(item) for item in value]
    return value


_CANONICAL: dict[str, tuple[str, tuple[str, ...]]] = {}
"""Canonical models built in this process, by their schemas and package (see ``warm_mapping``)."""


def canonical_models(source: MappingSource, import_name: str, header: str) -> tuple[str, tuple[str, ...]]:
    """The canonical models as code, through the same datamodel-code-generator pass as the vendors.

    Built once per process for the same schemas: ``generate`` builds them while the vendors'
    workers run, and uses them when the unified package is rendered.
    """
    key = json.dumps([source.canonical, import_name], sort_keys=True, default=repr)
    if key not in _CANONICAL:
        document = {
            "openapi": "3.1.0",
            "info": {"title": "canonical", "version": "1"},
            "paths": {},
            "components": {"schemas": _with_component_refs(source.canonical)},
        }
        models = generate_models(document, import_name)
        _CANONICAL.clear()  # one mapping per project: keep the latest only
        _CANONICAL[key] = (models.code, models.names)
    code, names = _CANONICAL[key]
    return f"{header}\n\n{code}", names


def _campaign_type(facades: Sequence[Facade], vendor: str) -> str:
    """The type of the vendor's campaign ids (what its campaign's ``follow_ups`` takes)."""
    return next((f.campaign_id_type for f in facades if f.vendor == vendor and f.follow_steps), "str")


def build_unified_ir(
    mapping: ResolvedMapping, irs: Mapping[str, ClientIR], models: tuple[str, ...]
) -> UnifiedIR:
    """The package description, with the plans as ``(vendor, group, code)``."""
    package = mapping.source.package
    plans = []
    facades = []
    for group in mapping.source.groups.values():
        for vendor in sorted(group.vendors):
            plans.append((vendor, group.id, _plan(mapping, group, vendor)))
            facades.append(_facade(mapping, group, vendor, irs[vendor]))
    result_model = mapping.results.results.model if mapping.results is not None else ""
    vendors = tuple(
        VendorModule(
            vendor=vendor,
            vendor_module=irs[vendor].import_name,
            display_name=irs[vendor].display_name,
            facades=tuple(f for f in facades if f.vendor == vendor),
            results=vendor_results(mapping, vendor, irs[vendor]),
            result_model=result_model,
            flow=flow_code(mapping, vendor, irs[vendor], campaign_id_type=_campaign_type(facades, vendor)),
            flow_reason=flow_reason(mapping, vendor),
        )
        for vendor in mapping.vendors
    )
    webhooks = tuple(
        (
            module.vendor,
            f"WebhookSpec(vendor={module.vendor!r}, event={hook.operation!r}, at={hook.at!r}, "
            f"source=SOURCES[{hook.source!r}], signature={hook.signature})",
        )
        for module in vendors
        if module.results is not None and (hook := module.results.webhook) is not None
    )
    extras = tuple((v, f"{irs[v].distribution}{compatible_range(irs[v].version)}") for v in mapping.vendors)
    return UnifiedIR(
        distribution=package["distribution"],
        import_name=package["import_name"],
        version=package["version"],
        dependencies=("pydantic>=2",),
        extras=extras,
        plans=tuple(plans),
        facades=tuple(facades),
        vendors=vendors,
        models=models,
        result_sources=result_rules(mapping.results) if mapping.results is not None else (),
        webhooks=webhooks,
    )
