"""The vendorgen command line: exit codes, formats, vendor selection and vendor.yaml checks."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import app, main
from tests.support.project import FIXTURES, ROOT, SPECS

runner = CliRunner()


def test_validate_every_vendor_is_clean(in_root: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 error(s), 0 warning(s) in 5 file(s)"  # four specs and mapping.yaml


def test_validate_json_format(in_root: Path) -> None:
    result = runner.invoke(app, ["validate", "ravan", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document == {"diagnostics": [], "errors": 0, "files": ["specs/ravan/openapi.yaml"], "warnings": 0}


def test_validate_broken_file_fails_with_located_lines(in_root: Path) -> None:
    result = runner.invoke(app, ["validate", "tests/fixtures/broken/several_errors.yaml"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "4 error(s), 0 warning(s) in 1 file(s)"
    assert lines[0].startswith("tests/fixtures/broken/several_errors.yaml:7:5: error: ")


def test_warnings_do_not_fail(tmp_path: Path, in_root: Path) -> None:
    spec = tmp_path / "warn.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      operationId: a\n      tags: [a]\n      responses:\n        '404': {description: gone}\n"
    )
    result = runner.invoke(app, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    assert "warning: GET /a declares no success (2xx/3xx) or default response" in result.output


def test_unknown_vendor_is_an_error(in_root: Path) -> None:
    result = runner.invoke(app, ["validate", "nosuchvendor"])
    assert result.exit_code == 1
    assert "unknown vendor 'nosuchvendor' (known: autocalls, callkaro, ravan, volubile)" in result.output


def test_empty_specs_folder_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 1
    assert "no vendor folders with openapi.yaml found" in result.output


def test_vendor_yaml_problems_are_located(tmp_path: Path, in_root: Path) -> None:
    vendor = tmp_path / "acme"
    vendor.mkdir()
    shutil.copy(SPECS / "callkaro" / "openapi.yaml", vendor / "openapi.yaml")
    (vendor / "vendor.yaml").write_text(
        "display_name: Acme\n"
        "distribution: acme-client\n"
        "import_name: acme-client\n"
        "client_name: Acme\n"
        "api_key_env: ACME_API_KEY\n"
        "version: 1.0\n"
        "colour: blue\n"
    )
    result = runner.invoke(app, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 1
    file = str(vendor / "vendor.yaml")
    assert f"{file}:3:1: error: field 'import_name' must be a lower-case Python identifier" in result.output
    assert f"{file}:6:1: error: field 'version' must be a quoted MAJOR.MINOR.PATCH version" in result.output
    assert f"{file}:7:1: error: unknown field 'colour'" in result.output


def test_missing_vendor_yaml_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    shutil.copy(SPECS / "callkaro" / "openapi.yaml", tmp_path / "acme" / "openapi.yaml")
    result = runner.invoke(app, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 1
    assert "vendor.yaml:0:0: error: cannot read file" in result.output


@pytest.mark.parametrize("command", sorted(app.commands))
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_module_entry_point_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(FIXTURES / "broken" / "missing_tag.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "operation-tagged" not in completed.stdout  # rule ids are in JSON output, messages in text
    assert "has no tag" in completed.stdout


def test_entry_point_leaves_its_objects_to_the_operating_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` freezes the garbage collector on its way out, whatever the exit (see its docstring)."""
    monkeypatch.setattr(sys, "argv", ["vendorgen", "validate", "nosuchvendor"])
    assert gc.get_freeze_count() == 0
    try:
        with pytest.raises(SystemExit) as exited:
            main()
        assert exited.value.code == 1
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
