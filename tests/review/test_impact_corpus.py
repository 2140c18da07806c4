"""vendorgen diff on public specs no one here wrote: renames and operationId changes, one entry each."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.emit.generate import settings_for_spec
from generator.review.diff import RULES
from generator.review.surface import spec_changes
from generator.spec.loader import load_text

SPECS = ["opc-baseline_openapi_3.1.yaml", "opc-openapi_3.1_enums.yaml", "twilio-twilio_voice_v1.json"]


def _mutated(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The first property of the first three object schemas renamed; the first operationId renamed."""
    new = copy.deepcopy(document)
    renamed: list[str] = []
    for schema in (new.get("components") or {}).get("schemas", {}).values():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if properties and len(renamed) < 3:
            name = sorted(properties)[0]
            properties[f"{name}Renamed"] = properties.pop(name)
            if name in (schema.get("required") or []):
                schema["required"] = [f"{name}Renamed" if r == name else r for r in schema["required"]]
            renamed.append(name)
    for item in new["paths"].values():
        operation = next((op for op in item.values() if isinstance(op, dict) and "operationId" in op), None)
        if operation is not None:
            operation["operationId"] += "Again"
            break
    return new, renamed


@pytest.mark.parametrize("name", SPECS)
def test_renames_on_a_public_spec_are_explained_once(name: str, shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "corpus" / name
    text = source.read_text()
    document = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    mutated, renamed = _mutated(document)
    old = load_text(text, tmp_path / source.name)
    new = load_text(
        json.dumps(mutated) if name.endswith(".json") else yaml.safe_dump(mutated), tmp_path / "new"
    )
    changes = spec_changes(old, new, settings_for_spec(new, None))
    assert changes, "the mutations change the spec"
    assert all(change.rule in RULES for change in changes)
    by_rule = {change.rule for change in changes}
    assert "operation-id-changed" in by_rule
    assert "surface-method-renamed" not in by_rule, "a renamed method joins its operationId change"
    [operation_id] = [c for c in changes if c.rule == "operation-id-changed"]
    assert operation_id.python.startswith("method renamed from client.")
    for change in changes:
        assert change.python, f"no Python impact for {change.rule} at {change.operation} {change.location}"
    for wire in renamed:  # a rename is one entry, never a removal plus an addition, wherever it shows
        added = [c for c in changes if c.location.endswith(f"{wire}Renamed") and c.rule.endswith("-added")]
        assert not added, [(c.rule, c.operation, c.location) for c in added]
    keys = [(c.operation, c.location, c.rule) for c in changes]
    assert len(keys) == len(set(keys)), "one entry per change"
