"""Base classes of the generated models: strict when sending, lenient when reading.

Requests are validated against every documented constraint before they are
sent.  Responses must not break when the vendor adds something tomorrow: an
unknown field is kept (``model.model_extra``) and an unknown enum value becomes
a pseudo-member that compares equal to its string, instead of a crash.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from enum import Enum, IntEnum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["OpenEnum", "OpenIntEnum", "OpenStrEnum", "VendorModel", "lenient_parsing"]

_LENIENT: ContextVar[bool] = ContextVar("lenient_parsing", default=False)


@contextlib.contextmanager
def lenient_parsing() -> Iterator[None]:
    """Within this block, enums accept values the spec does not list (used to parse responses)."""
    token = _LENIENT.set(True)
    try:
        yield
    finally:
        _LENIENT.reset(token)


class VendorModel(BaseModel):
    """Base of every generated model: Python names in code, wire names on the wire."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", serialize_by_alias=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON body for this model: wire names, only the fields that were set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _pseudo_member(cls: type[Enum], value: Any, base: Any) -> Any:
    member: Any = base.__new__(cls) if base is object else base.__new__(cls, value)
    member._name_ = str(value)
    member._value_ = value
    return member


class OpenStrEnum(StrEnum):
    """A string enum that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if _LENIENT.get() and isinstance(value, str):
            return _pseudo_member(cls, value, str)
        return None


class OpenIntEnum(IntEnum):
    """An integer enum that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if _LENIENT.get() and isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(cls, value, int)
        return None


class OpenEnum(Enum):
    """An enum of mixed values that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if _LENIENT.get() and isinstance(value, str | int | float) and not isinstance(value, bool):
            return _pseudo_member(cls, value, object)
        return None
