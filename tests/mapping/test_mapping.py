"""specs/mapping.yaml: checked against the vendor specs, and rendered the same way in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import app
from generator.mapping.generate import resolve_mapping
from generator.spec.diagnostics import Diagnostic, SpecError
from generator.spec.loader import load_document
from generator.spec.vendors import MAPPING_FILE
from tests.support.project import GENERATED, SPECS, VENDORS

JSON_CELL_KEYS = {"operation", "field", "type", "unit", "format", "transform", "notes"}


def documents(specs: Path) -> dict[str, Any]:
    return {vendor: load_document(specs / vendor / "openapi.yaml") for vendor in VENDORS}


def problems_after(workspace: Path, change: Callable[[dict[str, Any]], None]) -> list[Diagnostic]:
    """The diagnostics of the mapping after ``change`` is applied to a copy of it."""
    path = workspace / "specs" / MAPPING_FILE
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    with pytest.raises(SpecError) as caught:
        resolve_mapping(workspace / "specs", documents(workspace / "specs"))
    return list(caught.value.diagnostics)


def concept(data: dict[str, Any], concept_id: str) -> dict[str, Any]:
    return next(c for c in data["concepts"] if c["id"] == concept_id)


def test_the_committed_mapping_holds_for_the_committed_specs() -> None:
    mapping = resolve_mapping(SPECS, documents(SPECS))
    assert set(mapping.vendors) == set(VENDORS)
    assert len(mapping.source.concepts) >= 25
    required = {
        "campaign_name", "agent_id", "caller_id", "phone_number_ids", "contact_phone", "contact_variables",
        "timezone", "window_start", "window_end", "allowed_days", "campaign_start", "campaign_end",
        "max_concurrent_calls", "daily_call_cap", "max_retries", "retry_delay", "retry_on_voicemail",
        "retry_on_no_answer", "retry_on_goal_incomplete", "campaign_status", "call_to_number",
        "call_agent_id", "call_variables", "call_metadata", "call_scheduled_at",
    }  # fmt: skip
    assert required <= {c.id for c in mapping.source.concepts}


def test_validate_checks_the_mapping_too(in_root: Path) -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "in 5 file(s)" in result.output


def test_an_unknown_operation_is_reported_at_its_line(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        concept(data, "retry_delay")["vendors"]["ravan"]["operation"] = "createCampaing"

    problems = problems_after(workspace, change)
    messages = [p.format() for p in problems]
    assert len(problems) == 1, messages
    assert "'createCampaing' is not one of the campaign operations of ravan" in messages[0]
    bad = next(p for p in problems if "createCampaing" in p.message)
    assert bad.file.endswith("specs/mapping.yaml")
    assert bad.line > 0
    line = (workspace / "specs" / MAPPING_FILE).read_text().splitlines()[bad.line - 1]
    assert "createCampaing" in line


def test_an_unknown_field_names_the_fields_that_exist(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        concept(data, "retry_delay")["vendors"]["volubile"]["field"] = "retry.delayHours"

    (problem,) = problems_after(workspace, change)
    assert "has no request field 'retry.delayHours'" in problem.message
    assert "retry.delay" in problem.message  # the fields that do exist are listed


def test_an_incompatible_type_is_refused(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        concept(data, "campaign_name")["vendors"]["ravan"]["field"] = "schedule.maxConcurrent"

    problems = problems_after(workspace, change)
    assert any("canonical string cannot become wire integer" in p.message for p in problems)


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("values", {"monday": "LUNDI"}, "'LUNDI' is not one of the wire values"),
        ("values", {"someday": "MONDAY"}, "'someday' is not a canonical value"),
        ("flag", "VOICEMAIL", None),
    ],
)
def test_value_tables_are_checked_against_both_enums(
    workspace: Path, where: str, value: Any, expected: str | None
) -> None:
    def change(data: dict[str, Any]) -> None:
        entry = concept(data, "allowed_days" if where == "values" else "retry_delay")["vendors"]["volubile"]
        entry[where] = value

    problems = problems_after(workspace, change)
    text = " ".join(p.message for p in problems)
    assert expected in text if expected else "a flag maps a canonical boolean to a wire list" in text


def test_every_vendor_needs_a_cell(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del concept(data, "timezone")["vendors"]["callkaro"]

    (problem,) = problems_after(workspace, change)
    assert "no entry for vendor 'callkaro'" in problem.message


def test_a_request_field_nobody_mapped_fails_the_completeness_check(workspace: Path) -> None:
    """Like a vendor adding a field to its docs: the mapping must say what it is."""
    spec = workspace / "specs" / "volubile" / "openapi.yaml"
    data = yaml.safe_load(spec.read_text())
    data["components"]["schemas"]["CreateCampaignRequest"]["properties"]["maxAttemptsPerDay"] = {
        "type": "integer"
    }
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    problems = problems_after(workspace, lambda data: None)
    assert [p.message for p in problems] == [
        "request field volubile createCampaign.maxAttemptsPerDay (POST /v1/campaigns) is neither mapped "
        "to a concept nor listed under unmapped with a reason"
    ]


def test_unmapped_entries_must_name_real_unmapped_fields(workspace: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["unmapped"]["autocalls"]["createCampaign"]["no_such_field"] = "because"
        data["unmapped"]["autocalls"]["createCampaign"]["retry_interval"] = "mapped already"

    messages = sorted(p.message for p in problems_after(workspace, change))
    assert messages == [
        "autocalls createCampaign has no request field 'no_such_field'",
        "autocalls createCampaign.retry_interval is mapped; remove it from unmapped",
    ]


def test_a_malformed_file_is_reported_with_its_line(workspace: Path) -> None:
    path = workspace / "specs" / MAPPING_FILE
    text = path.read_text().replace(
        "    unit: minutes\n    vendors:", "    unit: fortnights\n    vendors:", 1
    )
    path.write_text(text)
    with pytest.raises(SpecError) as caught:
        resolve_mapping(workspace / "specs", documents(workspace / "specs"))
    (problem,) = caught.value.diagnostics
    assert "'fortnights' is not one of ['seconds', 'minutes', 'hours']" in problem.message
    assert "fortnights" in text.splitlines()[problem.line - 1]


def test_a_broken_mapping_fails_generate_and_writes_nothing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    path = workspace / "specs" / MAPPING_FILE
    path.write_text(path.read_text().replace("field: schedule.retryGapMin", "field: schedule.retryGap", 1))
    before = {p: p.read_bytes() for p in (workspace / "generated").rglob("*") if p.is_file()}
    result = CliRunner().invoke(app, ["generate", "--force"])
    assert result.exit_code == 1
    assert "specs/mapping.yaml:" in result.output
    assert "has no request field 'schedule.retryGap'" in result.output
    after = {p: p.read_bytes() for p in (workspace / "generated").rglob("*") if p.is_file()}
    assert after == before


def test_field_mapping_json_has_the_documented_shape() -> None:
    data = json.loads((GENERATED / "field-mapping.json").read_text())
    assert set(data) == {"vendors", "concepts", "results", "progress"}
    assert data["progress"]["fields"]["no_answer"]["ravan"] == "getCampaign · data.contactStats.noAnswer"
    assert data["vendors"] == sorted(VENDORS)
    assert set(data["results"]) == {"model", "sources", "statuses", "status_notes"}
    for source in data["results"]["sources"]:
        assert set(source) == {"vendor", "label", "places", "fields"}
        for cell in source["fields"].values():
            assert set(cell) in ({"wire", "transform", "notes"}, {"unsupported"}), cell
    assert data["results"]["statuses"]["volubile"]["VOICE_BOX"] == "voicemail"
    for item in data["concepts"]:
        assert set(item) == {"id", "label", "canonical_type", "canonical_unit", "vendors"}
        assert set(item["vendors"]) == set(VENDORS)
        for cell in item["vendors"].values():
            assert set(cell) in (JSON_CELL_KEYS, {"unsupported"}), cell
    retry = next(c for c in data["concepts"] if c["id"] == "retry_delay")
    assert retry["canonical_unit"] == "minutes"
    assert retry["vendors"]["ravan"]["field"] == "schedule.retryGapMin"
    assert retry["vendors"]["ravan"]["operation"] == "createCampaign"
    assert retry["vendors"]["volubile"]["unit"] == "hours"
    assert "÷60" in retry["vendors"]["volubile"]["transform"]
    assert "range 10..4320" in retry["vendors"]["autocalls"]["notes"]


def test_csv_markdown_and_json_tell_the_same_story() -> None:
    data = json.loads((GENERATED / "field-mapping.json").read_text())
    rows = list(csv.DictReader(io.StringIO((GENERATED / "field-mapping.csv").read_text())))
    assert len(rows) == len(data["concepts"]) * len(VENDORS)
    markdown = (GENERATED / "FIELD_MAPPING.md").read_text()
    for row in rows:
        cell = next(c for c in data["concepts"] if c["id"] == row["concept"])["vendors"][row["vendor"]]
        if row["supported"] == "yes":
            assert (row["operation"], row["field"]) == (cell["operation"], cell["field"])
            assert f"`{cell['operation']}` `{cell['field']}`" in markdown
        else:
            assert row["unsupported_reason"] == cell["unsupported"]
    for vendor in VENDORS:
        supported = sum(1 for r in rows if r["vendor"] == vendor and r["supported"] == "yes")
        assert f"| {vendor} | {supported} / {len(data['concepts'])} |" in markdown


def test_the_html_page_is_self_contained() -> None:
    page = (GENERATED / "field-mapping.html").read_text()
    for reference in ("http://", "https://", "src=", "@import", "url("):
        assert reference not in page
    assert re.findall(r'href="([^"]*)"', page) == ["data:,"]  # only the empty favicon, so none is fetched
