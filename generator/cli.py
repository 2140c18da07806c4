"""The ``vendorgen`` command line (also ``python -m generator``)."""

from __future__ import annotations

import subprocess
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from generator import __version__
from generator.build_ir import PackageSettings
from generator.diagnostics import Diagnostic, Severity, SpecError, has_errors, render_json, render_text
from generator.diff import Change, diff_specs, suggested_bump
from generator.diff_report import VendorDiff, exceeds, render
from generator.generate import generate_package, generate_vendors, settings_for_spec, vendor_settings
from generator.loader import SpecDocument, display_path, load_document, load_text
from generator.publish import diff_tree, read_tree, write_tree
from generator.surface import compare_surfaces, surface_of
from generator.validate import validate_file
from generator.vendors import SPEC_FILE, VendorConfig, discover_vendors, load_vendor

__all__ = ["app", "main"]

app = typer.Typer(
    name="vendorgen",
    help="Turn voice-AI calling vendors' OpenAPI specs into typed Python client packages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    """How diagnostics are printed."""

    text = "text"
    json = "json"


SpecsOption = Annotated[
    Path,
    typer.Option("--specs", help="Folder holding one sub-folder per vendor.", file_okay=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vendorgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn voice-AI calling vendors' OpenAPI specs into typed Python client packages."""


def _targets(names: list[str], specs: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Spec files to check: named vendors, explicit files, or every vendor."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    vendors = discover_vendors(specs)
    if not names:
        if not vendors:
            problems.append(
                Diagnostic(
                    display_path(specs),
                    0,
                    0,
                    Severity.ERROR,
                    "no-vendors",
                    f"no vendor folders with {SPEC_FILE} found",
                )
            )
        names = vendors
    for name in names:
        candidate = Path(name)
        if name in vendors:
            files.append(specs / name / SPEC_FILE)
            try:
                load_vendor(specs / name)
            except SpecError as exc:
                problems.extend(exc.diagnostics)
        elif candidate.suffix.lower() in (".yaml", ".yml", ".json") or candidate.is_file():
            files.append(candidate)
        else:
            known = ", ".join(vendors) or "none"
            problems.append(
                Diagnostic(
                    name, 0, 0, Severity.ERROR, "unknown-vendor", f"unknown vendor {name!r} (known: {known})"
                )
            )
    return files, problems


@app.command()
def validate(
    vendors: Annotated[
        list[str] | None,
        typer.Argument(
            help="Vendor names or spec file paths; default: every vendor under --specs.", show_default=False
        ),
    ] = None,
    specs: SpecsOption = Path("specs"),
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for machines.")
    ] = OutputFormat.text,
) -> None:
    """Check specs against the OpenAPI standard and the project's rules.

    Every problem is reported as file:line:column with its JSON pointer. Exit
    code 0 when there is no error (warnings do not fail), 1 otherwise.
    """
    files, diagnostics = _targets(list(vendors or []), specs)
    for path in files:
        diagnostics.extend(validate_file(path))
    shown = [display_path(p) for p in files]
    render = render_json if output_format is OutputFormat.json else render_text
    typer.echo(render(diagnostics, shown))
    raise typer.Exit(1 if has_errors(diagnostics) else 0)


def _print_problems(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics):
        typer.echo(diagnostic.format(), err=True)


def _vendor_configs(names: list[str], specs: Path) -> list[VendorConfig]:
    known = discover_vendors(specs)
    unknown = [n for n in names if n not in known]
    problems = [
        Diagnostic(
            n,
            0,
            0,
            Severity.ERROR,
            "unknown-vendor",
            f"unknown vendor {n!r} (known: {', '.join(known) or 'none'})",
        )
        for n in unknown
    ]
    if not known and not names:
        problems.append(
            Diagnostic(
                display_path(specs),
                0,
                0,
                Severity.ERROR,
                "no-vendors",
                f"no vendor folders with {SPEC_FILE} found",
            )
        )
    configs = []
    for name in names or known:
        if name in unknown:
            continue
        try:
            configs.append(load_vendor(specs / name))
        except SpecError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SpecError(problems)
    return configs


def _finish(
    old: dict[str, str], new: dict[str, str], output: Path, *, check: bool, write: dict[str, str]
) -> None:
    """Report or write the result; exit 1 when ``--check`` finds ``output`` stale."""
    label = display_path(output)
    if check:
        difference = diff_tree(old, new, label)
        if difference:
            typer.echo(difference, nl=False)
            typer.echo(f"{label} is stale: run `vendorgen generate` and commit the result", err=True)
            raise typer.Exit(1)
        typer.echo(f"{label} is up to date")
        return
    if old == new:
        typer.echo(f"{label} is up to date; nothing written")
        return
    write_tree(output, write)
    changed = sum(1 for name in set(old) | set(new) if old.get(name) != new.get(name))
    typer.echo(f"wrote {label}: {changed} file(s) changed")


@app.command()
def generate(
    vendors: Annotated[
        list[str] | None,
        typer.Argument(
            help="Vendors to regenerate; default: every vendor under --specs.", show_default=False
        ),
    ] = None,
    specs: SpecsOption = Path("specs"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", help="Output folder: generated/ for vendors, required with --spec.", file_okay=False
        ),
    ] = None,
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="Generate a package from any OpenAPI document instead of the vendors.",
            dir_okay=False,
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option("--package", help="Import name of the --spec package (default: from its title)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 with a unified diff when the output is stale."),
    ] = False,
) -> None:
    """Generate typed client packages: every vendor into generated/, or one --spec into --output.

    A failed generation (invalid spec, template or formatter error) writes nothing.
    """
    cache = Path(".vendorgen-cache") / "black"
    try:
        if spec is not None:
            if output is None:
                raise typer.BadParameter("--spec needs --output DIR", param_hint="--output")
            document = load_document(spec)
            result = generate_package(
                document, settings_for_spec(document, package), strict=False, cache_dir=cache
            )
            _print_problems(list(result.warnings))
            _finish(read_tree(output), result.files, output, check=check, write=result.files)
            return
        target = output or Path("generated")
        configs = _vendor_configs(list(vendors or []), specs)
        files, warnings = generate_vendors(configs, cache_dir=cache)
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        typer.echo("generation failed; nothing was written", err=True)
        raise typer.Exit(1) from None
    _print_problems(warnings)
    existing = read_tree(target)
    prefixes = tuple(f"{c.name}/" for c in configs)
    kept = {name: text for name, text in existing.items() if not name.startswith(prefixes)}
    old_part = {name: text for name, text in existing.items() if name.startswith(prefixes)}
    _finish(old_part, files, target, check=check, write={**kept, **files})


