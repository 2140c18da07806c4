"""Loading keeps values as written and positions findable; pointers map back to lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.diagnostics import Severity, SpecError, format_pointer
from generator.spec.loader import load_document, load_text
from generator.spec.locate import locate, pointer_parts


def test_dates_stay_strings(tmp_path: Path) -> None:
    document = load_text("example: 2024-07-30\nwhen: 2024-07-30T10:00:00Z\n", tmp_path / "a.yaml")
    assert document.data == {"example": "2024-07-30", "when": "2024-07-30T10:00:00Z"}


def test_non_string_keys_warn_and_become_strings(tmp_path: Path) -> None:
    document = load_text("responses:\n  200: {description: ok}\n", tmp_path / "a.yaml")
    assert document.data == {"responses": {"200": {"description": "ok"}}}
    [problem] = document.problems
    assert (problem.line, problem.column, problem.severity) == (2, 3, Severity.WARNING)


def test_nul_byte_is_refused_with_its_position(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_text("a: 1\nb: x\x00y\n", tmp_path / "a.yaml")
    [problem] = caught.value.diagnostics
    assert (problem.line, problem.column, problem.message) == (2, 5, "file contains a NUL byte")


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: \xff\n")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    assert caught.value.diagnostics[0].message == "not UTF-8 text (byte 3)"


def test_locate_reports_the_key_and_follows_refs(tmp_path: Path) -> None:
    text = (
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      schema:\n"
        "        $ref: '#/components/schemas/A'\n"
        "components:\n"
        "  schemas:\n"
        "    A:\n"
        "      properties:\n"
        "        name: {type: strin}\n"
    )
    document = load_text(text, tmp_path / "a.yaml")
    assert locate(document.node, ("paths", "/a", "get")) == (3, 5)
    assert locate(document.node, ("paths", "/a", "get", "schema", "properties", "name", "type")) == (10, 16)
    assert locate(document.node, ("paths", "/a", "nothing", "here")) == (2, 3)


def test_locate_in_json_composes_lazily(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "info": {\n    "title": 1\n  }\n}\n')
    document = load_document(path)
    assert locate(document.node, ("info", "title")) == (3, 5)


def test_pointers_escape_and_unescape() -> None:
    parts = ["paths", "/v1/calls/{id}", "get", "x~y"]
    pointer = format_pointer(parts)
    assert pointer == "#/paths/~1v1~1calls~1{id}/get/x~0y"
    assert pointer_parts(pointer) == parts
    assert pointer_parts("other.yaml#/A") is None
