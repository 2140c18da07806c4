"""``with_streaming_response`` against a real server on 127.0.0.1: bodies read in pieces, never whole.

Volubile's call recording is the case users hit: a body over the cap a client reads whole
(``MAX_RESPONSE_BYTES``) is refused by ``get_recording`` and streams through
``with_streaming_response.get_recording`` in bounded memory, decoded chunk by chunk even when
the server stacks gzip layers. Error statuses are raised before the ``with`` block, retries
happen only before the body is handed over, and the connection is released when the block ends.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import volubile_client

from tests.support.faultserver import FaultServer, Reply, fault_server

SECRET = "sk-stream-test"
CAP = volubile_client._base_client.MAX_RESPONSE_BYTES
CALL_ID = "6f1c2a4e-0d5b-4c3e-9a7f-2b8d1e0c9a11"
CALL = {"id": CALL_ID, "phone": "+33612345678"}


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


def _client(server: FaultServer, **options: Any) -> volubile_client.VolubileClient:
    client = volubile_client.VolubileClient(
        api_key=SECRET, base_url=server.url, **{"timeout": 5.0, **options}
    )
    client._sleep = lambda _: None
    return client


def _recording(size: int) -> Reply:
    """A recording of ``size`` bytes, streamed by the server 64 KiB at a time."""
    return Reply(fault="oversize", size=size, content_type="audio/wav")


def _zeros_gzipped(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def test_a_recording_over_the_cap_is_refused_whole_and_streams_in_bounded_memory(server: FaultServer) -> None:
    size = CAP + (16 << 20)
    server.script(_recording(size))
    with (
        _client(server) as client,
        pytest.raises(volubile_client.APIResponseValidationError, match="larger than"),
    ):
        client.calls.get_recording("c1")

    server.script(_recording(size))
    tracemalloc.start()
    try:
        with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
            assert isinstance(response, volubile_client.StreamedResponse)
            assert response.status_code == 200
            assert response.content_type == "audio/wav"
            received = 0
            largest = 0
            for chunk in response.iter_bytes(chunk_size=32768):
                received += len(chunk)
                largest = max(largest, len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert received == size
    assert largest == 32768
    assert peak < 4 << 20, f"streaming {size:,} bytes took {peak:,} bytes of memory at its peak"
    assert server.requests[0].path == "/v1/calls/c1/recording"
    assert server.requests[0].headers["x-api-key"] == SECRET


def test_write_to_file_streams_the_recording_to_disk(server: FaultServer, tmp_path: Path) -> None:
    server.script(_recording(3 << 20))
    target = tmp_path / "c1.wav"
    target.write_bytes(b"an older, longer file" * 1_000_000)
    with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
        response.write_to_file(target)
    assert target.stat().st_size == 3 << 20
    assert target.read_bytes()[:4] == b"xxxx"


def test_a_stacked_gzip_bomb_streams_in_small_pieces_and_can_be_left_early(server: FaultServer) -> None:
    bomb = gzip.compress(_zeros_gzipped(200 << 20))
    assert len(bomb) < 2_000
    server.script(Reply(raw=bomb, content_type="audio/wav", headers={"Content-Encoding": "gzip, gzip"}))
    tracemalloc.start()
    try:
        with _client(server) as client:
            with client.calls.with_streaming_response.get_recording("c1") as response:
                chunks = response.iter_bytes(chunk_size=65536)
                first = [next(chunks) for _ in range(50)]
            _, peak = tracemalloc.get_traced_memory()
            server.script(Reply(body=CALL))
            assert str(client.calls.get("c1").id) == CALL_ID, "the client works on after a body left unread"
    finally:
        tracemalloc.stop()
    assert all(chunk == bytes(65536) for chunk in first)
    assert peak < 4 << 20, f"the first 3 MiB of a 200 MiB bomb took {peak:,} bytes at the peak"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("identity", lambda data: data)],
)
def test_streamed_bodies_are_decoded_and_parse_like_the_plain_method(
    encoding: str, encode: Any, server: FaultServer
) -> None:
    body = json.dumps(CALL).encode()
    server.script(Reply(raw=encode(body), headers={"Content-Encoding": encoding}))
    with _client(server) as client, client.calls.with_streaming_response.get("c1") as response:
        call = response.parse()
    assert isinstance(call, volubile_client.models.Call)
    assert str(call.id) == CALL_ID
    assert server.requests[0].headers["accept"] == "application/json, */*"


def test_text_and_lines_are_decoded_across_chunk_boundaries(server: FaultServer) -> None:
    text = "ligne 1 é\r\nligne 2 ✓\rligne 3\n\nfin"
    server.script(Reply(raw=text.encode("utf-8"), content_type="text/plain; charset=utf-8"))
    with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
        assert "".join(response.iter_text(chunk_size=1)) == text
    server.script(Reply(raw=text.encode("utf-8"), content_type="text/plain; charset=utf-8"))
    with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
        lines = list(response.iter_lines())
    assert lines == ["ligne 1 é", "ligne 2 ✓", "ligne 3", "", "fin"]


def test_a_streamed_body_is_read_once(server: FaultServer) -> None:
    server.script(_recording(1000))
    with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
        assert len(response.read()) == 1000
        with pytest.raises(RuntimeError, match="only once"):
            response.read()


def test_an_error_status_is_raised_before_the_block_and_retries_happen_before_it(server: FaultServer) -> None:
    server.script(Reply(status=404, body={"message": "no such call"}))
    entered = False
    with (
        _client(server) as client,
        pytest.raises(volubile_client.NotFoundError, match="no such call"),
        client.calls.with_streaming_response.get_recording("c1"),
    ):
        entered = True
    assert not entered

    server.script(Reply(status=503, body={"message": "busy"}), _recording(5000))
    with _client(server) as client, client.calls.with_streaming_response.get_recording("c1") as response:
        assert len(response.read()) == 5000
    assert len(server.requests) == 2, "the 503 was retried, the streamed success was not"


def test_the_streaming_mark_is_used_by_one_request_only(server: FaultServer) -> None:
    server.script(_recording(10), Reply(body=CALL))
    with _client(server) as client:
        with client.calls.with_streaming_response.get_recording("c1") as response:
            assert response.read() == b"x" * 10
            inside = client.calls.get("c1")
        assert isinstance(inside, volubile_client.models.Call), "a call inside the block is not streamed"


def test_the_connection_is_released_when_the_block_ends(server: FaultServer) -> None:
    with _client(server) as client:
        for _ in range(3):
            server.script(_recording(100_000))
            with client.calls.with_streaming_response.get_recording("c1") as response:
                response.read()
        server.script(_recording(100_000))
        with client.calls.with_streaming_response.get_recording("c1"):
            pass  # not read: the connection is closed, not handed back with a body in it
        server.script(Reply(body=CALL))
        assert str(client.calls.get("c1").id) == CALL_ID
    reused = {request.connection for request in server.requests[:3]}
    assert len(reused) == 1, "a fully read streamed response gives its connection back to the pool"


def test_the_async_client_streams_too(server: FaultServer, tmp_path: Path) -> None:
    size = CAP + (1 << 20)

    async def run() -> tuple[int, int, str]:
        async with volubile_client.AsyncVolubileClient(api_key=SECRET, base_url=server.url) as client:
            server.script(_recording(size))
            received = 0
            async with client.calls.with_streaming_response.get_recording("c1") as response:
                assert isinstance(response, volubile_client.AsyncStreamedResponse)
                async for chunk in response.iter_bytes():
                    received += len(chunk)
            server.script(_recording(2048))
            async with client.calls.with_streaming_response.get_recording("c1") as response:
                await response.write_to_file(tmp_path / "a.wav")
            server.script(Reply(body=CALL))
            async with client.calls.with_streaming_response.get("c1") as response:
                call = await response.parse()
            return received, (tmp_path / "a.wav").stat().st_size, str(call.id)

    assert asyncio.run(run()) == (size, 2048, CALL_ID)


def test_a_wrapper_refuses_a_function_that_sends_no_request() -> None:
    wrappers = volubile_client._wrappers
    with (
        pytest.raises(TypeError, match="did not send a request that can give a streamed response"),
        wrappers.to_streamed_response_wrapper(lambda: "not a response")(),
    ):
        pass
    with pytest.raises(TypeError, match="can give a raw response"):
        wrappers.to_raw_response_wrapper(lambda: "not a response")()


def test_raw_and_streamed_forms_wrap_the_one_method(server: FaultServer) -> None:
    """No copy per form: the wrappers call the resource's own method, and keep its name and docs."""
    with _client(server) as client:
        calls = client.calls
        for form in (calls.with_raw_response, calls.with_streaming_response):
            assert form.get.__wrapped__ == calls.get
            assert form.get.__doc__ == calls.get.__doc__
        server.script(Reply(body=CALL, headers={"X-Request-Id": "r1"}))
        raw = calls.with_raw_response.get("c1")
    assert raw.headers["x-request-id"] == "r1"
    assert str(raw.parse().id) == CALL_ID
