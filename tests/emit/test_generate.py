"""vendorgen generate: up to date, deterministic, atomic, and usable on any spec."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from generator.cli import app
from generator.emit import publish
from generator.emit.generate import generate_vendors
from generator.emit.publish import read_tree
from generator.spec.vendors import load_vendor
from tests.support.project import FIXTURES, GENERATED, ROOT, SPECS, VENDORS

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


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
    first = generate_vendors(configs, cache_dir=None)
    second = generate_vendors(configs, cache_dir=None)
    assert first == second
    files = {
        f"{vendor}/{name}": text for vendor, package in first.items() for name, text in package.files.items()
    }
    assert files == {
        name: text for name, text in read_tree(GENERATED).items() if name.split("/")[0] in VENDORS
    }


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
        _summary_edited((SPECS / "callkaro" / "openapi.yaml").read_text())
    )

    def broken(source: str, mode: object) -> str:
        raise ValueError("cannot parse")

    monkeypatch.setattr("generator.emit.formatting.black.format_str", broken)
    monkeypatch.setattr("generator.emit.formatting._MEMORY", {})
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

    monkeypatch.setattr("generator.emit.generate.render_package", broken)
    code, output = generate_in(workspace, "volubile", "--force")
    assert code == 1
    assert "template failed: 'ir' has no attribute 'nothing'" in output
    assert snapshot(workspace / "generated") == before


def test_write_failure_half_way_leaves_generated_untouched(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(workspace / "generated")
    spec = workspace / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(_summary_edited(spec.read_text()))
    real = publish._write_files

    def fail_half_way(folder: Path, files: dict[str, str]) -> None:
        real(folder, dict(list(files.items())[: len(files) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_write_files", fail_half_way)
    result = runner.invoke(
        app, ["generate", "--specs", str(workspace / "specs"), "--output", str(workspace / "generated")]
    )
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert "generation failed; nothing was written" in result.output
    assert snapshot(workspace / "generated") == before
    assert sorted(p.name for p in workspace.iterdir()) == ["generated", "specs"]  # no staging left


def test_generating_a_subset_keeps_the_other_vendors(workspace: Path) -> None:
    spec = workspace / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(_summary_edited(spec.read_text()))
    before = snapshot(workspace / "generated")
    code, output = generate_in(workspace, "callkaro")
    assert code == 0, output
    after = snapshot(workspace / "generated")
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed
    assert all(name.startswith("callkaro/") for name in changed), sorted(changed)[:5]


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
            assert first == (
                f"# Generated by vendorgen from specs/{vendor}/openapi.yaml. "
                "Do not edit: run `vendorgen generate`."
            ), "no spec hash and no generator version: they would change every file on each edit"


# The incremental path: a vendor whose inputs and folder are unchanged is reused as it is.

HEAVY_MODULES = ("black", "datamodel_code_generator", "openapi_spec_validator", "jinja2")


def run_vendorgen(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """vendorgen in a fresh process with its cache in the workspace; prints heavy modules it imported."""
    program = (
        "import sys\n"
        "from generator.cli import main\n"
        f"sys.argv = ['vendorgen', *{list(args)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        f"print('HEAVY', sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=workspace,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_unchanged_vendors_are_checked_without_the_heavy_stages(cached_workspace: Path) -> None:
    workspace = cached_workspace
    first = run_vendorgen(workspace, "generate", "--check")
    assert first.returncode == 0, first.stderr
    assert "HEAVY ['black'" in first.stdout  # no record yet: everything is generated
    records = sorted((workspace / ".vendorgen-cache" / "outputs").glob("*.json"))
    assert len(records) == len(VENDORS) + 1  # and one for the mapping outputs
    again = run_vendorgen(workspace, "generate", "--check")
    assert again.returncode == 0, again.stderr
    assert "generated is up to date" in again.stdout
    assert "HEAVY []" in again.stdout


def test_a_hand_edited_package_is_regenerated_despite_its_record(cached_workspace: Path) -> None:
    workspace = cached_workspace
    assert run_vendorgen(workspace, "generate", "--check").returncode == 0
    client = workspace / "generated" / "callkaro" / "callkaro_client" / "_client.py"
    client.write_text(client.read_text() + "# hand edit\n")
    checked = run_vendorgen(workspace, "generate", "--check")
    assert checked.returncode == 1
    assert "-# hand edit" in checked.stdout
    assert "HEAVY ['black'" in checked.stdout
    assert run_vendorgen(workspace, "generate").returncode == 0
    assert "# hand edit" not in client.read_text()


def test_a_changed_spec_regenerates_only_its_vendor(cached_workspace: Path) -> None:
    workspace = cached_workspace
    assert run_vendorgen(workspace, "generate", "--check").returncode == 0
    spec = workspace / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(_summary_edited(spec.read_text()))
    checked = run_vendorgen(workspace, "generate", "--check")
    assert checked.returncode == 1
    assert "Create an Outbound Call" in checked.stdout
    changed = {line.split("/")[2] for line in checked.stdout.splitlines() if line.startswith("+++ b/")}
    assert changed == {"callkaro"}


def test_a_corrupt_record_costs_a_full_generation_not_a_wrong_answer(cached_workspace: Path) -> None:
    workspace = cached_workspace
    assert run_vendorgen(workspace, "generate", "--check").returncode == 0
    for record in (workspace / ".vendorgen-cache" / "outputs").glob("*.json"):
        record.write_text('{"outputs_sha256": 12')
    again = run_vendorgen(workspace, "generate", "--check")
    assert again.returncode == 0, again.stderr
    assert "HEAVY ['black'" in again.stdout


def test_force_regenerates_unchanged_vendors(cached_workspace: Path) -> None:
    workspace = cached_workspace
    assert run_vendorgen(workspace, "generate", "--check").returncode == 0
    forced = run_vendorgen(workspace, "generate", "--check", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "HEAVY ['black'" in forced.stdout


def _summary_edited(text: str) -> str:
    """CallKaro's spec with one summary reworded; fails when the summary is no longer there to edit."""
    assert text.count("summary: Create Outbound Call\n") == 1, "the edit must change the spec"
    return text.replace("summary: Create Outbound Call\n", "summary: Create an Outbound Call\n")


