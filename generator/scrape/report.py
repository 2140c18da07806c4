"""What a vendor update found, for a terminal or a pull request.

Every changed location of the pages (old → new, page and line), the `vendorgen diff` rules
those changes trigger, every conflicting overlay action with the values the pages changed
under it and the two commands that decide it, spec edits the overlay does not record, and
the overlay's size against the spec's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.scrape.apply import Status
from generator.scrape.drift import FieldChange, show_pair
from generator.scrape.update import Conflict, VendorUpdate, spec_size
from generator.spec.loader import display_path

__all__ = ["OverlayStats", "overlay_stats", "render_markdown", "render_text"]


@dataclass(frozen=True)
class OverlayStats:
    """How much of a vendor's spec its overlay writes."""

    actions: int
    overlay_bytes: int
    spec_bytes: int
    overwritten_bytes: int = 0
    """Of what the pages say, the bytes the overlay writes over or removes (see VendorUpdate)."""
    spec_json_bytes: int = 0
    """The spec in the unit of ``overwritten_bytes`` (compact JSON): their ratio is the target's."""

    @property
    def percent(self) -> float:
        """Overlay file bytes as a percentage of the spec file's."""
        return 100.0 * self.overlay_bytes / self.spec_bytes if self.spec_bytes else 0.0

    @property
    def overwritten_percent(self) -> float:
        """Overwritten page statements as a percentage of the spec, both in compact JSON bytes."""
        return 100.0 * self.overwritten_bytes / self.spec_json_bytes if self.spec_json_bytes else 0.0

    def line(self) -> str:
        """One line for a report."""
        return (
            f"overlay: {self.actions} action(s), {self.overlay_bytes:,} bytes = "
            f"{self.percent:.1f} % of the spec's {self.spec_bytes:,}; what the pages say that it "
            f"overwrites or removes: {self.overwritten_bytes:,} bytes = {self.overwritten_percent:.1f} % "
            f"of the spec's {self.spec_json_bytes:,} (both compact JSON)"
        )


def overlay_stats(update: VendorUpdate, overlay_text: str, spec_text: str) -> OverlayStats:
    """The overlay's file against the spec's, and the page statements it overwrites against the spec.

    Each ratio compares one unit: file bytes with file bytes, and the overwritten values with the
    spec, both as compact JSON (a YAML file is about a quarter larger than its JSON: compared with
    the spec's file, the overwritten share read that much too low).
    """
    return OverlayStats(
        len(update.actions),
        len(overlay_text.encode()),
        len(spec_text.encode()),
        update.overwritten_bytes,
        spec_size(update.spec),
    )


_STATUS_TEXT = {
    Status.STALE: "stale: the pages changed what it overwrites",
    Status.GONE: "gone: its target is no longer in the scrape",
    Status.UNPINNED: "unpinned: it records no x-pin, so a change under it would go unseen",
}


def _advice(vendor: str, conflict: Conflict) -> list[str]:
    ref = f"{vendor}:{conflict.index}"
    if not conflict.keepable:
        return [
            f"take the pages' change (drop the action): vendorgen scrape {vendor} --accept {ref}",
            "or retarget the action in overlay.yaml by hand",
        ]
    return [
        f"keep the overlay's value: vendorgen scrape {vendor} --keep-overlay {ref}",
        f"take the pages' value:    vendorgen scrape {vendor} --accept {ref}",
    ]


def _change_line(change: FieldChange) -> str:
    where = f"  [{change.where}]" if change.where else ""
    before, after = show_pair(change.old, change.new)
    return f"{change.kind:<8} {change.pointer}: {before} → {after}{where}"


def _headline(update: VendorUpdate) -> str:
    label = display_path(update.config.spec_path)
    if update.up_to_date:
        return f"{label}: up to date (scrape + {len(update.actions)} overlay action(s))"
    parts = []
    if update.committed_scrape is None:
        parts.append("no committed scrape (scraped.yaml) to compare with")
    if update.page_changes:
        parts.append(f"the pages changed at {len(update.page_changes)} location(s)")
    if update.page_lines and not update.page_changes:
        parts.append(
            f"page text changed in {len(update.page_lines)} place(s) the scrape does not reflect: "
            "review by hand"
        )
    elif update.page_lines:
        parts.append(f"page text changed in {len(update.page_lines)} place(s)")
    if update.committed_scrape is not None and update.committed_lock is None:
        parts.append("no committed pages.lock to compare the page text with")
    if update.conflicts:
        parts.append(f"{len(update.conflicts)} overlay conflict(s)")
    if update.unrecorded:
        parts.append(f"{len(update.unrecorded)} spec edit(s) the overlay does not record")
    if update.missing_sites:
        parts.append(f"{len(update.missing_sites)} shape.yaml site(s) not in the scrape")
    if not parts and update.committed_spec != update.spec:
        parts.append("the spec differs from scrape + overlay")
    if not parts and update.overlay_changed:
        parts.append("the overlay changes by the decisions given")
    return f"{label}: " + "; ".join(parts)


