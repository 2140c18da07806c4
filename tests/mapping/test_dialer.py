"""The dialer runs each vendor's whole campaign flow against Prism, and resumes without repeating a request.

Prism validates every request against the vendor's spec (an invalid one is a
422, which the dialer reports as refused), so a completed launch means every
step was a valid request.  Failures are injected by a transport between the
client and Prism: a refusal (the request never reaches Prism), a lost answer
(Prism accepted the request, the client saw a timeout), or a 503.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import vendorgen_unified as unified
import volubile_client
import yaml
from vendorgen_unified import AsyncDialer, Dialer, DialerError, LaunchError

from tests.mapping.test_mapping import problems_after
from tests.mapping.test_unified import full_campaign
from tests.support.project import CLIENT_CLASSES, GENERATED, VENDORS, run_vendorgen

# The requests of each vendor's flow for a two-contact campaign, in order (method, path template).
FLOWS = {
    "autocalls": ["createCampaign", "createLead", "createLead", "updateCampaignStatus"],
    "callkaro": ["createCampaignV1", "createOutboundCall", "createOutboundCall"],
    "ravan": ["createCampaign", "updateCampaign"],
    "volubile": ["createCampaign"],
}


class Injecting(httpx.BaseTransport):
    """Forwards to Prism, counting what Prism accepted; the ``fail_at``-th request (0-based) fails as told."""

    def __init__(self, fail_at: int | None = None, how: str = "refuse") -> None:
        self.inner = httpx.HTTPTransport()
        self.fail_at = fail_at
        self.how = how
        self.seen = 0
        self.accepted: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        index, self.seen = self.seen, self.seen + 1
        if index == self.fail_at and self.how == "refuse":
            return httpx.Response(409, json={"message": "injected refusal"}, request=request)
        if index == self.fail_at and self.how == "503":
            return httpx.Response(503, json={"message": "injected outage"}, request=request)
        response = self.inner.handle_request(request)
        response.read()
        if response.status_code < 300:
            self.accepted.append(f"{request.method} {request.url.path}")
        if index == self.fail_at and self.how == "lost":
            raise httpx.ReadTimeout("injected: the answer was lost", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncForwarding(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.accepted: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        if response.status_code < 300:
            self.accepted.append(f"{request.method} {request.url.path}")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


_OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def client(vendor: str, base_url: str, transport: httpx.BaseTransport) -> Any:
    package = importlib.import_module(f"{vendor}_client")
    http = httpx.Client(transport=transport, base_url=base_url)
    _OPEN.append(http)
    return getattr(package, CLIENT_CLASSES[vendor])(
        api_key="test-key", base_url=base_url, max_retries=0, http_client=http
    )


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_launch_runs_the_whole_flow_with_every_request_valid(
    vendor: str, prism_urls: dict[str, str]
) -> None:
    transport = Injecting()
    dialer = Dialer(vendor, client(vendor, prism_urls[vendor], transport))
    launch = dialer.launch(full_campaign(vendor), on_unsupported="drop")
    assert launch.complete
    assert [s.operation for s in launch.steps] == FLOWS[vendor]
    assert launch.campaign_id is not None
    assert len(transport.accepted) == len(FLOWS[vendor])  # Prism accepted each request: each was valid
    contacts = [s.index for s in launch.steps if s.index is not None]
    assert contacts == ([0, 1] if vendor in ("autocalls", "callkaro") else [])


@pytest.mark.parametrize(("vendor", "step"), [(v, i) for v in VENDORS for i in range(len(FLOWS[v]))], ids=str)
def test_a_refused_step_resumes_without_repeating_any_accepted_request(
    vendor: str, step: int, prism_urls: dict[str, str]
) -> None:
    transport = Injecting(fail_at=step, how="refuse")
    dialer = Dialer(vendor, client(vendor, prism_urls[vendor], transport))
    with pytest.raises(LaunchError) as caught:
        dialer.launch(full_campaign(vendor), on_unsupported="drop")
    error = caught.value
    assert error.operation == FLOWS[vendor][step]
    assert error.outcome == "refused"
    assert [s.operation for s in error.launch.steps] == FLOWS[vendor][:step]
    assert "Accepted so far: " + ("nothing" if step == 0 else FLOWS[vendor][0]) in str(error)
    launch = dialer.resume(error.launch)
    assert launch.complete
    assert [s.operation for s in launch.steps] == FLOWS[vendor]
    # every request reached Prism exactly once: nothing re-created, no contact dialled twice
    assert len(transport.accepted) == len(FLOWS[vendor])


@pytest.mark.parametrize("vendor", ["autocalls", "callkaro"])
def test_a_lost_answer_is_never_resent_unless_the_caller_says_so(
    vendor: str, prism_urls: dict[str, str]
) -> None:
    transport = Injecting(fail_at=1, how="lost")  # the first contact's request: Prism accepted it
    dialer = Dialer(vendor, client(vendor, prism_urls[vendor], transport))
    with pytest.raises(LaunchError) as caught:
        dialer.launch(full_campaign(vendor), on_unsupported="drop")
    assert caught.value.outcome == "uncertain"
    assert caught.value.index == 0
    with pytest.raises(LaunchError, match="may have accepted it"):
        dialer.resume(caught.value.launch)
    assert len(transport.accepted) == 2  # resume sent nothing
    launch = dialer.resume(caught.value.launch, uncertain="skip")
    assert launch.complete
    assert len(transport.accepted) == len(FLOWS[vendor])  # the lost one was not sent again


def test_a_5xx_on_create_is_uncertain_and_retry_sends_it_again(prism_urls: dict[str, str]) -> None:
    transport = Injecting(fail_at=0, how="503")
    dialer = Dialer("volubile", client("volubile", prism_urls["volubile"], transport))
    with pytest.raises(LaunchError) as caught:
        dialer.launch(full_campaign("volubile"), on_unsupported="drop")
    assert caught.value.outcome == "uncertain"
    with pytest.raises(DialerError, match=re.escape("needs its id: resume(campaign_id=...)")):
        dialer.resume(caught.value.launch, uncertain="skip")
    launch = dialer.resume(caught.value.launch, uncertain="retry")
    assert launch.complete
    assert len(transport.accepted) == 1


def test_a_campaign_created_with_a_lost_answer_resumes_with_the_id_the_user_found(
    prism_urls: dict[str, str],
) -> None:
    transport = Injecting(fail_at=0, how="lost")
    dialer = Dialer("callkaro", client("callkaro", prism_urls["callkaro"], transport))
    with pytest.raises(LaunchError) as caught:
        dialer.launch(full_campaign("callkaro"), on_unsupported="drop")
    launch = dialer.resume(caught.value.launch, campaign_id="68433b7b0dee98e59245ebab")
    assert launch.complete
    assert launch.campaign_id == "68433b7b0dee98e59245ebab"
    assert transport.accepted.count("POST /call/campaign") == 1  # created once, never again


def test_a_value_the_vendor_cannot_hold_sends_nothing(prism_urls: dict[str, str]) -> None:
    transport = Injecting()
    dialer = Dialer("callkaro", client("callkaro", prism_urls["callkaro"], transport))
    with pytest.raises(unified.UnsupportedValue):
        dialer.launch(full_campaign("callkaro"))  # on_unsupported="error": caller_id has no place
    assert transport.accepted == []


def test_the_async_dialer_runs_the_same_flow(prism_urls: dict[str, str]) -> None:
    package = importlib.import_module("autocalls_client")
    transport = AsyncForwarding()

    async def run() -> Any:
        async with httpx.AsyncClient(transport=transport, base_url=prism_urls["autocalls"]) as http:
            api = package.AsyncAutocallsClient(
                api_key="test-key", base_url=prism_urls["autocalls"], max_retries=0, http_client=http
            )
            dialer = AsyncDialer("autocalls", api)
            launch = await dialer.launch(full_campaign("autocalls"), on_unsupported="drop")
            return launch, await dialer.status(launch)

    launch, status = asyncio.run(run())
    assert [s.operation for s in launch.steps] == FLOWS["autocalls"]
    assert len(transport.accepted) == 4
    assert status.campaign is None
    assert status.reason == "Autocalls has no GET of a campaign by id"


class Remembering(Injecting):
    """Prism for the create; the read answers with what was created, as a vendor that stores it would.

    (Prism's own answer to a read is placeholder data: ``batchSize: -2147483648``.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.created: dict[str, Any] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and self.created:
            return httpx.Response(200, json=self.created, request=request)
        response = super().handle_request(request)
        if request.method == "POST":
            self.created = {**json.loads(request.content), "id": response.json()["id"], "status": "ACTIVE"}
        return response


def test_status_reads_the_campaign_back_where_the_vendor_can(prism_urls: dict[str, str]) -> None:
    dialer = Dialer("volubile", client("volubile", prism_urls["volubile"], Remembering()))
    campaign = full_campaign("volubile")
    launch = dialer.launch(campaign, on_unsupported="drop")
    status = dialer.status(launch)
    assert status.complete
    assert status.reason == ""
    assert status.campaign_id == launch.campaign_id
    assert isinstance(status.campaign, unified.Campaign)
    assert (status.campaign.name, status.campaign.agent_id) == (campaign.name, campaign.agent_id)
    assert status.campaign.daily_call_cap == campaign.daily_call_cap


def test_status_names_the_concept_of_a_value_the_vendor_returns_that_cannot_be_read(
    prism_urls: dict[str, str],
) -> None:
    dialer = Dialer("ravan", client("ravan", prism_urls["ravan"], Injecting()))
    launch = dialer.launch(full_campaign("ravan"), on_unsupported="drop")
    with pytest.raises(unified.ConversionError, match=r"campaign_start at ravan: .* start = 'string'"):
        dialer.status(launch)  # Prism's placeholder for the schedule's start date


def test_results_are_matched_to_their_launch_or_refused_with_the_reason(prism_urls: dict[str, str]) -> None:
    dialer = Dialer("callkaro", client("callkaro", prism_urls["callkaro"], Injecting()))
    launch = dialer.launch(full_campaign("callkaro"), on_unsupported="drop")
    ours = unified.CallResult(vendor="callkaro", call_id="x", campaign_id=launch.campaign_id, status="ended")
    other = unified.CallResult(vendor="callkaro", call_id="y", campaign_id="another", status="ended")
    assert dialer.results(launch, [ours, other]) == [ours]
    volubile = Dialer("volubile", client("volubile", prism_urls["volubile"], Injecting()))
    launched = volubile.launch(full_campaign("volubile"), on_unsupported="drop")
    with pytest.raises(DialerError, match="The call object names no campaign"):
        volubile.results(launched, [])


def test_an_unknown_vendor_is_a_dialer_error() -> None:
    with pytest.raises(DialerError, match="unknown vendor 'telnyx'"):
        Dialer("telnyx", object())


def test_a_misplaced_campaign_id_or_start_state_is_a_mapping_error(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["groups"]["campaign"]["vendors"]["callkaro"]["operations"][0]["id"] = "data.batch_id"
        data["groups"]["campaign"]["vendors"]["autocalls"]["start"] = "running"

    messages = [p.format() for p in problems_after(workspace, change)]
    assert any(
        "callkaro createCampaignV1's success response has no field 'data.batch_id'" in m for m in messages
    )
    assert any("start: 'running' is not a campaign state" in m for m in messages), messages


def test_the_example_script_launches_on_every_vendor(prism_urls: dict[str, str]) -> None:
    script = Path(__file__).parents[2] / "examples" / "launch_everywhere.py"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(GENERATED / folder) for folder in (*VENDORS, "unified")),
        **{f"{vendor.upper()}_BASE_URL": url for vendor, url in prism_urls.items()},
        **{f"{vendor.upper()}_API_KEY": "test-key" for vendor in VENDORS},
    }
    completed = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    for vendor in VENDORS:
        assert any(line.startswith(f"{vendor}: campaign ") for line in lines), completed.stdout
    assert "  dropped caller_id: " in completed.stdout  # adjustments are printed per vendor


