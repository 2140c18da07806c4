"""Turn the engine's plain bodies into the vendors' typed models, and models into plain data.

Kept apart from ``_convert.py`` so that the engine stays free of pydantic:
it only moves JSON values around.  Whatever pydantic refuses on the way in or
out becomes a :class:`ConversionError` naming the concept, the vendor and the
value, never a raw validation error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ._convert import Built, ConversionError, Plan, concept_at, read
from ._results import Source, read_result, records
from ._webhooks import WebhookError, WebhookEvent, WebhookSpec, parse_json, verify

__all__ = ["canonical", "event_of", "for_vendor", "many", "one", "optional", "plain", "results_of"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound=BaseModel)


def _kinds(info: FieldInfo) -> tuple[Any, ...]:
    """The types a field's annotation allows (``str | None`` gives ``(str, NoneType)``)."""
    return getattr(info.annotation, "__args__", (info.annotation,))


def plain(model: BaseModel) -> dict[str, Any]:
    """A model as JSON data with wire names, unset fields left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


PER_VENDOR = "per_vendor"


def for_vendor(model: BaseModel, vendor: str, vendors: tuple[str, ...]) -> dict[str, Any]:
    """``model`` as JSON data for ``vendor``: its ``per_vendor`` values for that vendor replace its own.

    A vendor that is not one of ``vendors``, or a field the model does not have, is an error: a
    misspelled key would otherwise be ignored and the shared value sent.
    """
    values = plain(model)
    overrides = values.pop(PER_VENDOR, None) or {}
    unknown = sorted(set(overrides) - set(vendors))
    if unknown:
        raise ConversionError(PER_VENDOR, vendor, f"{unknown} are not vendors ({', '.join(vendors)})")
    own = overrides.get(vendor) or {}
    fields = {info.alias or name: info for name, info in type(model).model_fields.items()}
    strange = sorted(set(own) - set(fields) | ({PER_VENDOR} & set(own)))
    if strange:
        known = ", ".join(sorted(set(fields) - {PER_VENDOR}))
        raise ConversionError(
            PER_VENDOR, vendor, f"{strange} are not fields of {type(model).__name__} ({known})"
        )
    for key, value in own.items():  # ids are strings canonically; vendors with numeric ids are given numbers
        kinds = _kinds(fields[key])
        if isinstance(value, int) and not isinstance(value, bool) and str in kinds and int not in kinds:
            own[key] = str(value)
    merged = {**values, **own}
    try:
        checked = type(model).model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ConversionError(
            PER_VENDOR, vendor, f"{field} = {first.get('input')!r}: {first['msg']}"
        ) from None
    return plain(checked)


def _refused(plan: Plan, exc: ValidationError, *, wire: bool, what: str) -> ConversionError:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"] if not isinstance(part, int))
    return ConversionError(
        concept_at(plan, field, wire=wire),
        plan.vendor,
        f"{what}: {field} = {first.get('input')!r}: {first['msg']}",
    )


def _validated(kind: type[T], body: Any, built: Built, operation: str) -> T:
    try:
        return TypeAdapter(kind).validate_python(body)
    except ValidationError as exc:
        raise _refused(
            built.plan, exc, wire=True, what=f"the {operation} request would not be valid"
        ) from None


def one(kind: type[T], built: Built, operation: str) -> T:
    """The single body of ``operation``, validated as ``kind``."""
    return _validated(kind, built.bodies[operation][0], built, operation)


def optional(kind: type[T], built: Built, operation: str) -> T | None:
    """The body of ``operation``, or None when no canonical value went into it."""
    body = built.bodies[operation][0]
    return _validated(kind, body, built, operation) if body != {} else None


def many(kind: type[T], built: Built, operation: str) -> list[T]:
    """One body of ``operation`` per item (contact), each validated as ``kind``."""
    return [_validated(kind, body, built, operation) for body in built.bodies[operation]]


def _dates(kind: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """A datetime where the canonical model holds a date is read as its date, in its own offset.

    Vendors document a campaign's start as a date and return a datetime
    (``2026-03-02T09:30:00+05:30``): the day is what the canonical model keeps.
    """
    for name, info in kind.model_fields.items():
        value = values.get(info.alias or name)
        if isinstance(value, str) and "T" in value and date in _kinds(info):
            try:
                values[info.alias or name] = (
                    datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
                )
            except ValueError:
                pass  # not a datetime: the model's own validation names the problem
    return values


def canonical(kind: type[M], plan: Plan, response: BaseModel) -> M:
    """The canonical ``kind`` a vendor response holds (fields it does not return stay unset)."""
    values = _dates(kind, read(plan, plain(response)))
    try:
        return kind.model_validate(values)
    except ValidationError as exc:
        raise _refused(
            plan, exc, wire=False, what="the response holds a value the canonical model cannot"
        ) from None


def _result(kind: type[M], source: Source, record: Any, timezone: str | None) -> M:
    values = read_result(source, record, timezone=timezone)
    try:
        return kind.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ConversionError(field, source.vendor, f"{first.get('input')!r}: {first['msg']}") from None


def results_of(
    kind: type[M], data: BaseModel, kinds: Sequence[tuple[type[BaseModel], str, Source]], timezone: str | None
) -> list[M]:
    """The canonical results of every call record ``data`` (a vendor model) holds."""
    for model, at, source in kinds:
        if isinstance(data, model):
            return [_result(kind, source, record, timezone) for record in records(source, plain(data), at)]
    names = ", ".join(model.__name__ for model, _, _ in kinds)
    raise TypeError(f"{type(data).__name__} holds no call records that are read (models: {names})")


def event_of(
    kind: type[M],
    payload_type: type[P],
    webhook: WebhookSpec,
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    secret: str | None,
    timezone: str | None,
) -> WebhookEvent[P]:
    """One delivery: signature checked on the raw bytes, payload typed, its call record read."""
    vendor = webhook.vendor
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    verify(vendor, webhook.signature, raw, headers, secret)
    try:
        payload = payload_type.model_validate(parse_json(vendor, raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise WebhookError(
            vendor, f"not a {webhook.event} payload: {field} = {first.get('input')!r}: {first['msg']}"
        ) from None
    found = [
        _result(kind, webhook.source, r, timezone)
        for r in records(webhook.source, plain(payload), webhook.at)
    ]
    if len(found) != 1:
        raise WebhookError(
            vendor, f"expected one call record at {webhook.at or 'the body'!r}, found {len(found)}"
        )
    return WebhookEvent(vendor, webhook.event, payload, found[0])
