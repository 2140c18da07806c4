"""scripts/docs-drift, run as the scheduled workflow runs it (without --push), on a clone of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.project import ROOT, copy_pages


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def clone(tmp_path: Path, shared_dir: Path) -> Path:
    """The committed project cloned beside a writable copy of the vendors' pages."""
    project = tmp_path / "project"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(project)], check=True)
    # What the working tree changed since the last commit is what is under test: commit it in the clone.
    for path in _git("ls-files", "-m", "-o", "--exclude-standard", cwd=ROOT).split():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, target)
    _git("add", "-A", cwd=project)
    _git(
        "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "wip", cwd=project
    )
    copy_pages(shared_dir, tmp_path / "shared")
    return project


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "docs-drift"), "--base", "HEAD", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _rename_on_outbound_call_page(clone: Path, old: str, new: str) -> None:
    """Rename a word on (the copy of) CallKaro's outbound-call page."""
    page = clone.parent / "shared" / "vendor-docs" / "callkaro" / "outbound-call.rendered.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _branch_files(clone: Path) -> list[str]:
    return _git("show", "--name-only", "--format=", "docs-drift/callkaro", cwd=clone).split()


def test_no_change_no_branch_then_a_change_one_commit(clone: Path) -> None:
    quiet = _run(clone, "callkaro")
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "callkaro: documentation unchanged; no pull request" in quiet.stdout
    assert "docs-drift/callkaro" not in _git("branch", cwd=clone)

    _rename_on_outbound_call_page(clone, '"message"', '"detail"')
    changed = _run(clone, "callkaro")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert "### CallKaro (`callkaro`)" in changed.stdout
    assert "detail" in changed.stdout
    assert "## Spec review" in changed.stdout
    assert "## Generated code" in changed.stdout
    files = _branch_files(clone)
    assert "specs/callkaro/scraped.yaml" in files
    assert "specs/callkaro/pages.lock" in files
    assert "specs/callkaro/openapi.yaml" in files, "the renamed response field reached the spec"
    assert _git("status", "--porcelain", cwd=clone) == "", "the checkout it ran from is untouched"


def test_a_rename_that_breaks_generation_still_gets_its_pull_request(clone: Path) -> None:
    """call_sid is the id the unified dialer reads: the mapping fails, and the branch says where."""
    _rename_on_outbound_call_page(clone, "call_sid", "call_id")
    changed = _run(clone, "callkaro")
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "## Generation fails on the updated spec" in changed.stdout
    assert "specs/mapping.yaml" in changed.stdout
    assert "has no field 'call_sid'" in changed.stdout
    assert "callkaro: generation fails on the updated spec" in changed.stdout
    files = _branch_files(clone)
    assert "specs/callkaro/openapi.yaml" in files
    assert not [name for name in files if name.startswith("generated/")], "generated/ is left as it was"
