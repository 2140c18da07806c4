"""Reading a response body within a size cap and a deadline, whatever the server sends.

httpx decodes ``Content-Encoding`` one whole network chunk at a time, and stacked encodings
(``gzip, gzip``) multiply: a 1.8 KB body became more than 2 GB in memory before a cap on the
decoded size could trip. Here the raw bytes are read and each layer is inflated with zlib's
``max_length``, so no layer ever produces more than the cap. Only the encodings the client
asks for (``Accept-Encoding: gzip, deflate``) are decoded; any other is refused, never passed
through undecoded.

httpx's timeouts bound each wait, not the call: a server sending a byte a second never trips
a 3 s read timeout. :class:`Deadline` bounds the whole attempt.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator

import httpx

__all__ = [
    "ACCEPT_ENCODING",
    "BodyTooLarge",
    "BoundedBody",
    "Deadline",
    "StreamDecoder",
    "UnsupportedEncoding",
]

ACCEPT_ENCODING = "gzip, deflate"
"""The encodings asked for, and so the only ones decoded."""


class BodyTooLarge(Exception):
    """The body (declared, raw or decoded) is larger than the cap."""


class UnsupportedEncoding(Exception):
    """The server used a ``Content-Encoding`` the client did not ask for."""


class _Layer:
    """One ``gzip`` or ``deflate`` layer, inflated within a budget (several gzip members allowed)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.first = True
        self.inflater = self._new()

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self.encoding == "gzip" else zlib.MAX_WBITS)

    def pieces(self, data: bytes, size: Callable[[], int]) -> Iterator[bytes]:
        """The decoded bytes of ``data``, each piece at most ``size()`` bytes (asked before each).

        A piece that fills its limit may leave output pending inside zlib even when all the input
        was taken (a long match cut short), so decoding goes on until a piece comes back short.
        """
        while True:
            limit = size()
            try:
                piece = self.inflater.decompress(data, limit)
            except zlib.error:
                if not (self.first and self.encoding == "deflate"):
                    raise
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
                piece = self.inflater.decompress(data, limit)
            self.first = self.first and not data
            if piece:
                yield piece
            data = self.inflater.unconsumed_tail
            if self.inflater.eof:  # the end of one gzip member: another may follow
                data = self.inflater.unused_data + data
                if data:
                    self.inflater = self._new()
            if not data and len(piece) < limit:
                return

    def inflate(self, data: bytes, budget: int) -> bytes:
        """The decoded bytes of ``data``; :class:`BodyTooLarge` if they would pass ``budget``."""
        out = bytearray()
        for piece in self.pieces(data, lambda: budget - len(out) + 1):
            out += piece
            if len(out) > budget:
                raise BodyTooLarge
        return bytes(out)


class BoundedBody:
    """Collects a body from raw chunks, decoding its ``Content-Encoding`` within ``limit`` bytes."""

    def __init__(self, headers: httpx.Headers, limit: int) -> None:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        self.limit = limit
        self.layers = [_Layer(name) for name in reversed(_encodings(headers))]
        self.parts: list[bytes] = []
        self.size = 0
        self.raw = 0

    def add(self, chunk: bytes) -> None:
        """Take the next raw chunk; raises :class:`BodyTooLarge` as soon as the body would pass the cap."""
        self.raw += len(chunk)
        if self.raw > self.limit:
            raise BodyTooLarge
        for layer in self.layers:
            chunk = layer.inflate(chunk, self.limit - self.size)
        self.size += len(chunk)
        if self.size > self.limit:
            raise BodyTooLarge
        self.parts.append(chunk)

    def content(self) -> bytes:
        """The decoded body."""
        return b"".join(self.parts)


class StreamDecoder:
    """Decodes a streamed body chunk by chunk, never holding more than ``piece_size`` bytes per layer.

    For ``with_streaming_response``: no cap on the whole body (a recording may be large), but a
    few hundred bytes of stacked gzip can no more become gigabytes in one step than when the
    body is read whole.
    """

    def __init__(self, headers: httpx.Headers, piece_size: int) -> None:
        self.layers = [_Layer(name) for name in reversed(_encodings(headers))]
        self.piece_size = piece_size

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of the next raw chunk."""
        return self._through(chunk, 0)

    def _through(self, data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(self.layers):
            if data:
                yield data
            return
        for piece in self.layers[depth].pieces(data, lambda: self.piece_size):
            yield from self._through(piece, depth + 1)


def _encodings(headers: httpx.Headers) -> list[str]:
    names = [
        name.strip().lower()
        for value in headers.get_list("content-encoding")
        for name in value.split(",")
        if name.strip()
    ]
    names = [name for name in names if name != "identity"]
    unknown = sorted({name for name in names if name not in ("gzip", "deflate")})
    if unknown:
        raise UnsupportedEncoding(", ".join(unknown))
    return names


class Deadline:
    """The end of one attempt: ``timeout`` seconds after it starts, or never without a total."""

    def __init__(self, timeout: httpx.Timeout) -> None:
        limits = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        self.seconds = (
            None if any(limit is None for limit in limits) else max(limit or 0.0 for limit in limits)
        )
        self.end = None if self.seconds is None else time.monotonic() + self.seconds

    def passed(self) -> bool:
        """Whether the attempt has run out of time."""
        return self.end is not None and time.monotonic() >= self.end


def collect(chunks: Iterable[bytes], body: BoundedBody, deadline: Deadline) -> bool:
    """Feed raw chunks to ``body``; False when the deadline passed before the body ended."""
    for chunk in chunks:
        body.add(chunk)
        if deadline.passed():
            return False
    return True
