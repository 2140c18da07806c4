"""Fuzzing `validate` with text, not data: YAML and JSON of every construct, nested and broken.

The hostile corpus (tests/support/hostile_cases.py) holds the shapes someone thought of; this
test draws the ones nobody did. Text is built from YAML's constructs (block and flow
collections, compact ``- -`` entries, explicit ``? `` keys, anchors, aliases, merge keys, tags,
quoted and block scalars, comments, documents, directives) around scalars of every kind
(5,000-digit integers, ``.nan``, ``no``, timestamps, apostrophes inside plain text), and JSON
likewise (duplicate keys, ``NaN``, huge numbers, deep brackets). Every text must give either
success or errors that name the file and a line; never a traceback. A signal (libyaml's
composer overflowing its C stack) would kill the worker, which pytest reports as a failure.

The budget is fixed (``max_examples`` below, derandomized under the ``ci`` profile) so the suite
stays fast; ``--hypothesis-profile explore`` searches harder with random seeds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import load_text
from generator.spec.validate import validate_document
from tests.support.project import SPECS

_WHOLE_FILE_RULES = frozenset({"input-too-large"})
"""Errors about the file as a whole, with no line to point at."""

_PLAIN = st.sampled_from(
    [
        "word",
        "it 'is",
        "don't",
        "a: b",
        "9" * 5000,
        "-0",
        "0x1F",
        "0o17",
        "1e999",
        ".nan",
        "-.inf",
        "no",
        "yes",
        "off",
        "~",
        "null",
        "2024-07-30",
        "2001-12-14t21:59:43.10-05:00",
        "1_000",
        "12:30:45",
        "<<",
        "=",
        "@",
        "`",
        "%",
        "!",
        "&",
        "*",
        "|",
        ">",
        "#",
        "\t",
        "\u00a0",
        "\ufeff",
        "\U0001f600",
        "\u202e",
    ]
)
_QUOTED = st.one_of(
    st.builds(lambda text: "'" + text.replace("'", "''") + "'", st.text(max_size=12)),
    st.builds(lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"', st.text(max_size=12)),
    st.sampled_from(['"\\x41\\u263A\\U0001F600"', '"\\q"', "'unclosed", '"unclosed', "'''"]),
)
_TAGGED = st.sampled_from(
    [
        "!!str 1",
        "!!int x",
        "!!float nope",
        "!!binary aGVsbG8=",
        "!!binary ***",
        "!!timestamp 2024-13-99",
        "!!python/object:os.system ls",
        "!!python/name:os.system",
        "!custom x",
        "!<tag:yaml.org,2002:str> x",
        "!!set {a, b}",
        "!!omap [a: 1]",
    ]
)
_SCALAR = st.one_of(_PLAIN, _QUOTED, _TAGGED)
_KEY = st.one_of(
    st.sampled_from(["openapi", "info", "paths", "components", "title", "version", "type", "$ref", "x"]),
    _PLAIN,
    _QUOTED,
)


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    sequence = st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(children, max_size=4))
    mapping = st.builds(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}",
        st.lists(st.tuples(_KEY, children), max_size=4),
    )
    return st.one_of(sequence, mapping)


_FLOW = st.recursive(_SCALAR, _flow, max_leaves=12)
_NODE_PREFIX = st.sampled_from(["", "", "", "&a ", "&b ", "*a", "*b", "*missing", "? ", "- ", "- - ", "? ? "])


@st.composite
def _block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A block mapping or sequence, its values flow text, scalars or deeper blocks."""
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        shape = draw(st.sampled_from(["pair", "entry", "explicit", "comment", "block-scalar", "nested"]))
        prefix = draw(_NODE_PREFIX)
        if shape == "comment":
            lines.append(pad + "# " + draw(st.sampled_from(["it's a 'trap", "[[[", "{", "'", '"'])))
        elif shape == "entry":
            lines.append(f"{pad}- {prefix}{draw(_FLOW)}")
        elif shape == "explicit":
            lines.append(f"{pad}? {prefix}{draw(_KEY)}\n{pad}: {draw(_FLOW)}")
        elif shape == "block-scalar":
            indicator = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", "|9"]))
            lines.append(f"{pad}{draw(_KEY)}: {indicator}\n{pad}  {draw(_PLAIN)}\n{pad} {draw(_PLAIN)}")
        elif shape == "nested" and depth < 4:
            lines.append(
                f"{pad}{draw(_KEY)}:\n" + draw(_block(indent + draw(st.sampled_from([1, 2, 4])), depth + 1))
            )
        else:
            lines.append(f"{pad}{draw(_KEY)}: {prefix}{draw(_FLOW)}")
    return "\n".join(lines)


