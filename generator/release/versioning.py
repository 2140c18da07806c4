"""``vendorgen release``: the next version of a vendor package, from what changed in its spec.

A release compares the vendor's spec with the copy kept from its last release
(``specs/<vendor>/openapi.released.yaml``), takes the bump that ``vendorgen
diff`` suggests, and records the result in three files of the vendor folder:
the new ``version`` in ``vendor.yaml``, a new entry on top of ``CHANGELOG.md``
(shipped inside the generated package) and the spec copy for the next release.
The caller then regenerates the package.  The first release of a vendor has
no copy to compare with: it is released at the version ``vendor.yaml`` holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.emit.generate import vendor_settings
from generator.emit.publish import replace_file
from generator.review.diff import SEVERITIES, Change, suggested_bump
from generator.review.surface import spec_changes
from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import display_path, load_document, load_text
from generator.spec.vendors import CHANGELOG_FILE, RELEASED_SPEC_FILE, VENDOR_FILE, VendorConfig

__all__ = [
    "ReleasePlan",
    "apply_release",
    "next_version",
    "plan_release",
    "prepend_entry",
    "release_files",
    "restore",
]

_CHANGELOG_TITLE = "# Changelog\n"
_HEADINGS = {
    "breaking": "Breaking changes",
    "potentially-breaking": "Potentially breaking changes",
    "non-breaking": "Additions and other compatible changes",
    "docs-only": "Documentation",
}


@dataclass(frozen=True)
class ReleasePlan:
    """What ``vendorgen release`` would write."""

    vendor: str
    previous_version: str | None
    version: str
    bump: str
    changes: tuple[Change, ...]
    entry: str
    spec_text: str


def next_version(version: str, bump: str) -> str:
    """``version`` raised by a ``major``, ``minor`` or ``patch`` bump."""
    major, minor, patch = (int(part) for part in version.split("."))
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown bump {bump!r}")


def _bump_reason(bump: str, previous: str | None, changes: tuple[Change, ...]) -> str:
    """Why this release raises the digit it raises, in words (the 0.x rule included)."""
    severities = {change.severity for change in changes}
    below_one = previous is not None and previous.startswith("0.")
    if "breaking" in severities:
        if below_one:
            return (
                f"A {bump} release with breaking changes: below 1.0 a breaking change raises the minor "
                "digit and anything else the patch digit (semver's rule for 0.y.z versions)."
            )
        return "A major release: it has breaking changes."
    if severities & {"potentially-breaking", "non-breaking"}:
        what = (
            "no breaking changes, but some may affect code that relies on exact values "
            "(see Potentially breaking changes)"
            if "potentially-breaking" in severities
            else "compatible changes only"
        )
        rule = " Below 1.0, changes that break nothing raise the patch digit." if below_one else ""
        return f"A {bump} release: {what}.{rule}"
    return "A patch release: documentation only."


def _entry_lines(change: Change) -> list[str]:
    """One change in the terms of code that uses the package, then its wire detail and migration."""
    if change.python:
        where = f"`{change.operation}`: " if change.operation else ""
        lines = [f"- {change.python}", f"  - API: {where}{change.message}"]
    else:
        lines = [f"- {f'`{change.operation}`: ' if change.operation else ''}{change.message}"]
    if change.rule == "docs-changed":
        lines.append(f"  - Before: {' '.join(change.before.split()) or '(none)'}")
        lines.append(f"  - After: {' '.join(change.after.split()) or '(none)'}")
    if change.migration:
        lines.append(f"  - Migration: {change.migration}.")
    return lines


def render_entry(
    version: str,
    today: date,
    bump: str,
    changes: tuple[Change, ...],
    spec_file: str,
    sha256: str,
    previous: str | None = None,
) -> str:
    """One changelog entry: breaking changes first, each with its migration where code has to change."""
    lines = [f"## {version} ({today.isoformat()})", ""]
    if not changes:
        lines += [f"First release, generated from `{spec_file}` (sha256 `{sha256[:16]}`).", ""]
        return "\n".join(lines)
    reason = _bump_reason(bump, previous, changes)
    lines += [f"Generated from `{spec_file}` (sha256 `{sha256[:16]}`). {reason}", ""]
    for severity in SEVERITIES:
        group = [change for change in changes if change.severity == severity]
        if not group:
            continue
        lines += [f"### {_HEADINGS[severity]}", ""]
        for change in group:
            lines += _entry_lines(change)
        lines.append("")
    return "\n".join(lines)


def plan_release(config: VendorConfig, today: date) -> ReleasePlan | None:
    """The release of ``config``'s current spec, or None when nothing changed since the last one."""
    new = load_document(config.spec_path)
    spec_file = display_path(config.spec_path)
    released = config.folder / RELEASED_SPEC_FILE
    if not released.is_file():
        entry = render_entry(config.version, today, "initial", (), spec_file, new.sha256)
        return ReleasePlan(config.name, None, config.version, "initial", (), entry, new.text)
    old = load_text(released.read_text(encoding="utf-8"), released)
    changes = tuple(spec_changes(old, new, vendor_settings(config)))
    bump = suggested_bump(list(changes), config.version)
    if bump == "none":
        return None
    version = next_version(config.version, bump)
    entry = render_entry(version, today, bump, changes, spec_file, new.sha256, config.version)
    return ReleasePlan(config.name, config.version, version, bump, changes, entry, new.text)


_VERSION_LINE = re.compile(r"^version:\s*['\"]?\d+\.\d+\.\d+['\"]?\s*$", re.MULTILINE)


def apply_release(config: VendorConfig, plan: ReleasePlan) -> None:
    """Write the plan into the vendor folder: version, changelog entry, released spec copy."""
    vendor_file = config.folder / VENDOR_FILE
    vendor_text = vendor_file.read_text(encoding="utf-8")
    if len(_VERSION_LINE.findall(vendor_text)) != 1:
        raise SpecError(
            [
                Diagnostic(
                    display_path(vendor_file),
                    0,
                    0,
                    Severity.ERROR,
                    "vendor-config",
                    "cannot find exactly one top-level `version: 'X.Y.Z'` line to update",
                )
            ]
        )
    prepend_entry(config.folder / CHANGELOG_FILE, plan.entry)
    replace_file(vendor_file, _VERSION_LINE.sub(f"version: '{plan.version}'", vendor_text))
    replace_file(config.folder / RELEASED_SPEC_FILE, plan.spec_text)


def prepend_entry(changelog: Path, entry: str) -> None:
    """Put ``entry`` on top of a changelog (newest first), starting the file when there is none."""
    existing = changelog.read_text(encoding="utf-8") if changelog.is_file() else _CHANGELOG_TITLE
    body = existing.removeprefix(_CHANGELOG_TITLE).lstrip("\n")
    replace_file(changelog, f"{_CHANGELOG_TITLE}\n{entry}\n{body}".rstrip("\n") + "\n")


def release_files(config: VendorConfig) -> list[Path]:
    """The files of the vendor folder that a release rewrites."""
    return [config.folder / name for name in (VENDOR_FILE, CHANGELOG_FILE, RELEASED_SPEC_FILE)]


def restore(backup: Mapping[Path, bytes | None]) -> None:
    """Put files back as they were (None: the file did not exist)."""
    for path, content in backup.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content)
