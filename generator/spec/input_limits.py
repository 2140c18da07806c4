"""Limits on spec input, checked before anything recursive touches it.

Specs come from scraped web pages, so a spec can be hostile. Three shapes
would crash or hang the generator rather than fail cleanly: text nested
thousands of levels deep (libyaml's composer recurses in C and overflows the
stack: a segmentation fault, not an exception), YAML aliases that expand
exponentially (a "billion laughs" document is a few hundred bytes that every
later walk visits 10^9 times), and aliases that refer to themselves. Each is
refused with a diagnostic naming the line, before parsing where the parser is
the risk, after composing where the node graph is. Specs larger than the
generator supports (too many operations, unions too wide) are refused right
after parsing, before minutes of validation and modelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml, shipped in PyYAML's wheels
from yaml.events import CollectionEndEvent, CollectionStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from generator.spec.diagnostics import Diagnostic, Severity, SpecError

__all__ = [
    "MAX_BRANCHES",
    "MAX_BYTES",
    "MAX_EXPANDED_NODES",
    "MAX_NESTING",
    "MAX_OPERATIONS",
    "LimitBreach",
    "check_data_depth",
    "check_node_graph",
    "check_size",
    "check_text",
    "document_limits",
]

MAX_BYTES = 50_000_000
"""Largest spec read: the largest public specs (Stripe's) are under 10 MB."""

MAX_NESTING = 100
"""Deepest nesting of mappings and sequences; real specs stay under 40."""

MAX_EXPANDED_NODES = 2_000_000
"""Most nodes a document may have once its aliases are expanded (Stripe's spec has about 700,000)."""


MAX_OPERATIONS = 5_000
"""Most operations in one spec. The largest public single-file specs have about 1,200 (Telnyx); at
5,000 a generation already takes minutes, and 20,000 took 8.5 minutes with no sign of progress."""

MAX_BRANCHES = 250
"""Widest ``oneOf``/``anyOf``/``allOf``. Stripe's widest has 17. A union of a few hundred classes is
already unreadable in a signature, and past about 330 Python's own ``ast`` recursion gives up on it."""

_COMBINATORS = ("oneOf", "anyOf", "allOf")
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


@dataclass(frozen=True)
class LimitBreach:
    """A part of a parsed spec beyond what the generator supports; the loader locates it."""

    pointer: tuple[str | int, ...]
    rule: str
    message: str


def _error(file: str, line: int, rule: str, message: str) -> SpecError:
    return SpecError([Diagnostic(file, line, 1 if line else 0, Severity.ERROR, rule, message)])


def check_size(text: str, file: str) -> None:
    """Refuse text larger than any real spec."""
    if len(text) > MAX_BYTES:
        raise _error(file, 0, "input-too-large", f"file is larger than {MAX_BYTES:,} characters")


def check_data_depth(data: object, text: str, file: str) -> None:
    """Refuse parsed JSON nested deeper than :data:`MAX_NESTING` (checked iteratively), with its line."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise json_too_deep(text, file)
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


_JSON_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
"""A JSON string (brackets inside it are text) or a bracket: JSON has no other way to hide one."""


def json_too_deep(text: str, file: str) -> SpecError:
    """The error for JSON text nested too deep, at the bracket that opens level ``MAX_NESTING + 1``."""
    depth = 0
    for match in _JSON_TOKEN_RE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                return _error(file, line, "input-too-deep", f"JSON nests deeper than {MAX_NESTING} levels")
        elif token in "]}":
            depth -= 1
    return _error(file, 0, "input-too-deep", f"JSON nests deeper than {MAX_NESTING} levels")


def document_limits(data: Any) -> LimitBreach | None:
    """The first part of a parsed spec too large for the generator: operations, then combinators.

    Checked right after parsing, so such a spec is refused in a fraction of a second instead of
    after minutes of validation and modelling (or a ``RecursionError`` deep inside them).
    """
    if not isinstance(data, dict):
        return None
    operations = 0
    for section in ("paths", "webhooks"):
        items = data.get(section)
        if isinstance(items, dict):
            for item in items.values():
                if isinstance(item, dict):
                    operations += sum(1 for key in item if key in _METHODS)
    if operations > MAX_OPERATIONS:
        return LimitBreach(
            ("paths",),
            "too-many-operations",
            f"{operations:,} operations; vendorgen generates at most {MAX_OPERATIONS:,} from one spec "
            "(split it, by tag for example)",
        )
    wide = _widest_combinator(data)
    if wide is None:
        return None
    holder, key = wide
    return LimitBreach(
        (*_pointer_to(data, holder), key),
        "combinator-too-wide",
        f"{key} with {len(holder[key]):,} branches; vendorgen supports at most {MAX_BRANCHES}",
    )


def _widest_combinator(data: Any) -> tuple[dict[str, Any], str] | None:
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key in _COMBINATORS:
                branches = value.get(key)
                if isinstance(branches, list) and len(branches) > MAX_BRANCHES:
                    return value, key
            stack.extend(child for child in value.values() if isinstance(child, dict | list))
        elif isinstance(value, list):
            stack.extend(child for child in value if isinstance(child, dict | list))
    return None


def _pointer_to(data: Any, target: object) -> tuple[str | int, ...]:
    """The path of ``target`` (found by identity) in ``data``; searched only once a limit is broken."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if value is target:
            return path
        if isinstance(value, dict):
            stack.extend(
                (child, (*path, key)) for key, child in value.items() if isinstance(child, dict | list)
            )
        elif isinstance(value, list):
            stack.extend(
                (child, (*path, index)) for index, child in enumerate(value) if isinstance(child, dict | list)
            )
    return ()


def check_text(text: str, file: str) -> None:
    """Refuse YAML text too large, or nested too deep for libyaml's recursive composer.

    The nesting is counted on libyaml's own parse events, which its parser
    produces from an explicit stack (no recursion): every construct that nests
    (block and flow collections, compact ``- -`` entries, explicit ``? ?`` keys,
    nesting hidden behind text a heuristic would take for a quote) opens a
    collection event, so the limit never depends on the composer's. The scan
    stops at the first level past the limit, so a hostile document costs little.
    """
    check_size(text, file)
    parser = CParser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None and not isinstance(event, StreamEndEvent):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    line = event.start_mark.line + 1 if event.start_mark is not None else 0
                    raise _error(
                        file,
                        line,
                        "input-too-deep",
                        f"YAML collections nest deeper than {MAX_NESTING} levels",
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: composing reports it, with its location
    finally:
        parser.dispose()


def check_node_graph(root: Node | None, file: str) -> None:
    """Refuse a composed YAML graph nested too deep, expanding too far through aliases, or cyclic.

    Iterative, and each node's expanded size is computed once, so a bomb costs
    linear time to detect.
    """
    if root is None:
        return
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                raise _error(
                    file,
                    node.start_mark.line + 1,
                    "yaml-alias-expansion",
                    f"YAML aliases expand this document past {MAX_EXPANDED_NODES:,} nodes",
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _error(file, node.start_mark.line + 1, "yaml-alias-cycle", "a YAML alias refers to itself")
        if depth > MAX_NESTING:
            raise _error(
                file, node.start_mark.line + 1, "input-too-deep", f"nesting deeper than {MAX_NESTING} levels"
            )
        on_path.add(key)
        stack.append((node, depth, True))
        for child in children:
            if id(child) in on_path:
                raise _error(
                    file, child.start_mark.line + 1, "yaml-alias-cycle", "a YAML alias refers to itself"
                )
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []
