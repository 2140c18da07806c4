"""Fields that only the request example shows (#17): kept, typed by the example, marked, never in charge.

The page is an invented vendor's, in the shape many rendered captures have: the field list is cut
after two fields while the curl body shows every field, with path-like keys
(``"window.start"``, ``"contacts[].phone"``) and placeholders (``"<string>"``, ``123``, ``[{}]``).
"""

from __future__ import annotations

from typing import Any

from generator.scrape.run import scrape_sources
from tests.support.project import FIXTURES


def _body() -> dict[str, Any]:
    document = scrape_sources([str(FIXTURES / "scrape" / "example-only")], FIXTURES).document
    schema: dict[str, Any] = document["paths"]["/v1/jobs"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    return schema


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its x-source notes, for comparing shapes."""
    return {
        key: (
            {name: _plain(child) for name, child in value.items()}
            if key == "properties"
            else _plain(value) if key == "items" else value
        )
        for key, value in schema.items()
        if key != "x-source"
    }


def test_documented_fields_keep_their_documented_types() -> None:
    body = _body()
    assert list(body["properties"])[:2] == ["name", "max_attempts"]
    assert body["properties"]["max_attempts"]["type"] == "integer"  # not the example's "<string>"
    assert "x-from-example" not in body["properties"]["max_attempts"]
    assert body["required"] == ["name"]


def test_example_only_fields_are_kept_typed_and_marked() -> None:
    properties = {name: _plain(schema) for name, schema in _body()["properties"].items()}
    assert properties["retry_config"] == {
        "type": "object",
        "properties": {"gap_minutes": {"type": "integer"}, "on_busy": {"type": "boolean"}},
        "x-from-example": True,
    }
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}, "x-from-example": True}
    assert properties["days"] == {"type": "array", "x-from-example": True}  # [{}] says "a list", no more


def test_path_like_example_keys_become_nesting_not_field_names() -> None:
    properties = {name: _plain(schema) for name, schema in _body()["properties"].items()}
    assert "window.start" not in properties
    assert properties["window"] == {
        "type": "object",
        "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
        "x-from-example": True,
    }
    assert properties["contacts"]["items"]["properties"] == {
        "phone": {"type": "string"},
        "vars": {"type": "object"},
    }


def test_the_example_keys_of_a_map_are_not_its_fields() -> None:
    """A field known from examples whose description says its keys are the caller's (CallKaro's
    metadata, named by its nameless description): the example's keys are not its fields."""
    from generator.scrape.examples import infer_field  # noqa: PLC0415
    from generator.scrape.merge import Statement, merge_field  # noqa: PLC0415

    def field(description: str) -> Statement:
        node = infer_field("", "body", {"team": "sales", "tier": 2}, 1)
        node.description = description
        return Statement(node, "page.md", 0)

    merged, _ = merge_field([field("Custom key-value data to attach to the call.")], annotate=False)
    assert merged == {"type": "object", "description": "Custom key-value data to attach to the call."}
    merged, _ = merge_field([field("When the call is shown.")], annotate=False)
    assert list(merged["properties"]) == ["team", "tier"], "an object's example fields stay"


def test_a_listed_object_whose_fields_only_the_example_shows_gets_them_marked() -> None:
    """Ravan's update-campaign list: "schedule / object / Campaign schedule settings." and no more;
    the curl body shows schedule's nine fields."""
    from generator.scrape.examples import infer_field  # noqa: PLC0415
    from generator.scrape.merge import Statement, merge_field  # noqa: PLC0415
    from generator.scrape.model import DocField, Level  # noqa: PLC0415

    listed = DocField("", "body", {"type": "object"}, None, "", 1, Level.FIELD_LIST)
    listed.children = [DocField("schedule", "body", {"type": "object"}, None, "Settings.", 2)]
    example = infer_field("", "body", {"schedule": {"timezone": "<string>", "retries": 3}}, 9)
    merged, _ = merge_field([Statement(listed, "a.md", 0), Statement(example, "a.md", 0)], annotate=False)
    schedule = merged["properties"]["schedule"]
    assert schedule["description"] == "Settings."
    assert schedule["type"] == "object"
    assert "x-from-example" not in schedule, "the list documents schedule itself"
    assert {name: field["type"] for name, field in schedule["properties"].items()} == {
        "timezone": "string",
        "retries": "integer",
    }
    assert all(field["x-from-example"] for field in schedule["properties"].values())
