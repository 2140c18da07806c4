"""The formatter process: black runs beside the models, never in the process that makes them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.emit.format_process import Formatter
from generator.emit.formatting import format_files
from generator.emit.parallel import cores
from generator.spec.diagnostics import SpecError
from tests.support.project import ROOT

UGLY = {"pkg/a.py": "x = {  'a':1 }\n", "pkg/data.json": "{ }"}

needs_two_cores = pytest.mark.skipif(cores() < 2, reason="one core: the files are formatted in the process")


def test_the_formatter_writes_what_format_files_writes() -> None:
    with Formatter() as formatter:
        formatted = formatter.format(dict(UGLY), None)
    assert formatted == format_files(dict(UGLY))
    assert formatted["pkg/a.py"] == 'x = {"a": 1}\n'
    assert formatted["pkg/data.json"] == "{ }", "only Python is formatted"


def test_code_that_does_not_format_is_a_located_error_from_the_formatter() -> None:
    with Formatter() as formatter, pytest.raises(SpecError) as raised:
        formatter.format({"pkg/broken.py": "def (:\n"}, None)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.file == "pkg/broken.py"
    assert diagnostic.rule == "format-failed"


@needs_two_cores
def test_a_formatter_that_died_leaves_the_files_formatted_here() -> None:
    with Formatter() as formatter:
        process = formatter._process
        assert process is not None
        process.kill()
        process.join()
        assert formatter.format(dict(UGLY), None)["pkg/a.py"] == 'x = {"a": 1}\n'


@needs_two_cores
def test_a_formatter_never_asked_exits_with_the_generation() -> None:
    formatter = Formatter()
    with formatter:
        process = formatter._process
    assert process is not None
    assert not process.is_alive()
    assert process.exitcode == 0


@needs_two_cores
def test_the_process_that_makes_the_models_never_imports_black(tmp_path: Path) -> None:
    """black is ~7 MB of the largest process's peak, and its import was on the critical path."""
    spec = ROOT / "tests" / "fixtures" / "golden" / "tiny" / "openapi.yaml"
    assert spec.is_file(), f"{spec} is missing"
    program = textwrap.dedent(f"""
        import sys
        from click.testing import CliRunner
        from generator.cli import app
        result = CliRunner().invoke(app, ["generate", "--spec", {str(spec)!r}, "--output", {str(tmp_path)!r}])
        assert result.exit_code == 0, result.output
        print("black" in sys.modules)
        """)
    ran = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert ran.stdout.strip() == "False", ran.stdout + ran.stderr
    assert (tmp_path / "pyproject.toml").is_file()
