"""The ``vendorgen`` command line (also ``python -m generator``): one module per command group.

Takes command-line arguments; gives the stages' results on standard output and an exit
status. Every command module imports its heavy stages (datamodel-code-generator, black,
the OpenAPI validator: about half a second) where they are used, so a no-op
``generate --check`` never pays for them. The CLI is click (typer 0.29 builds pydantic
adapters for every parameter: 0.2 s).
"""

from __future__ import annotations

import gc

import click

from generator import __version__
from generator.cli.check import validate
from generator.cli.generate import generate
from generator.cli.release import build, publish, release
from generator.cli.review import diff
from generator.cli.scrape import scrape

__all__ = ["app", "main"]


@click.group(name="vendorgen", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vendorgen", message="%(prog)s %(version)s")
def app() -> None:
    """Turn voice-AI calling vendors' OpenAPI specs into typed Python client packages."""


for _command in (validate, generate, diff, release, build, publish, scrape):
    app.add_command(_command)


def main() -> None:
    """Console-script entry point.

    The run's objects are frozen before the interpreter shuts down: its shutdown would otherwise
    collect every cycle datamodel-code-generator built, one by one, for the operating system to
    take the whole process back a moment later (0.1-0.2 s of a small spec's one-second run).
    Shutdown is otherwise the usual one: files flushed, ``atexit`` handlers and threads run.
    """
    try:
        app(prog_name="vendorgen")
    finally:
        gc.freeze()
