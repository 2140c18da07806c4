"""Descriptions whose names the capture lost (#17): named from the example in order, on evidence only.

The page is an invented vendor's: the response's field list keeps its first field's name and then
only descriptions, one per line (the names were in markup the capture dropped); the example after
the curl holds the fields in the same order. One description ("Estimated carbon offset...")
belongs to no field of the example.
"""

from __future__ import annotations

from typing import Any

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
    placed = name_descriptions("", lines, example)
    assert placed == [
        "When it was created",
        "The label shown",
    ], "id comes first: the last line cannot take it"
    assert [child.description for child in example.children] == ["", "When it was created", "The label shown"]
