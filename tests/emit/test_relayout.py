"""relayout gives exactly black's output, or declines: on real template output and on odd inputs.

Generation skips black for what relayout lays out, so a difference here would be a generated
file black would change: every test compares with black itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import black
import pytest

from generator.emit.formatting import BLACK_MODE
from generator.emit.generate import build_package_ir, provenance_header, settings_for_spec, vendor_settings
from generator.emit.relayout import normalize_strings, relayout
from generator.emit.render import render_package
from generator.spec.loader import load_document
from generator.spec.vendors import load_vendor
from tests.support.project import FIXTURES, SHARED, SPECS, VENDORS

_CORPUS = ("opc-baseline_openapi_3.0.json", "deepgram-openapi.yml", "twilio-twilio_voice_v1.json")


def _template_modules(spec: Path, vendor: str | None) -> Iterator[tuple[str, str]]:
    """The unformatted Python files the templates render for a spec (not the models, not the runtime)."""
    document = load_document(spec)
    settings = (
        vendor_settings(load_vendor(SPECS / vendor)) if vendor else settings_for_spec(document, "probe")
    )
    ir, models = build_package_ir(document, settings)
    header = provenance_header(str(spec))
    for name, text in render_package(ir, models.code, header, {}).items():
        if (
            name.endswith(".py")
            and not name.endswith("models.py")
            and "/_" not in name.replace("/__init__", "")
        ):
            yield name, text


def _specs() -> list[tuple[Path, str | None]]:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"this test needs the shared corpus at {SHARED / 'corpus'} (see DEVELOPERS.md)")
    found: list[tuple[Path, str | None]] = [(SPECS / vendor / "openapi.yaml", vendor) for vendor in VENDORS]
    found += [(path, None) for path in sorted((FIXTURES / "golden").glob("*/openapi.yaml"))]
    found += [(SHARED / "corpus" / name, None) for name in _CORPUS]
    return found


@pytest.mark.filterwarnings("ignore::UserWarning")  # datamodel-code-generator on corpus formats
@pytest.mark.parametrize(("spec", "vendor"), _specs(), ids=lambda value: getattr(value, "name", value))
def test_template_output_is_laid_out_as_black_lays_it_out(spec: Path, vendor: str | None) -> None:
    laid_out = total = 0
    for name, source in _template_modules(spec, vendor):
        total += len(source)
        expected = black.format_str(source, mode=BLACK_MODE)
        result = relayout(source, BLACK_MODE)
        helped = relayout(source, BLACK_MODE, black_for_statements=_black)
        assert helped is not None or result is None, f"{spec}: {name}"
        if helped is None:
            continue
        assert helped == expected, f"{spec}: {name}"
        if result is not None:
            assert result == expected, f"{spec}: {name}"
            laid_out += len(source)
    if vendor is not None:  # the point of it: the vendors' clients skip black almost entirely
        assert laid_out >= 0.75 * total, f"{spec}: only {laid_out} of {total} bytes laid out"


_ODD_SOURCES = {
    "quotes": """x = {'a': "it's", 'b': 'say "hi"', 'c': 'both \\' and "'}\n""",
    "prefixes and escapes": "x = [U'a', B'b', F'{x}', '\\xAB', '\\N{bullet}', R'\\d']\n",
    "numbers": "x = [0XFF, 1E5, 10L if False else 0O17, 1_000J, 1e+20]\n".replace("10L", "10"),
    "long call": "result = some_function(" + ", ".join(f"argument_{i}={i}" for i in range(12)) + ")\n",
    "hug": "def f(self, *, alpha: int = 1, beta: str = 'b', gamma: float | None = None) -> dict[str, int]:\n"
    "    return call_something(alpha, beta, gamma, alpha, beta, gamma, alpha, beta, gamma, alpha, beta)\n",
    "one parameter": "def a_very_long_function_name_for_this(self_parameter_with_a_long_name_too) -> "
    "SomeReturnType[int, str]:\n    pass\n",
    "one argument": "x = outer(inner(" + ", ".join(f"value_{i}" for i in range(20)) + "))\n",
    "nested collections": "x = call({'k': ["
    + ", ".join(f"'item{i}'" for i in range(20))
    + "]}, tail=True)\n",
    "lambda": "return_value = paginate(lambda position: self.list(page=position, extra_headers=h, "
    "extra_query=q, timeout=t), 'data', start=1 if page is None else page)\n",
    "ternary": "value = first_option_with_a_long_name if some_condition_that_is_long else "
    "second_option_with_a_long_name_too + more\n",
    "operators": "total = " + " + ".join(name * 28 for name in "abcd") + "\n",
    "long annotation": "def f(\n    self,\n    secondary_contacts: builtins.list[SecondaryContactParam | "
    "SecondaryContactRequest] | Omit = OMIT,\n) -> None: ...\n",
    "annotation too long": "class R:\n    def f(\n        self,\n        secondary_contacts_of_the_lead: "
    "builtins.list[SecondaryContactParam | SecondaryContactRequest] | Omit = OMIT,\n    ) -> None: ...\n",
    "tuple too long": "a, b = first_function_name_that_is_long(argument_one), second_function_name_long("
    "argument_two)\n",
    "subscript too long": "x: Final = mapping_with_a_long_name[some_key_expression, another_key_expression, "
    "third_key_expression_xxxxxxxxx]\n",
    "call chain": "value = client.resource(argument_one, argument_two).method(argument_three, "
    "argument_four).final(argument_five)\n",
    "comment inside": "x = [\n    1,  # one\n    2,\n]\n",
    "comment lines": "#comment\nx = 1\n",
    # found adding trailing comments: black puts a blank line after imports before other code
    "code right after an import": "import a\nx = 1\nfrom b import c\nimport d\n# note\ny = 2\n",
    # found letting black format single statements: black leaves one blank line after imports
    "two blank lines after an import": "import a\n\n\nx = 1\n\n\n# c\nfrom b import c\n\n\n# d\ny = 2\n",
    # and the params module's comment above a TypedDict call, after a class
    "comment above a statement after a class": "class A:\n    x: int\n\n\n# c\nB = 1\n\n# d\nC = 2\n\n\n"
    "# e\n# f\nD = 3\n\n\n# g\n\nE = 4\n",
    "comment above a class": "B = 1\n# c\nclass A:\n    x: int\n\n\n# d\nclass C:\n    y: int\n",
    "import in a block": "if TYPE_CHECKING:\n    from b import c\nx = 1\n",
    "trailing comment": "import a  # noqa: F401\n\nif TYPE_CHECKING:  # only for mypy\n"
    "    from b import c  # x\n",
    "trailing comment, one space": "x = 1 # one\n",
    "trailing comment, no space after the mark": "x = 1  #one\n",
    "trailing comment, three spaces": "x = 1   # three\n",
    "trailing comment past the line length": "value = some_function(argument_one, argument_two)  # "
    + "c" * 70
    + "\n",
    # found on deepgram: a long import with a comment, which black explodes, putting the comment after it
    "trailing comment past the line length, import": "class C:\n    def f(self):\n        from .resources."
    + "a" * 40
    + " import "
    + "B" * 40
    + "  # noqa: PLC0415\n\n        return 1\n",
    "comment inside a long call": "x = call(\n    "
    + ", ".join(f"argument_{i}" for i in range(8))
    + ",  # why\n    "
    + " + ".join(f"value_{i}" for i in range(12))
    + ",\n)\n",
    "type comment past the line length": "x = call("
    + ", ".join(f"argument_{i}" for i in range(12))
    + ")  # type: ignore[arg-type]\n",
    "trailing comment after a line black changes": "x = {'a': 1}  # quoted\n",
    "trailing comment on a split statement": "x = call(\n    a, b\n)  # after\n",
    "trailing comment after a def": "def f(a):  # why\n    return a  # what\n",
    "trailing comment, wide characters": "x = 1  # " + "漢" * 52 + "\n",
    "magic comma": "x = call(a, b,)\nfoo(1,)\n",
    # found rendering the unified package's rules: black keeps a one-tuple's comma on one line
    "one-tuple": 'x = Read(name="a", wire=("id",))\ny = ("b",)\n',
    "one-item subscript": "z = t[1,]\n",
    "one-tuple in a split call": 'x = Read(name="a_long_enough_name_here", source="another_long_value_here", '
    'wire=("id",), other=("b",))\n',
    "one-tuple past the line length": 'x = ("' + "a" * 110 + '",)\n',
    "one-tuple as the last item of a split": "records = (\n    (Call, 'data', Source(places=('x',))),\n)\n",
    # and puts two blank lines after a module-level function before the next statement
    "after a function": "def f() -> None:\n    pass\n\nX = 1\n\n\ndef g() -> None:\n    pass\n",
    "tuple": "a, b = first_function_name_that_is_long(argument), second_function_name_long(argument)\n",
    "subscript last": "x: Final = mapping_with_a_long_name[some_key_expression, another_key_expression, "
    "third_key_expression_xx]\n",
    "empty brackets": "x = function_with_a_really_long_name_to_call_here_now().method_with_long_name_too()"
    ".third_method()\n",
    "wide characters": "x = call('" + "漢" * 40 + "', '" + "字" * 20 + "')\n",
    "docstrings": textwrap.dedent('''\
        """Module docstring ending with a quote"."""


        class A:
            """  Padded and "quoted".   """

            def f(self) -> None:
                """First line.

                      Deeper line.
                Trailing spaces here
                """

            def g(self) -> None:
                """Ends with a backslash\\\\"""

            def h(self) -> None:
                \'\'\'Single quotes.\'\'\'
        '''),
    # found on opc-baseline: a description ending in a backslash; black does not re-indent such a docstring
    "docstring with a backslash at a line's end": 'def f():\n    """Ends with \\\\\n\n  Less indented.\n'
    '    """\n    return 1\n',
    "backslash continuation": "x = 1 + \\\n    2\n",
    "class docstring then code": 'class A:\n    """Doc."""\n    x: int\n',
    # datamodel-code-generator's field docstrings: strings black leaves as they stand, quotes aside
    "field docstrings": 'class A(B):\n    x: int = 1\n    """\n    Text\n        deeper, and '
    + " ".join(["far past the line length"] * 6)
    + "\n    \"\"\"\n\n    y: str | None = None\n    '''\n    Single quotes, a \"quote\".\n    '''\n"
    '    z: int\n    R"""\n    Raw \\d.\n    """\n',
    "field docstrings, odd": 'class A(B):\n    x: int = 1\n    """\n    Trailing spaces  \n    """\n'
    '    y: int\n    """\n    A continued \\\n    line\n    """\n',
    "string first in an if block": 'if x:\n    """Text\n  shallower\n    """\n    y = 1\n',
    # statements the rules decline, which black can format alone (black_for_statements)
    "long union in a method": "class R:\n    async def post(self, *, item: "
    + " | ".join(f"ItemParam{i}" for i in range(12))
    + " | Omit = OMIT) -> None:\n        return await self._send(first_argument_x + second_argument_y + "
    "third_argument_z + fourth)\n\n    def get(self) -> None:\n        pass\n",
    "long condition": "def f():\n    if " + " and ".join(f"condition_number_{i}" for i in range(8)) + ":\n"
    "        return 1\n",
    "long decorator": "@decorator_with_a_long_name(" + " + ".join(f"argument_{i}" for i in range(12)) + ")\n"
    "def f():\n    pass\n",
    "long tuple": "a, b = " + ", ".join(f"function_number_{i}(argument)" for i in range(5)) + "\n",
    "long class header": "class A(" + ", ".join(f"BaseClassNumber{i}" for i in range(8)) + "):\n    x: int\n",
    "two statements, one line": "import a; x = 1\n",
    # found then too: black gives the body of a one-line def a line of its own
    "one-line def": "def f(): return some_function_with_a_long_name(argument_one, argument_two, argument)\n",
    "one-line class": "class A: pass\n",
    "string after a def's body": 'def f():\n    pass\n\n\n"""\n  After.\n"""\n',
    "import": "from package.module import " + ", ".join(f"name_{i}" for i in range(20)) + "\n",
    "exploded import": "from m import (\n    a,\n    b,\n)\n",
    "exploded wrong": "from m import (\n    a, b,\n)\n",
    "empty list": "__all__ = [\n]\n",
    "string concatenation": "raise Error(\n    'first part '\n    f'second {part}'\n)\n",
    "await and return": "async def f():\n    return await self._client.request(RequestOptions(method='GET', "
    "path='/v1/things/{id}', params={'a': a, 'b': b}, timeout=timeout), Thing)\n",
    "dict value split": "x = {'key': some_function(argument_one, argument_two, argument_three, argument_4, "
    "argument_5)}\n",
}


