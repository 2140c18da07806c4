"""What each wire change does to code that uses the generated client, one entry per change.

:mod:`generator.review.diff` sees the wire; :mod:`generator.review.surface`
sees the generated methods and models.  A reviewer needs both in one line:
not "agent_id removed" and "agentId added" when the method keeps its
``agent_id`` argument, not four rows for one operationId change.  So every
wire change is explained against the old and the new surface (``client.
phone_numbers.buy() now needs phone_number``), a wire rename that keeps its
Python name becomes "regenerate, no code change", and a surface row that a
wire change already explains (the renamed method of a changed operationId,
the argument of a removed property, the models named after the operation)
is folded into that change instead of standing beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.review.diff import Change
from generator.review.surface import Argument, Method, Surface, compare_surfaces

__all__ = ["explain"]

_PARAMETER = re.compile(r"^(path|query|header|cookie)\.(.+)$")
_ADDED = {"request-property-added", "parameter-added"}
_ADDED_REQUIRED = {"request-property-added-required", "parameter-added-required", "path-parameter-added"}
_BECAME_REQUIRED = {"request-property-became-required", "parameter-became-required"}
_BECAME_OPTIONAL = {"request-property-became-optional", "parameter-became-optional"}
_REMOVED = {"request-property-removed", "parameter-removed"}
_RENAMED = {"request-property-renamed", "parameter-renamed", "response-property-renamed"}
_TYPED = {"request-type-changed", "request-type-widened", "request-property-became-non-nullable"}
_GONE = _REMOVED | _RENAMED | {"response-property-removed", "response-required-property-removed"}


_OPERATION_LEVEL = {"request-body-became-required", "request-media-type-removed", "request-media-type-added"}


def _operation_docs(change: Change) -> bool:
    """An operation's summary or description changed (a property can be named ``summary`` too)."""
    return change.rule == "docs-changed" and change.message.startswith("operation ")


def _about_an_argument(change: Change) -> bool:
    """Whether the change is to something a request sends (a parameter, a body property), by its rule.

    Locations alone cannot tell: a body property may well be called ``summary`` or ``tags``.
    """
    if change.location.startswith("responses") or change.rule in _OPERATION_LEVEL or _operation_docs(change):
        return False
    return change.rule.startswith(("request-", "parameter-")) or change.rule in (
        "docs-changed",
        "numeric-format-changed",
    )


def _calls(methods: Iterable[Method]) -> str:
    return " and ".join(method.call for method in methods)


def _place(location: str) -> tuple[str, str] | None:
    """``(where, wire name)`` of an argument's wire location: a parameter or a top-level body property."""
    match = _PARAMETER.match(location)
    if match:
        return match.group(1), match.group(2)
    if location and not re.search(r"[.\[<]", location) and location not in ("body", "path", "operationId"):
        return "body", location
    return None


def _arguments(
    surface: Surface, change: Change, wire_name: str | None = None
) -> list[tuple[Method, Argument]]:
    place = _place(change.location)
    if place is None:
        return []
    where, name = place
    found = []
    for method in surface.methods_of(change.operation):
        argument = method.argument(where, wire_name or name)
        if argument is not None:
            found.append((method, argument))
    return found


def _tail(change: Change) -> str:
    """The wire message without the place it starts with (``to: max 20 → 15`` gives ``max 20 → 15``)."""
    for prefix in (f"{change.location}: ", f"{change.location} "):
        if change.location and change.message.startswith(prefix):
            return change.message.removeprefix(prefix)
    return change.message


def _leaf(location: str) -> str:
    return re.split(r"[.\]>]", location)[-1]


_REGENERATE = "no code change; regenerate (or upgrade) the client"

