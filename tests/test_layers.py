"""The generator's folders are its pipeline: every module sits in a stage, and stages import downward.

The layers themselves are import-linter's contract in pyproject.toml; these tests run it on the
real package, show it fails on an upward import (so a green run means something), and check
what import-linter cannot: that no module sits outside a stage and that each stage says what it
takes and gives.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support.project import ROOT

GENERATOR = ROOT / "generator"


def _stages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(project)},
    )


def test_stages_import_only_earlier_stages() -> None:
    completed = _lint_imports(ROOT)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 kept, 0 broken" in completed.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(GENERATOR, tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    loader = tmp_path / "generator" / "spec" / "loader.py"
    # A lazy import inside a function counts as much as one at the top of the module.
    loader.write_text(
        loader.read_text(encoding="utf-8") + "\n\ndef _late() -> None:\n    import generator.emit.render\n",
        encoding="utf-8",
    )
    completed = _lint_imports(tmp_path)
    assert completed.returncode == 1, completed.stdout
    assert "generator.spec.loader -> generator.emit.render" in completed.stdout


def test_every_module_sits_in_a_stage() -> None:
    stages = set(_stages())
    loose = sorted(
        path.name for path in GENERATOR.glob("*.py") if path.name not in {"__init__.py", "__main__.py"}
    )
    assert loose == [], f"modules outside a stage sub-package: {loose}"
    packages = {path.parent.name for path in GENERATOR.glob("*/__init__.py")}
    assert packages == stages, "every sub-package is a stage of the import contract, and only those"


def test_each_stage_says_what_it_takes_and_gives() -> None:
    for stage in _stages():
        docstring = ast.get_docstring(ast.parse((GENERATOR / stage / "__init__.py").read_text("utf-8")))
        assert docstring, f"generator/{stage}/__init__.py has no docstring"
        assert "Takes" in docstring, f"generator/{stage}/__init__.py does not say what it takes"
        assert "gives" in docstring, f"generator/{stage}/__init__.py does not say what it gives"
