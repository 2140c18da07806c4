"""Rendered field blocks end where the field ends (#17): nothing after a field joins its description.

The page is an invented vendor's, in shapes rendered captures of real vendors have: ``required``
glued to the description, a range on the line after ``Required range:``, options over several
lines with leading commas, allowed values as a bullet list, and after the last response field a
JSON example, an ``Error Responses`` heading, a status line and a ``Notes`` section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.scrape.run import scrape_sources
from tests.support.project import FIXTURES


def _operation() -> dict[str, Any]:
    document = scrape_sources([str(FIXTURES / "scrape" / "blocks")], FIXTURES).document
    operation: dict[str, Any] = document["paths"]["/v3/routes"]["post"]
    return operation


def _body() -> dict[str, Any]:
    schema: dict[str, Any] = _operation()["requestBody"]["content"]["application/json"]["schema"]
    return schema


def test_required_glued_to_the_description_is_a_flag() -> None:
    body = _body()
    assert body["required"] == ["label", "stops", "priority"]
    assert body["properties"]["label"]["description"] == "Short name shown on the dispatch board"


def test_a_range_on_the_line_after_its_label_is_read() -> None:
    stops = _body()["properties"]["stops"]
    assert (stops["minimum"], stops["maximum"]) == (1, 40)
    assert stops["description"] == "How many stops the route makes, minimum 1, maximum 40"


def test_options_over_several_lines_with_leading_commas() -> None:
    weekdays = _body()["properties"]["weekdays"]
    assert weekdays["items"]["enum"] == ["MON", "TUE", "WED", "THU", "FRI"]
    assert weekdays["description"] == "Days the route runs"


def test_allowed_values_given_as_bullets_are_the_enum() -> None:
    priority = _body()["properties"]["priority"]
    assert priority["enum"] == ["LOW", "NORMAL", "URGENT"]
    assert priority["description"].startswith("Dispatch priority. Allowed values:")


def test_what_follows_the_last_field_is_not_its_description() -> None:
    response = _operation()["responses"]["200"]["content"]["application/json"]
    status = response["schema"]["properties"]["status"]
    assert status["description"] == "Route state after creation."
    assert response["schema"]["properties"]["id"]["description"] == "Identifier of the new route."
    assert _body()["properties"]["startsOn"]["description"] == "First day of the route (YYYY-MM-DD)."


def test_required_said_in_the_description_is_a_flag(tmp_path: Path) -> None:
    (tmp_path / "jobs.md").write_text(
        "# Create a job\n\nPOST /jobs\n\n### Body\n\n| Field | Type | Description |\n|---|---|---|\n"
        "| name | string | Job name (required). |\n| note | string | Optional. Free text. |\n"
        "| tag | string | A label; see (optional) tags below. |\n",
        encoding="utf-8",
    )
    body = scrape_sources([str(tmp_path)], tmp_path).document["paths"]["/jobs"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["required"] == ["name"]
    assert set(schema["properties"]) == {"name", "note", "tag"}


def test_a_brace_the_capture_left_below_a_field_is_not_its_description(tmp_path: Path) -> None:
    """Ravan's delete-agent capture: ``}`` (the end of a cut example) a paragraph below the path
    parameter's text was scraped into it, and the reviewer's overlay edited it away."""
    page = (
        "source: https://docs.x.example/api-reference/routes/delete\n\nDELETE\n/\nv3\n/\nroutes\n/\n{id}\n"
        "Delete route\ncurl --request DELETE \\\n  --url https://api.x.example/v3/routes/{id}\n\n"
        "Path Parameters\n\nid\nstring\nrequired\nThe route to delete.\n\n}\n\nSecond paragraph.\n\n}\n"
    )
    (tmp_path / "routes-delete.rendered.md").write_text(page, encoding="utf-8")
    document = scrape_sources([str(tmp_path)], tmp_path).document
    (parameter,) = document["paths"]["/v3/routes/{id}"]["delete"]["parameters"]
    assert parameter["description"] == "The route to delete.\n\nSecond paragraph."
