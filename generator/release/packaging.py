"""``vendorgen build`` and ``vendorgen publish``: reproducible distributions of the generated packages.

A package is built from a clean copy of exactly the files generation wrote
(no caches, no stray files, fixed permissions), with ``python -m build
--no-isolation`` so the backend is the pinned hatchling of this environment
rather than whatever an isolated build would download, and with a fixed
``SOURCE_DATE_EPOCH`` so the same generated tree gives the same bytes on any
machine.  Every distribution is checked with ``twine check --strict``.

Uploads go through twine.  The token is read from an environment variable
and handed to twine through its environment (never the command line, which
other users of the machine can read); anything twine prints is scrubbed of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.emit.publish import read_tree

__all__ = ["DEFAULT_SOURCE_DATE_EPOCH", "BuildError", "build_package", "check_distributions", "upload"]

# 1980-01-01T00:00:00Z: the earliest time a wheel (zip) can record; any fixed value would do.
DEFAULT_SOURCE_DATE_EPOCH = 315_532_800


class BuildError(Exception):
    """A build, check or upload failed; the message says which and why."""


@dataclass(frozen=True)
class Built:
    """The distributions of one package."""

    wheel: Path
    sdist: Path


def _run(command: list[str], *, env: Mapping[str, str], what: str, secret: str | None = None) -> str:
    completed = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    if secret:
        output = output.replace(secret, "***")
    if completed.returncode != 0:
        raise BuildError(f"{what} failed (exit {completed.returncode}):\n{output.strip()}")
    return output


def _clean_copy(package_dir: Path, destination: Path) -> None:
    files = read_tree(package_dir)
    if "pyproject.toml" not in files:
        raise BuildError(f"{package_dir} has no pyproject.toml: run `vendorgen generate` first")
    for name, text in files.items():
        path = destination / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        path.chmod(0o644)


def build_package(package_dir: Path, out_dir: Path, *, source_date_epoch: int | None = None) -> Built:
    """Build wheel and sdist of one generated package into ``out_dir`` (emptied first).

    Raises:
        BuildError: the package is missing, does not build, or fails ``twine check --strict``.

    """
    epoch = source_date_epoch
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_SOURCE_DATE_EPOCH)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="vendorgen-build-") as work:
        source = Path(work) / package_dir.name
        _clean_copy(package_dir, source)
        command = [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel"]
        _run([*command, "--outdir", str(out_dir), str(source)], env=env, what=f"building {package_dir}")
    wheels, sdists = sorted(out_dir.glob("*.whl")), sorted(out_dir.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise BuildError(f"expected one wheel and one sdist in {out_dir}, found {wheels + sdists}")
    check_distributions([wheels[0], sdists[0]])
    return Built(wheels[0], sdists[0])


def check_distributions(paths: list[Path]) -> None:
    """``twine check --strict``: metadata complete, README renders."""
    command = [sys.executable, "-m", "twine", "check", "--strict", *map(str, paths)]
    _run(command, env=os.environ, what="twine check --strict")


def upload(paths: list[Path], repository_url: str, *, username: str, token: str) -> str:
    """Upload distributions with twine; its output, with the token scrubbed out."""
    env = {
        **os.environ,
        "TWINE_USERNAME": username,
        "TWINE_PASSWORD": token,
        "TWINE_NON_INTERACTIVE": "1",
        "TWINE_REPOSITORY_URL": repository_url,
    }
    command = [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", *map(str, paths)]
    return _run(command, env=env, what=f"upload to {repository_url}", secret=token)
