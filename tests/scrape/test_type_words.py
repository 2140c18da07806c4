"""Types and parameters written in words (#17): ``array of strings``, ``List[str]``, ``string (date)``,
and a parameter stated in a sentence (``Query parameter `x` (boolean): ...``).

The pages here are written for these tests (an invented vendor); tests/fixtures/scrape/holdout3 and
holdout4 are scored by tests/scrape/test_scrape_score.py and were not used to write these rules.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.scrape.fields import parse_type, prose_constraints
from generator.scrape.run import scrape_sources


@pytest.mark.parametrize(
    ("token", "schema"),
    [
        ("array of strings", {"type": "array", "items": {"type": "string"}}),
        ("List of integers", {"type": "array", "items": {"type": "integer"}}),
        ("array of objects", {"type": "array", "items": {"type": "object"}}),
        ("array<number>", {"type": "array", "items": {"type": "number"}}),
        ("List[str]", {"type": "array", "items": {"type": "string"}}),
        ("boolean array", {"type": "array", "items": {"type": "boolean"}}),
        ("string (date-time)", {"type": "string", "format": "date-time"}),
        ("integer (int64)", {"type": "integer", "format": "int64"}),
    ],
)
def test_a_type_in_words_is_the_type(token: str, schema: dict[str, Any]) -> None:
    assert parse_type(token) == schema


@pytest.mark.parametrize(
    "token",
    ["string (optional)", "string (see below)", "array of things", "list of", "objects", "of strings"],
)
def test_words_that_name_no_type_are_none(token: str) -> None:
    assert parse_type(token) is None, "prose in a type cell is not a type"


def test_sentences_and_bullets_state_parameters_and_fields(tmp_path: Any) -> None:
    page = (
        "# Lamps API\n\nBase URL: `https://api.lamps.example`\n\n"
        "## Dim a lamp\n\n`POST /lamps/{lamp_id}/dim`\n\n"
        "Path parameter `lamp_id` (integer, required): the lamp to dim.\n\n"
        "Header parameter `Idempotency-Key` (string): repeats of one key dim once.\n\n"
        "Query parameter **dry_run** (boolean) — check without dimming. Optional.\n\n"
        "Body fields:\n\n"
        "- `levels` (list of integers, required) — brightness steps, 0 to 100 each.\n"
        "- `until` (string, date-time, optional) — when to restore the level.\n"
        "- `note` (see the guide) — prose in parentheses, not a field.\n"
    )
    (tmp_path / "lamps.md").write_text(page, encoding="utf-8")
    operation = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/lamps/{lamp_id}/dim"]["post"]
    parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
    assert parameters[("path", "lamp_id")]["schema"]["type"] == "integer"
    assert parameters[("header", "Idempotency-Key")]["required"] is False
    assert parameters[("query", "dry_run")]["schema"]["type"] == "boolean"
    assert len(parameters) == 3
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"levels", "until"}
    assert schema["properties"]["levels"]["items"]["type"] == "integer"
    assert schema["properties"]["until"]["format"] == "date-time"
    assert schema["required"] == ["levels"]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Minutes between tries. Range: 10-4320 (up to 3 days).", {"minimum": 10, "maximum": 4320}),
        ("Range 1 to 5.", {"minimum": 1, "maximum": 5}),
        ("Parallel lines, up to 10.", {"maximum": 10}),
    ],
)
def test_a_stated_range_outranks_a_gloss_in_other_units(description: str, expected: dict[str, Any]) -> None:
    """ "Range: 10-4320 (up to 3 days)" once gave maximum 3: the colon hid the range (Autocalls'
    complete create-campaign page; only its raw scrape had it, the overlay removed that part)."""
    assert prose_constraints(description, {"type": "integer"}) == expected


def test_a_response_field_named_by_a_status_is_that_response(tmp_path: Any) -> None:
    """``<ResponseField name="403 Forbidden">`` under "Error Responses" is the 403's body, not a
    property "403 Forbidden" of the success response (Autocalls' complete create-campaign page)."""
    page = (
        "# Close a ticket\n\n<Note>Actual endpoint: `POST https://api.x.example/v1/tickets/{id}/close`</Note>\n\n"
        '### Response\n\n<ResponseField name="closed" type="boolean">\n  Always true.\n</ResponseField>\n\n'
        '### Error Responses\n\n<ResponseField name="409 Conflict">\n  <Expandable title="Error Response">\n'
        '    <ResponseField name="message" type="string">\n      Why it is already closed.\n'
        "    </ResponseField>\n  </Expandable>\n</ResponseField>\n"
    )
    (tmp_path / "close.md").write_text(page, encoding="utf-8")
    responses = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/v1/tickets/{id}/close"]["post"][
        "responses"
    ]
    assert list(responses["200"]["content"]["application/json"]["schema"]["properties"]) == ["closed"]
    assert responses["409"]["description"] == "Conflict"
    conflict = responses["409"]["content"]["application/json"]["schema"]
    assert conflict["properties"]["message"]["description"] == "Why it is already closed."


