"""The unified package's version follows the vendor clients it converts for.

Each extra of ``vendorgen-unified`` (``[ravan]``) requires the compatible releases
from the vendor client's current version on, and its conversions are generated
from that client, so releasing a vendor changes what the unified package is: it
gets a release of its own, with the bump the vendor's changes call for under the unified
package's own version (below 1.0 a breaking change raises the minor digit),
its version written to ``package.version`` in ``specs/mapping.yaml`` and an
entry on top of ``specs/unified/CHANGELOG.md``, which the package ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.emit.publish import replace_file
from generator.mapping.model import load_mapping
from generator.mapping.unified import compatible_range
from generator.release.versioning import ReleasePlan, next_version, prepend_entry
from generator.review.diff import suggested_bump
from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import display_path
from generator.spec.vendors import MAPPING_FILE, VendorConfig, unified_changelog

__all__ = [
    "UnifiedRelease",
    "apply_unified_release",
    "plan_unified_release",
    "unified_files",
]

# `version:` inside the top-level `package:` block (the file's own `version: 1` is its format)
_PACKAGE_VERSION = re.compile(
    r"^(package:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+version:[ \t]*)(['\"]?)(\d+\.\d+\.\d+)\2", re.M
)


@dataclass(frozen=True)
class UnifiedRelease:
    """The unified package's release that a vendor release brings."""

    previous_version: str
    version: str
    bump: str
    entry: str


def unified_files(specs: Path) -> list[Path]:
    """The files a unified release rewrites."""
    return [specs / MAPPING_FILE, unified_changelog(specs)]


def _version(mapping_file: Path) -> tuple[str, str]:
    text = mapping_file.read_text(encoding="utf-8")
    found = _PACKAGE_VERSION.findall(text)
    if len(found) != 1:
        message = "cannot find exactly one `version: X.Y.Z` line under `package:` to update"
        raise SpecError(
            [Diagnostic(display_path(mapping_file), 0, 0, Severity.ERROR, "mapping-version", message)]
        )
    return text, found[0][2]


def plan_unified_release(
    specs: Path, config: VendorConfig, plan: ReleasePlan, today: date
) -> UnifiedRelease | None:
    """The unified release that ``plan`` calls for; None when the version does not move (a first release)."""
    mapping_file = specs / MAPPING_FILE
    if plan.previous_version is None or plan.previous_version == plan.version or not mapping_file.is_file():
        return None
    if config.name not in load_mapping(mapping_file).vendors:
        return None  # the unified package has no extra for this vendor: its release changes nothing there
    _, current = _version(mapping_file)
    bump = suggested_bump(list(plan.changes), current)
    version = next_version(current, bump)
    severities = {change.severity for change in plan.changes}
    why = "That release is compatible."
    if "potentially-breaking" in severities:
        why = "That release has potentially breaking changes: see its changelog."
    if "breaking" in severities:
        why = (
            "That release has breaking changes: code that uses its models or its conversions here may "
            "need the migrations its changelog lists"
            + (" (below 1.0 a breaking change raises the minor digit)." if current.startswith("0.") else ".")
        )
    moved = f"{plan.previous_version} → {plan.version}"
    entry = "\n".join(
        [
            f"## {version} ({today.isoformat()})",
            "",
            f"The `{config.name}` extra follows `{config.distribution}`'s release: {moved}. {why}",
            "",
            "### Dependencies",
            "",
            f"- extra `{config.name}`: `{config.distribution}{compatible_range(plan.version)}` "
            f"(was `{compatible_range(plan.previous_version)}`)",
            "",
        ]
    )
    return UnifiedRelease(current, version, bump, entry)


def apply_unified_release(specs: Path, release: UnifiedRelease) -> None:
    """Write the unified version into ``mapping.yaml`` and its entry into the unified changelog."""
    mapping_file = specs / MAPPING_FILE
    text, _ = _version(mapping_file)
    replace_file(
        mapping_file,
        _PACKAGE_VERSION.sub(lambda m: f"{m.group(1)}{m.group(2)}{release.version}{m.group(2)}", text),
    )
    prepend_entry(unified_changelog(specs), release.entry)
