"""Where in the new spec a change is: the line a GitHub annotation points at.

A change names its operation (``POST /calls``) and a place inside it
(``query.limit``, ``agent.name``, ``responses.200.id``); this walks the
same way through the spec's YAML node tree, following ``$ref`` as
:func:`generator.spec.locate.locate` does, and stops at the deepest node
that exists, so a removed property points at its old parent and a removed
operation at its path item (or the top of the file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.review.diff import Change
from generator.spec.loader import SpecDocument
from generator.spec.locate import locate
from generator.spec.walk import body_media, resolve_local

__all__ = ["change_line"]

_PARAMETER = re.compile(r"^(path|query|header|cookie)\.")
_OPERATION_FIELDS = {"operation-id-changed", "tag-changed", "security-changed"}
_RESPONSE = re.compile(r"^responses\.(\d\w*)\.?(.*)$")


def _operation_parts(label: str) -> list[str]:
    words = label.split(" ")
    if words[0] == "webhook" and len(words) == 3:
        return ["webhooks", words[1], words[2].lower()]
    if len(words) == 2:
        return ["paths", words[1], words[0].lower()]
    return []


def _media_parts(document: SpecDocument, holder: Any) -> list[str]:
    resolved = resolve_local(document.data, holder)
    content = resolved.get("content") if isinstance(resolved, Mapping) else None
    chosen = body_media(content) if isinstance(content, Mapping) else None
    return ["content", chosen[0], "schema"] if chosen else []


def _property_parts(place: str) -> list[str]:
    parts: list[str] = []
    for name in re.sub(r"<[^>]*>", "", place).split("."):
        if not name:
            continue
        items = name.endswith("[]")
        parts += ["properties", name.removesuffix("[]")]
        if items:
            parts.append("items")
    return parts


def change_line(document: SpecDocument, change: Change) -> int:
    """The 1-based line of ``change`` in ``document`` (1 when nothing of it is there)."""
    if change.location.startswith("components."):
        parts: list[str] = change.location.split(".")
    elif change.location.startswith("models."):
        parts = ["components", "schemas", change.after or change.location.removeprefix("models.")]
    else:
        parts = _operation_parts(change.operation)
        operation = document.data
        for part in parts:
            operation = operation.get(part) if isinstance(operation, Mapping) else None
        response = _RESPONSE.match(change.location)
        if not parts or _PARAMETER.match(change.location) or not isinstance(operation, Mapping):
            pass
        elif response:
            holder = (operation.get("responses") or {}).get(response.group(1))
            parts += ["responses", response.group(1), *_media_parts(document, holder)]
            parts += _property_parts(response.group(2))
        elif change.rule in _OPERATION_FIELDS or (
            change.rule == "docs-changed" and change.message.startswith("operation ")
        ):
            parts.append(change.location)  # the operation's own key (a property may share its name)
        elif change.location not in ("", "path") and not change.location.startswith("body<"):
            parts += ["requestBody", *_media_parts(document, operation.get("requestBody"))]
            parts += _property_parts(change.location)
    line, _ = locate(document.node, parts)
    return max(line, 1)
