"""Golden test: a small fixture spec generates exactly the committed expected package.

To accept an intended change of the output, regenerate the expected files with:

    VENDORGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/emit/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.loader import load_document
from tests.support.project import FIXTURES, ROOT

GOLDEN = FIXTURES / "golden"
UPDATE_COMMAND = "VENDORGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/emit/test_golden.py"


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_golden_package(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    document = load_document(Path("tests/fixtures/golden") / name / "openapi.yaml")
    package = generate_package(
        document, settings_for_spec(document, f"{name}_api"), strict=True, cache_dir=None
    )
    expected_dir = GOLDEN / name / "expected"
    if os.environ.get("VENDORGEN_UPDATE_GOLDEN") == "1":
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, text in package.files.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text)
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_text() for p in expected_dir.rglob("*") if p.is_file()
    }
    mismatched = sorted(set(expected) ^ set(package.files)) + sorted(
        name for name in set(expected) & set(package.files) if expected[name] != package.files[name]
    )
    assert not mismatched, f"golden files differ: {mismatched}; if intended, run: {UPDATE_COMMAND}"
