"""Docs drift on the real vendors' pages: a renamed field never leaves ``scrape --check`` clean.

Each test copies the project's specs and the vendors' pages (from ../shared) into a temporary
folder, changes a page the way a vendor would, and checks the report.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import app
from generator.scrape.apply import pointer_of
from generator.scrape.drift import location_of
from generator.spec.loader import load_document
from tests.support.project import SPECS, VENDORS, copy_pages

runner = CliRunner()
SAMPLE = 5  # documented fields renamed per vendor


@pytest.fixture
def copy(tmp_path: Path, shared_dir: Path) -> Path:
    """specs/ at tmp/project/specs, the pages at tmp/shared/vendor-docs, as vendor.yaml expects."""
    shutil.copytree(SPECS, tmp_path / "project" / "specs")
    copy_pages(shared_dir, tmp_path / "shared")
    return tmp_path


def _check(root: Path, vendor: str) -> Result:
    return runner.invoke(app, ["scrape", vendor, "--check", "--specs", str(root / "project" / "specs")])


def _rename(root: Path, vendor: str, page: str, old: str, new: str) -> None:
    path = root / "shared" / "vendor-docs" / vendor / page
    text = path.read_text(encoding="utf-8")
    # the field's name, not a markup attribute of the same word (<ResponseField name="...">)
    renamed = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w=-])", new, text)
    assert renamed != text, f"{page} does not name {old!r}"
    path.write_text(renamed, encoding="utf-8")


def test_the_committed_specs_check_clean(copy: Path) -> None:
    for vendor in VENDORS:
        result = _check(copy, vendor)
        assert result.exit_code == 0, result.output


def test_renaming_agent_id_on_ravans_update_campaign_page(copy: Path) -> None:
    _rename(copy, "ravan", "update-campaign.txt", "agentId", "agentUuid")
    result = _check(copy, "ravan")
    assert result.exit_code == 1
    assert "added    PATCH /api/v1/campaigns/{id}/ requestBody/schema/agentUuid:" in result.output
    assert "removed  PATCH /api/v1/campaigns/{id}/ requestBody/schema/agentId:" in result.output
    # The request's UpdateCampaignRequest component is the page's schema (shape.yaml) and no
    # overlay action covers agentId: no conflict there. The response the spec shares with the
    # other campaign endpoints (CampaignResponse) is one the page documents inline: the action
    # that puts the shared component in its place is stale, and says the example renamed it.
    conflicts = result.output.split("overlay conflicts", 1)[1]
    assert "1 overlay conflict(s)" in result.output, result.output
    assert "['/api/v1/campaigns/{id}/']['patch']['responses']['200']" in conflicts
    assert "responses/200/schema/data/agentUuid" in conflicts
    ref = re.search(r"--keep-overlay (ravan:\d+)", conflicts)
    assert ref is not None
    spec_path = copy / "project" / "specs" / "ravan" / "openapi.yaml"
    before = spec_path.read_text(encoding="utf-8")
    written = runner.invoke(
        app, ["scrape", "ravan", "--keep-overlay", ref.group(1), "--specs", str(copy / "project" / "specs")]
    )
    assert written.exit_code == 0, written.output
    after = spec_path.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [("        agentId:", "        agentUuid:")], changed
    schema = load_document(spec_path).data["components"]["schemas"]["UpdateCampaignRequest"]
    assert "agentUuid" in schema["properties"]
    assert "agentId" not in schema["properties"]
    assert _check(copy, "ravan").exit_code == 0


@pytest.mark.parametrize(
    ("vendor", "page", "field", "webhook"),
    [
        ("ravan", "webhooks-call-completed.md", "contact_id", "callCompleted"),
        ("autocalls", "webhooks-post-call-webhook.md", "customer_phone", "postCall"),
        ("callkaro", "webhook-call-ended.rendered.md", "hangup_reason", "callEnded"),
    ],
)
def test_a_field_renamed_on_a_webhook_page_reaches_the_webhook(
    copy: Path, vendor: str, page: str, field: str, webhook: str
) -> None:
    """Webhook pages were read by no vendor's scrape: the overlay wrote every webhook whole, so a renamed
    payload field left only a changed page line. Now the field is named, and written into the spec."""
    path = copy / "shared" / "vendor-docs" / vendor / page
    text = path.read_text(encoding="utf-8")
    # every mention, the run-together table rows (hangup_reasonStringReason...) included
    renamed = re.sub(rf"(?<![\w-]){field}(?=[\"\s]|String)", field + "Renamed", text)
    assert field + "Renamed" in renamed, f"{page} does not name {field}"
    path.write_text(renamed, encoding="utf-8")
    result = _check(copy, vendor)
    assert result.exit_code == 1
    assert re.search(
        rf"added    POST {webhook} requestBody/schema/(data/)?{field}Renamed:", result.output
    ), result.output
    if "overlay conflict" in result.output:
        pytest.fail("the webhook field has an overlay action over it: pick another field\n" + result.output)
    written = runner.invoke(app, ["scrape", vendor, "--specs", str(copy / "project" / "specs")])
    assert written.exit_code == 0, written.output
    assert f"{field}Renamed:" in (copy / "project" / "specs" / vendor / "openapi.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("page", "named"),
    [
        # the capture whose example the webhook keeps: the example's key itself
        ("integrations-webhooks.rendered.md", "added    POST callCompleted requestBody/example/agentUuid:"),
        # the other capture: the scrape's note comparing the two examples names both keys
        (
            "webhooks.rendered.md",
            "does not document: agentUuid; https://docs.volubile.ai/webhooks shows none of agentId",
        ),
    ],
)
def test_a_field_renamed_in_volubiles_webhook_examples_is_named(copy: Path, page: str, named: str) -> None:
    """Volubile's webhook pages give no field list, only an example and "Same as Get a call endpoint".
    They were left out of the scrape (no event name): a renamed key left only a changed page line."""
    _rename(copy, "volubile", page, '"agentId"', '"agentUuid"')
    result = _check(copy, "volubile")
    assert result.exit_code == 1
    assert named in result.output, result.output
    assert "overlay conflict" not in result.output, result.output
    written = runner.invoke(app, ["scrape", "volubile", "--specs", str(copy / "project" / "specs")])
    assert written.exit_code == 0, written.output
    spec = load_document(copy / "project" / "specs" / "volubile" / "openapi.yaml").data
    media = spec["webhooks"]["callCompleted"]["post"]["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Call"}  # still the call of Get a call
    assert "agentUuid" in media["example"] or "agentUuid" in media["x-docs-conflict"]


def test_renaming_gap_between_retries_on_callkaros_outbound_call_page(copy: Path) -> None:
    _rename(copy, "callkaro", "outbound-call.md", "gap_between_retries", "retry_gap")
    result = _check(copy, "callkaro")
    assert result.exit_code == 1
    # The scraper reads this page's retry example only as text: the changed line is named.
    assert "outbound-call.md:65" in result.output
    assert '"retry_gap": [30, 60]' in result.output


def _documented_fields(vendor: str) -> list[tuple[tuple[Any, ...], str]]:
    """(location, page label) of every field a page's field list documents, in document order."""
    scraped = load_document(SPECS / vendor / "scraped.yaml").data
    found: list[tuple[tuple[Any, ...], str]] = []

    def walk(node: Any, parts: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            listed = isinstance(node.get("x-source"), str) and not node.get("x-from-example")
            if parts and parts[-2:-1] == ("properties",) and listed:
                found.append((parts, node["x-source"]))
            for key, value in node.items():
                walk(value, (*parts, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*parts, index))

    walk(scraped, ())
    return found


def _page_file(root: Path, vendor: str, label: str) -> str:
    for path in sorted((root / "shared" / "vendor-docs" / vendor).iterdir()):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first == f"source: {label}" or label == f"{vendor}/{path.name}":
            return path.name
    raise AssertionError(f"no page of {vendor} is {label}")


@pytest.mark.parametrize("vendor", VENDORS)
def test_renaming_documented_fields_is_named_at_the_field(copy: Path, vendor: str) -> None:
    fields = _documented_fields(vendor)
    assert len(fields) >= SAMPLE
    step = len(fields) // SAMPLE
    for parts, label in fields[::step][:SAMPLE]:
        name = str(parts[-1])
        page = _page_file(copy, vendor, label)
        backup = (copy / "shared" / "vendor-docs" / vendor / page).read_text(encoding="utf-8")
        _rename(copy, vendor, page, name, name + "Renamed")
        result = _check(copy, vendor)
        assert result.exit_code == 1, f"{vendor}: renaming {name} on {page} passed the check"
        renamed = location_of((*parts[:-1], name + "Renamed"))
        assert f"added    {renamed}:" in result.output, f"{pointer_of(parts)}:\n{result.output}"
        (copy / "shared" / "vendor-docs" / vendor / page).write_text(backup, encoding="utf-8")
