"""A spec written back with only what changed: its order, comments, quoting and wrapping kept.

A reviewer reads the diff of ``openapi.yaml``; a re-dumped file turns one changed field into
hundreds of changed lines. So the new document is applied to a round-trip (ruamel.yaml) tree
of the old text, key by key: unchanged nodes keep their text, removed keys go, new keys are
inserted where the new document puts them. The result is checked to read back (with the
project's own YAML loader) as exactly the new document; if it does not, the whole document is
dumped afresh and the caller is told so.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from generator.spec.yaml12 import dump_yaml, load_yaml12

__all__ = ["document_text", "edited_text"]

_WIDTH = 4096  # never re-wrap: the committed text keeps its own line breaks


def document_text(document: Mapping[str, Any]) -> str:
    """A document as YAML in its own key order: the same document always gives the same bytes."""
    return dump_yaml(dict(document))


# Block-sequence styles (mapping, sequence, offset): indented "- " items, PyYAML's flush ones.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 0))


def _round_trip(style: tuple[int, int, int]) -> YAML:
    handler = YAML(typ="rt")
    mapping, sequence, offset = style
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    handler.width = _WIDTH
    handler.preserve_quotes = True
    handler.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return handler


def _same(old: Any, new: Any) -> bool:
    """Equal as data, and of the same kind (``True`` is not ``1``)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and bool(old) == new
    return bool(old == new)


def _as_written(value: Any) -> Any:
    """A new value as it must be written: strings YAML 1.1 would read as something else quoted.

    The project reads specs as YAML 1.2 (where ``off``, ``yes`` or ``1_000`` are plain strings),
    but other tools may read them as YAML 1.1: a string either reading would take for something
    else is quoted.
    """
    if isinstance(value, Mapping):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    if isinstance(value, str) and not isinstance(value, SingleQuotedScalarString):
        try:
            misread = yaml.load(value, Loader=yaml.CSafeLoader) != value or load_yaml12(value) != value
        except yaml.YAMLError:
            misread = True
        return SingleQuotedScalarString(value) if misread else value
    return value


def _sync(node: Any, new: Any) -> Any:
    """``node`` (a round-trip tree) changed in place to hold ``new``; returns the node to keep."""
    if isinstance(node, CommentedMap) and isinstance(new, Mapping):
        for key in [key for key in node if key not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node:
                kept = _sync(node[key], value)
                if kept is not node[key]:
                    node[key] = kept
            else:
                node.insert(min(position, len(node)), key, _as_written(value))
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list) and len(node) == len(new):
        for index, value in enumerate(new):
            kept = _sync(node[index], value)
            if kept is not node[index]:
                node[index] = kept
        return node
    if not isinstance(new, Mapping | list) and not isinstance(node, CommentedMap | CommentedSeq):
        return node if _same(node, new) else _as_written(new)
    return _as_written(new)


def edited_text(old_text: str, new: Mapping[str, Any]) -> tuple[str, bool]:
    """``old_text`` edited to hold ``new``, and whether the edit kept the old text's style.

    ``False`` means the edited text did not read back as ``new`` (a YAML 1.1/1.2 difference, say)
    and the document was dumped afresh instead.
    """
    handler = _style_of(old_text)
    tree = handler.load(old_text) if handler is not None else None
    if handler is not None and isinstance(tree, CommentedMap):
        _sync(tree, new)
        text = _dump(handler, tree)
        if load_yaml12(text) == dict(new):  # as the project's loader reads it
            return text, True
    return document_text(new), False


def _dump(handler: YAML, tree: Any) -> str:
    out = io.StringIO()
    handler.dump(tree, out)
    return out.getvalue()


def _style_of(text: str) -> YAML | None:
    """The indentation style that writes ``text`` back unchanged, or the one closest to it."""
    best: tuple[int, YAML] | None = None
    for style in _STYLES:
        handler = _round_trip(style)
        written = _dump(handler, handler.load(text))
        if written == text:
            return handler
        distance = sum(1 for a, b in zip(written.splitlines(), text.splitlines(), strict=False) if a != b)
        if best is None or distance < best[0]:
            best = (distance, handler)
    return best[1] if best is not None else None
