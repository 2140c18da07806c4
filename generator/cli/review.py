"""``vendorgen diff``: spec changes classified, with the generated surface's changes, in any format."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.common import exit_with, print_problems
from generator.cli.options import SPECS_OPTION
from generator.spec.diagnostics import SpecError
from generator.spec.loader import display_path, load_document, load_text
from generator.spec.vendors import SPEC_FILE, discover_vendors, load_vendor

if TYPE_CHECKING:
    from generator.build.build_ir import PackageSettings
    from generator.review.diff import Change
    from generator.review.report import VendorDiff
    from generator.spec.loader import SpecDocument

__all__ = ["diff"]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def _resolved(revision: str) -> str:
    """The commit ``revision`` names; a revision git cannot resolve is an error (exit 2), never "no old spec".

    A typo, a branch that was not fetched or a shallow clone would otherwise make every vendor
    look new and post a bogus review that passes.
    """
    completed = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if completed.returncode != 0:
        detail = completed.stderr.strip() or "no such commit, branch or tag here"
        click.echo(
            f"error: --base {revision!r} does not resolve to a commit ({detail}); "
            "in a shallow clone, fetch it first (git fetch --unshallow, or actions/checkout fetch-depth: 0)",
            err=True,
        )
        exit_with(2)
    return completed.stdout.strip()


def _git_show(commit: str, path: Path) -> str | None:
    """The file at ``commit``, or None when the commit does not have it (a vendor added since)."""
    where = f"{commit}:{path.as_posix()}"
    if _git("cat-file", "-e", where).returncode != 0:
        return None
    completed = _git("show", where)
    if completed.returncode != 0:
        click.echo(f"error: git show {where} failed: {completed.stderr.strip()}", err=True)
        exit_with(2)
    return completed.stdout


def _all_changes(old: SpecDocument | None, new: SpecDocument, settings: PackageSettings) -> list[Change]:
    """Wire changes and, when both sides generate, changes of the generated package's surface."""
    from generator.review.surface import spec_changes  # noqa: PLC0415 - heavy, see the imports

    def note(exc: Exception) -> None:  # a spec that does not generate still gets its wire diff
        click.echo(f"note: generated surfaces not compared ({type(exc).__name__}: {exc})", err=True)

    return spec_changes(old, new, settings, on_surface_error=note)


def _repository_path(path: Path) -> str:
    """``path`` relative to the root of the git repository holding it, as GitHub annotations want it.

    Outside a repository, relative to the working directory (or as given when outside that too).
    """
    completed = subprocess.run(
        ["git", "-C", str(path.resolve().parent), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode == 0:
        try:
            return path.resolve().relative_to(Path(completed.stdout.strip()).resolve()).as_posix()
        except ValueError:
            pass
    return display_path(path)


def _vendor_diff(changes: list[Change], bump: str, new: SpecDocument, path: Path) -> VendorDiff:
    from generator.review.lines import change_line  # noqa: PLC0415 - heavy, see the imports
    from generator.review.report import VendorDiff  # noqa: PLC0415

    lines = {change: change_line(new, change) for change in changes}
    return VendorDiff(tuple(changes), bump, _repository_path(path), lines)


def _revision_diffs(base: str, names: list[str], specs: Path) -> dict[str, VendorDiff]:
    from generator.emit.generate import vendor_settings  # noqa: PLC0415
    from generator.review.diff import suggested_bump  # noqa: PLC0415 - heavy, see the imports

    diffs: dict[str, VendorDiff] = {}
    commit = _resolved(base)
    for name in names or discover_vendors(specs):
        path = specs / name / SPEC_FILE
        old_text = _git_show(commit, path)
        new_text = path.read_text(encoding="utf-8")
        if old_text == new_text and not names:
            continue
        config = load_vendor(specs / name)
        new = load_document(path)
        changes = _all_changes(
            load_text(old_text, path) if old_text is not None else None, new, vendor_settings(config)
        )
        diffs[name] = _vendor_diff(changes, suggested_bump(changes, config.version), new, path)
    return diffs


@click.command()
@click.argument("paths", nargs=-1, metavar="OLD NEW | [VENDOR]...")
@click.option("--base", help="Compare each vendor's spec at this git revision with the working tree.")
@SPECS_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
    help="How the changes are reported.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["none", "breaking", "potentially-breaking", "any"]),
    default="none",
    show_default=True,
    help="Exit 1 when a change reaches this severity.",
)
def diff(paths: tuple[str, ...], base: str | None, specs: Path, output_format: str, fail_on: str) -> None:
    """Classify spec changes as breaking, potentially breaking, non-breaking or docs-only.

    Either two files (vendorgen diff OLD NEW) or, with --base REV, every vendor whose spec changed
    since REV (or the vendors named). Suggests a version bump per vendor package.
    """
    from generator.emit.generate import settings_for_spec  # noqa: PLC0415
    from generator.review.diff import suggested_bump  # noqa: PLC0415 - heavy, see the imports
    from generator.review.report import exceeds, render  # noqa: PLC0415

    try:
        if base is not None:
            diffs = _revision_diffs(base, list(paths), specs)
        else:
            if len(paths) != 2:
                raise click.BadParameter("give OLD and NEW spec files, or --base REV", param_hint="PATHS")
            old_path, new_path = Path(paths[0]), Path(paths[1])
            old, new = load_document(old_path), load_document(new_path)
            changes = _all_changes(old, new, settings_for_spec(new, None))
            label = new_path.parent.name if new_path.parent.parent.name == specs.name else new_path.stem
            diffs = {label: _vendor_diff(changes, suggested_bump(changes), new, new_path)}
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        exit_with(1)
    click.echo(render(diffs, output_format))
    exit_with(1 if exceeds(diffs, fail_on) else 0)
