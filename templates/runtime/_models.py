"""Base classes of the generated models: strict when sending, lenient when reading.

Requests are validated against every documented constraint before they are
sent (see :mod:`._validation`): strict types, and no key the spec does not
document, unless the schema allows any (``additionalProperties``:
:class:`OpenVendorModel`). Responses must not break when the vendor adds
something tomorrow: an unknown field is kept (``model.model_extra``) and an
unknown enum value becomes a pseudo-member that compares equal to its string,
instead of a crash.
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ._context import LENIENT, REQUEST_CONTEXT, lenient_parsing

__all__ = [
    "REQUEST_CONTEXT",
    "OpenEnum",
    "OpenIntEnum",
    "OpenStrEnum",
    "OpenVendorModel",
    "VendorModel",
    "lenient_parsing",
]


class VendorModel(BaseModel):
    """Base of every generated model: Python names in code, wire names on the wire."""

    # defer_build: a model's validator is built when it first validates, not when the package
    # is imported; a program that uses a few of a vendor's models pays only for those.
    model_config = ConfigDict(populate_by_name=True, extra="allow", serialize_by_alias=True, defer_build=True)
    _accepts_unknown_keys: ClassVar[bool] = False

    @model_validator(mode="after")
    def _refuse_unknown_keys(self, info: ValidationInfo) -> Self:
        """In a request, a key the spec does not document is a mistake (``shedule``), not data."""
        if not (info.context or {}).get("vendorgen_request") or not self.model_extra:
            return self
        if self._accepts_unknown_keys:
            return self
        import difflib  # noqa: PLC0415 - only a refused request needs the hints

        known = [field.alias or name for name, field in type(self).model_fields.items()]
        known += list(type(self).model_fields)
        unknown = sorted(self.model_extra)
        hints = [
            (
                f"{key!r} (did you mean {close[0]!r}?)"
                if (close := difflib.get_close_matches(key, known, 1))
                else repr(key)
            )
            for key in unknown
        ]
        raise PydanticCustomError("unknown_key", "unknown key {keys}", {"keys": ", ".join(hints)})

    def to_wire(self) -> dict[str, Any]:
        """The JSON body for this model: wire names, only the fields that were set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class OpenVendorModel(VendorModel):
    """A model whose schema allows keys it does not list (``additionalProperties``): kept in requests too."""

    _accepts_unknown_keys: ClassVar[bool] = True


def _pseudo_member(cls: type[Enum], value: Any, base: Any) -> Any:
    member: Any = base.__new__(cls) if base is object else base.__new__(cls, value)
    member._name_ = str(value)
    member._value_ = value
    return member


class OpenStrEnum(StrEnum):
    """A string enum that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if LENIENT.get() and isinstance(value, str):
            return _pseudo_member(cls, value, str)
        return None


class OpenIntEnum(IntEnum):
    """An integer enum that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if LENIENT.get() and isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(cls, value, int)
        return None


class OpenEnum(Enum):
    """An enum of mixed values that, while parsing responses, accepts values added after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if LENIENT.get() and isinstance(value, str | int | float) and not isinstance(value, bool):
            return _pseudo_member(cls, value, object)
        return None
