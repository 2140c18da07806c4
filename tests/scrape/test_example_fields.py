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
