"""The Python examples of generated docs, cut out of their Markdown into modules a type checker reads."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from generator.build.examples import EXAMPLE_IMPORTS

BLOCK = re.compile(r"^([ \t]*)```python\n(.*?)^[ \t]*```", re.S | re.M)


def blocks(markdown: Path) -> list[str]:
    """The ``python`` blocks of a Markdown file without list-item indentation (``py`` blocks: signatures)."""
    return [textwrap.dedent(code) for _, code in BLOCK.findall(markdown.read_text(encoding="utf-8"))]


def example_module(package: str, documents: list[Path]) -> str:
    """Every block of the documents, in order, behind the preamble the docs state (see EXAMPLE_IMPORTS)."""
    lines = []
    for document in documents:
        for block in blocks(document):
            lines += [f"# {document.name}", block.rstrip("\n")]
    code = "\n".join(lines)
    used = [
        f"from {module} import {name}"
        for name, module in EXAMPLE_IMPORTS.items()
        if re.search(rf"(?<![\w.\"']){name}[(.]", code)
    ]
    return "\n".join([*used, f"from {package}.models import *  # noqa: F403", code]) + "\n"
