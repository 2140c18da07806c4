"""The conversion engine: canonical values to vendor request bodies and back, driven by rules.

Every rule comes from ``specs/mapping.yaml`` and the vendor specs (see
``_rules.py``); nothing here knows a vendor.  A value a vendor cannot hold
raises :class:`UnsupportedValue` naming the concept, the vendor and the
limit, unless the caller asked to ``"drop"`` it or ``"clamp"`` it, in which
case every dropped or clamped value is reported as an :class:`Adjustment`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "Adjustment",
    "Built",
    "ConversionError",
    "OnUnsupported",
    "Plan",
    "Rule",
    "Step",
    "UnsupportedValue",
    "build",
    "concept_at",
    "read",
]

OnUnsupported = Literal["error", "drop", "clamp"]


class _Missing:
    """Not given: distinct from ``None``, false in a test, and never shown as an object address."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "(not given)"


_MISSING: Any = _Missing()


def _shown(value: Any) -> Any:
    """A value as an adjustment reports it: items that were not given are left out."""
    if isinstance(value, list):
        return [_shown(item) for item in value if item is not _MISSING]
    return None if value is _MISSING else value


class ConversionError(ValueError):
    """A canonical value cannot become a valid request for this vendor."""

    def __init__(self, concept: str, vendor: str, message: str) -> None:
        super().__init__(f"{concept} at {vendor}: {message}")
        self.concept = concept
        self.vendor = vendor


class UnsupportedValue(ConversionError):
    """The vendor cannot represent this value (a limit, a missing concept, a lossy unit)."""


@dataclass(frozen=True)
class Adjustment:
    """A value that was dropped or clamped instead of raising, and why."""

    concept: str
    vendor: str
    action: Literal["dropped", "clamped"]
    value: Any
    result: Any
    reason: str


@dataclass(frozen=True)
class Rule:
    """Where one concept goes at one vendor and how its values change on the way."""

    concept: str
    canonical: str
    operation: str | None = None
    wire: str = ""
    also: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    units: tuple[str, str] | None = None
    values: tuple[tuple[Any, Any], ...] | None = None
    flag: str | int | None = None
    utc: bool = False
    to_integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_items: int | None = None
    pattern: str | None = None
    enum: tuple[Any, ...] | None = None
    required: bool = False
    canonical_list: bool = False
    wire_list: bool = False
    read: str | None = None


@dataclass(frozen=True)
class Step:
    """One request a canonical value becomes: once, or once per item of a list (``each``)."""

    operation: str
    each: str | None = None
    after_create: bool = False
    campaign_field: str | None = None
    campaign_field_integer: bool = False
    constants: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Plan:
    """Every step and rule of one canonical model at one vendor."""

    vendor: str
    steps: tuple[Step, ...]
    rules: tuple[Rule, ...]
    timezone_field: str | None = None
    date_field: str | None = None


@dataclass
class Built:
    """Request bodies by operation (a list per step), path parameters, and what was adjusted."""

    plan: Plan
    """The plan the bodies were built by: it names the concept behind each wire field."""
    bodies: dict[str, list[Any]] = field(default_factory=dict)
    path: dict[str, dict[str, str]] = field(default_factory=dict)
    adjustments: list[Adjustment] = field(default_factory=list)


def concept_at(plan: Plan, field: str, *, wire: bool) -> str:
    """The concept a canonical field (or, with ``wire``, a wire field) belongs to; else the field itself."""
    for rule in plan.rules:
        places = (rule.wire, *(place for _, place in rule.also)) if wire else (rule.canonical,)
        if any(_same_place(place, field) for place in places):
            return rule.concept
    return field


def _same_place(place: str, field: str) -> bool:
    bare = place.replace("[]", "")
    return bool(bare) and (field == bare or field.startswith(f"{bare}."))


class _Unrepresentable(Exception):
    """Raised inside a conversion: ``clamped`` is the nearest value the vendor takes, if any."""

    def __init__(self, reason: str, clamped: Any = _MISSING) -> None:
        super().__init__(reason)
        self.reason = reason
        self.clamped = clamped


def _segments(path: str) -> list[tuple[str, bool]]:
    return [(part.removesuffix("[]"), part.endswith("[]")) for part in path.split(".")]


