"""OpenAPI Overlay 1.0 documents: checked, applied, and derived from two documents.

An overlay holds what documentation pages do not say or get wrong, as an
ordered list of actions, each a JSONPath (RFC 9535) ``target`` with either an
``update`` (merged into every matched object, appended to a matched array) or
``remove: true``. The project adds three rules: every action carries a
``description`` giving its reason; every action pins the scraped values it
overwrites (``x-pin``, checked by :mod:`.apply`); and an action whose target
matches nothing, or whose pinned values the pages changed, is reported, so an
overlay cannot silently go stale when the pages change.

:func:`derive_overlay` writes the smallest set of actions turning one document
into another: the starting point when a scrape differs from a hand-corrected
spec, and how ``scrape --update-overlay`` keeps an overlay in step.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jsonpath

from generator.spec.yaml12 import dump_yaml

__all__ = [
    "Action",
    "Overlay",
    "OverlayError",
    "Parameter",
    "SharedParameter",
    "derive_overlay",
    "overlay_text",
    "parse_overlay",
    "target_of",
]


_PIN_RE = re.compile(r"[0-9a-f]{12}")


class OverlayError(Exception):
    """An overlay that cannot be read or applied; names the file and the action."""


@dataclass(frozen=True)
class Action:
    """One overlay action."""

    target: str
    description: str
    update: Any = None
    remove: bool = False
    pin: str | None = None
    """Fingerprint of the scraped values the action overwrites (``x-pin``), see :mod:`.apply`."""

    def to_data(self) -> dict[str, Any]:
        """The action as overlay YAML data."""
        data: dict[str, Any] = {"target": self.target, "description": self.description}
        if self.pin is not None:
            data["x-pin"] = self.pin
        if self.remove:
            data["remove"] = True
        else:
            data["update"] = self.update
        return data


@dataclass(frozen=True)
class Overlay:
    """An overlay document: its title, version and actions."""

    title: str
    version: str
    actions: tuple[Action, ...]
    file: str = "(overlay)"


def parse_overlay(data: Any, file: str) -> Overlay:
    """Check the shape of an overlay document."""
    if not isinstance(data, Mapping) or not str(data.get("overlay", "")).startswith("1."):
        raise OverlayError(f"{file}: not an OpenAPI Overlay 1.x document (expected `overlay: 1.0.0`)")
    info = data.get("info")
    if not isinstance(info, Mapping) or not isinstance(info.get("title"), str) or "version" not in info:
        raise OverlayError(f"{file}: `info` needs a `title` and a `version`")
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list):
        raise OverlayError(f"{file}: `actions` must be a list")
    actions = []
    for index, raw in enumerate(raw_actions, start=1):
        where = f"{file}: action {index}"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("target"), str):
            raise OverlayError(f"{where}: needs a `target` JSONPath")
        where += f" ({raw['target']})"
        description = raw.get("description")
        if not isinstance(description, str) or not description.strip():
            raise OverlayError(f"{where}: needs a `description` giving the reason for the change")
        if ("update" in raw) == bool(raw.get("remove")):
            raise OverlayError(f"{where}: needs exactly one of `update` or `remove: true`")
        try:
            jsonpath.compile(raw["target"])
        except jsonpath.JSONPathError as exc:
            raise OverlayError(f"{where}: invalid JSONPath: {exc}") from exc
        pin = raw.get("x-pin")
        if pin is not None and not (isinstance(pin, str) and _PIN_RE.fullmatch(pin)):
            raise OverlayError(f"{where}: `x-pin` must be 12 hex digits, as `vendorgen scrape` writes it")
        action = Action(raw["target"], description.strip(), raw.get("update"), bool(raw.get("remove")), pin)
        actions.append(action)
    return Overlay(str(info["title"]), str(info["version"]), tuple(actions), file)


_SIMPLE_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Parameter:
    """A path part selecting the parameter of a list by its place and name (a filter, not an index)."""

    location: str
    name: str

    def __str__(self) -> str:
        return f"{self.location} parameter {self.name}"

    def selector(self) -> str:
        """The RFC 9535 filter selecting it."""
        return f"[?@['in'] == {_quoted(self.location)} && @['name'] == {_quoted(self.name)}]"


@dataclass(frozen=True)
class SharedParameter:
    """A path part selecting the ``$ref`` entry of a parameter list by what it refers to."""

    ref: str

    def __str__(self) -> str:
        return f"shared parameter {self.ref.rsplit('/', 1)[-1]}"

    def selector(self) -> str:
        """The RFC 9535 filter selecting it."""
        return f"[?@['$ref'] == {_quoted(self.ref)}]"


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def target_of(parts: tuple[Any, ...]) -> str:
    """A normalized JSONPath (RFC 9535, section 2.7) for a location; a :class:`Parameter` a filter."""
    text = "$"
    for part in parts:
        if isinstance(part, Parameter | SharedParameter):
            text += part.selector()
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f"[{_quoted(str(part))}]"
    return text


_REASONS = (
    ("$ref", "Shared component; the pages repeat it inline."),
    ("operationId", "Method name; the pages give none usable."),
    ("tags", "Resource grouping of the client."),
    ("x-pagination", "Paging, for the iterator; the pages say it in prose."),
    ("x-docs-note", "A reviewer's note on what the pages leave open."),
    ("x-docs-conflict", "What the pages disagree on, and the choice."),
    ("x-docs-incomplete", "Whether the capture stops early, as reviewed."),
    ("x-source", "Provenance, as reviewed."),
    ("summary", "Docstring wording, edited."),
    ("description", "Docstring wording, edited."),
    ("parameters", "Parameters as reviewed (shared, constrained)."),
    ("responses", "Responses the pages give in prose or elsewhere."),
)


_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})


def default_reason(keys: list[str], *, removed: bool, new_values: Mapping[str, Any]) -> str:
    """A first reason for a derived action, from the OpenAPI keywords it touches (to refine in review)."""
    if removed:
        return f"The pages give `{keys[0]}`; the reviewed spec leaves it out or replaces it."
    touched = set(keys) | {
        key for value in new_values.values() if isinstance(value, Mapping) for key in value
    }
    found = list(dict.fromkeys(text for key, text in _REASONS if key in touched))
    if found:
        return " ".join(found)
    return _NOT_IN_PAGES + ", ".join(f"`{key}`" for key in keys) + "."


_Derived = list[tuple[tuple[Any, ...], Action, bool]]
"""Derived actions with their location and whether they may be grouped into their unit's update."""


