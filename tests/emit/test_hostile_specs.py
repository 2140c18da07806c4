"""Hostile and malformed specs (tests/support/hostile_cases.py): a clean error, or a harmless package.

Generation runs in-process through the CLI (`generate --spec`), once per case, in a fresh
folder (no cache shared with the project). A generated package is then compiled, imported in
a fresh interpreter, type-checked with ``mypy --strict`` (all packages in one run) and read as
an AST: it may import only what the project's own vendor packages import, call nothing
dangerous, run nothing at import time but definitions, and every hostile string must end up
inside a string literal, a comment or (made safe) an identifier, never as code.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.models import RESERVED_CLASS_NAMES
from generator.cli import app
from tests.support.hostile_cases import CASES, MARK, Case
from tests.support.project import GENERATED

_PACKAGE_CASES = [case for case in CASES if case.expect == "package"]
_ERROR_CASES = [case for case in CASES if case.expect == "error"]


@dataclass
class Outcome:
    """What `generate --spec` did with one case."""

    case: Case
    spec: Path
    output: Path
    exit_code: int
    text: str
    crashed: BaseException | None

    @property
    def package(self) -> str:
        return _package_name(self.case)


def _package_name(case: Case) -> str:
    return "hostile_" + re.sub(r"\W", "_", case.name)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("hostile")
    runner = CliRunner()
    results: dict[str, Outcome] = {}
    previous = Path.cwd()
    os.chdir(root)  # the generator's cache folder goes here, not into the project
    try:
        for case in CASES:
            spec = root / "specs" / f"{case.name}{case.suffix}"
            spec.parent.mkdir(parents=True, exist_ok=True)
            spec.write_bytes(case.text.encode("utf-8"))
            output = root / "out" / case.name
            result = runner.invoke(
                app,
                ["generate", "--spec", str(spec), "--output", str(output), "--package", _package_name(case)],
            )
            crashed = result.exception if not isinstance(result.exception, SystemExit) else None
            results[case.name] = Outcome(case, spec, output, result.exit_code, result.output, crashed)
    finally:
        os.chdir(previous)
    return results


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", _ERROR_CASES, ids=lambda case: case.name)
def test_refused_input_gives_a_clean_located_error_and_writes_nothing(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case.name]
    assert outcome.crashed is None, f"crashed: {outcome.crashed!r}\n{outcome.text[-2000:]}"
    assert outcome.exit_code == 1, outcome.text[-2000:]
    assert f"{case.name}{case.suffix}:" in outcome.text, "the message names the file"
    assert re.search(rf"{re.escape(case.name + case.suffix)}:\d+:\d+: error: ", outcome.text), outcome.text[
        -2000:
    ]
    assert case.message in outcome.text
    assert "Traceback" not in outcome.text
    assert not outcome.output.exists(), "nothing is written"


@pytest.mark.parametrize("case", _PACKAGE_CASES, ids=lambda case: case.name)
def test_hostile_strings_and_names_give_a_package_that_compiles(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case.name]
    assert outcome.crashed is None, f"crashed: {outcome.crashed!r}\n{outcome.text[-2000:]}"
    assert outcome.exit_code == 0, outcome.text[-3000:]
    for module in sorted(outcome.output.rglob("*.py")):
        compile(module.read_text(encoding="utf-8"), str(module), "exec", dont_inherit=True)


def _reference_imports() -> set[str]:
    """Top-level modules the project's own vendor packages import: the most a package may import."""
    found: set[str] = set()
    for module in GENERATED.glob("*/*_client/**/*.py"):
        found |= _imported_modules(ast.parse(module.read_text(encoding="utf-8")))
    return found


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


_FORBIDDEN_CALLS = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "open",
    "system",
    "popen",
    "getattr",
    "setattr",
    "delattr",
}
_FORBIDDEN_CALLS_IN_RUNTIME = {"getattr"}  # the copied runtime uses getattr on its own objects
_RUNTIME_FILES = {"_base_client.py", "_exceptions.py", "_models.py", "_pagination.py", "_types.py"}
_INERT_TOKENS = {tokenize.STRING, tokenize.COMMENT, tokenize.NAME}
"""Where spec text may end up: string literals and comments hold it, identifiers are made of it."""
_MODEL_REBUILD = "model_rebuild"  # datamodel-code-generator rebuilds models that refer to each other
_TOP_LEVEL = (
    ast.Import,
    ast.ImportFrom,
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Assign,
    ast.AnnAssign,
)


def _called_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                yield node.func.id
            elif isinstance(node.func, ast.Attribute):
                yield node.func.attr


