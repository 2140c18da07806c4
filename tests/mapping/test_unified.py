"""generated/unified: canonical models become each vendor's requests, which Prism accepts, and come back."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
import vendorgen_unified as unified
from pydantic import BaseModel
from vendorgen_unified import (
    Campaign,
    Contact,
    ConversionError,
    OutboundCall,
    StatusChange,
    TimeWindow,
    UnsupportedValue,
)

from generator.build.ir import ClientIR
from generator.build.naming import snake_case
from generator.emit.generate import build_package_ir, vendor_settings
from generator.mapping.model import load_mapping
from generator.spec.loader import load_document
from generator.spec.vendors import MAPPING_FILE, load_vendor
from tests.support.project import CLIENT_CLASSES, GENERATED, SPECS, VENDORS

VOLUBILE_AGENT = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
AGENTS = {
    "autocalls": "12",
    "callkaro": "6803fa770b666a64ab1694c1e",
    "ravan": "agent-1",
    "volubile": VOLUBILE_AGENT,
}
CAMPAIGN_IDS = {
    "autocalls": "99",
    "callkaro": "68433b7b0dee98e59245ebab",
    "ravan": "019ebbef-48d7-7ebc-a751-4a10362a3bbf",
    "volubile": "5b0c5f0e-4a8e-4d7c-9d3c-2f6a1d8e9b10",
}


def full_campaign(vendor: str, **changes: Any) -> Campaign:
    """A campaign that sets every canonical field."""
    values: dict[str, Any] = {
        "name": "Spring renewals",
        "agent_id": AGENTS[vendor],
        "caller_id": "+15551234567",
        "phone_number_ids": ["7"],
        "contacts": [
            Contact(phone="+33612345678", variables={"first_name": "Ada"}),
            Contact(phone="+33698765432", variables={"first_name": "Alan"}),
        ],
        "contact_ids": ["019e92f4-097d-7a52-b5e5-fa7e0dd0761f"],
        "timezone": "Europe/Paris",
        "calling_windows": [TimeWindow(start="11:00", end="13:00")],
        "allowed_days": ["monday", "wednesday", "friday"],
        "start": "2026-03-02",
        "end": "2026-03-31",
        "max_concurrent_calls": 3,
        "daily_call_cap": 100,
        "max_retries": 2,
        "retry_delay": 120,
        "retry_on_voicemail": True,
        "retry_on_no_answer": True,
        "retry_on_goal_incomplete": True,
    }
    values.update(changes)
    return Campaign.model_validate(values)


def convert(vendor: str, group: str, value: Any, **options: Any) -> Any:
    prefix = "" if group == "campaign" else f"{group}_"
    return getattr(unified, f"{prefix}to_{vendor}")(value, **options)


def requests_of(result: Any) -> Iterator[tuple[str, Any]]:
    """(attribute, model) for every request a conversion result holds."""
    for item in dataclasses.fields(result):
        value = getattr(result, item.name)
        if item.name in ("adjustments", "path", "source", "on_unsupported") or value is None:
            continue
        for model in value if isinstance(value, list) else [value]:
            yield item.name, model


class Vendor:
    """One vendor's client against Prism serving its spec."""

    def __init__(self, vendor: str, ir: ClientIR, base_url: str) -> None:
        self.vendor = vendor
        self.package = importlib.import_module(f"{vendor}_client")
        self.client = getattr(self.package, CLIENT_CLASSES[vendor])(
            api_key="test-key", base_url=base_url, max_retries=0
        )
        # Result attributes are the snake_case operationIds (see generator/mapping/unified.py).
        self.methods = {
            snake_case(op.operation_id): (resource.attribute, op)
            for resource in ir.resources
            for op in resource.operations
        }

    def send(self, attribute: str, body: Any, path: dict[str, dict[str, str]], campaign_id: str) -> Any:
        resource, op = self.methods[attribute]
        arguments = path.get(op.operation_id, {})
        positional = [arguments.get(p.wire_name, campaign_id) for p in op.path_params]
        method = getattr(getattr(self.client, resource), op.method_name)
        if op.body is not None and op.body.passed_whole:
            return method(*positional, body=body)
        argument = {p.wire_name: p.python_name for p in op.body_params}  # by model field name
        keywords = {argument[name]: getattr(body, name) for name in body.model_fields_set}
        return method(*positional, **keywords)


