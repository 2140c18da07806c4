"""Spec text that reaches the package's files outside Python: names, pyproject.toml, README.md."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def _spec(title: str, summary: str = "Get a", tag: str = "a") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1<b>"},
        "paths": {
            "/a/<x>": {
                "get": {
                    "operationId": "getA",
                    "tags": [tag],
                    "summary": summary,
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }


def _generate(tmp_path: Path, spec: dict[str, Any], *args: str) -> tuple[int, str, Path]:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    output = tmp_path / "out"
    result = runner.invoke(app, ["generate", "--spec", str(source), "--output", str(output), *args])
    return result.exit_code, result.output, output


def test_a_title_too_long_for_a_package_name_is_a_located_error(tmp_path: Path) -> None:
    """Regression: a 10,000-character title crashed with OSError: File name too long."""
    code, output, folder = _generate(tmp_path, _spec("T" * 10_000))
    assert code == 1
    assert "spec.json:1:" in output
    assert "would be 10007 characters" in output
    assert "pass --package NAME" in output
    assert not folder.exists()
    code, output, folder = _generate(tmp_path, _spec("T" * 10_000), "--package", "probe")
    assert code == 0, output


def test_a_name_the_file_system_refuses_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    code, output, folder = _generate(tmp_path, _spec("Probe", tag="t" * 300))
    assert code == 1, output
    assert "error: cannot write" in output
    assert "File name too long" in output
    assert "nothing was written" in output
    assert not folder.exists()


def test_control_characters_and_html_never_break_pyproject_or_readme(tmp_path: Path) -> None:
    """Regression: DEL in info.title made pyproject.toml invalid; titles reached README.md as HTML."""
    title = "Probe\x7f<script>alert(1)</script>"
    code, output, folder = _generate(
        tmp_path, _spec(title, summary="<img src=x onerror=alert(1)>"), "--package", "probe"
    )
    assert code == 0, output
    pyproject = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert "\x7f" in pyproject["project"]["description"], "the title is kept, escaped"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "<script" not in readme
    assert "&lt;script&gt;" in readme
    assert "<b>" not in readme
    assert "/a/&lt;x&gt;" in readme


def test_output_that_holds_other_files_is_refused_and_kept(tmp_path: Path) -> None:
    """Regression: --output on an existing folder deleted everything in it."""
    output = tmp_path / "out"
    output.mkdir()
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    code, text, _ = _generate(tmp_path, _spec("Probe"), "--package", "probe")
    assert code == 1
    assert "holds files vendorgen did not generate" in text
    assert sorted(p.name for p in output.iterdir()) == ["notes.txt"]


def test_regenerating_into_its_own_folder_keeps_the_folder_mode(tmp_path: Path) -> None:
    """Regression: the swapped-in folder came with mkdtemp's 0700."""
    code, text, output = _generate(tmp_path, _spec("Probe"), "--package", "probe")
    assert code == 0, text
    output.chmod(0o755)
    code, text, _ = _generate(tmp_path, _spec("Probe", summary="Get an a"), "--package", "probe")
    assert code == 0, text
    assert output.stat().st_mode & 0o777 == 0o755
    fresh = tmp_path / "fresh"
    result = runner.invoke(
        app, ["generate", "--spec", str(tmp_path / "spec.json"), "--output", str(fresh), "--package", "probe"]
    )
    assert result.exit_code == 0, result.output
    assert fresh.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    import os  # noqa: PLC0415

    current = os.umask(0)
    os.umask(current)
    return current
