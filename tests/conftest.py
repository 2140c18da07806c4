"""Shared paths and fixtures of the test suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
VENDORS = ("autocalls", "callkaro", "ravan", "volubile")
GENERATED = ROOT / "generated"

# The committed client packages are imported from generated/ without installing them.
for _vendor in VENDORS:
    if str(GENERATED / _vendor) not in sys.path:
        sys.path.insert(0, str(GENERATED / _vendor))


@pytest.fixture
def shared_dir() -> Path:
    """The read-only ../shared folder beside the checkout; tests that need it fail without it."""
    if not (SHARED / "vendor-docs").is_dir():
        pytest.fail(
            f"this test needs the shared material at {SHARED} (vendor-docs/, corpus/); "
            "check out the project beside ../shared as DEVELOPERS.md describes"
        )
    return SHARED


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root, where the CLI's default --specs folder is."""
    monkeypatch.chdir(ROOT)
    return ROOT