@pytest.fixture(scope="module", params=VENDORS)
def vendor(request: pytest.FixtureRequest, prism_urls: dict[str, str]) -> Iterator[Vendor]:
    name = request.param
    config = load_vendor(SPECS / name)
    document = load_document(config.spec_path)
    ir, _ = build_package_ir(document, vendor_settings(config))
    served = Vendor(name, ir, prism_urls[name])
    with served.client:
        yield served


def test_every_conversion_passes_prism_request_validation(vendor: Vendor) -> None:
    name = vendor.vendor
    campaign_id = CAMPAIGN_IDS[name]
    values = {
        "campaign": full_campaign(name),
        "call": OutboundCall(
            to_number="+919876543210",
            agent_id=AGENTS[name],
            from_number="+15551234567",
            variables={"first_name": "Ada"},
            metadata={"crm_id": "42"},
            scheduled_at="2026-03-02T10:30:00",
        ),
        "status": StatusChange(campaign_id=campaign_id, status="paused"),
    }
    sent = []
    for group, value in values.items():
        try:
            result = convert(name, group, value, on_unsupported="drop")
        except AttributeError:
            continue  # the vendor has no operation for this group (see FIELD_MAPPING.md)
        results = [result]
        if hasattr(result, "follow_ups"):
            results.append(result.follow_ups(campaign_id))
        for item in results:
            for attribute, body in requests_of(item):
                vendor.send(attribute, body, item.path, campaign_id)
                sent.append(attribute)
    assert sent, f"nothing converted for {name}"


@pytest.mark.parametrize("name", VENDORS)
def test_conversions_return_the_vendors_own_models(name: str) -> None:
    result = convert(name, "campaign", full_campaign(name), on_unsupported="drop")
    models = importlib.import_module(f"{name}_client.models")
    for _, body in requests_of(result):
        assert type(body).__module__ == models.__name__
        assert isinstance(body, BaseModel)


def test_units_days_and_windows_follow_the_mapping() -> None:
    volubile = unified.to_volubile(full_campaign("volubile"), on_unsupported="drop").create_campaign.to_wire()
    assert volubile["retry"] == {"max": 2, "delay": 2, "retryOn": ["VOICE_BOX", "NO_ANSWER"]}
    assert volubile["days"] == ["MONDAY", "WEDNESDAY", "FRIDAY"]
    assert volubile["timeSlots"] == [{"startTime": "10:00", "endTime": "12:00"}]  # Paris (UTC+1) → UTC
    assert volubile["batchSize"] == 100
    ravan = unified.to_ravan(full_campaign("ravan"), on_unsupported="drop").create_campaign.to_wire()
    assert ravan["schedule"]["windowDays"] == [1, 3, 5]
    assert ravan["schedule"]["retryGapMin"] == 120
    assert ravan["phoneNumberId"] == "7"
    autocalls = unified.to_autocalls(full_campaign("autocalls"), on_unsupported="drop")
    assert autocalls.create_campaign.to_wire()["assistant_id"] == 12
    assert autocalls.create_campaign.to_wire()["phone_number_ids"] == [7]
    leads = autocalls.follow_ups("99").create_lead
    assert [lead.to_wire() for lead in leads] == [
        {"phone_number": "+33612345678", "campaign_id": 99, "variables": {"first_name": "Ada"}},
        {"phone_number": "+33698765432", "campaign_id": 99, "variables": {"first_name": "Alan"}},
    ]


