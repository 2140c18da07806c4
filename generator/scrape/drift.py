"""What changed between two documents, location by location, and on which page it is said.

The drift report lists every differing location of two scrapes (or of a spec and what its
scrape and overlay give): a removed or added subtree once, at its root; a changed value with
its old and new value; parameters matched by name and place, not by position, so one new
parameter is one change (such a location reads ``/parameters/agentId@query``). Each change
names the page its field comes from (the nearest ``x-source``) and, where the page still
says it, the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.scrape.apply import ABSENT, pointer_of
from generator.scrape.pages import Page

__all__ = ["FieldChange", "attribute", "leaf_changes", "located_changes", "location_of", "show", "show_pair"]


@dataclass(frozen=True)
class FieldChange:
    """One location whose value differs: where (see :func:`location_of`), old and new value, page and line."""

    pointer: str
    old: Any
    new: Any
    where: str = ""

    @property
    def kind(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.old is ABSENT:
            return "added"
        return "removed" if self.new is ABSENT else "changed"


def _keyed(items: Sequence[Any]) -> dict[str, Any] | None:
    """Parameters (and other lists of named objects) keyed by name and place; None for other lists."""
    named = all(isinstance(item, Mapping) and isinstance(item.get("name"), str) for item in items)
    if not items or not named:
        return None
    keys = [f"{item['name']}@{item.get('in', '')}" for item in items]
    return dict(zip(keys, items, strict=True)) if len(set(keys)) == len(keys) else None


def _walk(old: Any, new: Any, parts: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old, *(key for key in new if key not in old)]:
            yield from _walk(old.get(key, ABSENT), new.get(key, ABSENT), (*parts, key))
        return
    if isinstance(old, list) and isinstance(new, list):
        old_keyed, new_keyed = _keyed(old), _keyed(new)
        if old_keyed is not None and new_keyed is not None:
            for key in [*old_keyed, *(key for key in new_keyed if key not in old_keyed)]:
                yield from _walk(old_keyed.get(key, ABSENT), new_keyed.get(key, ABSENT), (*parts, key))
            return
        if len(old) == len(new) and any(isinstance(item, Mapping | list) for item in old):
            for index, (old_item, new_item) in enumerate(zip(old, new, strict=True)):
                yield from _walk(old_item, new_item, (*parts, index))
            return
    if old is ABSENT and new is ABSENT:
        return
    if type(old) is not type(new) or old != new:
        yield parts, old, new


def leaf_changes(old: Any, new: Any) -> list[tuple[tuple[Any, ...], Any, Any]]:
    """Every differing location of ``old`` and ``new``, as (location, old value, new value)."""
    return list(_walk(old, new, ()))


_NOISE = frozenset({"content", "application/json", "properties"})
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def location_of(parts: tuple[Any, ...]) -> str:
    """A location as a reader says it: ``PATCH /campaigns/{id} requestBody/schema/agentId``.

    Operations are named by method and path, ``content/application/json`` and ``properties``
    steps are left out; anything else is its JSON pointer.
    """
    if len(parts) >= 3 and parts[0] in ("paths", "webhooks") and str(parts[2]).lower() in _METHODS:
        rest = [str(part) for part in parts[3:] if part not in _NOISE]
        head = f"{str(parts[2]).upper()} {parts[1]}"
        return f"{head} {'/'.join(rest)}" if rest else head
    return pointer_of(parts) or "/"


def show(value: Any, limit: int = 160) -> str:
    """A value as one short line of JSON (``(absent)`` for a missing one)."""
    if value is ABSENT:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return _cut(text, limit)


def show_pair(old: Any, new: Any, limit: int = 160) -> tuple[str, str]:
    """Old and new value as :func:`show` writes them, cut so that where they differ is seen.

    Two long texts that differ past the first ``limit`` characters (one more field named in a
    long note, a word changed at the end of a description) would otherwise print the same
    prefix twice: both start a little before their first difference, the common part elided.
    """
    if old is ABSENT or new is ABSENT:
        return show(old, limit), show(new, limit)
    old_text = json.dumps(old, ensure_ascii=False, sort_keys=False)
    new_text = json.dumps(new, ensure_ascii=False, sort_keys=False)
    if max(len(old_text), len(new_text)) <= limit:
        return old_text, new_text
    first = next(
        (index for index, (a, b) in enumerate(zip(old_text, new_text, strict=False)) if a != b),
        min(len(old_text), len(new_text)),
    )
    start = max(0, first - _CONTEXT)
    if start < _CONTEXT:  # they differ near the start: no prefix worth eliding
        return show(old, limit), show(new, limit)
    return _cut("…" + old_text[start:], limit), _cut("…" + new_text[start:], limit)


_CONTEXT = 40
"""Characters shown before the first difference of two long values."""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _source_of(document: Any, parts: tuple[Any, ...]) -> str | None:
    """The ``x-source`` nearest to a location, looking from it towards the root."""
    nodes = [document]
    for part in parts:
        node = nodes[-1]
        indexed = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if (isinstance(node, Mapping) and part in node) or indexed:
            nodes.append(node[part])
        elif isinstance(node, list):
            named = _keyed(node) or {}
            if part not in named:
                break
            nodes.append(named[part])
        else:
            break
    for node in reversed(nodes):
        if isinstance(node, Mapping) and "x-source" in node:
            source = node["x-source"]
            return str(source[0] if isinstance(source, list) and source else source)
    return None


def _needle(parts: tuple[Any, ...], old: Any, new: Any) -> str | None:
    """What to look for on the page: the field's name, a value a list gained, or a changed text."""
    value = new if new is not ABSENT else old
    if isinstance(value, str) and parts and parts[-1] in ("description", "summary") and value.strip():
        return value.strip()[:40]
    if isinstance(new, list):
        gained = [
            item
            for item in new
            if isinstance(item, str) and item not in (old if isinstance(old, list) else [])
        ]
        if gained:
            return gained[0]
    for part in reversed(parts):
        if isinstance(part, str) and part not in _KEYWORDS:
            return part.split("@", 1)[0]
    return None


