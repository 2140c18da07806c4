"""The formatter stage: black's output, without formatting what is already in black's style."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator.build.escapes import escape_invisible
from generator.emit.formatting import BLACK_MODE, format_files
from generator.emit.generate import provenance_header
from generator.emit.render import RUNTIME_MODULES, TEMPLATES_DIR, preformatted_files
from generator.mapping.unified_render import STATIC_MODULES

_STATIC = [TEMPLATES_DIR / "runtime" / name for name in RUNTIME_MODULES] + [
    TEMPLATES_DIR / folder / name for folder, name in STATIC_MODULES
]

# The header names the spec's path, which can be longer than a line: black leaves comments alone.
_HEADERS = [provenance_header("specs/ravan/openapi.yaml"), provenance_header("x/" * 80 + "spec.json")]


@pytest.mark.parametrize("path", _STATIC, ids=lambda path: f"{path.parent.name}/{path.name}")
@pytest.mark.parametrize("header", _HEADERS, ids=["short-header", "long-header"])
def test_copied_modules_are_already_black_stable(path: Path, header: str) -> None:
    """What format_files passes through unformatted must be exactly what black would write."""
    source = f"{header}\n{path.read_text(encoding='utf-8')}"
    assert black.format_str(source, mode=BLACK_MODE) == source, (
        f"{path} is not in black's style (line length {BLACK_MODE.line_length}): run black on it "
        "behind a header, or generation writes an unformatted module"
    )
    assert escape_invisible(source) == source, f"{path} holds invisible characters"


def test_preformatted_files_pass_through_and_the_rest_is_formatted() -> None:
    package = "probe_client"
    copied = sorted(preformatted_files(package))[0]
    unformatted = "x = {'a':1}\n"
    files = {copied: unformatted, f"{package}/models.py": unformatted, "README.md": unformatted}
    result = format_files(files, None, preformatted=preformatted_files(package))
    assert result[copied] == unformatted  # trusted: the test above is what makes that safe
    assert result[f"{package}/models.py"] == 'x = {"a": 1}\n'
    assert result["README.md"] == unformatted


def test_every_runtime_module_is_copied_unformatted() -> None:
    assert preformatted_files("p") == {f"p/{name}" for name in RUNTIME_MODULES}