# rule -> what code that reads the field has to do (a response, or a nested model's field)
_READER_MIGRATIONS = {
    "response-enum-value-added": "handle the new value(s) where code compares this field",
    "response-property-became-nullable": "allow None where code reads it",
    "response-property-became-optional": "allow None where code reads it",
    "response-property-removed": "stop reading it",
    "response-required-property-removed": "stop reading it",
    "response-type-changed": "read it as its new type",
}

# rule -> (what the change does to the call, what to do about it)
_TEMPLATES = {
    **dict.fromkeys(
        _ADDED_REQUIRED, ("{calls} needs the new argument `{name}: {hint}`", "pass `{name}=` in every call")
    ),
    **dict.fromkeys(_ADDED, ("{calls} takes a new optional argument `{name}: {hint}`", "")),
    **dict.fromkeys(_BECAME_REQUIRED, ("{calls} now needs `{name}`", "pass `{name}=` in every call")),
    **dict.fromkeys(_BECAME_OPTIONAL, ("`{name}` of {calls} is now optional", "")),
}


@dataclass(frozen=True)
class _Said:
    """What a change means for Python code: its (possibly refined) rule, the impact, the migration."""

    rule: str
    python: str
    migration: str = ""


def _renamed_argument(change: Change, old: Surface, new: Surface) -> _Said | None:
    current, previous = _arguments(new, change), _arguments(old, change, change.before)
    if not (current and previous):
        return None
    calls = _calls(m for m, _ in current)
    old_name, new_name = previous[0][1].python_name, current[0][1].python_name
    if old_name == new_name:
        text = (
            f"wire name `{change.before}` → `{change.after}`; argument `{new_name}` of {calls} is unchanged"
        )
        return _Said("wire-name-changed", text, _REGENERATE)
    text = f"argument `{old_name}` of {calls} renamed to `{new_name}`"
    return _Said(change.rule, text, f"pass `{new_name}=` instead of `{old_name}=`")


def _argument_text(change: Change, old: Surface, new: Surface) -> _Said | None:
    """What a change to one argument means, when the change is one."""
    if change.rule in _RENAMED and change.rule != "response-property-renamed":
        return _renamed_argument(change, old, new)
    current, previous = _arguments(new, change), _arguments(old, change)
    if change.rule in _REMOVED and previous:
        calls, name = _calls(m for m, _ in previous), previous[0][1].python_name
        return _Said(change.rule, f"{calls} no longer takes `{name}`", f"stop passing `{name}=`")
    if not current:
        return None
    calls, argument = _calls(m for m, _ in current), current[0][1]
    if change.rule in _TEMPLATES:
        what, todo = (
            text.format(calls=calls, name=argument.python_name, hint=argument.type_hint)
            for text in _TEMPLATES[change.rule]
        )
        return _Said(change.rule, what, todo)
    if change.rule in _TYPED and previous and previous[0][1].type_hint != argument.type_hint:
        before = previous[0][1].type_hint
        text = f"argument `{argument.python_name}` of {calls}: type `{before}` → `{argument.type_hint}`"
        todo = f"pass a `{argument.type_hint}`" if change.rule == "request-type-changed" else ""
        return _Said(change.rule, text, todo)
    return _Said(change.rule, f"argument `{argument.python_name}` of {calls}: {_tail(change)}")


def _field_rename_text(change: Change, old: Surface, new: Surface, owner: str) -> _Said | None:
    """A renamed nested or response property: Python attribute kept (regenerate) or renamed."""
    before, after = old.python_names(change.before), new.python_names(change.after)
    if not before or not after:
        return None
    if before == after:
        text = (
            f"wire name `{change.before}` → `{change.after}` ({owner}); "
            f"attribute `{sorted(after)[0]}` is unchanged"
        )
        return _Said("wire-name-changed", text, _REGENERATE)
    old_name, new_name = sorted(before)[0], sorted(after)[0]
    text = f"attribute `{old_name}` is now `{new_name}` ({owner})"
    return _Said(change.rule, text, f"read `.{new_name}` instead of `.{old_name}`")


