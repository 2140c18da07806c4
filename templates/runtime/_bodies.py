"""Request bodies that are not JSON: multipart uploads, urlencoded forms, raw bytes and text.

Each is encoded the way OpenAPI describes it, never as ``str()`` of a Python value:

- ``multipart/form-data``: one part per field; a file part takes ``bytes``, a binary file object,
  a path (``pathlib.Path``) or a ``(filename, content[, content_type])`` tuple; arrays are
  repeated parts, objects JSON parts (``application/json``). Every part travels as a part, so the
  body is multipart even when no file is given.
- ``application/x-www-form-urlencoded``: arrays repeat their key (``a=1&a=2``); an object's
  properties become keys of their own (``style: form``, ``explode: true``, OpenAPI's default).
- other media types (``application/octet-stream``, ``audio/wav``): the bytes as given, from
  ``bytes``, a binary file object or an iterator of chunks; ``text/plain``: the string, UTF-8.
  A file is streamed in chunks, never read whole; a seekable one is sent from where it stood,
  with its ``Content-Length``, and again from there on a retry. An iterator can be sent only
  once: a request with one is never retried after its body went out (a retry would have sent
  an empty body).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from ._params import query_pairs, wire_scalar
from ._response import is_json_media
from ._validation import validate_request
from ._types import Omit

if TYPE_CHECKING:
    from ._models import VendorModel

__all__ = [
    "FileChunks",
    "FileContent",
    "FileInput",
    "RawContent",
    "async_content",
    "content_length",
    "form_fields",
    "multipart_parts",
    "raw_content",
    "replayable",
    "with_extra_fields",
]

FileContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""What a file part accepts: content, or content with its file name (and media type)."""
RawContent: TypeAlias = bytes | IO[bytes] | Iterable[bytes]
"""What a raw body accepts: the bytes, a binary file object, or an iterator of chunks."""

Part: TypeAlias = tuple[str, tuple[str | None, Any] | tuple[str | None, Any, str | None]]
M = TypeVar("M", bound="VendorModel")


def _validated(
    model: type[M], fields: Mapping[str, Any], files: Mapping[str, Any]
) -> tuple[M, dict[str, Any]]:
    """The model of the non-file fields, strictly checked, and the files given, by wire name.

    Each file given is checked for presence, not content: ``b""`` stands in for it, so that a
    required file field validates (a file object or a path is not a value the model can check).
    """
    given = {name: value for name, value in fields.items() if not isinstance(value, Omit)}
    file_values = {wire: value for wire, value in files.items() if not isinstance(value, Omit)}
    placeholders = {
        wire: [] if isinstance(value, list) else b""
        for wire, value in file_values.items()
        if value is not None
    }
    return cast(M, validate_request(model, {**given, **placeholders})), file_values


def _file_part(name: str, value: Any, media_type: str | None) -> tuple[str | None, Any, str | None]:
    """One file part: (file name, content, media type); the documented type unless the caller gave one."""
    if isinstance(value, tuple):
        filename, content, *given = value
        content = Path(content).read_bytes() if isinstance(content, os.PathLike) else content
        return (filename, content, given[0] if given else media_type)
    if isinstance(value, os.PathLike):
        path = Path(value)
        return (path.name, path.read_bytes(), media_type)
    if isinstance(value, bytes | bytearray):
        return (name, bytes(value), media_type)
    if isinstance(value, str):  # text given as the file's content
        return (name, value.encode("utf-8"), media_type)
    filename = value.name if isinstance(value, io.FileIO | io.BufferedReader) else None
    return (Path(filename).name if isinstance(filename, str) else name, value, media_type)


def _json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _field_parts(name: str, value: Any, media_type: str | None) -> Iterator[Part]:
    """A field's parts: one per array item, objects as JSON, each with its documented media type.

    A field documented as JSON (``contentType: application/json``) is one JSON part, whatever it holds.
    """
    if media_type and value is not None and is_json_media(media_type):
        yield name, (None, _json_text(value), media_type)
    elif isinstance(value, list):
        for item in value:
            yield from _field_parts(name, item, media_type)
    elif isinstance(value, dict):
        yield name, (None, _json_text(value), media_type or "application/json")
    elif value is not None:
        yield name, (None, wire_scalar(value), media_type) if media_type else (None, wire_scalar(value))


