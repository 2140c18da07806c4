"""``vendorgen validate``: specs against the OpenAPI standard, the project's rules and the mapping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.common import exit_with, no_vendors, unknown_vendor
from generator.cli.options import SPECS_OPTION
from generator.spec.diagnostics import Diagnostic, SpecError, has_errors, render_json, render_text
from generator.spec.loader import display_path, load_document
from generator.spec.vendors import MAPPING_FILE, SPEC_FILE, discover_vendors, load_vendor

if TYPE_CHECKING:
    from generator.spec.loader import SpecDocument

__all__ = ["validate"]


def _targets(names: list[str], specs: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Spec files to check: named vendors, explicit files, or every vendor."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    vendors = discover_vendors(specs)
    if not names:
        if not vendors:
            problems.append(no_vendors(specs))
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
            problems.append(unknown_vendor(name, vendors))
    return files, problems


@click.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR|FILE]...")
@SPECS_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
def validate(vendors: tuple[str, ...], specs: Path, output_format: str) -> None:
    """Check specs against the OpenAPI standard and the project's rules.

    VENDOR|FILE: vendor names or spec file paths; default: every vendor under --specs.
    Every problem is reported as file:line:column with its JSON pointer. Exit
    code 0 when there is no error (warnings do not fail), 1 otherwise.
    """
    from generator.spec.validate import validate_file  # noqa: PLC0415 - heavy, see the imports

    files, diagnostics = _targets(list(vendors or []), specs)
    for path in files:
        diagnostics.extend(validate_file(path))
    shown = [display_path(p) for p in files]
    mapping_file = specs / MAPPING_FILE
    if not vendors and mapping_file.is_file():
        shown.append(display_path(mapping_file))
        diagnostics.extend(_mapping_problems(specs))
    render_diagnostics = render_json if output_format == "json" else render_text
    click.echo(render_diagnostics(diagnostics, shown))
    exit_with(1 if has_errors(diagnostics) else 0)


def _mapping_problems(specs: Path) -> list[Diagnostic]:
    """What is wrong with specs/mapping.yaml, checked against every vendor spec that loads."""
    from generator.mapping.generate import resolve_mapping  # noqa: PLC0415 - heavy, see the imports

    documents: dict[str, SpecDocument] = {}
    for name in discover_vendors(specs):
        try:
            documents[name] = load_document(specs / name / SPEC_FILE)
        except SpecError:
            return []  # reported with the spec itself; the mapping cannot be checked against it
    try:
        resolve_mapping(specs, documents)
    except SpecError as exc:
        return list(exc.diagnostics)
    return []
