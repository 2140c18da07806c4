"""vendorgen generate: up to date, deterministic, atomic, and usable on any spec."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from typer.testing import CliRunner

from generator import publish
from generator.cli import app
from generator.generate import generate_vendors
from generator.publish import read_tree
from generator.vendors import load_vendor

from .conftest import FIXTURES, GENERATED, ROOT, SPECS, VENDORS

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of specs/ and generated/ to break without touching the project."""
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    return tmp_path


def generate_in(workspace: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["generate", "--specs", str(workspace / "specs"), "--output", str(workspace / "generated"), *args],
    )
    return result.exit_code, result.output


def test_committed_output_is_up_to_date(in_root: Path) -> None:
    result = runner.invoke(app, ["generate", "--check"])
    assert result.exit_code == 0, f"generated/ is stale; run `vendorgen generate`:\n{result.output[-3000:]}"
    assert result.output.strip().endswith("generated is up to date")


def test_check_reports_a_stale_tree_with_a_diff(workspace: Path) -> None:
    client = workspace / "generated" / "callkaro" / "callkaro_client" / "_client.py"
    client.write_text(client.read_text() + "# edited by hand\n")
    code, output = generate_in(workspace, "callkaro", "--check")
    assert code == 1
    assert "-# edited by hand" in output
    assert "b/" in output
    assert "callkaro/callkaro_client/_client.py" in output
    assert client.read_text().endswith("# edited by hand\n")  # --check writes nothing


def test_generation_is_deterministic_in_process() -> None:
    configs = [load_vendor(SPECS / vendor) for vendor in VENDORS]
    first, _ = generate_vendors(configs, cache_dir=None)
    second, _ = generate_vendors(configs, cache_dir=None)
    assert first == second
    assert first == read_tree(GENERATED)


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_generation_is_deterministic_across_processes(seed: str, tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert snapshot(tmp_path / "out") == snapshot(GENERATED)


def test_invalid_spec_leaves_generated_untouched(workspace: Path) -> None:
    before = snapshot(workspace / "generated")
    spec = workspace / "specs" / "autocalls" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("operationId: deleteCall", "operationId: createCampaign", 1))
    (workspace / "specs" / "ravan" / "openapi.yaml").write_text("openapi: 3.1.0\n")  # a second broken vendor
    code, output = generate_in(workspace)
    assert code == 1
    assert "operationId 'createCampaign' of DELETE /user/calls/{call} is already used" in output
    assert "specs/ravan/openapi.yaml:1:1: error: 'info' is a required property" in output.replace(
        str(workspace) + "/", ""
    )
    assert "generation failed; nothing was written" in output
    assert snapshot(workspace / "generated") == before


def test_formatter_failure_leaves_generated_untouched(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(workspace / "generated")
    (workspace / "specs" / "callkaro" / "openapi.yaml").write_text(
        (SPECS / "callkaro" / "openapi.yaml")
        .read_text()
        .replace("Create outbound call", "Create an outbound call")
    )

    def broken(source: str, mode: object) -> str:
        raise ValueError("cannot parse")

    monkeypatch.setattr("generator.formatting.black.format_str", broken)
    monkeypatch.setattr("generator.formatting._MEMORY", {})
    code, output = generate_in(workspace, "callkaro")
    assert code == 1
    assert "generated code does not format: cannot parse" in output
    assert snapshot(workspace / "generated") == before


def test_template_failure_leaves_generated_untouched(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(workspace / "generated")

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise jinja2.UndefinedError("'ir' has no attribute 'nothing'")

    monkeypatch.setattr("generator.generate.render_package", broken)
    code, output = generate_in(workspace, "volubile")
    assert code == 1
    assert "template failed: 'ir' has no attribute 'nothing'" in output
    assert snapshot(workspace / "generated") == before


def test_write_failure_half_way_leaves_generated_untouched(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(workspace / "generated")
    spec = workspace / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Create outbound call", "Create an outbound call"))
    real = publish._write_files

    def fail_half_way(folder: Path, files: dict[str, str]) -> None:
        real(folder, dict(list(files.items())[: len(files) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_write_files", fail_half_way)
    with pytest.raises(OSError, match="No space left"):
        generate_in_raising(workspace)
    assert snapshot(workspace / "generated") == before
    assert sorted(p.name for p in workspace.iterdir()) == ["generated", "specs"]  # no staging left


def generate_in_raising(workspace: Path) -> None:
    result = runner.invoke(
        app,
        ["generate", "--specs", str(workspace / "specs"), "--output", str(workspace / "generated")],
        catch_exceptions=False,
    )
    raise AssertionError(f"expected a failure, got {result.exit_code}: {result.output}")


def test_generating_a_subset_keeps_the_other_vendors(workspace: Path) -> None:
    spec = workspace / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Create outbound call", "Create an outbound call"))
    before = snapshot(workspace / "generated")
    code, output = generate_in(workspace, "callkaro")
    assert code == 0, output
    after = snapshot(workspace / "generated")
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed
    assert all(name.startswith("callkaro/") for name in changed)


def test_unknown_vendor_fails_without_writing(workspace: Path) -> None:
    before = snapshot(workspace / "generated")
    code, output = generate_in(workspace, "nosuchvendor")
    assert code == 1
    assert "unknown vendor 'nosuchvendor'" in output
    assert snapshot(workspace / "generated") == before


def test_generate_any_spec_into_a_folder(tmp_path: Path, in_root: Path) -> None:
    spec = FIXTURES / "golden" / "tiny" / "openapi.yaml"
    result = runner.invoke(
        app, ["generate", "--spec", str(spec), "--output", str(tmp_path / "pkg"), "--package", "tiny_api"]
    )
    assert result.exit_code == 0, result.output
    lock = json.loads((tmp_path / "pkg" / "vendorgen.lock.json").read_text())
    assert set(lock) == {
        "black",
        "codegen_options",
        "datamodel_code_generator",
        "generator",
        "spec",
        "spec_sha256",
        "templates_sha256",
    }
    assert lock["spec"] == "tests/fixtures/golden/tiny/openapi.yaml"
    assert (tmp_path / "pkg" / "tiny_api" / "py.typed").is_file()


def test_spec_option_needs_output(in_root: Path) -> None:
    result = runner.invoke(app, ["generate", "--spec", "specs/ravan/openapi.yaml"])
    assert result.exit_code != 0
    assert "--spec needs --output DIR" in result.output


def test_every_generated_file_carries_provenance() -> None:
    for vendor in VENDORS:
        for path in (GENERATED / vendor).rglob("*.py"):
            first = path.read_text().splitlines()[0]
            assert first.startswith(
                f"# Generated by vendorgen 0.1.0 from specs/{vendor}/openapi.yaml (sha256 "
            )
            assert "Do not edit" in first
