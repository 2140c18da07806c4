"""``vendorgen scrape``: documentation pages to specs, for vendors or ad hoc."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from generator.cli.options import SPECS_OPTION
from generator.emit.publish import replace_file
from generator.scrape.model import ScrapeError
from generator.scrape.overlay import OverlayError, derive_overlay
from generator.scrape.run import VendorScrape, document_text, scrape_sources, scrape_vendor, updated_overlay
from generator.spec.diagnostics import SpecError, has_errors
from generator.spec.loader import display_path, load_document, load_text
from generator.spec.vendors import discover_vendors, load_vendor

__all__ = ["scrape"]


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _checked_text(document: dict[str, Any], path: Path) -> str:
    """The document as YAML, refused (exit 1, nothing written) when ``vendorgen validate`` would fail."""
    from generator.spec.validate import validate_document  # noqa: PLC0415 - heavy: the OpenAPI validator

    text = document_text(document)
    problems = validate_document(load_text(text, path))
    if has_errors(problems):
        _fail(
            "\n".join(p.format() for p in problems)
            + f"\nerror: the scraped spec does not validate; {display_path(path)} not written"
        )
    return text


@click.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR]...")
@click.option(
    "--from",
    "sources",
    multiple=True,
    metavar="PATH_OR_URL",
    help="Ad hoc: read these pages, folders or URLs (an llms.txt URL: every API-reference page it lists).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="With --from: the spec file to write."
)
@click.option("--title", help="With --from: the API title (default: from the server's host).")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when scrape + overlay differs from the committed spec.",
)
@click.option(
    "--update-overlay",
    is_flag=True,
    help="Rewrite specs/VENDOR/overlay.yaml so that scrape + overlay gives the committed (hand-edited) spec.",
)
@SPECS_OPTION
def scrape(
    vendors: tuple[str, ...],
    sources: tuple[str, ...],
    output: Path | None,
    title: str | None,
    check: bool,
    update_overlay: bool,
    specs: Path,
) -> None:
    """Scrape vendor documentation pages into OpenAPI specs.

    With VENDOR names (default: every vendor whose vendor.yaml lists `docs`), read each
    vendor's pages, apply specs/VENDOR/overlay.yaml and write specs/VENDOR/openapi.yaml.
    With --from, read the given pages and write --output, with no vendor config and no
    overlay. Pages that cannot be understood fail with file and line; nothing is written.
    """
    try:
        if sources:
            if vendors or check or update_overlay:
                raise click.UsageError("--from takes no VENDOR, --check or --update-overlay")
            if output is None:
                raise click.UsageError("--from needs --output FILE")
            _ad_hoc(list(sources), output, title)
            return
        _vendors(list(vendors), specs, check=check, update_overlay=update_overlay)
    except ScrapeError as exc:
        _fail(str(exc) + "\nnothing written")
    except OverlayError as exc:
        _fail(f"error: {exc}\nnothing written")
    except SpecError as exc:
        _fail("\n".join(d.format() for d in exc.diagnostics) + "\nnothing written")


def _ad_hoc(sources: list[str], output: Path, title: str | None) -> None:
    result = scrape_sources(sources, Path.cwd(), title=title)
    for note in result.skipped:
        click.echo(f"note: {note}", err=True)
    text = _checked_text(result.document, output)
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_file(output, text)
    count = sum(len(item) for item in result.document.get("paths", {}).values())
    click.echo(f"wrote {display_path(output)}: {count} operation(s) from {len(sources)} source(s)")


def _vendors(names: list[str], specs: Path, *, check: bool, update_overlay: bool) -> None:
    base = specs.resolve().parent
    configs = [load_vendor(specs / name) for name in (names or discover_vendors(specs))]
    configs = [config for config in configs if config.docs or names]
    if not configs:
        _fail(f"error: no vendor under {display_path(specs)} lists `docs` in its vendor.yaml")
    failed = False
    writes: list[tuple[Path, str]] = []
    for config in configs:
        if not config.docs:
            _fail(f"error: {display_path(config.folder / 'vendor.yaml')} lists no `docs` to scrape")
        result = scrape_vendor(config, base, apply=not update_overlay)
        committed = load_document(config.spec_path).data if config.spec_path.is_file() else None
        label = display_path(config.spec_path)
        if update_overlay:
            if committed is None:
                _fail(f"error: {label} does not exist; scrape it first")
            text, actions = updated_overlay(result, committed)
            writes.append((result.overlay_path, text))
            click.echo(f"{display_path(result.overlay_path)}: {len(actions)} action(s)")
            continue
        if committed == result.result:
            click.echo(f"{label}: up to date (scrape + {len(result.overlay.actions)} overlay action(s))")
            continue
        if check:
            failed = True
            _report_difference(label, result, committed)
            continue
        writes.append((config.spec_path, _checked_text(result.result, config.spec_path)))
        click.echo(
            f"{label}: rewritten from {len(config.docs)} source(s) "
            f"and {len(result.overlay.actions)} overlay action(s)"
        )
    for path, text in writes:
        replace_file(path, text)
    if failed:
        sys.exit(1)


def _report_difference(label: str, result: VendorScrape, committed: Any) -> None:
    from generator.review.diff import diff_specs  # noqa: PLC0415 - heavy: normalisation and rules

    click.echo(f"{label}: scrape + overlay differs from the committed spec")
    if committed is None:
        click.echo("  the committed spec does not exist")
        return
    for change in diff_specs(committed, result.result):
        click.echo(
            f"  {change.severity}: {change.operation} {change.location}: {change.message} [{change.rule}]"
        )
    for action in derive_overlay(committed, result.result):
        what = "lacks it" if action.remove else "differs in " + ", ".join(f"`{key}`" for key in action.update)
        click.echo(f"  {action.target}: scrape + overlay {what}")
