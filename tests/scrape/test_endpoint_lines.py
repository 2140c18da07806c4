"""Pages that name their endpoints in lines of text (#17): one operation per endpoint, with its fields.

Fixtures of invented vendors: tests/fixtures/scrape/endpoints (the shapes the rules were written
from: an overview page with base URLs, prose auth, an endpoint table and numbered sections; an
``Endpoint`` label line; ``URL:`` and ``Method:`` bullets) and tests/fixtures/scrape/holdout
(written before the rules and not used to write them: ``**Endpoint:** `POST /x```, ``Request:``
then a bare line, ``* URL:`` / ``* Method:`` with backticks, a ``Base URL:`` line, a header in prose).
Bullet field lists (``* **name** (type, required): text``) were written from
tests/fixtures/scrape/bullets; tests/fixtures/scrape/holdout2 (backticked names, ``—`` and ``:``
separators, ``API base URL:``) was written before them.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from generator.scrape.endpoint_lines import endpoint_sections, read_base_urls
from generator.scrape.model import PageDoc
from generator.scrape.pages import Page
from generator.scrape.run import scrape_sources
from tests.support.project import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from scrape_score import main as score_main

ENDPOINTS = FIXTURES / "scrape" / "endpoints"
BULLETS = FIXTURES / "scrape" / "bullets"
HOLDOUT = FIXTURES / "scrape" / "holdout"
HOLDOUT2 = FIXTURES / "scrape" / "holdout2"


def _document(folder: Any) -> dict[str, Any]:
    return scrape_sources([str(folder)], FIXTURES).document


@pytest.mark.parametrize(
    "folder", [ENDPOINTS, BULLETS, HOLDOUT, HOLDOUT2], ids=["rules", "bullet-rules", "held-out", "held-out-2"]
)
def test_every_operation_and_field_is_found_and_nothing_invented(
    folder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert score_main(["--pages", str(folder), "--labels", str(folder / "labels.yaml")]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "(100%)  fields" in line, line
    assert "fields" in line
    assert line.endswith("types 100.0%  required 100.0%  invented 0"), line
    assert line.count("(100%)") == 2, line


def test_each_numbered_section_is_its_own_operation_titled_by_its_heading() -> None:
    paths = _document(ENDPOINTS)["paths"]
    assert paths["/records"]["post"]["summary"] == "Push Records"
    assert paths["/records"]["get"]["summary"] == "List Records"
    assert paths["/records/{record_id}"]["get"]["summary"] == "Get a Record"
    summaries = [op.get("summary") for item in paths.values() for op in item.values()]
    assert "Leadflow Records API" not in summaries, "the overview before the sections documents no endpoint"
    assert "parameters" not in paths["/records"]["post"], "a section's fields stay in its section"


def test_base_urls_and_auth_come_from_prose() -> None:
    document = _document(ENDPOINTS)
    assert [server["url"] for server in document["servers"]] == [
        "https://api.leadflow.example/v2",
        "https://sandbox.leadflow.example/v2",
    ]
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["ApiKeyAuth"]["name"] == "X-API-Key"
    held_out = _document(HOLDOUT)
    assert held_out["servers"] == [{"url": "https://api.ringo.example"}]
    assert held_out["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "X-Ringo-Token"


def _page(text: str) -> Page:
    return Page("page.md", "page.md", text.split("\n"), 1)


def test_production_comes_first_whatever_the_list_order() -> None:
    doc = PageDoc(file="page.md", source="page.md")
    read_base_urls(
        _page("## Base URLs\n\n- Sandbox: https://sandbox.x.example\n- Production: https://api.x.example\n"),
        doc,
    )
    assert doc.servers == ["https://api.x.example", "https://sandbox.x.example"]


@pytest.mark.parametrize(
    "text",
    [
        "```\nPOST /v1/calls\nGET /v1/calls\n```",  # a code block
        "| POST | /v1/calls |\n| GET | /v1/calls |",  # a table
        "- GET /v1/calls\n- POST /v1/calls",  # a bullet list of endpoints, not sections
        "Use post /v1/calls to start one.",  # prose
    ],
    ids=["fence", "table", "bullets", "prose"],
)
def test_lines_that_only_mention_endpoints_cut_nothing(text: str) -> None:
    assert endpoint_sections(_page(text)) == [(_page(text), None)]


def test_one_endpoint_line_is_the_page_endpoint_and_cuts_nothing() -> None:
    sections = endpoint_sections(_page("# Create\n\nEndpoint\nPOST /user/campaign\n\nText."))
    assert len(sections) == 1
    endpoint = sections[0][1]
    assert endpoint is not None
    assert (endpoint.method, endpoint.path, endpoint.line) == ("POST", "/user/campaign", 4)


def test_a_full_url_gives_the_server_and_the_path() -> None:
    [(_, endpoint)] = endpoint_sections(_page("GET https://api.x.example/v1/jobs/{id}"))
    assert endpoint is not None
    assert (endpoint.server, endpoint.path) == ("https://api.x.example", "/v1/jobs/{id}")


def test_prose_bullets_with_parentheses_are_not_fields() -> None:
    body = _document(BULLETS)["paths"]["/reminders"]["post"]["requestBody"]["content"]["application/json"]
    names = set(body["schema"]["properties"])
    assert names == {"message", "at", "channel", "retry", "recipients"}, "'Follow-ups (recommended)' is prose"
    assert body["schema"]["properties"]["retry"]["properties"]["count"]["maximum"] == 3


def test_a_page_with_its_own_endpoint_only_mentions_the_others(tmp_path: Any) -> None:
    """A reference page (breadcrumb, curl, fields) whose prose names the next calls on lines of
    their own: its fields stay its own; the others are listed endpoints (incomplete, no fields)."""
    page = (
        "source: https://docs.x.example/api/batches/create\n\nPOST\n/\nv1\n/\nbatches\nCreate a batch\n"
        "curl --request POST \\\n  --url https://api.x.example/v1/batches \\\n"
        "  --header 'X-Api-Key: <api-key>'\n\nThen add calls to it:\n\nPOST /v1/batches/{id}/calls\n\n"
        "and start it:\n\nPOST /v1/batches/{id}/start\n\nBody\n\nname\nstring\nrequired\nBatch name.\n"
    )
    (tmp_path / "create.rendered.md").write_text(page, encoding="utf-8")
    paths = scrape_sources([str(tmp_path)], tmp_path).document["paths"]
    create = paths["/v1/batches"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["required"] == ["name"]
    for mentioned in ("/v1/batches/{id}/calls", "/v1/batches/{id}/start"):
        operation = paths[mentioned]["post"]
        assert operation["x-docs-incomplete"] is True
        assert "requestBody" not in operation, "the page's fields are not theirs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Get a widget\n\n```\nGET /v1/widgets/{widget_id}\n```\n", ("GET", "/v1/widgets/{widget_id}")),
        (
            "```http\nPATCH /v1/widgets/{id} HTTP/1.1\nHost: api.x.example\n\n{}\n```",
            ("PATCH", "/v1/widgets/{id}"),
        ),
        ("```bash\nGET /v1/widgets\n```", None),  # a line of code in a shell block
        ("```\nGET /v1/widgets\nPOST /v1/widgets\n```", None),  # a list of endpoints
        ("```\nHost: x\nGET /v1/widgets\n```", None),  # not the fence's request line
    ],
    ids=["plain", "http-with-headers", "bash", "several", "not-first"],
)
def test_a_fence_opening_with_a_request_line_names_the_endpoint(
    text: str, expected: tuple[str, str] | None
) -> None:
    [(_, endpoint)] = endpoint_sections(_page(text))
    assert (endpoint and (endpoint.method, endpoint.path)) == expected


def test_a_curl_urls_query_string_is_parameters_never_part_of_the_path(tmp_path: Any) -> None:
    page = (
        "source: https://docs.x.example/api/widgets/search\n\n# Search widgets\n\n"
        "```bash\ncurl --request GET \\\n"
        "  --url 'https://api.x.example/v1/widgets/search?q=lamp&limit=25&archived=false&color=' \\\n"
        "  --header 'X-Api-Key: <api-key>'\n```\n\n### Query Parameters\n\n"
        '<ParamField query="limit" type="string">\n  Widgets per page, as text.\n</ParamField>\n'
    )
    (tmp_path / "search.md").write_text(page, encoding="utf-8")
    document = scrape_sources([str(tmp_path)], tmp_path).document
    assert list(document["paths"]) == ["/v1/widgets/search"]
    parameters = {p["name"]: p for p in document["paths"]["/v1/widgets/search"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["type"] == "string", "the documented type outranks the example's"
    assert "x-from-example" not in parameters["limit"]
    for name, kind in (("q", "string"), ("archived", "boolean"), ("color", "string")):
        assert parameters[name]["in"] == "query"
        assert parameters[name]["schema"]["type"] == kind, name
        assert parameters[name]["x-from-example"] is True
        assert parameters[name]["required"] is False
