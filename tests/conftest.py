"""The fixtures every test group shares (paths and helpers live in tests/support/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.project import ROOT, SHARED, copy_project


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache per test worker: pydantic and httpx are analysed once, not once per mypy run.

    (A worker runs its tests one at a time, so no two mypy processes share the folder at once.)
    """
    return tmp_path_factory.mktemp("mypy-cache")


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
