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

__all__ = ["ReleasePlan", "apply_release", "next_version", "plan_release", "release_files", "restore"]

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


def _migration_hint(change: Change) -> str | None:
    """What client code has to do about a breaking change of the generated surface."""
    if change.rule == "surface-method-renamed":
        return f"rename the call: {change.message}."
    if change.rule == "surface-method-removed":
        return f"the spec no longer has `{change.operation}`; remove calls of `client.{change.location}()`."
    if change.rule == "surface-argument-removed":
        return "stop passing the removed keyword argument(s)."
    if change.rule == "surface-field-removed":
        return "stop reading or setting the removed field(s); they stay reachable as extra data if sent."
    if change.rule == "surface-model-removed":
        return "import the model under its new name (see the additions below), or stop using it."
    return None


def render_entry(
    version: str, today: date, bump: str, changes: tuple[Change, ...], spec_file: str, sha256: str
) -> str:
    """One changelog entry: breaking changes first, each with a migration hint where one applies."""
    lines = [f"## {version} ({today.isoformat()})", ""]
    if not changes:
        lines += [f"First release, generated from `{spec_file}` (sha256 `{sha256[:16]}`).", ""]
        return "\n".join(lines)
    lines += [f"Generated from `{spec_file}` (sha256 `{sha256[:16]}`); {bump} release.", ""]
    for severity in SEVERITIES:
        group = [change for change in changes if change.severity == severity]
        if not group:
            continue
        lines += [f"### {_HEADINGS[severity]}", ""]
        for change in group:
            where = f"`{change.operation}`: " if change.operation else ""
            lines.append(f"- {where}{change.message} (`{change.location}`, {change.rule})")
            hint = _migration_hint(change)
            if hint is not None:
                lines.append(f"  - Migration: {hint}")
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
    entry = render_entry(version, today, bump, changes, spec_file, new.sha256)
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
    changelog = config.folder / CHANGELOG_FILE
    existing = changelog.read_text(encoding="utf-8") if changelog.is_file() else _CHANGELOG_TITLE
    body = existing.removeprefix(_CHANGELOG_TITLE).lstrip("\n")
    replace_file(changelog, f"{_CHANGELOG_TITLE}\n{plan.entry}\n{body}".rstrip("\n") + "\n")
    replace_file(vendor_file, _VERSION_LINE.sub(f"version: '{plan.version}'", vendor_text))
    replace_file(config.folder / RELEASED_SPEC_FILE, plan.spec_text)


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