class DiffFormat(StrEnum):
    """How ``vendorgen diff`` reports."""

    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"


class FailOn(StrEnum):
    """Which changes make ``vendorgen diff`` exit 1."""

    none = "none"
    breaking = "breaking"
    potentially_breaking = "potentially-breaking"
    any = "any"


def _git_show(revision: str, path: Path) -> str | None:
    completed = subprocess.run(
        ["git", "show", f"{revision}:{path.as_posix()}"], capture_output=True, text=True, check=False
    )
    return completed.stdout if completed.returncode == 0 else None


def _all_changes(old: SpecDocument | None, new: SpecDocument, settings: PackageSettings) -> list[Change]:
    """Wire changes and, when both sides generate, changes of the generated package's surface."""
    changes = diff_specs(old.data if old is not None else {"paths": {}}, new.data)
    if old is not None and changes:
        try:
            changes += compare_surfaces(surface_of(old, settings), surface_of(new, settings))
        except Exception as exc:  # noqa: BLE001 - a spec that does not generate still gets its wire diff
            typer.echo(f"note: generated surfaces not compared ({type(exc).__name__}: {exc})", err=True)
    return sorted(set(changes))


def _revision_diffs(base: str, names: list[str], specs: Path) -> dict[str, VendorDiff]:
    diffs: dict[str, VendorDiff] = {}
    for name in names or discover_vendors(specs):
        path = specs / name / SPEC_FILE
        old_text = _git_show(base, path)
        new_text = path.read_text(encoding="utf-8")
        if old_text == new_text and not names:
            continue
        config = load_vendor(specs / name)
        new = load_document(path)
        changes = _all_changes(
            load_text(old_text, path) if old_text is not None else None, new, vendor_settings(config)
        )
        diffs[name] = VendorDiff(tuple(changes), suggested_bump(changes, config.version), display_path(path))
    return diffs


@app.command()
def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="OLD NEW spec files (or, with --base, vendor names).", show_default=False),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option("--base", help="Compare each vendor's spec at this git revision with the working tree."),
    ] = None,
    specs: SpecsOption = Path("specs"),
    output_format: Annotated[
        DiffFormat, typer.Option("--format", help="text, json, markdown or github.")
    ] = DiffFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a change reaches this severity.")
    ] = FailOn.none,
) -> None:
    """Classify spec changes as breaking, potentially breaking, non-breaking or docs-only.

    Either two files (vendorgen diff OLD NEW) or, with --base REV, every vendor whose spec changed
    since REV (or the vendors named). Suggests a version bump per vendor package.
    """
    try:
        if base is not None:
            diffs = _revision_diffs(base, [str(p) for p in paths or []], specs)
        else:
            if not paths or len(paths) != 2:
                raise typer.BadParameter("give OLD and NEW spec files, or --base REV", param_hint="PATHS")
            old, new = load_document(paths[0]), load_document(paths[1])
            changes = _all_changes(old, new, settings_for_spec(new, None))
            label = paths[1].parent.name if paths[1].parent.parent.name == specs.name else paths[1].stem
            diffs = {label: VendorDiff(tuple(changes), suggested_bump(changes), new.file)}
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        raise typer.Exit(1) from None
    typer.echo(render(diffs, output_format.value))
    raise typer.Exit(1 if exceeds(diffs, fail_on.value) else 0)


def main() -> None:
    """Console-script entry point."""
    app()
