"""Response bodies that are not JSON: text, and binary content (a recording, a PDF, a CSV file).

An operation whose success response is documented as ``text/*`` returns ``str``; one whose
response is audio, a file, any other media type or not documented at all returns a
:class:`BinaryResponse`, so the bytes are never dropped and never forced through a JSON parser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import httpx

__all__ = ["TEXT", "BinaryResponse", "ResponseView"]


class _TextBody:
    """The marker a method passes to say: return the body decoded as text."""

    def __repr__(self) -> str:
        return "TEXT"


TEXT: Final = _TextBody()


class ResponseView:
    """What every response object shows: the ``httpx.Response``, its status and headers."""

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers


class BinaryResponse(ResponseView):
    """A non-JSON response body: its bytes, media type and ways to read or save it."""

    @property
    def content_type(self) -> str:
        """The media type the server declared (``audio/wav``), without parameters; empty if none."""
        declared: str = self.http_response.headers.get("content-type", "")
        return declared.split(";")[0].strip()

    def read(self) -> bytes:
        """The whole body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text, in the charset the server declared."""
        return self.http_response.text

    def json(self) -> Any:
        """The body parsed as JSON, for a server that answers JSON where the docs said nothing."""
        return self.http_response.json()

    def iter_bytes(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes."""
        content = self.http_response.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` (replacing the file)."""
        Path(path).write_bytes(self.http_response.content)

    def __repr__(self) -> str:
        size = len(self.http_response.content)
        return f"<BinaryResponse [{self.status_code}] {self.content_type or 'unknown type'}, {size} bytes>"
