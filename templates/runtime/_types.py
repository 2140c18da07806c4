"""Small types shared by the client: the "omitted" sentinel and timeouts."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

import httpx

__all__ = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "OMIT", "Omit", "TimeoutTypes"]


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
