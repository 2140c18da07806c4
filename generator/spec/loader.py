"""Read spec files into plain data while keeping where every value came from.

PyYAML's safe loader is used with two changes that matter for OpenAPI:
scalars resolve as YAML 1.2 says (:mod:`generator.spec.yaml12`: ``no`` and
``2024-07-30`` stay strings), and duplicate keys are reported instead of
silently overwritten.
The composed node tree is kept so that any JSON pointer can be mapped back to
a line and column (see :mod:`generator.spec.locate`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml, shipped in PyYAML's wheels
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.spec.diagnostics import Diagnostic, Severity, SpecError, format_pointer
from generator.spec.input_limits import (
    check_data_depth,
    check_node_graph,
    check_size,
    check_text,
    document_limits,
    json_too_deep,
)
from generator.spec.locate import locate
from generator.spec.yaml12 import Yaml12Constructor, Yaml12Resolver

__all__ = ["SpecDocument", "display_path", "load_document", "load_text"]


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _SpecLoader(CParser, Yaml12Constructor, Yaml12Resolver):
    """Safe loader that records duplicate and non-string keys as diagnostics.

    libyaml's parser (PyYAML's wheels ship it) is about 25 times faster than the pure-Python one:
    a 4 MB spec composes in a second.
    """

    def __init__(self, stream: str, file: str) -> None:
        CParser.__init__(self, stream)
        Yaml12Constructor.__init__(self)
        Yaml12Resolver.__init__(self)
        self.file = file
        self.problems: list[Diagnostic] = []

    def _problem(self, node: Node, severity: Severity, rule: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, severity, rule, message))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):  # `!!map abc`: a tag that does not fit its node
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
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

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """A value, or None and a located error where its explicit tag makes it one JSON cannot hold.

        Explicit tags reach constructors that raise plain Python errors (``!!float nope``,
        ``!!bool maybe``, ``!!int x``) or build values no OpenAPI document holds (``!!binary``
        gives bytes, ``!!timestamp`` a datetime, ``!!set`` a set): each is a located error here.
        """
        if node.tag in _NOT_JSON_TAGS:
            self._problem(
                node,
                Severity.ERROR,
                "yaml-tag-not-json",
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} makes a value that OpenAPI (JSON) "
                "cannot hold; remove the tag",
            )
            return None
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            self.recursive_objects.pop(node, None)
            if (
                isinstance(node, ScalarNode)
                and node.tag == "tag:yaml.org,2002:int"
                and _LONG_DIGITS.match(node.value)
            ):
                self._problem(node, Severity.ERROR, "number-too-long", _TOO_LONG)
            else:
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                self._problem(
                    node,
                    Severity.ERROR,
                    "yaml-bad-value",
                    f"value is not a valid {tag} ({type(exc).__name__})",
                )
            return None


_NOT_JSON_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("binary", "timestamp", "set", "omap", "pairs")
)
_LONG_DIGITS = re.compile(r"^[-+]?[0-9_]+$")
_TOO_LONG = f"integer with more than {sys.get_int_max_str_digits()} digits; no API field holds one (quote it)"

_SpecLoader.add_constructor("tag:yaml.org,2002:map", _SpecLoader.construct_yaml_map)  # type: ignore[type-var]


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


def _yaml_error(text: str, file: str, exc: yaml.YAMLError) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: it has an offset, not a mark
        line, column = _position(text, exc.position)
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        message = f"invalid YAML: character U+{ord(character):04X} is not allowed in YAML text"
        return Diagnostic(file, line, column, Severity.ERROR, "yaml-syntax", message)
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
        raise SpecError([_yaml_error(text, file, exc)]) from None
    finally:
        loader.dispose()
    return node, data, loader.problems


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""A JSON escape of a lone UTF-16 surrogate: JSON allows it, YAML does not. Replaced by one of the same
length before JSON text is composed as YAML for locations, so every position stays where it was."""


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
            text = (
                _SURROGATE_ESCAPE.sub(r"\\u0020", self.text)
                if self.path.suffix.lower() == ".json"
                else self.text
            )
            try:
                self._node, _, _ = _compose(text, self.file)
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
            raise json_too_deep(text, file) from None
        check_data_depth(data, text, file)
        document = SpecDocument(path=path, file=file, text=text, data=data)
    else:
        node, data, problems = _compose(text, file)
        document = SpecDocument(path=path, file=file, text=text, data=data, problems=problems)
        document._node, document._composed = node, True
        if any(p.severity is Severity.ERROR for p in problems):
            raise SpecError(problems)
    _check_limits(document)
    return document


def _check_limits(document: SpecDocument) -> None:
    """Refuse, at its line, a spec larger than the generator supports (see :func:`document_limits`)."""
    breach = document_limits(document.data)
    if breach is not None:
        line, column = locate(document.node, breach.pointer)
        raise SpecError(
            [
                Diagnostic(
                    document.file,
                    line,
                    column,
                    Severity.ERROR,
                    breach.rule,
                    breach.message,
                    format_pointer(breach.pointer),
                )
            ]
        )


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