_DEEP = st.builds(
    lambda opener, count: opener * count,
    st.sampled_from(["[", "{a: ", "- ", "? ", "[{x: ", "- [", "&x ["]),
    st.sampled_from([50, 101, 150, 5000, 150_000]),
)


@st.composite
def _yaml_text(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["", "%YAML 1.2\n---\n", "%YAML 1.1\n", "---\n", "\ufeff", "--- !!map\n"]))
    body = "openapi: 3.1.0\n" if draw(st.booleans()) else ""
    body += draw(_block())
    if draw(st.booleans()):
        body += "\nx-deep: " + draw(_DEEP) + draw(_SCALAR)
    tail = draw(st.sampled_from(["", "\n", "\n...\n", "\n---\nsecond: doc\n", "\r\n", "\n\t"]))
    text = head + body + tail
    return text.replace("\n", "\r\n") if draw(st.booleans()) and "\r" not in text else text


_JSON_SCALAR = st.sampled_from(
    [
        '"s"',
        '"it\'s"',
        '"\\ud800"',
        '"\\u0000"',
        "1",
        "-0",
        "1e999",
        "9" * 5000,
        "NaN",
        "-Infinity",
        "true",
        "null",
        '"\\x"',
        "01",
        "1.",
        ".5",
    ]
)


def _json_collections(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    array = st.builds(lambda items: "[" + ",".join(items) + "]", st.lists(children, max_size=4))
    obj = st.builds(
        lambda pairs: "{" + ",".join(f'"{k}":{v}' for k, v in pairs) + "}",
        st.lists(
            st.tuples(st.sampled_from(["openapi", "paths", "a", "a", "$ref", ""]), children), max_size=4
        ),
    )
    return st.one_of(array, obj)


@st.composite
def _json_text(draw: st.DrawFn) -> str:
    inner = draw(st.recursive(_JSON_SCALAR, _json_collections, max_leaves=12))
    text = '{"openapi": "3.1.0", "info": {"title": "F", "version": "1"}, "paths": {}, "x": ' + inner + "}"
    if draw(st.booleans()):
        count = draw(st.sampled_from([101, 5000, 150_000]))
        text = text[:-1] + ', "deep": ' + "[" * count + "]" * count + "}"
    if draw(st.booleans()):  # a cut, as a truncated download leaves it
        text = text[: draw(st.integers(0, len(text)))]
    return text


_VENDOR_TEXT = {vendor: (SPECS / vendor / "openapi.yaml").read_text("utf-8") for vendor in ("callkaro",)}


@st.composite
def _spliced_vendor_text(draw: st.DrawFn) -> str:
    """A real spec with a drawn fragment pasted at a drawn place: a broken edit, as people make."""
    text = _VENDOR_TEXT["callkaro"]
    at = draw(st.integers(0, len(text)))
    fragment = draw(st.one_of(_FLOW, _SCALAR, _DEEP, st.sampled_from(["\n", "\n  ", ": ", "\t", "- "])))
    return text[:at] + fragment + text[at:]


def _check(text: str, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    try:
        document = load_text(text, path)
    except SpecError as exc:
        diagnostics: list[Diagnostic] = list(exc.diagnostics)
        assert diagnostics, "a refusal says what is wrong"
    else:
        diagnostics = validate_document(document)
    for diagnostic in diagnostics:
        assert diagnostic.file == document_name(path), diagnostic
        if diagnostic.severity is Severity.ERROR and diagnostic.rule not in _WHOLE_FILE_RULES:
            assert diagnostic.line >= 1, f"an error without a line: {diagnostic}"


def document_name(path: Path) -> str:
    """The file name the loader reports (the tmp path is outside the working directory)."""
    return str(path)


_BUDGET = 15 * (settings.default.max_examples or 1)
"""120 examples per test under the ``ci`` profile (8 by default), 2,250 under ``explore``."""
_FUZZ = settings(
    max_examples=_BUDGET, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@_FUZZ
@given(text=_yaml_text())
def test_any_yaml_text_gives_success_or_located_errors(text: str, tmp_path: Path) -> None:
    _check(text, "fuzz.yaml", tmp_path)


@_FUZZ
@given(text=_json_text())
def test_any_json_text_gives_success_or_located_errors(text: str, tmp_path: Path) -> None:
    _check(text, "fuzz.json", tmp_path)


@settings(
    max_examples=_BUDGET // 5,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_spliced_vendor_text())
def test_a_vendor_spec_broken_anywhere_gives_success_or_located_errors(text: str, tmp_path: Path) -> None:
    _check(text, "openapi.yaml", tmp_path)