@pytest.mark.parametrize("source", list(_ODD_SOURCES.values()), ids=list(_ODD_SOURCES))
def test_odd_input_is_laid_out_as_black_does_or_declined(source: str) -> None:
    expected = black.format_str(source, mode=BLACK_MODE)
    result = relayout(source, BLACK_MODE)
    assert result is None or result == expected


@pytest.mark.parametrize("source", list(_ODD_SOURCES.values()), ids=list(_ODD_SOURCES))
def test_odd_input_with_black_for_statements_is_laid_out_as_black_does_or_declined(source: str) -> None:
    expected = black.format_str(source, mode=BLACK_MODE)
    result = relayout(source, BLACK_MODE, black_for_statements=_black)
    assert result is None or result == expected


def _black(source: str) -> str:
    return black.format_str(source, mode=BLACK_MODE)


def test_black_for_statements_takes_what_the_rules_decline() -> None:
    """Modules the rules alone decline for one statement are laid out, black formatting that statement."""
    for name in (
        "operators",
        "long union in a method",
        "long class header",
        "ternary",
        "long tuple",
        "trailing comment past the line length, import",
        "comment inside a long call",
    ):
        source = _ODD_SOURCES[name]
        assert relayout(source, BLACK_MODE) is None, name
        assert relayout(source, BLACK_MODE, black_for_statements=_black) is not None, name