def _stage_table(stderr: str) -> dict[str, float]:
    rows = [line.split() for line in stderr.splitlines() if line[:1].isalpha() and len(line.split()) >= 2]
    return {row[0]: float(row[1]) for row in rows if row[0] != "stage" and row[1].replace(".", "").isdigit()}


def test_timings_name_every_stage_that_ran(tmp_path: Path, in_root: Path) -> None:
    spec = FIXTURES / "golden" / "tiny" / "openapi.yaml"
    output = str(tmp_path / "p")
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--output", output]
    first = subprocess.run([*command, "--timings"], capture_output=True, text=True, check=True, cwd=ROOT)
    stages = _stage_table(first.stderr)
    assert set(stages) == {"import", "load", "validate", "models", "ir", "render", "format", "write", "wall"}
    # validation runs beside the models on a second core: stages may overlap, none outlasts the run
    assert all(seconds <= stages["wall"] + 0.01 for seconds in stages.values()), first.stderr

    again = subprocess.run(
        [*command, "--check", "--timings"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert again.returncode == 0, again.stderr
    assert "validate" in _stage_table(again.stderr)  # --spec output is not reused: every stage runs again
    assert "write" not in _stage_table(again.stderr)


def test_timings_of_unchanged_vendors_show_no_pipeline_stage(cached_workspace: Path) -> None:
    first = run_vendorgen(cached_workspace, "generate", "--check", "--timings")
    assert first.returncode == 0, first.stderr
    assert {"validate", "models", "format"} <= set(_stage_table(first.stderr))  # no record yet
    again = run_vendorgen(cached_workspace, "generate", "--check", "--timings")
    assert again.returncode == 0, again.stderr
    stages = _stage_table(again.stderr)
    assert "wall" in stages
    assert not {"import", "validate", "models", "format"} & set(stages), again.stderr
