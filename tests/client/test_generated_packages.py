"""Every generated package imports in a fresh interpreter and passes mypy --strict."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import autocalls_client
import pytest
import ravan_client

from tests.support.project import FIXTURES, GENERATED, VENDORS


def python_path(*folders: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(str(f) for f in folders)}


@pytest.mark.parametrize("vendor", VENDORS)
def test_package_imports_in_a_fresh_interpreter(vendor: str) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import {vendor}_client, {vendor}_client.models; print({vendor}_client.__version__)",
        ],
        env=python_path(GENERATED / vendor),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "0.1.0"


def test_packages_pass_mypy_strict(mypy_cache: Path) -> None:
    """The packages, and code calling them as users do (tests/fixtures/typing), in one mypy run."""
    packages = [str(GENERATED / vendor / f"{vendor}_client") for vendor in VENDORS]
    usage = sorted(str(path) for path in (FIXTURES / "typing").glob("*.py"))
    assert usage, "tests/fixtures/typing has no usage files"
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), *packages, *usage],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": os.pathsep.join(str(GENERATED / vendor) for vendor in VENDORS)},
    )
    assert completed.returncode == 0, completed.stdout[-5000:]


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_module_declares_its_exports(vendor: str) -> None:
    for path in (GENERATED / vendor / f"{vendor}_client").rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        assert "__all__" in names, f"{path} has no __all__"


@pytest.mark.parametrize("vendor", VENDORS)
def test_package_metadata_depends_only_on_httpx_and_pydantic(vendor: str) -> None:
    text = (GENERATED / vendor / "pyproject.toml").read_text()
    assert 'dependencies = [\n    "httpx>=0.27,<1",\n    "pydantic>=2.7,<3",\n]' in text
    assert 'build-backend = "hatchling.build"' in text
    readme = (GENERATED / vendor / "README.md").read_text()
    assert readme.count("```python") >= 2  # the quick start and one example per operation


def test_generated_code_imports_only_what_it_uses() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F401,F811",
            str(GENERATED),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]


def test_the_unified_package_passes_mypy_strict_against_the_vendor_packages(mypy_cache: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(mypy_cache),
            "vendorgen_unified",
        ],
        cwd=GENERATED / "unified",
        env={**os.environ, "MYPYPATH": os.pathsep.join(str(GENERATED / vendor) for vendor in VENDORS)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]


def test_the_unified_package_imports_with_only_the_vendor_packages_beside_it() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", "import vendorgen_unified as u; print(len(u.__all__))"],
        env=python_path(GENERATED / "unified", *(GENERATED / vendor for vendor in VENDORS)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    text = (GENERATED / "unified" / "pyproject.toml").read_text()
    assert 'dependencies = [\n    "pydantic>=2",\n]' in text, "no vendor client is required"
    for vendor in VENDORS:  # one extra per vendor, any release with the same API (0.x: the same minor)
        assert f'{vendor} = ["{vendor}-client>=0.1.0,<0.2"]' in text
    for path in (GENERATED / "unified" / "vendorgen_unified").rglob("*.py"):
        assert "__all__" in path.read_text(), path


def test_the_unified_package_works_with_one_vendor_client_and_names_the_missing_extra() -> None:
    """Conversions, the dialer and webhook intake with only the Ravan client installed."""
    program = (
        "import vendorgen_unified as u\n"
        "print(u.to_ravan.__name__, u.Campaign.__name__)\n"
        "try:\n    u.to_volubile\nexcept ImportError as exc:\n    print(exc)\n"
        "print(u.Dialer('ravan', object()).flow.vendor)\n"
        'print(u.parse_event(\'ravan\', \'{"data": {"call_session_id": "s-1"}}\').result.call_id)\n'
        "try:\n    u.Dialer('volubile', object())\nexcept ImportError as exc:\n    print(exc)\n"
        "try:\n    u.parse_event('volubile', '{}')\nexcept ImportError as exc:\n    print(exc)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        env=python_path(GENERATED / "unified", GENERATED / "ravan"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "to_ravan Campaign",
        'to_volubile needs the Volubile client (volubile_client): pip install "vendorgen-unified[volubile]"',
        "ravan",
        "s-1",
        'volubile needs the Volubile client (volubile_client): pip install "vendorgen-unified[volubile]"',
        "parse_volubile_event needs the Volubile client (volubile_client): "
        'pip install "vendorgen-unified[volubile]"',
    ]


def test_docstrings_say_what_returns_what_raises_and_what_the_docs_left_out() -> None:
    get = ravan_client.resources.campaigns.CampaignsResource.get.__doc__ or ""
    assert "The vendor's documentation of this operation is incomplete." in get
    assert "Note: Actual endpoint per the page's note" in get
    assert "Returns:\n            CampaignResponse: Campaign fetched successfully." in get
    assert "APIConnectionError:" in get
    assert "RequestValidationError" not in get, "no body: nothing to validate"
    create = autocalls_client.resources.campaigns.CampaignsResource.create.__doc__ or ""
    assert "UnprocessableEntityError: 422" in create, create
    assert "RequestValidationError: an argument breaks the documented request" in create
