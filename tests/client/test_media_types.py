"""Requests and responses by media type (tests/fixtures/media/openapi.yaml), checked on the wire.

One package is generated for the module; every test calls it through ``httpx.MockTransport`` and
looks at the exact request sent and at what the method returns.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.loader import load_document
from tests.support.faultserver import FaultServer, Reply, fault_server
from tests.support.project import FIXTURES

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("media")
    document = load_document(FIXTURES / "media" / "openapi.yaml")
    result = generate_package(
        document, settings_for_spec(document, "media_probe"), strict=True, cache_dir=None
    )
    for path, text in result.files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("media_probe")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "media_probe" or m.startswith("media_probe.")]:
            del sys.modules[name]


def _client(media: ModuleType, reply: Handler) -> tuple[Any, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return reply(request)

    transport = httpx.MockTransport(handler)
    return media.MediaProbeClient(api_key="sk-media", http_client=httpx.Client(transport=transport)), sent


def test_a_binary_response_is_returned_whole_and_asks_for_its_media_type(
    media: ModuleType, tmp_path: Path
) -> None:
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt \xff\xfe\x00"
    client, sent = _client(
        media, lambda _: httpx.Response(200, content=wav, headers={"Content-Type": "audio/wav"})
    )
    recording = client.files.get_recording("r1")
    assert isinstance(recording, media.BinaryResponse)
    assert recording.read() == wav
    assert recording.content_type == "audio/wav"
    assert b"".join(recording.iter_bytes(chunk_size=4)) == wav
    recording.write_to_file(tmp_path / "r1.wav")
    assert (tmp_path / "r1.wav").read_bytes() == wav
    assert sent[0].headers["Accept"] == "application/json, audio/wav", "JSON for the 404, audio for the 200"


def test_a_text_response_is_a_string(media: ModuleType) -> None:
    csv = "id,status\n1,answered\n"
    client, sent = _client(
        media, lambda _: httpx.Response(200, text=csv, headers={"Content-Type": "text/csv"})
    )
    assert client.files.get_report("2026-12") == csv
    assert sent[0].headers["Accept"] == "text/csv"
    assert sent[0].url.path == "/reports/2026-12.csv"


def test_an_undocumented_response_is_decoded_as_it_comes(media: ModuleType) -> None:
    client, sent = _client(media, lambda _: httpx.Response(200, json={"surprise": True}))
    assert client.files.get_undocumented() == {"surprise": True}, "JSON: decoded"
    assert sent[0].headers["Accept"] == "*/*"
    wav = b"RIFF\x00WAVE"
    client, _ = _client(
        media, lambda _: httpx.Response(200, content=wav, headers={"Content-Type": "audio/wav"})
    )
    answer = client.files.get_undocumented()
    assert isinstance(answer, media.BinaryResponse), "anything else: the bytes, never dropped"
    assert answer.read() == wav
    client, _ = _client(media, lambda _: httpx.Response(200))
    assert client.files.get_undocumented() is None, "no body: None"


def test_extra_body_adds_unchecked_fields_to_every_kind_of_body(media: ModuleType) -> None:
    client, sent = _client(media, lambda _: httpx.Response(200, json={"id": "u1"}))
    client.uploads.add_sources(urls=["https://a.example"], extra_body={"beta": {"x": 1}})
    assert json.loads(sent[-1].content) == {"urls": ["https://a.example"], "beta": {"x": 1}}
    client.uploads.send_message(to="x", extra_body={"Flag": True, "Many": ["a", "b"]})
    assert parse_qsl(sent[-1].content.decode()) == [
        ("To", "x"),
        ("Flag", "true"),
        ("Many", "a"),
        ("Many", "b"),
    ]
    client.uploads.add_sources_multipart(file=b"%PDF", extra_body={"note": "n", "meta": {"k": 1}})
    assert [(name, content) for name, filename, _, content in _parts(sent[-1]) if filename is None] == [
        ("note", b"n"),
        ("meta", b'{"k":1}'),
    ]
    client.files.get_undocumented(extra_body={"q": 1})
    assert json.loads(sent[-1].content) == {"q": 1}, "no body documented: a JSON body of the extra fields"
    with pytest.raises(TypeError, match="extra_body cannot be added"):
        client.uploads.put_blob("b", body=b"raw", extra_body={"x": 1})


def test_no_content_is_none_and_schemaless_json_is_decoded(media: ModuleType) -> None:
    client, _ = _client(media, lambda _: httpx.Response(204))
    assert client.files.delete_thing("t1") is None
    client, sent = _client(media, lambda _: httpx.Response(200, json=[1, {"a": None}]))
    assert client.files.get_json_any() == [1, {"a": None}]
    assert sent[0].headers["Accept"] == "application/json"


def test_raw_responses_parse_to_the_same_kinds(media: ModuleType) -> None:
    client, _ = _client(
        media, lambda _: httpx.Response(200, text="a,b\n", headers={"Content-Type": "text/csv"})
    )
    raw = client.files.with_raw_response.get_report("x")
    assert raw.status_code == 200
    assert raw.parse() == "a,b\n"


@pytest.mark.parametrize("already_read", [False, True], ids=["streamed", "read-by-the-transport"])
def test_a_streamed_text_response_gives_its_lines(media: ModuleType, already_read: bool) -> None:
    def reply(_: httpx.Request) -> httpx.Response:
        response = httpx.Response(200, text="a,b\r\n1,2\r\n", headers={"Content-Type": "text/csv"})
        if already_read:
            response.read()
        return response

    client, sent = _client(media, reply)
    with client.files.with_streaming_response.get_report("x") as response:
        assert list(response.iter_lines()) == ["a,b", "1,2"]
    assert sent[0].headers["Accept"] == "text/csv"


def _parts(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """The parts of a multipart request, parsed back: (name, filename, content type, content)."""
    raw = b"Content-Type: " + request.headers["Content-Type"].encode() + b"\r\n\r\n" + request.read()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert message.is_multipart()
    parts = []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        name = re.search(r'name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        parts.append(
            (
                name.group(1) if name else "",
                filename.group(1) if filename else None,
                part.get("Content-Type"),
                part.get_payload(decode=True) or b"",
            )
        )
    return parts


def _no_content(_: httpx.Request) -> httpx.Response:
    return httpx.Response(204)


def test_multipart_sends_files_and_fields_as_parts(media: ModuleType, tmp_path: Path) -> None:
    pdf = tmp_path / "terms.pdf"
    pdf.write_bytes(b"%PDF-1.7 terms")
    client, sent = _client(media, lambda _: httpx.Response(201, json={"id": "u1"}))
    stored = client.uploads.upload(
        file=("contract.docx", io.BytesIO(b"\x00\xffbinary\x00"), "application/msword"),
        attachments=[pdf, b"raw pdf bytes"],
        title="Q1",
        tags=["sales", "north"],
        meta={"source": "crm"},
        public=False,
        labels=["vip", "q1"],
        notes="**call back**",
    )
    assert stored.id == "u1"
    request = sent[0]
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    parts = _parts(request)
    assert ("file", "contract.docx", "application/msword", b"\x00\xffbinary\x00") in parts
    assert ("attachments", "terms.pdf", "application/pdf", b"%PDF-1.7 terms") in parts
    assert ("attachments", "attachments", "application/pdf", b"raw pdf bytes") in parts, "contentMediaType"
    fields = [(name, content) for name, filename, _, content in parts if filename is None]
    assert fields == [
        ("title", b"Q1"),
        ("tags", b"sales"),
        ("tags", b"north"),
        ("meta", b'{"source":"crm"}'),
        ("public", b"false"),
        ("labels", b'["vip","q1"]'),
        ("notes", b"**call back**"),
    ]
    types = {name: ctype for name, _, ctype, _ in parts}
    assert types["meta"] == "application/json", "an object is a JSON part"
    assert types["labels"] == "application/json", "encoding: an array documented as one JSON part"
    assert types["notes"] == "text/markdown", "encoding: the field's documented media type"


def test_multipart_is_multipart_even_without_a_file_and_checks_fields_before_sending(
    media: ModuleType,
) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.add_sources_multipart()
    assert sent[0].headers["Content-Type"].startswith("multipart/form-data"), "never urlencoded"
    with pytest.raises(media.RequestValidationError, match="title"):
        client.uploads.upload(file=b"x", title="t" * 21)
    assert len(sent) == 1, "nothing sent for an invalid field"


def test_an_operation_with_json_and_multipart_bodies_offers_both(media: ModuleType) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.add_sources(urls=["https://a.example"])
    client.uploads.add_sources_multipart(file=b"%PDF")
    assert sent[0].headers["Content-Type"] == "application/json"
    assert json.loads(sent[0].content) == {"urls": ["https://a.example"]}
    assert _parts(sent[1]) == [("file", "file", "image/png", b"%PDF")], "the encoding's contentType"


def test_urlencoded_arrays_repeat_their_key_and_objects_spread_their_properties(media: ModuleType) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.send_message(
        to="+1555", message_samples=["a b", "c&d"], options_={"retries": 2, "quiet": True}
    )
    assert sent[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent[0].content == b"To=%2B1555&MessageSamples=a+b&MessageSamples=c%26d&retries=2&quiet=true"


def test_urlencoded_fields_follow_their_encoding_style(media: ModuleType) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.send_message(
        to="x",
        filter={"status": "done", "after": "2026-01-01"},
        ids=[1, 2, 3],
        channels=["sms", "voice"],
        window={"start": "09:00", "end": "18:00"},
    )
    assert parse_qsl(sent[0].content.decode()) == [
        ("To", "x"),
        ("Filter[status]", "done"),
        ("Filter[after]", "2026-01-01"),
        ("Ids", "1,2,3"),
        ("Channels", "sms|voice"),
        ("Window", "start,09:00,end,18:00"),
    ]


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02binary", io.BytesIO(b"\x00\x01\x02binary"), iter([b"\x00\x01", b"\x02binary"])],
    ids=["bytes", "file-object", "chunks"],
)
def test_a_raw_body_is_sent_as_given_with_its_media_type(media: ModuleType, content: Any) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.put_blob("b1", body=content)
    assert sent[0].headers["Content-Type"] == "application/octet-stream"
    assert sent[0].read() == b"\x00\x01\x02binary"


def test_a_text_body_is_sent_as_utf8_text(media: ModuleType) -> None:
    client, sent = _client(media, _no_content)
    client.uploads.add_note(body="Rappeler à 9h ✓")
    assert sent[0].headers["Content-Type"] == "text/plain"
    assert sent[0].content == "Rappeler à 9h ✓".encode()


def test_every_parameter_style_is_serialized_as_openapi_says(media: ModuleType) -> None:
    client, sent = _client(media, _no_content)
    client.params.search(
        [3, 4, 5],
        ["eu", "west"],
        {"x": 1, "y": 2},
        {"w": 3, "h": 4},
        page={"number": 2, "size": 50},
        tags=["a", "b"],
        words=["red", "blue"],
        codes=["x", "y"],
        colors=["green", "teal"],
        callback="https://hook.example/cb?x=1",
        x_trace=["t1", "t2"],
        x_meta={"a": 1, "b": "two"},
        x_meta_spread={"a": 1, "b": "two"},
        session="s-1",
        prefs=["dark", "compact"],
    )
    request = sent[0]
    assert request.url.raw_path.split(b"?")[0] == b"/search/.3,4,5/;region=eu;region=west/x,1,y,2/w=3,h=4"
    assert request.url.query == (
        b"page[number]=2&page[size]=50&tags=a%2Cb&words=red%20blue&codes=x%7Cy"
        b"&colors=green&colors=teal&callback=https://hook.example/cb?x=1"
    )
    assert request.headers["X-Trace"] == "t1,t2"
    assert request.headers["X-Meta"] == "a,1,b,two"
    assert request.headers["X-Meta-Spread"] == "a=1,b=two"
    assert request.headers["Cookie"] == "session=s-1; prefs=dark,compact"


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


def _served(media: ModuleType, server: FaultServer) -> Any:
    client = media.MediaProbeClient(api_key="sk-media", base_url=server.url)
    client._sleep = lambda _: None
    return client


def test_a_chunk_iterator_is_sent_once_never_retried_empty(media: ModuleType, server: FaultServer) -> None:
    """The retry of a 503 used to send the iterator again, by then empty: a silently empty upload."""
    server.script(Reply(status=503, body={"message": "busy"}), Reply(status=204))
    with _served(media, server) as client, pytest.raises(media.InternalServerError):
        client.uploads.put_blob("b1", body=iter([b"abc", b"def"]))
    assert [request.body for request in server.requests] == [b"abcdef"]
    assert server.requests[0].headers["transfer-encoding"] == "chunked"


def test_a_seekable_file_is_streamed_with_its_length_and_resent_from_where_it_stood(
    media: ModuleType, server: FaultServer, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"HEADER" + bytes(range(256)) * 1000)
    server.script(Reply(status=503, body={}), Reply(status=204))
    with path.open("rb") as file, _served(media, server) as client:
        file.seek(6)  # the caller skipped a header of its own
        client.uploads.put_blob("b1", body=file)
    expected = bytes(range(256)) * 1000
    assert [request.body for request in server.requests] == [expected, expected]
    assert all(request.headers["content-length"] == str(len(expected)) for request in server.requests)
    assert all("transfer-encoding" not in request.headers for request in server.requests)


class _ReadSizes(io.FileIO):
    """A file that records the size of every read asked of it."""

    sizes: list[int]

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(-1 if size is None else size)
        return super().read(size)


def test_a_large_file_is_never_read_whole(media: ModuleType, server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    size = 8 << 20
    with path.open("wb") as out:
        out.truncate(size)
    server.script(Reply(status=204))
    with _ReadSizes(path, "r") as file, _served(media, server) as client:
        file.sizes = []
        client.uploads.put_blob("big", body=file)
    assert len(server.requests[0].body) == size
    assert len(file.sizes) > 100, file.sizes
    assert max(file.sizes) <= 65536, "read in chunks"
    assert -1 not in file.sizes, "never read to the end in one call"


def test_a_pipe_is_streamed_chunked(media: ModuleType, server: FaultServer) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"from a pipe")
    os.close(write_end)
    server.script(Reply(status=204))
    with open(read_end, "rb") as pipe, _served(media, server) as client:
        assert not pipe.seekable()
        client.uploads.put_blob("p", body=pipe)
    assert server.requests[0].body == b"from a pipe"
    assert server.requests[0].headers["transfer-encoding"] == "chunked"


def test_the_async_client_sends_raw_bodies_of_every_kind(
    media: ModuleType, server: FaultServer, tmp_path: Path
) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"file bytes")

    async def run() -> None:
        async with media.AsyncMediaProbeClient(api_key="sk-media", base_url=server.url) as client:
            client._sleep = _no_wait
            await client.uploads.put_blob("a", body=b"bytes")
            await client.uploads.put_blob("b", body=iter([b"chunk ", b"by chunk"]))
            with path.open("rb") as file:
                await client.uploads.put_blob("c", body=file)

    server.script(Reply(status=204), Reply(status=204), Reply(status=503, body={}), Reply(status=204))
    asyncio.run(run())
    bodies = [request.body for request in server.requests]
    assert bodies == [
        b"bytes",
        b"chunk by chunk",
        b"file bytes",
        b"file bytes",
    ], "the file resent after the 503"


async def _no_wait(_: float) -> None:
    return None


_WIRE_CALLS: dict[str, Callable[[Any], Any]] = {
    "multipart": lambda c: c.uploads.upload(
        file=("a.bin", b"\x00\xff", "application/x-thing"),
        attachments=[b"%PDF"],
        title="t",
        tags=["x", "y"],
        meta={"source": "v"},
        labels=["l"],
    ),
    "multipart-empty": lambda c: c.uploads.add_sources_multipart(),
    "urlencoded": lambda c: c.uploads.send_message(
        to="+1 555", message_samples=["a", "b&c"], filter={"status": "x"}, ids=[1, 2], channels=["s", "v"]
    ),
    "raw-bytes": lambda c: c.uploads.put_blob("b1", body=b"\x00\x01"),
    "raw-chunks": lambda c: c.uploads.put_blob("b2", body=iter([b"ab", b"cd"])),
    "text": lambda c: c.uploads.add_note(body="é ✓"),
    "parameters": lambda c: c.params.search(
        [1, 2],
        ["eu"],
        {"x": 1},
        {"w": 2},
        page={"number": 2},
        tags=["a", "b"],
        words=["r", "b"],
        codes=["p", "q"],
        colors=["g"],
        callback="https://h.example/?x=1",
        x_trace=["t"],
        x_meta_spread={"a": 1},
        session="s",
        prefs=["d", "c"],
    ),
}


def _wire_body(content_type: str, body: bytes) -> bytes:
    """The body to compare: a multipart boundary (random) replaced by a fixed one, else the bytes."""
    boundary = re.search(r"boundary=([^;]+)", content_type)
    return body.replace(boundary.group(1).encode(), b"BOUNDARY") if boundary else body


@pytest.mark.parametrize("call", _WIRE_CALLS, ids=str)
def test_a_real_socket_receives_what_the_mock_transport_saw(
    call: str, media: ModuleType, server: FaultServer
) -> None:
    client, sent = _client(media, lambda _: httpx.Response(200, json={"id": "u1"}))
    _WIRE_CALLS[call](client)
    mocked = sent[0]
    server.script(Reply(status=200, body={"id": "u1"}))
    with _served(media, server) as served:
        _WIRE_CALLS[call](served)
    received = server.requests[0]
    assert received.method == mocked.method
    assert received.path.encode() == mocked.url.raw_path, "path and query string, byte for byte"
    for name, value in mocked.headers.items():
        if name.lower() not in ("host", "content-type", "content-length", "transfer-encoding"):
            assert received.headers[name.lower()] == value, name
    content_type = mocked.headers.get("content-type", "")
    assert received.headers.get("content-type", "").split(";")[0] == content_type.split(";")[0]
    assert _wire_body(received.headers.get("content-type", ""), received.body) == _wire_body(
        content_type, mocked.read()
    )