def _operation_text(change: Change, old: Surface, new: Surface) -> _Said | None:
    rule = change.rule
    before, after = old.methods_of(change.operation), new.methods_of(change.operation)
    if rule == "operation-added" and after:
        return _Said(rule, f"new method {_calls(after)}")
    if rule in ("operation-removed", "operation-removed-after-sunset") and before:
        return _Said(rule, f"{_calls(before)} removed", "remove its calls")
    if after and _operation_docs(change):
        return _Said(rule, f"docstring of {_calls(after)} changed")
    if rule == "path-changed":
        moved = new.methods_of(change.message.rsplit(" moved to ", 1)[-1])
        if before and moved and [m.name for m in before] == [m.name for m in moved]:
            return _Said(rule, f"{_calls(moved)} keeps its name and arguments", _REGENERATE)
    return None


def _holder(change: Change, old: Surface, new: Surface) -> str | None:
    """The one model whose field a nested or response change is about (None: an argument, or unclear)."""
    if not change.location.startswith("responses") and not re.search(r"[.\[]", change.location):
        return None  # an argument, a parameter or the operation itself
    wire = change.after if change.rule in _RENAMED else _leaf(change.location)
    surface = old if change.rule in _GONE - _RENAMED else new
    holders = [name for name, fields in surface.models.items() if any(f.wire_name == wire for f in fields)]
    if len(holders) > 1:  # several models have such a field: the one this operation's signature names
        named = {
            model for method in surface.methods_of(change.operation) for model in method.mentioned_models
        }
        holders = [name for name in holders if name in named]
    return holders[0] if len(holders) == 1 else None


def _explained(
    change: Change, old: Surface, new: Surface, holder: str | None, methods: list[Method]
) -> Change:
    """``change`` in Python terms: ``holder`` is the model it is about, ``methods`` all that it reaches."""
    said = _argument_text(change, old, new) if _about_an_argument(change) else None
    calls = _calls(sorted(set(methods), key=lambda m: m.name))
    if said is None and change.rule in _RENAMED:
        owner = f"in model `{holder}`, used by {calls}" if holder else f"in `{change.location}` of {calls}"
        said = _field_rename_text(change, old, new, owner)
    said = said or _operation_text(change, old, new)
    if said is None and holder:
        surface = old if change.rule in _GONE - _RENAMED else new
        attribute = next(
            f.python_name for f in surface.models[holder] if f.wire_name == _leaf(change.location)
        )
        said = _Said(
            change.rule,
            f"field `{attribute}` of `{holder}` ({calls or 'no method'}): {_tail(change)}",
            _READER_MIGRATIONS.get(change.rule, ""),
        )
    if said is None:
        said = _Said(
            change.rule,
            f"{calls}: {change.message}" if calls else "",
            _READER_MIGRATIONS.get(change.rule, "") if calls else "",
        )
    return replace(change, rule=said.rule, python=said.python, migration=said.migration)


def _explained_once(changes: list[Change], old: Surface, new: Surface) -> list[Change]:
    """Each change explained; a change of a model that several operations share is one entry for all."""
    groups: dict[tuple[str, ...], list[Change]] = {}
    holders: dict[tuple[str, ...], str | None] = {}
    for change in sorted(set(changes)):
        holder = _holder(change, old, new)
        key: tuple[str, ...]
        if holder:
            key = (change.rule, holder, _leaf(change.location), change.before, change.after)
        else:
            key = (change.operation, change.location, change.rule, change.message)
        groups.setdefault(key, []).append(change)
        holders[key] = holder
    explained = []
    for key, group in groups.items():
        methods = [m for c in group for m in (new.methods_of(c.operation) or old.methods_of(c.operation))]
        explained.append(_explained(group[0], old, new, holders[key], methods))
    return explained


