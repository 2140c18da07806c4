"""OpenAPI documents embedded in a page, often cut off by the capture.

A page may hold a fenced ``yaml METHOD /path`` block with a whole OpenAPI
document, or the first part of one. What parses is salvaged: lines are dropped
from the end until the rest is valid YAML, references are resolved inside the
fragment, and a reference to a part that was cut away marks the page incomplete
instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.scrape.model import DocField, Level, ScrapeError
from generator.spec.diagnostics import SpecError
from generator.spec.input_limits import check_node_graph, check_text
from generator.spec.yaml12 import load_yaml12

__all__ = ["Salvaged", "resolve_refs", "salvage_yaml", "schema_to_field"]

_MAX_DEPTH = 64


@dataclass
class Salvaged:
    """The parsed part of a YAML text and whether anything had to be dropped."""

    value: Any
    complete: bool


def salvage_yaml(text: str, file: str, line: int) -> Salvaged:
    """Parse ``text``, dropping trailing lines until it parses; an empty result is an error."""
    try:
        check_text(text, file)
    except SpecError as exc:
        raise ScrapeError(file, line + exc.diagnostics[0].line, exc.diagnostics[0].message) from None
    lines = text.splitlines()
    for keep in range(len(lines), 0, -1):
        part = "\n".join(lines[:keep])
        try:
            check_node_graph(yaml.compose(part, Loader=yaml.SafeLoader), file)
            value = load_yaml12(part)
        except yaml.YAMLError:
            continue
        except SpecError as exc:
            raise ScrapeError(file, line + exc.diagnostics[0].line, exc.diagnostics[0].message) from None
        if isinstance(value, dict):
            return Salvaged(value, complete=keep == len(lines))
        break
    raise ScrapeError(
        file, line, "the embedded OpenAPI block is not a YAML mapping in any of its leading lines"
    )


def resolve_refs(value: Any, document: dict[str, Any]) -> tuple[Any, bool]:
    """``value`` with local ``$ref``s replaced by what they point at; False when one was missing or cyclic."""
    complete = True

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        nonlocal complete
        if len(seen) > _MAX_DEPTH:
            complete = False
            return {}
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = _pointer(document, ref)
            if target is None or ref in seen:
                complete = False
                return {key: walk(item, seen) for key, item in node.items() if key != "$ref"}
            siblings = {key: walk(item, seen) for key, item in node.items() if key != "$ref"}
            resolved = walk(target, (*seen, ref))
            return {**resolved, **siblings} if isinstance(resolved, dict) else resolved
        return {key: walk(item, seen) for key, item in node.items()}

    return walk(value, ()), complete


def _pointer(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for escaped in ref[2:].split("/"):
        part = escaped.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


_STRUCTURE_KEYS = {"properties", "items", "required"}


def schema_to_field(
    name: str, location: str, schema: Any, line: int, level: Level, required: bool | None
) -> DocField:
    """A field tree from a JSON Schema (``required`` lists become flags on the children)."""
    schema = _as_31(schema) if isinstance(schema, dict) else {}
    node = DocField(
        name=name,
        location=location,
        schema={
            key: value for key, value in schema.items() if key not in _STRUCTURE_KEYS and key != "description"
        },
        required=required,
        description=str(schema.get("description", "")).strip(),
        line=line,
        level=level,
    )
    properties = schema.get("properties")
    if isinstance(properties, dict):
        required_names = schema.get("required") if isinstance(schema.get("required"), list) else []
        node.children = [
            schema_to_field(str(key), location, child, line, level, key in required_names)
            for key, child in properties.items()
        ]
        node.schema.setdefault("type", "object")
    if "items" in schema:
        node.item = schema_to_field("", location, schema["items"], line, level, None)
    return node


def _as_31(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0 spellings in 3.1: ``nullable`` is a ``null`` type, ``example`` an ``examples`` list."""
    result = dict(schema)
    if result.pop("nullable", False) is True and isinstance(result.get("type"), str):
        result["type"] = [result["type"], "null"]
    if "example" in result:
        result.setdefault("examples", [result.pop("example")])
    return result
