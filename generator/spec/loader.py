"""Read spec files into plain data while keeping where every value came from.

PyYAML's safe loader is used with two changes that matter for OpenAPI:
timestamps stay strings (``2024-07-30`` is an example value, not a date
object), and duplicate keys are reported instead of silently overwritten.
The composed node tree is kept so that any JSON pointer can be mapped back to
a line and column (see :mod:`generator.spec.locate`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml, shipped in PyYAML's wheels
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.input_limits import check_data_depth, check_node_graph, check_size, check_text

__all__ = ["SpecDocument", "display_path", "load_document", "load_text"]


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _SpecResolver(yaml.resolver.Resolver):
    """YAML 1.1 resolution without the timestamp rule."""


_SpecResolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _SpecLoader(CParser, yaml.constructor.SafeConstructor, _SpecResolver):
    """Safe loader that records duplicate and non-string keys as diagnostics.

    libyaml's parser (PyYAML's wheels ship it) is about 25 times faster than the pure-Python one:
    a 4 MB spec composes in a second.
    """

    def __init__(self, stream: str, file: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _SpecResolver.__init__(self)
        self.file = file
        self.problems: list[Diagnostic] = []

    def _problem(self, node: Node, severity: Severity, rule: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, severity, rule, message))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                self._problem(
                    key_node,
                    Severity.WARNING,
                    "yaml-key-not-string",
                    f"mapping key {key!r} is not a string but {type(key).__name__}; " f"quote it ('{key}')",
                )
                key = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            if key in mapping:
                self._problem(
                    key_node,
                    Severity.ERROR,
                    "yaml-duplicate-key",
                    f"duplicate key {key!r}: a later value would silently replace an earlier one",
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        """An integer, or a located error where Python refuses its digits (over 4,300 of them)."""
        try:
            value: int = super().construct_yaml_int(node)
        except ValueError:
            self._problem(node, Severity.ERROR, "number-too-long", _TOO_LONG)
            return 0
        return value


_TOO_LONG = f"integer with more than {sys.get_int_max_str_digits()} digits; no API field holds one (quote it)"

_SpecLoader.add_constructor("tag:yaml.org,2002:map", _SpecLoader.construct_yaml_map)  # type: ignore[type-var]
_SpecLoader.add_constructor("tag:yaml.org,2002:int", _SpecLoader.construct_yaml_int)  # type: ignore[type-var]


class _UnreadableNumberError(Exception):
    """A JSON number Python cannot read, carried out of the decoder with its text."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _json_int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:
        raise _UnreadableNumberError(digits) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _load_json(text: str, file: str) -> Any:
    """JSON data; duplicate keys and unreadable numbers are located errors, never a silent choice."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_json_int)
    except _UnreadableNumberError as exc:
        line, column = _position(text, max(text.find(exc.digits), 0))
        raise SpecError(
            [Diagnostic(file, line, column, Severity.ERROR, "number-too-long", _TOO_LONG)]
        ) from None
    if duplicates:
        raise SpecError(_json_duplicates(text, file, duplicates))
    return data


def _json_duplicates(text: str, file: str, keys: list[str]) -> list[Diagnostic]:
    """Where each duplicate key is: JSON is YAML, so the YAML loader's own check locates them."""
    try:
        _, _, problems = _compose(text, file)
    except SpecError:
        problems = []
    located = [
        dataclasses.replace(p, rule="json-duplicate-key") for p in problems if p.rule == "yaml-duplicate-key"
    ]
    message = "duplicate key {!r}: a later value would silently replace an earlier one"
    return located or [
        Diagnostic(file, 1, 1, Severity.ERROR, "json-duplicate-key", message.format(k)) for k in keys
    ]


def _yaml_error(file: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return Diagnostic(file, line, column, Severity.ERROR, "yaml-syntax", message)


def _compose(text: str, file: str) -> tuple[Node | None, Any, list[Diagnostic]]:
    check_text(text, file)
    loader = _SpecLoader(text, file)
    try:
        node = loader.get_single_node()
        check_node_graph(node, file)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise SpecError([_yaml_error(file, exc)]) from None
    finally:
        loader.dispose()
    return node, data, loader.problems


@dataclass
class SpecDocument:
    """A loaded spec: its data, its text and, on demand, its node tree for locations."""

    path: Path
    file: str
    text: str
    data: Any
    problems: list[Diagnostic] = field(default_factory=list)
    _node: Node | None = None
    _composed: bool = False

    @property
    def sha256(self) -> str:
        """Hash of the exact bytes read, for lock files and change detection."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def node(self) -> Node | None:
        """The YAML node tree, composed lazily: JSON files only need it to report a location."""
        if not self._composed:
            self._composed = True
            try:
                self._node, _, _ = _compose(self.text, self.file)
            except SpecError:
                self._node = None
        return self._node


def load_text(text: str, path: Path) -> SpecDocument:
    """Parse spec text (YAML or JSON) that was read from ``path``.

    Raises:
        SpecError: the text is not valid YAML/JSON, or has duplicate keys.

    """
    file = display_path(path)
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise SpecError(
            [Diagnostic(file, line, column, Severity.ERROR, "yaml-syntax", "file contains a NUL byte")]
        )
    if path.suffix.lower() == ".json":
        check_size(text, file)
        try:
            data = _load_json(text, file)
        except json.JSONDecodeError as exc:
            raise SpecError(
                [
                    Diagnostic(
                        file, exc.lineno, exc.colno, Severity.ERROR, "json-syntax", f"invalid JSON: {exc.msg}"
                    )
                ]
            ) from None
        except RecursionError:
            raise SpecError(
                [Diagnostic(file, 0, 0, Severity.ERROR, "input-too-deep", "JSON nests too deep to read")]
            ) from None
        check_data_depth(data, file)
        return SpecDocument(path=path, file=file, text=text, data=data)
    node, data, problems = _compose(text, file)
    document = SpecDocument(path=path, file=file, text=text, data=data, problems=problems)
    document._node, document._composed = node, True
    if any(p.severity is Severity.ERROR for p in problems):
        raise SpecError(problems)
    return document


def load_document(path: Path) -> SpecDocument:
    """Read and parse a spec file.

    Raises:
        SpecError: the file cannot be read or parsed.

    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(
            [
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    Severity.ERROR,
                    "file-unreadable",
                    f"cannot read file: {exc.strerror}",
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(
            [
                Diagnostic(
                    display_path(path),
                    0,
                    0,
                    Severity.ERROR,
                    "file-encoding",
                    f"not UTF-8 text (byte {exc.start})",
                )
            ]
        ) from None
    return load_text(text, path)
