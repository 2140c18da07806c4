"""Scrape runs: pages to one raw document, for a vendor or any list of sources.

Nothing here writes a file: the command decides what to write once every
check passed, so a failed scrape leaves ``specs/`` as it was.
"""

from __future__ import annotations

from pathlib import Path

from generator.scrape.assemble import ScrapeResult, assemble
from generator.scrape.model import ScrapeError
from generator.scrape.name_book import NameBook
from generator.scrape.pages import Fetch, fetch_url, read_sources
from generator.scrape.update import SCRAPED_FILE
from generator.spec.loader import load_document, load_text
from generator.spec.locate import locate
from generator.spec.vendors import VENDOR_FILE, VendorConfig

__all__ = ["name_book", "scrape_sources", "scrape_vendor"]


def scrape_sources(
    sources: list[str],
    base: Path,
    *,
    title: str | None = None,
    fetch: Fetch = fetch_url,
    names: NameBook | None = None,
    events: dict[str, str] | None = None,
) -> ScrapeResult:
    """Pages (files, folders, URLs relative to ``base``) to one OpenAPI document.

    ``names``: documents to look up field names a capture lost (see :mod:`.name_book`);
    ``events``: the event names of webhook pages that name none (``webhook_events``).
    """
    return assemble(read_sources(sources, base, fetch), title=title, names=names, events=events)


def name_book(sources: list[str], base: Path, *, fetch: Fetch = fetch_url) -> NameBook:
    """A book of the field names ``sources`` document, each source named as given.

    OpenAPI files (a previous scrape, another vendor's spec) are read as they are; anything else
    is scraped as pages.
    """
    book = NameBook()
    for source in sources:
        path = base / source
        if path.is_file() and path.suffix in (".yaml", ".yml", ".json"):
            document = load_text(path.read_text(encoding="utf-8"), path).data
            if isinstance(document, dict) and "openapi" in document:
                book.add_document(document, source)
                continue
        book.add_document(scrape_sources([source], base, fetch=fetch).document, source)
    return book


def scrape_vendor(config: VendorConfig, base: Path, *, fetch: Fetch = fetch_url) -> ScrapeResult:
    """The vendor's configured pages as one raw document, before its overlay.

    Field names a capture lost are looked up in the previous scrape (``scraped.yaml``), then in
    the vendor's ``names_from`` sources; a field named so says where (``x-name-from``).
    """
    previous = config.folder / SCRAPED_FILE
    sources = [*((_relative(previous, base),) if previous.is_file() else ()), *config.names_from]
    names = name_book(sources, base, fetch=fetch) if sources else None
    events = dict(config.webhook_events)
    result = scrape_sources(
        list(config.docs), base, title=config.display_name, fetch=fetch, names=names, events=events
    )
    stale = sorted(set(events) - result.named_events)
    if stale:
        path = config.folder / VENDOR_FILE
        line, _ = locate(load_document(path).node, ("webhook_events", stale[0]))
        raise ScrapeError(
            str(path),
            line,
            f"webhook_events: {', '.join(map(repr, stale))} name(s) no webhook page of the docs"
            " (no page without an endpoint has that address or file name)",
        )
    return result


def _relative(path: Path, base: Path) -> str:
    """``path`` as written relative to ``base`` where it is under it (names stay machine-independent)."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
