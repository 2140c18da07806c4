"""vendorgen build and publish: reproducible, checked distributions that install and work."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support.prism import running_prism
from tests.support.project import GENERATED, ROOT, SPECS, VENDORS, run_vendorgen

# One documented operation per vendor, called from a fresh virtual environment against Prism.
CALLS = {
    "ravan": "RavanClient(api_key='k', base_url=URL).agents.list()",
    "autocalls": "AutocallsClient(api_key='k', base_url=URL).assistants.list()",
    "callkaro": "CallKaroClient(api_key='k', base_url=URL).calls.create_outbound("
    "to_number='+919876543210', agent_id='agent-1')",
    "volubile": "VolubileClient(api_key='k', base_url=URL).agents.list()",
}
CLIENTS = {
    "ravan": "RavanClient",
    "autocalls": "AutocallsClient",
    "callkaro": "CallKaroClient",
    "volubile": "VolubileClient",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every vendor built once into DIST/<vendor>/."""
    dist = tmp_path_factory.mktemp("dist")
    result = run_vendorgen("build", "--dist", str(dist))
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


@pytest.mark.parametrize("vendor", VENDORS)
def test_builds_are_byte_reproducible(vendor: str, built: Path, tmp_path: Path) -> None:
    again = run_vendorgen("build", vendor, "--dist", str(tmp_path))
    assert again.returncode == 0, again.stdout + again.stderr
    first = {p.name: p.read_bytes() for p in sorted((built / vendor).iterdir())}
    second = {p.name: p.read_bytes() for p in sorted((tmp_path / vendor).iterdir())}
    assert sorted(first) == [f"{vendor}_client-0.1.0-py3-none-any.whl", f"{vendor}_client-0.1.0.tar.gz"]
    assert first == second


@pytest.mark.parametrize("vendor", VENDORS)
def test_wheel_metadata_is_complete(vendor: str, built: Path) -> None:
    [wheel] = (built / vendor).glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{vendor}_client-0.1.0.dist-info/METADATA").decode()
        names = archive.namelist()
    for field in (
        "Summary: Typed Python client",
        "License-Expression: MIT",
        "Requires-Python: >=3.11",
        "Description-Content-Type: text/markdown",
        "Project-URL: Documentation, https://docs.",
        "Project-URL: API, https://",
        "Classifier: Typing :: Typed",
        "Requires-Dist: httpx<1,>=0.27",
        "Requires-Dist: pydantic<3,>=2.7",
    ):
        assert field in metadata, field
    assert f"{vendor}_client/py.typed" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_twine_check_failure_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "generated" / "callkaro"
    for name, text in (
        (p.relative_to(GENERATED / "callkaro"), p.read_bytes())
        for p in (GENERATED / "callkaro").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(text)
    pyproject = package / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('readme = "README.md"\n', ""))
    result = run_vendorgen(
        "build", "callkaro", "--generated", str(tmp_path / "generated"), "--dist", str(tmp_path / "d")
    )
    assert result.returncode == 1
    assert "twine check --strict failed" in result.stderr


def test_wheels_install_in_a_fresh_environment_and_call_the_api(built: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    wheels = [str(next((built / vendor).glob("*.whl"))) for vendor in VENDORS]
    installed = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "requirements.lock"),
            *wheels,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    for vendor in VENDORS:
        document = yaml.safe_load((SPECS / vendor / "openapi.yaml").read_text())
        client = CLIENTS[vendor]
        with running_prism(document, tmp_path) as url:
            program = (
                f"from {vendor}_client import {client}\nURL = {url!r}\nprint(type({CALLS[vendor]}).__name__)"
            )
            called = subprocess.run(
                [str(python), "-c", program], cwd=tmp_path, capture_output=True, text=True, check=False
            )
        assert called.returncode == 0, f"{vendor}: {called.stderr[-3000:]}"
        assert called.stdout.strip(), vendor


def test_publish_without_a_token_says_which_variable(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "VENDORGEN_PUBLISH_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "publish", "callkaro", "--repository-url", "http://127.0.0.1:9/"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "VENDORGEN_PUBLISH_TOKEN" in result.stderr
