"""Docs drift: a change on a vendor's page always reaches the spec or a reported conflict.

A small vendor ("widgets") is scraped from three fixture pages, one per format (a Mintlify
export, rendered page text, Markdown tables), given a reviewed spec with hand edits, and its
overlay recorded. Then one page changes, the way vendor pages do: a field renamed, retyped,
added, removed, made required, given a new enum value or range, or only reworded. For each,
``scrape --check`` must fail and name the change with its page and line, and ``scrape`` must
write exactly that change into the spec (and nothing else), after which the check is clean.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import app
from generator.scrape.apply import ABSENT
from generator.scrape.drift import show, show_pair
from generator.scrape.run import scrape_sources
from generator.scrape.spec_text import document_text
from generator.spec.loader import load_document
from tests.support.project import FIXTURES

PAGES = FIXTURES / "scrape" / "pages"
MINTLIFY, RENDERED, TABLES = "create-widget.md", "list-widgets.rendered.md", "update-widget.md"
runner = CliRunner()

VENDOR_YAML = """\
display_name: {title}
distribution: {name}-client
import_name: {name}_client
client_name: {title}
api_key_env: {upper}_API_KEY
version: '0.1.0'
docs:
  - pages/{name}
"""
SPEC_COMMENT = "# Widgets: reviewed by hand from the vendor's pages.\n"
REVIEWED_PARTS = "Parts of the widget, in assembly order (reviewed: the page's example shows it)."


def _hand_edits(spec: dict[str, Any]) -> dict[str, Any]:
    """What a reviewer changed: a title, a field description, a note on an operation."""
    spec["info"]["title"] = "Widgets API"
    body = spec["paths"]["/widgets/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    body["properties"]["parts"]["description"] = REVIEWED_PARTS
    spec["paths"]["/widgets"]["get"]["x-docs-note"] = "The page gives no error responses."
    return spec


def _make_vendor(root: Path, name: str) -> None:
    pages = root / "pages" / name
    pages.mkdir(parents=True)
    for page in (MINTLIFY, RENDERED, TABLES):
        shutil.copy(PAGES / page, pages / page)
    folder = root / "specs" / name
    folder.mkdir(parents=True)
    title = name.capitalize()
    (folder / "vendor.yaml").write_text(
        VENDOR_YAML.format(name=name, title=title, upper=name.upper()), encoding="utf-8"
    )
    scraped = scrape_sources([str(pages)], root, title=title).document
    (folder / "openapi.yaml").write_text(SPEC_COMMENT + document_text(_hand_edits(scraped)), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one vendor whose overlay records the hand edits, checked clean."""
    _make_vendor(tmp_path, "widgets")
    recorded = _scrape(tmp_path, "--update-overlay")
    assert recorded.exit_code == 0, recorded.output
    check = _scrape(tmp_path, "--check")
    assert check.exit_code == 0, check.output
    assert "specs/widgets/openapi.yaml: up to date" in check.output.replace(str(tmp_path) + "/", "")
    return tmp_path


def _scrape(root: Path, *args: str) -> Result:
    return runner.invoke(app, ["scrape", *args, "--specs", str(root / "specs")])


