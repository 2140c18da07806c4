"""generated/field-mapping.html in headless Chromium: loads cleanly, filters, and leaves a screenshot.

Chromium is Debian's package (``make test`` installs it), driven by
Playwright; the page is served from 127.0.0.1 so it is loaded the way a
reviewer's browser would load it from a CI artifact server.
"""

from __future__ import annotations

import functools
import http.server
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.support.project import GENERATED, ROOT
from tests.support.serving import serving

CHROMIUM = Path(os.environ.get("VENDORGEN_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = ROOT / "build" / "screenshots" / "field-mapping.png"
# Flags for a machine without network or display (see the workplace's notes on Chromium).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(GENERATED))
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/field-mapping.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make test` (it installs Debian's chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    opened = context.new_page()
    problems: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    opened.on("console", note)
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    opened.goto(page_url, wait_until="load")
    yield opened, problems
    context.close()


def visible_concepts(page: Page) -> list[str]:
    rows = page.locator("#mapping tbody tr:not(.hidden)")
    return [rows.nth(i).get_attribute("data-concept") or "" for i in range(rows.count())]


def test_the_page_loads_without_console_errors_and_shows_every_concept(page: tuple[Page, list[str]]) -> None:
    opened, problems = page
    total = opened.locator("#mapping tbody tr").count()
    assert total >= 25
    assert len(visible_concepts(opened)) == total
    assert opened.locator("#shown").inner_text() == f"{total} of {total} concepts shown"
    assert opened.locator("td.supported").count() > 0
    assert opened.locator("td.unsupported").count() > 0
    supported = opened.locator("td.supported").first.evaluate("e => getComputedStyle(e).backgroundColor")
    unsupported = opened.locator("td.unsupported").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert supported != unsupported  # coverage is coloured
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    assert problems == []


def test_the_filter_box_narrows_the_table(page: tuple[Page, list[str]]) -> None:
    opened, problems = page
    opened.fill("#filter", "retryGapMin")
    assert visible_concepts(opened) == ["retry_delay"]
    opened.fill("#filter", "hours retry.delay")  # every word must match
    assert visible_concepts(opened) == ["retry_delay"]
    opened.fill("#filter", "no such thing anywhere")
    assert visible_concepts(opened) == []
    assert opened.locator("#shown").inner_text().startswith("0 of ")
    opened.fill("#filter", "")
    assert len(visible_concepts(opened)) == opened.locator("#mapping tbody tr").count()
    assert problems == []
