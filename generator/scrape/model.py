"""What one documentation page says, before pages are merged.

Every parser produces the same values, whatever the page format: an endpoint
(method and path, and where they were read), fields with their types and
constraints, example bodies and embedded OpenAPI fragments. Each value knows
its page and line, so the merged document can say where every field came
from and a conflict can name both pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

__all__ = [
    "ANY",
    "NAME_FROM",
    "DocField",
    "Endpoint",
    "EndpointOrigin",
    "Level",
    "PageDoc",
    "ResponseDoc",
    "ScrapeError",
    "names_webhook",
    "object_of",
]

ANY: Any = object()
"""Marker for "not stated" where ``None`` is a stated value (a ``null`` default)."""


class ScrapeError(Exception):
    """A page that cannot be understood: names the file, the line and what was not understood."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: error: {message}")


PROSE_ENUM = "x-enum-from-prose"
"""Values a description lists in prose (bullets after "Allowed values:"): an enum only where no
page lists the field's options itself (merged in :mod:`.merge`, never written)."""


NAME_FROM = "x-name-from"
"""Set on a field whose name no page of the scrape shows: the document the name was found in (see
:mod:`.name_book`). Dropped where any page of the scrape names the field itself."""


class Level(IntEnum):
    """How much a statement about a field is worth; a higher level outranks a lower one."""

    EXAMPLE = 1
    EMBEDDED = 2
    FIELD_LIST = 3


class EndpointOrigin(IntEnum):
    """Where a page's method and path were read; a higher origin outranks a lower one."""

    CURL = 1
    LINE = 2
    """A line of text naming it (``POST /user/campaign``, ``URL:`` and ``Method:``)."""
    BREADCRUMB = 3
    EMBEDDED = 4
    NOTE = 5


@dataclass(frozen=True)
class Endpoint:
    """A documented method and path (the server URL is never part of the path)."""

    method: str
    path: str
    origin: EndpointOrigin
    line: int
    server: str | None = None


@dataclass
class DocField:
    """One documented field, parameter or response property, with everything said about it.

    ``schema`` holds JSON Schema keywords other than ``properties``, ``items`` and
    ``required``; children of objects live in ``children`` and the item of an array in
    ``item`` so that pages can be merged field by field.
    """

    name: str
    location: str
    schema: dict[str, Any]
    required: bool | None
    description: str
    line: int
    level: Level = Level.FIELD_LIST
    children: list[DocField] = field(default_factory=list)
    item: DocField | None = None


@dataclass
class ResponseDoc:
    """One documented response: its description, statements of its body (root fields ``""``), example."""

    description: str = ""
    bodies: list[DocField] = field(default_factory=list)
    example: Any = ANY
    line: int = 0
    assumed: bool = False
    """Its status is not said, only assumed (fields or an example with no status: the 200); see
    :mod:`generator.scrape.assemble`, which moves it to the one success status the pages state."""
    media_type: str = ""
    """The media type an embedded OpenAPI block gives the body, where not ``application/json``."""


@dataclass
class PageDoc:
    """What one page documents.

    ``parameters`` are request parameters (``path``, ``query``, ``header``, ``cookie``);
    ``bodies`` are statements of the request body, each a root field named ``""``; ``responses`` maps a
    status code to what is said of it. Each part may come from a field list, an
    embedded OpenAPI block or an example: the fields' levels say which.
    """

    file: str
    source: str
    title: str = ""
    summary: str = ""
    endpoints: list[Endpoint] = field(default_factory=list)
    operation_id: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[DocField] = field(default_factory=list)
    bodies: list[DocField] = field(default_factory=list)
    body_required: bool | None = None
    request_example: Any = ANY
    responses: dict[str, ResponseDoc] = field(default_factory=dict)
    servers: list[str] = field(default_factory=list)
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)
    incomplete: bool = False
    listed_endpoints: list[Endpoint] = field(default_factory=list)
    """Endpoints an overview table or a line of their own names (``| GET | /v1/calls |``): operations
    of their own only where no page documents them; this page's fields are not theirs."""
    listed_summaries: dict[tuple[str, str], str] = field(default_factory=dict)
    unnamed: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """Descriptions of fields whose names the capture lost: (``body`` or a response status, the
    named field they follow or ``""``, the lines); named from the examples in :mod:`.nameless`."""
    same_as: tuple[str, int] | None = None
    """A webhook page's statement that its payload is another operation's response: that
    operation's title as the page writes it ("Get a call"), and the line (see :mod:`.same_as`)."""
    sectioned: bool = False
    """Read from one section of a page that documents several endpoints: it neither lends its
    endpoint to the page's other captures nor borrows theirs."""

    def endpoint(self) -> Endpoint | None:
        """The best-attested endpoint of the page.

        A note outranks an embedded block, which outranks the breadcrumb, then a line of text
        naming the endpoint, then a curl example.
        """
        if not self.endpoints:
            return None
        return max(self.endpoints, key=lambda e: (e.origin, -e.line))


def names_webhook(text: str) -> bool:
    """Whether a page's title or address says it documents a webhook (``/webhooks/call-completed``)."""
    return "webhook" in text.lower()


def object_of(location: str, children: list[DocField]) -> DocField:
    """A root object field holding the top-level fields of a body."""
    level = max(child.level for child in children)
    root = DocField("", location, {"type": "object"}, None, "", children[0].line, level)
    root.children = list(children)
    return root
