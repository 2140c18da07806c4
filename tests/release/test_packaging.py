"""vendorgen build and publish: reproducible, checked distributions that install and work."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.support.prism import free_port, running_prism, wait_until_listening
from tests.support.project import GENERATED, ROOT, SPECS, VENDORS

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


def vendorgen(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every vendor built once into DIST/<vendor>/."""
    dist = tmp_path_factory.mktemp("dist")
    result = vendorgen("build", "--dist", str(dist))
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


@pytest.mark.parametrize("vendor", VENDORS)
def test_builds_are_byte_reproducible(vendor: str, built: Path, tmp_path: Path) -> None:
    again = vendorgen("build", vendor, "--dist", str(tmp_path))
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
    result = vendorgen(
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


@pytest.fixture
def package_index(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A real pypiserver on 127.0.0.1 that accepts uploads from one user; yields (URL, token)."""
    token = "pypi-test-token-4f1c9e"
    # passlib (pypiserver's password library) imports the deprecated crypt module: keep it out of
    # this process, where warnings are errors.
    program = (
        "import sys; from passlib.apache import HtpasswdFile\n"
        "f = HtpasswdFile(sys.argv[1], new=True); f.set_password('__token__', sys.argv[2]); f.save()"
    )
    subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore::DeprecationWarning",
            "-c",
            program,
            str(tmp_path / "htpasswd"),
            token,
        ],
        check=True,
    )
    (tmp_path / "packages").mkdir()
    port = free_port()
    log = (tmp_path / "pypiserver.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-W",
            "ignore::DeprecationWarning",
            "-m",
            "pypiserver",
            "run",
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-P",
            str(tmp_path / "htpasswd"),
            "-a",
            "update",
            str(tmp_path / "packages"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        wait_until_listening(port, server, tmp_path / "pypiserver.log", timeout=30, name="pypiserver")
        yield f"http://127.0.0.1:{port}", token
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return vendorgen(*args, cwd=project, env=env)


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


def _released_on_a_branch(project: Path) -> None:
    """Every vendor at its first release, committed on main; a branch to change the specs on."""
    vendor_file = project / "specs" / "ravan" / "vendor.yaml"
    vendor_file.write_text(vendor_file.read_text() + "urls:\n  Repository: https://github.com/acme/dialers\n")
    for vendor in VENDORS:
        released = _run(project, "release", vendor, "--date", "2026-11-22")
        assert released.returncode == 0, released.stderr
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "first releases")
    _git(project, "checkout", "-qb", "vendor-docs-changed")


def _edit_three_specs(project: Path) -> None:
    """A wire rename, a property that became required with an operationId change, a docs change."""
    ravan = project / "specs" / "ravan" / "openapi.yaml"
    renamed = BUY_REQUEST.replace("        per_minute_price_inbound:", "        perMinutePriceInbound:")
    required = renamed.replace("      type: object\n", "      type: object\n      required: [phone_number]\n")
    _edit(ravan, BUY_REQUEST, required)
    _edit(ravan, "operationId: buyPhoneNumber", "operationId: purchasePhoneNumber")
    callkaro = project / "specs" / "callkaro" / "openapi.yaml"
    _edit(callkaro, "summary: Create outbound call", "summary: Create one outbound call")


BUY_REQUEST = """    BuyPhoneNumberRequest:
      type: object
      properties:
        phone_number:
          type: string
          description: Phone number to purchase (E.164 format).
        price:
          type: number
          format: double
        per_minute_price_inbound:
"""


def test_the_maintainers_rehearsal_review_release_build_publish(
    package_index: tuple[str, str], cached_workspace: Path
) -> None:
    """Spec edits on a branch, the review, releases of a vendor and of unified, guarded publishing."""
    url, token = package_index
    project, dist = cached_workspace, cached_workspace / "dist"
    publishing = {"VENDORGEN_PUBLISH_TOKEN": token}
    _released_on_a_branch(project)
    _edit_three_specs(project)
    review = _run(project, "diff", "--base", "main", "--format", "markdown")
    assert review.returncode == 0, review.stderr
    rows = [
        line
        for line in review.stdout.splitlines()
        if line.startswith("| 🔴") or line.startswith("| 🟢") or line.startswith("| ⚪")
    ]
    assert rows == [
        "| ⚪ docs-only | docstring of client.calls.create_outbound() changed | "
        "`summary`: operation summary changed “Create outbound call” → “Create one outbound call” |",
        "| 🔴 breaking | method renamed from client.phone_numbers.buy() to client.phone_numbers.purchase(): "
        "call client.phone_numbers.purchase() instead | operationId 'buyPhoneNumber' → 'purchasePhoneNumber' "
        "(the generated method is renamed) |",
        "| 🔴 breaking | client.phone_numbers.purchase() now needs `phone_number`: pass `phone_number=` "
        "in every call | phone_number became required |",
        "| 🟢 non-breaking | wire name `per_minute_price_inbound` → `perMinutePriceInbound`; argument "
        "`per_minute_price_inbound` of client.phone_numbers.purchase() is unchanged: no code change; "
        "regenerate (or upgrade) the client | `perMinutePriceInbound`: per_minute_price_inbound renamed "
        "to perMinutePriceInbound on the wire |",
    ], review.stdout

    refused = _run(project, "publish", "ravan", "--repository-url", url, "--dist", str(dist), env=publishing)
    assert refused.returncode == 1
    assert (
        "specs/ravan/openapi.yaml has changed since ravan 0.1.0 was released: "
        "run `vendorgen release ravan` first"
    ) in refused.stderr
    assert "nothing was published" in refused.stderr

    released = _run(project, "release", "ravan", "--date", "2026-12-01")
    assert released.returncode == 0, released.stderr
    assert "ravan: 0.1.0 -> 0.2.0 (minor)" in released.stdout
    assert "unified: 0.1.0 -> 0.2.0 (minor): its ravan extra follows" in released.stdout
    assert "version: 0.2.0" in (project / "specs" / "mapping.yaml").read_text()
    unified_pyproject = (project / "generated" / "unified" / "pyproject.toml").read_text()
    assert 'version = "0.2.0"' in unified_pyproject
    assert 'ravan = ["ravan-client>=0.2.0,<0.3"]' in unified_pyproject
    unified_changelog = (project / "generated" / "unified" / "CHANGELOG.md").read_text()
    assert unified_changelog.startswith(
        "# Changelog\n\n## 0.2.0 (2026-12-01)\n\n"
        "The `ravan` extra follows `ravan-client`'s release: 0.1.0 → 0.2.0. That release has breaking changes"
    )

    published = _run(
        project, "publish", "ravan", "--repository-url", url, "--dist", str(dist), env=publishing
    )
    assert published.returncode == 0, published.stderr
    assert "published ravan_client-0.2.0-py3-none-any.whl" in published.stdout
    assert token not in published.stdout + published.stderr
    [wheel] = (dist / "ravan").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("ravan_client-0.2.0.dist-info/METADATA").decode()
        changelog = archive.read("ravan_client/CHANGELOG.md").decode()
    assert (
        "Project-URL: Changelog, https://github.com/acme/dialers/blob/HEAD/specs/ravan/CHANGELOG.md"
        in metadata
    )
    assert changelog.startswith("# Changelog\n\n## 0.2.0 (2026-12-01)")

    again = _run(project, "publish", "ravan", "--repository-url", url, "--dist", str(dist), env=publishing)
    assert again.returncode == 1
    assert again.stderr.strip() == (
        f"error: version 0.2.0 of ravan-client already exists on {url}/simple/: "
        "release first (`vendorgen release ravan`), then publish"
    )

    pinned = _run(project, "publish", "unified", "--repository-url", url, "--dist", str(dist), env=publishing)
    assert pinned.returncode == 1  # the callkaro docs change is not released yet
    assert (
        "unified converts for callkaro-client 0.1.0, but specs/callkaro/openapi.yaml has changed since"
        in pinned.stderr
    )
    assert _run(project, "release", "callkaro", "--date", "2026-12-01").returncode == 0
    assert _run(project, "generate", "--check").returncode == 0
    unified = _run(
        project, "publish", "unified", "--repository-url", url, "--dist", str(dist), env=publishing
    )
    assert unified.returncode == 0, unified.stderr
    assert "published vendorgen_unified-0.2.1-py3-none-any.whl" in unified.stdout

    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "--index-url",
            f"{url}/simple/",
            "--target",
            str(project / "site"),
            "ravan-client==0.2.0",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    assert (project / "site" / "ravan_client" / "CHANGELOG.md").is_file()


@pytest.mark.parametrize(
    ("where", "token", "expected"),
    [
        ("unreachable", "tok-unreachable-7f", "error: cannot reach the package index at http://127.0.0.1:"),
        ("index", "not-the-token", "error: the index at http://127.0.0.1:"),
    ],
)
def test_publishing_failures_are_one_line(
    package_index: tuple[str, str], cached_workspace: Path, where: str, token: str, expected: str
) -> None:
    url, _ = package_index
    project = cached_workspace
    assert _run(project, "release", "callkaro", "--date", "2026-11-22").returncode == 0
    target = url if where == "index" else f"http://127.0.0.1:{free_port()}"
    result = _run(
        project, "publish", "callkaro", "--repository-url", target, env={"VENDORGEN_PUBLISH_TOKEN": token}
    )
    assert result.returncode == 1
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.count("\n") == 1, "one line, no traceback"
    assert token not in result.stderr
    if where == "index":
        assert (
            "refused the credentials (403 Forbidden) for user '__token__': "
            "check the token in $VENDORGEN_PUBLISH_TOKEN" in result.stderr
        )


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
