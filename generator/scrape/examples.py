"""curl commands and example bodies: endpoints, servers, auth headers and inferred schemas.

Example bodies are the weakest evidence a page gives: generated examples carry
placeholder values (``"<string>"``, ``123``, ``[{}]``), so a schema inferred
from one only ever fills gaps that no field list or embedded OpenAPI fills.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from generator.scrape.model import ANY, DocField, Level

__all__ = ["Curl", "find_curls", "infer_field", "json_value_at", "method_of"]

_CURL_START_RE = re.compile(r"^\s*curl\b")
_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


@dataclass
class Curl:
    """One curl command of a page."""

    line: int
    method: str | None = None
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = ANY
    complete: bool = True
    query: list[tuple[str, str]] = field(default_factory=list)
    """The URL's query string, split off ``url``: a request's path never holds it."""

    def query_parameters(self) -> list[DocField]:
        """The query parameters the URL sends, as example-level fields typed from their values."""
        return [
            replace(infer_field(name, "query", _query_value(value), self.line), required=None)
            for name, value in dict(self.query).items()
        ]


def find_curls(lines: list[str], first_line: int = 1) -> list[tuple[Curl, int]]:
    """Every curl command in ``lines``, with the index of the line after it."""
    found: list[tuple[Curl, int]] = []
    index = 0
    while index < len(lines):
        if not _CURL_START_RE.match(lines[index]):
            index += 1
            continue
        end, words = _command_words(lines, index)
        found.append(
            (_parse(words, first_line + index, complete=words is not None, text=lines[index:end]), end)
        )
        index = end
    return found


def _command_words(lines: list[str], start: int) -> tuple[int, list[str] | None]:
    """Read lines until they form a whole shell command (quotes closed, no trailing backslash)."""
    text = ""
    for end in range(start, min(len(lines), start + 400)):
        text += lines[end] + "\n"
        if lines[end].rstrip().endswith("\\"):
            continue
        try:
            return end + 1, shlex.split(text.replace("\\\n", " "))
        except ValueError:
            continue
    return min(len(lines), start + 400), None


def _parse(words: list[str] | None, line: int, *, complete: bool, text: list[str]) -> Curl:
    curl = Curl(line=line, complete=complete)
    if words is None:
        words = _salvage_words(" ".join(text))
    index = 1
    while index < len(words):
        word = words[index]
        value = words[index + 1] if index + 1 < len(words) else None
        if word in ("-X", "--request") and value:
            curl.method = value.upper()
            index += 2
        elif word in ("-H", "--header") and value:
            name, _, header_value = value.partition(":")
            curl.headers[name.strip()] = header_value.strip()
            index += 2
        elif word in ("-d", "--data", "--data-raw", "--data-binary") and value is not None:
            curl.data = _json_or_text(value)
            index += 2
        elif word == "--url" and value:
            curl.url = value
            index += 2
        elif word.startswith(("http://", "https://")):
            curl.url = word
            index += 1
        else:
            index += 1
    if curl.url and "?" in curl.url:
        curl.url, _, query = curl.url.partition("?")
        curl.query = parse_qsl(query.partition("#")[0], keep_blank_values=True)
    if curl.method is None and curl.url:
        curl.method = "POST" if curl.data is not ANY else "GET"
    return curl


def _query_value(text: str) -> Any:
    """What a query value of an example URL stands for: ``20`` a number, ``true`` a flag, else text."""
    if re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    return text


def _salvage_words(text: str) -> list[str]:
    """Words of a command cut mid-quote: what precedes the open quote still counts."""
    head = re.split(r"\s(?:-d|--data(?:-raw|-binary)?)\s", text, maxsplit=1)[0]
    try:
        return shlex.split(head.replace("\\\n", " ").replace("\\", " "))
    except ValueError:
        return head.split()


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return ANY


def json_value_at(lines: list[str], index: int) -> tuple[Any, int, bool]:
    """The JSON value starting at ``lines[index]``: (value, index after it, complete).

    A value cut by the end of the capture gives (ANY, end of the text, False).
    """
    text = "\n".join(lines[index:])
    try:
        value, consumed = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        return ANY, _end_of_block(lines, index), False
    return value, index + text[:consumed].count("\n") + 1, True


def _end_of_block(lines: list[str], index: int) -> int:
    """Where a cut JSON block ends: the first line after it that does not look like JSON."""
    for end in range(index + 1, len(lines)):
        stripped = lines[end].strip()
        if stripped and not re.match(r'^[\[\]{}",\d-]|^(true|false|null)\b', stripped):
            return end
    return len(lines)


def unflattened(value: dict[str, Any], owner: str) -> dict[str, Any]:
    """An example object with path-like keys turned into nesting, as generated examples write them.

    Inside the items of ``post_call_schema``, ``"post_call_schema[].name"`` is ``name``; at any
    level, ``"end_call_tool.description"`` is ``description`` inside ``end_call_tool``. A key that
    stays path-like cannot be placed and is left out rather than invented as a field name.
    """
    result: dict[str, Any] = {}
    for raw, child in value.items():
        key = str(raw)
        if owner and key.startswith(f"{owner}."):
            key = key.removeprefix(f"{owner}.")
        if "[]" in key:
            continue
        head, dot, rest = key.partition(".")
        if not dot:
            result.setdefault(head, child)
        elif head:
            nested = result.get(head)
            result[head] = {**(nested if isinstance(nested, dict) else {}), rest: child}
    return {
        k: (unflattened(v, k) if isinstance(v, dict) and any("." in str(x) for x in v) else v)
        for k, v in result.items()
    }


MAX_INFERRED_DEPTH = 32
"""Deeper example values are not inferred: no documented body nests that far."""


def infer_field(name: str, location: str, value: Any, line: int, depth: int = 0) -> DocField:
    """A field tree inferred from an example value (level EXAMPLE); values stay on the example itself."""
    node = DocField(
        name=name, location=location, schema={}, required=None, description="", line=line, level=Level.EXAMPLE
    )
    if isinstance(value, bool):
        node.schema["type"] = "boolean"
    elif isinstance(value, int):
        node.schema["type"] = "integer"
    elif isinstance(value, float):
        node.schema["type"] = "number"
    elif isinstance(value, str):
        node.schema["type"] = "string"
    elif depth >= MAX_INFERRED_DEPTH:
        node.schema["type"] = "object" if isinstance(value, dict) else "array"
    elif isinstance(value, dict):
        node.schema["type"] = "object"
        node.children = [
            infer_field(key, location, child, line, depth + 1)
            for key, child in unflattened(value, name).items()
        ]
    elif isinstance(value, list):
        node.schema["type"] = "array"
        items = [item for item in value if item is not None and item != {}]
        if items or value:
            node.item = infer_field(f"{name}[]", location, (items or value)[0], line, depth + 1)
            node.item.name = ""
    return node


def method_of(word: str) -> str | None:
    """The HTTP method named by ``word``, if it names one."""
    upper = word.strip().upper()
    return upper if upper in _METHODS else None
