"""A vendor's spec updated from its pages by a three-way merge, with every conflict named.

Three documents meet: the committed raw scrape (``scraped.yaml``, what the pages said when
the spec was last updated), the fresh scrape (what they say now) and the committed spec
(``openapi.yaml``, which must equal committed scrape + overlay, the scrape first shaped by
``shape.yaml`` into the spec's components). What changed between the two scrapes reaches the
spec by applying the overlay to the fresh scrape: a change no
overlay action covers flows through; a change to a value an action overwrites makes that
action stale (its ``x-pin`` no longer matches), an action whose target the pages removed is
gone. Both are conflicts: nothing is written for the vendor until each is decided, per
action or per vendor, by keeping the overlay's value (the action is pinned again) or
accepting the pages' (the overwritten keys leave the action, or the action goes). Either
decision shows in the overlay's diff.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.scrape.apply import ABSENT, ActionRun, OverlayRun, Pinned, Status, pointer_of, run_overlay
from generator.scrape.assemble import FILLER_RESPONSE_DESCRIPTIONS, ScrapeResult
from generator.scrape.drift import FieldChange, attribute, leaf_changes, located_changes, location_of
from generator.scrape.overlay import Action, Overlay, parse_overlay
from generator.scrape.page_lock import LOCK_FILE, LineChange, line_changes, lock_data
from generator.scrape.shape import Shaped, load_components, shape_scrape
from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import display_path, load_document
from generator.spec.vendors import VendorConfig

if TYPE_CHECKING:
    from generator.review.diff import Change

__all__ = [
    "LOCK_FILE",
    "OVERLAY_FILE",
    "SCRAPED_FILE",
    "Conflict",
    "Decisions",
    "VendorUpdate",
    "load_vendor_overlay",
    "plan_update",
    "spec_size",
]

OVERLAY_FILE = "overlay.yaml"
SCRAPED_FILE = "scraped.yaml"


@dataclass(frozen=True)
class Decisions:
    """How conflicts are resolved: action indexes (1-based) to keep or accept, or all of a vendor's."""

    keep: frozenset[int] = frozenset()
    accept: frozenset[int] = frozenset()
    keep_all: bool = False
    accept_all: bool = False

    def __post_init__(self) -> None:
        both = (self.keep_all and (self.accept_all or self.accept)) or (self.accept_all and self.keep)
        if both or self.keep & self.accept:
            raise ValueError("an action cannot be both accepted and kept")

    def of(self, index: int) -> str | None:
        """``keep``, ``accept`` or None for action ``index``."""
        if self.keep_all or index in self.keep:
            return "keep"
        return "accept" if self.accept_all or index in self.accept else None


@dataclass(frozen=True)
class Conflict:
    """An action that needs a decision: what became of it and the pinned values the pages changed."""

    index: int
    action: Action
    status: Status
    changes: tuple[FieldChange, ...]
    note: str = ""
    lost: tuple[str, ...] = ()
    """Objects the action edits inside (JSON pointers) that the fresh scrape no longer has: the
    action would make them up again, so it can be dropped or rewritten, not kept."""
    duplicated: tuple[str, ...] = ()
    """Items the action appends that the pages now give themselves (JSON pointers): keeping the
    action would list them twice, so it can be dropped or rewritten, not kept."""

    @property
    def keepable(self) -> bool:
        """Whether ``--keep-overlay`` can settle it."""
        return self.status is not Status.GONE and not self.lost and not self.duplicated


