"""Every Python example a user reads in the docs type-checks with mypy --strict and pyright.

The examples are the README and ``api.md`` of every generated package (the unified package's
README too), ``examples/launch_everywhere.py``, and the project README's blocks that use a
generated client: each is cut out of its Markdown, the blocks of one document joined into one
module behind the preamble the docs state (the enums of ``models``, ``UUID``, ``date`` and
``datetime``). One planted example with a wrong argument type shows that both
checkers would fail a broken one.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.examples import blocks, example_module
from tests.support.project import GENERATED, ROOT, VENDORS

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
PLANTED = "broken_example.py"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    for vendor in VENDORS:
        documents = [GENERATED / vendor / "README.md", GENERATED / vendor / "api.md"]
        missing = [str(d) for d in documents if not d.is_file()]
        assert not missing, f"generated docs missing: {missing}"
        (folder / f"{vendor}_examples.py").write_text(
            example_module(f"{vendor}_client", documents), encoding="utf-8"
        )
    unified = GENERATED / "unified" / "README.md"
    (folder / "unified_examples.py").write_text(
        example_module("vendorgen_unified", [unified]), encoding="utf-8"
    )
    (folder / "launch_everywhere.py").write_text(
        (ROOT / "examples" / "launch_everywhere.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    project = [b for b in blocks(ROOT / "README.md") if "_client import" in b]
    assert project, "the project README shows no generated client"
    (folder / "project_readme.py").write_text("\n".join(project), encoding="utf-8")
    (folder / PLANTED).write_text(
        "from ravan_client import RavanClient\n"
        "client = RavanClient()\n"
        'client.campaigns.create(name=1, agent_id="a", phone_number_id="p", from_phone_number="+1",'
        ' contact_ids=["c"])\n'
        'client.campaigns.create(name="n", agent_id="a", phone_number_id="p", from_phone_number="+1",'
        ' contact_ids=["c"], schedule={"windowStrat": "09:00"})\n',
        encoding="utf-8",
    )
    return folder


def _methods(vendor: str) -> set[str]:
    """``resource.method`` of every public method of the generated sync resources."""
    found = set()
    client = (GENERATED / vendor / f"{vendor}_client" / "_client.py").read_text(encoding="utf-8")
    attributes = dict(re.findall(r"def (\w+)\(self\) -> (?!Async)(\w+)Resource:", client))
    for path in (GENERATED / vendor / f"{vendor}_client" / "resources").glob("[!_]*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name.removesuffix("Resource") in attributes.values():
                attribute = next(a for a, c in attributes.items() if c == node.name.removesuffix("Resource"))
                found |= {
                    f"{attribute}.{f.name}"
                    for f in node.body
                    if isinstance(f, ast.FunctionDef)
                    and not f.name.startswith(("_", "iter_", "with_"))
                    and not any(ast.unparse(d) == "overload" for d in f.decorator_list)
                }
    return found


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_method_has_an_example_in_the_readme_and_api_md(vendor: str) -> None:
    methods = _methods(vendor)
    assert methods, f"no methods found in {vendor}'s resources"
    for document in ("README.md", "api.md"):
        code = "\n".join(blocks(GENERATED / vendor / document))
        assert set(re.findall(r"client\.(\w+\.\w+)\(", code)) == methods, document
        without_strings = re.sub(r'"[^"]*"', '""', code)
        assert "..." not in re.sub(
            r"^\s*\.\.\.$", "", without_strings, flags=re.M
        ), f"placeholder in {document}"


def _errors_by_file(output: str, pattern: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in re.finditer(pattern, output, re.M):
        name = Path(match.group(1)).name
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_examples_pass_mypy_strict(examples: Path, mypy_cache: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(mypy_cache),
            *sorted(examples.glob("*.py")),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": os.pathsep.join(str(GENERATED / v) for v in (*VENDORS, "unified"))},
    )
    errors = _errors_by_file(completed.stdout, r"^(\S+\.py):\d+: error")
    assert errors.get(PLANTED, 0) == 2, "mypy no longer fails the planted example:\n" + completed.stdout
    del errors[PLANTED]
    assert not errors, completed.stdout[-6000:]


def test_examples_pass_pyright_strict(examples: Path) -> None:
    assert PYRIGHT.is_file(), f"{PYRIGHT} is missing: run `make test` (npm ci installs it from package.json)"
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
        "extraPaths": [str(GENERATED / v) for v in (*VENDORS, "unified")],
        "reportWildcardImportFromLibrary": False,
    }
    (examples / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    completed = subprocess.run(
        [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson", "-p", str(examples)],
        capture_output=True,
        text=True,
        check=False,
        cwd=examples,
    )
    report = json.loads(completed.stdout)
    errors: dict[str, list[str]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            name = Path(diagnostic["file"]).name
            line = diagnostic["range"]["start"]["line"] + 1
            errors.setdefault(name, []).append(f"{name}:{line}: {diagnostic['message']}")
    assert len(errors.pop(PLANTED, [])) == 2, "pyright no longer fails the planted example"
    assert not errors, "\n".join(message for messages in errors.values() for message in messages)