def _fold_methods(changes: list[Change], surface_rows: list[Change]) -> list[Change]:
    """A renamed or removed method joins the wire change that caused it (operationId, tag, path, removal)."""
    kept: list[Change] = []
    for row in surface_rows:
        if row.rule not in ("surface-method-renamed", "surface-method-removed"):
            kept.append(row)
            continue
        causes = (
            ("operation-id-changed", "tag-changed", "path-changed")
            if row.rule == "surface-method-renamed"
            else ("operation-removed", "operation-removed-after-sunset", "path-changed")
        )
        index = next(
            (i for i, c in enumerate(changes) if c.operation == row.operation and c.rule in causes), None
        )
        if index is None:
            kept.append(row)
            continue
        if row.rule == "surface-method-renamed":
            changes[index] = replace(
                changes[index], before=row.before, after=row.after, python=row.python, migration=row.migration
            )
    return kept


def _only_user(surface: Surface, model: str) -> str | None:
    users = [name for name, method in surface.methods.items() if model in method.models]
    return users[0] if len(users) == 1 else None


def _fold_models(
    changes: list[Change], surface_rows: list[Change], old: Surface, new: Surface
) -> list[Change]:
    """A model named after a renamed operation joins that operation's entry."""
    kept: list[Change] = []
    joined: dict[int, list[str]] = {}
    for row in surface_rows:
        owners = [
            i
            for i, c in enumerate(changes)
            if row.rule == "surface-model-renamed"
            and c.rule == "operation-id-changed"
            and c.before in old.methods
            and row.before in old.methods[c.before].models
            and c.after in new.methods
            and row.after in new.methods[c.after].models
            and _only_user(old, row.before) == c.before  # a model shared with other methods is its own entry
        ]
        if owners:
            joined.setdefault(owners[0], []).append(f"`{row.before}` is now `{row.after}`")
        else:
            kept.append(row)
    for index, renames in joined.items():
        owner = changes[index]
        changes[index] = replace(owner, python=f"{owner.python}; its model {', '.join(renames)}")
    return kept


def _fold_members(changes: list[Change], surface_rows: list[Change], old: Surface) -> list[Change]:
    """Arguments and fields that vanished because a property or parameter did are that one change."""
    gone_wire = {(c.operation, c.before or _leaf(c.location)) for c in changes if c.rule in _GONE}
    gone_anywhere = {wire for _, wire in gone_wire}
    kept: list[Change] = []
    for row in surface_rows:
        if row.rule == "surface-argument-removed":
            method = old.methods[row.location]
            names = set(row.before.split(","))
            unexplained = [
                a.python_name
                for a in method.arguments
                if a.python_name in names and (row.operation, a.wire_name) not in gone_wire
            ]
            if unexplained:
                text = f"{method.call} no longer takes {', '.join(f'`{a}`' for a in unexplained)}"
                kept.append(replace(row, before=",".join(unexplained), message=text, python=text))
        elif row.rule == "surface-field-renamed":
            if not any(c.before == row.before and c.after == row.after for c in changes):
                kept.append(row)  # no wire change renamed it: the model's schema is reached by none
        elif row.rule == "surface-field-removed":
            model = row.location.removeprefix("models.")
            unexplained = [
                f.python_name
                for f in old.models[model]
                if f.wire_name in row.before.split(",") and f.wire_name not in gone_anywhere
            ]
            if unexplained:
                text = f"`{model}` lost field(s) {', '.join(f'`{f}`' for f in unexplained)}"
                kept.append(replace(row, message=text, python=text))
        else:
            kept.append(row)
    return kept


def explain(changes: list[Change], old: Surface, new: Surface) -> list[Change]:
    """The wire changes in Python terms, with the surface changes they cause folded in; sorted, unique."""
    explained = _explained_once(changes, old, new)
    rows = compare_surfaces(old, new)
    rows = _fold_methods(explained, rows)
    rows = _fold_models(explained, rows, old, new)
    rows = _fold_members(explained, rows, old)
    return sorted(set(explained + rows))
