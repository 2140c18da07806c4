"""Scrape runs: pages to a document, a vendor's pages plus its overlay to its spec.

Nothing here writes a file: the command decides what to write once every
check passed, so a failed scrape leaves ``specs/`` as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.scrape.assemble import ScrapeResult, assemble
from generator.scrape.overlay import (
    Action,
    Overlay,
    apply_overlay,
    derive_overlay,
    overlay_text,
    parse_overlay,
)
from generator.scrape.pages import Fetch, fetch_url, read_sources
from generator.spec.loader import load_document
from generator.spec.vendors import VendorConfig

__all__ = [
    "OVERLAY_FILE",
    "VendorScrape",
    "document_text",
    "scrape_sources",
    "scrape_vendor",
    "updated_overlay",
]

OVERLAY_FILE = "overlay.yaml"


def scrape_sources(
    sources: list[str], base: Path, *, title: str | None = None, fetch: Fetch = fetch_url
) -> ScrapeResult:
    """Pages (files, folders, URLs relative to ``base``) to one OpenAPI document."""
    return assemble(read_sources(sources, base, fetch), title=title)


def document_text(document: dict[str, Any]) -> str:
    """A spec as YAML in document order: the same document always gives the same bytes."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class VendorScrape:
    """A vendor's scraped document, its overlay and the result of applying it."""

    config: VendorConfig
    scraped: ScrapeResult
    overlay: Overlay
    result: dict[str, Any]

    @property
    def overlay_path(self) -> Path:
        """Where the vendor's overlay lives."""
        return self.config.folder / OVERLAY_FILE


def load_vendor_overlay(config: VendorConfig) -> Overlay:
    """The vendor's overlay, or an empty one when it has none."""
    path = config.folder / OVERLAY_FILE
    if not path.is_file():
        return Overlay(f"{config.display_name} corrections", "1", (), str(path))
    return parse_overlay(load_document(path).data, str(path))


def scrape_vendor(
    config: VendorConfig, base: Path, *, fetch: Fetch = fetch_url, apply: bool = True
) -> VendorScrape:
    """Scrape the vendor's configured pages and apply its overlay (``apply=False``: only read it)."""
    scraped = scrape_sources(list(config.docs), base, title=config.display_name, fetch=fetch)
    overlay = load_vendor_overlay(config)
    result = apply_overlay(scraped.document, overlay) if apply else scraped.document
    return VendorScrape(config, scraped, overlay, result)


def updated_overlay(scrape: VendorScrape, spec: dict[str, Any]) -> tuple[str, list[Action]]:
    """The overlay turning the scrape into ``spec``, keeping the reasons of actions on the same targets."""
    reasons = {action.target: action.description for action in scrape.overlay.actions}
    actions = derive_overlay(scrape.scraped.document, spec, reasons)
    header = (
        f"# What the documentation pages of {scrape.config.display_name} do not say or get wrong.\n"
        "# Applied by `vendorgen scrape` after the pages are merged; every action says why.\n"
    )
    return overlay_text(scrape.overlay.title, scrape.overlay.version, actions, header), actions
