"""A real HTTP/1.1 server on 127.0.0.1 that answers each request as scripted, faults included.

The generated clients are tested against it instead of a mock transport, so that what they
see is what a network gives: a connection reset by the peer, a response that never comes, a
body cut short, a body far larger than promised. Every request is recorded (method, path,
headers, body, the connection it came on), so a test can count retries and connections.

Faults (a :class:`Reply` field ``fault``):

``reset``       close the connection with RST (SO_LINGER 0) before answering
``hang``        answer after ``delay`` seconds (longer than the client's timeout)
``truncate``    promise ``Content-Length`` of the full body, send half, close
``oversize``    a ``Content-Length`` of ``size`` bytes, streamed
``trickle``     the body one byte every ``delay`` seconds, each byte well within a read timeout
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FaultServer", "Recorded", "Reply", "fault_server"]


@dataclass(frozen=True)
class Reply:
    """How to answer one request."""

    status: int = 200
    body: Any = None  # JSON-encoded unless ``raw`` is given
    raw: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    fault: str = ""
    delay: float = 0.0
    size: int = 0

    def payload(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return b"" if self.body is None else json.dumps(self.body).encode()


@dataclass(frozen=True)
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int


class FaultServer:
    """The scripted answers, the recorded requests and the connection count of one server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: list[Reply] = []
        self.default = Reply(body={})
        self.requests: list[Recorded] = []
        self.connections = 0
        self.open_connections = 0
        self.most_open_connections = 0
        self.url = ""
        self.writers: set[asyncio.StreamWriter] = set()

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies`` in order, then with :attr:`default`."""
        with self._lock:
            self._script = list(replies)
            self.requests = []

    def start_counting(self) -> int:
        """Count the most open connections from now on; returns how many are open already."""
        with self._lock:
            self.most_open_connections = self.open_connections
            return self.open_connections

    def next_reply(self) -> Reply:
        with self._lock:
            return self._script.pop(0) if self._script else self.default

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    def connection_opened(self) -> int:
        with self._lock:
            self.connections += 1
            self.open_connections += 1
            self.most_open_connections = max(self.most_open_connections, self.open_connections)
            return self.connections

    def connection_closed(self) -> None:
        with self._lock:
            self.open_connections -= 1


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str], bytes] | None:
    line = await reader.readline()
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return method, path, headers, await _read_chunked(reader)
    body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
    return method, path, headers, body


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    """A ``Transfer-Encoding: chunked`` body, as clients send a body streamed from an iterator."""
    body = bytearray()
    while size := int((await reader.readline()).split(b";")[0].strip() or b"0", 16):
        body += await reader.readexactly(size)
        await reader.readline()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):  # trailers
        pass
    return bytes(body)


async def _answer(reply: Reply, writer: asyncio.StreamWriter) -> bool:
    """Send the reply; False when the connection must close."""
    if reply.fault == "reset":
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False
    if reply.delay and reply.fault != "trickle":
        await asyncio.sleep(reply.delay)
    payload = reply.payload()
    length = reply.size if reply.fault == "oversize" else len(payload)
    head = [f"HTTP/1.1 {reply.status} X", f"Content-Type: {reply.content_type}", f"Content-Length: {length}"]
    head += [f"{name}: {value}" for name, value in reply.headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    if reply.fault == "truncate":
        writer.write(payload[: len(payload) // 2])
        await writer.drain()
        return False
    if reply.fault == "oversize":
        chunk = b"x" * 65536
        for start in range(0, reply.size, len(chunk)):
            writer.write(chunk[: reply.size - start])
            await writer.drain()
        return True
    if reply.fault == "trickle":
        for index in range(len(payload)):
            writer.write(payload[index : index + 1])
            await writer.drain()
            await asyncio.sleep(reply.delay)
        return True
    writer.write(payload)
    await writer.drain()
    return True


async def _serve_connection(
    state: FaultServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connection = state.connection_opened()
    state.writers.add(writer)
    try:
        while (request := await _read_request(reader)) is not None:
            method, path, headers, body = request
            state.record(Recorded(method, path, headers, body, connection))
            if not await _answer(state.next_reply(), writer):
                return
    except (ConnectionError, OSError, ValueError, asyncio.IncompleteReadError):
        return
    finally:
        state.connection_closed()
        state.writers.discard(writer)
        writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await writer.wait_closed()


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    """A running server on 127.0.0.1 (a free port), shut down afterwards.

    One asyncio loop in one thread serves every connection: a thread per connection would
    compete with the client under test for the GIL and slow it down a hundredfold.
    """
    state = FaultServer()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    stop = asyncio.Event()

    async def main() -> None:
        server = await asyncio.start_server(
            lambda r, w: _serve_connection(state, r, w), "127.0.0.1", 0, backlog=1024
        )
        state.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        started.set()
        async with server:
            await stop.wait()
            for writer in list(state.writers):  # kept-alive connections: closed, not left to the GC
                writer.close()
            await asyncio.sleep(0.05)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    started.wait(timeout=10)
    try:
        yield state
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
