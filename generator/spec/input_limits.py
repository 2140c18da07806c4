"""Limits on spec input, checked before anything recursive touches it.

Specs come from scraped web pages, so a spec can be hostile. Three shapes
would crash or hang the generator rather than fail cleanly: text nested
thousands of levels deep (libyaml's composer recurses in C and overflows the
stack: a segmentation fault, not an exception), YAML aliases that expand
exponentially (a "billion laughs" document is a few hundred bytes that every
later walk visits 10^9 times), and aliases that refer to themselves. Each is
refused with a diagnostic naming the line, before parsing where the parser is
the risk, after composing where the node graph is.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, SequenceNode

from generator.spec.diagnostics import Diagnostic, Severity, SpecError

__all__ = [
    "MAX_BYTES",
    "MAX_EXPANDED_NODES",
    "MAX_NESTING",
    "check_data_depth",
    "check_node_graph",
    "check_size",
    "check_text",
]

MAX_BYTES = 50_000_000
"""Largest spec read: the largest public specs (Stripe's) are under 10 MB."""

MAX_NESTING = 100
"""Deepest nesting of mappings and sequences; real specs stay under 40."""

MAX_EXPANDED_NODES = 2_000_000
"""Most nodes a document may have once its aliases are expanded (Stripe's spec has about 700,000)."""


def _error(file: str, line: int, rule: str, message: str) -> SpecError:
    return SpecError([Diagnostic(file, line, 1 if line else 0, Severity.ERROR, rule, message)])


_TOKEN_RE = re.compile(r"[\[\]{}]|(?:(?<=[\s:\-\[{,])|^)[\"']", re.M)
"""Flow brackets, and quotes where a quoted scalar can start (an apostrophe inside a word starts none)."""


def check_size(text: str, file: str) -> None:
    """Refuse text larger than any real spec."""
    if len(text) > MAX_BYTES:
        raise _error(file, 0, "input-too-large", f"file is larger than {MAX_BYTES:,} characters")


def check_data_depth(data: object, file: str) -> None:
    """Refuse parsed data nested deeper than :data:`MAX_NESTING` (JSON input; checked iteratively)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise _error(file, 0, "input-too-deep", f"nesting deeper than {MAX_NESTING} levels")
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


def check_text(text: str, file: str) -> None:
    """Refuse YAML text too large, or nested too deep for libyaml's recursive composer."""
    check_size(text, file)
    depth = 0
    position = 0
    while match := _TOKEN_RE.search(text, position):
        token = match.group()
        position = match.end()
        if token in "\"'":  # a quoted scalar: brackets inside it are text
            end = text.find(token, position)
            position = len(text) if end < 0 else end + 1
        elif token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                raise _error(file, line, "input-too-deep", f"brackets nest deeper than {MAX_NESTING} levels")
        else:
            depth = max(depth - 1, 0)
    _check_indentation(text, file)


def _check_indentation(text: str, file: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" -")
        if len(line) - len(stripped) > 4 * MAX_NESTING:
            raise _error(file, number, "input-too-deep", f"indentation deeper than {MAX_NESTING} levels")


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
