"""The results side of the mapping: checked both ways against the specs, and read into CallResult.

The webhook bodies are the vendors' own documentation examples, read from
../shared/vendor-docs (not copies made to fit the reader).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import vendorgen_unified as unified
import yaml
from autocalls_client import models as autocalls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ravan_client import models as ravan
from vendorgen_unified import CallResult, CallStatus, ConversionError, SignatureError, WebhookError
from volubile_client import models as volubile

from generator.mapping.generate import resolve_mapping
from generator.spec.diagnostics import SpecError
from tests.mapping.test_mapping import documents, problems_after
from tests.support.project import SPECS, VENDORS


def _source(data: dict[str, Any], vendor: str, index: int = 0) -> dict[str, Any]:
    return [s for s in data["results"]["sources"] if s["vendor"] == vendor][index]


def _messages(workspace: Path, change: Any) -> list[str]:
    return [p.format() for p in problems_after(workspace, change)]


def _doc_json(shared: Path, page: str) -> dict[str, Any]:
    """The first JSON object on a vendor's documentation page."""
    text = (shared / "vendor-docs" / page).read_text(encoding="utf-8")
    start = text.index("\n{") + 1
    value, _ = json.JSONDecoder().raw_decode(text[start:])
    assert isinstance(value, dict)
    return value


# --- the check ---------------------------------------------------------------------------------


def test_the_committed_results_hold_and_cover_every_vendor() -> None:
    mapping = resolve_mapping(SPECS, documents(SPECS))
    assert mapping.results is not None
    assert {s.source.vendor for s in mapping.results.sources} == set(VENDORS)
    webhooks = {p.operation for s in mapping.results.sources for p in s.places if p.section == "webhooks"}
    assert webhooks == {"postCallWebhook", "callEndedWebhook", "callCompletedWebhook"}


