"""Render ``vendorgen diff`` results: text, JSON, a Markdown pull-request comment, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator.review.diff import SEVERITIES, Change

__all__ = ["VendorDiff", "exceeds", "render"]

_ICONS = {"breaking": "🔴", "potentially-breaking": "🟠", "non-breaking": "🟢", "docs-only": "⚪"}
_LEVELS = {
    "breaking": "error",
    "potentially-breaking": "warning",
    "non-breaking": "notice",
    "docs-only": "notice",
}


@dataclass(frozen=True)
class VendorDiff:
    """The changes of one vendor's spec and the version bump they call for."""

    changes: tuple[Change, ...]
    bump: str
    spec_file: str


def exceeds(diffs: Mapping[str, VendorDiff], fail_on: str) -> bool:
    """Whether any change reaches the ``--fail-on`` threshold."""
    if fail_on == "none":
        return False
    if fail_on == "any":
        return any(d.changes for d in diffs.values())
    threshold = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(c.severity) <= threshold for d in diffs.values() for c in d.changes)


def _counts(diff: VendorDiff) -> dict[str, int]:
    return {severity: sum(1 for c in diff.changes if c.severity == severity) for severity in SEVERITIES}


def _json(diffs: Mapping[str, VendorDiff]) -> str:
    document = {
        "vendors": {
            vendor: {"bump": diff.bump, "changes": [c.to_json() for c in diff.changes]}
            for vendor, diff in sorted(diffs.items())
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _text(diffs: Mapping[str, VendorDiff]) -> str:
    lines = []
    for vendor, diff in sorted(diffs.items()):
        counts = ", ".join(f"{n} {s}" for s, n in _counts(diff).items() if n)
        lines.append(f"{vendor}: {counts or 'no changes'}; suggested bump: {diff.bump}")
        lines.extend(
            f"  {c.severity:20} {c.rule:38} {c.operation or '(spec)'} {c.location}: {c.message}"
            for c in diff.changes
        )
    return "\n".join(lines)


def _markdown(diffs: Mapping[str, VendorDiff]) -> str:
    lines = [
        "## Spec changes",
        "",
        "| vendor | 🔴 breaking | 🟠 potentially breaking | 🟢 non-breaking | ⚪ docs | suggested bump |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for vendor, diff in sorted(diffs.items()):
        counts = _counts(diff)
        lines.append(
            f"| {vendor} | {counts['breaking']} | {counts['potentially-breaking']} | "
            f"{counts['non-breaking']} | {counts['docs-only']} | **{diff.bump}** |"
        )
    lines += [
        "",
        "Bumps follow semver; below 1.0 a breaking change bumps the minor digit, "
        "anything else the patch digit.",
    ]
    for vendor, diff in sorted(diffs.items()):
        if not diff.changes:
            continue
        lines += ["", f"### {vendor}"]
        by_operation: dict[str, list[Change]] = {}
        for change in diff.changes:
            by_operation.setdefault(change.operation or "(whole spec)", []).append(change)
        for operation, changes in sorted(by_operation.items()):
            lines += [
                "",
                f"#### `{operation}`",
                "",
                "| severity | rule | where | change |",
                "|---|---|---|---|",
            ]
            for c in sorted(changes, key=lambda c: (SEVERITIES.index(c.severity), c.location, c.rule)):
                message = c.message.replace("|", "\\|")
                lines.append(
                    f"| {_ICONS[c.severity]} {c.severity} | `{c.rule}` | `{c.location or '-'}` | {message} |"
                )
    return "\n".join(lines) + "\n"


def _github(diffs: Mapping[str, VendorDiff]) -> str:
    lines = []
    for _, diff in sorted(diffs.items()):
        for c in diff.changes:
            message = f"{c.operation} {c.location}: {c.message}".strip().replace("\n", " ")
            lines.append(
                f"::{_LEVELS[c.severity]} file={diff.spec_file},title={c.rule} ({c.severity})::{message}"
            )
    return "\n".join(lines)


def render(diffs: Mapping[str, VendorDiff], output_format: str) -> str:
    """The report in one of: text, json, markdown, github."""
    renderers = {"text": _text, "json": _json, "markdown": _markdown, "github": _github}
    return renderers[output_format](diffs)