def multipart_parts(
    model: type[M],
    fields: Mapping[str, Any],
    files: Mapping[str, Any],
    media_types: Mapping[str, str] | None = None,
) -> list[Part]:
    """The parts of a multipart body: ``fields`` validated by ``model``, ``files`` (by wire name) as files.

    ``media_types`` are the documented types of parts by wire name: a file's (``contentMediaType``
    or the ``encoding``), used where the caller gives none, and a field's (its ``encoding``).

    Raises:
        RequestValidationError: an unknown key, a wrong type or a broken limit, before sending.
    """
    validated, file_values = _validated(model, fields, files)
    by_alias = {info.alias or name: name for name, info in type(validated).model_fields.items()}
    file_names = {by_alias.get(wire, wire) for wire in files}
    data = validated.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude=file_names)
    types = media_types or {}
    parts = [part for name, value in data.items() for part in _field_parts(name, value, types.get(name))]
    for wire in files:
        given = file_values.get(wire)
        if given is None:
            continue
        for item in given if isinstance(given, list) else [given]:
            parts.append((wire, _file_part(wire, item, types.get(wire))))
    return parts


def with_extra_fields(
    form: Mapping[str, Any] | None, files: list[Part] | None, extra: Mapping[str, Any]
) -> tuple[dict[str, list[str]] | None, list[Part] | None]:
    """A form or multipart body with ``extra_body``'s fields added, unchecked, over the documented ones.

    Encoded as the documented fields are: a list repeats its key, an object is JSON, a scalar text.
    """
    parts = [part for key, value in extra.items() for part in _field_parts(key, value, None)]
    if files is not None:
        files = [*files, *parts]
    merged = None
    if form is not None:
        merged = {key: values for key, values in form.items() if key not in extra}
        for key, part in parts:
            merged.setdefault(key, []).append(part[1])
    return merged, files


def form_fields(
    model: type[M],
    fields: Mapping[str, Any],
    styles: Mapping[str, tuple[str, bool]] | None = None,
) -> dict[str, list[str]]:
    """An urlencoded body, each field serialized as its ``encoding`` says (as a query parameter is).

    By default (``form``, exploded) arrays repeat their key and object properties become keys
    of their own; ``styles`` gives the others by wire name: ``deepObject`` (``f[status]=x``),
    unexploded ``form`` (``ids=1,2``), ``spaceDelimited`` and ``pipeDelimited``.
    """
    validated, _ = _validated(model, fields, {})
    pairs: dict[str, list[str]] = {}
    for name, value in validated.to_wire().items():
        if value is None:
            continue
        if isinstance(value, list):
            value = [item for item in value if item is not None]
        style, explode = (styles or {}).get(name, ("form", True))
        for key, text in query_pairs(name, value, style, explode):
            pairs.setdefault(key, []).append(text)
    return pairs


CHUNK_SIZE = 65536


class FileChunks:
    """A seekable binary file sent in chunks from where it stood when the call was made.

    Each iteration starts again from that position, so a retry sends the same bytes; httpx
    would read a file object from wherever the previous attempt left it.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.start = file.tell()
        self.length = file.seek(0, io.SEEK_END) - self.start
        file.seek(self.start)

    def __iter__(self) -> Iterator[bytes]:
        self.file.seek(self.start)
        return _read_in_chunks(self.file)


def _read_in_chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_SIZE):
        yield chunk


def raw_content(value: RawContent | str) -> Any:
    """A raw body as httpx sends it: bytes as they are, text as UTF-8, a file or chunks streamed."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, io.IOBase):
        file = cast(IO[bytes], value)
        return FileChunks(file) if file.seekable() else _read_in_chunks(file)
    if isinstance(value, list | tuple):
        return b"".join(value)
    return iter(value)


def replayable(content: Any) -> bool:
    """Whether a raw body can be sent again, the same, by a retry (an iterator cannot)."""
    return content is None or isinstance(content, bytes | FileChunks)


async def _chunks_async(content: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in content:
        yield chunk


class _AsyncFileChunks:
    """:class:`FileChunks` as the async client sends it: from the same position on each attempt."""

    def __init__(self, chunks: FileChunks) -> None:
        self.chunks = chunks

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _chunks_async(self.chunks)


def async_content(content: Any) -> Any:
    """A raw body for ``httpx.AsyncClient``, which sends only bytes or async iterators of chunks."""
    if content is None or isinstance(content, bytes):
        return content
    return _AsyncFileChunks(content) if isinstance(content, FileChunks) else _chunks_async(content)


def content_length(content: Any) -> int | None:
    """The length of a file streamed as a raw body: sent as ``Content-Length``, not chunked."""
    if isinstance(content, _AsyncFileChunks):
        content = content.chunks
    return content.length if isinstance(content, FileChunks) else None