def _get(data: Any, path: str) -> Any:
    """The value at ``path``; a list when the path goes through ``[]``; _MISSING when absent."""
    current: Any = data
    segments = _segments(path)
    for index, (name, into) in enumerate(segments):
        if not isinstance(current, Mapping) or current.get(name) is None:
            return _MISSING
        current = current[name]
        if into:
            rest = ".".join(f"{n}[]" if i else n for n, i in segments[index + 1 :])
            if not isinstance(current, list):
                return _MISSING
            return current if not rest else [_get(item, rest) for item in current]
    return current


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    """Store ``value`` at ``path``; through ``[]``, ``value`` is a list spread over the items."""
    segments = _segments(path)
    current = data
    for index, (name, into) in enumerate(segments):
        last = index == len(segments) - 1
        if into:
            rest = ".".join(f"{n}[]" if i else n for n, i in segments[index + 1 :])
            if not rest:
                current[name] = list(value)
                return
            items = current.setdefault(name, [])
            while len(items) < len(value):
                items.append({})
            for item, element in zip(items, value, strict=False):
                if element is not _MISSING:
                    _set(item, rest, element)
            return
        if last:
            current[name] = value
            return
        current = current.setdefault(name, {})


_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600}


def _scale(rule: Rule, value: Any, *, inverse: bool) -> Any:
    """Change units (canonical → wire, or back); a result that is not whole cannot be sent."""
    if rule.units is None or rule.units[0] == rule.units[1]:
        return value
    source, target = reversed(rule.units) if inverse else rule.units
    scaled = value * _SECONDS[source] / _SECONDS[target]
    if float(scaled).is_integer():
        return int(scaled)
    raise _Unrepresentable(f"{value} {source} is not a whole number of {target}", math.ceil(scaled))


def _local_to_utc(value: str, zone: str | None, on: str | None, *, inverse: bool) -> str:
    if zone is None:
        return value
    if on is None:
        raise _Unrepresentable("times are UTC at this vendor: a start date is needed to convert them")
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Unrepresentable(f"unknown timezone {zone!r}") from None
    day = date.fromisoformat(on[:10])
    clock = time.fromisoformat(value)
    source, target = (timezone.utc, tz) if inverse else (tz, timezone.utc)
    moved = datetime.combine(day, clock, tzinfo=source).astimezone(target)
    if moved.date() != day:
        raise _Unrepresentable(f"{value} in {zone} falls on another day in UTC ({moved:%H:%M})")
    return f"{moved:%H:%M}"


