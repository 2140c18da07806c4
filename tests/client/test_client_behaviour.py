"""The generated clients, exercised through httpx.MockTransport: wire format, auth, errors, retries."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Callable
from typing import Any

import autocalls_client
import callkaro_client
import httpx
import pytest
import ravan_client
import volubile_client

Handler = Callable[[httpx.Request], httpx.Response]
SECRET = "sk-test-very-secret-key"


class Recorder:
    """A mock transport that answers from a list of responses and keeps every request."""

    def __init__(self, *responses: httpx.Response | Exception | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def ok(payload: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=payload, headers=headers)


@pytest.fixture
def sleeps() -> list[float]:
    return []


def ravan(recorder: Recorder, sleeps: list[float], **options: Any) -> ravan_client.RavanClient:
    client = ravan_client.RavanClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **options
    )
    client._sleep = sleeps.append
    return client


CAMPAIGN = {"success": True, "message": "ok", "data": {"id": "c1", "name": "Q4", "status": "draft"}}


def test_request_body_uses_wire_names_and_only_given_fields(sleeps: list[float]) -> None:
    recorder = Recorder(ok(CAMPAIGN))
    client = ravan(recorder, sleeps)
    result = client.campaigns.create(
        name="Q4",
        agent_id="a1",
        phone_number_id="p1",
        from_phone_number="+918035088113",
        contact_ids=["x", "y"],
        schedule={"windowStart": "09:00", "retryGapMin": 30},
    )
    request = recorder.requests[0]
    assert request.method == "POST"
    assert str(request.url) == "https://api.ravan.ai/api/v1/campaigns/"  # the documented trailing slash
    assert request.headers["X-Api-Key"] == SECRET
    assert request.headers["Content-Type"] == "application/json"
    assert recorder.body() == {
        "name": "Q4",
        "agentId": "a1",
        "phoneNumberId": "p1",
        "fromPhoneNumber": "+918035088113",
        "contactIds": ["x", "y"],
        "schedule": {"windowStart": "09:00", "retryGapMin": 30},
    }
    assert isinstance(result, ravan_client.models.CampaignResponse)
    assert result.data is not None
    assert result.data.name == "Q4"


def test_a_missing_required_argument_is_refused_by_python_and_nothing_is_sent(sleeps: list[float]) -> None:
    """Required body fields are required arguments: leaving one out fails the call itself."""
    recorder = Recorder(ok(CAMPAIGN))
    client = ravan(recorder, sleeps)
    with pytest.raises(TypeError, match="agent_id"):
        client.campaigns.create(  # type: ignore[call-arg]
            name="Q4", phone_number_id="p1", from_phone_number="+1", contact_ids=[]
        )
    with pytest.raises(TypeError, match="'body'"):  # the whole-model form is gone: one way to call
        client.campaigns.create(  # type: ignore[call-arg]
            name="Q4", agent_id="a1", phone_number_id="p1", from_phone_number="+1", contact_ids=[], body={}
        )
    assert recorder.requests == []


def test_nested_model_instances_are_accepted_where_dicts_are(sleeps: list[float]) -> None:
    recorder = Recorder(ok(CAMPAIGN))
    schedule = ravan_client.models.CreateCampaignSchedule(window_start="09:00", retry_gap_min=30)
    ravan(recorder, sleeps).campaigns.create(
        name="Q4",
        agent_id="a1",
        phone_number_id="p1",
        from_phone_number="+1",
        contact_ids=[],
        schedule=schedule,
    )
    assert recorder.body()["schedule"] == {"windowStart": "09:00", "retryGapMin": 30}


def test_documented_limits_are_enforced_before_sending(sleeps: list[float]) -> None:
    recorder = Recorder(ok({}))
    client = autocalls_client.AutocallsClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    with pytest.raises(autocalls_client.RequestValidationError) as caught:
        client.campaigns.create(name="x", assistant_id=1, retry_interval=5)
    assert caught.value.errors[0][0] == "retry_interval"
    with pytest.raises(autocalls_client.RequestValidationError):
        client.campaigns.create(name="x" * 256, assistant_id=1)
    assert recorder.requests == []


def test_bearer_auth_and_misspelled_wire_name() -> None:
    recorder = Recorder(ok({"message": "Lead created successfully", "data": {"id": 1}}))
    client = autocalls_client.AutocallsClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    client.leads.create(phone_number="+1234567890", campaign_id=7, allow_dupplicate=True)
    assert recorder.requests[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert recorder.body() == {"phone_number": "+1234567890", "campaign_id": 7, "allow_dupplicate": True}


def test_callkaro_header_and_union_body_field() -> None:
    recorder = Recorder(ok({"status": "done", "message": "queued", "call_sid": "s1"}))
    client = callkaro_client.CallKaroClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    result = client.calls.create_outbound(
        to_number="+919876543210", agent_id="a", gap_between_retries=[30, 60]
    )
    assert recorder.requests[0].headers["X-API-KEY"] == SECRET
    assert recorder.body() == {"to_number": "+919876543210", "agent_id": "a", "gap_between_retries": [30, 60]}
    assert result.call_sid == "s1"


def test_bare_json_string_body_and_scheme_choice() -> None:
    recorder = Recorder(ok({"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "PAUSED"}))
    client = volubile_client.VolubileClient(
        api_key="jwt-token",
        auth_scheme="BearerToken",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
    )
    campaign = client.campaigns.update_status("3c90c3cc-0d44-4b50-8888-8dd25736052a", body="PAUSED")
    request = recorder.requests[0]
    assert request.content == b'"PAUSED"'
    assert request.headers["Authorization"] == "Bearer jwt-token"
    assert "X-Api-Key" not in request.headers
    assert str(request.url).endswith("/v1/campaigns/3c90c3cc-0d44-4b50-8888-8dd25736052a/status")
    assert campaign.status == volubile_client.models.CampaignStatus.PAUSED
    with pytest.raises(volubile_client.RequestValidationError):
        client.campaigns.update_status("x", body="STOPPED")  # type: ignore[arg-type]


def test_responses_parse_leniently() -> None:
    recorder = Recorder(
        ok({"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "ON_HOLD", "brandNew": 1})
    )
    client = volubile_client.VolubileClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    call = client.calls.get("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    assert call.status == "ON_HOLD"  # a status added after generation is kept, not a crash
    assert call.model_extra == {"brandNew": 1}


def test_query_parameters_and_path_encoding(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"success": True, "data": [], "meta": {"total": 0}}), ok({"success": True}))
    client = ravan(recorder, sleeps)
    client.calls.list_sessions(page=2, sort_order="desc", started_after="2026-01-01T00:00:00Z")
    assert recorder.requests[0].url.params == httpx.QueryParams(
        {"page": "2", "sort_order": "desc", "started_after": "2026-01-01T00:00:00Z"}
    )
    client.agents.delete("a/b c")
    assert recorder.requests[1].url.raw_path == b"/api/v1/agents/a%2Fb%20c/"
    with pytest.raises(ValueError, match="path parameter 'id' must not be empty"):
        client.agents.delete("")


@pytest.mark.parametrize(
    ("value", "sent"), [("..", b"%2E%2E"), (".", b"%2E"), ("...", b"%2E%2E%2E"), ("v1.2", b"v1.2")]
)
def test_dot_segments_in_path_parameters_cannot_move_the_request(
    sleeps: list[float], value: str, sent: bytes
) -> None:
    """Regression: `delete("..")` sent DELETE /api/v1/ (httpx removes dot segments)."""
    recorder = Recorder(ok({"success": True}))
    ravan(recorder, sleeps).agents.delete(value)
    assert recorder.requests[0].url.raw_path == b"/api/v1/agents/" + sent + b"/"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_an_error_not_a_success(sleeps: list[float], status: int) -> None:
    """Regression: a DELETE answered with 302 returned None as if it had succeeded."""
    recorder = Recorder(httpx.Response(status, headers={"Location": "https://elsewhere.example/x"}))
    with pytest.raises(ravan_client.RedirectError) as caught:
        ravan(recorder, sleeps).agents.delete("a1")
    assert caught.value.status_code == status
    assert caught.value.location == "https://elsewhere.example/x"
    assert isinstance(caught.value, ravan_client.APIStatusError)
    assert len(recorder.requests) == 1, "a redirect is not retried"


def test_a_callers_redirect_following_client_never_carries_the_key_elsewhere() -> None:
    """httpx strips only Authorization across origins: X-Api-Key would follow a 307 to another host."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "evil.example":
            return httpx.Response(200, json={"success": True})
        return httpx.Response(307, headers={"Location": "https://evil.example/steal"})

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    client = ravan_client.RavanClient(api_key="sk-secret", http_client=http, max_retries=0)
    with pytest.raises(ravan_client.RedirectError):
        client.agents.delete("a1")
    assert [request.url.host for request in seen] == ["api.ravan.ai"]


