"""Map a JSON pointer in a loaded spec back to a line and column of its file.

Validators report where a problem is as a path of keys; people need a line.
The walk follows the YAML node tree and, where a key is missing because the
path went through a ``$ref`` (validators resolve references transparently),
continues at the referenced node.  Positions are those of the **key** node: a
mapping value's own mark points a line late.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["locate", "pointer_parts"]


def pointer_parts(ref: str) -> list[str] | None:
    """Split a local reference (``#/a/b~1c``) into unescaped parts; None for non-local refs."""
    if not ref.startswith("#"):
        return None
    fragment = ref[1:]
    if fragment in ("", "/"):
        return []
    if not fragment.startswith("/"):
        return None
    return [unquote(p).replace("~1", "/").replace("~0", "~") for p in fragment[1:].split("/")]


def _mapping_get(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _follow_ref(root: Node, node: MappingNode, seen: set[int]) -> Node | None:
    entry = _mapping_get(node, "$ref")
    if entry is None or not isinstance(entry[1], ScalarNode) or id(node) in seen:
        return None
    seen.add(id(node))
    parts = pointer_parts(entry[1].value)
    if parts is None:
        return None
    target = root
    for part in parts:
        step = _step(root, target, part, seen)
        if step is None:
            return None
        target = step[1]
    return target


def _step(root: Node, node: Node, part: str | int, seen: set[int]) -> tuple[Node, Node] | None:
    """One step of the walk: (node to report, node to continue from)."""
    if isinstance(node, MappingNode):
        entry = _mapping_get(node, str(part))
        if entry is not None:
            return entry
        target = _follow_ref(root, node, seen)
        return _step(root, target, part, seen) if target is not None else None
    if isinstance(node, SequenceNode):
        try:
            index = int(part)
        except ValueError:
            return None
        if 0 <= index < len(node.value):
            item = node.value[index]
            return item, item
    return None


def locate(root: Node | None, parts: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the deepest node along ``parts`` that exists; (0, 0) without a tree."""
    if root is None:
        return 0, 0
    report: Node = root
    node: Node = root
    seen: set[int] = set()
    for part in parts:
        step = _step(root, node, part, seen)
        if step is None:
            break
        report, node = step
    return report.start_mark.line + 1, report.start_mark.column + 1