def render_text(update: VendorUpdate, stats: OverlayStats | None = None) -> str:
    """The update as indented plain text."""
    vendor = update.config.name
    lines = [_headline(update)]
    if update.page_changes:
        lines.append(f"  pages changed since {display_path(update.config.folder / 'scraped.yaml')}:")
        lines.extend(
            f"    {c.severity}: {c.operation} {c.location}: {c.message} [{c.rule}]"
            for c in update.rule_changes
        )
        lines.extend(f"    {_change_line(change)}" for change in update.page_changes)
    if update.page_lines:
        lines.append("  page text changed (every changed line, whether or not the scraper reads it):")
        for change in update.page_lines:
            lines.append(f"    {change.kind:<8} {change.where}")
            lines.extend(f"      | {text}" for text in change.lines[:_SHOWN_LINES])
            if len(change.lines) > _SHOWN_LINES:
                lines.append(f"      | … {len(change.lines) - _SHOWN_LINES} more line(s)")
    if update.conflicts:
        lines.append(f"  overlay conflicts (nothing is written for {vendor} until each is decided):")
        for conflict in update.conflicts:
            lines.append(
                f"    action {conflict.index} ({conflict.action.target}) {_STATUS_TEXT[conflict.status]}"
            )
            lines.append(f"      why it exists: {conflict.action.description}")
            if conflict.note:
                lines.append(f"      {conflict.note}")
            lines.extend(f"      {_change_line(change)}" for change in conflict.changes)
            lines.extend(f"      {advice}" for advice in _advice(vendor, conflict))
    if update.missing_sites:
        lines.append(f"  shape.yaml names places the scrape no longer has (nothing is written for {vendor}):")
        lines.extend(f"    {site}" for site in update.missing_sites)
        lines.append(f"    name them again: vendorgen scrape {vendor} --update-overlay (or edit shape.yaml)")
    if update.unshared_sites:
        lines.append(
            "  no longer shared: the pages now document these places differently from their component"
        )
        lines.extend(f"    {site} (kept inline, as its page says)" for site in update.unshared_sites)
    if update.unrecorded:
        lines.append("  spec edits the overlay does not record (scrape + overlay → spec):")
        lines.extend(f"    {_change_line(change)}" for change in update.unrecorded)
        lines.append(f"    record them first: vendorgen scrape {vendor} --update-overlay")
    lines.extend(f"  decided: {decision}" for decision in update.decided)
    if update.scrape.skipped:
        lines.append("  left out of the scrape (the overlay writes what the spec has of these pages):")
        lines.extend(f"    {_left_out(note)}" for note in update.scrape.skipped)
    if stats is not None:
        lines.append(f"  {stats.line()}")
    return "\n".join(lines)


_SHOWN_LINES = 6


def _left_out(note: str) -> str:
    """A scrape note (``FILE: why``) with the file as the project shows paths."""
    file, _, why = note.partition(": ")
    return f"{display_path(Path(file))}: {why}" if why else note


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_row(change: FieldChange) -> str:
    before, after = (f"`{_cell(text)}`" for text in show_pair(change.old, change.new))
    return f"| {change.kind} | `{_cell(change.pointer)}` | {before} | {after} | {_cell(change.where)} |"


def render_markdown(update: VendorUpdate, stats: OverlayStats | None = None) -> str:
    """The update as a Markdown section for a pull request."""
    vendor = update.config.name
    lines = [f"### {update.config.display_name} (`{vendor}`)", "", _cell(_headline(update)), ""]
    if update.page_changes:
        if update.rule_changes:
            lines += ["| severity | operation | change | rule |", "|---|---|---|---|"]
            for c in update.rule_changes:
                what = _cell(f"{c.location}: {c.message}")
                lines.append(f"| {c.severity} | {_cell(c.operation)} | {what} | `{c.rule}` |")
            lines.append("")
        lines += ["| change | location | before | after | page |", "|---|---|---|---|---|"]
        lines += [_md_row(c) for c in update.page_changes]
        lines.append("")
    if update.page_lines:
        lines += ["| page text | where | lines |", "|---|---|---|"]
        for line_change in update.page_lines:
            cut = " …" if len(line_change.lines) > _SHOWN_LINES else ""
            shown = " ⏎ ".join(line_change.lines[:_SHOWN_LINES]) + cut
            lines.append(f"| {line_change.kind} | {_cell(line_change.where)} | {_cell(shown)} |")
        lines.append("")
    if update.conflicts:
        lines += [f"**Overlay conflicts** — nothing is written for `{vendor}` until each is decided:", ""]
        for conflict in update.conflicts:
            lines.append(
                f"- action {conflict.index} `{_cell(conflict.action.target)}` "
                f"{_STATUS_TEXT[conflict.status]} — {_cell(conflict.action.description)}"
            )
            lines += [f"  - `{_cell(_change_line(change))}`" for change in conflict.changes]
            lines += [f"  - {_cell(advice)}" for advice in _advice(vendor, conflict)]
        lines.append("")
    if update.missing_sites:
        lines += ["**shape.yaml names places the scrape no longer has**:", ""]
        lines += [f"- `{_cell(site)}`" for site in update.missing_sites]
        lines += ["", f"Name them again: `vendorgen scrape {vendor} --update-overlay`.", ""]
    if update.unshared_sites:
        lines += ["**No longer shared** (the pages now document these places differently):", ""]
        lines += [f"- `{_cell(site)}`" for site in update.unshared_sites]
        lines.append("")
    if update.unrecorded:
        lines += ["**Spec edits the overlay does not record**:", ""]
        lines += [f"- `{_cell(_change_line(change))}`" for change in update.unrecorded]
        lines += ["", f"Record them first: `vendorgen scrape {vendor} --update-overlay`.", ""]
    if update.scrape.skipped:
        lines += ["**Left out of the scrape** (the overlay writes what the spec has of these pages):", ""]
        lines += [f"- {_cell(_left_out(note))}" for note in update.scrape.skipped]
        lines.append("")
    if stats is not None:
        lines += [stats.line(), ""]
    return "\n".join(lines)