def _check_limits(rule: Rule, value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rule.minimum is not None and value < rule.minimum:
            raise _Unrepresentable(f"{value} is below the minimum {rule.minimum:g}", _number(rule.minimum))
        if rule.maximum is not None and value > rule.maximum:
            raise _Unrepresentable(f"{value} is above the maximum {rule.maximum:g}", _number(rule.maximum))
    if rule.pattern is not None and isinstance(value, str) and re.search(rule.pattern, value) is None:
        raise _Unrepresentable(f"{value!r} does not match the vendor's format {rule.pattern}")
    if rule.enum is not None and rule.values is None and value not in rule.enum:
        raise _Unrepresentable(f"{value!r} is not one of {list(rule.enum)}")
    return value


def _number(limit: float) -> int | float:
    return int(limit) if float(limit).is_integer() else limit


def _to_wire(rule: Rule, value: Any, context: Mapping[str, Any]) -> Any:
    """One canonical scalar as the vendor's wire value (limits are checked by the caller)."""
    if rule.values is not None:
        table = dict(rule.values)
        if value not in table:
            raise _Unrepresentable(
                f"{value!r} has no equivalent (the vendor takes {', '.join(map(str, table))})"
            )
        value = table[value]
    if rule.to_integer:
        if not (isinstance(value, str) and value.isdigit()):
            raise _Unrepresentable(f"{value!r} is not an integer id")
        value = int(value)
    value = _scale(rule, value, inverse=False)
    if rule.utc and isinstance(value, str):
        value = _local_to_utc(value, context.get("timezone"), context.get("date"), inverse=False)
    return value


def _from_wire(rule: Rule, value: Any, context: Mapping[str, Any]) -> Any:
    """One wire scalar as the canonical value: the inverse of :func:`_to_wire`."""
    if rule.utc and isinstance(value, str):
        value = _local_to_utc(value, context.get("timezone"), context.get("date"), inverse=True)
    value = _scale(rule, value, inverse=True)
    if rule.to_integer and isinstance(value, int):
        value = str(value)
    if rule.values is not None:
        reverse: dict[Any, Any] = {}
        for canonical, wire in rule.values:
            reverse.setdefault(wire, canonical)
        value = reverse.get(value, value)
    return value


class _Converter:
    def __init__(self, plan: Plan, mode: OnUnsupported, context: Mapping[str, Any]) -> None:
        self.plan = plan
        self.mode = mode
        self.context = context
        self.adjustments: list[Adjustment] = []

    def unsupported(self, rule: Rule, value: Any, problem: _Unrepresentable) -> Any:
        """The value to send instead (_MISSING: nothing), or raise in ``error`` mode."""
        if self.mode == "error":
            raise UnsupportedValue(rule.concept, self.plan.vendor, problem.reason)
        if self.mode == "clamp" and problem.clamped is not _MISSING:
            self.adjustments.append(
                Adjustment(
                    rule.concept, self.plan.vendor, "clamped", _shown(value), problem.clamped, problem.reason
                )
            )
            return problem.clamped
        self.adjustments.append(
            Adjustment(rule.concept, self.plan.vendor, "dropped", _shown(value), None, problem.reason)
        )
        return _MISSING

    def scalar(self, rule: Rule, value: Any) -> Any:
        try:
            converted = _to_wire(rule, value, self.context)
        except _Unrepresentable as problem:
            converted = self.unsupported(rule, value, problem)
            if converted is _MISSING:
                return _MISSING
        try:
            return _check_limits(rule, converted)
        except _Unrepresentable as problem:
            return self.unsupported(rule, value, problem)

    def sequence(self, rule: Rule, values: list[Any], *, limit: int | None) -> list[Any]:
        if limit is not None and len(values) > limit:
            reason = f"{len(values)} items given; the vendor takes at most {limit}"
            if self.mode == "error":
                raise UnsupportedValue(rule.concept, self.plan.vendor, reason)
            action: Literal["dropped", "clamped"] = "clamped" if self.mode == "clamp" else "dropped"
            kept = _shown(values[:limit])
            self.adjustments.append(
                Adjustment(rule.concept, self.plan.vendor, action, _shown(values), kept, reason)
            )
            values = values[:limit]  # both modes keep what fits: the first items
        return [self.scalar(rule, v) if v is not _MISSING else _MISSING for v in values]

    def value(self, rule: Rule, raw: Any) -> Any:
        """Convert a canonical value for its wire place (lists item by item, within the vendor's limits)."""
        if rule.flag is not None:
            return bool(raw)
        if rule.canonical_list and not rule.wire_list:
            items = self.sequence(rule, list(raw), limit=1)
            return items[0] if items else _MISSING
        if rule.canonical_list:
            return self.sequence(rule, list(raw), limit=rule.max_items)
        return self.scalar(rule, raw)


def _present(value: Any) -> bool:
    return value is not _MISSING and value is not None and value != [] and value != {}


def _place(body: dict[str, Any], rule: Rule, wire: str, value: Any) -> None:
    if rule.flag is not None:
        # A flag that was not given says nothing: no list is made. Given, it makes the list
        # (False: the list without the flag's value, so "retry on nothing" is sent as said).
        if value is _MISSING:
            return
        flags = _get(body, wire)
        flags = [] if flags is _MISSING else flags
        if value is True and rule.flag not in flags:
            flags.append(rule.flag)
        _set(body, wire, flags)
        return
    if value is _MISSING or (
        isinstance(value, list) and "[]" in wire and not any(v is not _MISSING for v in value)
    ):
        return
    _set(body, wire, value)


def build(
    plan: Plan,
    canonical: Mapping[str, Any],
    mode: OnUnsupported,
    *,
    follow_up: bool,
    campaign_id: str | int | None = None,
) -> Built:
    """The request bodies of the create steps (or, with ``follow_up``, of the steps that need the vendor's id)."""
    context = {
        "timezone": canonical.get(plan.timezone_field) if plan.timezone_field else None,
        "date": canonical.get(plan.date_field) if plan.date_field else None,
    }
    converter = _Converter(plan, mode, context)
    steps = [step for step in plan.steps if step.after_create == follow_up]
    built = Built(plan=plan)
    bodies: dict[str, list[dict[str, Any]]] = {}
    items_of: dict[str, list[Any]] = {}
    for step in steps:
        items = list(canonical.get(step.each) or []) if step.each else [canonical]
        items_of[step.operation] = items
        bodies[step.operation] = [dict(step.constants) for _ in items]
        if step.campaign_field and campaign_id is not None:
            link: Any = int(campaign_id) if step.campaign_field_integer else campaign_id
            for body in bodies[step.operation]:
                _set(body, step.campaign_field, link)
    operations = {step.operation: step for step in steps}
    for rule in plan.rules:
        _apply(converter, rule, canonical, operations, items_of, bodies, built, follow_up=follow_up)
    built.adjustments = converter.adjustments
    for step in steps:
        # A bare-value body (an enum sent as the whole body) was built under the key "$".
        built.bodies[step.operation] = [body["$"] if "$" in body else body for body in bodies[step.operation]]
    return built


def _apply(
    converter: _Converter,
    rule: Rule,
    canonical: Mapping[str, Any],
    operations: Mapping[str, Step],
    items_of: Mapping[str, list[Any]],
    bodies: dict[str, list[dict[str, Any]]],
    built: Built,
    *,
    follow_up: bool,
) -> None:
    if rule.operation is None:
        raw = _get(canonical, rule.canonical)
        if not follow_up and _present(raw):
            converter.unsupported(rule, raw, _Unrepresentable(f"not supported: {rule.reason}"))
        return
    for operation, wire in ((rule.operation, rule.wire), *rule.also):
        step = operations.get(operation)
        if step is None or not bodies[operation]:
            continue
        prefix = f"{step.each}[]."
        if step.each is not None and rule.canonical.startswith(prefix):
            path = rule.canonical.removeprefix(prefix)
            for item, body in zip(items_of[operation], bodies[operation], strict=True):
                _put(converter, rule, operation, wire, body, built, _get(item, path))
            continue
        value = _convert(converter, rule, operation, wire, _get(canonical, rule.canonical))
        for body in bodies[operation]:
            _put(converter, rule, operation, wire, body, built, value, converted=True)


def _convert(converter: _Converter, rule: Rule, operation: str, wire: str, raw: Any) -> Any:
    if not _present(raw) and raw is not False:
        if rule.required:
            raise ConversionError(rule.concept, converter.plan.vendor, f"required by {operation} ({wire})")
        return _MISSING
    return converter.value(rule, raw)


def _put(
    converter: _Converter,
    rule: Rule,
    operation: str,
    wire: str,
    body: dict[str, Any],
    built: Built,
    value: Any,
    *,
    converted: bool = False,
) -> None:
    if not converted:
        value = _convert(converter, rule, operation, wire, value)
    if wire.startswith("path."):
        if value is not _MISSING:
            built.path.setdefault(operation, {})[wire.removeprefix("path.")] = str(value)
        return
    _place(body, rule, wire, list(value) if isinstance(value, list) else value)
    if rule.required and _get(body, wire) is _MISSING:
        raise ConversionError(rule.concept, converter.plan.vendor, f"required by {operation} ({wire})")


def read(plan: Plan, payload: Any) -> dict[str, Any]:
    """The canonical values a vendor response holds (the inverse of :func:`build`, where it exists)."""
    readable = {rule.canonical: rule.read for rule in plan.rules if rule.read is not None}

    def raw(field: str | None) -> Any:
        value = _get(payload, readable[field]) if field in readable else _MISSING
        return None if value is _MISSING else value

    context = {"timezone": raw(plan.timezone_field), "date": raw(plan.date_field)}
    canonical: dict[str, Any] = {}
    for rule in plan.rules:
        if rule.read is None:
            continue
        value = _get(payload, rule.read)
        if value is _MISSING:
            continue
        if rule.flag is not None:
            _set(canonical, rule.canonical, rule.flag in value)
        elif isinstance(value, list):
            _set(canonical, rule.canonical, [_from_wire(rule, v, context) for v in value])
        else:
            converted = _from_wire(rule, value, context)
            _set(canonical, rule.canonical, [converted] if rule.canonical_list else converted)
    return canonical