@dataclass(frozen=True)
class VendorUpdate:
    """Everything one vendor's update found, and the documents it would write."""

    config: VendorConfig
    scrape: ScrapeResult
    committed_scrape: dict[str, Any] | None
    overlay: Overlay
    committed_spec: dict[str, Any] | None
    spec: dict[str, Any]
    actions: tuple[Action, ...]
    page_changes: tuple[FieldChange, ...]
    conflicts: tuple[Conflict, ...]
    unrecorded: tuple[FieldChange, ...]
    decided: tuple[str, ...] = ()
    rule_changes: tuple[Change, ...] = field(default=())
    page_lines: tuple[LineChange, ...] = ()
    lock: dict[str, Any] = field(default_factory=dict)
    committed_lock: dict[str, Any] | None = None
    missing_sites: tuple[str, ...] = ()
    """Sites of ``shape.yaml`` the fresh scrape does not have: the naming map is stale."""
    unshared_sites: tuple[str, ...] = ()
    """Sites that shared their component at the last update and now differ from it on the pages."""
    overwritten_bytes: int = 0
    """Bytes (compact JSON) of the scraped values the actions overwrite or remove: how much of what
    the pages say the overlay makes irrelevant (additions of what they do not say count nothing)."""

    @property
    def overlay_changed(self) -> bool:
        """Whether the decisions changed the overlay's actions."""
        return self.actions != self.overlay.actions

    @property
    def blocked(self) -> bool:
        """Whether anything stops writing.

        A conflict does, and so do spec edits the overlay does not record and a naming map
        (shape.yaml) that names places the scrape no longer has.
        """
        return bool(self.conflicts or self.unrecorded or self.missing_sites)

    @property
    def up_to_date(self) -> bool:
        """Pages, scrape, overlay and spec all agree: nothing to write, nothing to report."""
        return (
            not self.blocked
            and not self.page_changes
            and not self.page_lines
            and self.committed_scrape is not None
            and self.committed_lock == self.lock
            and self.committed_spec == self.spec
            and not self.overlay_changed
        )


def load_vendor_overlay(config: VendorConfig) -> Overlay:
    """The vendor's overlay, or an empty one when it has none."""
    path = config.folder / OVERLAY_FILE
    if not path.is_file():
        return Overlay(f"{config.display_name} corrections", "1", (), str(path))
    return parse_overlay(load_document(path).data, str(path))


def _committed(path: Path) -> dict[str, Any] | None:
    return dict(load_document(path).data) if path.is_file() else None


def _committed_lock(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SpecError(
            [Diagnostic(display_path(path), exc.lineno, exc.colno, Severity.ERROR, "json-syntax", exc.msg)]
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("pages"), dict):
        raise SpecError(
            [Diagnostic(display_path(path), 1, 1, Severity.ERROR, "page-lock", "not a pages.lock document")]
        )
    return data


def _pinned_changes(
    old: Iterable[Pinned],
    new: Iterable[Pinned],
    old_raw: Any,
    old_shape: Shaped | None,
    new_shape: Shaped,
    scrape: ScrapeResult,
    changed_lines: Mapping[str, str],
) -> tuple[FieldChange, ...]:
    """The pinned values that differ between two runs of one action, down to each changed leaf.

    Each is attributed on the raw scrapes, which keep every field's page (``x-source``).
    """
    before = {p.parts: p.value for p in old}
    after = {p.parts: p.value for p in new}
    changes = []
    for parts in [*before, *(parts for parts in after if parts not in before)]:
        for inner, was, now in leaf_changes(before.get(parts, ABSENT), after.get(parts, ABSENT)):
            where = (*parts, *inner)
            raw_where = new_shape.raw_parts(where)
            if old_shape is not None and raw_where == where:
                raw_where = old_shape.raw_parts(where)
            place = attribute(raw_where, old_raw, scrape.document, was, now, scrape.pages, changed_lines)
            changes.append(FieldChange(location_of(where), was, now, place))
    return tuple(changes)


def _trimmed(
    action: Action, changed: set[tuple[Any, ...]], target_parts: Iterable[tuple[Any, ...]]
) -> Action | None:
    """An update without the keys whose overwritten value the pages changed; None when nothing is left."""
    if action.remove or not isinstance(action.update, Mapping):
        return None
    update = copy.deepcopy(dict(action.update))
    for base in target_parts:
        for parts in changed:
            if parts[: len(base)] != base:
                continue
            node: Any = update
            keys = parts[len(base) :]
            for key in keys[:-1]:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict) and keys:
                node.pop(keys[-1], None)
    return dataclasses.replace(action, update=update) if _has_leaf(update) else None


def _has_leaf(update: Any) -> bool:
    return not isinstance(update, dict) or any(_has_leaf(value) for value in update.values())


def _lost(old: Iterable[Pinned], new: Iterable[Pinned]) -> tuple[tuple[Any, ...], ...]:
    """Objects an update edited inside at the last update that are gone from the scrape now.

    An update of an operation sets nested keys (``requestBody ... properties.parts.description``);
    were ``parts`` renamed on the page, merging the update would make ``parts`` up again with only
    that description. Such an object shows as a new pin of an absent value at a location where the
    old pins went deeper.
    """
    before = [p.parts for p in old]
    return tuple(
        p.parts
        for p in new
        if p.value is ABSENT
        and p.parts not in before
        and any(len(parts) > len(p.parts) and parts[: len(p.parts)] == p.parts for parts in before)
    )


