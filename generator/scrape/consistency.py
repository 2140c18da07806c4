"""Examples and defaults that contradict the fields documented beside them.

Documentation pages often show an example that disagrees with the field list
(a placeholder ``123`` above a documented maximum of 10, ``null`` for an
object). The field list outranks the example, so such a value is left out of
the spec, and the disagreement is recorded in ``x-docs-conflict`` where a
reviewer sees it instead of being dropped silently.

An example a documentation tool generated from the field list (Mintlify writes ``"<string>"``
for every string, ``123`` for every number) is no example: it says nothing the fields do not,
and no value in it is one the API takes. It still tells the scraper which fields the body has
(see :mod:`.examples`), but it is not written as the media type's ``example``, where it would
contradict the first enum or pattern a reviewer adds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

__all__ = ["drop_contradicted_examples", "is_generated_example"]

_PLACEHOLDER_RE = re.compile(r"<[a-z][a-z0-9 _-]*>")


def is_generated_example(value: Any) -> bool:
    """Whether an example holds a documentation tool's type placeholder (``"<string>"``)."""
    if isinstance(value, str):
        return _PLACEHOLDER_RE.fullmatch(value) is not None
    if isinstance(value, dict):
        return any(is_generated_example(item) for item in value.values())
    if isinstance(value, list):
        return any(is_generated_example(item) for item in value)
    return False


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
    """Remove examples and defaults that fail their schema from a media type object, noting each.

    A generated example goes too, without a note: it was never the vendor's.
    """
    if "example" in media and is_generated_example(media["example"]):
        del media["example"]
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
