"""The scrape shaped like the spec (shape.yaml): components the pages repeat inline, named once.

An overlay that removes a scraped schema and puts a hand-written component in its place makes the
page irrelevant; with the component made from the page itself, a change on the page reaches the
component, and only the reviewer's leaf edits are overlay actions.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.scrape.shape import (
    ComponentMap,
    Composition,
    components_text,
    derive_components,
    load_components,
    response_site_parts,
    response_site_text,
    shape_scrape,
    site_parts,
    site_text,
)
from generator.spec.diagnostics import SpecError
from generator.spec.loader import load_document
from tests.scrape.test_drift import MINTLIFY, _create_body, _edit, _make_vendor, _plain, _scrape, _spec


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _json(schema: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


SCHEDULE = _object(start={"type": "string", "x-source": "a.md"}, gap={"type": "integer", "x-source": "a.md"})
SCRAPE: dict[str, Any] = {
    "paths": {
        "/jobs": {
            "post": {
                "x-source": "a.md",
                "requestBody": _json(_object(name={"type": "string"}, schedule=copy.deepcopy(SCHEDULE))),
                "responses": {"200": _json(_object(schedule=copy.deepcopy(SCHEDULE)))},
            }
        },
        "/jobs/{id}": {
            "patch": {
                "requestBody": {
                    "content": {
                        "multipart/form-data": {"schema": _object(file={"type": "string"})},
                        "application/json": {"schema": _object(schedule=_object(start={"type": "string"}))},
                    }
                }
            }
        },
    },
    "webhooks": {"jobDone": {"post": {"requestBody": _json(_object(job={"type": "string"}))}}},
}


def _at(document: Any, parts: tuple[Any, ...]) -> Any:
    for part in parts:
        document = document[part]
    return document


@pytest.mark.parametrize(
    ("site", "parts"),
    [
        (
            "POST /jobs body",
            ("paths", "/jobs", "post", "requestBody", "content", "application/json", "schema"),
        ),
        (
            "POST /jobs 200 /properties/schedule",
            (
                *("paths", "/jobs", "post", "responses", "200", "content", "application/json", "schema"),
                *("properties", "schedule"),
            ),
        ),
        (  # the first media type is the default; another needs naming
            "PATCH /jobs/{id} body@application/json /properties/schedule",
            (
                *("paths", "/jobs/{id}", "patch", "requestBody", "content", "application/json", "schema"),
                *("properties", "schedule"),
            ),
        ),
        (
            "POST webhook:jobDone body",
            ("webhooks", "jobDone", "post", "requestBody", "content", "application/json", "schema"),
        ),
    ],
)
def test_a_site_names_one_place_and_back(site: str, parts: tuple[Any, ...]) -> None:
    assert site_parts(site, SCRAPE) == parts
    assert site_text(parts, SCRAPE) == site


@pytest.mark.parametrize("site", ["POST /jobs", "FETCH /jobs body", "POST jobs body", "POST /jobs 999", ""])
def test_a_malformed_site_is_none(site: str) -> None:
    assert site_parts(site, SCRAPE) is None


def test_a_component_is_made_once_and_referred_to_where_the_pages_agree() -> None:
    components = ComponentMap(
        (
            ("Job", ("POST /jobs body",)),
            ("Schedule", ("POST /jobs body /properties/schedule", "POST /jobs 200 /properties/schedule")),
        ),
        field_sources=False,
    )
    shaped = shape_scrape(SCRAPE, components)
    document = shaped.document
    operation = document["paths"]["/jobs"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Job"
    }
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response["properties"]["schedule"] == {"$ref": "#/components/schemas/Schedule"}
    schemas = document["components"]["schemas"]
    assert schemas["Job"]["properties"]["schedule"] == {"$ref": "#/components/schemas/Schedule"}
    assert schemas["Schedule"] == _object(start={"type": "string"}, gap={"type": "integer"})
    assert operation["x-source"] == "a.md", "provenance stays on operations"
    assert shaped.missing == ()
    assert shaped.unshared == ()
    assert (
        SCRAPE["paths"]["/jobs"]["post"]["requestBody"]["content"]["application/json"]["schema"][
            "properties"
        ]["schedule"]["properties"]["start"]["x-source"]
        == "a.md"
    ), "the scrape itself is untouched"
    # A location in a component leads back to the scraped field it came from.
    origin = site_parts("POST /jobs body /properties/schedule", SCRAPE)  # the first site gives the content
    assert origin is not None
    assert shaped.raw_parts(("components", "schemas", "Schedule", "properties", "gap")) == (
        *origin,
        *("properties", "gap"),
    )


def test_a_place_the_pages_document_differently_keeps_what_its_page_says() -> None:
    components = ComponentMap(
        (
            (
                "Schedule",
                (
                    "POST /jobs body /properties/schedule",
                    "PATCH /jobs/{id} body@application/json /properties/schedule",
                ),
            ),
        )
    )
    scrape = copy.deepcopy(SCRAPE)
    patch_body = scrape["paths"]["/jobs/{id}"]["patch"]["requestBody"]["content"]["application/json"]
    patch_body["schema"]["properties"]["schedule"] = _object(start={"type": "integer"})  # another type
    shaped = shape_scrape(scrape, components)
    patch = shaped.document["paths"]["/jobs/{id}"]["patch"]["requestBody"]["content"]["application/json"]
    assert patch["schema"]["properties"]["schedule"] == _object(start={"type": "integer"})
    assert shaped.unshared == ("Schedule: PATCH /jobs/{id} body@application/json /properties/schedule",)


def test_a_site_the_scrape_does_not_have_is_named() -> None:
    shaped = shape_scrape(
        SCRAPE, ComponentMap((("Gone", ("DELETE /jobs 204", "POST /jobs 200 /properties/nope")),))
    )
    assert shaped.missing == ("Gone: DELETE /jobs 204", "Gone: POST /jobs 200 /properties/nope")
    assert "components" not in shaped.document


def test_the_map_is_derived_from_where_the_spec_refers_to_components() -> None:
    spec = copy.deepcopy(SCRAPE)
    operation = spec["paths"]["/jobs"]["post"]
    operation["requestBody"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Job"}
    operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["schedule"] = {
        "$ref": "#/components/schemas/Schedule"
    }
    spec["components"] = {
        "schemas": {
            "Job": _object(name={"type": "string"}, schedule={"$ref": "#/components/schemas/Schedule"}),
            "Schedule": _object(start={"type": "string"}),
        }
    }
    derived = derive_components(spec, SCRAPE)
    assert dict(derived.schemas) == {
        "Job": ("POST /jobs body",),
        "Schedule": ("POST /jobs body /properties/schedule", "POST /jobs 200 /properties/schedule"),
    }
    assert derived.field_sources is False, "the spec keeps x-source on operations only"


def test_a_bad_map_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "shape.yaml").write_text(
        "field_sources: drop\nschemas:\n  Job:\n    - POST /jobs body\n    - POST /jobs\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as raised:
        load_components(tmp_path)
    text = str(raised.value.diagnostics[0].format())
    assert "shape.yaml:5" in text
    assert "'POST /jobs' is not a site" in text
    (tmp_path / "shape.yaml").write_text("field_sources: maybe\n", encoding="utf-8")
    with pytest.raises(SpecError, match="keep` or `drop"):
        load_components(tmp_path)


REVIEWED_START = "Daily start time, `HH:mm` (reviewed: 24-hour clock)."


def _componentized(root: Path) -> None:
    """The reviewer names the create body's schedule as a component and edits one of its fields."""
    path = root / "specs" / "widgets" / "openapi.yaml"
    spec = dict(load_document(path).data)
    body = _create_body(spec)
    schedule = body["properties"]["schedule"]
    schedule["properties"]["startTime"]["description"] = REVIEWED_START
    spec.setdefault("components", {}).setdefault("schemas", {})["WidgetSchedule"] = schedule
    body["properties"]["schedule"] = {"$ref": "#/components/schemas/WidgetSchedule"}
    from generator.scrape.spec_text import document_text  # noqa: PLC0415

    path.write_text(document_text(spec), encoding="utf-8")
    recorded = _scrape(root, "--update-overlay")
    assert recorded.exit_code == 0, recorded.output
    assert _scrape(root, "--check").exit_code == 0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _make_vendor(tmp_path, "widgets")
    _componentized(tmp_path)
    return tmp_path


