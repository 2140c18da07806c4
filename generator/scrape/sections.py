"""What every page format shares: section headings, endpoint notes and auth headers."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from generator.scrape.model import Endpoint, EndpointOrigin

__all__ = ["Section", "auth_schemes_from_headers", "endpoint_from_note", "field_location", "section_of"]


class Section(Enum):
    """The part of a page a field belongs to."""

    NONE = "none"
    AUTH = "auth"
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    BODY = "body"
    RESPONSE = "response"


_HEADINGS = [
    (Section.AUTH, re.compile(r"^(authori[sz]ations?|authentication|security)$", re.I)),
    (Section.PATH, re.compile(r"^path( parameters| params)?$", re.I)),
    (Section.QUERY, re.compile(r"^query( parameters| params| string)?$", re.I)),
    (Section.HEADER, re.compile(r"^(request )?headers?( parameters| params)?$", re.I)),
    (
        Section.BODY,
        re.compile(
            r"^(request )?body( parameters| params| fields)?$|^request( body)?$"
            r"|^payload( structure| fields)?$",
            re.I,
        ),
    ),
    (Section.RESPONSE, re.compile(r"^responses?( body| fields| schema)?$|^returns$", re.I)),
]


def section_of(heading: str, current: Section) -> Section:
    """The section a heading opens; other headings keep the current section."""
    text = re.sub(r"\s*\([^)]*\)$", "", heading.strip().rstrip(":"))  # "Body (JSON)", "Response (200)"
    for section, pattern in _HEADINGS:
        if pattern.match(text):
            return section
    return current


def field_location(section: Section) -> str:
    """Where a field listed under ``section`` goes: the section's own name; outside any, the body."""
    return "body" if section is Section.NONE else section.value


_NOTE_RE = re.compile(
    r"\b(?:actual|real|correct) endpoint\b[^A-Za-z/`]*`?(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+"
    r"(?P<target>(?:https?://|/)[^\s`]*)",
    re.I,
)


def endpoint_from_note(line: str, line_number: int) -> Endpoint | None:
    """The endpoint a note such as "Actual endpoint: `POST https://host/path/`" names."""
    match = _NOTE_RE.search(line)
    if match is None:
        return None
    return Endpoint(match["method"].upper(), match["target"].rstrip(".,;)"), EndpointOrigin.NOTE, line_number)


_PLACEHOLDER_RE = re.compile(r"<[^>]+>|\byour[_ -]|YOUR_|\{\{?[^}]+\}\}?|\.\.\.|x{4,}", re.I)
_SECRET_NAME_RE = re.compile(r"key|token|auth|secret", re.I)


def auth_schemes_from_headers(headers: dict[str, str], description: str) -> dict[str, dict[str, Any]]:
    """Security schemes shown by request headers: ``Authorization: Bearer`` or an API-key header.

    A header counts when its value is a placeholder (``<api-key>``, ``YOUR_TOKEN``) or when it
    comes from an authorization section (``description`` is then its text).
    """
    schemes: dict[str, dict[str, Any]] = {}
    for name, value in headers.items():
        stated = bool(description) or bool(_PLACEHOLDER_RE.search(value))
        if not stated:
            continue
        if name.lower() == "authorization":
            words = (value + " " + description).lower()
            if "bearer" in words:
                schemes["BearerAuth"] = {"type": "http", "scheme": "bearer"}
                continue
            if "basic" in words:
                schemes["BasicAuth"] = {"type": "http", "scheme": "basic"}
                continue
        if name.lower() == "authorization" or _SECRET_NAME_RE.search(name) or description:
            schemes["ApiKeyAuth"] = {"type": "apiKey", "in": "header", "name": name}
    return schemes
