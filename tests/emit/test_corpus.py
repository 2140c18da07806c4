"""Generality: public specs that no one here wrote generate, import and type-check, examples included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.examples import example_module
from tests.support.project import ROOT

TYPE_CHECKED = [
    "opc-baseline_openapi_3.0.json",
    "opc-baseline_openapi_3.1.yaml",
    "opc-openapi_3.1_enums.yaml",
    "opc-3.1_specific.openapi.yaml",
    "deepgram-openapi.yml",
    "twilio-twilio_voice_v1.json",
]


def generate(spec: Path, output: Path, package: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--output",
            str(output),
            "--package",
            package,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def package_name(spec: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in spec.lower()) + "_client"


@pytest.mark.parametrize("spec", TYPE_CHECKED)
def test_corpus_spec_generates_imports_and_type_checks(
    spec: str, shared_dir: Path, tmp_path: Path, mypy_cache: Path
) -> None:
    package = package_name(spec)
    completed = generate(shared_dir / "corpus" / spec, tmp_path / "out", package)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Warning:" not in completed.stderr, "library warnings become the package's own warnings"
    if spec.startswith("twilio"):
        assert (
            "twilio-twilio_voice_v1.json:73:13: warning: format 'http-method' is not one the generator knows"
            in completed.stderr
        ), completed.stderr
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "out")}
    imported = subprocess.run(
        [sys.executable, "-c", f"import {package}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    examples = tmp_path / "examples.py"  # the README's and api.md's examples, as a user copies them
    docs = [tmp_path / "out" / "README.md", tmp_path / "out" / "api.md"]
    examples.write_text(example_module(package, docs), encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(mypy_cache),
            str(tmp_path / "out" / package),
            str(examples),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(tmp_path / "out")},
    )
    assert checked.returncode == 0, checked.stdout[-5000:]


def test_operations_are_never_dropped_silently(shared_dir: Path, tmp_path: Path) -> None:
    """deepgram reuses operationIds: every operation still gets its own method."""
    completed = generate(shared_dir / "corpus" / "deepgram-openapi.yml", tmp_path / "out", "deepgram_client")
    assert completed.returncode == 0, completed.stderr[-3000:]
    sources = "".join(
        p.read_text() for p in (tmp_path / "out" / "deepgram_client" / "resources").glob("*.py")
    )
    spec = yaml.safe_load((shared_dir / "corpus" / "deepgram-openapi.yml").read_text())
    methods = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    count = sum(1 for item in spec["paths"].values() for method in methods if method in item)
    sent = re.findall(r"RequestOptions\(\s*['\"][A-Z]+['\"],\s*(['\"].*?['\"])", sources)
    assert len(sent) == 2 * count  # each operation's request, in its sync and its async method
