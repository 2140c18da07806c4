"""Specs are read as YAML 1.2, and every YAML file vendorgen writes reads back the same in 1.1 and 1.2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.loader import load_text
from generator.spec.yaml12 import dump_yaml, load_yaml12

_READINGS = [
    ("no", "no"),  # the Norwegian language code, False in YAML 1.1
    ("yes", "yes"),
    ("on", "on"),
    ("off", "off"),
    ("y", "y"),
    ("2024-07-30", "2024-07-30"),
    ("12:30:45", "12:30:45"),  # sexagesimal 45045 in YAML 1.1
    ("1_000", "1_000"),
    ("0b101", "0b101"),
    ("0755", 755),  # octal 493 in YAML 1.1
    ("0o17", 15),
    ("0x1F", 31),
    ("-12", -12),
    ("1e3", 1000.0),
    ("1.5", 1.5),
    (".inf", float("inf")),
    ("true", True),
    ("False", False),
    ("~", None),
    ("null", None),
    ("", None),
]


@pytest.mark.parametrize(("plain", "expected"), _READINGS, ids=[text or "empty" for text, _ in _READINGS])
def test_plain_scalars_resolve_as_yaml_1_2(plain: str, expected: Any) -> None:
    document = load_text(f"openapi: 3.1.0\nx: {plain}\n", Path("spec.yaml"))
    assert document.data["x"] == expected
    assert type(document.data["x"]) is type(expected)
    assert load_yaml12(f"x: {plain}\n")["x"] == expected


def test_merge_keys_still_merge() -> None:
    document = load_text("base: &base {a: 1}\nx:\n  <<: *base\n  b: 2\n", Path("spec.yaml"))
    assert document.data["x"] == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    "value", ["32488962e064", "no", "0o17", "1_000", "12:30", "2024-07-30", "1e3", "~", "true", "0755"]
)
def test_strings_written_by_vendorgen_read_back_as_strings_in_both_yaml_versions(value: str) -> None:
    """A fingerprint like ``32488962e064`` was written plain, and YAML 1.2 read it as a float."""
    text = dump_yaml({"x-pin": value})
    assert load_yaml12(text) == {"x-pin": value}
    assert yaml.safe_load(text) == {"x-pin": value}


def test_an_enum_with_no_stays_a_string_enum(tmp_path: Path) -> None:
    spec = """openapi: 3.1.0
info: {title: Lang, version: '1'}
servers: [{url: 'https://api.example.test'}]
paths:
  /greet:
    post:
      operationId: greet
      tags: [greetings]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                language: {type: string, enum: [en, no, nb]}
      responses:
        '204': {description: done}
"""
    document = load_text(spec, tmp_path / "spec.yaml")
    result = generate_package(
        document, settings_for_spec(document, "lang"), strict=False, cache_dir=tmp_path / "black"
    )
    models = result.files["lang/models.py"]
    assert '"no"' in models
    assert "False" not in models
