"""The ``vendorgen`` command line (also ``python -m generator``)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from generator import __version__
from generator.diagnostics import Diagnostic, Severity, SpecError, has_errors, render_json, render_text
from generator.loader import display_path
from generator.validate import validate_file
from generator.vendors import SPEC_FILE, discover_vendors, load_vendor

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


def main() -> None:
    """Console-script entry point."""
    app()
