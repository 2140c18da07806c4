"""Scrape runs: pages to one raw document, for a vendor or any list of sources.

Nothing here writes a file: the command decides what to write once every
check passed, so a failed scrape leaves ``specs/`` as it was.
"""

from __future__ import annotations

from pathlib import Path

from generator.scrape.assemble import ScrapeResult, assemble
from generator.scrape.pages import Fetch, fetch_url, read_sources
from generator.spec.vendors import VendorConfig

__all__ = ["scrape_sources", "scrape_vendor"]


def scrape_sources(
    sources: list[str], base: Path, *, title: str | None = None, fetch: Fetch = fetch_url
) -> ScrapeResult:
    """Pages (files, folders, URLs relative to ``base``) to one OpenAPI document."""
    return assemble(read_sources(sources, base, fetch), title=title)


def scrape_vendor(config: VendorConfig, base: Path, *, fetch: Fetch = fetch_url) -> ScrapeResult:
    """The vendor's configured pages as one raw document, before its overlay."""
    return scrape_sources(list(config.docs), base, title=config.display_name, fetch=fetch)
