"""Overlay pins (what an action overwrites, and only that) and specs edited in place."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from generator.scrape.apply import Status, pin_actions, run_overlay
from generator.scrape.overlay import Action, Overlay
from generator.scrape.spec_text import edited_text

SCRAPED: dict[str, Any] = {
    "info": {"title": "Scraped", "version": "0"},
    "schema": {
        "type": "object",
        "properties": {"a": {"type": "string", "description": "A."}, "b": {"type": "integer"}},
    },
    "tags": ["one"],
}


def _run(document: dict[str, Any], actions: list[Action]) -> list[Status]:
    return [run.status for run in run_overlay(document, Overlay("t", "1", tuple(actions))).runs]


def _pinned(*actions: Action) -> list[Action]:
    return pin_actions(SCRAPED, list(actions))


def _changed(edit: Any) -> dict[str, Any]:
    document = copy.deepcopy(SCRAPED)
    edit(document)
    return document


def test_an_update_pins_only_the_keys_it_sets() -> None:
    actions = _pinned(Action("$.schema.properties.a", "reworded", update={"description": "An a."}))
    assert _run(SCRAPED, actions) == [Status.APPLIED]
    sibling = _changed(lambda d: d["schema"]["properties"]["a"].update(type="number"))
    assert _run(sibling, actions) == [Status.APPLIED], "a change beside what it sets flows through"
    overwritten = _changed(lambda d: d["schema"]["properties"]["a"].update(description="Ay."))
    assert _run(overwritten, actions) == [Status.STALE]


def test_a_key_the_pages_did_not_have_is_pinned_as_absent() -> None:
    actions = _pinned(Action("$.schema.properties.b", "documented elsewhere", update={"maximum": 9}))
    assert _run(SCRAPED, actions) == [Status.APPLIED]
    now_documented = _changed(lambda d: d["schema"]["properties"]["b"].update(maximum=5))
    assert _run(now_documented, actions) == [Status.STALE]


def test_a_remove_pins_the_whole_removed_value_and_a_lost_target_is_gone() -> None:
    actions = _pinned(Action("$.schema.properties.b", "not in the API", remove=True))
    deeper = _changed(lambda d: d["schema"]["properties"]["b"].update(format="int64"))
    assert _run(deeper, actions) == [Status.STALE]
    gone = _changed(lambda d: d["schema"]["properties"].pop("b"))
    assert _run(gone, actions) == [Status.GONE]


def test_an_append_pins_the_array_and_an_action_without_pin_is_unpinned() -> None:
    actions = _pinned(Action("$.tags", "grouping", update="two"))
    assert _run(_changed(lambda d: d["tags"].append("three")), actions) == [Status.STALE]
    assert _run(SCRAPED, [Action("$.tags", "grouping", update="two")]) == [Status.UNPINNED]


def test_pins_follow_earlier_actions() -> None:
    """An action on what an earlier action wrote is pinned to that, not to the pages."""
    actions = _pinned(
        Action("$.schema.properties", "new field", update={"c": {"type": "string"}}),
        Action("$.schema.properties.c", "and its text", update={"description": "C."}),
    )
    unrelated = _changed(lambda d: d["info"].update(title="Other"))
    assert _run(unrelated, actions) == [Status.APPLIED, Status.APPLIED]


TEXT = """\
# A hand-written spec: this comment and the key order must survive.
openapi: 3.1.0
info:
  title: 'Quoted title'
  version: 1.0.0
  description: >-
    A folded description
    over two lines.
paths:
  /a:
    get:
      tags: [alpha]
      responses:
        '200':
          description: OK
"""


def _edit(change: Any) -> tuple[str, bool]:
    data = yaml.safe_load(TEXT)
    change(data)
    return edited_text(TEXT, data)


def test_one_changed_value_is_one_changed_line() -> None:
    text, kept = _edit(lambda d: d["paths"]["/a"]["get"]["responses"]["200"].update(description="Fine"))
    assert kept
    assert text == TEXT.replace("description: OK", "description: Fine")


def test_added_and_removed_keys_keep_the_rest_of_the_text() -> None:
    def change(d: dict[str, Any]) -> None:
        d["paths"]["/a"]["get"]["summary"] = "Get a"
        del d["info"]["version"]

    text, kept = _edit(change)
    assert kept
    assert text.startswith("# A hand-written spec")
    assert "title: 'Quoted title'" in text
    assert "description: >-\n    A folded description" in text
    assert "  version: 1.0.0\n" not in text
    assert "summary: Get a" in text
    assert yaml.safe_load(text)["paths"]["/a"]["get"]["summary"] == "Get a"


@pytest.mark.parametrize("value", ["off", "yes", "no", "1_000", "012", "2026-01-01", "null", "1e3"])
def test_new_strings_yaml_1_1_would_misread_are_quoted(value: str) -> None:
    text, kept = _edit(lambda d: d["paths"]["/a"]["get"]["tags"].append(value))
    assert kept
    assert yaml.safe_load(text)["paths"]["/a"]["get"]["tags"] == ["alpha", value]


def test_pyyaml_style_sequences_are_kept() -> None:
    flush = "items:\n- a\n- b\nother: 1\n"
    text, kept = edited_text(flush, {"items": ["a", "b"], "other": 2})
    assert kept
    assert text == "items:\n- a\n- b\nother: 2\n"


def test_a_text_that_is_not_a_mapping_is_written_afresh() -> None:
    text, kept = edited_text("- not\n- a mapping\n", {"openapi": "3.1.0"})
    assert not kept
    assert yaml.safe_load(text) == {"openapi": "3.1.0"}