def derive_overlay(
    source: Mapping[str, Any], target: Mapping[str, Any], reasons: Mapping[str, str] | None = None
) -> list[Action]:
    """Actions that turn ``source`` into ``target`` (compared as data).

    Objects are compared key by key; a key only ``source`` has is removed, keys
    that are new or whose value changed (and is not an object on both sides) are
    set. An object with no key in common with its replacement (a schema replaced
    by a ``$ref``) is removed whole and set again: the same content in fewer
    actions. (Fewer actions alone is no aim: replacing every object whole would
    give one action and hide every change.) The keys set within one operation,
    one component or one top-level object are one update of it, nested down to
    each set key (see :func:`_grouped`): every value the action overwrites is
    still a leaf, and pinned as one. ``reasons`` maps a target to the description
    of an earlier action on the same target, so reasons written by hand survive a
    re-derivation; a new action gets a description from the keywords it touches,
    to be refined in review.
    """
    reasons = reasons or {}

    def diff(old: Mapping[str, Any], new: Mapping[str, Any], parts: tuple[Any, ...]) -> _Derived:
        nested: dict[str, _Derived] = {}
        replaced: list[str] = []
        paired: set[str] = set()
        for key, value in new.items():
            if key in old and isinstance(old[key], Mapping) and isinstance(value, Mapping):
                if old[key] and value and not set(old[key]) & set(value):
                    replaced.append(key)  # nothing in common: one remove instead of one per key
                elif actions := diff(old[key], value, (*parts, key)):
                    nested[key] = actions
            elif (
                key in old
                and old[key] != value
                and (
                    actions := parameter_diff(old[key], value, (*parts, key))
                    or schema_list_diff(key, old[key], value, (*parts, key))
                )
            ):
                nested[key] = actions
                paired.add(key)
        removed = [key for key in old if key not in new] + replaced
        result: _Derived = []
        for key in removed:
            key_path = target_of((*parts, key))
            default = default_reason([str(key)], removed=True, new_values={})
            if key in replaced:
                default = default_reason([str(key)], removed=False, new_values={key: new[key]})
            result.append(
                ((*parts, key), Action(key_path, reasons.get(key_path, default), remove=True), False)
            )
        update = {
            key: value
            for key, value in new.items()
            if key in replaced
            or key not in old
            or (
                old[key] != value
                and key not in paired
                and not (isinstance(old[key], Mapping) and isinstance(value, Mapping))
            )
        }
        if update:
            path = target_of(parts)
            default = default_reason(list(update), removed=False, new_values=update)
            result.append((parts, Action(path, reasons.get(path, default), update=update), True))
        for actions in nested.values():
            result.extend(actions)
        return result

    def schema_list_diff(key: str, old: Any, new: Any, parts: tuple[Any, ...]) -> _Derived:
        """Actions per subschema for two ``allOf``/``anyOf``/``oneOf`` lists of one length, by index.

        A composed schema whose own part changes in one leaf is one leaf action, not the whole
        list again. None for lists of different lengths (the list is then replaced whole).
        """
        if key not in _SCHEMA_LISTS or not isinstance(old, list) or not isinstance(new, list):
            return []
        if len(old) != len(new) or not all(isinstance(item, Mapping) for item in (*old, *new)):
            return []
        return [
            action for index, item in enumerate(new) for action in diff(old[index], item, (*parts, index))
        ]

    def parameter_diff(old: Any, new: Any, parts: tuple[Any, ...]) -> _Derived:
        """Actions per parameter for two parameter lists, selected by place and name.

        None where a list is not one, or where its order cannot be kept (removes and appends cannot
        reorder): the list is then replaced whole, as any other value.
        """
        old_keys, new_keys = _parameter_keys(old), _parameter_keys(new)
        if old_keys is None or new_keys is None:
            return []
        kept = [key for key in old_keys if key in new_keys]
        added = [key for key in new_keys if key not in old_keys]
        if new_keys != kept + added:
            return []
        actions: _Derived = []
        for key in old_keys:
            if key not in new_keys:
                path = target_of((*parts, key))
                default = f"The pages give the {key}; the reviewed spec leaves it out."
                actions.append(((*parts, key), Action(path, reasons.get(path, default), remove=True), False))
        for key in kept:
            actions.extend(diff(old[old_keys.index(key)], new[new_keys.index(key)], (*parts, key)))
        for key in added:
            path = target_of(parts)
            default = f"The pages do not give the {key}."
            append = Action(path, reasons.get(path, default), update=new[new_keys.index(key)])
            actions.append((parts, append, False))  # an append to the list, not a merge
        return actions

    return _grouped(diff(source, target, ()), reasons)


