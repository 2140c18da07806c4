"""What an operation's responses are on the wire: JSON, text or binary, and the ``Accept`` header.

A client that forces ``Accept: application/json`` gets a 406 from a server that only speaks
``audio/wav``, and one that parses every body as JSON returns ``None`` for a recording. The
kind of the success response decides what a method returns; the media types of every
documented response decide what it asks for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.spec.walk import JSON_MEDIA, resolve_local

__all__ = ["ResponseShape", "response_shape"]

_TEXT_MEDIA = re.compile(r"^text/[\w.+-]+(;.*)?$")
_NO_CONTENT = frozenset({"204", "205", "304"})
DEFAULT_ACCEPT = "application/json"
"""What the client asks for unless an operation documents something else."""


@dataclass(frozen=True)
class ResponseShape:
    """How a method reads its success response, and what its requests accept."""

    kind: Literal["json", "text", "binary", "undocumented", "none"]
    """``undocumented``: a success response with no ``content``: whatever the server sends."""
    accept: str


def _media_types(document: Any, operation: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    responses = operation.get("responses")
    for response in (responses or {}).values() if isinstance(responses, Mapping) else ():
        resolved = resolve_local(document, response)
        content = resolved.get("content") if isinstance(resolved, Mapping) else None
        if isinstance(content, Mapping):
            found += [str(media) for media in content if str(media) not in found]
    return found


def _kind(code: str, content: Any) -> Literal["json", "text", "binary", "undocumented", "none"]:
    if not isinstance(content, Mapping) or not content:
        return "none" if code in _NO_CONTENT else "undocumented"  # decoded as it comes, never dropped
    media = [str(m) for m in content]
    if any(JSON_MEDIA.match(m) for m in media):
        return "json"
    if any(_TEXT_MEDIA.match(m) for m in media):
        return "text"
    return "binary"


def response_shape(
    document: Any, operation: Mapping[str, Any], success: tuple[str, Any] | None
) -> ResponseShape:
    """The shape of an operation's success response (``success``: its status code and response)."""
    kind: Literal["json", "text", "binary", "undocumented", "none"] = "none"
    if success is not None:
        kind = _kind(success[0], success[1].get("content") if isinstance(success[1], Mapping) else None)
    media = _media_types(document, operation)
    json_media = [m for m in media if JSON_MEDIA.match(m) and m != "*/*"]
    others = [m for m in media if m not in json_media]
    if kind in ("binary", "undocumented") and not media:
        return ResponseShape(kind, "*/*")
    if not others:
        return ResponseShape(kind, DEFAULT_ACCEPT)
    accept = ([DEFAULT_ACCEPT] if json_media else []) + [m.split(";")[0].strip() for m in others]
    return ResponseShape(kind, ", ".join(dict.fromkeys(accept)))
