"""What every ``vendorgen`` command shares: exiting, printing problems, finding the vendors."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click

from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import display_path
from generator.spec.vendors import SPEC_FILE, VendorConfig, discover_vendors, load_vendor

__all__ = ["exit_with", "no_vendors", "print_problems", "unknown_vendor", "vendor_configs"]


def exit_with(code: int) -> NoReturn:
    """Stop the command with ``code`` (click's own exit, so tests' runners see it)."""
    raise click.exceptions.Exit(code)


def unknown_vendor(name: str, known: list[str]) -> Diagnostic:
    """The error for a vendor name that has no folder, listing the ones that do."""
    message = f"unknown vendor {name!r} (known: {', '.join(known) or 'none'})"
    return Diagnostic(name, 0, 0, Severity.ERROR, "unknown-vendor", message)


def no_vendors(specs: Path) -> Diagnostic:
    """The error for a specs folder without any vendor folder."""
    return Diagnostic(
        display_path(specs), 0, 0, Severity.ERROR, "no-vendors", f"no vendor folders with {SPEC_FILE} found"
    )


def print_problems(diagnostics: list[Diagnostic]) -> None:
    """Every diagnostic on standard error, one ``file:line:column`` line each, in file order."""
    for diagnostic in sorted(diagnostics):
        click.echo(diagnostic.format(), err=True)


def vendor_configs(names: list[str], specs: Path) -> list[VendorConfig]:
    """The named vendors' configurations (default: every vendor); any unknown or broken one is an error."""
    known = discover_vendors(specs)
    unknown = [n for n in names if n not in known]
    problems = [unknown_vendor(name, known) for name in unknown]
    if not known and not names:
        problems.append(no_vendors(specs))
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
