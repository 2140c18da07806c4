"""A fingerprint of every line of every page read, so no change to a page goes unseen.

The scrape only sees what the scraper understands: a field renamed inside an example the
scraper does not read would leave the scrape, and so the spec, unchanged. ``pages.lock``
records a short hash of each line of each page (keyed by the page's label, the same on
every machine), so an update can say which lines of which page changed even when the
scrape did not, without the project keeping copies of the vendors' pages.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.scrape.pages import Page

__all__ = ["LOCK_FILE", "LineChange", "line_changes", "lock_data", "lock_text"]

LOCK_FILE = "pages.lock"
_FORMAT = 1


@dataclass(frozen=True)
class LineChange:
    """Lines of one page that changed: where (file:line on the current page), and how."""

    page: str
    where: str
    kind: str  # "changed", "added", "removed", "new page", "page gone"
    lines: tuple[str, ...] = ()


def _line_hash(line: str) -> str:
    return hashlib.sha256(line.rstrip().encode()).hexdigest()[:6]


def _by_label(pages: Sequence[Page]) -> dict[str, list[tuple[Page, int]]]:
    grouped: dict[str, list[tuple[Page, int]]] = {}
    for page in pages:
        grouped.setdefault(page.label, []).extend((page, index) for index in range(len(page.lines)))
    return grouped


def lock_data(pages: Sequence[Page]) -> dict[str, Any]:
    """The lock of these pages: per page label, the hashes of its lines in order."""
    grouped = _by_label(pages)
    return {
        "format": _FORMAT,
        "pages": {
            label: " ".join(_line_hash(page.lines[index]) for page, index in grouped[label])
            for label in sorted(grouped)
        },
    }


def lock_text(data: Mapping[str, Any]) -> str:
    """The lock as JSON, one page per line: a changed page is one changed line of the diff."""
    pages = data["pages"]
    rows = [f"    {json.dumps(label)}: {json.dumps(pages[label])}" for label in sorted(pages)]
    body = ",\n".join(rows)
    return f'{{\n  "format": {data["format"]},\n  "pages": {{\n{body}\n  }}\n}}\n'


def line_changes(old: Mapping[str, Any] | None, pages: Sequence[Page]) -> list[LineChange]:
    """Every run of changed lines between the locked pages and these, on the current pages' lines."""
    if old is None:
        return []
    before: Mapping[str, str] = old.get("pages", {})
    grouped = _by_label(pages)
    changes: list[LineChange] = []
    for label in sorted(set(before) | set(grouped)):
        if label not in grouped:
            changes.append(LineChange(label, label, "page gone"))
            continue
        lines = grouped[label]
        if label not in before:
            first = lines[0][0] if lines else None
            where = f"{first.file}:{first.first_line}" if first is not None else label
            changes.append(LineChange(label, where, "new page"))
            continue
        old_hashes = before[label].split()
        new_hashes = [_line_hash(page.lines[index]) for page, index in lines]
        matcher = difflib.SequenceMatcher(a=old_hashes, b=new_hashes, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if j1 < j2:
                page, index = lines[j1]
                text = tuple(page.lines[idx] for page, idx in lines[j1:j2])
                kind = "changed" if tag == "replace" else "added"
                changes.append(LineChange(label, f"{page.file}:{page.line_of(index)}", kind, text))
            else:
                anchor = lines[j1 - 1] if j1 > 0 else lines[0] if lines else None
                where = f"{anchor[0].file}:{anchor[0].line_of(anchor[1])}" if anchor else label
                changes.append(LineChange(label, where, "removed", (f"{i2 - i1} line(s) removed here",)))
    return changes