def test_the_overlay_edits_the_component_and_does_not_replace_it(project: Path) -> None:
    shape = (project / "specs" / "widgets" / "shape.yaml").read_text(encoding="utf-8")
    assert "WidgetSchedule:\n  - POST /widgets/ body /properties/schedule" in shape
    overlay = (project / "specs" / "widgets" / "overlay.yaml").read_text(encoding="utf-8")
    assert "['schedule']" not in overlay, "no action removes or rewrites the scraped schedule"
    assert (
        "- target: $['components']['schemas']['WidgetSchedule']\n" in overlay
    ), "one action edits the component"
    assert "    properties:\n      startTime:\n        description: 'Daily start time" in overlay, "a leaf"


def test_a_page_change_inside_a_component_reaches_it(project: Path) -> None:
    _edit(project, MINTLIFY, "Minutes between retries.", "Minutes to wait between retries.")
    check = _scrape(project, "--check")
    output = _plain(check, project)
    assert check.exit_code == 1
    assert "overlay conflict" not in output, output
    assert "retryGapMin/description" in output
    written = _scrape(project)
    assert written.exit_code == 0, _plain(written, project)
    schedule = _spec(project)["components"]["schemas"]["WidgetSchedule"]
    assert schedule["properties"]["retryGapMin"]["description"] == "Minutes to wait between retries."
    assert schedule["properties"]["startTime"]["description"] == REVIEWED_START, "the reviewer's edit stays"
    assert _scrape(project, "--check").exit_code == 0