def test_error_statuses_map_to_documented_exceptions(sleeps: list[float]) -> None:
    problem = {"message": "The given data was invalid.", "errors": {"name": ["The name field is required."]}}
    recorder = Recorder(ok(problem, 422))
    client = autocalls_client.AutocallsClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    with pytest.raises(autocalls_client.UnprocessableEntityError) as caught:
        client.campaigns.create(name="x", assistant_id=1)
    error = caught.value
    assert error.status_code == 422
    assert isinstance(error.body, autocalls_client.models.ValidationErrorResponse)
    assert error.body.errors == {"name": ["The name field is required."]}
    assert str(error) == "POST /user/campaign returned 422: The given data was invalid."
    for status, exception in [
        (400, autocalls_client.BadRequestError),
        (401, autocalls_client.AuthenticationError),
        (403, autocalls_client.PermissionDeniedError),
        (404, autocalls_client.NotFoundError),
        (409, autocalls_client.ConflictError),
        (429, autocalls_client.RateLimitError),
        (503, autocalls_client.InternalServerError),
    ]:
        failing = autocalls_client.AutocallsClient(
            api_key=SECRET,
            max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(Recorder(ok({"message": "no"}, status)))),
        )
        with pytest.raises(exception):
            failing.calls.list()


def test_post_is_not_retried_after_a_server_error(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"message": "boom"}, 500))
    with pytest.raises(ravan_client.InternalServerError):
        ravan(recorder, sleeps).calls.create(
            type="outbound_call", agent_id="a", from_phone_number="+1", to_phone_number="+2"
        )
    assert len(recorder.requests) == 1  # a call must never be placed twice
    assert sleeps == []


