"""Overlays applied action by action, each pinned to the scraped values it overwrites.

An action written against one version of the pages must not silently keep
overwriting what a later version says. So every action records, in ``x-pin``,
a fingerprint of exactly the values it replaces or removes in the document it
is applied to: for ``remove``, the removed node; for ``update`` of an object, the
current value (or its absence) of every key the update sets, following nested
objects the update merges into; for ``update`` of an array, which appends, the
array's items the appended one would duplicate (a parameter of the same place
and name: none, when the action is written) or, for an item with no identity,
the whole array. Changes elsewhere under the target do not touch the pin, so
they flow through the overlay into the spec; a change to a pinned value makes
the action *stale*.

:func:`run_overlay` applies every action it can and reports each one's outcome
(applied, gone, stale, unpinned) instead of stopping at the first problem, so a
report can name every action that needs a decision.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import jsonpath

from generator.scrape.overlay import Action, Overlay, OverlayError, parameter_key

__all__ = [
    "ABSENT",
    "ActionRun",
    "OverlayRun",
    "Pinned",
    "Status",
    "apply_overlay",
    "fingerprint",
    "pin_actions",
    "pointer_of",
    "run_overlay",
]


class _Absent:
    """The value of a key the document does not have (distinct from ``null``)."""

    def __repr__(self) -> str:
        return "(absent)"

    def __copy__(self) -> _Absent:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Absent:
        return self


ABSENT: Any = _Absent()


def pointer_of(parts: tuple[Any, ...]) -> str:
    """The JSON pointer (RFC 6901) of a location given as keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class Pinned:
    """One value an action overwrites: where, and what the document held there before."""

    parts: tuple[Any, ...]
    value: Any

    @property
    def pointer(self) -> str:
        """The location as a JSON pointer."""
        return pointer_of(self.parts)


def fingerprint(pinned: tuple[Pinned, ...]) -> str:
    """Twelve hex digits of SHA-256 over the pinned locations and values."""
    data = [[p.pointer, 0] if p.value is ABSENT else [p.pointer, 1, p.value] for p in pinned]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


class Status(Enum):
    """What became of one action."""

    APPLIED = "applied"
    GONE = "gone"  # its target matches nothing
    STALE = "stale"  # the values it overwrites are not the ones it was written against
    UNPINNED = "unpinned"  # it records no pin, so nobody can tell


@dataclass(frozen=True)
class ActionRun:
    """One action's outcome: its 1-based index, what it overwrote, and its status."""

    index: int
    action: Action
    pinned: tuple[Pinned, ...]
    targets: tuple[tuple[Any, ...], ...]
    """The locations the target matched (none: the action is gone)."""
    appends: bool = False
    """Whether the action appends to an array (then it cannot be trimmed, only kept or dropped)."""

    @property
    def matched(self) -> bool:
        """Whether the target matched anything."""
        return bool(self.targets)

    @property
    def fingerprint(self) -> str:
        """The pin this action would record against the document it was applied to."""
        return fingerprint(self.pinned)

    @property
    def status(self) -> Status:
        """Applied, gone, stale or unpinned."""
        if not self.matched:
            return Status.GONE
        if self.action.pin is None:
            return Status.UNPINNED
        return Status.APPLIED if self.action.pin == self.fingerprint else Status.STALE


@dataclass(frozen=True)
class OverlayRun:
    """The document with every applicable action applied, and each action's outcome."""

    document: dict[str, Any]
    runs: tuple[ActionRun, ...]

    @property
    def problems(self) -> list[ActionRun]:
        """The actions that are gone, stale or unpinned."""
        return [run for run in self.runs if run.status is not Status.APPLIED]


def _merge(target: Any, update: Any) -> Any:
    """``update`` merged into ``target``: objects key by key, recursively; anything else replaced."""
    if isinstance(target, dict) and isinstance(update, Mapping):
        for key, value in update.items():
            target[key] = _merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    return copy.deepcopy(update)