def _close_page(examples: str) -> str:
    return (
        "# Close a ticket\n\n<Note>Actual endpoint: `POST https://api.x.example/v1/tickets/{id}/close`</Note>\n\n"
        '### Response\n\n<ResponseField name="closed" type="boolean">\n  Always true.\n</ResponseField>\n\n'
        f"<ResponseExample>\n{examples}</ResponseExample>\n"
    )


def _close_responses(tmp_path: Any, examples: str) -> dict[str, Any]:
    (tmp_path / "close.md").write_text(_close_page(examples), encoding="utf-8")
    document = scrape_sources([str(tmp_path)], tmp_path).document
    responses: dict[str, Any] = document["paths"]["/v1/tickets/{id}/close"]["post"]["responses"]
    return responses


def test_unlabeled_response_fields_belong_to_the_status_of_the_success_example(tmp_path: Any) -> None:
    """Fields listed with no status, beside one example labeled ``json 201 Created``: the 201's fields.
    They were a 200 of their own beside a 201 typed only from the example, which the overlay removed
    whole (Autocalls' create-campaign page, 1.8 KB of page text no change could reach)."""
    responses = _close_responses(tmp_path, '  ```json 201 Created\n  {"closed": true}\n  ```\n')
    assert list(responses) == ["201"]
    closed = responses["201"]["content"]["application/json"]["schema"]["properties"]["closed"]
    assert (closed["type"], closed["description"]) == ("boolean", "Always true.")


@pytest.mark.parametrize(
    "examples",
    [
        '  ```json 200 OK\n  {"closed": true}\n  ```\n  ```json 201 Created\n  {"closed": true}\n  ```\n',
        '  ```json 201 Created\n  {"closed": true}\n  ```\n'
        '  ```json 202 Accepted\n  {"closed": true}\n  ```\n',
    ],
    ids=["a 200 example too", "two other successes"],
)
def test_unlabeled_response_fields_stay_the_200s_when_the_examples_do_not_settle_it(
    tmp_path: Any, examples: str
) -> None:
    responses = _close_responses(tmp_path, examples)
    assert "description" in responses["200"]["content"]["application/json"]["schema"]["properties"]["closed"]


def test_a_rendered_example_with_no_status_joins_the_success_status_another_page_states(
    tmp_path: Any,
) -> None:
    """The rendered capture prints the response example with no status (read as a 200); the complete
    page of the same operation labels its example ``201 Created``: one 201, not a 200 beside it."""
    rendered = (
        "source: https://docs.x.example/api/tickets/close\n\nPOST\n/\nv1\n/\ntickets\nClose a ticket\n"
        "curl --request POST \\\n  --url https://api.x.example/v1/tickets/{id}/close\n"
        '{\n  "closed": true\n}\n'
    )
    (tmp_path / "tickets-close.rendered.md").write_text(rendered, encoding="utf-8")
    responses = _close_responses(tmp_path, '  ```json 201 Created\n  {"closed": true}\n  ```\n')
    assert list(responses) == ["201"]
    assert responses["201"]["content"]["application/json"]["schema"]["properties"]["closed"]["description"]


