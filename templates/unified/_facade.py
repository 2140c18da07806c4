"""Turn the engine's plain bodies into the vendors' typed models, and models into plain data.

Kept apart from ``_convert.py`` so that the engine stays free of pydantic:
it only moves JSON values around.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from ._convert import Built

__all__ = ["many", "one", "optional", "plain"]

T = TypeVar("T")


def plain(model: BaseModel) -> dict[str, Any]:
    """A model as JSON data with wire names, unset fields left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def one(kind: type[T], built: Built, operation: str) -> T:
    """The single body of ``operation``, validated as ``kind``."""
    return TypeAdapter(kind).validate_python(built.bodies[operation][0])


def optional(kind: type[T], built: Built, operation: str) -> T | None:
    """The body of ``operation``, or None when no canonical value went into it."""
    body = built.bodies[operation][0]
    return TypeAdapter(kind).validate_python(body) if body != {} else None


def many(kind: type[T], built: Built, operation: str) -> list[T]:
    """One body of ``operation`` per item (contact), each validated as ``kind``."""
    adapter = TypeAdapter(kind)
    return [adapter.validate_python(body) for body in built.bodies[operation]]