def test_per_call_vendors_get_the_campaign_settings_on_every_call() -> None:
    result = unified.to_callkaro(full_campaign("callkaro"), on_unsupported="drop")
    calls = [call.to_wire() for call in result.follow_ups("68433b7b0dee98e59245ebab").create_outbound_call]
    assert len(calls) == 2
    for call in calls:
        assert call["batch_id"] == "68433b7b0dee98e59245ebab"
        assert call["agent_id"] == AGENTS["callkaro"]
        assert (call["min_trigger_time"], call["max_trigger_time"]) == ("11:00", "13:00")
        assert (call["number_of_retries"], call["gap_between_retries"]) == (2, 120)


@pytest.mark.parametrize(
    ("name", "read"),
    [("volubile", "CampaignResponse"), ("ravan", "CampaignResponse")],
)
def test_lossless_round_trips_come_back_equal(name: str, read: str) -> None:
    campaign = full_campaign(name)
    result = convert(name, "campaign", campaign, on_unsupported="drop")
    wire = result.create_campaign.to_wire()
    if name == "ravan":
        wire["schedule"].update(result.follow_ups(CAMPAIGN_IDS[name]).update_campaign.to_wire()["schedule"])
        payload = {"success": True, "data": {**wire, "id": CAMPAIGN_IDS[name]}}
    else:
        payload = {**wire, "id": CAMPAIGN_IDS[name], "status": "ACTIVE"}
    models = importlib.import_module(f"{name}_client.models")
    back = getattr(unified, f"from_{name}")(getattr(models, read).model_validate(payload))
    dropped = {a.concept for a in result.adjustments}
    assert dropped, "the full campaign has concepts this vendor lacks"
    kept = back.model_dump(exclude_none=True)
    expected = campaign.model_dump(exclude_none=True)
    for field, value in kept.items():
        assert value == expected[field], field
    not_read = set(expected) - set(kept)
    assert not_read <= {
        "contacts",
        "contact_ids",
        "caller_id",
        "phone_number_ids",
        "max_concurrent_calls",
        "end",
        "daily_call_cap",
        "retry_on_voicemail",
        "retry_on_no_answer",
        "retry_on_goal_incomplete",
    }


LOSSY = [
    # vendor, changes, concept, limit in the message, drop result, clamp result
    ("volubile", {"calling_windows": [TimeWindow(start=s, end=e) for s, e in
                                      [("10:00", "11:00"), ("12:00", "13:00"), ("15:00", "16:00")]]},
     "window_start", "at most 2", 2, 2),
    ("autocalls", {"max_concurrent_calls": 12}, "max_concurrent_calls", "above the maximum 10", None, 10),
    ("volubile", {"retry_delay": 90}, "retry_delay", "not a whole number of hours", None, 2),
    ("autocalls", {"retry_delay": 5}, "retry_delay", "below the minimum 10", None, 10),
    ("autocalls", {"max_retries": 0}, "max_retries", "below the minimum 1", None, 1),
    ("ravan", {"calling_windows": [TimeWindow(start="09:00", end="10:00"),
                                   TimeWindow(start="14:00", end="15:00")]},
     "window_start", "at most 1", 1, 1),
    ("callkaro", {"daily_call_cap": 50}, "daily_call_cap", "not supported: No daily limit", None, None),
]  # fmt: skip


def _lossy_campaign(name: str, changes: dict[str, Any]) -> Campaign:
    """A campaign with only what the vendor supports, plus the lossy change."""
    base = convert(name, "campaign", full_campaign(name), on_unsupported="drop")
    supported = full_campaign(name).model_dump()
    for adjustment in base.adjustments:
        supported.pop(_canonical_field(adjustment.concept), None)
    supported.update(changes)
    return Campaign.model_validate(supported)


def _canonical_field(concept: str) -> str:
    """The top-level Campaign field a concept lives in (``contacts`` for ``contacts[].phone``)."""
    field = next(c.field for c in load_mapping(SPECS / MAPPING_FILE).concepts if c.id == concept)
    return field.split(".")[0].removesuffix("[]")


