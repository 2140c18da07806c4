"""Check every ``$ref`` of a document before anything resolves it.

openapi-spec-validator stops at the first dangling reference with an
exception whose text is the whole spec; external references would make it
read files or fetch URLs.  So references are checked here first: dangling and
external ones become diagnostics, and the validator gets a copy in which they
are replaced by an empty schema, letting it report everything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.spec.diagnostics import Severity
from generator.spec.locate import pointer_parts
from generator.spec.walk import resolve_local

__all__ = ["Finding", "check_refs", "iter_refs", "without_bad_refs"]

Path = tuple[str | int, ...]
Finding = tuple[Path, Severity, str, str]


def iter_refs(value: Any, location: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every ``$ref`` string with the location of the mapping that holds it."""
    stack: list[tuple[Any, Path]] = [(value, location)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield where, ref
            for key in reversed(list(node)):
                stack.append((node[key], (*where, key)))
        elif isinstance(node, list):
            for index in reversed(range(len(node))):
                stack.append((node[index], (*where, index)))


def _is_bad(document: Any, ref: str) -> tuple[str, str] | None:
    if pointer_parts(ref) is None:
        return "ref-external", (
            f"external $ref {ref!r} is not allowed: specs must be self-contained "
            "(no file reads or network fetches)"
        )
    if resolve_local(document, {"$ref": ref}) is None:
        return "ref-unresolved", f"$ref {ref!r} does not resolve to anything in this document"
    return None


def check_refs(document: Any) -> list[Finding]:
    """Findings for external and dangling references, located at the ``$ref`` key."""
    findings: list[Finding] = []
    for where, ref in iter_refs(document):
        bad = _is_bad(document, ref)
        if bad is not None:
            findings.append(((*where, "$ref"), Severity.ERROR, bad[0], bad[1]))
    return findings


def without_bad_refs(document: Any) -> Any:
    """A copy where every external or dangling ``$ref`` mapping is replaced by ``{}``."""

    def copy(node: Any) -> Any:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and _is_bad(document, ref) is not None:
                return {}
            return {key: copy(value) for key, value in node.items()}
        if isinstance(node, list):
            return [copy(item) for item in node]
        return node

    return copy(document)