def _unit_of(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a location's update is grouped under: its operation, its component, or its top-level key."""
    if parts[:1] in (("paths",), ("webhooks",)):
        return parts[:3] if len(parts) >= 3 and parts[2] in _HTTP_METHODS else parts[:2]
    if parts[:1] == ("components",):
        return parts[:3]
    return parts[:1]


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _grouped(derived: _Derived, reasons: Mapping[str, str]) -> list[Action]:
    """The updates of one unit (operation, component, top-level key) as one update, nested.

    One action per unit keeps what the reviewer changed on an operation together, at a fraction
    of the targets, reasons and pins. Only object updates below the unit by object keys are
    grouped (never an append to a list, nor a location inside a list); the grouped update goes
    after every other action of its unit, so a removal that makes room for a replacement still
    comes first.
    """
    groups: dict[tuple[Any, ...], tuple[dict[str, Any], list[str]]] = {}
    last: dict[tuple[Any, ...], int] = {}
    kept: list[tuple[int, Action | tuple[Any, ...]]] = []
    for position, (parts, action, groupable) in enumerate(derived):
        unit = _unit_of(parts)
        last[unit] = position
        plain = all(isinstance(part, str) for part in parts) and isinstance(action.update, Mapping)
        if not (groupable and plain):
            kept.append((position, action))
            continue
        update, descriptions = groups.setdefault(unit, ({}, []))
        node = update
        for key in parts[len(unit) :]:
            node = node.setdefault(key, {})
        node.update(copy.deepcopy(dict(action.update)))
        descriptions.append(action.description)
    kept.extend((last[unit], unit) for unit in groups)
    result: list[Action] = []
    for _, item in sorted(kept, key=lambda entry: entry[0]):
        if isinstance(item, Action):
            result.append(item)
            continue
        update, descriptions = groups[item]
        path = target_of(item)
        result.append(Action(path, reasons.get(path, _joined_reasons(descriptions)), update=update))
    return result


_NOT_IN_PAGES = "Not (or not so) in the pages: "


def _joined_reasons(descriptions: list[str]) -> str:
    """Grouped updates' reasons as one: each sentence once, the keywords not in the pages in one list."""
    sentences: list[str] = []
    keywords: list[str] = []
    for text in descriptions:
        for sentence in _sentences(text):
            if sentence.startswith(_NOT_IN_PAGES):
                keywords += [
                    key.strip() for key in sentence.removeprefix(_NOT_IN_PAGES).rstrip(".").split(",")
                ]
            else:
                sentences.append(f"{sentence.rstrip('.')}.")
    if keywords:
        sentences.append(_NOT_IN_PAGES + ", ".join(dict.fromkeys(keywords)) + ".")
    return " ".join(dict.fromkeys(sentences))


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=\.) +(?=[A-Z`'])", text.strip()) if part]


def _parameter_keys(value: Any) -> list[Parameter | SharedParameter] | None:
    """A parameter list as keys: (place, name), a shared parameter its ``$ref``; None if not one.

    None also where a key comes twice: a filter would select both.
    """
    if not isinstance(value, list) or not value:
        return None
    keys: list[Parameter | SharedParameter] = []
    for item in value:
        key = parameter_key(item)
        if key is None:
            return None
        keys.append(key)
    return keys if len(set(keys)) == len(keys) else None


def parameter_key(item: Any) -> Parameter | SharedParameter | None:
    """What identifies a parameter in its list (place and name, or its ``$ref``); None if not one."""
    if isinstance(item, Mapping) and set(item) == {"$ref"} and isinstance(item["$ref"], str):
        return SharedParameter(item["$ref"])
    if isinstance(item, Mapping) and isinstance(item.get("in"), str) and isinstance(item.get("name"), str):
        return Parameter(item["in"], item["name"])
    return None


def overlay_text(title: str, version: str, actions: list[Action], header: str = "") -> str:
    """An overlay document as YAML, actions in the given order."""
    data = {
        "overlay": "1.0.0",
        "info": {"title": title, "version": version},
        "actions": [action.to_data() for action in actions],
    }
    body = dump_yaml(data)
    return header + body
