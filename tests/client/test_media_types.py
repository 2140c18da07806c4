"""Requests and responses by media type (tests/fixtures/media/openapi.yaml), checked on the wire.

One package is generated for the module; every test calls it through ``httpx.MockTransport`` and
looks at the exact request sent and at what the method returns.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.loader import load_document
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


def test_an_undocumented_response_keeps_its_bytes(media: ModuleType) -> None:
    client, sent = _client(media, lambda _: httpx.Response(200, json={"surprise": True}))
    answer = client.files.get_undocumented()
    assert isinstance(answer, media.BinaryResponse)
    assert answer.json() == {"surprise": True}
    assert sent[0].headers["Accept"] == "*/*"


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