def _duplicated(run: ActionRun) -> tuple[tuple[Any, ...], ...]:
    """The items the pages now give that an append of ``run`` would list a second time."""
    if not run.appends:
        return ()
    return tuple(
        p.parts
        for p in run.pinned
        if p.value is not ABSENT and p.parts[:-1] in run.targets and isinstance(p.parts[-1], int)
    )


def _resolve(
    fresh: OverlayRun, old_runs: Mapping[int, ActionRun], decisions: Decisions
) -> tuple[list[tuple[int, Action, bool]], list[str]]:
    """The overlay's actions after the decisions: (original index, action, needs a new pin)."""
    resolved: list[tuple[int, Action, bool]] = []
    decided: list[str] = []
    released: list[tuple[Any, ...]] = []
    for run in fresh.runs:
        choice = decisions.of(run.index) if run.status is not Status.APPLIED else None
        if choice is None:
            resolved.append((run.index, run.action, False))
            continue
        label = f"action {run.index} ({run.action.target})"
        old = old_runs.get(run.index)
        if choice == "keep":
            lost = old is not None and _lost(old.pinned, run.pinned)
            if run.status is Status.GONE or lost or _duplicated(run):
                resolved.append((run.index, run.action, False))  # stays a conflict: nothing to keep it on
                continue
            resolved.append((run.index, run.action, True))
            decided.append(f"{label}: kept, pinned to the pages as they are now")
            continue
        was = {p.parts: p.value for p in old.pinned} if old is not None else {}
        changed = {
            p.parts for p in run.pinned if old is None or p.parts not in was or was[p.parts] != p.value
        }
        trimmed = (
            _trimmed(run.action, changed, run.targets)
            if run.status is Status.STALE and not run.appends
            else None
        )
        if trimmed is None:
            decided.append(f"{label}: dropped, the pages' value taken")
            if run.action.remove:
                released.extend(run.targets)
        else:
            resolved.append((run.index, trimmed, True))
            decided.append(f"{label}: the values the pages changed left the action")
    return _without_released(resolved, released, fresh, decided), decided


def _without_released(
    resolved: list[tuple[int, Action, bool]],
    released: list[tuple[Any, ...]],
    fresh: OverlayRun,
    decided: list[str],
) -> list[tuple[int, Action, bool]]:
    """The updates without what they set where an accepted removal gave the pages' value back.

    A scraped schema the spec replaces by a reference is a removal and an update setting the
    reference; accepting the removal takes the page's schema, so the update must not merge the
    reference into it (it would then be stale in turn, and the decision undone).
    """
    if not released:
        return resolved
    targets = {run.index: run.targets for run in fresh.runs}
    result = []
    for index, action, repin in resolved:
        inside = {
            parts
            for parts in released
            for base in targets.get(index, ())
            if not action.remove and parts[: len(base)] == base and len(parts) > len(base)
        }
        if not inside:
            result.append((index, action, repin))
            continue
        trimmed = _trimmed(action, inside, targets[index])
        if trimmed is not None and trimmed.update == action.update:
            result.append((index, action, repin))  # it sets nothing there
            continue
        where = ", ".join(sorted(pointer_of(parts) for parts in inside))
        if trimmed is None:
            decided.append(f"action {index} ({action.target}): dropped, it only set {where}")
        else:
            result.append((index, trimmed, True))
            decided.append(
                f"action {index} ({action.target}): no longer sets {where}, the pages' value taken"
            )
    return result


