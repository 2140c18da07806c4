"""vendorgen scrape: the three page formats, merging, conflicts, cut pages, bad input, URLs and overlays.

The fixture pages (tests/fixtures/scrape/pages) are written for these tests and cover one
API in every format: a Mintlify export with nested and array fields, a trailing-slash
"actual endpoint" note and prose constraints; rendered text with a breadcrumb, ranges and
multi-line options; Markdown tables with dotted names; a cut embedded OpenAPI block; and an
older page that disagrees with the newer one. The golden output is regenerated with
VENDORGEN_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import copy
import functools
import http.server
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import app
from generator.scrape.apply import apply_overlay
from generator.scrape.model import ScrapeError
from generator.scrape.overlay import Action, Overlay, OverlayError, derive_overlay, parse_overlay
from generator.scrape.run import scrape_sources
from generator.scrape.spec_text import document_text
from generator.spec.loader import load_document, load_text
from generator.spec.validate import validate_document
from tests.support.project import FIXTURES, ROOT
from tests.support.serving import serving

PAGES = FIXTURES / "scrape" / "pages"
BAD = FIXTURES / "scrape" / "bad"
GOLDEN = FIXTURES / "scrape" / "expected.yaml"
runner = CliRunner()


@functools.cache
def _scraped_text() -> str:
    return document_text(scrape_sources([str(PAGES)], ROOT, title="Widgets API").document)


@pytest.fixture(scope="module")
def scraped() -> dict[str, Any]:
    return dict(yaml.safe_load(_scraped_text()))


def _body(scraped: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    schema: dict[str, Any] = scraped["paths"][path][method]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    return schema


def test_fixture_pages_match_the_golden_spec_and_validate() -> None:
    text = _scraped_text()
    if os.environ.get("VENDORGEN_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(
        encoding="utf-8"
    ), "run with VENDORGEN_UPDATE_GOLDEN=1 if the change is intended"
    assert validate_document(load_text(text, Path("scraped.yaml"))) == []


def test_actual_endpoint_note_outranks_the_breadcrumb_and_keeps_its_trailing_slash(
    scraped: dict[str, Any],
) -> None:
    assert "post" in scraped["paths"]["/widgets/"]
    assert "/v2/widgets" not in scraped["paths"]
    assert "/widgets" in scraped["paths"]
    assert scraped["servers"] == [{"url": "https://api.example.test/v2"}]
    assert scraped["components"]["securitySchemes"] == {
        "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Token"}
    }


def test_mintlify_fields_nesting_types_and_prose_constraints(scraped: dict[str, Any]) -> None:
    body = _body(scraped, "/widgets/", "post")
    properties = body["properties"]
    assert body["required"] == ["label"]
    assert properties["size"]["minimum"] == 1
    assert properties["size"]["maximum"] == 12
    assert properties["size"]["default"] == 3
    assert properties["mode"]["enum"] == ["fast", "slow", "off"]
    assert properties["tags"] == {
        **properties["tags"],
        "type": "array",
        "maxItems": 5,
        "items": {"type": "string"},
    }
    assert properties["schedule"]["required"] == ["startTime"]
    assert properties["schedule"]["properties"]["retryGapMin"]["examples"] == [30]
    assert properties["parts"]["items"]["required"] == ["sku"]
    assert set(properties["parts"]["items"]["properties"]) == {"sku", "count"}
    assert properties["label"]["x-source"] == "https://docs.example.test/api-reference/widgets/create.md"


def test_rendered_field_blocks_ranges_options_patterns_and_nesting(scraped: dict[str, Any]) -> None:
    operation = scraped["paths"]["/widgets"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"] == {
        "type": "integer",
        "default": 20,
        "minimum": 1,
        "maximum": 100,
    }
    assert parameters["sort"]["schema"]["enum"] == ["asc", "desc"]
    assert parameters["label"]["schema"]["pattern"] == "^[a-z]+$"
    response = operation["responses"]["200"]["content"]["application/json"]
    items = response["schema"]["properties"]["items"]
    assert set(items["items"]["properties"]) == {
        "id",
        "label",
    }, "fields nested under the array, as the example shows"
    assert set(response["schema"]["properties"]) == {"items", "total"}


def test_markdown_tables_with_dotted_names_and_curl_paths_templated(scraped: dict[str, Any]) -> None:
    operation = scraped["paths"]["/widgets/{id}"]["patch"]
    assert operation["parameters"][0]["name"] == "id"
    assert operation["parameters"][0]["required"] is True
    body = _body(scraped, "/widgets/{id}", "patch")
    retry = body["properties"]["schedule"]["properties"]["retryGapMin"]
    assert (retry["default"], retry["minimum"], retry["maximum"]) == (30, 10, 600)
    assert body["properties"]["parts"]["items"]["required"] == ["sku"]


def test_cut_embedded_openapi_is_salvaged_and_marked_incomplete(scraped: dict[str, Any]) -> None:
    operation = scraped["paths"]["/widgets/{id}"]["get"]
    assert operation["operationId"] == "getWidget"
    assert operation["x-docs-incomplete"] is True
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["id"]
    assert schema["properties"]["size"]["type"] == ["integer", "null"], "3.0 nullable becomes a 3.1 null type"
    assert "content" not in operation["responses"]["404"], "a reference into the cut part gives no schema"


def test_conflicting_pages_are_recorded_not_silently_resolved(scraped: dict[str, Any]) -> None:
    size = _body(scraped, "/widgets/", "post")["properties"]["size"]
    assert size["type"] == "integer"
    assert 'create-old says "string"' in size["x-docs-conflict"]
    sources = scraped["paths"]["/widgets/"]["post"]["x-source"]
    assert sources[0].endswith("/create.md"), "the page whose endpoint is best attested leads"


def test_duplicate_blocks_of_one_page_give_one_field(scraped: dict[str, Any]) -> None:
    """The list page repeats its ``limit`` block in an excerpt; the old create page repeats ``label``."""
    names = [p["name"] for p in scraped["paths"]["/widgets"]["get"]["parameters"]]
    assert names == ["limit", "sort", "label"]
    assert _body(scraped, "/widgets/", "post")["required"] == ["label"]
    assert "x-docs-conflict" not in scraped["paths"]["/widgets"]["get"]["parameters"][0]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("mismatched.md", 5, "</ResponseField> closes <ParamField> opened on line 3"),
        ("unknown-type.md", 7, "unknown type 'strng' of field 'a'"),
        ("short-row.md", 7, "table row has 2 cells where the header has 3"),
        ("junk.md", 1, "not UTF-8 text"),
    ],
)
def test_input_that_cannot_be_understood_names_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(ScrapeError) as caught:
        scrape_sources([str(BAD / name)], ROOT)
    assert caught.value.file.endswith(name)
    assert caught.value.line == line
    assert message in caught.value.message


def test_cli_failure_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "spec.yaml"
    output.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["scrape", "--from", str(BAD / "mismatched.md"), "--output", str(output)])
    assert result.exit_code == 1
    assert "mismatched.md:5: error:" in result.output
    assert "nothing written" in result.output
    assert output.read_text(encoding="utf-8") == "old\n"


def test_cli_ad_hoc_output_passes_validate(tmp_path: Path) -> None:
    output = tmp_path / "widgets.yaml"
    result = runner.invoke(
        app, ["scrape", "--from", str(PAGES), "--output", str(output), "--title", "Widgets API"]
    )
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == _scraped_text()
    assert runner.invoke(app, ["validate", str(output)]).exit_code == 0


@pytest.fixture
def docs_server(tmp_path: Path) -> Iterator[str]:
    """The fixture pages served on 127.0.0.1 at their documented paths, with an llms.txt index."""
    served = tmp_path / "site"
    links = []
    for page in sorted(PAGES.iterdir()):
        url_path = page.read_text(encoding="utf-8").splitlines()[0].removeprefix("source: ").split("/", 3)[3]
        target = served / (url_path if url_path.endswith(".md") else url_path + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
        links.append(url_path.removesuffix(".md"))
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = "# Widgets\n\n## API Reference\n\n" + "".join(f"- [{link}]({base}/{link})\n" for link in links)
    (served / "llms.txt").write_text(index + "\n## Guides\n\n- [Intro](" + base + "/guides/intro)\n", "utf-8")
    with serving(server):
        yield base


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_url_input_and_llms_txt_index_give_the_same_spec(docs_server: str, tmp_path: Path) -> None:
    from_index = scrape_sources([f"{docs_server}/llms.txt"], ROOT, title="Widgets API").document
    assert document_text(from_index) == _scraped_text()
    single = scrape_sources([f"{docs_server}/api-reference/widgets/list.md"], ROOT).document
    assert list(single["paths"]) == ["/widgets"]
    with pytest.raises(ScrapeError, match="cannot fetch the page"):
        scrape_sources([f"{docs_server}/missing.md"], ROOT)


# --- overlays -------------------------------------------------------------------------------------


def _overlay(*actions: dict[str, Any]) -> Overlay:
    return parse_overlay(
        {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}, "o.yaml"
    )


def test_overlay_update_remove_and_append() -> None:
    document = {"info": {"title": "A", "x-old": 1}, "tags": [{"name": "a"}], "paths": {"/a": {"get": {}}}}
    overlay = _overlay(
        {"target": "$.info", "description": "rename", "update": {"title": "B", "contact": {"name": "x"}}},
        {"target": "$.info['x-old']", "description": "stale", "remove": True},
        {"target": "$.tags", "description": "add tag", "update": {"name": "b"}},
        {"target": "$.paths['/a'].get", "description": "id", "update": {"operationId": "getA"}},
    )
    result = apply_overlay(document, overlay)
    assert result == {
        "info": {"title": "B", "contact": {"name": "x"}},
        "tags": [{"name": "a"}, {"name": "b"}],
        "paths": {"/a": {"get": {"operationId": "getA"}}},
    }
    assert document["info"] == {"title": "A", "x-old": 1}, "the input is not changed"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"target": "$.info"}, "needs a `description`"),
        ({"target": "$.info", "description": "x"}, "exactly one of `update` or `remove: true`"),
        ({"target": "$..[", "description": "x", "remove": True}, "invalid JSONPath"),
    ],
)
def test_overlay_actions_are_checked(action: dict[str, Any], message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        _overlay(action)


def test_overlay_action_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(OverlayError, match=r"action 1 \(\$\.nowhere\) matches nothing"):
        apply_overlay({"info": {}}, _overlay({"target": "$.nowhere", "description": "x", "remove": True}))


def test_derived_overlay_turns_one_document_into_the_other_and_keeps_reasons() -> None:
    old = {"a": {"b": 1, "c": [1, 2], "gone": True, "it's": {"x": 1}}, "keep": "same"}
    new = {"a": {"b": 2, "c": [1], "new": {"d": 1}, "it's": {"x": 2}}, "keep": "same", "top": 1}
    actions = derive_overlay(old, new, {"$['a']['gone']": "hand-written reason"})
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new
    assert Action("$['a']['gone']", "hand-written reason", remove=True) in actions
    assert derive_overlay(new, new) == []


def _parameter(name: str, where: str = "query", **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": {"type": "integer", **schema}}


def test_parameter_lists_are_derived_parameter_by_parameter() -> None:
    """A reviewer's maximum on one parameter is one action on that parameter (selected by place and
    name), not the whole list: a page change to another parameter then reaches the spec."""
    old = {"get": {"parameters": [_parameter("id", "path"), _parameter("limit"), _parameter("page")]}}
    new = {
        "get": {"parameters": [_parameter("id", "path"), _parameter("limit", maximum=100), _parameter("q")]}
    }
    actions = derive_overlay(old, new)
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new
    targets = [action.target for action in actions]
    assert "$['get']['parameters'][?@['in'] == 'query' && @['name'] == 'page']" in targets  # removed
    limit = "$['get']['parameters'][?@['in'] == 'query' && @['name'] == 'limit']['schema']"
    assert Action(limit, actions[targets.index(limit)].description, update={"maximum": 100}) in actions
    assert not any(isinstance(action.update, dict) and "parameters" in action.update for action in actions)
    later = {"get": {"parameters": [_parameter("id", "path", minimum=1), *old["get"]["parameters"][1:]]}}
    assert apply_overlay(later, Overlay("t", "1", tuple(actions)))["get"]["parameters"][0]["schema"] == {
        "type": "integer",
        "minimum": 1,
    }, "the change to another parameter flows through"


def test_a_parameter_list_with_shared_parameters_is_derived_parameter_by_parameter() -> None:
    """A ``$ref`` entry is selected by what it refers to: a reviewer's edit of one parameter beside
    shared ones is one action, not the whole list (Ravan's List contacts)."""
    shared = {"$ref": "#/components/parameters/Limit"}
    old = {"get": {"parameters": [_parameter("search"), dict(shared), _parameter("stale")]}}
    new = {"get": {"parameters": [_parameter("search", maximum=5), dict(shared), {"$ref": "#/p/Offset"}]}}
    actions = derive_overlay(old, new)
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new
    assert not any(action.target == "$['get']" for action in actions)
    assert "$['get']['parameters'][?@['in'] == 'query' && @['name'] == 'stale']" in [
        a.target for a in actions
    ]
    gone = {"get": {"parameters": [_parameter("search")]}}
    removal = derive_overlay(old | {"get": {"parameters": [_parameter("search"), dict(shared)]}}, gone)
    assert [action.target for action in removal] == [
        "$['get']['parameters'][?@['$ref'] == '#/components/parameters/Limit']"
    ]
    assert (
        apply_overlay(
            old | {"get": {"parameters": [_parameter("search"), dict(shared)]}},
            Overlay("t", "1", tuple(removal)),
        )
        == gone
    )


def test_the_edits_of_one_operation_are_one_action_down_to_each_leaf() -> None:
    """One action per operation (or component), its update nested down to the keys set; removals of
    the same operation come first; an append to a parameter list stays an action of its own."""
    body = {"type": "object", "properties": {"parts": {"type": "string"}, "old": {"type": "string"}}}
    old = {
        "paths": {"/w": {"post": {"summary": "Make", "requestBody": {"content": {"j": {"schema": body}}}}}}
    }
    new = copy.deepcopy(old)
    operation = new["paths"]["/w"]["post"]
    operation["tags"] = ["widgets"]
    schema = operation["requestBody"]["content"]["j"]["schema"]
    schema["properties"]["parts"]["description"] = "Parts (reviewed)."
    del schema["properties"]["old"]
    operation["parameters"] = [_parameter("id", "path")]
    actions = derive_overlay(old, new)
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new
    assert [(action.target, action.remove) for action in actions] == [
        ("$['paths']['/w']['post']['requestBody']['content']['j']['schema']['properties']['old']", True),
        ("$['paths']['/w']['post']", False),
    ]
    assert actions[1].update == {
        "tags": ["widgets"],
        "parameters": [_parameter("id", "path")],
        "requestBody": {
            "content": {"j": {"schema": {"properties": {"parts": {"description": "Parts (reviewed)."}}}}}
        },
    }


def test_an_edit_inside_a_field_the_pages_renamed_is_reported_not_made_up() -> None:
    """A grouped update would create ``parts`` again, with only the reviewer's description, once the
    page renamed it: the pins change (stale), and the field shows as lost (not keepable)."""
    from generator.scrape.apply import Status, pin_actions, run_overlay  # noqa: PLC0415
    from generator.scrape.update import _lost  # noqa: PLC0415

    scraped = {
        "paths": {"/w": {"post": {"summary": "Make", "x": {"properties": {"parts": {"type": "string"}}}}}}
    }
    spec = copy.deepcopy(scraped)
    spec["paths"]["/w"]["post"]["summary"] = "Make a widget"
    spec["paths"]["/w"]["post"]["x"]["properties"]["parts"]["description"] = "Reviewed."
    overlay = Overlay("t", "1", tuple(pin_actions(scraped, derive_overlay(scraped, spec))))
    assert len(overlay.actions) == 1
    before = run_overlay(scraped, overlay).runs[0]
    assert before.status is Status.APPLIED
    renamed = copy.deepcopy(scraped)
    renamed["paths"]["/w"]["post"]["x"]["properties"] = {"pieces": {"type": "string"}}
    after = run_overlay(renamed, overlay).runs[0]
    assert after.status is Status.STALE, "the absent description was pinned under parts, not at it"
    assert _lost(before.pinned, after.pinned) == (("paths", "/w", "post", "x", "properties", "parts"),)
    reworded = copy.deepcopy(scraped)
    reworded["paths"]["/w"]["post"]["summary"] = "Create"
    assert _lost(before.pinned, run_overlay(reworded, overlay).runs[0].pinned) == ()


def test_a_reordered_parameter_list_is_replaced_whole() -> None:
    old = {"get": {"parameters": [_parameter("a"), _parameter("b")]}}
    new = {"get": {"parameters": [_parameter("b"), _parameter("a")]}}
    actions = derive_overlay(old, new)
    assert [action.target for action in actions] == ["$['get']"]
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new


def test_a_composed_schema_is_derived_subschema_by_subschema() -> None:
    """One leaf edit in an ``allOf`` part is one action at that part, not the whole list again (the
    list page's own ``data`` of a composed page component)."""
    items = {"type": "array", "items": {"type": "object"}}
    old = {"CallPage": {"allOf": [{"$ref": "#/p"}, {"type": "object", "properties": {"data": items}}]}}
    new = copy.deepcopy(old)
    new["CallPage"]["allOf"][1]["properties"]["data"]["items"] = {"$ref": "#/call"}
    actions = derive_overlay(old, new)
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new
    assert actions
    assert all(
        action.target.startswith("$['CallPage']['allOf'][1]['properties']['data']") for action in actions
    )
    longer = {"CallPage": {"allOf": [*old["CallPage"]["allOf"], {"required": ["data"]}]}}
    assert [action.target for action in derive_overlay(old, longer)] == ["$['CallPage']"], "lengths differ"


# --- the four vendors -----------------------------------------------------------------------------


def test_every_vendor_spec_is_its_pages_plus_its_overlay(in_root: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["scrape", "--check"])
    assert result.exit_code == 0, result.output
    for vendor in ("autocalls", "callkaro", "ravan", "volubile"):
        assert f"specs/{vendor}/openapi.yaml: up to date" in result.output
        overlay = parse_overlay(load_document(ROOT / "specs" / vendor / "overlay.yaml").data, vendor)
        assert all(action.description for action in overlay.actions)
    left_out = result.output.split("specs/ravan/openapi.yaml")[1].split("specs/volubile")[0]
    assert "left out of the scrape" in left_out, "a page the scrape could not place is said, every time"
    assert "ravan/telephony-list-purchased-numbers.md: fields but no method and path" in left_out


OVERWRITTEN_CEILING = dict.fromkeys(("autocalls", "callkaro", "ravan", "volubile"), 15.0)
"""Percent of each spec (compact JSON) that the overlay's overwritten or removed page statements may
make up: the target of #16. Until stop 36 the share compared JSON bytes with the YAML file's, which
read a quarter too low: Ravan was 17.6 % and Volubile 15.2 % where 14.1 % and 12.3 % were printed.
Ravan is closest (14.3 %): its campaign pages document the campaign differently on get, create and
update, so CampaignResponse and CampaignSchedule are shared by overlay actions that replace the other
pages' inline copies. Never raise it to pass.
"""


def test_no_overlay_overwrites_more_of_the_pages_than_its_ceiling(in_root: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["scrape", "--stats"])
    assert result.exit_code == 0, result.output
    found = dict(
        re.findall(
            r"specs/(\w+)/openapi\.yaml: overlay: .*? overwrites or removes: [\d,]+ bytes = ([\d.]+) %",
            result.output,
        )
    )
    assert set(found) == set(OVERWRITTEN_CEILING), result.output
    over = {
        vendor: float(share) for vendor, share in found.items() if float(share) > OVERWRITTEN_CEILING[vendor]
    }
    assert not over, f"overlays overwrite more of the pages than allowed: {over}"


def _vendor_workspace(workspace: Path, shared_dir: Path) -> Path:
    config = workspace / "specs" / "callkaro" / "vendor.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "../shared/vendor-docs", str(shared_dir / "vendor-docs")
    )
    config.write_text(text, encoding="utf-8")
    return workspace / "specs"