def test_an_embedded_openapi_response_keeps_its_media_type(tmp_path: Any) -> None:
    """Volubile's embedded blocks give error bodies as ``'*/*'``: the scrape says so too (it wrote
    ``application/json``, and the overlay replaced every error response's content whole)."""
    page = (
        "# Close a ticket\n\n## OpenAPI\n\n````yaml POST /v1/tickets/{id}/close\nopenapi: 3.1.0\n"
        "paths:\n  /v1/tickets/{id}/close:\n    post:\n      responses:\n"
        "        '200':\n          description: Closed\n          content:\n            application/json:\n"
        "              schema:\n                type: object\n                properties:\n"
        "                  closed: {type: boolean}\n"
        "        '400':\n          description: Bad Request\n          content:\n            '*/*':\n"
        "              schema:\n                type: object\n                properties:\n"
        "                  message: {type: string}\n````\n"
    )
    (tmp_path / "close.md").write_text(page, encoding="utf-8")
    responses = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/v1/tickets/{id}/close"]["post"][
        "responses"
    ]
    assert list(responses["200"]["content"]) == ["application/json"]
    assert list(responses["400"]["content"]) == ["*/*"]
    assert responses["400"]["content"]["*/*"]["schema"]["properties"]["message"]["type"] == "string"


def _webhook_page(title: str, source: str) -> str:
    return (
        f"source: {source}\n\n# {title}\n\n> Sent when a ticket closes.\n\n## Payload Structure\n\n"
        '<ResponseField name="event" type="string">\n  Always `ticket.closed`.\n</ResponseField>\n\n'
        '<ResponseField name="data" type="object">\n  The ticket.\n  <Expandable title="data">\n'
        '    <ResponseField name="id" type="string">Ticket id.</ResponseField>\n  </Expandable>\n'
        "</ResponseField>\n"
    )


