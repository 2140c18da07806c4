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

from generator.scrape.model import DocField, Level, PageDoc
from generator.scrape.name_book import NameBook

__all__ = ["loose_lines", "name_descriptions", "name_unnamed", "without_show_marker"]

_STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "be", "by", "for", "from", "if", "in", "is", "it", "its", "of"),
        *("on", "or", "that", "the", "this", "to", "was", "were", "when", "with", "between"),
    }
)
_SHOW_RE = re.compile(r"\s*Show (?P<name>[\w.\[\]-]+) properties$")
MAX_PAIRING = 1_000_000
"""Most cells of one pairing table (descriptions × example fields)."""
_CONTINUES_RE = re.compile(r"[,;:(\-–—/&]$|\b(and|or|the|a|an)$", re.I)


def without_show_marker(text: str) -> str:
    """A description without the "Show X properties" button text a capture glued to its end."""
    return _SHOW_RE.sub("", text)


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
    found = {_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in _STOP_WORDS}
    return found | {short for word in found for short, longs in _SHORT.items() if word in longs}


_SHORT = {
    "min": frozenset({"minimum", "earliest", "least", "lowest"}),
    "max": frozenset({"maximum", "latest", "most", "highest"}),
    "id": frozenset({"identifier"}),
}
"""Abbreviations field names use for words descriptions spell out (stems of them)."""


def _stem(word: str) -> str:
    """A crude stem, the same for a word's common forms (retries/retry, scheduled/schedule)."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _name_words(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {_stem(word) for word in re.findall(r"[a-z0-9]+", spaced.lower()) if word not in _STOP_WORDS}


def _matches(name: str, description: str) -> bool:
    shown = _SHOW_RE.search(description)
    if shown is not None:
        return shown["name"] == name
    words = _name_words(name)
    return bool(words) and words <= _words(description)


def _walk(node: DocField, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], DocField]]:
    """(path, field) of every named field of an example tree, depth first in the example's order."""
    children = node.item.children if node.item is not None else node.children
    for child in children:
        here = (*path, child.name)
        yield here, child
        yield from _walk(child, here)


def _pairing(lines: list[str], paths: list[tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """Line index to field path: the most pairs that keep both orders, each pair on evidence.

    Pages are kilobytes; a capture whose pairing table would exceed ``MAX_PAIRING`` cells is
    not paired at all (its lines stay unnamed, the page incomplete) rather than stall the scrape.
    """
    rows, cols = len(lines), len(paths)
    if rows * cols > MAX_PAIRING:
        return {}
    fits = [[_matches(path[-1], line) for path in paths] for line in lines]
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            paired = 1 + best[i + 1][j + 1] if fits[i][j] else 0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs: dict[int, tuple[str, ...]] = {}
    i = j = 0
    while i < rows and j < cols:
        if fits[i][j] and best[i][j] == 1 + best[i + 1][j + 1]:
            pairs[i] = paths[j]
            i, j = i + 1, j + 1
        elif best[i + 1][j] > best[i][j + 1]:  # on a tie, keep the line and pass the field
            i += 1
        else:
            j += 1
    return pairs


def name_descriptions(
    anchor: str, loose: list[str], examples: list[DocField], *, least: float = 0.0
) -> list[str]:
    """Give ``loose`` descriptions to the examples' fields; the descriptions it placed.

    Each example is paired on its own, keeping its order and the descriptions' (the most pairs
    the evidence allows, after ``anchor`` where the example has it; fields that have a
    description are not taken): several examples of one body each show some of its fields in
    the page's order, their union does not. A description goes where every example that
    pairs it agrees; where two disagree, nowhere. Unless at least ``least`` of the lines find
    a field, none is placed (lines that mostly name nothing are prose, not a field list).
    """
    chosen: dict[int, set[tuple[str, ...]]] = {}
    nodes: dict[tuple[str, ...], list[DocField]] = {}
    for example in examples:
        walked = list(_walk(example))
        for path, node in walked:
            nodes.setdefault(path, []).append(node)
        start = (
            next((at + 1 for at, (path, _) in enumerate(walked) if path[-1] == anchor), 0) if anchor else 0
        )
        free = [path for path, node in walked[start:] if not node.description]
        for line, path in _pairing(loose, free).items():
            chosen.setdefault(line, set()).add(path)
    placements = [
        (line, next(iter(paths)))
        for line, paths in sorted(chosen.items())
        if len(paths) == 1 and not any(node.description for node in nodes[next(iter(paths))])
    ]
    if len(placements) < least * len(loose):
        return []
    for line, path in placements:
        for node in nodes[path]:
            node.description = without_show_marker(loose[line]).strip()
    return [loose[line] for line, _ in placements]


def name_unnamed(
    docs: list[PageDoc], book: NameBook | None = None, operation: tuple[str, str] = ("", "")
) -> None:
    """Name every capture's unnamed descriptions: from the examples, then from ``book``.

    The examples are those of every capture of the operation; the book holds another vendor's
    pages or a previous scrape (see :mod:`.name_book`).
    A capture whose descriptions are not all placed is marked incomplete; lines outside any
    field block count as a field list only when at least half of them name a field. Parameters
    have no example to be named from: only the book names them.
    """
    for doc in docs:
        for place, anchor, lines in doc.unnamed:
            parameter = place in _PARAMETER_PLACES
            examples = (
                []
                if parameter
                else [
                    body
                    for other in docs
                    for body in (other.bodies if place == "body" else _response_bodies(other, place))
                    if body.level is Level.EXAMPLE
                ]
            )
            # inside a named field's block the names were lost for certain; outside, only if
            # most of the lines name a field
            placed = name_descriptions(anchor, lines, examples, least=0.0 if anchor else 0.5)
            left = [line for line in lines if line not in placed]
            if book is not None and (parameter or place == "body"):
                placed += _borrow(doc, place, left, book, operation)
            if anchor or parameter:
                doc.incomplete |= len(placed) < len(lines)
            else:
                doc.incomplete |= bool(placed) and len(placed) < len(lines)


_PARAMETER_PLACES = ("path", "query", "header")


def _borrow(
    doc: PageDoc, place: str, lines: list[str], book: NameBook, operation: tuple[str, str]
) -> list[str]:
    """Name ``lines`` from the book's fields with the same description; the lines it named."""
    named: list[str] = []
    for line in lines:
        description = without_show_marker(line).strip()
        found = book.lookup(description, (place,), operation)
        if found is None:
            continue
        node = book.field(found, description, 0)
        (doc.bodies if place == "body" else doc.parameters).append(node)
        named.append(line)
    return named


def _response_bodies(doc: PageDoc, status: str) -> list[DocField]:
    response = doc.responses.get(status)
    return response.bodies if response is not None else []
