"""``with_streaming_response``: the response handed over as it arrives, its body read by the caller.

A recording or an export can be larger than the client will hold in memory (the cap on a
body read whole is ``MAX_RESPONSE_BYTES``). Through ``with_streaming_response`` the method
sends its request when the ``with`` block is entered and returns as soon as the status and
headers are in: the body is read by the caller (``iter_bytes``, ``write_to_file``), in pieces,
decoded layer by layer with bounded memory, and the connection is released when the block
ends. Error statuses are raised before the block is entered, as for every other call, and
retries happen only before then: once the caller has the body, nothing is re-sent.

The timeout bounds the wait for the status and headers and each read of the body, not the
whole download, which takes as long as the body is large.

The wrappers that switch a method to streaming are in :mod:`._wrappers`.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar, cast

import httpx

from ._response import ResponseView, parse_response
from ._streaming import StreamDecoder

__all__ = ["AsyncStreamedResponse", "StreamedResponse"]

T = TypeVar("T")

CHUNK_SIZE = 65536
"""The default size of the pieces a streamed body is handed over in."""


class _Chunks:
    """Pieces of any size in, chunks of exactly ``size`` bytes out (the last one shorter)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pending = bytearray()

    def feed(self, piece: bytes) -> Iterator[bytes]:
        self.pending += piece
        while len(self.pending) >= self.size:
            yield bytes(self.pending[: self.size])
            del self.pending[: self.size]

    def rest(self) -> Iterator[bytes]:
        if self.pending:
            yield bytes(self.pending)


def _rechunked(pieces: Iterator[bytes], chunk_size: int) -> Iterator[bytes]:
    chunks = _Chunks(chunk_size)
    for piece in pieces:
        yield from chunks.feed(piece)
    yield from chunks.rest()


class _Lines:
    """Splits text arriving in pieces into lines; a ``\r`` at a piece's end waits for a ``\n``."""

    def __init__(self) -> None:
        self.pending = ""

    def feed(self, text: str) -> list[str]:
        lines = (self.pending + text).splitlines(keepends=True)
        self.pending = ""
        if lines and (lines[-1].endswith("\r") or lines[-1] == lines[-1].splitlines()[0]):
            self.pending = lines.pop()  # not ended yet
        return [line.splitlines()[0] for line in lines]

    def flush(self) -> list[str]:
        rest, self.pending = self.pending, ""
        return rest.splitlines()


def _text_decoder(response: httpx.Response) -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder(response.encoding or "utf-8")(errors="replace")


def _checked_chunk_size(chunk_size: int) -> int:
    if chunk_size < 1:
        raise ValueError("chunk_size must be 1 or more")
    return chunk_size


class _Streamed(ResponseView, Generic[T]):
    """What both flavours share: the unread response, what to parse it into, whether it was read."""

    def __init__(self, http_response: httpx.Response, cast_to: Any) -> None:
        super().__init__(http_response)
        self._cast_to = cast_to
        self._consumed = False

    def _start_reading(self) -> StreamDecoder:
        if self._consumed:
            raise RuntimeError("the body of a streamed response can be read only once")
        self._consumed = True
        return StreamDecoder(self.http_response.headers, CHUNK_SIZE)

    def _parsed(self, content: bytes) -> T:
        self.http_response._content = content
        return cast(T, parse_response(self.http_response, self._cast_to))

    def __repr__(self) -> str:
        kind = type(self).__name__
        return f"<{kind} [{self.status_code}] {self.content_type or 'unknown type'}>"


class StreamedResponse(_Streamed[T]):
    """A response whose body has not been read: iterate it, save it, or read and parse it."""

    def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The decoded body in chunks of ``chunk_size`` bytes, read from the network as they are asked for."""
        size = _checked_chunk_size(chunk_size)
        decoder = self._start_reading()
        if self.http_response.is_stream_consumed:  # a transport that hands responses over read
            return _rechunked(iter([self.http_response.content]), size)
        pieces = (piece for raw in self.http_response.iter_raw() for piece in decoder.decode(raw))
        return _rechunked(pieces, size)

    def iter_text(self, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
        """The body as text, in the charset the server declared (UTF-8 if none)."""
        decoder = _text_decoder(self.http_response)
        for chunk in self.iter_bytes(chunk_size):
            if text := decoder.decode(chunk):
                yield text
        if text := decoder.decode(b"", final=True):
            yield text

    def iter_lines(self) -> Iterator[str]:
        """The body as lines of text, without their line endings."""
        lines = _Lines()
        for text in self.iter_text():
            yield from lines.feed(text)
        yield from lines.flush()

    def read(self) -> bytes:
        """The whole body (it is held in memory: prefer :meth:`iter_bytes` for a large one)."""
        return b"".join(self.iter_bytes())

    def parse(self) -> T:
        """The whole body read and parsed as the operation's documented response type."""
        return self._parsed(self.read())

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Stream the body to ``path`` (replacing the file), one chunk in memory at a time."""
        with io.FileIO(path, "w") as file:
            for chunk in self.iter_bytes():
                file.write(chunk)

    def close(self) -> None:
        """Release the connection; the end of the ``with`` block does it too."""
        self.http_response.close()


class AsyncStreamedResponse(_Streamed[T]):
    """The async client's :class:`StreamedResponse`: the same methods, awaited or iterated with ``async for``."""

    async def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """The decoded body in chunks of ``chunk_size`` bytes, read from the network as they are asked for."""
        size = _checked_chunk_size(chunk_size)
        decoder = self._start_reading()
        if self.http_response.is_stream_consumed:  # a transport that hands responses over read
            for chunk in _rechunked(iter([self.http_response.content]), size):
                yield chunk
            return
        chunks = _Chunks(size)
        async for raw in self.http_response.aiter_raw():
            for piece in decoder.decode(raw):
                for chunk in chunks.feed(piece):
                    yield chunk
        for chunk in chunks.rest():
            yield chunk

    async def iter_text(self, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[str]:
        """The body as text, in the charset the server declared (UTF-8 if none)."""
        decoder = _text_decoder(self.http_response)
        async for chunk in self.iter_bytes(chunk_size):
            if text := decoder.decode(chunk):
                yield text
        if text := decoder.decode(b"", final=True):
            yield text

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body as lines of text, without their line endings."""
        lines = _Lines()
        async for text in self.iter_text():
            for line in lines.feed(text):
                yield line
        for line in lines.flush():
            yield line

    async def read(self) -> bytes:
        """The whole body (it is held in memory: prefer :meth:`iter_bytes` for a large one)."""
        return b"".join([chunk async for chunk in self.iter_bytes()])

    async def parse(self) -> T:
        """The whole body read and parsed as the operation's documented response type."""
        return self._parsed(await self.read())

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Stream the body to ``path`` (replacing the file), one chunk in memory at a time."""
        with io.FileIO(path, "w") as file:
            async for chunk in self.iter_bytes():
                file.write(chunk)

    async def close(self) -> None:
        """Release the connection; the end of the ``async with`` block does it too."""
        await self.http_response.aclose()
