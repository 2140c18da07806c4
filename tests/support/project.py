"""The project's folders as the tests see them, and a throw-away copy of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "CLIENT_CLASSES",
    "FIXTURES",
    "GENERATED",
    "ROOT",
    "SHARED",
    "SPECS",
    "VENDORS",
    "copy_pages",
    "copy_project",
    "run_vendorgen",
]

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
VENDORS = ("autocalls", "callkaro", "ravan", "volubile")
GENERATED = ROOT / "generated"
CLIENT_CLASSES = {
    "ravan": "RavanClient",
    "autocalls": "AutocallsClient",
    "callkaro": "CallKaroClient",
    "volubile": "VolubileClient",
}

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


def copy_pages(shared: Path, destination: Path) -> Path:
    """A writable copy of the vendor pages at ``destination/vendor-docs`` (CI's shared/ is read-only)."""
    shutil.copytree(shared / "vendor-docs", destination / "vendor-docs")
    for path in destination.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return destination


def run_vendorgen(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd`` (a project copy, say), as a user's shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
