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
