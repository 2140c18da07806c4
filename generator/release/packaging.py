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

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.emit.publish import read_tree

__all__ = [
    "DEFAULT_SOURCE_DATE_EPOCH",
    "BuildError",
    "build_package",
    "check_distributions",
    "default_index_url",
    "published_files",
    "upload",
    "upload_failure",
]

# 1980-01-01T00:00:00Z: the earliest time a wheel (zip) can record; any fixed value would do.
DEFAULT_SOURCE_DATE_EPOCH = 315_532_800


class BuildError(Exception):
    """A build, check or upload failed; the message says which and why."""


@dataclass(frozen=True)
class Built:
    """The distributions of one package."""

    wheel: Path
    sdist: Path


def _scrubbed(command: list[str], env: Mapping[str, str], secret: str | None) -> tuple[int, str]:
    """Exit status and output (stdout, then stderr) of ``command``, with ``secret`` never in it."""
    completed = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    return completed.returncode, output.replace(secret, "***") if secret else output


def _run(command: list[str], *, env: Mapping[str, str], what: str) -> str:
    status, output = _scrubbed(command, env, None)
    if status != 0:
        raise BuildError(f"{what} failed (exit {status}):\n{output.strip()}")
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


def default_index_url(repository_url: str) -> str:
    """Where the index lists what it holds (PEP 503), from where uploads go.

    PyPI and TestPyPI take uploads at ``upload.pypi.org/legacy/`` and list at ``pypi.org/simple/``;
    pypiserver, devpi and most private indexes list under ``<upload URL>/simple/``.
    """
    parts = urllib.parse.urlsplit(repository_url)
    if parts.path.rstrip("/").endswith("/legacy"):
        host = parts.netloc.removeprefix("upload.")
        return urllib.parse.urlunsplit((parts.scheme, host, "/simple/", "", ""))
    return repository_url.rstrip("/") + "/simple/"


def _unreachable(url: str, reason: object) -> BuildError:
    return BuildError(f"cannot reach the package index at {url} ({reason}): check the URL and the network")


def published_files(index_url: str, distribution: str, *, username: str, token: str) -> set[str] | None:
    """The file names the index lists for ``distribution``; None when it does not let us look.

    Raises:
        BuildError: the index cannot be reached at all.

    """
    name = re.sub(r"[-_.]+", "-", distribution).lower()
    url = f"{index_url.rstrip('/')}/{name}/"
    credentials = base64.b64encode(f"{username}:{token}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {credentials}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            page = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return set() if exc.code == 404 else None  # 404: the project is not there yet
    except (urllib.error.URLError, OSError) as exc:
        raise _unreachable(index_url, getattr(exc, "reason", exc)) from None
    return {
        urllib.parse.unquote(m.split("#", 1)[0].rsplit("/", 1)[-1])
        for m in re.findall(r'href="([^"]+)"', page)
    }


def upload_failure(output: str, repository_url: str, username: str, token_env: str) -> BuildError:
    """One line for what went wrong in twine's output (it prints a traceback for a refused connection)."""
    if re.search(
        r"ConnectionError|Max retries exceeded|Name or service not known|Connection refused", output
    ):
        reason = re.search(r"(Connection refused|Name or service not known|timed out)", output)
        return _unreachable(repository_url, reason.group(1) if reason else "no connection")
    status = re.search(r"HTTPError: (\d{3}) ([^\n]*?) from", output)
    if status and status.group(1) in ("401", "403"):
        answer = f"{status.group(1)} {status.group(2).strip()}"
        return BuildError(
            f"the index at {repository_url} refused the credentials ({answer}) for user {username!r}: "
            f"check the token in ${token_env}"
        )
    if re.search(r"already exists|409 Conflict", output, re.IGNORECASE):
        return BuildError(f"the index at {repository_url} already has this version: release first")
    last = [line.strip() for line in output.splitlines() if line.strip()][-1:] or ["no output"]
    detail = f"{status.group(1)} {status.group(2).strip()}" if status else last[0]
    return BuildError(f"upload to {repository_url} failed: {detail}")


def upload(
    paths: list[Path],
    repository_url: str,
    *,
    username: str,
    token: str,
    token_env: str = "the token variable",
) -> str:
    """Upload distributions with twine; its output, with the token scrubbed out.

    Raises:
        BuildError: one line naming the cause (unreachable index, refused credentials, ...).

    """
    env = {
        **os.environ,
        "TWINE_USERNAME": username,
        "TWINE_PASSWORD": token,
        "TWINE_NON_INTERACTIVE": "1",
        "TWINE_REPOSITORY_URL": repository_url,
    }
    command = [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", *map(str, paths)]
    status, output = _scrubbed(command, env, token)
    if status != 0:
        raise upload_failure(re.sub(r"\x1b\[[0-9;]*m", "", output), repository_url, username, token_env)
    return output