@pytest.mark.parametrize(("name", "changes", "concept", "limit", "dropped", "clamped"), LOSSY)
def test_values_a_vendor_cannot_hold_are_refused_or_reported(
    name: str, changes: dict[str, Any], concept: str, limit: str, dropped: Any, clamped: Any
) -> None:
    campaign = _lossy_campaign(name, changes)
    with pytest.raises(UnsupportedValue) as caught:
        convert(name, "campaign", campaign)
    assert caught.value.concept == concept
    assert caught.value.vendor == name
    assert limit in str(caught.value)
    assert str(caught.value).startswith(f"{concept} at {name}: ")
    for mode, expected in (("drop", dropped), ("clamp", clamped)):
        result = convert(name, "campaign", campaign, on_unsupported=mode)
        adjustment, *_ = [a for a in result.adjustments if a.concept == concept]
        assert adjustment.vendor == name
        assert adjustment.action == ("clamped" if mode == "clamp" and expected is not None else "dropped")
        assert limit in adjustment.reason
        if mode == "clamp" and expected is not None:
            assert adjustment.result == expected or len(adjustment.result) == expected


def test_a_missing_required_value_names_the_concept() -> None:
    campaign = full_campaign("volubile").model_copy(update={"daily_call_cap": None})
    with pytest.raises(ConversionError, match="daily_call_cap at volubile: required by createCampaign"):
        unified.to_volubile(campaign, on_unsupported="drop")


def test_an_unmapped_status_value_is_unsupported() -> None:
    with pytest.raises(UnsupportedValue, match="'cancelled' has no equivalent"):
        unified.status_to_autocalls(StatusChange(campaign_id="5", status="cancelled"))
    assert unified.status_to_volubile(StatusChange(campaign_id="5", status="cancelled")).path == {
        "updateCampaignStatus": {"id": "5"}
    }


def test_times_that_cross_midnight_in_utc_are_refused() -> None:
    campaign = _lossy_campaign("volubile", {"calling_windows": [TimeWindow(start="00:30", end="02:00")]})
    with pytest.raises(UnsupportedValue, match="falls on another day in UTC"):
        unified.to_volubile(campaign, on_unsupported="error")


def test_the_readme_example_runs() -> None:
    readme = (GENERATED / "unified" / "README.md").read_text()
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert type(namespace["requests"].create_campaign).__name__ == "CreateCampaignRequest"
    assert namespace["requests"].adjustments == ()


def test_retry_settings_never_given_are_never_sent() -> None:
    """Regression: the "not given" sentinel was true in the flag rule and invented retryOn values."""
    campaign = full_campaign("volubile").model_copy(
        update={"retry_on_voicemail": None, "retry_on_no_answer": None, "retry_on_goal_incomplete": None}
    )
    wire = unified.to_volubile(campaign, on_unsupported="drop").create_campaign.to_wire()
    assert "retryOn" not in wire.get("retry", {}), wire.get("retry")


def test_retry_flags_given_as_false_send_an_empty_list() -> None:
    campaign = full_campaign("volubile").model_copy(
        update={"retry_on_voicemail": False, "retry_on_no_answer": False, "retry_on_goal_incomplete": None}
    )
    wire = unified.to_volubile(campaign, on_unsupported="drop").create_campaign.to_wire()
    assert wire["retry"]["retryOn"] == []
    only_voicemail = full_campaign("volubile").model_copy(
        update={"retry_on_no_answer": False, "retry_on_goal_incomplete": None}
    )
    wire = unified.to_volubile(only_voicemail, on_unsupported="drop").create_campaign.to_wire()
    assert wire["retry"]["retryOn"] == ["VOICE_BOX"]


@pytest.mark.parametrize("name", VENDORS)
def test_adjustments_never_show_values_that_were_not_given(name: str) -> None:
    """Regression: a contact without variables leaked the sentinel object into `adjustments`."""
    contacts = [Contact(phone="+33612345678", variables={"first_name": "Ada"}), Contact(phone="+33698765432")]
    campaign = full_campaign(name, contacts=contacts)
    result = getattr(unified, f"to_{name}")(campaign, on_unsupported="drop")
    for adjustment in result.adjustments:
        assert "object at 0x" not in repr(adjustment), adjustment
        assert "(not given)" not in repr(adjustment), adjustment


