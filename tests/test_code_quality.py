"""The house rules, enforced by the suite: formatted, lint-clean, mypy --strict clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.project import ROOT

CHECKS = {
    "black": [
        sys.executable,
        "-m",
        "black",
        "--check",
        "--quiet",
        "generator",
        "tests",
        "benchmarks",
        "examples",
    ],
    "ruff": [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--quiet",
        "generator",
        "tests",
        "benchmarks",
        "examples",
    ],
    "mypy": [sys.executable, "-m", "mypy", "--strict"],
}


@pytest.mark.parametrize("tool", sorted(CHECKS))
def test_code_is_clean(tool: str) -> None:
    completed = subprocess.run(CHECKS[tool], cwd=ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, f"{tool} found problems:\n{completed.stdout}\n{completed.stderr}"