def test_a_change_under_a_leaf_edit_of_a_component_is_a_conflict_at_the_field(project: Path) -> None:
    _edit(project, MINTLIFY, "Daily start time, `HH:mm`.", "Daily start time, `HH:mm`, local time.")
    output = _plain(_scrape(project, "--check"), project)
    assert "1 overlay conflict(s)" in output, output
    assert "($['components']['schemas']['WidgetSchedule']) stale" in output
    assert "startTime/description" in output.split("overlay conflicts")[1], "the changed leaf is named"
    assert "pages/widgets/create-widget.md:" in output.split("overlay conflicts")[1], "named at its page"


def test_a_stale_map_blocks_the_update_and_says_which_site(project: Path) -> None:
    path = project / "specs" / "widgets" / "shape.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  Gone:\n  - GET /nowhere 200\n", encoding="utf-8")
    spec_before = (project / "specs" / "widgets" / "openapi.yaml").read_bytes()
    result = _scrape(project)
    output = _plain(result, project)
    assert result.exit_code == 1
    assert "shape.yaml names places the scrape no longer has" in output
    assert "Gone: GET /nowhere 200" in output
    assert (project / "specs" / "widgets" / "openapi.yaml").read_bytes() == spec_before


def test_a_shared_response_is_made_once_with_its_schema_shared_inside() -> None:
    scrape = copy.deepcopy(SCRAPE)
    error = {"description": "Bad request", **_json(_object(message={"type": "string"}))}
    scrape["paths"]["/jobs"]["post"]["responses"]["400"] = copy.deepcopy(error)
    scrape["paths"]["/jobs/{id}"]["patch"]["responses"] = {"400": copy.deepcopy(error)}
    assert response_site_parts("PATCH /jobs/{id} 400") == ("paths", "/jobs/{id}", "patch", "responses", "400")
    assert response_site_text(("paths", "/jobs/{id}", "patch", "responses", "400")) == "PATCH /jobs/{id} 400"
    components = ComponentMap(
        (("Error", ("POST /jobs 400", "PATCH /jobs/{id} 400")),),  # both schemas, then both responses
        responses=(("BadRequest", ("POST /jobs 400", "PATCH /jobs/{id} 400")),),
    )
    shaped = shape_scrape(scrape, components)
    for path, method in (("/jobs", "post"), ("/jobs/{id}", "patch")):
        response = shaped.document["paths"][path][method]["responses"]["400"]
        assert response == {"$ref": "#/components/responses/BadRequest"}
    shared = shaped.document["components"]["responses"]["BadRequest"]
    assert shared["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert shaped.raw_parts(("components", "responses", "BadRequest", "description")) == (
        *("paths", "/jobs", "post", "responses", "400", "description"),
    )
    # The map comes back from a spec shaped so.
    derived = derive_components(shaped.document, scrape)
    assert dict(derived.responses) == {"BadRequest": ("POST /jobs 400", "PATCH /jobs/{id} 400")}
    assert "POST /jobs 400" in dict(derived.schemas)["Error"]


