"""vendorgen publish: the maintainers' rehearsal end to end, and publishing that fails in one line."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.prism import free_port, wait_until_listening
from tests.support.project import VENDORS, run_vendorgen


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
    return run_vendorgen(*args, cwd=project, env=env)


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
    # The first release of ravan through the command; the others as its files would be (the command
    # regenerates the vendor and the unified package each time: ~8 s a vendor), then one generate.
    released = _run(project, "release", "ravan", "--date", "2026-11-22")
    assert released.returncode == 0, released.stderr
    for vendor in VENDORS:
        folder = project / "specs" / vendor
        if vendor != "ravan":
            shutil.copyfile(folder / "openapi.yaml", folder / "openapi.released.yaml")
            (folder / "CHANGELOG.md").write_text("# Changelog\n\n## 0.1.0 (2026-11-22)\n\nFirst release.\n")
    assert _run(project, "generate").returncode == 0
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
    _edit(callkaro, "summary: Create Outbound Call", "summary: Create one Outbound Call")


BUY_REQUEST = """    BuyPhoneNumberRequest:
      type: object
      properties:
        phone_number:
          type: string
          description: Phone number to purchase (E.164 format)
        price:
          type: number
          format: double
          description: Purchase price
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
        "`summary`: operation summary changed “Create Outbound Call” → “Create one Outbound Call” |",
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


def test_publishing_failures_are_one_line(package_index: tuple[str, str], cached_workspace: Path) -> None:
    url, _ = package_index
    project = cached_workspace
    assert _run(project, "release", "callkaro", "--date", "2026-11-22").returncode == 0
    readme = project / "generated" / "callkaro" / "README.md"
    original = readme.read_text()
    readme.write_text(original + "\nA hand edit.\n")
    stale = _run(
        project, "publish", "callkaro", "--repository-url", url, env={"VENDORGEN_PUBLISH_TOKEN": "t0k"}
    )
    assert stale.returncode == 1
    assert stale.stderr == (
        "error: generated/callkaro is not what `vendorgen generate` writes: regenerate (and commit) first\n"
        "nothing was published\n"
    )
    readme.write_text(original)
    for target, token, expected in (
        (
            f"http://127.0.0.1:{free_port()}",
            "tok-unreachable-7f",
            "error: cannot reach the package index at http://127.0.0.1:",
        ),
        (
            url,
            "not-the-token",
            f"error: the index at {url} refused the credentials (403 Forbidden) for user '__token__': "
            "check the token in $VENDORGEN_PUBLISH_TOKEN",
        ),
    ):
        result = _run(
            project, "publish", "callkaro", "--repository-url", target, env={"VENDORGEN_PUBLISH_TOKEN": token}
        )
        assert result.returncode == 1
        assert result.stderr.startswith(expected), result.stderr
        assert result.stderr.count("\n") == 1, "one line, no traceback"
        assert token not in result.stderr
