"""Small types shared by the client: the "omitted" sentinel, timeouts and every method's call options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, TypeAlias, TypedDict

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "OMIT",
    "CallOptions",
    "Omit",
    "TimeoutTypes",
]


class Omit:
    """Marks a parameter the caller did not give, so "not sent" differs from an explicit ``None``."""

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Final = Omit()

TimeoutTypes: TypeAlias = float | httpx.Timeout | None

# 5 s to connect, 60 s for the whole exchange.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES: Final = 2


class CallOptions(TypedDict, total=False):
    """The keyword arguments every method takes after its own (``**options``), all optional."""

    extra_headers: Mapping[str, str] | None
    """Your own headers, sent as they are, over any other."""
    extra_query: Mapping[str, Any] | None
    """Your own query parameters, over the documented ones."""
    extra_body: Mapping[str, Any] | None
    """Your own body fields, sent unchecked over the documented ones (an escape hatch)."""
    timeout: TimeoutTypes | Omit
    """Seconds (or an ``httpx.Timeout``) for this request instead of the client's; ``None``: no limit."""