def test_a_status_value_the_vendor_never_documents_is_refused(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["results"]["status_values"]["autocalls"]["voicemail"] = "voicemail"

    messages = _messages(workspace, change)
    assert len(messages) == 1, messages
    assert "autocalls status 'voicemail' is neither a value its spec lists" in messages[0]


def test_an_enum_value_left_out_of_the_vocabulary_is_reported(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["results"]["status_values"]["volubile"]["REJECTED"]

    messages = _messages(workspace, change)
    assert any("volubile status values ['REJECTED'] have no entry" in m for m in messages), messages


def test_a_canonical_status_that_does_not_exist_is_reported(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["results"]["status_values"]["volubile"]["NO_ANSWER"] = "unanswered"

    messages = _messages(workspace, change)
    assert any("'unanswered' is not a CallResult status" in m for m in messages), messages


def test_a_field_the_vendor_adds_to_its_webhook_is_reported_until_mapped(workspace: Path) -> None:
    spec = workspace / "specs" / "autocalls" / "openapi.yaml"
    data = yaml.safe_load(spec.read_text())
    data["components"]["schemas"]["PostCallEvent"]["properties"]["hangup_cause"] = {"type": "string"}
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(SpecError) as caught:
        resolve_mapping(workspace / "specs", documents(workspace / "specs"))
    messages = [d.format() for d in caught.value.diagnostics]
    assert len(messages) == 1, messages
    assert (
        "field autocalls postCallWebhook.hangup_cause of Post-call webhook is neither mapped" in messages[0]
    )


def test_a_canonical_field_neither_mapped_nor_unsupported_is_reported(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del _source(data, "ravan", 1)["fields"]["cost"]
        _source(data, "ravan", 1)["unmapped"]["cost_total"] = "Dropped for the test."

    messages = _messages(workspace, change)
    assert len(messages) == 1, messages
    assert (
        "CallResult.cost is neither mapped for Call session (listCallSessions) nor unsupported" in messages[0]
    )


def test_a_misspelled_wire_field_names_the_fields_there_are(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _source(data, "callkaro")["fields"]["end_reason"] = "hangupReason"

    messages = _messages(workspace, change)
    assert any(
        "callkaro callEndedWebhook has no field 'hangupReason'" in m and "hangup_reason" in m
        for m in messages
    )


def test_a_wire_type_the_canonical_field_cannot_hold_is_reported(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _source(data, "volubile")["fields"]["summary"] = "context"
        _source(data, "volubile")["fields"]["variables"] = "summary"

    messages = _messages(workspace, change)
    assert any(
        "summary at volubile getCall.context: wire object cannot become canonical text" in m for m in messages
    )


def test_a_call_endpoint_no_source_reads_must_be_listed_with_a_reason(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["results"]["unread"]["volubile"]["getTranscript"]

    messages = _messages(workspace, change)
    assert len(messages) == 1, messages
    assert "volubile getTranscript (GET /v1/calls/{id}/transcript) is neither read" in messages[0]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"field": "created_at", "naive": "Mars/Olympus"}, "'Mars/Olympus' is not an IANA timezone"),
        ({"field": "duration"}, "give `unit` exactly when the canonical field has one"),
        ({"field": "duration", "unit": "minutes", "naive": "UTC"}, "`naive` is for times only"),
    ],
)
def test_field_settings_that_cannot_hold_are_reported(
    workspace: Path, setting: dict[str, Any], expected: str
) -> None:
    field = "duration_seconds" if setting["field"] == "duration" else "started_at"

    def change(data: dict[str, Any]) -> None:
        _source(data, "autocalls", 1)["fields"][field] = setting

    messages = _messages(workspace, change)
    assert any(expected in m for m in messages), messages


# --- the reader --------------------------------------------------------------------------------


def test_autocalls_documented_webhook_reads_into_a_call_result(shared_dir: Path) -> None:
    body = _doc_json(shared_dir, "autocalls/webhooks-post-call-webhook.rendered.md")
    event = unified.parse_event("autocalls", json.dumps(body), {})
    result = event.result
    assert type(event.payload).__name__ == "PostCallEvent"
    assert event.event == "postCallWebhook"
    assert (result.call_id, result.campaign_id) == ("12345", "456")
    assert (result.to_number, result.from_number) == ("+1234567890", "+1987654321")
    assert result.status is CallStatus.COMPLETED
    assert result.vendor_status == "completed"
    assert result.started_at == datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
    assert result.ended_at == datetime(2025, 1, 15, 10, 32, 5, tzinfo=UTC)
    assert result.duration_seconds == 125
    assert result.extracted == body["extracted_variables"]
    assert result.variables == body["input_variables"]
    assert result.notes == []


def test_callkaro_documented_webhook_needs_a_timezone_for_its_offsetless_time(shared_dir: Path) -> None:
    body = json.dumps(_doc_json(shared_dir, "callkaro/webhook-call-ended.rendered.md"))
    result = unified.parse_event("callkaro", body).result
    assert result.status is CallStatus.ENDED
    assert result.vendor_status is None
    assert (result.call_id, result.campaign_id, result.agent_id) == (
        "2303fa770b666a64ab1694c1e",
        "0303fa770b666a64ab1694c1e",
        "6803fa770b666a64ab1694c1e",
    )
    assert result.end_reason == "CLIENT_INITIATED"
    assert result.started_at is None  # never guessed
    assert result.notes == [
        "started_at: '2025-12-19 16:01:07' has no UTC offset and callkaro documents no timezone; "
        "pass timezone= to read it"
    ]
    in_india = unified.parse_event("callkaro", body, timezone="Asia/Kolkata").result
    assert in_india.started_at == datetime(2025, 12, 19, 10, 31, 7, tzinfo=UTC)
    assert in_india.notes == []


def test_ravan_webhook_keeps_an_undocumented_status_raw_and_says_so() -> None:
    # Ravan's page documents the payload's fields but shows no example body (the capture is cut).
    body = {
        "event": "call.completed",
        "org_id": "0b0a5d4e-1111-4222-8333-944445555666",
        "data": {
            "call_session_id": "s-1",
            "campaign_id": "c-1",
            "contact_id": "k-1",
            "phone": "+15550100",
            "status": "ended",
        },
    }
    result = unified.parse_event("ravan", json.dumps(body)).result
    assert (result.call_id, result.campaign_id, result.to_number) == ("s-1", "c-1", "+15550100")
    assert result.status is CallStatus.UNKNOWN
    assert result.vendor_status == "ended"
    assert result.notes == ["status: 'ended' is not in ravan's documented vocabulary (none); read as unknown"]


@pytest.mark.parametrize(
    "page", ["volubile/webhooks.rendered.md", "volubile/integrations-webhooks.rendered.md"]
)
def test_volubile_documented_webhooks_read_with_either_name_of_the_extracted_data(
    shared_dir: Path, page: str
) -> None:
    body = _doc_json(shared_dir, page)
    result = unified.parse_event("volubile", json.dumps(body)).result
    assert result.call_id == "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    assert result.status is CallStatus(
        {"IN_PROGRESS": "in_progress", "COMPLETED": "completed"}[body["status"]]
    )
    assert result.duration_seconds == 360
    assert result.started_at == datetime(2024, 7, 30, 14, 35, tzinfo=UTC)
    assert result.variables == body["context"]
    assert result.extracted == body.get("extractorData")  # the first page has no flattened data at all


def test_every_volubile_status_reads_as_its_table_says() -> None:
    mapping = yaml.safe_load((SPECS / "mapping.yaml").read_text())
    table = mapping["results"]["status_values"]["volubile"]
    for wire, canonical in table.items():
        body = {"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": wire}
        result = unified.parse_event("volubile", json.dumps(body)).result
        assert result.status is CallStatus(canonical)
        assert result.vendor_status == wire


def test_call_records_from_responses_read_every_item() -> None:
    page = autocalls.CallPage.model_validate(
        {
            "data": [
                {
                    "id": 1,
                    "status": "busy",
                    "duration": 0,
                    "created_at": "2025-08-04 14:30:00",
                    "total_cost": 0.02,
                },
                {"id": 2, "status": "voicemail", "created_at": "2025-08-04 14:31:00"},
            ]
        }
    )
    first, second = unified.call_results_from_autocalls(page)
    assert (first.call_id, first.status, first.cost) == ("1", CallStatus.BUSY, 0.02)
    assert first.started_at == datetime(2025, 8, 4, 14, 30, tzinfo=UTC)  # documented choice: naive is UTC
    assert second.status is CallStatus.UNKNOWN
    assert "'voicemail' is not in autocalls's documented vocabulary" in second.notes[0]
    call = volubile.Call.model_validate({"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "NO_ANSWER"})
    assert [r.status for r in unified.call_results_from_volubile(call)] == [CallStatus.NO_ANSWER]


def test_a_value_of_the_wrong_kind_is_a_conversion_error_naming_the_field() -> None:
    response = ravan.CallSessionListResponse.model_validate(
        {"data": [{"id": "s", "status": "x", "started_at": "yesterday at noon"}]}
    )
    with pytest.raises(ConversionError, match="started_at at ravan: 'yesterday at noon' is not a date-time"):
        unified.call_results_from_ravan(response)


def test_a_model_that_holds_no_call_records_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="holds no call records"):
        unified.call_results_from_volubile(volubile.AuthTokenResponse.model_validate({}))  # type: ignore[arg-type]


# --- webhook intake ----------------------------------------------------------------------------

_SECRET = "whsec-test"
_VOLUBILE = json.dumps({"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "COMPLETED"}).encode()


def _signed(body: bytes, secret: str = _SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_good_signature_is_accepted_whatever_the_header_and_hex_case() -> None:
    for name, value in (
        ("X-Webhook-Signature", _signed(_VOLUBILE)),
        ("x-webhook-signature", _signed(_VOLUBILE).upper()),
    ):
        event = unified.parse_event("volubile", _VOLUBILE, {name: value}, secret=_SECRET)
        assert event.result.status is CallStatus.COMPLETED


@pytest.mark.parametrize(
    ("headers", "secret", "expected"),
    [
        ({}, _SECRET, "no X-Webhook-Signature header"),
        ({"X-Webhook-Signature": _signed(_VOLUBILE, "other")}, _SECRET, "does not match the body"),
        ({"X-Webhook-Signature": _signed(_VOLUBILE + b" ")}, _SECRET, "does not match the body"),
        ({"X-Webhook-Signature": "not hex at all"}, _SECRET, "does not match the body"),
        ({"X-Webhook-Signature": _signed(_VOLUBILE)}, None, "signed (X-Webhook-Signature) but no secret="),
    ],
    ids=["missing", "other secret", "body changed", "garbage", "no secret given"],
)
def test_a_bad_missing_or_unchecked_signature_is_refused(
    headers: dict[str, str], secret: str | None, expected: str
) -> None:
    with pytest.raises(SignatureError, match=re.escape(expected)):
        unified.parse_event("volubile", _VOLUBILE, headers, secret=secret)


def test_a_secret_for_a_vendor_that_signs_nothing_is_refused() -> None:
    with pytest.raises(WebhookError, match="documents no webhook signature"):
        unified.parse_event("ravan", json.dumps({"data": {"call_session_id": "s"}}), {}, secret=_SECRET)


@pytest.mark.parametrize(
    ("vendor", "body", "expected"),
    [
        ("autocalls", "<html>502</html>", "autocalls webhook: the body is not JSON"),
        ("autocalls", json.dumps({"id": "twelve"}), "not a postCallWebhook payload: id = 'twelve'"),
        ("callkaro", json.dumps({"event": "call_ended"}), "expected one call record at 'data', found 0"),
        ("telnyx", "{}", "no webhook of this vendor is read"),
    ],
)
def test_a_delivery_that_is_not_the_vendors_payload_is_a_webhook_error(
    vendor: str, body: str, expected: str
) -> None:
    with pytest.raises(WebhookError, match=expected):
        unified.parse_event(vendor, body, {})


def test_results_validate_as_the_canonical_model() -> None:
    result = unified.parse_event("volubile", _VOLUBILE).result
    assert isinstance(result, CallResult)
    assert CallResult.model_validate(result.model_dump()) == result


# --- inputs the reader was not written around ----------------------------------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


@pytest.fixture
def documented_bodies(shared_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        "autocalls": _doc_json(shared_dir, "autocalls/webhooks-post-call-webhook.rendered.md"),
        "callkaro": _doc_json(shared_dir, "callkaro/webhook-call-ended.rendered.md"),
        "ravan": {"event": "call.completed", "org_id": "o", "data": {"call_session_id": "s", "status": "x"}},
        "volubile": _doc_json(shared_dir, "volubile/integrations-webhooks.rendered.md"),
    }


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_documented_body_reads_or_fails_with_the_packages_own_errors(
    documented_bodies: dict[str, dict[str, Any]], data: st.DataObject
) -> None:
    vendor = data.draw(st.sampled_from(VENDORS))
    body = documented_bodies[vendor]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(body)))
        body = _replaced(body, path, data.draw(_JSON))
    try:
        event = unified.parse_event(vendor, json.dumps(body), {}, timezone="UTC")
    except (WebhookError, ConversionError):
        return  # a located refusal naming the vendor is the answer to a body it cannot read
    assert isinstance(event.result, CallResult)
    assert event.result.vendor == vendor
    assert event.result.status in set(CallStatus)
