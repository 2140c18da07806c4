"""Examples and defaults that contradict the fields documented beside them.

Documentation pages often show an example that disagrees with the field list
(a placeholder ``123`` above a documented maximum of 10, ``null`` for an
object). The field list outranks the example, so such a value is left out of
the spec, and the disagreement is recorded in ``x-docs-conflict`` where a
reviewer sees it instead of being dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

__all__ = ["drop_contradicted_examples"]


def _problem(schema: dict[str, Any], value: Any) -> str | None:
    error = best_match(Draft202012Validator(schema).iter_errors(value))
    if error is None:
        return None
    where = "".join(f"[{part!r}]" for part in error.absolute_path)
    return f"{where or 'the value'}: {error.message}"


def _note(holder: dict[str, Any], text: str) -> None:
    existing = holder.get("x-docs-conflict")
    holder["x-docs-conflict"] = f"{existing}; {text}" if existing else text


def _schemas(schema: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(schema, dict):
        return
    yield schema
    for child in (schema.get("properties") or {}).values():
        yield from _schemas(child)
    yield from _schemas(schema.get("items"))


def drop_contradicted_examples(media: dict[str, Any]) -> None:
    """Remove examples and defaults that fail their schema from a media type object, noting each."""
    schema = media.get("schema")
    if not isinstance(schema, dict):
        return
    for node in _schemas(schema):
        bare = {key: value for key, value in node.items() if key not in ("examples", "default")}
        if "default" in node and (problem := _problem(bare, node["default"])):
            _note(
                node,
                f"documented default {node.pop('default')!r} contradicts the field ({problem}); left out",
            )
        kept = [value for value in node.get("examples", []) if _problem(bare, value) is None]
        if "examples" in node and len(kept) != len(node["examples"]):
            _note(node, "an example contradicts the field's documented type or range; left out")
            if kept:
                node["examples"] = kept
            else:
                del node["examples"]
    if "example" in media and (problem := _problem(schema, media["example"])):
        del media["example"]
        _note(media, f"the page's example contradicts its documented fields ({problem}); left out")