def test_post_is_retried_when_opted_in(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"message": "boom"}, 500), ok({"success": True}))
    client = ravan(recorder, sleeps, retry_non_idempotent=True)
    client.calls.create(type="outbound_call", agent_id="a", from_phone_number="+1", to_phone_number="+2")
    assert len(recorder.requests) == 2


def test_post_is_retried_when_the_connection_never_opened(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ConnectError("refused"), ok({"success": True}))
    ravan(recorder, sleeps).calls.create(
        type="web_call", agent_id="a", from_phone_number="+1", to_phone_number="+2"
    )
    assert len(recorder.requests) == 2


def test_post_is_not_retried_after_a_read_timeout(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"), ok({"success": True}))
    with pytest.raises(ravan_client.APITimeoutError):
        ravan(recorder, sleeps).calls.create(
            type="web_call", agent_id="a", from_phone_number="+1", to_phone_number="+2"
        )
    assert len(recorder.requests) == 1


def test_get_is_retried_on_503_with_backoff(sleeps: list[float]) -> None:
    recorder = Recorder(ok({}, 503), ok({}, 503), ok({"success": True, "data": []}))
    result = ravan(recorder, sleeps).agents.list()
    assert len(recorder.requests) == 3
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0
    assert result.data == []


def test_retries_stop_after_max_retries(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"message": "down"}, 503))
    with pytest.raises(ravan_client.InternalServerError):
        ravan(recorder, sleeps, max_retries=3).agents.list()
    assert len(recorder.requests) == 4


def test_retry_after_is_honoured_and_capped(sleeps: list[float]) -> None:
    recorder = Recorder(
        ok({}, 429, **{"Retry-After": "7"}), ok({}, 429, **{"Retry-After": "3600"}), ok(CAMPAIGN)
    )
    ravan(recorder, sleeps).campaigns.create(
        name="Q4", agent_id="a", phone_number_id="p", from_phone_number="+1", contact_ids=[]
    )
    assert sleeps == [7.0, 60.0]  # 429 means "not processed": retried even for POST


@pytest.mark.parametrize(
    "header",
    [
        {"Retry-After": "soon"},
        {"Retry-After": "nan"},
        {"Retry-After": "-inf"},
        {"Retry-After": "Mon, 99 Foo"},
        {"retry-after-ms": "nan", "Retry-After": "2"},
    ],
)
def test_a_malformed_retry_after_falls_back_to_backoff(sleeps: list[float], header: dict[str, str]) -> None:
    """Regression: `Retry-After: soon` raised ValueError and `nan` reached time.sleep(nan)."""
    recorder = Recorder(ok({}, 429, **header), ok(CAMPAIGN))
    ravan(recorder, sleeps).campaigns.create(
        name="Q4", agent_id="a", phone_number_id="p", from_phone_number="+1", contact_ids=[]
    )
    assert len(sleeps) == 1
    assert 0.0 <= sleeps[0] <= 60.0
    if "retry-after-ms" in header:
        assert sleeps == [2.0]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b'{"success": ' + b"9" * 5000 + b"}", "digits"), (b"[" * 200_000 + b"]" * 200_000, "too deep")],
)
def test_an_unreadable_json_body_is_a_response_validation_error(
    sleeps: list[float], content: bytes, message: str
) -> None:
    """Regression: a 5,000-digit integer (ValueError) or 200k-deep nesting (RecursionError) escaped."""
    recorder = Recorder(httpx.Response(200, content=content, headers={"Content-Type": "application/json"}))
    with pytest.raises(ravan_client.APIResponseValidationError, match=message):
        ravan(recorder, sleeps).agents.delete("a1")
    error = Recorder(httpx.Response(400, content=content, headers={"Content-Type": "application/json"}))
    with pytest.raises(ravan_client.BadRequestError):
        ravan(error, sleeps).agents.delete("a1")