def test_a_bad_response_site_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "shape.yaml").write_text(
        "responses:\n  BadRequest:\n    - POST /jobs body\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as raised:
        load_components(tmp_path)
    text = str(raised.value.diagnostics[0].format())
    assert "shape.yaml:3" in text
    assert "(METHOD PATH STATUS)" in text


def test_the_first_site_gives_the_content_and_a_deeper_one_that_differs_stays_inline() -> None:
    """The list page's item (deeper) documents the call differently from the get page (a description
    cut mid-word): the component is the get page's, the list item stays inline with its own nested
    components referred to (Volubile's calls)."""
    full = _object(id={"type": "string", "description": "Call id."}, state=_object(code={"type": "string"}))
    thin = _object(id={"type": "string", "description": "Call i"}, state=_object(code={"type": "string"}))
    scrape = {
        "paths": {
            "/calls": {"get": {"responses": {"200": _json(_object(items={"type": "array", "items": thin}))}}},
            "/calls/{id}": {"get": {"responses": {"200": _json(full)}}},
        }
    }
    components = ComponentMap(
        (
            ("Call", ("GET /calls/{id} 200", "GET /calls 200 /properties/items/items")),
            (
                "State",
                (
                    "GET /calls/{id} 200 /properties/state",
                    "GET /calls 200 /properties/items/items/properties/state",
                ),
            ),
        )
    )
    shaped = shape_scrape(scrape, components)
    assert shaped.document["components"]["schemas"]["Call"]["properties"]["id"]["description"] == "Call id."
    item = shaped.document["paths"]["/calls"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]["properties"]["items"]["items"]
    assert item["properties"]["state"] == {"$ref": "#/components/schemas/State"}
    assert item["properties"]["id"]["description"] == "Call i", "a capture cut mid-word says another thing"
    assert shaped.unshared == ("Call: GET /calls 200 /properties/items/items",)
    # Derived from a spec written from the get page, the map lists the get page's site first.
    spec = copy.deepcopy(shaped.document)
    spec["paths"]["/calls"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
        "items"
    ]["items"] = {"$ref": "#/components/schemas/Call"}
    first = dict(derive_components(spec, scrape).schemas)["Call"][0]
    assert first == "GET /calls/{id} 200", "the site closest to the spec's component comes first"


ENVELOPE = {"page": {"type": "integer"}, "total": {"type": "integer"}}


def _page_scrape(calls_envelope: dict[str, Any]) -> dict[str, Any]:
    def page(item: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
        return _json(
            {**_object(**envelope, data={"type": "array", "items": item}), "required": ["data", "page"]}
        )

    return {
        "paths": {
            "/calls": {"get": {"responses": {"200": page(_object(id={"type": "string"}), calls_envelope)}}},
            "/leads": {"get": {"responses": {"200": page(_object(phone={"type": "string"}), ENVELOPE)}}},
        }
    }


PAGES = ComponentMap(
    (
        ("CallPage", ("GET /calls 200",)),
        ("Call", ("GET /calls 200 /properties/data/items",)),
        ("LeadPage", ("GET /leads 200",)),
    ),
    compositions=(Composition("CallPage", "Page", ("data",)), Composition("LeadPage", "Page", ("data",))),
)


def test_a_composed_component_is_split_into_its_base_and_its_own_part() -> None:
    """A list page's envelope is the spec's shared base (``allOf``), its items the page's own: both come
    from the page, so a renamed envelope field or item field reaches the spec (Autocalls' LaravelPage)."""
    shaped = shape_scrape(_page_scrape(ENVELOPE), PAGES)
    schemas = shaped.document["components"]["schemas"]
    assert schemas["Page"] == {"type": "object", "required": ["page"], "properties": ENVELOPE}
    assert schemas["CallPage"] == {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Call"}}},
            },
        ]
    }
    assert schemas["LeadPage"]["allOf"][0] == {"$ref": "#/components/schemas/Page"}
    assert shaped.unshared == ()
    site = site_parts("GET /calls 200", _page_scrape(ENVELOPE))
    assert site is not None
    assert shaped.raw_parts(("components", "schemas", "CallPage", "allOf", 1, "properties", "data")) == (
        *site,
        *("properties", "data"),
    )
    assert shaped.raw_parts(("components", "schemas", "Page", "properties", "total")) == (
        *site,
        *("properties", "total"),
    )
    # The map comes back from the shaped spec, compositions included, and reads back from its file.
    derived = derive_components(shaped.document, _page_scrape(ENVELOPE))
    assert derived.compositions == PAGES.compositions
    assert dict(derived.schemas)["Call"] == ("GET /calls 200 /properties/data/items",)


def test_a_page_whose_envelope_differs_keeps_its_component_whole_and_says_so() -> None:
    shaped = shape_scrape(_page_scrape({**ENVELOPE, "cursor": {"type": "string"}}), PAGES)
    schemas = shaped.document["components"]["schemas"]
    assert "allOf" in schemas["CallPage"], "the first page gives the base"
    assert "allOf" not in schemas["LeadPage"]
    assert "total" in schemas["LeadPage"]["properties"]
    assert shaped.unshared == ("LeadPage: its Page part",)