@pytest.mark.parametrize("case", _PACKAGE_CASES, ids=lambda case: case.name)
def test_generated_code_does_only_what_a_client_does(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    if outcome.exit_code != 0:
        pytest.fail(f"generation failed: {outcome.text[-1500:]}")
    allowed_imports = _reference_imports() | {outcome.package}
    for module in sorted(outcome.output.rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        tree = ast.parse(source)
        relative = module.relative_to(outcome.output)
        assert (
            _imported_modules(tree) <= allowed_imports
        ), f"{relative} imports {_imported_modules(tree) - allowed_imports}"
        forbidden = _FORBIDDEN_CALLS - (
            _FORBIDDEN_CALLS_IN_RUNTIME if module.name in _RUNTIME_FILES else set()
        )
        assert (
            not set(_called_names(tree)) & forbidden
        ), f"{relative} calls {set(_called_names(tree)) & forbidden}"
        body = tree.body[1:] if tree.body and isinstance(tree.body[0], ast.Expr) else tree.body
        for statement in body:
            rebuild = (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Attribute)
                and statement.value.func.attr == _MODEL_REBUILD
                and not statement.value.args
            )
            docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            type_checking_imports = (  # ``if TYPE_CHECKING:`` imports, else at most a lazy ``__getattr__``
                isinstance(statement, ast.If)
                and isinstance(statement.test, ast.Name)
                and statement.test.id == "TYPE_CHECKING"
                and all(isinstance(inner, ast.Import | ast.ImportFrom) for inner in statement.body)
                and all(
                    isinstance(inner, ast.Import)
                    or (isinstance(inner, ast.FunctionDef) and inner.name == "__getattr__")
                    for inner in statement.orelse
                )
            )
            assert (
                rebuild or docstring or type_checking_imports or isinstance(statement, _TOP_LEVEL)
            ), f"{relative}:{statement.lineno}: runs code"
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if MARK in token.string:
                assert (
                    token.type in _INERT_TOKENS
                ), f"{relative}:{token.start[0]}: {MARK} in a {tokenize.tok_name[token.type]} token"


@pytest.fixture(scope="module")
def built_packages(outcomes: dict[str, Outcome]) -> list[Outcome]:
    built = [outcomes[case.name] for case in _PACKAGE_CASES]
    failed = [outcome.case.name for outcome in built if outcome.exit_code != 0]
    if failed:
        pytest.fail(f"generation failed for {failed}")
    return built


def test_every_hostile_package_imports_in_a_fresh_interpreter(built_packages: list[Outcome]) -> None:
    path = os.pathsep.join(str(outcome.output) for outcome in built_packages)
    script = "import importlib\n" + "".join(
        f"m = importlib.import_module({o.package!r}); m.Client; m.AsyncClient\n" for o in built_packages
    )
    script = script.replace("m.Client; m.AsyncClient", "assert m.__all__")
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert MARK not in result.stdout + result.stderr, "importing ran something a spec string asked for"


def test_every_hostile_package_passes_mypy_strict(built_packages: list[Outcome], tmp_path: Path) -> None:
    packages = [str(outcome.output / outcome.package) for outcome in built_packages]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            *packages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize("name", ["server-javascript", "server-file", "server-ftp"])
def test_a_server_that_is_not_http_is_never_a_default(name: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[name]
    client = (outcome.output / outcome.package / "_client.py").read_text(encoding="utf-8")
    assert 'BASE_URL: Final = ""' in client, "no default: the client needs base_url="


def test_reserved_class_names_cover_what_generated_modules_import() -> None:
    """A schema named like a name a resource or models module imports would shadow it."""
    imported: set[str] = set()
    resources = [path for path in GENERATED.glob("*/*_client/resources/*.py") if path.name != "__init__.py"]
    generated_names = [*GENERATED.glob("*/*_client/models.py"), *GENERATED.glob("*/*_client/params.py")]
    for module in [*resources, *generated_names]:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not (node.module or "").endswith(("models", "params")):
                imported |= {alias.asname or alias.name for alias in node.names if alias.name[:1].isupper()}
    assert imported
    assert imported <= RESERVED_CLASS_NAMES, imported - RESERVED_CLASS_NAMES


@pytest.mark.parametrize("name", ["operation-id-client-attribute", "tag-client-attributes", "tag-base-url"])
def test_resources_never_shadow_the_clients_own_attributes(name: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[name]
    script = (
        f"import functools, {outcome.package} as p\n"
        "for cls in (c for n, c in vars(p).items() if n.endswith('Client') and isinstance(c, type)):\n"
        "    own = {'close', 'request', 'request_raw', 'base_url', 'with_options', '_http', 'timeout'}\n"
        "    resources = {n for n, v in vars(cls).items() if isinstance(v, functools.cached_property)}\n"
        "    assert resources and not own & resources, (cls, own & resources)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(outcome.output)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
