"""Read a vendor's call records and webhook bodies into canonical CallResult values.

The rules (``_result_rules.py``) are computed from specs/mapping.yaml and the
vendor specs; this reader only walks JSON values.  It never guesses: a status
outside the vendor's documented vocabulary reads as ``unknown`` with the raw
value kept, a time written without an offset is left unset unless its
timezone is documented or passed in, and each such case is written to the
result's ``notes``.  A value of the wrong kind (text where a number belongs)
is a :class:`ConversionError` naming the field, vendor and value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._convert import ConversionError

__all__ = ["Read", "Source", "read_result", "records"]


@dataclass(frozen=True)
class Read:
    """How one CallResult field is read from one kind of record."""

    name: str
    kind: str
    """``text``, ``time``, ``number``, ``object`` or ``status``."""
    wire: tuple[str, ...] = ()
    """Dotted paths in the record; the first one present is read."""
    factor: float = 1.0
    value: str | None = None
    """A constant (a status the record's kind implies)."""
    naive: str | None = None
    """The documented timezone of times written without an offset."""


@dataclass(frozen=True)
class Source:
    """One vendor's record shape and how it reads."""

    vendor: str
    label: str
    reads: tuple[Read, ...]
    statuses: tuple[tuple[str, str], ...]
    """The vendor's status vocabulary: (wire value, CallStatus value)."""


_ABSENT = object()


def _at(value: Any, path: str) -> Any:
    for name in path.split("."):
        if not isinstance(value, Mapping) or name not in value:
            return _ABSENT
        value = value[name]
    return value


def records(source: Source, data: Any, at: str) -> list[Any]:
    """The records at ``at`` in a body: ``data[]`` a list of them, ``data`` one, ``""`` the body itself."""
    if not at:
        return [data]
    many = at.endswith("[]")
    found = _at(data, at.removesuffix("[]"))
    if found is _ABSENT or found is None:
        return []
    if many:
        if not isinstance(found, list):
            raise ConversionError(at, source.vendor, f"expected a list of {source.label} records: {found!r}")
        return list(found)
    return [found]


def _time(read: Read, source: Source, value: Any, timezone: str | None, notes: list[str]) -> str | None:
    if not isinstance(value, str):
        raise ConversionError(read.name, source.vendor, f"{value!r} is not a date-time")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ConversionError(read.name, source.vendor, f"{value!r} is not a date-time") from None
    if moment.tzinfo is None:
        zone = read.naive or timezone
        if zone is None:
            notes.append(
                f"{read.name}: {value!r} has no UTC offset and {source.vendor} documents no timezone; "
                "pass timezone= to read it"
            )
            return None
        try:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConversionError(
                read.name, source.vendor, f"timezone {zone!r} is not an IANA timezone"
            ) from None
    return moment.astimezone(UTC).isoformat()


def _status(source: Source, value: Any, values: dict[str, Any], notes: list[str]) -> str:
    if value is _ABSENT or value is None:
        notes.append(f"status: the {source.label} record has no status")
        return "unknown"
    raw = str(value)
    values["vendor_status"] = raw
    table = dict(source.statuses)
    if raw in table:
        return table[raw]
    known = ", ".join(repr(w) for w, _ in source.statuses) or "none"
    notes.append(
        f"status: {raw!r} is not in {source.vendor}'s documented vocabulary ({known}); read as unknown"
    )
    return "unknown"


def _scalar(read: Read, source: Source, value: Any) -> Any:
    wrong = ConversionError(read.name, source.vendor, f"{value!r} is not a {read.kind} value")
    if read.kind == "text":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise wrong
        return str(value)
    if read.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        scaled = value * read.factor
        return int(scaled) if float(scaled).is_integer() else scaled
    if not isinstance(value, Mapping):
        raise wrong
    return dict(value)


def read_result(source: Source, record: Any, *, timezone: str | None = None) -> dict[str, Any]:
    """The CallResult values of one record (JSON data), with ``notes`` on what could not be read."""
    if not isinstance(record, Mapping):
        raise ConversionError(
            "record", source.vendor, f"the {source.label} record is not an object: {record!r}"
        )
    values: dict[str, Any] = {"vendor": source.vendor}
    notes: list[str] = []
    for read in source.reads:
        if read.value is not None:
            values[read.name] = read.value
            continue
        value = next((v for v in (_at(record, w) for w in read.wire) if v is not _ABSENT), _ABSENT)
        if read.kind == "status":
            values[read.name] = _status(source, value, values, notes)
            continue
        if value is _ABSENT or value is None:
            continue
        if read.kind == "time":
            moment = _time(read, source, value, timezone, notes)
            if moment is not None:
                values[read.name] = moment
            continue
        values[read.name] = _scalar(read, source, value)
    values["notes"] = notes
    return values
