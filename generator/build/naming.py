"""The one place where names from a spec become Python names.

Specs name things ``retryGapMin``, ``type``, ``from``, ``2fa-code``,
``X-Api-Key``, ``end_call_tool.description`` or ``Créer campagne``; Python
needs identifiers that are not keywords, do not shadow what generated code
uses, and do not collide with each other.  Every rule lives here.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Container, Iterable

__all__ = ["class_name", "dedupe", "module_name", "snake_case"]

_WORD_BREAK = re.compile(r"[^0-9a-zA-Z]+")
_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _words(text: str) -> list[str]:
    text = _CAMEL_2.sub(r"\1 \2", _CAMEL_1.sub(r"\1 \2", _ascii(text)))
    return [w for w in _WORD_BREAK.split(text) if w]


def _safe(identifier: str, prefix: str, reserved: Iterable[str]) -> str:
    if not identifier:
        identifier = prefix
    if identifier[0].isdigit():
        identifier = f"{prefix}_{identifier}"
    if keyword.iskeyword(identifier) or keyword.issoftkeyword(identifier) or identifier in set(reserved):
        identifier += "_"
    return identifier


def snake_case(name: str, *, prefix: str = "field", reserved: Iterable[str] = ()) -> str:
    """``retryGapMin`` → ``retry_gap_min``; keywords and ``reserved`` names get a trailing ``_``."""
    identifier = "_".join(w.lower() for w in _words(name))
    return _safe(identifier, prefix, reserved)


def class_name(name: str, *, prefix: str = "Model") -> str:
    """``create campaign`` / ``createCampaign`` → ``CreateCampaign``."""
    identifier = "".join(w[:1].upper() + w[1:] for w in _words(name))
    return _safe(identifier, prefix, ())


WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)
"""File names Windows reserves (``con.py`` cannot be created or checked out there)."""


def module_name(name: str) -> str:
    """A module file name for a tag: ``Phone Numbers`` → ``phone_numbers``; ``con`` → ``con_``."""
    return snake_case(name, prefix="resource", reserved=WINDOWS_DEVICE_NAMES)


def unique_name(name: str, taken: Container[str]) -> str:
    """``name``, else the first of ``name_2``, ``name_3``, ... not taken (``dedupe``'s choice after them).

    One lookup a candidate: ``dedupe([*taken, name])[-1]`` gives the same for distinct names, but
    walks every name taken, which made naming quadratic in the operations and models of a spec.
    """
    candidate, counter = name, 2
    while candidate in taken:
        candidate, counter = f"{name}_{counter}", counter + 1
    return candidate


def dedupe(names: Iterable[str]) -> list[str]:
    """Make names unique in order: the second ``list`` becomes ``list_2``."""
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate, counter = name, 2
        while candidate in seen:
            candidate, counter = f"{name}_{counter}", counter + 1
        seen.add(candidate)
        result.append(candidate)
    return result
