"""Property-based tests (hypothesis): random valid specs and random mutations of the vendor specs.

A random valid spec (operations, tags, names and descriptions drawn from all of Unicode,
nested object/array/enum schemas) must give a package that compiles and imports. A random
mutation of a vendor spec (a node deleted, a value replaced by another JSON value) must give
either a clean :class:`SpecError` or such a package, never a crash.

The suite runs the ``ci`` profile (tests/conftest.py): few examples, derandomized, so CI is fast
and never flaky. To search harder: ``pytest tests/emit/test_properties.py --hypothesis-profile explore``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.diagnostics import SpecError
from generator.spec.loader import load_text
from tests.support.project import SPECS

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
_NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
_SCALAR_TYPES = st.sampled_from(["string", "integer", "number", "boolean"])
_PROPERTIES = 6


def _schema(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    scalar = st.builds(lambda kind, text: {"type": kind, "description": text}, _SCALAR_TYPES, _TEXT)
    enum = st.builds(
        lambda values: {"type": "string", "enum": values},
        st.lists(_TEXT, min_size=1, max_size=4, unique=True),
    )
    if depth == 0:
        return st.one_of(scalar, enum)
    child = _schema(depth - 1)
    array = st.builds(lambda items: {"type": "array", "items": items}, child)
    obj = st.builds(
        lambda properties, text: {"type": "object", "description": text, "properties": properties},
        st.dictionaries(_NAME, child, max_size=_PROPERTIES),
        _TEXT,
    )
    return st.one_of(scalar, enum, array, obj)


@st.composite
def _specs(draw: st.DrawFn) -> dict[str, Any]:
    operations = draw(
        st.lists(st.tuples(_NAME, _NAME, _TEXT, _schema(2), st.booleans()), min_size=1, max_size=3)
    )
    paths: dict[str, Any] = {}
    for index, (operation_id, tag, summary, schema, has_body) in enumerate(operations):
        operation: dict[str, Any] = {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "responses": {
                "200": {"description": summary or "OK", "content": {"application/json": {"schema": schema}}}
            },
        }
        if has_body:
            operation["requestBody"] = {"content": {"application/json": {"schema": schema}}}
        paths[f"/p{index}"] = {"post" if has_body else "get": operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(_NAME), "version": "1.0.0", "description": draw(_TEXT)},
        "servers": [{"url": "https://api.example.test"}],
        "paths": paths,
    }


def _generate_and_import(spec_text: str, folder: Path, package: str) -> None:
    """Generate from ``spec_text``; a SpecError is a clean refusal, anything else must import."""
    spec_path = folder / "spec.yaml"
    document = load_text(spec_text, spec_path)
    result = generate_package(
        document, settings_for_spec(document, package), strict=False, cache_dir=folder / "black"
    )
    out = folder / "out"
    for name, text in result.files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if name.endswith(".py"):
            compile(text, str(target), "exec", dont_inherit=True)
    imported = subprocess.run(
        [sys.executable, "-c", f"import {package}"],
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr[-2000:]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=_specs())
def test_random_valid_specs_give_packages_that_compile_and_import(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    _generate_and_import(text, Path(tempfile.mkdtemp(dir=tmp_path)), "random_pkg")


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


_VENDOR_SPECS = {
    vendor: yaml.safe_load((SPECS / vendor / "openapi.yaml").read_text("utf-8"))
    for vendor in ("autocalls", "callkaro", "ravan", "volubile")
}
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | _TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_NAME, children, max_size=3),
    max_leaves=6,
)


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    vendor = draw(st.sampled_from(sorted(_VENDOR_SPECS)))
    spec = yaml.safe_load(yaml.safe_dump(_VENDOR_SPECS[vendor]))
    for _ in range(draw(st.integers(1, 3))):
        locations = [path for path in _locations(spec) if path]
        path = draw(st.sampled_from(locations))
        parent = spec
        for part in path[:-1]:
            parent = parent[part]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(_JSON)
    return spec


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=_mutated())
def test_mutated_vendor_specs_give_a_clean_error_or_a_valid_package(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    try:
        _generate_and_import(text, Path(tempfile.mkdtemp(dir=tmp_path)), "mutated_pkg")
    except SpecError as exc:
        refusal = exc.diagnostics
    else:
        return
    assert refusal, "a refusal names what is wrong"
    assert all(diagnostic.file for diagnostic in refusal)
