"""Skip vendors whose inputs and output are unchanged since the last generation on this machine.

Generation is deterministic, so the same inputs always give the same files.
After generating a vendor we record, under ``.vendorgen-cache/outputs/``, the
hash of everything that went in (spec, vendor.yaml, the generator's source,
templates, the versions of the libraries that shape the output) next to the
hash of the tree that came out and the warnings that were printed.  When the
inputs hash has a record and the vendor's folder on disk still hashes to the
recorded output, regenerating would change nothing: ``generate`` and
``generate --check`` reuse the folder without importing the heavy stages
(datamodel-code-generator, black, the OpenAPI validator).

The record lives in the machine-local cache, not in ``generated/``: the
committed output stays free of anything that varies between machines, and a
record that is missing, corrupt or stale only costs a full generation.
This module must stay cheap to import.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.emit.publish import replace_file

__all__ = ["OutputRecord", "inputs_digest", "load_record", "store_record", "tree_digest"]

_GENERATOR_DIR = Path(__file__).resolve().parents[1]
_TEMPLATES_DIR = _GENERATOR_DIR.parent / "templates"
# Libraries whose version can change what is generated or whether it validates.
_SHAPING_LIBRARIES = (
    "datamodel-code-generator",
    "black",
    "jinja2",
    "pydantic",
    "pyyaml",
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
)
_FORMAT = 1


@dataclass(frozen=True)
class OutputRecord:
    """What one generation from a given inputs hash produced."""

    outputs_sha256: str
    warnings: tuple[str, ...]


def _update_with_folder(digest: hashlib._Hash, folder: Path, patterns: Iterable[str]) -> None:
    for pattern in patterns:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")


def _installed_versions() -> dict[str, str]:
    """Versions of the shaping libraries, read from ``*.dist-info`` folder names.

    Reading each package's METADATA through importlib.metadata costs ~70 ms;
    the folder names (``black-26.10.1.dist-info``) carry the same version.
    """
    wanted = {_canonical(name) for name in _SHAPING_LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        if not folder.is_dir():
            continue
        for dist_info in folder.glob("*.dist-info"):
            name, _, rest = dist_info.name.removesuffix(".dist-info").partition("-")
            if _canonical(name) in wanted:
                found.setdefault(_canonical(name), rest)
    return {name: found.get(name, "absent") for name in sorted(wanted)}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@functools.cache
def _generator_digest() -> bytes:
    """Hash of the generator's own source, templates, libraries and Python minor version."""
    digest = hashlib.sha256(f"vendorgen-inputs-{_FORMAT}\0".encode())
    _update_with_folder(digest, _GENERATOR_DIR, ["*.py"])
    _update_with_folder(digest, _TEMPLATES_DIR, ["*"])
    for name, installed in _installed_versions().items():
        digest.update(f"{name}=={installed}\0".encode())
    digest.update(f"python{sys.version_info[0]}.{sys.version_info[1]}".encode())
    return digest.digest()


def inputs_digest(files: Iterable[Path]) -> str:
    """Hash of the given input files plus everything of the generator that shapes its output."""
    digest = hashlib.sha256(_generator_digest())
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def tree_digest(files: Mapping[str, str]) -> str:
    """Hash of a generated tree: relative paths and contents."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(files[name].encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _record_path(cache_dir: Path, inputs: str) -> Path:
    return cache_dir / "outputs" / f"{inputs}.json"


def load_record(cache_dir: Path, inputs: str) -> OutputRecord | None:
    """The recorded output of ``inputs``, or None when there is no usable record."""
    try:
        data = json.loads(_record_path(cache_dir, inputs).read_text(encoding="utf-8"))
        outputs = data["outputs_sha256"]
        warnings = data["warnings"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(outputs, str) or not isinstance(warnings, list):
        return None
    return OutputRecord(outputs, tuple(str(w) for w in warnings))


def store_record(cache_dir: Path, inputs: str, record: OutputRecord) -> None:
    """Record an output, atomically (a concurrent reader sees the whole record or none)."""
    payload = {"outputs_sha256": record.outputs_sha256, "warnings": list(record.warnings)}
    replace_file(_record_path(cache_dir, inputs), json.dumps(payload, indent=1, sort_keys=True))