def _edit(root: Path, page: str, old: str, new: str, vendor: str = "widgets") -> None:
    path = root / "pages" / vendor / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture {page} no longer holds {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _spec(root: Path) -> dict[str, Any]:
    return dict(load_document(root / "specs" / "widgets" / "openapi.yaml").data)


def _create_body(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["paths"]["/widgets/"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    return schema


def _update_body(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["paths"]["/widgets/{id}"]["patch"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    return schema


def _list_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p for p in spec["paths"]["/widgets"]["get"]["parameters"]}


# (page, old text, new text, lines the check must print, what the written spec must hold)
CASES: dict[str, tuple[str, str, str, list[str], Any]] = {
    "mintlify-rename": (
        MINTLIFY,
        'body="size"',
        'body="widgetSize"',
        [  # the example body still shows size: it stays, marked as known from the example only
            "added    POST /widgets/ requestBody/schema/widgetSize:",
            "removed  POST /widgets/ requestBody/schema/size/description:",
            "added    POST /widgets/ requestBody/schema/size/x-from-example: (absent) → true",
        ],
        lambda s: "widgetSize" in _create_body(s)["properties"]
        and _create_body(s)["properties"]["size"].get("x-from-example") is True
        and "description" not in _create_body(s)["properties"]["size"],
    ),
    "mintlify-retype": (
        MINTLIFY,
        'body="size" type="integer"',
        'body="size" type="string"',
        ['changed  POST /widgets/ requestBody/schema/size/type: "integer" → "string"'],
        lambda s: _create_body(s)["properties"]["size"]["type"] == "string",
    ),
    "mintlify-add": (
        MINTLIFY,
        "### Response",
        '<ParamField body="color" type="string">\n  Paint colour.\n</ParamField>\n\n### Response',
        ["added    POST /widgets/ requestBody/schema/color:"],
        lambda s: _create_body(s)["properties"]["color"]["type"] == "string",
    ),
    "mintlify-remove": (
        MINTLIFY,
        '<ParamField body="tags" type="string[]">\n  Free-form tags, maximum of 5.\n</ParamField>\n',
        "",
        ["removed  POST /widgets/ requestBody/schema/tags:"],
        lambda s: "tags" not in _create_body(s)["properties"],
    ),
    "mintlify-required": (
        MINTLIFY,
        'body="size" type="integer" default="3"',
        'body="size" type="integer" default="3" required',
        ['changed  POST /widgets/ requestBody/schema/required: ["label"] → ["label", "size"]'],
        lambda s: _create_body(s)["required"] == ["label", "size"],
    ),
    "mintlify-enum": (
        MINTLIFY,
        "`fast`, `slow`, `off`",
        "`fast`, `slow`, `off`, `auto`",
        [
            'changed  POST /widgets/ requestBody/schema/mode/enum: ["fast", "slow", "off"] → '
            '["fast", "slow", "off", "auto"]'
        ],
        lambda s: _create_body(s)["properties"]["mode"]["enum"] == ["fast", "slow", "off", "auto"],
    ),
    "mintlify-range": (
        MINTLIFY,
        "minimum 1, maximum 12",
        "minimum 1, maximum 24",
        ["changed  POST /widgets/ requestBody/schema/size/maximum: 12 → 24"],
        lambda s: _create_body(s)["properties"]["size"]["maximum"] == 24,
    ),
    "mintlify-docs-only": (
        MINTLIFY,
        "Display label of the widget.",
        "Label shown for the widget.",
        [
            'changed  POST /widgets/ requestBody/schema/label/description: "Display label of the widget." → '
            '"Label shown for the widget."',
            "docs-only",
        ],
        lambda s: _create_body(s)["properties"]["label"]["description"] == "Label shown for the widget.",
    ),
    "rendered-rename": (
        RENDERED,
        "sort\nenum<string>",
        "order\nenum<string>",
        ["removed  GET /widgets parameters/sort@query:", "added    GET /widgets parameters/order@query:"],
        lambda s: "order" in _list_parameters(s) and "sort" not in _list_parameters(s),
    ),
    "rendered-retype": (
        RENDERED,
        "total\ninteger",
        "total\nnumber",
        ['changed  GET /widgets responses/200/schema/total/type: "integer" → "number"'],
        lambda s: s["paths"]["/widgets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
            "properties"
        ]["total"]["type"]
        == "number",
    ),
    "rendered-enum": (
        RENDERED,
        "asc,\ndesc",
        "asc,\ndesc,\nrandom",
        [
            'changed  GET /widgets parameters/sort@query/schema/enum: ["asc", "desc"] → '
            '["asc", "desc", "random"]'
        ],
        lambda s: _list_parameters(s)["sort"]["schema"]["enum"] == ["asc", "desc", "random"],
    ),
    "rendered-range": (
        RENDERED,
        "Required range: 1 <= x <= 100\nHow many widgets to return.\n\nsort",
        "Required range: 1 <= x <= 250\nHow many widgets to return.\n\nsort",
        ["changed  GET /widgets parameters/limit@query/schema/maximum: 100 → 250"],
        lambda s: _list_parameters(s)["limit"]["schema"]["maximum"] == 250,
    ),
    "rendered-docs-only": (
        RENDERED,
        "Filter by label.",
        "Only widgets with this label.",
        ['changed  GET /widgets parameters/label@query/description: "Filter by label." → "Only widgets'],
        lambda s: _list_parameters(s)["label"]["description"] == "Only widgets with this label.",
    ),
    "tables-rename": (
        TABLES,
        "| label | string | no | - | New label. |",
        "| title | string | no | - | New label. |",
        [  # the example body still shows label: it stays, marked as known from the example only
            "added    PATCH /widgets/{id} requestBody/schema/title:",
            "removed  PATCH /widgets/{id} requestBody/schema/label/description:",
            "added    PATCH /widgets/{id} requestBody/schema/label/x-from-example: (absent) → true",
        ],
        lambda s: "title" in _update_body(s)["properties"]
        and _update_body(s)["properties"]["label"].get("x-from-example") is True,
    ),
    "tables-retype": (
        TABLES,
        "| schedule.retryGapMin | integer |",
        "| schedule.retryGapMin | number |",
        ['changed  PATCH /widgets/{id} requestBody/schema/schedule/retryGapMin/type: "integer" → "number"'],
        lambda s: _update_body(s)["properties"]["schedule"]["properties"]["retryGapMin"]["type"] == "number",
    ),
    "tables-required": (
        TABLES,
        "| label | string | no |",
        "| label | string | yes |",
        ['added    PATCH /widgets/{id} requestBody/schema/required: (absent) → ["label"]'],
        lambda s: _update_body(s)["required"] == ["label"],
    ),
    "tables-range": (
        TABLES,
        "range 10-600",
        "range 10-900",
        ["changed  PATCH /widgets/{id} requestBody/schema/schedule/retryGapMin/maximum: 600 → 900"],
        lambda s: _update_body(s)["properties"]["schedule"]["properties"]["retryGapMin"]["maximum"] == 900,
    ),
    "tables-remove": (
        TABLES,
        "| parts | object[] | no | - | New parts. |\n"
        "| parts[].sku | string | yes | - | Stock keeping unit. |\n",
        "",
        ["removed  PATCH /widgets/{id} requestBody/schema/parts:"],
        lambda s: "parts" not in _update_body(s)["properties"],
    ),
}


def _plain(result: Result, root: Path) -> str:
    return result.output.replace(str(root) + "/", "")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_page_change_is_reported_then_written(project: Path, case: str) -> None:
    page, old, new, expected, holds = CASES[case]
    before = _spec(project)
    spec_text = (project / "specs" / "widgets" / "openapi.yaml").read_text(encoding="utf-8")
    _edit(project, page, old, new)

    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1, output
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
    assert re.search(rf"\[pages/widgets/{re.escape(page)}:\d+", output), output  # page and line
    assert (project / "specs" / "widgets" / "openapi.yaml").read_text(encoding="utf-8") == spec_text

    update = _scrape(project)
    assert update.exit_code == 0, _plain(update, project)
    after = _spec(project)
    assert holds(after), _plain(update, project)
    # The reviewer's edits survive, and nothing but the change moved.
    assert after["info"]["title"] == "Widgets API"
    assert _create_body(after)["properties"]["parts"]["description"] == REVIEWED_PARTS
    assert (
        after["paths"]["/widgets"]["get"]["x-docs-note"] == before["paths"]["/widgets"]["get"]["x-docs-note"]
    )
    text = (project / "specs" / "widgets" / "openapi.yaml").read_text(encoding="utf-8")
    assert text.startswith(SPEC_COMMENT), "the spec's own comment and style are kept"
    changed = [line for line in _line_diff(spec_text, text) if line.strip()]
    assert len(changed) <= 24, "\n".join(changed)

    again = _scrape(project, "--check")
    assert again.exit_code == 0, _plain(again, project)


def _line_diff(old: str, new: str) -> list[str]:
    import difflib  # noqa: PLC0415

    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_change_under_an_overlay_action_is_a_conflict(project: Path) -> None:
    _edit(project, MINTLIFY, "  Parts of the widget.", "  Parts of the widget, listed.")
    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1
    assert "1 overlay conflict(s)" in output
    assert "stale: the pages changed what it overwrites" in output
    assert "($['paths']['/widgets/']['post']) stale" in output, "the action editing the operation"
    assert (
        'changed  POST /widgets/ requestBody/schema/parts/description: "Parts of the widget." → '
        '"Parts of the widget, listed."  [pages/widgets/create-widget.md:'
    ) in output
    ref = re.search(r"--keep-overlay (widgets:\d+)", output)
    assert ref is not None, output
    assert f"--accept {ref.group(1)}" in output

    spec_path = project / "specs" / "widgets" / "openapi.yaml"
    before = spec_path.read_bytes()
    blocked = _scrape(project)
    assert blocked.exit_code == 1
    assert "nothing written for widgets" in blocked.output
    assert spec_path.read_bytes() == before


def test_keeping_the_overlay_pins_it_again(project: Path) -> None:
    overlay = project / "specs" / "widgets" / "overlay.yaml"
    pins = re.findall(r"x-pin: (\w+)", overlay.read_text(encoding="utf-8"))
    _edit(project, MINTLIFY, "  Parts of the widget.", "  Parts of the widget, listed.")
    ref = re.search(r"--keep-overlay (widgets:\d+)", _scrape(project, "--check").output)
    assert ref is not None
    kept = _scrape(project, "--keep-overlay", ref.group(1))
    assert kept.exit_code == 0, kept.output
    assert _create_body(_spec(project))["properties"]["parts"]["description"] == REVIEWED_PARTS
    new_pins = re.findall(r"x-pin: (\w+)", overlay.read_text(encoding="utf-8"))
    assert sum(a != b for a, b in zip(pins, new_pins, strict=True)) == 1, "exactly one action re-pinned"
    assert _scrape(project, "--check").exit_code == 0


def test_accepting_the_pages_drops_what_the_action_overwrote(project: Path) -> None:
    _edit(project, MINTLIFY, "  Parts of the widget.", "  Parts of the widget, listed.")
    accepted = _scrape(project, "--accept", "widgets")
    assert accepted.exit_code == 0, accepted.output
    description = _create_body(_spec(project))["properties"]["parts"]["description"]
    assert description == "Parts of the widget, listed."
    assert REVIEWED_PARTS not in (project / "specs" / "widgets" / "overlay.yaml").read_text(encoding="utf-8")
    assert _spec(project)["info"]["title"] == "Widgets API", "other actions stay"
    assert _scrape(project, "--check").exit_code == 0


def test_an_action_whose_target_the_pages_removed_is_gone(project: Path) -> None:
    _edit(
        project,
        MINTLIFY,
        '<ParamField body="parts" type="object[]">',
        '<ParamField body="pieces" type="object[]">',
    )
    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1
    assert "gone in part: the scrape no longer has " in output
    assert "/properties/parts (keeping would make it up)" in output
    assert "--keep-overlay" not in output.split("gone in part:")[1].split("overlay:")[0]
    kept = _scrape(project, "--keep-overlay", "widgets")
    assert kept.exit_code == 1, "an action editing a field the pages dropped cannot be kept"
    accepted = _scrape(project, "--accept", "widgets")
    assert accepted.exit_code == 0, _plain(accepted, project)
    properties = _create_body(_spec(project))["properties"]
    assert "pieces" in properties
    assert "parts" not in properties, "the reviewer's edit of parts does not make parts up again"
    assert _scrape(project, "--check").exit_code == 0


def test_accepting_the_pages_over_a_replaced_schema_takes_the_page_schema_whole(project: Path) -> None:
    """A reviewer replaced the list response's schema (nothing in common: a remove, and an update of the
    operation setting the new one). The page changes; accepting the pages must give the page's schema,
    not the page's with the reviewer's ``oneOf`` merged into it (which left the update stale in turn
    and the decision undone)."""
    path = project / "specs" / "widgets" / "openapi.yaml"
    spec = _spec(project)
    media = spec["paths"]["/widgets"]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"oneOf": [{"type": "array"}, {"type": "null"}]}
    from generator.scrape.spec_text import document_text  # noqa: PLC0415

    path.write_text(document_text(spec), encoding="utf-8")
    assert _scrape(project, "--update-overlay").exit_code == 0
    assert _scrape(project, "--check").exit_code == 0
    _edit(project, RENDERED, "\ntotal\n", "\ncount\n")
    check = _plain(_scrape(project, "--check"), project)
    assert "1 overlay conflict(s)" in check, check
    accepted = _scrape(project, "--accept", "widgets")
    output = _plain(accepted, project)
    assert accepted.exit_code == 0, output
    assert "no longer sets /paths/~1widgets/get/responses/200/content/application~1json/schema" in output
    schema = _spec(project)["paths"]["/widgets"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    assert "oneOf" not in schema
    assert "count" in schema["properties"]
    assert _scrape(project, "--check").exit_code == 0


def _with_reviewed_parameter(project: Path) -> None:
    """The reviewer adds a query parameter the list page does not give (an append to its list)."""
    path = project / "specs" / "widgets" / "openapi.yaml"
    spec = _spec(project)
    spec["paths"]["/widgets"]["get"]["parameters"].append(
        {"name": "color", "in": "query", "description": "Filter by color.", "schema": {"type": "string"}}
    )
    path.write_text(SPEC_COMMENT + document_text(spec), encoding="utf-8")
    assert _scrape(project, "--update-overlay").exit_code == 0
    overlay = (project / "specs" / "widgets" / "overlay.yaml").read_text(encoding="utf-8")
    assert "The pages do not give the query parameter color." in overlay
    assert _scrape(project, "--check").exit_code == 0


def test_a_parameter_the_overlay_appends_leaves_the_other_parameters_to_the_pages(project: Path) -> None:
    """Before, an append pinned the whole list: renaming any parameter on the page made the reviewer's
    addition a conflict, and the rename could only reach the spec through a decision."""
    _with_reviewed_parameter(project)
    _edit(project, RENDERED, "\nlabel\nstring\n^[a-z]+$", "\ntag\nstring\n^[a-z]+$")
    check = _plain(_scrape(project, "--check"), project)
    assert "overlay conflict" not in check, check
    assert "query parameter 'label' renamed to 'tag'" in check, check
    assert _scrape(project).exit_code == 0
    names = [p["name"] for p in _spec(project)["paths"]["/widgets"]["get"]["parameters"]]
    assert names == ["limit", "sort", "tag", "color"]


def test_a_parameter_the_overlay_appends_and_the_pages_come_to_give_is_a_conflict(project: Path) -> None:
    _with_reviewed_parameter(project)
    _edit(project, RENDERED, "\nResponse\n", "\ncolor\nstring\nFilter by colour.\n\nResponse\n")
    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1
    assert "1 overlay conflict(s)" in output
    assert (
        "the pages now give /paths/~1widgets/get/parameters/3 themselves (keeping would list it twice)"
        in (output)
    )
    assert "--keep-overlay" not in output.split("overlay conflicts")[1].split("overlay:")[0]
    assert _scrape(project, "--keep-overlay", "widgets").exit_code == 1, "keeping would list color twice"
    accepted = _scrape(project, "--accept", "widgets")
    assert accepted.exit_code == 0, _plain(accepted, project)
    colors = [p for p in _spec(project)["paths"]["/widgets"]["get"]["parameters"] if p["name"] == "color"]
    assert [p["description"] for p in colors] == ["Filter by colour."]
    assert _scrape(project, "--check").exit_code == 0


def test_a_stale_pin_is_reported_even_when_the_overlay_value_still_applies(project: Path) -> None:
    """Hand-editing a pin in overlay.yaml (or a stale copy of it) cannot pass the check."""
    overlay = project / "specs" / "widgets" / "overlay.yaml"
    text = overlay.read_text(encoding="utf-8")
    first = re.search(r"x-pin: (\w+)", text)
    assert first is not None
    overlay.write_text(text.replace(first.group(0), "x-pin: ffffffffffff", 1), encoding="utf-8")
    check = _scrape(project, "--check")
    assert check.exit_code == 1
    assert "stale: the pages changed what it overwrites" in check.output


def test_an_unpinned_action_is_reported(project: Path) -> None:
    overlay = project / "specs" / "widgets" / "overlay.yaml"
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(re.sub(r"\n  x-pin: \w+", "", text, count=1), encoding="utf-8")
    check = _scrape(project, "--check")
    assert check.exit_code == 1
    assert "unpinned: it records no x-pin" in check.output


def test_text_the_scraper_does_not_read_is_still_reported(project: Path) -> None:
    _edit(project, MINTLIFY, "Fetch the complete documentation index", "Fetch the full documentation index")
    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1
    assert "page text changed in 1 place(s) the scrape does not reflect: review by hand" in output
    assert "changed  pages/widgets/create-widget.md:4" in output
    assert "Fetch the full documentation index" in output
    assert _scrape(project).exit_code == 0
    assert _scrape(project, "--check").exit_code == 0


def test_an_unrecorded_spec_edit_blocks_the_update(project: Path) -> None:
    spec_path = project / "specs" / "widgets" / "openapi.yaml"
    spec_path.write_text(spec_path.read_text(encoding="utf-8").replace("Widgets API", "Gadgets API"))
    _edit(project, MINTLIFY, "minimum 1, maximum 12", "minimum 1, maximum 24")
    before = spec_path.read_bytes()
    result = _scrape(project)
    assert result.exit_code == 1
    assert 'changed  /info/title: "Widgets API" → "Gadgets API"' in result.output
    assert spec_path.read_bytes() == before


def test_every_vendor_is_checked_when_one_fails(tmp_path: Path) -> None:
    _make_vendor(tmp_path, "widgets")
    _make_vendor(tmp_path, "gadgets")
    assert _scrape(tmp_path, "--update-overlay").exit_code == 0
    _edit(tmp_path, MINTLIFY, "</ParamField>", "</Expandable>", vendor="gadgets")  # unreadable page
    _edit(tmp_path, MINTLIFY, "minimum 1, maximum 12", "minimum 1, maximum 24", vendor="widgets")
    check = _scrape(tmp_path, "--check")
    output = _plain(check, tmp_path)
    assert check.exit_code == 1
    assert "specs/gadgets/openapi.yaml: not checked:" in output
    assert "create-widget.md:" in output.split("not checked:")[1]
    assert "changed  POST /widgets/ requestBody/schema/size/maximum: 12 → 24" in output


def test_the_report_in_markdown(project: Path) -> None:
    _edit(project, MINTLIFY, "minimum 1, maximum 12", "minimum 1, maximum 24")
    _edit(project, MINTLIFY, "  Parts of the widget.", "  Parts of the widget, listed.")
    report = _scrape(project, "--check", "--format", "markdown")
    output = _plain(report, project)
    assert report.exit_code == 1
    assert output.startswith("## vendorgen scrape: documentation drift")
    assert (
        "| changed | `POST /widgets/ requestBody/schema/size/maximum` | `12` | `24` | "
        "pages/widgets/create-widget.md:" in output
    )
    assert "**Overlay conflicts**" in output


def test_decisions_name_known_vendors_and_actions(project: Path) -> None:
    assert "no vendor 'nosuch'" in _scrape(project, "--accept", "nosuch:1").output
    assert "expected VENDOR or VENDOR:N" in _scrape(project, "--accept", "widgets:x").output
    both = _scrape(project, "--accept", "widgets:1", "--keep-overlay", "widgets:1")
    assert both.exit_code != 0
    assert "both accepted and kept" in both.output


def test_stats_print_the_overlay_size(project: Path) -> None:
    stats = _scrape(project, "--stats")
    assert stats.exit_code == 0, stats.output
    assert re.search(r"overlay: \d+ action\(s\), [\d,]+ bytes = [\d.]+ % of the spec's [\d,]+", stats.output)


def test_stats_count_the_scraped_values_the_overlay_overwrites(project: Path) -> None:
    """The reviewer's title and field description overwrite what the pages say; the note on an
    operation adds what they do not say and counts nothing."""
    scraped = yaml.safe_load((project / "specs" / "widgets" / "scraped.yaml").read_text(encoding="utf-8"))
    body = scraped["paths"]["/widgets/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    overwritten = [scraped["info"]["title"], body["properties"]["parts"]["description"]]
    expected = sum(len(json.dumps(value, ensure_ascii=False).encode()) for value in overwritten)
    stats = _scrape(project, "--stats")
    match = re.search(r"what the pages say that it overwrites or removes: ([\d,]+) bytes", stats.output)
    assert match is not None, stats.output
    assert int(match[1].replace(",", "")) == expected


def test_two_long_texts_are_shown_from_a_little_before_they_differ() -> None:
    """A long note that gains one name at its end printed the same 160 characters twice before."""
    base = "The webhook pages show fields Get a call does not document: " + "x" * 150
    before, after = show_pair(base + ", extractorData", base + ", extractorData, agentUuid")
    assert before != after
    assert before.startswith("…")
    assert after.startswith("…")
    assert "agentUuid" in after
    assert "agentUuid" not in before


def test_short_values_and_early_differences_are_shown_whole_or_from_the_start() -> None:
    assert show_pair("a", "b") == ('"a"', '"b"')
    early_old, early_new = "A" + "y" * 300, "B" + "y" * 300
    assert show_pair(early_old, early_new) == (show(early_old), show(early_new))
    assert show_pair(ABSENT, "z" * 300)[0] == "(absent)"


def test_stats_compare_the_overwritten_values_with_the_spec_in_one_unit(project: Path) -> None:
    """Both in compact JSON: the YAML file is larger, and against it the share read too low."""
    stats = _scrape(project, "--stats")
    match = re.search(
        r"overwrites or removes: ([\d,]+) bytes = ([\d.]+) % of the spec's ([\d,]+) \(both compact JSON\)",
        stats.output,
    )
    assert match is not None, stats.output
    overwritten, share, spec_bytes = (
        int(match[1].replace(",", "")),
        float(match[2]),
        int(match[3].replace(",", "")),
    )
    spec = _spec(project)
    assert spec_bytes == len(
        json.dumps(spec, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    )
    assert spec_bytes < len((project / "specs" / "widgets" / "openapi.yaml").read_bytes())
    assert share == round(100 * overwritten / spec_bytes, 1)


def test_a_response_description_the_scrape_filled_in_counts_nothing(project: Path) -> None:
    """The pages give no response for the update: "Successful response (the pages document no
    response)." is the scraper's, so the reviewer's wording over it hides nothing the pages say;
    the pin still holds it (a response the pages come to document is a conflict)."""

    def overwritten() -> int:
        stats = _scrape(project, "--stats")
        match = re.search(r"overwrites or removes: ([\d,]+) bytes", stats.output)
        assert match is not None, stats.output
        return int(match[1].replace(",", ""))

    before = overwritten()
    path = project / "specs" / "widgets" / "openapi.yaml"
    text = path.read_text(encoding="utf-8")
    filler = "Successful response (the pages document no response)."
    assert text.count(filler) == 1
    path.write_text(text.replace(filler, "The updated widget."), encoding="utf-8")
    recorded = _scrape(project, "--update-overlay")
    assert recorded.exit_code == 0, recorded.output
    assert "The updated widget." in (project / "specs" / "widgets" / "overlay.yaml").read_text("utf-8")
    assert overwritten() == before
    _edit(
        project,
        TABLES,
        "| parts[].sku | string | yes | - | Stock keeping unit. |\n",
        "| parts[].sku | string | yes | - | Stock keeping unit. |\n\n## Response\n\n"
        "| Field | Type | Description |\n|---|---|---|\n| ok | boolean | Whether it changed. |\n",
    )
    check = _scrape(project, "--check")
    assert check.exit_code == 1
    assert "stale: the pages changed what it overwrites" in check.output, check.output