def _overwritten(node: Mapping[str, Any], update: Mapping[str, Any], parts: tuple[Any, ...]) -> list[Pinned]:
    """The values an update merged into ``node`` replaces (mirrors :func:`_merge`)."""
    pinned: list[Pinned] = []
    for key, value in update.items():
        here = (*parts, key)
        if key in node and isinstance(node[key], dict) and isinstance(value, Mapping):
            pinned.extend(_overwritten(node[key], value, here))
        else:
            pinned.append(Pinned(here, copy.deepcopy(node.get(key, ABSENT))))
    return pinned


def _duplicated(parts: tuple[Any, ...], items: list[Any], appended: Any) -> Pinned:
    """What an append to ``items`` is pinned to: the item it would duplicate, else its absence.

    A parameter is identified by place and name (or its ``$ref``): the append goes stale only
    when the pages come to document that parameter themselves, and every other parameter of the
    list stays page content. An item with no identity pins the whole list.
    """
    key = parameter_key(appended)
    if key is None:
        return Pinned(parts, copy.deepcopy(items))
    for index, item in enumerate(items):
        if parameter_key(item) == key:
            return Pinned((*parts, index), copy.deepcopy(item))
    return Pinned((*parts, key), ABSENT)


def _remove(document: Any, parts: tuple[Any, ...]) -> None:
    if not parts:
        raise OverlayError("an overlay cannot remove the whole document")
    parent = document
    for part in parts[:-1]:
        parent = parent[part]
    del parent[parts[-1]]


def _apply_one(result: dict[str, Any], index: int, action: Action, where: str) -> ActionRun:
    matches = list(jsonpath.finditer(action.target, result))
    targets = tuple(tuple(match.parts) for match in matches)
    if not matches:
        return ActionRun(index, action, (), targets)
    pinned: list[Pinned] = []
    if action.remove:
        for match in sorted(matches, key=lambda m: m.parts, reverse=True):
            pinned.append(Pinned(tuple(match.parts), copy.deepcopy(match.obj)))
            _remove(result, match.parts)
        return ActionRun(index, action, tuple(sorted(pinned, key=lambda p: p.pointer)), targets)
    appends = False
    for match in matches:
        node = match.obj
        if isinstance(node, list):
            pinned.append(_duplicated(tuple(match.parts), node, action.update))
            node.append(copy.deepcopy(action.update))
            appends = True
        elif isinstance(node, dict) and isinstance(action.update, Mapping):
            pinned.extend(_overwritten(node, action.update, match.parts))
            _merge(node, action.update)
        else:
            raise OverlayError(
                f"{where} updates a {type(node).__name__} with a non-object; target its parent object instead"
            )
    return ActionRun(index, action, tuple(pinned), targets, appends)


def run_overlay(document: Mapping[str, Any], overlay: Overlay) -> OverlayRun:
    """A copy of ``document`` with every action that matches applied in order, and every outcome."""
    result: dict[str, Any] = copy.deepcopy(dict(document))
    runs = []
    for index, action in enumerate(overlay.actions, start=1):
        runs.append(_apply_one(result, index, action, f"{overlay.file}: action {index} ({action.target})"))
    return OverlayRun(result, tuple(runs))


def apply_overlay(document: Mapping[str, Any], overlay: Overlay) -> dict[str, Any]:
    """A copy of ``document`` with every action applied; an action that matches nothing is an error."""
    run = run_overlay(document, overlay)
    for action_run in run.runs:
        if not action_run.matched:
            raise OverlayError(
                f"{overlay.file}: action {action_run.index} ({action_run.action.target}) matches nothing "
                "in the scraped document; the pages may now say it themselves, or the target moved"
            )
    return run.document


def pin_actions(document: Mapping[str, Any], actions: list[Action]) -> list[Action]:
    """The actions with ``x-pin`` set to what each overwrites when applied to ``document`` in order."""
    run = run_overlay(document, Overlay("pins", "1", tuple(actions)))
    return [dataclasses.replace(r.action, pin=r.fingerprint) for r in run.runs]