def test_a_webhook_page_s_payload_fields_are_the_webhook_s_body(tmp_path: Any) -> None:
    """Mintlify webhook pages list the payload as response fields with no endpoint (Autocalls' post-call,
    Ravan's call-completed): the body of a webhook named from the page's address. They were dropped
    ("fields but no method and path"), the overlay wrote every webhook by hand, and no change to a
    webhook page could reach the spec."""
    page = _webhook_page("Ticket Closed Webhook", "https://docs.x.example/api/webhooks/ticket-closed.md")
    (tmp_path / "webhooks-ticket-closed.md").write_text(page, encoding="utf-8")
    result = scrape_sources([str(tmp_path)], tmp_path)
    assert result.skipped == []
    post = result.document["webhooks"]["ticketClosed"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert list(schema["properties"]) == ["event", "data"]
    assert schema["properties"]["data"]["properties"]["id"]["description"] == "Ticket id."
    assert list(post["responses"]) == ["200"], "the payload is not a response"


def test_response_fields_on_a_page_that_is_no_webhook_stay_unplaced(tmp_path: Any) -> None:
    page = _webhook_page("Ticket Object", "https://docs.x.example/api/objects/ticket.md")
    (tmp_path / "ticket.md").write_text(page, encoding="utf-8")
    (tmp_path / "close.md").write_text(_close_page(""), encoding="utf-8")
    result = scrape_sources([str(tmp_path)], tmp_path)
    assert "webhooks" not in result.document
    assert [note.rsplit(": ", 1)[-1] for note in result.skipped] == ["fields but no method and path"]


def _rendered_webhook(source: str) -> str:
    return (
        f"source: {source}\n\nEvent Overview\n\nEvent Name: ticket_closed Method: POST\n\n"
        'Payload Structure\n\n{\n  "event": "ticket_closed",\n  "data": {\n    "id": "t1",\n'
        '    "seconds": 120\n  }\n}\n\nField Descriptions\n'
    )


def test_a_rendered_webhook_page_s_payload_example_is_the_webhook_s_body(tmp_path: Any) -> None:
    """CallKaro's call-ended page: the payload only as a JSON example under its address's name."""
    page = _rendered_webhook("https://docs.x.example/webhook/ticket-closed")
    (tmp_path / "webhook-ticket-closed.rendered.md").write_text(page, encoding="utf-8")
    result = scrape_sources([str(tmp_path)], tmp_path)
    media = result.document["webhooks"]["ticketClosed"]["post"]["requestBody"]["content"]["application/json"]
    assert media["example"]["data"]["seconds"] == 120
    seconds = media["schema"]["properties"]["data"]["properties"]["seconds"]
    assert seconds["type"] == "integer"


def test_a_webhook_page_s_run_together_field_tables_document_the_payload(tmp_path: Any) -> None:
    """CallKaro's capture runs the table cells together (``callSidStringUnique identifier...``): under a
    ``FieldTypeDescription`` header each line is a field, nested where the payload example puts it."""
    page = _rendered_webhook("https://docs.x.example/webhook/ticket-closed") + (
        '\nFieldTypeDescription\neventStringAlways "ticket_closed"\ndataObjectThe ticket\n\n'
        "Data Object Fields\n\nFieldTypeDescription\nidStringTicket id\nclosedByStringWho closed it\n"
        "secondsNumberTime to close\n"
        "notAFieldRowbecause it has no type word\n"
    )
    (tmp_path / "webhook-ticket-closed.rendered.md").write_text(page, encoding="utf-8")
    document = scrape_sources([str(tmp_path)], tmp_path).document
    schema = document["webhooks"]["ticketClosed"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert schema["properties"]["event"]["description"] == 'Always "ticket_closed"'
    data = schema["properties"]["data"]
    assert data["description"] == "The ticket"
    assert data["properties"]["id"]["description"] == "Ticket id"
    assert data["properties"]["seconds"]["type"] == "number", "the table's word outranks the example's 120"
    assert set(data["properties"]) == {
        "id",
        "closedBy",
        "seconds",
    }, "a field the example lacks stays in its table"
    assert set(schema["properties"]) == {"event", "data"}


def test_a_webhook_page_naming_no_event_is_reported_not_guessed(tmp_path: Any) -> None:
    """Volubile's pages live at ``/webhooks`` and ``/en/integrations/webhooks``: no event name, so no
    webhook is made up from the word "webhooks"; the scrape says which pages it left."""
    (tmp_path / "webhooks.rendered.md").write_text(
        _rendered_webhook("https://docs.x.example/webhooks"), "utf-8"
    )
    (tmp_path / "close.md").write_text(_close_page(""), encoding="utf-8")
    result = scrape_sources([str(tmp_path)], tmp_path)
    assert "webhooks" not in result.document
    assert [note.rsplit(": ", 1)[-1] for note in result.skipped] == [
        "a webhook payload, but neither address nor title names the event"
        " (a vendor names it under `webhook_events` in vendor.yaml)"
    ]


def test_a_capture_without_url_or_endpoint_joins_the_operation_of_its_title(tmp_path: Any) -> None:
    """A complete export (no ``source:`` line, no endpoint) beside a rendered capture of the same page:
    its fields are that operation's, not a webhook's (Autocalls' create-campaign.md was a webhook
    "createCampaign" in the raw scrape that the overlay removed whole, 7 KB)."""
    complete = (
        "# Create route\n\n> Create a delivery route.\n\n### Request body\n\n"
        '<ParamField body="name" type="string" required>\n  Route name.\n</ParamField>\n\n'
        '<ParamField body="stop_ids" type="array">\n  Stops, each an integer id. Range: 1-50.\n'
        "</ParamField>\n"
    )
    rendered = (
        "source: https://docs.x.example/api/routes/create\n\nPOST\n/\nv1\n/\nroutes\nCreate route\n"
        "curl --request POST \\\n  --url https://api.x.example/v1/routes \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        '  --data \'{"name": "<string>", "stop_ids": [{}]}\'\n'
    )
    (tmp_path / "create-route.md").write_text(complete, encoding="utf-8")
    (tmp_path / "routes-create.rendered.md").write_text(rendered, encoding="utf-8")
    document = scrape_sources([str(tmp_path)], tmp_path).document
    assert "webhooks" not in document
    schema = document["paths"]["/v1/routes"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["name"]
    stops = schema["properties"]["stop_ids"]
    assert stops["description"] == "Stops, each an integer id. Range: 1-50."
    assert "items" not in stops, "the example's [{}] is a placeholder, not a list of objects"
    assert "x-from-example" not in stops


def test_a_title_two_operations_share_places_nothing(tmp_path: Any) -> None:
    page = "source: https://docs.x.example/api/{0}\n\nPOST\n/\nv1\n/\n{0}\nCreate\n"
    for name in ("routes", "stops"):
        (tmp_path / f"{name}.rendered.md").write_text(page.format(name), encoding="utf-8")
    (tmp_path / "create.md").write_text(
        '# Create\n\n### Request body\n\n<ParamField body="name" type="string">\n  Name.\n</ParamField>\n',
        encoding="utf-8",
    )
    document = scrape_sources([str(tmp_path)], tmp_path).document
    assert "requestBody" not in document["paths"]["/v1/routes"]["post"]
    assert "requestBody" not in document["paths"]["/v1/stops"]["post"]
    assert list(document["webhooks"]) == ["create"], "no operation to join: still read, as before"
