"""What a spec says that the generated client does not do, named by operation and feature.

A client that quietly leaves out part of a spec is wrong in a way its user cannot see: a body
media type with no method, a header the client sets itself, a callback, an operation's own
server. Each such gap is reported as a warning at its place in the spec; gaps of one feature in
many operations are one warning with a count (see :func:`grouped`), most frequent first, so that
a spec with 500 of them is one line, not a flood.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.build.operations import CLIENT_HEADERS, FORM_STYLES
from generator.spec.walk import OperationSite, iter_operations, request_media, resolve_local

__all__ = ["Gap", "find_gaps", "grouped"]

Path = tuple[str | int, ...]

_SHOWN = 3
"""Operations a grouped warning names before it counts the rest."""


@dataclass(frozen=True)
class Gap:
    """One thing of one operation that the client does not express."""

    location: Path
    operation: str
    feature: str


def _request_gaps(document: Any, site: OperationSite) -> Iterator[Gap]:
    body = resolve_local(document, site.operation.get("requestBody"))
    content = body.get("content") if isinstance(body, Mapping) else None
    if not isinstance(content, Mapping):
        return
    kinds = {media: kind for kind, media, _ in request_media(content)}
    offered = set(kinds)
    for media in content:
        if str(media) not in offered:
            yield Gap(
                (*site.location, "requestBody", "content", str(media)),
                site.label,
                f"request body as {media} (no schema, or another media type of the same kind is used)",
            )
        encoding = content[media].get("encoding") if isinstance(content[media], Mapping) else None
        if any(_unapplied(kinds.get(str(media)) == "form", spec) for spec in (encoding or {}).values()):
            yield Gap(
                (*site.location, "requestBody", "content", str(media), "encoding"),
                site.label,
                "per-part `encoding` of a form body (part headers, allowReserved, multipart styles)",
            )


def _unapplied(urlencoded: bool, spec: Any) -> bool:
    """Whether an ``encoding`` entry asks for what the client does not do.

    Applied: a multipart file part's ``contentType``; an urlencoded field's ``style`` and
    ``explode`` (every style a query parameter has). Not: part headers, ``allowReserved``,
    styles of multipart parts, a style OpenAPI does not define.
    """
    if not isinstance(spec, Mapping):
        return True
    applied = {"contentType"}
    if urlencoded:
        applied |= {"style", "explode"}
        if spec.get("style", "form") not in FORM_STYLES:
            return True
    return bool(set(spec) - applied)


def _site_gaps(document: Any, site: OperationSite) -> Iterator[Gap]:
    yield from _request_gaps(document, site)
    for owner, base in ((site.path_item, site.location[:2]), (site.operation, site.location)):
        if owner.get("servers"):
            yield Gap((*base, "servers"), site.label, "servers of its own (the client's base_url is used)")
        for index, raw in enumerate(owner.get("parameters") or []):
            parameter = resolve_local(document, raw)
            if not isinstance(parameter, Mapping):
                continue
            name = str(parameter.get("name", ""))
            if parameter.get("in") == "header" and name.lower() in CLIENT_HEADERS:
                yield Gap(
                    (*base, "parameters", index),
                    site.label,
                    f"header parameter {name} (the client sets it itself)",
                )
            if "content" in parameter and "schema" not in parameter:
                feature = f"parameter {name} given as `content` (sent as text)"
                yield Gap((*base, "parameters", index), site.label, feature)
    if site.operation.get("callbacks"):
        yield Gap((*site.location, "callbacks"), site.label, "callbacks")
    if isinstance(site.operation.get("security"), list) and site.operation["security"] != document.get(
        "security"
    ):
        yield Gap(
            (*site.location, "security"),
            site.label,
            "security of its own (the client sends its one scheme with every request)",
        )


def find_gaps(document: Any) -> list[Gap]:
    """Every gap of every client operation (``paths``; webhooks are models only), in document order."""
    return [
        gap
        for site in iter_operations(document)
        if site.section == "paths"
        for gap in _site_gaps(document, site)
    ]


def grouped(gaps: list[Gap]) -> list[tuple[Path, str]]:
    """One (location, message) per feature, the most frequent first, naming a few operations."""
    by_feature: dict[str, list[Gap]] = {}
    for gap in gaps:
        by_feature.setdefault(gap.feature, []).append(gap)
    ranked = sorted(by_feature.items(), key=lambda item: (-len(item[1]), item[0]))
    messages = []
    for feature, found in ranked:
        names = ", ".join(gap.operation for gap in found[:_SHOWN])
        more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
        count = f"{len(found)} operations: " if len(found) > 1 else ""
        messages.append((found[0].location, f"not generated: {feature} ({count}{names}{more})"))
    return messages
