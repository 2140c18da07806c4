"""Which path a rendered page documents when its breadcrumb and its curl example differ."""

from __future__ import annotations

from pathlib import Path

from generator.scrape.run import scrape_sources

_PAGE = """source: https://docs.dialhub.example/api-reference/numbers/buy

POST
/
v1
/
numbers
/
buy
Buy a number
curl --request POST \\
  --url https://api.dialhub.example{url} \\
  --header 'X-Api-Key: <api-key>'
"""


def _paths(tmp_path: Path, url: str) -> list[str]:
    page = tmp_path / "buy-number.rendered.md"
    page.write_text(_PAGE.format(url=url), encoding="utf-8")
    return sorted(scrape_sources([str(page)], tmp_path).document["paths"])


def test_the_trailing_slash_the_curl_sends_is_kept(tmp_path: Path) -> None:
    # a breadcrumb is segments between "/" lines: it cannot show a trailing slash; the curl can
    assert _paths(tmp_path, "/v1/numbers/buy/") == ["/v1/numbers/buy/"]


def test_any_other_difference_leaves_the_breadcrumb_in_charge(tmp_path: Path) -> None:
    assert _paths(tmp_path, "/v1/numbers/purchase/") == ["/v1/numbers/buy"]
    assert _paths(tmp_path, "/v1/numbers/buy") == ["/v1/numbers/buy"]


def test_a_shell_comment_does_not_make_a_rendered_page_markdown(tmp_path: Path) -> None:
    # found on CallKaro's campaign-v2 page: "# Call 1 - Agent A" in a curl snippet hid its endpoint
    page = tmp_path / "create-job.rendered.md"
    page.write_text(
        _PAGE.format(url="/v1/numbers/buy") + "\nAdd calls:\n# Call 1 - Agent A\ncurl -X POST https://x/y\n",
        encoding="utf-8",
    )
    assert sorted(scrape_sources([str(page)], tmp_path).document["paths"]) == ["/v1/numbers/buy"]


_OVERVIEW = """source: https://docs.dialhub.example/api-reference/authentication

Scopes
| Method | Route | Scope |
|---|
| POST | /v1/numbers/buy | numbers:write |
| GET | /v1/numbers/id | numbers:read |
| GET | /v1/numbers/id/usage | numbers:read |
| DELETE | /v1/numbers/{number_id} | numbers:write |
| Some | prose row | x |
"""

_GET_NUMBER = (
    _PAGE.format(url="/v1/numbers/{id}")
    .replace("POST\n", "GET\n", 1)
    .replace("buy\nBuy a number", "{id}\nGet a number", 1)
    .replace("--request POST", "--request GET")
)


def test_an_overview_table_adds_the_endpoints_no_page_documents(tmp_path: Path) -> None:
    (tmp_path / "a-buy.rendered.md").write_text(_PAGE.format(url="/v1/numbers/buy"), encoding="utf-8")
    (tmp_path / "b-get.rendered.md").write_text(_GET_NUMBER, encoding="utf-8")
    (tmp_path / "c-authentication.rendered.md").write_text(_OVERVIEW, encoding="utf-8")
    paths = scrape_sources([str(tmp_path)], tmp_path).document["paths"]
    assert sorted(paths) == [
        "/v1/numbers/buy",
        "/v1/numbers/{id}",  # "/v1/numbers/id" in the table: the documented page's parameter
        "/v1/numbers/{id}/usage",
        "/v1/numbers/{number_id}",
    ]
    assert paths["/v1/numbers/buy"]["post"]["x-source"].endswith("/numbers/buy")  # the page, not the table
    usage = paths["/v1/numbers/{id}/usage"]["get"]
    assert usage["x-docs-incomplete"] is True
    assert usage["x-source"].endswith("/authentication")
    assert [(p["name"], p["in"], p["required"]) for p in usage["parameters"]] == [("id", "path", True)]


def test_endpoints_named_on_lines_of_their_own_become_operations(tmp_path: Path) -> None:
    page = tmp_path / "keys.rendered.md"
    page.write_text(
        _PAGE.format(url="/v1/numbers/buy")
        + "\nManaging keys\n\n  • GET /v1/keys - List all keys\n  • DELETE /v1/keys/ - Delete a key\n"
        + "Send GET /v1/other in a sentence: not a listing.\n",
        encoding="utf-8",
    )
    paths = scrape_sources([str(page)], tmp_path).document["paths"]
    assert sorted(paths) == ["/v1/keys", "/v1/keys/", "/v1/numbers/buy"]
    assert paths["/v1/keys"]["get"]["summary"] == "List all keys"
    assert paths["/v1/keys/"]["delete"]["x-docs-incomplete"] is True
