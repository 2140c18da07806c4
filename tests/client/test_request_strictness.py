"""Requests are strict: what the spec does not allow raises RequestValidationError, and nothing is sent.

These are the mistakes that used to go out as they were: a misspelled key inside a nested
dict (the vendor ignores it, the campaign runs with its default window), a string where the
spec says integer, a key added to a model instance. Each error names the argument by its
Python name with the wire name beside it, and keeps pydantic's error as its cause.
"""

from __future__ import annotations

import uuid
from typing import Any

import autocalls_client
import httpx
import pydantic
import pytest
import ravan_client
import volubile_client

CALLED = {"success": True, "message": "ok", "data": {"id": "c1", "name": "Q4", "status": "draft"}}
CAMPAIGN: dict[str, Any] = {
    "name": "Q4",
    "agent_id": "a1",
    "phone_number_id": "p1",
    "from_phone_number": "+918035088113",
    "contact_ids": ["k1"],
}


def _sending(package: Any, client_class: str, reply: Any = None) -> tuple[Any, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=reply if reply is not None else {})

    transport = httpx.MockTransport(handler)
    return getattr(package, client_class)(api_key="k", http_client=httpx.Client(transport=transport)), sent


@pytest.fixture
def ravan() -> tuple[Any, list[httpx.Request]]:
    return _sending(ravan_client, "RavanClient", CALLED)


def _raises(call: Any) -> ravan_client.RequestValidationError:
    with pytest.raises(ravan_client.RequestValidationError) as caught:
        call()
    return caught.value


def test_a_misspelled_nested_key_is_refused_with_a_suggestion(ravan: tuple[Any, list[httpx.Request]]) -> None:
    client, sent = ravan
    error = _raises(lambda: client.campaigns.create(**CAMPAIGN, schedule={"windowStrat": "09:00"}))
    assert error.errors == [("schedule", "unknown key 'windowStrat' (did you mean 'windowStart'?)")]
    assert "nothing was sent" in str(error)
    assert sent == []


def test_a_misspelled_top_level_argument_is_refused_by_python(ravan: tuple[Any, list[httpx.Request]]) -> None:
    client, sent = ravan
    with pytest.raises(TypeError, match="shedule"):
        client.campaigns.create(**CAMPAIGN, shedule={})
    assert sent == []


def test_a_key_added_to_a_nested_model_instance_is_refused(ravan: tuple[Any, list[httpx.Request]]) -> None:
    client, sent = ravan
    schedule = ravan_client.models.CreateCampaignSchedule(window_start="09:00", surprise=1)
    error = _raises(lambda: client.campaigns.create(**CAMPAIGN, schedule=schedule))
    assert error.errors == [("schedule", "unknown key 'surprise'")], error.errors
    assert sent == []


def test_errors_name_python_names_with_the_wire_name_beside(ravan: tuple[Any, list[httpx.Request]]) -> None:
    client, sent = ravan
    error = _raises(
        lambda: client.campaigns.create(**CAMPAIGN, schedule={"windowStart": "9h", "window_days": [1, "2"]})
    )
    where = [place for place, _ in error.errors]
    assert where == ["schedule.window_start (windowStart)", "schedule.window_days (windowDays)[1]"], where
    assert isinstance(error.__cause__, pydantic.ValidationError)
    assert isinstance(error, ravan_client.VendorError)
    assert isinstance(error, ValueError), "as pydantic's error was: except ValueError still catches it"
    assert sent == []


def test_missing_required_fields_are_named(ravan: tuple[Any, list[httpx.Request]]) -> None:
    client, _ = ravan
    left_out = {"agent_id": ravan_client.OMIT, "phone_number_id": ravan_client.OMIT}
    left_out |= {"from_phone_number": ravan_client.OMIT, "contact_ids": ravan_client.OMIT}
    error = _raises(lambda: client.campaigns.create(name="Q4", **left_out))
    missing = sorted(place for place, message in error.errors if message == "Field required")
    assert missing == [
        "agent_id (agentId)",
        "contact_ids (contactIds)",
        "from_phone_number (fromPhoneNumber)",
        "phone_number_id (phoneNumberId)",
    ]


def test_no_lax_coercion_of_scalars() -> None:
    client, sent = _sending(autocalls_client, "AutocallsClient")
    with pytest.raises(autocalls_client.RequestValidationError) as caught:
        client.leads.create(phone_number="+1234567890", campaign_id="7")  # type: ignore[arg-type]
    assert caught.value.errors == [("campaign_id", "Input should be a valid integer")]
    with pytest.raises(autocalls_client.RequestValidationError):
        client.leads.create(phone_number=1234567890, campaign_id=7)  # type: ignore[arg-type]
    with pytest.raises(autocalls_client.RequestValidationError):
        client.leads.create(phone_number="+1", campaign_id=7, allow_dupplicate="yes")  # type: ignore[arg-type]
    assert sent == []


def test_richer_python_values_travel_as_their_json() -> None:
    client, _ = _sending(volubile_client, "VolubileClient")
    agent = uuid.UUID("6f1c2a4e-0d5b-4c3e-9a7f-2b8d1e0c9a11")
    client.calls.create(
        agent_id=agent, recipient={"phone": "+33612345678", "context": {"anything": [1, "x"]}}
    )
    client.calls.create(agent_id=str(agent), recipient=volubile_client.models.Recipient(phone="+33612345678"))


def test_a_schema_that_allows_any_key_accepts_them() -> None:
    client, sent = _sending(autocalls_client, "AutocallsClient", {"message": "ok", "data": {"id": 1}})
    client.leads.create(
        phone_number="+1234567890", campaign_id=7, variables={"customer_name": "Ada", "order_ref": "A-1"}
    )
    assert b'"order_ref":"A-1"' in sent[0].content
    with pytest.raises(autocalls_client.RequestValidationError, match="secondary_contacts"):
        client.leads.create(
            phone_number="+1", campaign_id=7, secondary_contacts=[{"phone_number": "+2", "name": "x"}]
        )


def test_responses_stay_lenient() -> None:
    client, _ = _sending(
        ravan_client,
        "RavanClient",
        {**CALLED, "data": {**CALLED["data"], "brandNew": 1, "status": "archived"}},
    )
    result = client.campaigns.create(**CAMPAIGN)
    assert result.data.model_extra == {"brandNew": 1}
    assert result.data.status == "archived"


def test_constrained_scalars_are_plain_values_with_their_limits() -> None:
    """``windowDays`` items (1..7) were ``WindowDay(root=1)`` wrappers: a list of ints now, limits kept."""
    schedule = {"windowDays": [1, 5]}
    client, sent = _sending(
        ravan_client, "RavanClient", {**CALLED, "data": {**CALLED["data"], "schedule": schedule}}
    )
    result = client.campaigns.create(**CAMPAIGN, schedule={"window_days": [1, 5]})
    assert b'"windowDays":[1,5]' in sent[0].content
    assert result.data is not None
    assert result.data.schedule is not None
    assert result.data.schedule.window_days == [1, 5]
    assert result.data.schedule.window_days[0] == 1
    with pytest.raises(ravan_client.RequestValidationError, match="less than or equal to 7"):
        client.campaigns.create(**CAMPAIGN, schedule={"window_days": [8]})
