"""Requests validated strictly before anything is sent.

The arguments of a call are checked as the JSON they will become: documented types only (no
``"7"`` for an integer, no ``1`` for a string), every documented limit, and no key the spec
does not document (a misspelled ``windowStrat`` inside a nested dict would otherwise be sent
as it is, and silently ignored by the vendor). Values Python has richer types for travel as
JSON does: a ``UUID``, a ``datetime``, an enum member or a model instance are accepted where
their JSON form is.

Every problem is reported at once in one :class:`RequestValidationError`, by the argument's
Python name with its wire name beside it.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError, to_jsonable_python

from ._exceptions import RequestValidationError
from ._context import REQUEST_CONTEXT
from ._params import wire_dict
from ._response import type_adapter

__all__ = ["validate_request"]


def _jsonable(value: Any) -> Any:
    """The value as JSON data: models by their wire names, only the fields that were set."""
    if isinstance(value, BaseModel):
        return wire_dict(value)
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return to_jsonable_python(value)


def validate_request(target: Any, value: Any) -> Any:
    """``value`` validated as ``target`` (a model class or any type), strictly, as JSON carries it.

    Raises:
        RequestValidationError: naming every field that does not match; nothing was sent.
    """
    try:
        text = json.dumps(_jsonable(value), allow_nan=False)
    except (PydanticSerializationError, ValueError, TypeError) as exc:
        raise RequestValidationError([("request", f"not a JSON value: {exc}")]) from None
    try:
        return type_adapter(target).validate_json(text, strict=True, context=REQUEST_CONTEXT)
    except ValidationError as exc:
        errors = [(_where(target, error["loc"]), error["msg"]) for error in exc.errors()]
        raise RequestValidationError(errors) from exc


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field's annotation holds (through ``| None``, ``list[...]``, ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def _where(target: Any, loc: tuple[int | str, ...]) -> str:
    """``schedule.window_start (windowStart)``: a location by Python names, wire names beside."""
    text = ""
    model = _model_in(target)
    for item in loc:
        if isinstance(item, int):
            text += f"[{item}]"
            continue
        fields = model.model_fields if model is not None else {}
        name = next((n for n, f in fields.items() if item in (n, f.alias)), None)
        if name is None:
            if model is not None and item == model.__name__:
                continue  # pydantic names the union member it tried: not a place in the request
            label, model = str(item), None
        else:
            alias = fields[name].alias
            label = name if alias in (None, name) else f"{name} ({alias})"
            model = _model_in(fields[name].annotation)
        text += f".{label}" if text else label
    return text or "body"