def _ravan_response(**schedule: Any) -> Any:
    from ravan_client.models import CampaignResponse  # noqa: PLC0415 - beside its use

    wire = unified.to_ravan(full_campaign("ravan"), on_unsupported="drop").create_campaign.to_wire()
    wire["schedule"] = {**wire.get("schedule", {}), **schedule}
    return CampaignResponse.model_validate({"success": True, "data": {**wire, "id": CAMPAIGN_IDS["ravan"]}})


def test_a_documented_datetime_start_reads_back_as_its_date() -> None:
    """Regression: Ravan's page says the start is a datetime; from_ravan raised pydantic's error."""
    back = unified.from_ravan(_ravan_response(start="2026-03-02T09:30:00+05:30", end="2026-03-31T18:00:00Z"))
    assert (str(back.start), str(back.end)) == ("2026-03-02", "2026-03-31")


def test_a_value_the_canonical_model_cannot_hold_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError) as caught:
        unified.from_ravan(_ravan_response(start="next monday"))
    assert caught.value.concept == "campaign_start"
    assert caught.value.vendor == "ravan"
    assert "'next monday'" in str(caught.value)


def test_a_request_the_vendor_model_refuses_is_a_conversion_error() -> None:
    """Regression: a value that passes the mapping but not the vendor's model raised pydantic's error."""
    campaign = full_campaign("volubile", agent_id="not-a-uuid")
    with pytest.raises(ConversionError) as caught:
        unified.to_volubile(campaign, on_unsupported="drop")
    assert (caught.value.concept, caught.value.vendor) == ("agent_id", "volubile")
    assert "'not-a-uuid'" in str(caught.value)
    assert "createCampaign request would not be valid" in str(caught.value)


def test_one_campaign_feeds_every_vendor_with_its_own_ids() -> None:
    """Agent ids differ per vendor (Autocalls wants an integer): per_vendor replaces them for one vendor."""
    campaign = full_campaign(
        "volubile",
        per_vendor={"autocalls": {"agent_id": 42}, "ravan": {"agent_id": AGENTS["ravan"]}},
    )
    wires = {
        name: getattr(unified, f"to_{name}")(campaign, on_unsupported="drop").create_campaign.to_wire()
        for name in ("autocalls", "ravan", "volubile")
    }
    assert wires["autocalls"]["assistant_id"] == 42
    assert wires["ravan"]["agentId"] == AGENTS["ravan"]
    assert wires["volubile"]["agentId"] == VOLUBILE_AGENT  # the campaign's own value


@pytest.mark.parametrize(
    ("per_vendor", "message"),
    [
        ({"autocals": {"agent_id": 42}}, "['autocals'] are not vendors"),
        ({"autocalls": {"agent": 42}}, "['agent'] are not fields of Campaign"),
        ({"autocalls": {"max_retries": "many"}}, "max_retries = 'many'"),
    ],
)
def test_a_misspelled_per_vendor_key_is_an_error_not_ignored(
    per_vendor: dict[str, Any], message: str
) -> None:
    campaign = full_campaign("autocalls", per_vendor=per_vendor)
    with pytest.raises(ConversionError) as caught:
        unified.to_autocalls(campaign, on_unsupported="drop")
    assert caught.value.concept == "per_vendor"
    assert message in str(caught.value)


def test_a_wire_minimum_of_zero_is_kept_in_the_rules() -> None:
    """``minimum=0`` compares equal to False: it was once left out as if it were a default."""
    from vendorgen_unified._rules import PLANS  # noqa: PLC0415 - the rendered rules themselves

    rule = next(r for r in PLANS["callkaro", "campaign"].rules if r.concept == "max_retries")
    assert (rule.minimum, rule.maximum) == (0, 10)