def plan_update(
    config: VendorConfig,
    scrape: ScrapeResult,
    *,
    decisions: Decisions | None = None,
) -> VendorUpdate:
    """Compare the fresh ``scrape`` with the committed one and say what the spec becomes."""
    from generator.review.diff import diff_specs  # noqa: PLC0415 - heavy: normalisation and rules

    decisions = decisions or Decisions()
    overlay = load_vendor_overlay(config)
    committed_scrape = _committed(config.folder / SCRAPED_FILE)
    committed_spec = _committed(config.spec_path)
    committed_lock = _committed_lock(config.folder / LOCK_FILE)
    page_lines = tuple(line_changes(committed_lock, scrape.pages))
    first_changed: dict[str, str] = {}
    for line_change in page_lines:
        first_changed.setdefault(line_change.page, line_change.where)
    fresh_doc = scrape.document
    components = load_components(config.folder)
    fresh_shape = shape_scrape(fresh_doc, components)
    committed_shape = shape_scrape(committed_scrape, components) if committed_scrape is not None else None
    old_runs: dict[int, ActionRun] = {}
    page_changes: tuple[FieldChange, ...] = ()
    unrecorded: tuple[FieldChange, ...] = ()
    rule_changes: tuple[Change, ...] = ()
    if committed_scrape is not None and committed_shape is not None:
        before = run_overlay(committed_shape.document, overlay)
        old_runs = {run.index: run for run in before.runs}
        page_changes = tuple(located_changes(committed_scrape, fresh_doc, scrape.pages, first_changed))
        rule_changes = tuple(diff_specs(committed_scrape, fresh_doc)) if page_changes else ()
        if committed_spec is not None:
            unrecorded = tuple(located_changes(before.document, committed_spec, scrape.pages))
    fresh = run_overlay(fresh_shape.document, overlay)
    resolved, decided = _resolve(fresh, old_runs, decisions)
    draft = run_overlay(
        fresh_shape.document, Overlay(overlay.title, overlay.version, tuple(a for _, a, _ in resolved))
    )
    # The decisions change pins only, never what the actions do: the draft run is the final one.
    runs = [
        dataclasses.replace(run, action=dataclasses.replace(action, pin=run.fingerprint)) if repin else run
        for (_, action, repin), run in zip(resolved, draft.runs, strict=True)
    ]
    actions = [run.action for run in runs]
    conflicts = []
    for (index, _, _), run in zip(resolved, runs, strict=True):
        if run.status is Status.APPLIED:
            continue
        old = old_runs.get(index)
        changes = _pinned_changes(
            old.pinned if old is not None else (),
            run.pinned,
            committed_scrape,
            committed_shape,
            fresh_shape,
            scrape,
            first_changed,
        )
        lost = tuple(pointer_of(parts) for parts in _lost(old.pinned, run.pinned)) if old is not None else ()
        duplicated = tuple(pointer_of(parts) for parts in _duplicated(run))
        note = ""
        if run.status is Status.GONE and decisions.of(index) == "keep":
            note = "cannot be kept: its target is no longer in the scrape"
        elif lost:
            note = "gone in part: the scrape no longer has " + ", ".join(lost) + " (keeping would make it up)"
        elif duplicated:
            note = "the pages now give " + ", ".join(duplicated) + " themselves (keeping would list it twice)"
        conflicts.append(Conflict(index, run.action, run.status, changes, note, lost, duplicated))
    return VendorUpdate(
        config=config,
        scrape=scrape,
        committed_scrape=committed_scrape,
        overlay=overlay,
        committed_spec=committed_spec,
        spec=draft.document,
        actions=tuple(actions),
        page_changes=page_changes,
        conflicts=tuple(conflicts),
        unrecorded=unrecorded,
        decided=tuple(decided),
        rule_changes=rule_changes,
        page_lines=page_lines,
        lock=lock_data(scrape.pages),
        committed_lock=committed_lock,
        missing_sites=fresh_shape.missing,
        unshared_sites=tuple(
            site
            for site in fresh_shape.unshared
            if committed_shape is None or site not in committed_shape.unshared
        ),
        overwritten_bytes=sum(
            _json_size(said)
            for run in runs
            for p in run.pinned
            if p.value is not ABSENT and (said := _page_statements(p.value, p.parts)) is not ABSENT
        ),
    )


def _page_statements(value: Any, parts: tuple[Any, ...]) -> Any:
    """``value`` without the response descriptions the scrape filled in where the pages say none.

    OpenAPI requires every response to have a description, so the scrape writes one of its own
    (``Successful response.``); an action writing the spec's over it makes nothing the pages say
    irrelevant, and it is not counted. ABSENT when nothing of the pages is left.
    """
    if isinstance(value, str):
        filler = len(parts) >= 3 and parts[-3] == "responses" and parts[-1] == "description"
        return ABSENT if filler and value in FILLER_RESPONSE_DESCRIPTIONS else value
    if isinstance(value, Mapping):
        kept = {
            key: said
            for key, item in value.items()
            if (said := _page_statements(item, (*parts, key))) is not ABSENT
        }
        return kept if kept or not value else ABSENT
    return value


def spec_size(spec: Mapping[str, Any]) -> int:
    """The spec's size in the unit the overwritten values are measured in (compact JSON bytes)."""
    return _json_size(spec)


def _json_size(value: Any) -> int:
    return len(
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str).encode()
    )