class _Refusing:
    """A client whose campaign creation fails before sending (its own pre-send validation)."""

    def __init__(self) -> None:
        self.campaigns = self
        self.calls = 0

    def create(self, *_: Any, **__: Any) -> Any:
        self.calls += 1
        raise volubile_client.RequestValidationError([("name", "too long")])


def test_a_request_the_client_refuses_to_send_is_not_sent_and_resume_tries_again() -> None:
    refusing = _Refusing()
    dialer = Dialer("volubile", refusing)
    with pytest.raises(LaunchError) as caught:
        dialer.launch(full_campaign("volubile"), on_unsupported="drop")
    assert caught.value.outcome == "not sent"
    assert "invalid request, nothing was sent: name: too long" in str(caught.value)
    with pytest.raises(LaunchError):
        dialer.resume(caught.value.launch)  # not uncertain: sent again (and refused again)
    assert refusing.calls == 2


_RAVAN_CAMPAIGN = {
    "success": True,
    "message": "ok",
    "data": {
        "id": "019ebbef-48d7-7ebc-a751-4a10362a3bbf",
        "name": "Spring renewals",
        "agentId": "agent-1",
        "status": "active",
        "executionStatus": "running",
        "schedule": {"start": "2026-03-02T09:30:00+05:30", "timezone": "Europe/Paris"},
        "contactStats": {"total": 40, "contacted": 12, "successful": 7, "failed": 2, "noAnswer": 3,
                         "pending": 28, "inProgress": 1},
    },
}  # fmt: skip


