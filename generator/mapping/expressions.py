"""Python call expressions for the unified package's rule modules (``Rule(...)``, ``Read(...)``).

One helper for every rule constructor the generator writes, so that which arguments are left
to their defaults is decided in one place: a value is left out only when it *is* a default
(``None``, ``False``, an empty tuple or string), never because it compares equal to one —
``minimum=0`` equals ``False`` and must still be written.
"""

from __future__ import annotations

from typing import Any

__all__ = ["call_expression"]


def _is_default(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, tuple | str) and not value)


def call_expression(constructor: str, **arguments: Any) -> str:
    """``Rule(concept='x', ...)``: the repr of a call, with the arguments that are not defaults."""
    shown = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if not _is_default(v))
    return f"{constructor}({shown})"
