"""Descriptions whose field names a capture lost, named from the example body beside them.

Captures of rendered pages sometimes keep only the descriptions of a field list: the names were
in markup the capture dropped, so after one named field comes a run of one-line descriptions
("The unique ID of the created lead", "The timestamp when the lead was created"). Joined to the
named field's description they would be nonsense; dropped, the documentation is lost. The
example body usually holds those fields in the same order, so each description is matched to an
example field after the named one, in order, and only on evidence: every word of the field's
name must be in its description ("created_at" needs "created", "campaign_id" both "campaign"
and "id"), or the description names it ("Show variables properties"). The description then
documents that example field; a description nothing matches stays where it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from generator.scrape.model import DocField

__all__ = ["loose_lines", "name_descriptions"]

_STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "be", "by", "for", "from", "if", "in", "is", "it", "its", "of"),
        *("on", "or", "that", "the", "this", "to", "was", "were", "when", "with"),
    }
)
_SHOW_RE = re.compile(r"\s*Show (?P<name>[\w.\[\]-]+) properties$")
_CONTINUES_RE = re.compile(r"[,;:(\-–—/&]$|\b(and|or|the|a|an)$", re.I)


def loose_lines(description: list[str]) -> list[str]:
    """The lines of a field's description that may be other fields' (one per line, no names).

    A line counts when it follows another line of the same paragraph, starts with a capital and
    the line before it does not run on (no trailing comma, colon or ``and``).
    """
    loose: list[str] = []
    for before, line in pairwise(description):
        if before and line and line[:1].isupper() and not _CONTINUES_RE.search(before):
            loose.append(line)
    return loose


def _words(text: str) -> set[str]:
    return {_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in _STOP_WORDS}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _name_words(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return _words(spaced.replace("_", " ").replace("-", " "))


def _matches(name: str, description: str) -> bool:
    shown = _SHOW_RE.search(description)
    if shown is not None:
        return shown["name"] == name
    words = _name_words(name)
    return bool(words) and words <= _words(description)


def _walk(node: DocField) -> Iterator[DocField]:
    """Every named field of an example tree, depth first in the example's order."""
    children = node.item.children if node.item is not None else node.children
    for child in children:
        yield child
        yield from _walk(child)


def name_descriptions(anchor: str, loose: list[str], example: DocField) -> list[str]:
    """Give ``loose`` descriptions to the example fields after ``anchor``; the ones it placed.

    The pairing keeps both orders (descriptions and example fields) and pairs as many as the
    evidence allows; an example field that already has a description is not taken.
    """
    fields = list(_walk(example))
    start = next((index + 1 for index, field in enumerate(fields) if field.name == anchor), 0)
    candidates = [field for field in fields[start:] if not field.description]
    rows, cols = len(loose), len(candidates)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            paired = 1 + best[i + 1][j + 1] if _matches(candidates[j].name, loose[i]) else 0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    placed: list[str] = []
    i = j = 0
    while i < rows and j < cols:
        if _matches(candidates[j].name, loose[i]) and best[i][j] == 1 + best[i + 1][j + 1]:
            candidates[j].description = _SHOW_RE.sub("", loose[i]).strip()
            placed.append(loose[i])
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return placed