_KEYWORDS = frozenset(
    {
        *("properties", "items", "schema", "content", "application/json", "requestBody", "responses"),
        *("parameters", "type", "format", "description", "enum", "default", "minimum", "maximum"),
        *("minLength", "maxLength", "minItems", "maxItems", "pattern", "required", "example", "examples"),
        *("summary", "x-source", "x-docs-conflict", "x-docs-incomplete", "nullable"),
    }
)


def attribute(
    parts: tuple[Any, ...],
    old_doc: Any,
    new_doc: Any,
    old: Any,
    new: Any,
    pages: Sequence[Page],
    changed_lines: Mapping[str, str] | None = None,
) -> str:
    """``file:line`` on the current pages where the changed field is said, or the page that said it.

    A field the page no longer names has no line of its own: the first changed line of its page
    (from ``changed_lines``, page label to ``file:line``) is where it went.
    """
    source = _source_of(new_doc, parts) if new is not ABSENT else None
    source = source or _source_of(old_doc, parts)
    if source is None:
        return ""
    needle = _needle(parts, old, new)
    candidates = [page for page in pages if page.label == source]
    if needle is not None and new is not ABSENT:
        pattern = re.compile(rf"(?<![\w-]){re.escape(needle)}(?![\w-])")
        for page in candidates:
            for index, line in enumerate(page.lines):
                if pattern.search(line):
                    return f"{page.file}:{page.line_of(index)}"
    if changed_lines and source in changed_lines:
        return f"{changed_lines[source]} (where the page changed)"
    if candidates:
        state = "no longer on the page" if new is ABSENT else "page"
        return f"{candidates[0].file} ({state})"
    return f"{source} (no longer read)"


def located_changes(
    old_doc: Any, new_doc: Any, pages: Sequence[Page], changed_lines: Mapping[str, str] | None = None
) -> list[FieldChange]:
    """Every differing location, each with its page and line."""
    return [
        FieldChange(
            location_of(parts), old, new, attribute(parts, old_doc, new_doc, old, new, pages, changed_lines)
        )
        for parts, old, new in leaf_changes(old_doc, new_doc)
    ]
