"""vendorgen diff in Python terms: one entry per change, naming the method, argument or model it touches."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.emit.generate import settings_for_spec
from generator.review.diff import Change
from generator.review.surface import spec_changes
from generator.spec.loader import load_text

Spec = dict[str, Any]


def _ok(schema: Spec) -> Spec:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


BASE: Spec = {
    "openapi": "3.1.0",
    "info": {"title": "Dialer", "version": "1"},
    "paths": {
        "/calls": {
            "post": {
                "operationId": "createCall",
                "tags": ["calls"],
                "summary": "Place a call.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {  # inline: the model is named after the operation
                                "type": "object",
                                "required": ["to", "agent_id"],
                                "properties": {
                                    "to": {"type": "string", "maxLength": 20},
                                    "agent_id": {"type": "string"},
                                    "note": {"type": "string"},
                                    "priority": {"type": "integer"},
                                    "label": {"type": "string"},
                                    "tag": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {"201": _ok({"$ref": "#/components/schemas/Call"})},
            },
            "get": {
                "operationId": "listCalls",
                "tags": ["calls"],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "page_size", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {"200": _ok({"type": "array", "items": {"$ref": "#/components/schemas/Call"}})},
            },
        }
    },
    "components": {
        "schemas": {
            "Call": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "call_id": {"type": "string"}},
            }
        }
    },
}


def create(spec: Spec) -> Spec:
    return spec["paths"]["/calls"]["post"]


def body(spec: Spec) -> Spec:
    return create(spec)["requestBody"]["content"]["application/json"]["schema"]


def changes_after(edit: Callable[[Spec], object], tmp_path: Path) -> list[Change]:
    old_spec, new_spec = copy.deepcopy(BASE), copy.deepcopy(BASE)
    edit(new_spec)
    old = load_text(yaml.safe_dump(old_spec, sort_keys=False), tmp_path / "old.yaml")
    new = load_text(yaml.safe_dump(new_spec, sort_keys=False), tmp_path / "new.yaml")
    return spec_changes(old, new, settings_for_spec(new, None))


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, [(c.rule, c.python or c.message) for c in changes]
    return changes[0]


def test_a_wire_rename_that_keeps_the_argument_is_regenerate_not_removal(tmp_path: Path) -> None:
    def rename(s: Spec) -> None:
        properties = body(s)["properties"]
        properties["agentId"] = properties.pop("agent_id")
        body(s)["required"] = ["to", "agentId"]

    change = only(changes_after(rename, tmp_path))
    assert (change.rule, change.severity) == ("wire-name-changed", "non-breaking")
    assert change.summary == (
        "wire name `agent_id` → `agentId`; argument `agent_id` of client.calls.create() is unchanged: "
        "no code change; regenerate (or upgrade) the client"
    )


def test_a_rename_that_renames_the_argument_says_so(tmp_path: Path) -> None:
    def rename(s: Spec) -> None:
        body(s)["properties"]["destination"] = body(s)["properties"].pop("to")
        body(s)["required"] = ["destination", "agent_id"]

    change = only(changes_after(rename, tmp_path))
    assert (change.rule, change.severity) == ("request-property-renamed", "breaking")
    assert change.summary == (
        "argument `to` of client.calls.create() renamed to `destination`: "
        "pass `destination=` instead of `to=`"
    )


def test_two_candidates_are_not_guessed_into_a_rename(tmp_path: Path) -> None:
    def swap(s: Spec) -> None:
        properties = body(s)["properties"]
        properties["title"], properties["kind"] = properties.pop("label"), properties.pop("tag")

    rules = sorted(c.rule for c in changes_after(swap, tmp_path))
    assert rules == ["request-property-added"] * 2 + ["request-property-removed"] * 2


@pytest.mark.parametrize(
    ("edit", "rule", "python"),
    [
        (
            lambda s: body(s)["required"].append("note"),
            "request-property-became-required",
            "client.calls.create() now needs `note`: pass `note=` in every call",
        ),
        (
            lambda s: body(s)["properties"].update(region={"type": "string"}),
            "request-property-added",
            "client.calls.create() takes a new optional argument `region: str`",
        ),
        (
            lambda s: (
                body(s)["properties"].update(region={"type": "string"}),
                body(s)["required"].append("region"),
            ),
            "request-property-added-required",
            "client.calls.create() needs the new argument `region: str`: pass `region=` in every call",
        ),
        (
            lambda s: body(s)["properties"]["priority"].update(type="string"),
            "request-type-changed",
            "argument `priority` of client.calls.create(): type `int` → `str`: pass a `str`",
        ),
        (
            lambda s: body(s)["properties"].pop("note"),
            "request-property-removed",
            "client.calls.create() no longer takes `note`: stop passing `note=`",
        ),
        (
            lambda s: s["paths"]["/calls"]["get"]["parameters"][0].update(required=True),
            "parameter-became-required",
            "client.calls.list() now needs `limit`: pass `limit=` in every call",
        ),
        (
            lambda s: s["paths"]["/calls"]["get"]["parameters"][1].update(name="pageSize"),
            "wire-name-changed",
            "wire name `page_size` → `pageSize`; argument `page_size` of client.calls.list() is unchanged: "
            "no code change; regenerate (or upgrade) the client",
        ),
        (
            lambda s: s["paths"]["/calls"]["get"]["parameters"][0].update(name="max"),
            "parameter-renamed",
            "argument `limit` of client.calls.list() renamed to `max`: pass `max=` instead of `limit=`",
        ),
        (
            lambda s: s["components"]["schemas"]["Call"]["properties"].update(
                callId=s["components"]["schemas"]["Call"]["properties"].pop("call_id")
            ),
            "wire-name-changed",
            "wire name `call_id` → `callId` (in model `Call`, used by client.calls.create() and "
            "client.calls.list()); "
            "attribute `call_id` is unchanged: no code change; regenerate (or upgrade) the client",
        ),
    ],
    ids=[
        "became-required",
        "added",
        "added-required",
        "type",
        "removed",
        "parameter-required",
        "parameter-wire-name",
        "parameter-renamed",
        "response-wire-name",
    ],
)
def test_each_change_names_the_method_and_argument(
    edit: Callable[[Spec], object], rule: str, python: str, tmp_path: Path
) -> None:
    changes = changes_after(edit, tmp_path)
    matching = [c for c in changes if c.rule == rule]
    assert [c.summary for c in matching][:1] == [python], [(c.rule, c.summary) for c in changes]
    assert not [c for c in changes if c.rule.startswith("surface-")], "explained surface rows are folded in"


def test_an_operation_id_change_is_one_entry_with_its_method_and_model(tmp_path: Path) -> None:
    change = only(changes_after(lambda s: create(s).update(operationId="placeCall"), tmp_path))
    assert change.rule == "operation-id-changed"
    assert change.summary == (
        "method renamed from client.calls.create() to client.calls.place(); "
        "its model `CreateCallRequest` is now `PlaceCallRequest`: call client.calls.place() instead"
    )
    assert (change.before, change.after) == ("calls.create", "calls.place")


def test_a_shared_model_renamed_is_its_own_entry(tmp_path: Path) -> None:
    def rename(s: Spec) -> None:
        s["components"]["schemas"]["CallRecord"] = s["components"]["schemas"].pop("Call")
        text = yaml.safe_dump(s).replace("#/components/schemas/Call'", "#/components/schemas/CallRecord'")
        s.clear()
        s.update(yaml.safe_load(text))

    change = only(changes_after(rename, tmp_path))
    assert change.rule == "surface-model-renamed"
    assert change.summary == "model `Call` is now `CallRecord`: import and annotate with `CallRecord` instead"


def test_a_docs_change_carries_its_old_and_new_text(tmp_path: Path) -> None:
    change = only(changes_after(lambda s: create(s).update(summary="Place an outbound call."), tmp_path))
    assert (change.severity, change.before, change.after) == (
        "docs-only",
        "Place a call.",
        "Place an outbound call.",
    )
    assert change.summary == "docstring of client.calls.create() changed"


def test_a_removed_operation_names_the_method(tmp_path: Path) -> None:
    change = only(changes_after(lambda s: s["paths"]["/calls"].pop("get"), tmp_path))
    assert (change.rule, change.summary) == (
        "operation-removed",
        "client.calls.list() removed: remove its calls",
    )


def test_a_field_renamed_in_a_model_no_operation_reaches_is_named(tmp_path: Path) -> None:
    def with_orphan(name: str) -> Callable[[Spec], object]:
        return lambda s: s["components"]["schemas"].update(
            Orphan={"type": "object", "properties": {name: {"type": "integer"}, "keep": {"type": "string"}}}
        )

    old_spec, new_spec = copy.deepcopy(BASE), copy.deepcopy(BASE)
    with_orphan("count")(old_spec)
    with_orphan("total")(new_spec)
    old = load_text(yaml.safe_dump(old_spec), tmp_path / "old.yaml")
    new = load_text(yaml.safe_dump(new_spec), tmp_path / "new.yaml")
    change = only(spec_changes(old, new, settings_for_spec(new, None)))
    assert (change.rule, change.summary) == (
        "surface-field-renamed",
        "field `count` of `Orphan` is now `total`: use `.total` instead of `.count`",
    )


def test_a_field_that_several_models_have_is_placed_by_the_operation_signature(tmp_path: Path) -> None:
    def add_twin_and_rename(s: Spec) -> None:
        s["components"]["schemas"]["Twin"] = {"type": "object", "properties": {"callId": {"type": "string"}}}
        properties = s["components"]["schemas"]["Call"]["properties"]
        properties["callId"] = properties.pop("call_id")

    def add_twin(s: Spec) -> None:
        s["components"]["schemas"]["Twin"] = {"type": "object", "properties": {"callId": {"type": "string"}}}

    old_spec, new_spec = copy.deepcopy(BASE), copy.deepcopy(BASE)
    add_twin(old_spec)
    add_twin_and_rename(new_spec)
    old = load_text(yaml.safe_dump(old_spec), tmp_path / "old.yaml")
    new = load_text(yaml.safe_dump(new_spec), tmp_path / "new.yaml")
    change = only(spec_changes(old, new, settings_for_spec(new, None)))
    assert change.rule == "wire-name-changed"
    assert "(in model `Call`, used by client.calls.create() and client.calls.list())" in change.summary


def test_a_body_property_named_like_an_operation_key_is_an_argument(tmp_path: Path) -> None:
    """A property called ``summary`` is not the operation's summary, whatever its location reads."""

    def edit(s: Spec) -> None:
        body(s)["properties"]["summary"] = {"type": "string", "description": "What the call is about, now."}
        body(s)["required"].append("summary")

    old_spec, new_spec = copy.deepcopy(BASE), copy.deepcopy(BASE)
    body(old_spec)["properties"]["summary"] = {"type": "string", "description": "What the call is about."}
    edit(new_spec)
    old = load_text(yaml.safe_dump(old_spec), tmp_path / "old.yaml")
    new = load_text(yaml.safe_dump(new_spec), tmp_path / "new.yaml")
    changes = {c.rule: c for c in spec_changes(old, new, settings_for_spec(new, None))}
    assert set(changes) == {"request-property-became-required", "docs-changed"}
    assert changes["request-property-became-required"].python == "client.calls.create() now needs `summary`"
    docs = changes["docs-changed"]
    assert docs.python.startswith("argument `summary` of client.calls.create(): description changed"), docs
    assert (docs.before, docs.after) == ("What the call is about.", "What the call is about, now.")


def test_a_new_value_in_a_response_enum_tells_readers_what_to_do(tmp_path: Path) -> None:
    old_spec, new_spec = copy.deepcopy(BASE), copy.deepcopy(BASE)
    for spec, values in ((old_spec, ["queued", "done"]), (new_spec, ["queued", "done", "voicemail"])):
        spec["components"]["schemas"]["Call"]["properties"]["state"] = {"type": "string", "enum": values}
    old = load_text(yaml.safe_dump(old_spec), tmp_path / "old.yaml")
    new = load_text(yaml.safe_dump(new_spec), tmp_path / "new.yaml")
    change = only(spec_changes(old, new, settings_for_spec(new, None)))
    assert (change.rule, change.migration) == (
        "response-enum-value-added",
        "handle the new value(s) where code compares this field",
    )
    assert change.python.startswith("field `state` of `Call` (client.calls.create() and client.calls.list())")
