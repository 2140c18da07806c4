"""Descriptions whose names the capture lost (#17): named from the example in order, on evidence only.

The page is an invented vendor's: the response's field list keeps its first field's name and then
only descriptions, one per line (the names were in markup the capture dropped); the example after
the curl holds the fields in the same order. One description ("Estimated carbon offset...")
belongs to no field of the example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.scrape.model import DocField
from generator.scrape.nameless import loose_lines, name_descriptions
from generator.scrape.run import scrape_sources
from tests.support.project import FIXTURES


def _operation() -> dict[str, Any]:
    document = scrape_sources([str(FIXTURES / "scrape" / "nameless")], FIXTURES).document
    operation: dict[str, Any] = document["paths"]["/v1/deliveries/{delivery_id}"]["get"]
    return operation


def _response() -> dict[str, Any]:
    schema: dict[str, Any] = _operation()["responses"]["200"]["content"]["application/json"]["schema"]
    return schema


def test_each_description_documents_the_example_field_it_names() -> None:
    delivery = _response()["properties"]["delivery"]
    assert delivery["description"] == "The delivery record"
    fields = delivery["properties"]
    assert fields["courierName"]["description"] == "Name of the courier assigned to the delivery"
    assert fields["attempts"]["description"] == "How many delivery attempts were made"
    assert fields["recipient"]["description"] == "Who receives the parcels"  # "Show … properties" names it
    assert fields["recipient"]["properties"]["phone"]["description"] == "The phone number of the recipient"
    assert fields["parcels"]["description"] == "The parcels in the delivery"
    parcel = fields["parcels"]["items"]["properties"]
    assert parcel["weight_grams"]["description"] == "Weight of the parcel in grams"
    assert parcel["fragile"]["description"] == "Whether the parcel is fragile"


def test_a_field_whose_name_no_description_holds_gets_none() -> None:
    fields = _response()["properties"]["delivery"]["properties"]
    assert fields["scheduled_at"]["description"] == "When the delivery is scheduled"  # "at" says nothing
    assert "description" not in fields["delivery_id"]
    assert "description" not in fields["recipient"]["properties"]["full_name"]


def test_the_named_field_keeps_only_its_own_description_and_the_rest_is_incomplete() -> None:
    ok = _response()["properties"]["ok"]
    assert ok["description"] == "Whether the request succeeded."
    assert _operation()["x-docs-incomplete"] is True, "one description found no field"
    assert "carbon" not in str(_operation())


def test_a_description_that_runs_on_is_one_description() -> None:
    lines = ["Phone number to call, in the", "E.164 format", "Second paragraph.", "", "Third"]
    assert loose_lines(lines) == ["Second paragraph."]


def test_order_is_kept_and_nothing_is_named_without_evidence() -> None:
    example = DocField("", "response", {"type": "object"}, None, "", 1)
    example.children = [
        DocField(name, "response", {"type": "string"}, None, "", 1) for name in ("id", "created_at", "label")
    ]
    lines = ["When it was created", "Something else entirely", "The label shown", "The id"]
    placed = name_descriptions("", lines, [example])
    assert placed == [
        "When it was created",
        "The label shown",
    ], "id comes first: the last line cannot take it"
    descriptions = [child.description for child in example.children]
    assert descriptions == ["", "When it was created", "The label shown"]


def test_each_example_keeps_its_own_order() -> None:
    """Two examples of one body; their union's order is not the page's, each one's is."""

    def example(*names: str) -> DocField:
        root = DocField("", "body", {"type": "object"}, None, "", 1)
        root.children = [DocField(name, "body", {"type": "string"}, None, "", 1) for name in names]
        return root

    first, second = example("to", "priority", "language"), example("to", "retries", "retry_gap")
    lines = ["Number of retries", "Gap between retry attempts", "Call priority", "Language code"]
    assert name_descriptions("", lines, [first, second]) == lines
    assert [child.description for child in first.children] == ["", "Call priority", "Language code"]


def test_a_description_naming_several_fields_before_the_last_placed_one_is_not_guessed() -> None:
    example = DocField("", "response", {"type": "object"}, None, "", 1)
    lead, agent = (DocField(name, "response", {"type": "object"}, None, "", 1) for name in ("lead", "agent"))
    for holder in (lead, agent):
        holder.children = [DocField("id", "response", {"type": "string"}, None, "", 1)]
    example.children = [lead, agent, DocField("label", "response", {"type": "string"}, None, "", 1)]
    assert name_descriptions("", ["The label", "The record id"], [example]) == ["The label"]


def test_callkaros_outbound_call_page_gets_its_fields_from_its_examples_and_descriptions(
    shared_dir: Path,
) -> None:
    """The capture keeps the Body section's descriptions without names; the page's "Common
    scenarios" show the same request with more fields. Together they give the fields."""
    document = scrape_sources([str(shared_dir / "vendor-docs" / "callkaro")], shared_dir).document
    body = document["paths"]["/call/outbound"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    fields = body["properties"]
    assert fields["number_of_retries"]["description"].startswith("Number of retry attempts")
    assert fields["priority"]["description"].startswith("Call priority in queue")
    assert fields["min_trigger_time"]["description"].startswith("Earliest time of day")  # min: earliest
    assert fields["gap_between_retries"]["type"] == ["array", "integer"], "the examples show both"
    assert "batch_id" not in fields, "named in prose only: no example shows it, so it is not invented"


def test_query_parameters_without_names_mark_the_operation_incomplete(tmp_path: Path) -> None:
    page = (
        "source: https://docs.parcelo.example/reference/deliveries/list\n\nGET\n/\nv1\n/\ndeliveries\n"
        "List deliveries\nQuery Parameters\nFilter by courier name\nThe page number to return, from 1\n"
    )
    (tmp_path / "list.rendered.md").write_text(page, encoding="utf-8")
    operation = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/v1/deliveries"]["get"]
    assert operation["x-docs-incomplete"] is True
    assert "parameters" not in operation, "no name is guessed"


def test_a_huge_capture_is_not_paired_and_does_not_stall(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.scrape import nameless  # noqa: PLC0415

    monkeypatch.setattr(nameless, "MAX_PAIRING", 4)
    example = DocField("", "body", {"type": "object"}, None, "", 1)
    example.children = [DocField(n, "body", {"type": "string"}, None, "", 1) for n in ("label", "id", "x")]
    assert name_descriptions("", ["The label", "The id"], [example]) == []


def test_another_fields_description_says_nothing_about_the_named_field(tmp_path: Path) -> None:
    """The named field's constraints and flags come from its own description only."""
    page = (
        "source: https://docs.parcelo.example/reference/notes/create\n\n"
        "POST\n/\nv1\n/\nnotes\nCreate a note\n"
        "Body\nlabel\nstring\nShort label\nHow many retries, at most 3 (required)\n"
    )
    (tmp_path / "create.rendered.md").write_text(page, encoding="utf-8")
    operation = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/v1/notes"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["label"] == {
        "type": "string",
        "description": "Short label",
        "x-source": "https://docs.parcelo.example/reference/notes/create",
    }
    assert "required" not in body
    assert operation["x-docs-incomplete"] is True, "the line found no field"
