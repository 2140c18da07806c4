"""The dialer's flow per vendor: which client methods a launch calls, in order, and what it reads back.

Computed from the mapping's campaign group (the requests, and where each
response holds the id the vendor gave), its ``start`` state (sent through the
status group), the campaign read (a GET only: re-sending a create to read a
campaign would create another) and the results side (whether results name
their campaign), with the vendor IR's method names.  Rendered as ``FLOW`` at
the end of each vendor module for ``templates/unified/_dialer.py``.
"""

from __future__ import annotations

from typing import Any

from generator.build.ir import ClientIR, Operation
from generator.build.naming import snake_case
from generator.mapping.check import ResolvedMapping
from generator.mapping.expressions import call_expression
from generator.mapping.model import Group

__all__ = ["flow_code", "flow_reason"]

CAMPAIGN_MODEL = "Campaign"
STATUS_MODEL = "StatusChange"
CALL_MODEL = "OutboundCall"


def _group(mapping: ResolvedMapping, model: str) -> Group | None:
    return next((g for g in mapping.source.groups.values() if g.model == model), None)


def _step(ir: ClientIR, operation_id: str, **extra: Any) -> str:
    found: tuple[str, Operation] | None = next(
        ((r.attribute, op) for r in ir.resources for op in r.operations if op.operation_id == operation_id),
        None,
    )
    assert found is not None, operation_id  # the mapping check found the operation in the spec
    resource, op = found
    return call_expression(
        "FlowStep",
        operation=operation_id,
        attribute=snake_case(operation_id),
        resource=resource,
        method=op.method_name,
        path=tuple(p.wire_name for p in op.path_params),
        keywords=tuple((p.wire_name, p.python_name) for p in op.body_params),
        whole_body=op.body is not None and op.body.passed_whole,
        **extra,
    )


def _results_reason(mapping: ResolvedMapping, vendor: str) -> str:
    """Why this vendor's results cannot be matched to a campaign by id, or ""."""
    if mapping.results is None:
        return "the mapping has no results side"
    sources = [s.source for s in mapping.results.sources if s.source.vendor == vendor]
    if any("campaign_id" in {f.name for f in s.fields} for s in sources):
        return ""
    reasons = sorted({s.unsupported.get("campaign_id", "") for s in sources} - {""})
    return " ".join(reasons) or f"no results source of {vendor}"


def _progress_fields(mapping: ResolvedMapping, vendor: str, ir: ClientIR) -> dict[str, str]:
    """``progress_step``/``progress`` of the flow, or ``progress_reason`` saying why there are none."""
    entry = (mapping.progress or {}).get(vendor)
    if entry is None:
        return {"progress_reason": repr("the mapping has no progress entry for this vendor")}
    if entry.reason is not None or entry.operation is None or entry.state is None:
        return {"progress_reason": repr(entry.reason or "")}
    rule = f"ProgressRule(state={entry.state!r}, states={entry.states!r}, counts={entry.counts!r}" + (
        f", at={entry.at!r})" if entry.at else ")"
    )
    model = mapping.source.progress.model if mapping.source.progress is not None else ""
    return {"progress_step": _step(ir, entry.operation), "progress": rule, "progress_model": model}


def flow_code(mapping: ResolvedMapping, vendor: str, ir: ClientIR, *, campaign_id_type: str) -> str | None:
    """The ``Flow(...)`` expression of ``vendor``, or None when it has no campaign flow."""
    campaign = _group(mapping, CAMPAIGN_MODEL)
    if campaign is None or vendor not in campaign.vendors:
        return None
    group = campaign.vendors[vendor]
    calls = _group(mapping, CALL_MODEL)
    call_operations = (
        {op.operation for op in calls.vendors[vendor].operations}
        if calls and vendor in calls.vendors
        else set()
    )
    steps = [
        (
            op.after_create,
            _step(
                ir,
                op.operation,
                each=op.each is not None,
                id_at=op.id_field,
                creates_call=op.operation in call_operations,
            ),
        )
        for op in group.operations
    ]
    if group.operations[0].id_field is None and any(after for after, _ in steps):
        return None  # see flow_reason: the dialer cannot send follow-ups without the campaign id
    fields = {
        "vendor": repr(vendor),
        "convert": f"to_{vendor}",
        "create": "(" + "".join(f"{code}, " for after, code in steps if not after) + ")",
        "follow": "(" + "".join(f"{code}, " for after, code in steps if after) + ")",
        "errors": (
            f"({ir.import_name}.APIStatusError, "
            f"({ir.import_name}.RequestValidationError, {ir.import_name}.MissingAPIKeyError))"
        ),
    }
    status = _group(mapping, STATUS_MODEL)
    if group.start is not None and status is not None and vendor in status.vendors:
        start_ops = status.vendors[vendor].operations
        fields["start"] = _step(ir, start_ops[0].operation)
        fields["start_state"] = repr(group.start)
        fields["start_convert"] = f"{status.id}_to_{vendor}"
        fields["start_model"] = STATUS_MODEL
    read = group.read_operation
    read_op = next((op for r in ir.resources for op in r.operations if op.operation_id == read), None)
    if read_op is not None and read_op.http_method.upper() == "GET" and len(read_op.path_params) == 1:
        fields["read"] = _step(ir, read_op.operation_id)
        fields["read_convert"] = f"from_{vendor}"
    else:
        fields["status_reason"] = repr(f"{ir.display_name} has no GET of a campaign by id")
    fields.update(_progress_fields(mapping, vendor, ir))
    reason = _results_reason(mapping, vendor)
    if reason:
        fields["results_reason"] = repr(reason)
    if campaign_id_type == "int":
        fields["campaign_id_type"] = "int"
    return "Flow(" + ", ".join(f"{k}={v}" for k, v in fields.items()) + ")"


def flow_reason(mapping: ResolvedMapping, vendor: str) -> str:
    """Why ``vendor`` has no dialer flow (``flow_code`` gave None), for the error ``Dialer`` raises."""
    campaign = _group(mapping, CAMPAIGN_MODEL)
    if campaign is None or vendor not in campaign.vendors:
        return f"the mapping has no {CAMPAIGN_MODEL} group for {vendor}"
    first = campaign.vendors[vendor].operations[0]
    return (
        f"the mapping does not say where {first.operation}'s response holds the campaign id "
        f"(`id` in groups.{campaign.id}.vendors.{vendor}), which the follow-up requests need"
    )
