"""jsonschema-rs's quick "valid" never hides an error the Python validator reports.

Every document is checked twice, with the quick checks and with Python alone, and the findings
must be the same: the vendors' specs, the corpus, the broken fixtures, and mutations of a real
spec that break the standard in the places each pass checks (a schema object's keyword, a
pattern that is an ECMA regex but not a Python one, an operation's structure).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.spec import standard
from generator.spec.diagnostics import SpecError
from generator.spec.loader import load_document
from generator.spec.standard import check_standard
from tests.support.project import FIXTURES, ROOT

VENDORS = sorted(path for path in (ROOT / "specs").glob("*/openapi.yaml"))


def _loads(path: Path) -> bool:
    try:
        load_document(path)
    except SpecError:  # bad YAML, a duplicate key: the loader's diagnostics, nothing to validate
        return False
    return True


BROKEN = [path for path in sorted((FIXTURES / "broken").iterdir()) if _loads(path)]


def _python_only(document: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    with monkeypatch.context() as patched:
        patched.setattr(standard, "_quick_document_check", lambda version: None)
        patched.setattr(standard, "_quick_meta_check", lambda validator, dialect: None)
        patched.setattr(standard, "_META_CHECKS", {})
        return check_standard(document)


def _both(document: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    monkeypatch.setattr(standard, "_META_CHECKS", {})
    quick = check_standard(document)
    return quick, _python_only(document, monkeypatch)


@pytest.mark.parametrize("path", VENDORS + BROKEN, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_quick_checks_find_what_python_finds(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quick, python = _both(load_document(path).data, monkeypatch)
    assert quick == python


def test_the_quick_checks_find_what_python_finds_on_the_corpus(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = sorted(p for p in (shared_dir / "corpus").iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    assert corpus, f"no corpus specs in {shared_dir / 'corpus'}"
    for path in corpus:
        if path.name.startswith("stripe"):
            continue  # 7 MB: the validation benchmark runs it; here it would double the test's time
        quick, python = _both(load_document(path).data, monkeypatch)
        assert quick == python, path.name


def _schemas(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for schema in document["components"]["schemas"].values():
        yield schema
        for value in schema.get("properties", {}).values():
            if isinstance(value, dict) and "$ref" not in value:
                yield value


MUTATIONS = {
    "unknown type": lambda s: s.update(type="strin"),
    "ECMA-only pattern": lambda s: s.update(type="string", pattern="^(?<area>[0-9]{3})$"),
    "pattern not a regex at all": lambda s: s.update(type="string", pattern="(unclosed"),
    "required not a list": lambda s: s.update(required="id"),
    "negative minLength": lambda s: s.update(type="string", minLength=-1),
    "enum not a list": lambda s: s.update(enum="a"),
    "properties not an object": lambda s: s.update(properties=["a"]),
    "$ref not a string": lambda s: s.update({"$ref": 5}),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_broken_schema_object_is_reported_the_same(mutation: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = dict(load_document(ROOT / "specs" / "ravan" / "openapi.yaml").data)
    for index in (0, 7, -1):
        broken = copy.deepcopy(spec)
        schemas = list(_schemas(broken))
        MUTATIONS[mutation](schemas[index])
        quick, python = _both(broken, monkeypatch)
        assert python, f"{mutation} is not an error for the Python validator either: the test proves nothing"
        assert quick == python


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["info"].pop("title"),
        lambda d: d["paths"][next(iter(d["paths"]))].update(get="not an operation"),
        lambda d: d.update(servers={"url": "x"}),
        lambda d: d["components"]["securitySchemes"].update(Bad={"type": "carrier-pigeon"}),
    ],
    ids=["no title", "operation a string", "servers an object", "unknown security type"],
)
def test_a_broken_document_is_reported_the_same(edit: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = json.loads(json.dumps(dict(load_document(ROOT / "specs" / "autocalls" / "openapi.yaml").data)))
    edit(broken)
    quick, python = _both(broken, monkeypatch)
    assert python
    assert quick == python


def test_a_document_that_is_not_json_falls_back_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML gives dates and integer keys; jsonschema-rs cannot take them, Python says what is wrong."""
    document = yaml.safe_load(
        "openapi: 3.1.0\ninfo: {title: t, version: 2024-01-01}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {1: {type: string}}}\n"
    )
    quick, python = _both(document, monkeypatch)
    assert python
    assert quick == python


def test_the_quick_checks_are_built_for_both_versions() -> None:
    """A jsonschema-rs that cannot compile a schema leaves Python alone: right, but slow, and unseen."""
    assert standard._quick_document_check("3.0") is not None
    assert standard._quick_document_check("3.1") is not None
    spec = dict(load_document(ROOT / "specs" / "ravan" / "openapi.yaml").data)
    check_standard(spec)
    check_standard(_as_3_0())
    assert standard._QUICK_META, "no metaschema check was asked for"
    assert all(check is not None for check in standard._QUICK_META.values()), standard._QUICK_META


def _as_3_0() -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document with one schema object: enough to ask for the 3.0 metaschema check."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"type": "object", "properties": {"a": {"type": "string"}}}}},
    }