class _Answering(Injecting):
    """Prism for the flow; reads answer with a realistic campaign (Prism's own are placeholders)."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__()
        self.answer = answer
        self.reads = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            self.reads += 1
            return httpx.Response(200, json=self.answer, request=request)
        return super().handle_request(request)


def test_status_reads_progress_counts_and_state_with_one_request(prism_urls: dict[str, str]) -> None:
    transport = _Answering(_RAVAN_CAMPAIGN)
    dialer = Dialer("ravan", client("ravan", prism_urls["ravan"], transport))
    launch = dialer.launch(full_campaign("ravan"), on_unsupported="drop")
    status = dialer.status(launch)
    assert transport.reads == 1  # the campaign and its progress come from the same GET
    progress = status.progress
    assert progress is not None
    assert progress.state is unified.CampaignState.ACTIVE
    assert progress.vendor_state == "active"
    assert (progress.contacts_total, progress.contacted, progress.succeeded) == (40, 12, 7)
    assert (progress.failed, progress.no_answer, progress.pending, progress.in_progress) == (2, 3, 28, 1)
    assert progress.notes == []
    assert status.campaign is not None
    assert status.campaign.start == date(2026, 3, 2)


def test_an_undocumented_state_is_kept_raw_with_a_note(prism_urls: dict[str, str]) -> None:
    answer = {**_RAVAN_CAMPAIGN, "data": {**_RAVAN_CAMPAIGN["data"], "status": "archived"}}
    dialer = Dialer("ravan", client("ravan", prism_urls["ravan"], _Answering(answer)))
    progress = dialer.status(dialer.launch(full_campaign("ravan"), on_unsupported="drop")).progress
    assert progress is not None
    assert progress.state is None
    assert progress.vendor_state == "archived"
    assert progress.notes == ["state: 'archived' is not in ravan's documented states"]


def test_progress_says_why_where_the_vendor_tells_none(prism_urls: dict[str, str]) -> None:
    dialer = Dialer("callkaro", client("callkaro", prism_urls["callkaro"], Injecting()))
    status = dialer.status(dialer.launch(full_campaign("callkaro"), on_unsupported="drop"))
    assert status.progress is None
    assert status.progress_reason == "No operation returns a campaign."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: p["ravan"]["states"].update(archived="completed"),
            "ravan state 'archived' is neither listed",
        ),
        (lambda p: p["ravan"]["states"].pop("paused"), "ravan states ['paused'] have no entry"),
        (lambda p: p["ravan"]["counts"].pop("pending"), "ravan: pending must be mapped or unsupported"),
        (
            lambda p: p["ravan"]["counts"].update(pending="contactStats.waiting"),
            "has no 'contactStats.waiting'",
        ),
        (lambda p: p["ravan"].update(operation="updateCampaign"), "updateCampaign is not a GET"),
        (lambda p: p.pop("volubile"), "no progress entry for volubile"),
    ],
    ids=["invented state", "state left out", "count left out", "wrong path", "not a GET", "vendor left out"],
)
def test_progress_mapping_errors_are_located(workspace: Path, change: Any, expected: str) -> None:
    messages = [
        p.format() for p in problems_after(workspace, lambda data: change(data["progress"]["vendors"]))
    ]
    assert any(expected in m for m in messages), messages


def test_a_mapping_without_results_progress_or_ids_still_gives_a_checked_package(
    workspace: Path, mypy_cache: Path
) -> None:
    """The results, progress and dialer parts are optional: without them the package says what it lacks."""
    path = workspace / "specs" / "mapping.yaml"
    data = yaml.safe_load(path.read_text())
    del data["results"], data["progress"]
    for name in ("CallResult", "CallStatus", "CampaignProgress"):
        del data["canonical"][name]
    for entry in data["groups"]["campaign"]["vendors"].values():
        entry.pop("start", None)
        for operation in entry["operations"]:
            operation.pop("id", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    completed = run_vendorgen("generate", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    generated = workspace / "generated"
    paths = os.pathsep.join(str(generated / f) for f in (*VENDORS, "unified"))
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), "vendorgen_unified"],
        cwd=generated / "unified",
        env={**os.environ, "MYPYPATH": paths},
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    program = (
        "import vendorgen_unified as u\n"
        "try:\n    u.Dialer('autocalls', object())\nexcept u.DialerError as exc:\n    print(exc)\n"
        "print(u.Dialer('volubile', object()).flow.vendor, 'parse_event' in u.__all__)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program],
        env={**os.environ, "PYTHONPATH": paths},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.stdout.splitlines() == [
        "autocalls: no campaign flow: the mapping does not say where createCampaign's response holds the "
        "campaign id (`id` in groups.campaign.vendors.autocalls), which the follow-up requests need",
        "volubile False",
    ], ran.stderr


class _OpenBody(unified._models.OpenVendorModel):
    name: str | None = None
    agent_id: str | None = None


def test_a_converted_model_becomes_keyword_arguments_and_a_field_without_one_is_an_error() -> None:
    from vendorgen_unified._dialer import FlowStep, _keyword_arguments  # noqa: PLC0415 - the engine's own

    step = FlowStep("createCampaign", "create_campaign", "campaigns", "create", keywords=(("name", "title"),))
    body = _OpenBody.model_validate({"name": "Q4", "surprise": 1})
    assert _keyword_arguments(step, body) == {"title": "Q4", "extra_body": {"surprise": 1}}
    unset = _OpenBody.model_validate({"name": "Q4"})
    assert _keyword_arguments(step, unset) == {"title": "Q4"}, "unset fields are not sent"
    with pytest.raises(
        TypeError, match=r"createCampaign: create\(\) takes no argument for the field\(s\) \['agent_id'\]"
    ):
        _keyword_arguments(step, _OpenBody.model_validate({"name": "Q4", "agent_id": "a1"}))