def test_compositions_read_back_from_shape_yaml_and_a_bad_one_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "shape.yaml").write_text(components_text(PAGES), encoding="utf-8")
    assert load_components(tmp_path).compositions == PAGES.compositions
    (tmp_path / "shape.yaml").write_text(
        "schemas:\n  CallPage:\n  - GET /calls 200\ncompositions:\n  CallPage:\n    base: CallPage\n"
        "    own: [data]\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as raised:
        load_components(tmp_path)
    text = str(raised.value.diagnostics[0].format())
    assert "shape.yaml:5" in text
    assert "needs `base` (another component's name)" in text


def test_a_site_that_says_less_shares_the_component_and_one_that_says_more_stays_inline() -> None:
    """The update-status page shows the campaign's retry from its example only (no range, no
    description); the create page documents it: the same object, said with less (Volubile's Retry)."""
    documented = _object(max={"type": "integer", "minimum": 0, "maximum": 3, "description": "Retries."})
    example_only = _object(max={"type": "integer", "x-from-example": True})
    other = _object(max={"type": "integer", "description": "Retries, at most 5."})
    scrape = {
        "paths": {
            "/campaigns": {"post": {"requestBody": _json(_object(retry=documented))}},
            "/campaigns/{id}/status": {"post": {"responses": {"200": _json(_object(retry=example_only))}}},
            "/campaigns/{id}": {"patch": {"requestBody": _json(_object(retry=other))}},
        }
    }
    sites = (
        "POST /campaigns body /properties/retry",
        "POST /campaigns/{id}/status 200 /properties/retry",
        "PATCH /campaigns/{id} body /properties/retry",
    )
    shaped = shape_scrape(scrape, ComponentMap((("Retry", sites),)))
    status = shaped.document["paths"]["/campaigns/{id}/status"]["post"]["responses"]["200"]
    assert status["content"]["application/json"]["schema"]["properties"]["retry"] == {
        "$ref": "#/components/schemas/Retry"
    }
    assert shaped.unshared == (
        "Retry: PATCH /campaigns/{id} body /properties/retry",
    ), "it says another thing"
    # From a spec that refers to Retry everywhere, listing the create page's site last, the derived
    # map puts it first: the spec's component is that page's schema.
    spec = copy.deepcopy(shaped.document)
    spec["paths"]["/campaigns/{id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]["retry"] = {"$ref": "#/components/schemas/Retry"}
    spec["paths"] = dict(reversed(list(spec["paths"].items())))
    assert dict(derive_components(spec, scrape).schemas)["Retry"][0] == sites[0]


def _listing(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"parameters": list(parameters), "responses": {"200": {"description": "OK"}}}}


def _query(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": {"type": "integer"}}


def test_a_shared_parameter_is_made_from_the_pages_and_found_by_place_and_name() -> None:
    """Ravan's contacts and Volubile's ids: the spec refers to ``components/parameters`` where the pages
    repeat the parameter; the component is the page's, so its page changes reach it."""
    limit = _query("limit", "The maximum number of records to return.")
    scrape = {
        "paths": {
            "/contacts": _listing(_query("search", "Search."), copy.deepcopy(limit)),
            "/calls": _listing(copy.deepcopy(limit), _query("page", "Page.")),
        }
    }
    components = ComponentMap(
        parameters=(("Limit", ("GET /contacts query limit", "GET /calls query limit")),)
    )
    shaped = shape_scrape(scrape, components)
    assert shaped.document["components"]["parameters"]["Limit"] == limit
    assert shaped.document["paths"]["/contacts"]["get"]["parameters"][1] == {
        "$ref": "#/components/parameters/Limit"
    }
    assert shaped.document["paths"]["/calls"]["get"]["parameters"][0] == {
        "$ref": "#/components/parameters/Limit"
    }
    assert shaped.raw_parts(("components", "parameters", "Limit", "description")) == (
        *("paths", "/contacts", "get", "parameters", 1, "description"),
    )
    missing = shape_scrape(scrape, ComponentMap(parameters=(("Limit", ("GET /contacts query offset",)),)))
    assert missing.missing == ("parameters/Limit: GET /contacts query offset",)
    # A spec listing the parameters in another order still finds each site by place and name.
    spec = copy.deepcopy(shaped.document)
    spec["paths"]["/contacts"]["get"]["parameters"].reverse()
    assert dict(derive_components(spec, scrape).parameters) == {
        "Limit": ("GET /contacts query limit", "GET /calls query limit")
    }
    assert "parameters:\n  Limit:\n  - GET /contacts query limit\n" in components_text(components)
