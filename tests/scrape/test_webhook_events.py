"""Webhook pages that name no event, and payloads said to be another operation's response.

Volubile's webhook pages live at ``/webhooks`` and ``/en/integrations/webhooks``, show only an
example, and say "Same as Get a call endpoint": left out of the scrape, a key renamed in their
example reached nothing but a changed page line. The pages here are an invented vendor's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.scrape.assemble import ScrapeResult, assemble
from generator.scrape.model import PageDoc, ScrapeError
from generator.scrape.pages import Page, read_sources
from generator.scrape.run import scrape_vendor
from generator.scrape.same_as import read_same_as
from generator.spec.diagnostics import SpecError
from generator.spec.vendors import load_vendor


def _get_page(title: str) -> str:
    """A Mintlify export of the operation the webhook pages point at (its title, if any, given)."""
    return (
        "source: https://docs.x.example/api-reference/tickets/get.md\n\n"
        + (f"# {title}\n\n" if title else "")
        + "<Note>Actual endpoint: `GET https://api.x.example/v1/tickets/{id}`</Note>\n\n"
        '### Response\n\n<ResponseField name="id" type="string">\n  Unique identifier of the ticket\n'
        '</ResponseField>\n\n<ResponseField name="state" type="string">\n  State of the ticket\n\n'
        "  Available options: `OPEN`, `CLOSED`\n</ResponseField>\n"
    )


_GET_TICKET = _get_page("Get a ticket")


def _webhook(source: str, sentence: str, example: str) -> str:
    return (
        f"source: {source}\n\nWebhook payload\n\nOnce a ticket closes, a POST request is sent to your URL"
        f" with the ticket. {sentence}\n\n{example}\n"
    )


_EXAMPLE = '{\n  "id": "t1",\n  "state": "CLOSED",\n  "closedBy": "ana"\n}'


def _scrape(tmp_path: Path, pages: dict[str, str], events: dict[str, str] | None = None) -> ScrapeResult:
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return assemble(read_sources([str(tmp_path)], tmp_path), events=events)


def _one_webhook(
    tmp_path: Path,
    sentence: str = "Same as Get a ticket endpoint.",
    events: dict[str, str] | None = None,
    get_page: str = _GET_TICKET,
) -> ScrapeResult:
    """The get page and one webhook page at ``/webhooks`` saying ``sentence`` over the example."""
    pages = {
        "tickets-get.md": get_page,
        "webhooks.rendered.md": _webhook("https://docs.x.example/webhooks", sentence, _EXAMPLE),
    }
    return _scrape(tmp_path, pages, events)


def _media(result: ScrapeResult, event: str) -> dict[str, Any]:
    media: dict[str, Any] = result.document["webhooks"][event]["post"]["requestBody"]["content"][
        "application/json"
    ]
    return media


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("with the details of the call. Same as Get a call endpoint.", "Get a call"),
        ("with the details. This is identical to the endpoint Get a call.", "Get a call"),
        ("The body is the same as the response of `Retrieve a ticket`.", "Retrieve a ticket"),
        ("identical to Get ticket", "Get ticket"),
    ],
)
def test_a_webhook_page_saying_its_payload_is_an_operations_is_read(line: str, title: str) -> None:
    doc = PageDoc(file="page.md", source="https://x.example/webhooks")
    read_same_as(Page("page.md", "https://x.example/webhooks", ["intro", line], 1), doc)
    assert doc.same_as == (title, 2)


@pytest.mark.parametrize(
    ("label", "line"),
    [
        ("https://x.example/api/tickets", "Same as Get a call endpoint."),  # no webhook page
        ("https://x.example/webhooks", "the same as before"),  # names no operation
        ("https://x.example/webhooks", "Same as get a call"),  # no title case: prose, not a name
    ],
)
def test_other_sentences_name_no_operation(label: str, line: str) -> None:
    doc = PageDoc(file="page.md", source=label)
    read_same_as(Page("page.md", label, [line], 1), doc)
    assert doc.same_as is None


def test_the_payload_is_the_named_operations_response_with_the_pages_example(tmp_path: Path) -> None:
    result = _one_webhook(tmp_path, events={"https://docs.x.example/webhooks": "ticketClosed"})
    assert result.skipped == []
    assert result.named_events == frozenset({"https://docs.x.example/webhooks"})
    media = _media(result, "ticketClosed")
    response = result.document["paths"]["/v1/tickets/{id}"]["get"]["responses"]["200"]
    assert media["schema"] == response["content"]["application/json"]["schema"]
    state = media["schema"]["properties"]["state"]
    assert state["description"].startswith("State of the ticket"), "the get page's field, not the example's"
    assert media["example"] == {"id": "t1", "state": "CLOSED", "closedBy": "ana"}
    assert media["x-docs-conflict"] == (
        "https://docs.x.example/webhooks shows fields Get a ticket does not document: closedBy"
    )


def test_a_get_page_whose_capture_lost_its_title_is_found_by_its_address(tmp_path: Path) -> None:
    """``/api-reference/tickets/get`` holds the words of "Get a ticket" (Volubile's capture has no title)."""
    result = _one_webhook(tmp_path, events={"webhooks.rendered.md": "ticketClosed"}, get_page=_get_page(""))
    assert result.skipped == []
    assert set(_media(result, "ticketClosed")["schema"]["properties"]) == {"id", "state"}


def test_two_captures_whose_examples_differ_say_which_keys(tmp_path: Path) -> None:
    """Only one example is kept: a key renamed in the other capture must still change the scrape."""
    older = _EXAMPLE.replace('"closedBy"', '"closer"')
    result = _scrape(
        tmp_path,
        {
            "tickets-get.md": _GET_TICKET,
            "a-webhooks.rendered.md": _webhook(
                "https://docs.x.example/webhooks", "Same as Get a ticket endpoint.", _EXAMPLE
            ),
            "b-webhooks.rendered.md": _webhook(
                "https://docs.x.example/en/webhooks", "Identical to the endpoint Get a ticket.", older
            ),
        },
        {"a-webhooks.rendered.md": "ticketClosed", "b-webhooks.rendered.md": "ticketClosed"},
    )
    note = _media(result, "ticketClosed")["x-docs-conflict"]
    assert "https://docs.x.example/en/webhooks shows none of closedBy" in note
    assert "https://docs.x.example/en/webhooks shows closer" in note


def test_an_operation_named_by_no_page_leaves_the_example_s_fields_and_says_so(tmp_path: Path) -> None:
    result = _one_webhook(
        tmp_path, "Same as Get a refund endpoint.", {"webhooks.rendered.md": "ticketClosed"}
    )
    media = _media(result, "ticketClosed")
    assert set(media["schema"]["properties"]) == {"id", "state", "closedBy"}, "read from the example"
    assert [note.split(": ", 1)[1] for note in result.skipped] == [
        "the payload is said to be 'Get a refund''s, but no operation has that title or address and a"
        " JSON success response: its fields are read from the example"
    ]


def test_without_a_name_the_page_is_still_left_out(tmp_path: Path) -> None:
    result = _one_webhook(tmp_path)
    assert "webhooks" not in result.document
    assert "neither address nor title names the event" in result.skipped[0]


def _vendor(root: Path, events: str) -> Path:
    folder = root / "specs" / "tix"
    folder.mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "tickets-get.md").write_text(_GET_TICKET, encoding="utf-8")
    (root / "docs" / "webhooks.rendered.md").write_text(
        _webhook("https://docs.x.example/webhooks", "Same as Get a ticket endpoint.", _EXAMPLE), "utf-8"
    )
    (folder / "vendor.yaml").write_text(
        "display_name: Tix\ndistribution: tix-client\nimport_name: tix_client\nclient_name: Tix\n"
        "api_key_env: TIX_API_KEY\nversion: '0.1.0'\ndocs:\n  - docs\n" + events,
        encoding="utf-8",
    )
    return folder


