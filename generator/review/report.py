"""Render ``vendorgen diff`` results: text, JSON, a Markdown pull-request comment, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

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
    """The spec's path relative to the repository root, as annotations name it."""
    lines: Mapping[Change, int] = field(default_factory=dict)
    """The line of each change in the new spec (see :mod:`generator.review.lines`)."""


def _short(text: str, limit: int = 160) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _before_after(change: Change) -> str:
    """The old and new text of a documentation change, on one line."""
    if change.rule != "docs-changed":
        return ""
    return f"“{_short(change.before) or '(none)'}” → “{_short(change.after) or '(none)'}”"


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
        for c in diff.changes:
            lines.append(f"  {c.severity:20} {c.operation or '(spec)'} {c.location}: {c.summary}")
            if c.python and c.python != c.message:
                lines.append(f"  {'':20} wire: {c.message}")
            if before_after := _before_after(c):
                lines.append(f"  {'':20} {before_after}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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
                "| severity | for Python code | on the wire |",
                "|---|---|---|",
            ]
            for c in sorted(changes, key=lambda c: (SEVERITIES.index(c.severity), c.location, c.rule)):
                wire = " ".join(part for part in (c.message, _before_after(c)) if part)
                where = f"`{c.location}`: " if c.location and not c.message.startswith(c.location) else ""
                python = _cell(c.summary) if c.python else "-"
                lines.append(f"| {_ICONS[c.severity]} {c.severity} | {python} | {where}{_cell(wire)} |")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(diffs: Mapping[str, VendorDiff]) -> str:
    lines = []
    for _, diff in sorted(diffs.items()):
        for c in diff.changes:
            where = " ".join(part for part in (c.operation, c.location) if part)
            message = f"{where}: {c.summary}" if where else c.summary
            if c.python and c.python != c.message:
                message += f" (wire: {c.message})"
            if before_after := _before_after(c):
                message += f" {before_after}"
            title = f"{c.severity}: {c.operation or 'whole spec'}"
            place = f"file={_escape_property(diff.spec_file)},line={diff.lines.get(c, 1)}"
            lines.append(
                f"::{_LEVELS[c.severity]} {place},title={_escape_property(title)}::{_escape_data(message)}"
            )
    return "\n".join(lines)


def render(diffs: Mapping[str, VendorDiff], output_format: str) -> str:
    """The report in one of: text, json, markdown, github."""
    renderers = {"text": _text, "json": _json, "markdown": _markdown, "github": _github}
    return renderers[output_format](diffs)