def test_black_for_statements_is_not_asked_where_neighbours_matter() -> None:
    asked: list[str] = []

    def recording(source: str) -> str:
        asked.append(source)
        return _black(source)

    for name in (
        "long decorator",
        "long condition",
        "two statements, one line",
        "one-line def",
        "one-line class",
        "type comment past the line length",
    ):
        assert relayout(_ODD_SOURCES[name], BLACK_MODE, black_for_statements=recording) is None, name
        assert asked == [], name


@pytest.mark.parametrize("source", list(_ODD_SOURCES.values()), ids=list(_ODD_SOURCES))
def test_quoting_strings_first_leaves_black_s_result_unchanged(source: str) -> None:
    """normalize_strings runs before black on the models: black must end where it would have."""
    expected = black.format_str(source, mode=BLACK_MODE)
    assert black.format_str(normalize_strings(source, BLACK_MODE), mode=BLACK_MODE) == expected


def test_the_common_shapes_are_not_declined() -> None:
    """The statements every resource module holds are laid out here, not sent to black."""
    for name in (
        "quotes",
        "long call",
        "hug",
        "nested collections",
        "import",
        "await and return",
        "docstrings",
        "trailing comment",
        "trailing comment after a def",
        "one-tuple",
        "one-tuple in a split call",
        "field docstrings",
        "comment above a statement after a class",
        "docstring with a backslash at a line's end",
    ):
        assert relayout(_ODD_SOURCES[name], BLACK_MODE) is not None, name


def test_source_black_cannot_parse_is_declined_or_left_for_the_parser() -> None:
    for source in ("x = (\n", "def f(:\n    pass\n", "x = 'unterminated\n", "\tx = 1\n", "x = 1  \n"):
        result = relayout(source, BLACK_MODE)
        assert result is None or result == source  # format_files compiles what it skips black for
