"""What a success response becomes: a model, text, binary content, or a raw response to parse later.

JSON is parsed into the documented model (leniently: a vendor's new field or enum value is
kept, not an error). An operation whose success response is documented as ``text/*`` returns
``str``; one whose response is audio, a file, any other media type or not documented at all
returns a :class:`BinaryResponse`, so the bytes are never dropped and never forced through a
JSON parser.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Generic, TypeVar, cast

import httpx
from pydantic import TypeAdapter, ValidationError

from ._exceptions import APIResponseValidationError
from ._context import lenient_parsing

__all__ = [
    "TEXT",
    "UNDOCUMENTED",
    "APIResponse",
    "BinaryResponse",
    "ResponseView",
    "decode_json",
    "is_json_media",
    "parse_response",
    "type_adapter",
]

T = TypeVar("T")


class _Marker:
    """What a method passes instead of a type, for a body that is not parsed into a model."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


TEXT: Final = _Marker("TEXT")
"""Return the body decoded as text."""
UNDOCUMENTED: Final = _Marker("UNDOCUMENTED")
"""The docs say nothing of the body: JSON decoded, anything else a :class:`BinaryResponse`, none None."""


def is_json_media(declared: str) -> bool:
    """Whether a media type (``application/json; charset=utf-8``, ``application/problem+json``) is JSON."""
    essence = declared.split(";")[0].strip().lower()
    return essence == "application/json" or (essence.startswith("application/") and essence.endswith("+json"))


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

    @property
    def content_type(self) -> str:
        """The media type the server declared (``audio/wav``), without parameters; empty if none."""
        declared: str = self.http_response.headers.get("content-type", "")
        return declared.split(";")[0].strip()


class BinaryResponse(ResponseView):
    """A non-JSON response body: its bytes, media type and ways to read or save it."""

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


@lru_cache(maxsize=512)
def type_adapter(target: Any) -> TypeAdapter[Any]:
    """One compiled validator per type, shared by every call."""
    return TypeAdapter(target)


def decode_json(response: httpx.Response) -> Any:
    """The body's JSON. Raises ValueError for anything unreadable: bad JSON or UTF-8, an integer
    past Python's digit limit, nesting deeper than the decoder's recursion (a hostile server)."""
    try:
        return json.loads(response.content) if response.content else None
    except RecursionError:
        raise ValueError("JSON nested too deep to decode") from None


def parse_response(response: httpx.Response, cast_to: Any) -> Any:
    """Parse a success response into ``cast_to`` (None: no body expected), leniently.

    ``TEXT`` returns the body as text and :class:`BinaryResponse` wraps it: neither is JSON.
    """
    if cast_to is None:
        return None
    if cast_to is BinaryResponse:
        return BinaryResponse(response)
    if cast_to is TEXT:
        return response.text
    if cast_to is UNDOCUMENTED:
        if not response.content:
            return None
        if not is_json_media(response.headers.get("content-type", "")):
            return BinaryResponse(response)
        cast_to = Any
    try:
        data = decode_json(response)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, digit limit, depth
        raise APIResponseValidationError(
            f"response body is not valid JSON: {exc}", response=response, body=response.text
        ) from None
    try:
        with lenient_parsing():
            return type_adapter(cast_to).validate_python(data)
    except ValidationError as exc:
        raise APIResponseValidationError(
            f"response does not match the documented shape: {exc.error_count()} error(s); first: "
            f"{'.'.join(str(p) for p in exc.errors()[0]['loc'])}: {exc.errors()[0]['msg']}",
            response=response,
            body=data,
        ) from None


class APIResponse(ResponseView, Generic[T]):
    """A raw response with its status and headers, parsed into the documented model on demand."""

    def __init__(self, http_response: httpx.Response, cast_to: Any) -> None:
        super().__init__(http_response)
        self._cast_to = cast_to

    def parse(self) -> T:
        """The body as the operation's documented response type."""
        return cast(T, parse_response(self.http_response, self._cast_to))

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.http_response.request.url}>"
