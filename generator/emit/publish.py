"""Write generated trees atomically, or compare them with what is on disk.

A new tree is written to a staging folder beside the target and exchanged
with the target in one ``renameat2(RENAME_EXCHANGE)`` call where Linux offers
it (two renames elsewhere), so a reader — or a generation killed at any
moment — sees either the whole old tree or the whole new one.
"""

from __future__ import annotations

import ctypes
import difflib
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["PACKAGE_LOCK_FILE", "diff_tree", "read_tree", "replace_file", "write_tree"]

PACKAGE_LOCK_FILE = "vendorgen.lock.json"
"""Every generated package holds it (spec hash, generator, templates): the mark of a vendorgen folder."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def read_tree(folder: Path) -> dict[str, str]:
    """Every generated file under ``folder`` by relative POSIX path; hidden and cache folders are skipped."""
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in relative.parts):
            continue  # caches that tools leave behind are not part of the tree
        files[relative.as_posix()] = path.read_bytes().decode("utf-8", "replace")
    return files


def diff_tree(old: Mapping[str, str], new: Mapping[str, str], label: str) -> str:
    """A unified diff from the files on disk to the files that generation would write."""
    chunks: list[str] = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        chunks.extend(
            difflib.unified_diff(
                (before or "").splitlines(keepends=True),
                (after or "").splitlines(keepends=True),
                fromfile=f"a/{label}/{name}" if before is not None else "/dev/null",
                tofile=f"b/{label}/{name}" if after is not None else "/dev/null",
            )
        )
    return "".join(chunks)


def replace_file(path: Path, text: str) -> None:
    """Write one file atomically: a concurrent reader sees the old content or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _write_files(folder: Path, files: Mapping[str, str]) -> None:
    for name, text in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_leftovers(target: Path) -> None:
    """Staging folders of runs that were killed (their process is gone) are removed."""
    for pattern in (f".{target.name}.staging-*", f".{target.name}.old-*"):
        for leftover in target.parent.glob(pattern):
            match = re.match(r"\d+", leftover.name.rsplit(".", 1)[-1].split("-", 1)[-1])
            if match and not _alive(int(match.group())):
                shutil.rmtree(leftover, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_tree(target: Path, files: Mapping[str, str]) -> None:
    """Replace ``target`` by exactly ``files``, atomically; nothing changes if writing fails."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
    # mkdtemp makes the folder 0700; the swapped-in tree keeps the target's mode (or the umask's).
    staging.chmod(target.stat().st_mode & 0o7777 if target.exists() else 0o777 & ~_umask())
    try:
        _write_files(staging, files)
        if not target.exists():
            staging.rename(target)
            return
        if _exchange(staging, target):
            shutil.rmtree(staging)
            return
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
