"""Parameters on the wire, in every ``style`` and ``explode`` OpenAPI defines.

A list or an object is never sent as its Python ``repr``: ``deepObject`` gives
``page[number]=2&page[size]=50``, ``form`` with ``explode: false`` gives ``ids=1,2,3``,
``label`` and ``matrix`` path parameters get their ``.`` and ``;`` prefixes, and headers and
cookies use their ``simple`` and ``form`` forms. The defaults are OpenAPI's: ``form`` exploded
for query and cookie parameters, ``simple`` for path and header ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from ._types import Omit

__all__ = [
    "cookie_header",
    "header_values",
    "path_param",
    "query_pairs",
    "query_string",
    "wire_dict",
    "wire_scalar",
]

RESERVED = ":/?#[]@!$&'()*+,;="
"""RFC 3986 reserved characters, left as they are for ``allowReserved`` query parameters."""


def wire_scalar(value: Any) -> str:
    """One value as text: enums by value, booleans as ``true``/``false``, dates in ISO 8601."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def wire_dict(model: BaseModel) -> dict[str, Any]:
    """A model as the JSON object it is sent as: wire names, only the fields that were set.

    Any pydantic model, so that the runtime need not import the generated base classes.
    """
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _plain(value: Any) -> Any:
    """Models as their wire dicts; everything else as it is."""
    return wire_dict(value) if isinstance(value, BaseModel) else value


def _items(value: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(str(key), item) for key, item in value.items() if item is not None]


def _joined(value: Any, explode: bool, separator: str = ",") -> str:
    """Arrays and objects of the ``simple`` style (also ``form`` unexploded): ``a,b`` / ``k,v`` / ``k=v``."""
    value = _plain(value)
    if isinstance(value, list | tuple):
        return separator.join(wire_scalar(item) for item in value)
    if isinstance(value, Mapping):
        if explode:
            return separator.join(f"{key}={wire_scalar(item)}" for key, item in _items(value))
        return separator.join(f"{key}{separator}{wire_scalar(item)}" for key, item in _items(value))
    return wire_scalar(value)


def _deep(name: str, value: Any) -> list[tuple[str, str]]:
    value = _plain(value)
    if isinstance(value, Mapping):
        return [pair for key, item in _items(value) for pair in _deep(f"{name}[{key}]", item)]
    if isinstance(value, list | tuple):
        return [(f"{name}[]", wire_scalar(item)) for item in value]
    return [(name, wire_scalar(value))]


def query_pairs(
    name: str, value: Any, style: str = "form", explode: bool | None = None
) -> list[tuple[str, str]]:
    """The query pairs of one parameter."""
    value = _plain(value)
    explode = style == "form" if explode is None else explode
    if style == "deepObject":
        return _deep(name, value)
    if isinstance(value, Mapping):
        if explode:
            return [(key, wire_scalar(item)) for key, item in _items(value)]
        return [(name, _joined(value, explode=False))]
    if isinstance(value, list | tuple):
        if explode:
            return [(name, wire_scalar(item)) for item in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(wire_scalar(item) for item in value))]
    return [(name, wire_scalar(value))]


def query_string(pairs: list[tuple[str, str]], reserved: frozenset[str]) -> str:
    """The query string, by hand: only where a parameter allows reserved characters unencoded."""
    return "&".join(
        f"{quote(key, safe='[]')}={quote(value, safe=RESERVED if key in reserved else '')}"
        for key, value in pairs
    )


def path_param(name: str, value: Any, style: str = "simple", explode: bool = False) -> str:
    """Check and encode one path parameter; an empty value would silently change the URL.

    Slashes are encoded, and so is a value made only of dots: httpx (RFC 3986) removes ``.``
    and ``..`` segments, so ``delete("..")`` would otherwise reach another endpoint.
    """
    value = _plain(value)
    parts = value if isinstance(value, list | tuple) else None
    if style == "matrix":
        if parts is not None and explode:
            return "".join(f";{name}={_segment(name, item)}" for item in parts)
        if isinstance(value, Mapping) and explode:
            return "".join(f";{key}={_segment(name, item)}" for key, item in _items(value))
        return f";{name}={_encoded(name, value, explode)}"
    if style == "label":
        return "." + _encoded(name, value, explode, separator="." if explode else ",")
    return _encoded(name, value, explode)


def _segment(name: str, value: Any) -> str:
    text = wire_scalar(value)
    if text == "":
        raise ValueError(f"path parameter {name!r} must not be empty")
    if text.strip(".") == "":
        return "%2E" * len(text)
    return quote(text, safe="")


def _encoded(name: str, value: Any, explode: bool, separator: str = ",") -> str:
    if isinstance(value, list | tuple):
        if not value:
            raise ValueError(f"path parameter {name!r} must not be empty")
        return separator.join(_segment(name, item) for item in value)
    if isinstance(value, Mapping):
        pairs = _items(value)
        if explode:
            return separator.join(f"{quote(key, safe='')}={_segment(name, item)}" for key, item in pairs)
        return separator.join(
            f"{quote(key, safe='')}{separator}{_segment(name, item)}" for key, item in pairs
        )
    return _segment(name, value)


def header_values(headers: Mapping[str, Any], exploded: Iterable[str] = ()) -> dict[str, str]:
    """Header parameters on the wire (``simple`` style): omitted and ``None`` values dropped.

    An object is ``k,v,k2,v2``, or ``k=v,k2=v2`` for the headers named in ``exploded``.
    """
    spread = frozenset(exploded)
    return {
        name: _joined(value, explode=name in spread)
        for name, value in headers.items()
        if not isinstance(value, Omit | None)
    }


def cookie_header(cookies: Mapping[str, Any]) -> str:
    """The ``Cookie`` header of cookie parameters (``form`` style): ``a=1; ids=1,2``."""
    return "; ".join(
        f"{name}={_joined(value, explode=False)}"
        for name, value in cookies.items()
        if not isinstance(value, Omit | None)
    )