def test_a_vendor_names_its_webhook_pages_in_vendor_yaml(tmp_path: Path) -> None:
    folder = _vendor(tmp_path, "webhook_events:\n  webhooks.rendered.md: ticketClosed\n")
    result = scrape_vendor(load_vendor(folder), tmp_path)
    assert list(result.document["webhooks"]) == ["ticketClosed"]


def test_an_entry_naming_no_webhook_page_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A page renamed or dropped from the docs must not leave its entry silently unused."""
    folder = _vendor(
        tmp_path,
        "webhook_events:\n  webhooks.rendered.md: ticketClosed\n  tickets-get.md: ticketRead\n",
    )
    with pytest.raises(ScrapeError) as raised:
        scrape_vendor(load_vendor(folder), tmp_path)
    assert raised.value.file.endswith("vendor.yaml")
    assert raised.value.line == 11
    assert "'tickets-get.md'" in raised.value.message


@pytest.mark.parametrize(
    "events",
    [
        "webhook_events:\n  webhooks.rendered.md: ticket-closed\n",
        "webhook_events: {}\n",
        "webhook_events: [a]\n",
    ],
)
def test_a_malformed_map_is_refused_naming_the_field(tmp_path: Path, events: str) -> None:
    folder = _vendor(tmp_path, events)
    with pytest.raises(SpecError) as raised:
        load_vendor(folder)
    assert "field 'webhook_events' must be a mapping of webhook pages" in str(raised.value.diagnostics[0])