def test_an_api_key_read_with_its_newline_is_stripped_and_one_with_control_characters_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def sent_key(**options: Any) -> str:
        recorder = Recorder(ok({"success": True}))
        http = httpx.Client(transport=httpx.MockTransport(recorder))
        ravan_client.RavanClient(http_client=http, **options).agents.delete("a1")
        return str(recorder.requests[0].headers["X-Api-Key"])

    assert sent_key(api_key="sk-live-123\n") == "sk-live-123"
    monkeypatch.setenv("RAVAN_API_KEY", "sk-live-123\r\n")
    assert sent_key() == "sk-live-123"
    with pytest.raises(ValueError, match="control character") as caught:
        ravan_client.RavanClient(api_key="sk-live\n123")
    assert "sk-live" not in str(caught.value)


def test_api_key_never_appears_in_repr_errors_or_logs(
    sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(ok({"message": "bad key"}, 401))
    client = ravan(recorder, sleeps)
    assert SECRET not in repr(client)
    with pytest.raises(ravan_client.AuthenticationError) as caught:
        client.agents.list()
    recorder2 = Recorder(ok({}, 503), ok({"success": True}))
    ravan(recorder2, sleeps).agents.list()
    texts = [str(caught.value), repr(caught.value), caplog.text, repr(caught.value.body)]
    assert all(SECRET not in text for text in texts)
    assert "retrying GET /api/v1/agents/" in caplog.text


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAVAN_API_KEY", raising=False)
    with pytest.raises(
        ravan_client.MissingAPIKeyError,
        match=r"pass api_key=\.\.\. \(or token_provider=\.\.\.\) or set the RAVAN_API_KEY",
    ):
        ravan_client.RavanClient()
    monkeypatch.setenv("RAVAN_API_KEY", "from-env")
    assert ravan_client.RavanClient()._api_key == "from-env"


def test_defaults_base_url_override_and_with_options(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"success": True}))
    client = ravan(recorder, sleeps, base_url="http://127.0.0.1:9/prefix")
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    assert client.max_retries == 2
    client.agents.list()
    assert str(recorder.requests[0].url) == "http://127.0.0.1:9/prefix/api/v1/agents/"
    quick = client.with_options(timeout=1.5, max_retries=0)
    assert (quick.timeout, quick.max_retries, quick.base_url) == (1.5, 0, client.base_url)
    quick.agents.list(timeout=3.0)
    assert recorder.requests[-1].extensions["timeout"] == {
        "connect": 3.0,
        "read": 3.0,
        "write": 3.0,
        "pool": 3.0,
    }


def test_raw_response_gives_status_and_headers(sleeps: list[float]) -> None:
    recorder = Recorder(ok(CAMPAIGN, 200, **{"X-Request-Id": "r-1"}))
    raw = ravan(recorder, sleeps).campaigns.with_raw_response.get("c1")
    assert raw.status_code == 200
    assert raw.headers["X-Request-Id"] == "r-1"
    assert raw.parse().data is not None


def test_auto_paging_iterates_every_item(sleeps: list[float]) -> None:
    pages = iter(
        [
            {
                "success": True,
                "data": [{"id": "1"}, {"id": "2"}],
                "meta": {"total": "3", "limit": 2, "offset": 0},
            },
            {"success": True, "data": [{"id": "3"}], "meta": {"total": "3", "limit": 2, "offset": 2}},
        ]
    )
    recorder = Recorder(lambda request: ok(next(pages)))
    agents = list(ravan(recorder, sleeps).agents.iter_list(limit=2))
    assert [a.id for a in agents] == ["1", "2", "3"]
    assert [r.url.params["offset"] for r in recorder.requests] == ["0", "2"]


