"""``vendorgen scrape``: documentation pages to specs, for vendors (a three-way update) or ad hoc."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from generator.cli.options import SPECS_OPTION
from generator.emit.publish import replace_file
from generator.spec.diagnostics import SpecError, has_errors
from generator.spec.loader import display_path
from generator.spec.vendors import VendorConfig, discover_vendors, load_vendor

if TYPE_CHECKING:
    from generator.scrape.update import Decisions

__all__ = ["scrape"]


def _scrape_errors() -> tuple[type[Exception], ...]:
    """The scraper's own errors, imported when one is raised.

    The scraper's modules (ruamel.yaml, JSONPath) cost 0.17 s to import, and `vendorgen generate
    --check`, which loads this module with the CLI, has 0.3 s in all.
    """
    from generator.scrape.model import ScrapeError  # noqa: PLC0415
    from generator.scrape.overlay import OverlayError  # noqa: PLC0415

    return ScrapeError, OverlayError


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _decisions(refs: tuple[str, ...], option: str, vendors: list[str]) -> dict[str, tuple[bool, set[int]]]:
    """``VENDOR`` (every conflict of the vendor) or ``VENDOR:N[,N...]`` (those actions), per vendor."""
    chosen: dict[str, tuple[bool, set[int]]] = {}
    for ref in refs:
        vendor, _, numbers = ref.partition(":")
        if vendor not in vendors:
            raise click.BadParameter(f"{ref!r}: no vendor {vendor!r} in this run", param_hint=option)
        every, indexes = chosen.get(vendor, (False, set()))
        if not numbers:
            chosen[vendor] = (True, indexes)
            continue
        try:
            indexes |= {int(number) for number in numbers.split(",")}
        except ValueError:
            raise click.BadParameter(
                f"{ref!r}: expected VENDOR or VENDOR:N[,N...]", param_hint=option
            ) from None
        chosen[vendor] = (every, indexes)
    return chosen


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
    "--names-from",
    "name_sources",
    multiple=True,
    metavar="PATH_OR_URL",
    help="With --from: pages or an OpenAPI file to look up field names the pages lost (the vendor a "
    "white-label copy copies; a previous scrape). A field named so says where: x-name-from. Vendors "
    "list them as `names_from` in vendor.yaml; their previous scrape is always looked up.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; report what the pages changed, every overlay conflict and unrecorded spec edit; "
    "exit 1 when there is any.",
)
@click.option(
    "--update-overlay",
    is_flag=True,
    help="Rewrite specs/VENDOR/overlay.yaml so that the committed scrape + overlay gives the committed "
    "(hand-edited) spec.",
)
@click.option(
    "--accept",
    "accepts",
    multiple=True,
    metavar="VENDOR[:N,...]",
    help="Resolve conflicts by taking the pages' value: the overwritten keys leave action N (or the action "
    "goes). VENDOR alone: every conflict of the vendor.",
)
@click.option(
    "--keep-overlay",
    "keeps",
    multiple=True,
    metavar="VENDOR[:N,...]",
    help="Resolve conflicts by keeping the overlay's value: action N is pinned to the pages as they are now.",
)
@click.option(
    "--stats", is_flag=True, help="Print each vendor's overlay size against its spec's; write nothing."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="How reports are printed (markdown: a pull-request comment).",
)
@SPECS_OPTION
def scrape(
    vendors: tuple[str, ...],
    sources: tuple[str, ...],
    output: Path | None,
    title: str | None,
    name_sources: tuple[str, ...],
    check: bool,
    update_overlay: bool,
    accepts: tuple[str, ...],
    keeps: tuple[str, ...],
    stats: bool,
    output_format: str,
    specs: Path,
) -> None:
    """Scrape vendor documentation pages into OpenAPI specs.

    With VENDOR names (default: every vendor whose vendor.yaml lists `docs`), scrape each
    vendor's pages afresh, compare them with the committed raw scrape (specs/VENDOR/scraped.yaml)
    and apply the overlay to the fresh scrape: what the pages changed reaches openapi.yaml,
    edited in place. An overlay action whose pinned values the pages changed, or whose target
    they removed, is a conflict: nothing is written for that vendor until --accept or
    --keep-overlay decides it. With --from, read the given pages and write --output, with no
    vendor config and no overlay. Pages that cannot be understood fail with file and line.
    """
    try:
        if sources:
            if vendors or check or update_overlay or accepts or keeps or stats:
                raise click.UsageError(
                    "--from takes no VENDOR, --check, --update-overlay, --accept, --keep-overlay or --stats"
                )
            if output is None:
                raise click.UsageError("--from needs --output FILE")
            _ad_hoc(list(sources), output, title, list(name_sources))
            return
        if name_sources:
            raise click.UsageError(
                "--names-from goes with --from; a vendor lists `names_from` in vendor.yaml"
            )
        configs = _configs(list(vendors), specs)
        if update_overlay:
            if check or accepts or keeps or stats:
                raise click.UsageError(
                    "--update-overlay takes no --check, --accept, --keep-overlay or --stats"
                )
            _record_overlays(configs, specs)
            return
        names = [config.name for config in configs]
        decisions = _decision_table(accepts, keeps, names)
        _update(
            configs,
            specs,
            check=check or stats,
            stats_only=stats,
            markdown=output_format == "markdown",
            decisions=decisions,
        )
    except _scrape_errors() as exc:
        _fail(f"{exc}\nnothing written")
    except SpecError as exc:
        _fail("\n".join(d.format() for d in exc.diagnostics) + "\nnothing written")


def _decision_table(
    accepts: tuple[str, ...], keeps: tuple[str, ...], names: list[str]
) -> dict[str, Decisions]:
    from generator.scrape.update import Decisions  # noqa: PLC0415 - the update pulls in the diff rules

    accepted = _decisions(accepts, "--accept", names)
    kept = _decisions(keeps, "--keep-overlay", names)
    table = {}
    for name in names:
        accept_all, accept = accepted.get(name, (False, set()))
        keep_all, keep = kept.get(name, (False, set()))
        if (accept_all and (keep_all or keep)) or (keep_all and accept) or (accept & keep):
            raise click.BadParameter(
                f"{name}: an action cannot be both accepted and kept", param_hint="--accept"
            )
        table[name] = Decisions(frozenset(keep), frozenset(accept), keep_all, accept_all)
    return table


def _configs(names: list[str], specs: Path) -> list[VendorConfig]:
    configs = [load_vendor(specs / name) for name in (names or discover_vendors(specs))]
    configs = [config for config in configs if config.docs or names]
    if not configs:
        _fail(f"error: no vendor under {display_path(specs)} lists `docs` in its vendor.yaml")
    for config in configs:
        if not config.docs:
            _fail(f"error: {display_path(config.folder / 'vendor.yaml')} lists no `docs` to scrape")
    return configs


def _ad_hoc(sources: list[str], output: Path, title: str | None, name_sources: list[str]) -> None:
    from generator.scrape.run import name_book, scrape_sources  # noqa: PLC0415 - only when scraping
    from generator.scrape.spec_text import document_text  # noqa: PLC0415
    from generator.scrape.writes import spec_problems  # noqa: PLC0415

    names = name_book(name_sources, Path.cwd()) if name_sources else None
    result = scrape_sources(sources, Path.cwd(), title=title, names=names)
    for note in result.skipped:
        click.echo(f"note: {note}", err=True)
    problems = spec_problems(result.document, output)
    if has_errors(problems):
        _fail(
            "\n".join(p.format() for p in problems)
            + f"\nerror: the scraped spec does not validate; {display_path(output)} not written"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_file(output, document_text(result.document))
    count = sum(len(item) for item in result.document.get("paths", {}).values())
    click.echo(f"wrote {display_path(output)}: {count} operation(s) from {len(sources)} source(s)")


def _record_overlays(configs: list[VendorConfig], specs: Path) -> None:
    from generator.scrape.run import scrape_vendor  # noqa: PLC0415 - the scraper, only when scraping
    from generator.scrape.writes import recorded_overlay  # noqa: PLC0415

    writes: dict[Path, str] = {}
    for config in configs:
        if not config.spec_path.is_file():
            _fail(f"error: {display_path(config.spec_path)} does not exist; scrape it first")
        files, actions = recorded_overlay(config, scrape_vendor(config, specs.resolve().parent))
        writes.update(files)
        click.echo(f"{display_path(config.folder / 'overlay.yaml')}: {len(actions)} action(s), pinned")
    for path, text in writes.items():
        replace_file(path, text)


def _update(
    configs: list[VendorConfig],
    specs: Path,
    *,
    check: bool,
    stats_only: bool,
    markdown: bool,
    decisions: dict[str, Decisions],
) -> None:
    """Every vendor updated (or checked), each reported; one vendor's failure never stops the others."""
    from generator.scrape.report import overlay_stats, render_markdown, render_text  # noqa: PLC0415
    from generator.scrape.run import scrape_vendor  # noqa: PLC0415 - the scraper, only when scraping
    from generator.scrape.update import plan_update  # noqa: PLC0415
    from generator.scrape.writes import update_files  # noqa: PLC0415

    failed = False
    writes: dict[Path, str] = {}
    render = render_markdown if markdown else render_text
    if markdown:
        click.echo("## vendorgen scrape: documentation drift\n")
    for config in configs:
        try:
            update = plan_update(
                config, scrape_vendor(config, specs.resolve().parent), decisions=decisions[config.name]
            )
        except _scrape_errors() as exc:
            failed = True
            click.echo(f"{display_path(config.spec_path)}: not checked: {exc}")
            continue
        except SpecError as exc:
            failed = True
            click.echo(f"{display_path(config.spec_path)}: not checked:")
            click.echo("\n".join(f"  {d.format()}" for d in exc.diagnostics))
            continue
        spec_text = config.spec_path.read_text(encoding="utf-8") if config.spec_path.is_file() else ""
        overlay_file = config.folder / "overlay.yaml"
        overlay_text = overlay_file.read_text(encoding="utf-8") if overlay_file.is_file() else ""
        stats = overlay_stats(update, overlay_text, spec_text)
        if stats_only:
            click.echo(f"{display_path(config.spec_path)}: {stats.line()}")
            continue
        click.echo(render(update, stats))
        if update.up_to_date:
            continue
        if check or update.blocked:
            failed = True
            if not check:
                click.echo(f"  nothing written for {config.name}")
            continue
        files, problems = update_files(update)
        if problems:
            failed = True
            click.echo("\n".join(f"  {p.format()}" for p in problems))
            click.echo(f"  the updated spec does not validate; nothing written for {config.name}")
            continue
        writes.update(files)
        written = ", ".join(display_path(path) for path in files) or "nothing"
        click.echo(f"  wrote {written}")
    for path, text in writes.items():
        replace_file(path, text)
    if failed:
        sys.exit(1)
