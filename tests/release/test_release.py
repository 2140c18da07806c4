"""vendorgen release: versions from spec changes, changelog entries, all on a temporary copy."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.release.packaging import default_index_url, upload_failure
from generator.release.versioning import next_version, render_entry
from generator.review.diff import RULES, Change
from tests.support.project import SPECS, run_vendorgen

DATE = "2026-11-22"


@pytest.fixture
def project(cached_workspace: Path) -> Path:
    """A copy of the project to release from."""
    return cached_workspace


def snapshot(project: Path) -> dict[Path, bytes]:
    """Every file of the copy but the caches."""
    return {
        p: p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and ".vendorgen-cache" not in p.parts
    }


def vendorgen(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_vendorgen(*args, cwd=project)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
        ("0.1.0", "minor", "0.2.0"),
    ],
)
def test_next_version(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected


def test_first_release_keeps_the_version_and_starts_the_changelog(project: Path) -> None:
    result = vendorgen(project, "release", "callkaro", "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert "callkaro: first release at 0.1.0" in result.stdout
    changelog = (project / "specs" / "callkaro" / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n\n## 0.1.0 (2026-11-22)\n\nFirst release")
    assert (project / "specs" / "callkaro" / "openapi.released.yaml").read_bytes() == (
        SPECS / "callkaro" / "openapi.yaml"
    ).read_bytes()
    assert (project / "generated" / "callkaro" / "CHANGELOG.md").read_text() == changelog
    again = vendorgen(project, "release", "callkaro", "--date", DATE)
    assert again.returncode == 0, again.stderr
    assert "no change since version 0.1.0; nothing to release" in again.stdout
    assert vendorgen(project, "generate", "--check").returncode == 0


def test_breaking_change_bumps_major_with_migration_hints(project: Path) -> None:
    folder = project / "specs" / "callkaro"
    assert vendorgen(project, "release", "callkaro", "--date", DATE).returncode == 0
    edit(folder / "vendor.yaml", "version: '0.1.0'", "version: '1.0.0'")
    edit(folder / "openapi.yaml", "operationId: createOutboundCall", "operationId: placeOutboundCall")
    # The field mapping names the operation: a rename fails validation until the mapping follows it.
    mapping = project / "specs" / "mapping.yaml"
    mapping.write_text(mapping.read_text().replace("createOutboundCall", "placeOutboundCall"))
    result = vendorgen(project, "release", "callkaro", "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert "callkaro: 1.0.0 -> 2.0.0 (major)" in result.stdout
    changelog = (folder / "CHANGELOG.md").read_text()
    entry = changelog.split("## 2.0.0 (2026-11-22)\n", 1)[1].split("\n## ", 1)[0]
    assert entry.index("### Breaking changes") < entry.index(
        "- method renamed from client.calls.create_outbound() to client.calls.place_outbound()\n"
        "  - API: `POST /call/outbound`: operationId 'createOutboundCall' → 'placeOutboundCall'"
    )
    assert "  - Migration: call client.calls.place_outbound() instead.\n" in entry
    assert "A major release: it has breaking changes." in entry
    assert not [rule for rule in RULES if rule in entry], "entries speak the user's terms, not rule ids"
    assert changelog.index("## 2.0.0") < changelog.index("## 0.1.0")  # newest first
    assert "version: '2.0.0'" in (folder / "vendor.yaml").read_text()
    pyproject = (project / "generated" / "callkaro" / "pyproject.toml").read_text()
    assert 'version = "2.0.0"' in pyproject
    assert (
        '__version__ = "2.0.0"'
        in (project / "generated" / "callkaro" / "callkaro_client" / "_version.py").read_text()
    )
    assert vendorgen(project, "generate", "--check").returncode == 0


def test_additions_below_one_bump_patch_and_dry_run_writes_nothing(project: Path) -> None:
    folder = project / "specs" / "callkaro"
    assert vendorgen(project, "release", "callkaro", "--date", DATE).returncode == 0
    edit(folder / "openapi.yaml", "Create Outbound Call", "Create one Outbound Call")
    before = snapshot(project)
    result = vendorgen(project, "release", "callkaro", "--date", DATE, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "callkaro: 0.1.0 -> 0.1.1 (patch)" in result.stdout
    assert "### Documentation" in result.stdout
    assert "dry run: nothing written" in result.stdout
    after = snapshot(project)
    assert after == before


def test_a_release_that_does_not_generate_leaves_everything_as_it_was(project: Path) -> None:
    folder = project / "specs" / "callkaro"
    assert vendorgen(project, "release", "callkaro", "--date", DATE).returncode == 0
    # Untagged: the diff and the plan work, strict generation refuses it (operation-tagged).
    edit(
        folder / "openapi.yaml",
        "operationId: createOutboundCall\n      tags: [calls]\n",
        "operationId: createOutboundCall\n",
    )
    before = snapshot(project)
    result = vendorgen(project, "release", "callkaro", "--date", DATE)
    assert result.returncode == 1
    assert "callkaro: 0.1.0 -> 0.2.0" in result.stdout  # planned and applied, then rolled back
    assert "POST /call/outbound has no tag" in result.stderr
    assert "release failed; nothing was written" in result.stderr
    after = snapshot(project)
    assert after == before


def test_changelog_entry_lists_breaking_changes_first() -> None:
    changes = (
        Change("GET /a", "description", "docs-changed", "description changed"),
        Change("POST /b", "request.body.note", "request-property-added", "optional property 'note' added"),
        Change("DELETE /c", "DELETE /c", "operation-removed", "operation removed"),
    )
    entry = render_entry("2.0.0", date(2026, 11, 22), "major", changes, "specs/x/openapi.yaml", "ab" * 32)
    headings = [line for line in entry.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Breaking changes",
        "### Additions and other compatible changes",
        "### Documentation",
    ]
    assert "- `DELETE /c`: operation removed\n" in entry


def test_below_one_a_breaking_release_says_why_it_is_minor(project: Path) -> None:
    folder = project / "specs" / "callkaro"
    assert vendorgen(project, "release", "callkaro", "--date", DATE).returncode == 0
    spec = folder / "openapi.yaml"
    edit(spec, "      required: [to_number, agent_id]\n", "      required: [to_number, agent_id, batch_id]\n")
    example = "              agent_id: 6803fa770b666a64ab1694c1e\n      responses:\n"
    edit(
        spec, example, example.replace("\n      responses", "\n              batch_id: b-1\n      responses")
    )
    edit(spec, "Create Outbound Call", "Create one Outbound Call")
    result = vendorgen(project, "release", "callkaro", "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert "callkaro: 0.1.0 -> 0.2.0 (minor)" in result.stdout
    entry = (folder / "CHANGELOG.md").read_text().split("## 0.2.0 (2026-11-22)\n", 1)[1].split("\n## ", 1)[0]
    assert "below 1.0 a breaking change raises the minor digit" in entry
    assert (
        "- client.calls.create_outbound() now needs `batch_id`\n"
        "  - API: `POST /call/outbound`: batch_id became required\n"
        "  - Migration: pass `batch_id=` in every call.\n"
    ) in entry
    assert "  - Before: Create Outbound Call\n  - After: Create one Outbound Call\n" in entry
    assert not [rule for rule in RULES if rule in entry]


@pytest.mark.parametrize(
    ("upload_url", "index_url"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/simple/"),
        ("https://pkgs.example.com/team/", "https://pkgs.example.com/team/simple/"),
    ],
)
def test_the_index_is_found_from_the_upload_url(upload_url: str, index_url: str) -> None:
    assert default_index_url(upload_url) == index_url


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (
            "HTTPError: 400 Bad Request from https://upload.pypi.org/legacy/\n"
            "File already exists ('ravan_client-0.2.0-py3-none-any.whl', with blake2_256 hash 'ab').",
            "the index at URL already has this version: release first",
        ),
        (
            "HTTPError: 403 Forbidden from URL\nForbidden",
            "the index at URL refused the credentials (403 Forbidden)",
        ),
        (
            "requests.exceptions.ConnectionError: ... [Errno 111] Connection refused",
            "cannot reach the package index",
        ),
        ("HTTPError: 400 Bad Request from URL\nBad Request", "upload to URL failed: 400 Bad Request"),
    ],
)
def test_twine_failures_become_one_line(output: str, expected: str) -> None:
    message = str(upload_failure(output, "URL", "__token__", "TOKEN"))
    assert message.startswith(expected), message
    assert "\n" not in message


def test_the_unified_version_is_the_one_under_package(tmp_path: Path) -> None:
    from generator.release.unified import UnifiedRelease, apply_unified_release  # noqa: PLC0415

    (tmp_path / "mapping.yaml").write_text(
        "version: 1\npackage:\n  distribution: u\n\n  import_name: u\n  version: '0.3.9'\ncanonical: {}\n"
    )
    apply_unified_release(tmp_path, UnifiedRelease("0.3.9", "0.4.0", "minor", "## 0.4.0 (2026-12-01)\n"))
    assert (tmp_path / "mapping.yaml").read_text() == (
        "version: 1\npackage:\n  distribution: u\n\n  import_name: u\n  version: '0.4.0'\ncanonical: {}\n"
    )
    assert (tmp_path / "unified" / "CHANGELOG.md").read_text() == "# Changelog\n\n## 0.4.0 (2026-12-01)\n"


def test_a_vendor_the_mapping_does_not_cover_releases_no_unified_version(tmp_path: Path) -> None:
    from generator.release.unified import plan_unified_release  # noqa: PLC0415
    from generator.release.versioning import ReleasePlan  # noqa: PLC0415
    from generator.spec.vendors import load_vendor  # noqa: PLC0415

    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "mapping.yaml").write_bytes((SPECS / "mapping.yaml").read_bytes())
    for name in ("callkaro", "acme"):
        folder = specs / name
        folder.mkdir()
        (folder / "openapi.yaml").write_bytes((SPECS / "callkaro" / "openapi.yaml").read_bytes())
        vendor = (SPECS / "callkaro" / "vendor.yaml").read_text()
        if name == "acme":
            vendor = vendor.replace("callkaro", "acme").replace("CallKaro", "Acme")
        (folder / "vendor.yaml").write_text(vendor)
    docs = Change("POST /call/outbound", "summary", "docs-changed", "operation summary changed")
    plan = ReleasePlan("x", "0.1.0", "0.1.1", "patch", (docs,), "", "")
    covered = plan_unified_release(specs, load_vendor(specs / "callkaro"), plan, date(2026, 12, 1))
    assert covered is not None
    assert covered.version == "0.1.1"
    assert plan_unified_release(specs, load_vendor(specs / "acme"), plan, date(2026, 12, 1)) is None


def test_a_release_with_potentially_breaking_changes_says_so() -> None:
    change = Change(
        "GET /calls/{id}",
        "responses.200.status",
        "response-enum-value-added",
        "responses.200.status gained enum value(s) ['voicemail']",
        python="field `status` of `Call` (client.calls.get()): gained enum value(s) ['voicemail']",
        migration="handle the new value(s) where code compares this field",
    )
    entry = render_entry(
        "0.1.1", date(2026, 12, 1), "patch", (change,), "specs/x/openapi.yaml", "ab" * 32, "0.1.0"
    )
    assert (
        "A patch release: no breaking changes, but some may affect code that relies on exact values" in entry
    )
    assert "compatible changes only" not in entry
    assert "Below 1.0, changes that break nothing raise the patch digit." in entry
    assert "  - Migration: handle the new value(s) where code compares this field.\n" in entry