def test_check_reports_a_hand_edit_and_update_overlay_records_it(workspace: Path, shared_dir: Path) -> None:
    specs = _vendor_workspace(workspace, shared_dir)
    spec_path = specs / "callkaro" / "openapi.yaml"
    spec = load_document(spec_path).data
    spec["paths"]["/call/outbound"]["post"]["summary"] = "Place an outbound call"
    spec_path.write_text(document_text(spec), encoding="utf-8")
    check = runner.invoke(app, ["scrape", "callkaro", "--check", "--specs", str(specs)])
    assert check.exit_code == 1
    assert "1 spec edit(s) the overlay does not record" in check.output
    assert (
        'changed  POST /call/outbound summary: "Create Outbound Call" → "Place an outbound call"'
        in check.output
    )

    recorded = runner.invoke(app, ["scrape", "callkaro", "--update-overlay", "--specs", str(specs)])
    assert recorded.exit_code == 0, recorded.output
    assert runner.invoke(app, ["scrape", "callkaro", "--check", "--specs", str(specs)]).exit_code == 0


def test_scrape_never_overwrites_a_spec_edit_the_overlay_does_not_record(
    workspace: Path, shared_dir: Path
) -> None:
    specs = _vendor_workspace(workspace, shared_dir)
    spec_path = specs / "callkaro" / "openapi.yaml"
    expected = load_document(spec_path).data
    drifted = dict(expected, info={**expected["info"], "title": "Drifted"})
    spec_path.write_text(document_text(drifted), encoding="utf-8")
    before = spec_path.read_bytes()
    result = runner.invoke(app, ["scrape", "callkaro", "--specs", str(specs)])
    assert result.exit_code == 1, result.output
    assert 'changed  /info/title: "CallKaro AI API" → "Drifted"' in result.output
    assert "vendorgen scrape callkaro --update-overlay" in result.output
    assert "nothing written for callkaro" in result.output
    assert spec_path.read_bytes() == before


def test_a_schema_replaced_by_a_reference_is_one_remove_and_one_update() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    old = {"media": {"schema": schema}}
    new = {"media": {"schema": {"$ref": "#/components/schemas/A"}}}
    actions = derive_overlay(old, new)
    assert [(a.target, a.remove) for a in actions] == [
        ("$['media']['schema']", True),
        ("$['media']", False),
    ]
    assert "Shared component" in actions[0].description
    assert apply_overlay(old, Overlay("t", "1", tuple(actions))) == new


def test_a_field_cut_by_the_capture_is_kept_and_marked(scraped: dict[str, Any]) -> None:
    operation = scraped["paths"]["/widgets/{id}/archive"]["post"]
    assert operation["x-docs-incomplete"] is True
    reason = _body(scraped, "/widgets/{id}/archive", "post")["properties"]["reason"]
    assert reason["type"] == "string"
    assert reason["x-docs-incomplete"] is True
