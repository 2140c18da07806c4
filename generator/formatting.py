"""Format generated Python with black, in-process, once per distinct content.

black is the product's formatter.  It is called in-process (a subprocess per
file costs several times more) and its results are cached by content hash,
in memory and in ``.vendorgen-cache/`` beside the project, so unchanged files
are not formatted again by the next run or by ``generate --check``.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import black
from black.mode import Mode, TargetVersion

from generator.diagnostics import Diagnostic, Severity, SpecError

__all__ = ["BLACK_MODE", "format_files"]

BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=110)
_BLACK_VERSION = version("black")
_MEMORY: dict[str, str] = {}


def _key(source: str) -> str:
    digest = hashlib.sha256()
    digest.update(_BLACK_VERSION.encode())
    digest.update(repr(BLACK_MODE).encode())
    digest.update(source.encode())
    return digest.hexdigest()


def _format(source: str, name: str, cache_dir: Path | None) -> str:
    key = _key(source)
    if key in _MEMORY:
        return _MEMORY[key]
    cached = cache_dir / key if cache_dir is not None else None
    if cached is not None and cached.is_file():
        result = cached.read_text(encoding="utf-8")
    else:
        try:
            result = black.format_str(source, mode=BLACK_MODE)
        except Exception as exc:  # noqa: BLE001 - black raises several unrelated types
            raise SpecError(
                [
                    Diagnostic(
                        name, 0, 0, Severity.ERROR, "format-failed", f"generated code does not format: {exc}"
                    )
                ]
            ) from None
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_text(result, encoding="utf-8")
            temporary.replace(cached)
    _MEMORY[key] = result
    return result


def format_files(files: dict[str, str], cache_dir: Path | None = None) -> dict[str, str]:
    """The same files with every ``.py`` file formatted by black."""
    return {
        name: _format(text, name, cache_dir) if name.endswith(".py") else text for name, text in files.items()
    }
