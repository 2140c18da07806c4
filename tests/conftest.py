"""Shared paths and fixtures of the test suite."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
VENDORS = ("autocalls", "callkaro", "ravan", "volubile")
GENERATED = ROOT / "generated"

# The committed client packages are imported from generated/ without installing them.
for _folder in (*VENDORS, "unified"):
    if str(GENERATED / _folder) not in sys.path:
        sys.path.insert(0, str(GENERATED / _folder))


def copy_project(destination: Path, *, with_black_cache: bool = False) -> Path:
    """specs/ and generated/ copied into ``destination``, to change without touching the project.

    ``with_black_cache`` also copies the project's black cache: it is content-addressed, so sharing
    it changes no result, and it spares the copy a cold formatting run.
    """
    shutil.copytree(SPECS, destination / "specs")
    shutil.copytree(GENERATED, destination / "generated", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    black_cache = ROOT / ".vendorgen-cache" / "black"
    if with_black_cache and black_cache.is_dir():
        shutil.copytree(black_cache, destination / ".vendorgen-cache" / "black")
    return destination


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of specs/ and generated/ to break without touching the project."""
    return copy_project(tmp_path)


@pytest.fixture
def cached_workspace(tmp_path: Path) -> Path:
    """A workspace with the project's black cache."""
    return copy_project(tmp_path, with_black_cache=True)


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


settings.register_profile("ci", max_examples=8, deadline=None, derandomize=True, database=None)
settings.register_profile("explore", max_examples=150, deadline=None)
settings.load_profile("ci")