def test_page_style_paging_stops_at_the_last_page() -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        return ok({"data": [{"id": number}], "current_page": number, "last_page": 3})

    recorder = Recorder(page)
    client = autocalls_client.AutocallsClient(
        api_key=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )
    assert [lead.id for lead in client.leads.iter_list()] == [1, 2, 3]
    assert len(recorder.requests) == 3


def test_async_client_sends_the_same_request() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/agents/":
            first = request.url.params.get("offset") == "0"
            return ok({"success": True, "data": [{"id": "a1"}] if first else []})
        return ok(CAMPAIGN)

    recorder = Recorder(route)

    async def run() -> Any:
        client = ravan_client.AsyncRavanClient(
            api_key=SECRET, http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder))
        )
        async with client:
            created = await client.campaigns.create(
                name="Q4", agent_id="a", phone_number_id="p", from_phone_number="+1", contact_ids=[]
            )
            raw = await client.campaigns.with_raw_response.get("c1")
            items = [agent async for agent in client.agents.iter_list()]
            return created, raw, items

    created, raw, items = asyncio.run(run())
    assert created.data.name == "Q4"
    assert [agent.id for agent in items] == ["a1"]
    assert raw.status_code == 200
    assert recorder.requests[0].headers["X-Api-Key"] == SECRET


def test_invalid_json_response_raises_response_validation_error(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.Response(200, content=b"<html>oops</html>"))
    with pytest.raises(ravan_client.APIResponseValidationError, match="not valid JSON"):
        ravan(recorder, sleeps).agents.list()


def test_public_surface_is_explicit() -> None:
    for module, client in [
        (ravan_client, "RavanClient"),
        (autocalls_client, "AutocallsClient"),
        (callkaro_client, "CallKaroClient"),
        (volubile_client, "VolubileClient"),
    ]:
        assert client in module.__all__
        assert f"Async{client}" in module.__all__
        assert {"APIError", "APIStatusError", "RateLimitError", "MissingAPIKeyError", "OMIT"} <= set(
            module.__all__
        )
        assert all(hasattr(module, name) for name in module.__all__)
        assert all(hasattr(module.models, name) for name in module.models.__all__)


def test_introspection_shows_which_arguments_are_required(sleeps: list[float]) -> None:
    """``inspect.signature`` and ``help()`` show the keyword form: required arguments have no default."""
    client = ravan(Recorder(), sleeps)
    for method in (
        client.campaigns.create,
        client.campaigns.with_raw_response.create,
        client.campaigns.with_streaming_response.create,
    ):
        parameters = inspect.signature(method).parameters
        assert "self" not in parameters
        assert parameters["name"].default is inspect.Parameter.empty, method
        assert parameters["contact_ids"].default is inspect.Parameter.empty
        assert parameters["schedule"].default is not inspect.Parameter.empty
        assert "body" not in parameters
    async_parameters = inspect.signature(
        ravan_client.AsyncRavanClient(api_key=SECRET).campaigns.create
    ).parameters
    assert async_parameters["agent_id"].default is inspect.Parameter.empty
    assert inspect.signature(client.agents.list).parameters["limit"].default is not inspect.Parameter.empty


_LAZY_IMPORT_CHECK = """
import sys
import ravan_client
assert "ravan_client.models" not in sys.modules, "the models load on first use"
assert "ravan_client.resources" not in sys.modules
assert "asyncio" not in sys.modules, "only the async client needs asyncio"
client = ravan_client.RavanClient(api_key="k")
assert client.campaigns.create.__name__ == "create"
assert "ravan_client.models" in sys.modules, "using a resource loads what its methods return"
assert ravan_client.models.CreateCampaignRequest.__name__ == "CreateCampaignRequest"
try:
    ravan_client.modles
except AttributeError as error:
    assert "modles" in str(error)
else:
    raise AssertionError("a misspelled attribute of the package is an AttributeError")
ravan_client.AsyncRavanClient(api_key="k")
assert "asyncio" in sys.modules
"""


def test_importing_a_package_defers_its_models_resources_and_asyncio_to_first_use() -> None:
    import os  # noqa: PLC0415 - this test alone runs a fresh interpreter
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    completed = subprocess.run(
        [sys.executable, "-c", _LAZY_IMPORT_CHECK], capture_output=True, text=True, env=env, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_the_package_star_import_still_gives_models() -> None:
    namespace: dict[str, Any] = {}
    exec("from volubile_client import *", namespace)  # what a user may write
    assert namespace["models"].CreateCampaignRequest.__name__ == "CreateCampaignRequest"
