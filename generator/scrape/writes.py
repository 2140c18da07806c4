"""The files a vendor update writes, as text, checked before anything touches the disk.

An update writes up to three files of ``specs/<vendor>/``: ``scraped.yaml`` (the fresh raw
scrape, the base of the next update), ``overlay.yaml`` (when decisions re-pinned or trimmed
actions) and ``openapi.yaml`` (edited in place: only what changed). The spec must pass
``vendorgen validate`` first; a failing one is returned as diagnostics and nothing of that
vendor is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.scrape.apply import pin_actions
from generator.scrape.assemble import ScrapeResult
from generator.scrape.overlay import Action, derive_overlay, overlay_text
from generator.scrape.page_lock import LOCK_FILE, lock_data, lock_text
from generator.scrape.shape import SHAPE_FILE, components_text, derive_components, shape_scrape
from generator.scrape.spec_text import document_text, edited_text
from generator.scrape.update import OVERLAY_FILE, SCRAPED_FILE, VendorUpdate, load_vendor_overlay
from generator.spec.diagnostics import Diagnostic, has_errors
from generator.spec.loader import load_document, load_text
from generator.spec.vendors import VendorConfig

__all__ = ["overlay_header", "recorded_overlay", "spec_problems", "update_files"]


def overlay_header(config: VendorConfig) -> str:
    """The comment that opens every vendor overlay."""
    return (
        f"# What the documentation pages of {config.display_name} do not say or get wrong.\n"
        "# Applied by `vendorgen scrape` to scraped.yaml; every action says why and pins (x-pin)\n"
        "# the scraped values it overwrites, so a change to them is a reported conflict.\n"
    )


def spec_problems(document: dict[str, Any], path: Path) -> list[Diagnostic]:
    """What ``vendorgen validate`` says of a spec about to be written (errors and warnings)."""
    from generator.spec.validate import validate_document  # noqa: PLC0415 - heavy: the OpenAPI validator

    return validate_document(load_text(document_text(document), path))


def _spec_text(config: VendorConfig, spec: dict[str, Any]) -> str:
    if config.spec_path.is_file():
        text, _ = edited_text(config.spec_path.read_text(encoding="utf-8"), spec)
        return text
    return document_text(spec)


def update_files(update: VendorUpdate) -> tuple[dict[Path, str], list[Diagnostic]]:
    """The files the update writes (only those whose content changes), or why it cannot."""
    config = update.config
    if update.committed_spec != update.spec:  # an unchanged spec passed validate when it was committed
        problems = spec_problems(update.spec, config.spec_path)
        if has_errors(problems):
            return {}, problems
    files: dict[Path, str] = {}
    if update.committed_lock != update.lock:
        files[config.folder / LOCK_FILE] = lock_text(update.lock)
    if update.committed_scrape != update.scrape.document:
        files[config.folder / SCRAPED_FILE] = document_text(update.scrape.document)
    if update.overlay_changed:
        overlay = update.overlay
        files[config.folder / OVERLAY_FILE] = overlay_text(
            overlay.title, overlay.version, list(update.actions), overlay_header(config)
        )
    if update.committed_spec != update.spec:
        files[config.spec_path] = _spec_text(config, update.spec)
    return files, []


def recorded_overlay(config: VendorConfig, fresh: ScrapeResult) -> tuple[dict[Path, str], list[Action]]:
    """The naming map and the overlay turning the committed scrape into the committed spec, pinned.

    The base is the committed ``scraped.yaml``, not the fresh scrape: page changes are the
    update's business, not the overlay's. A vendor without a committed scrape gets the fresh
    one written as its base. The naming map (``shape.yaml``) is derived from where the
    spec refers to components, so the overlay corrects the components' leaves instead of
    replacing scraped schemas; reasons of actions on unchanged targets are kept.
    """
    scraped_path = config.folder / SCRAPED_FILE
    files: dict[Path, str] = {}
    if scraped_path.is_file():
        scraped = dict(load_document(scraped_path).data)
    else:
        scraped = fresh.document
        files[scraped_path] = document_text(scraped)
        files[config.folder / LOCK_FILE] = lock_text(lock_data(fresh.pages))
    spec = dict(load_document(config.spec_path).data)
    components = derive_components(spec, scraped)
    files[config.folder / SHAPE_FILE] = components_text(components)
    shaped = shape_scrape(scraped, components).document
    overlay = load_vendor_overlay(config)
    reasons = {action.target: action.description for action in overlay.actions}
    actions = pin_actions(shaped, derive_overlay(shaped, spec, reasons))
    text = overlay_text(overlay.title, overlay.version, actions, overlay_header(config))
    files[config.folder / OVERLAY_FILE] = text
    return files, actions
