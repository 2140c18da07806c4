"""Options shared by several ``vendorgen`` commands, defined once."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["DIST_OPTION", "GENERATED_OPTION", "SPECS_OPTION"]

SPECS_OPTION = click.option(
    "--specs",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="Folder holding one sub-folder per vendor.",
)
GENERATED_OPTION = click.option(
    "--generated",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="Folder holding the generated packages.",
)
DIST_OPTION = click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Distributions are built into DIST/VENDOR/.",
)
