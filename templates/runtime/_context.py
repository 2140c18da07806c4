"""The context models validate in: strict for requests, lenient (unknown enum values) for responses.

Apart from the models on purpose: the runtime reads and sets it without importing them, so that
importing the package builds no pydantic model until one is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

__all__ = ["LENIENT", "REQUEST_CONTEXT", "lenient_parsing"]

REQUEST_CONTEXT: dict[str, Any] = {"vendorgen_request": True}
"""The validation context of a request: unknown keys are errors."""

LENIENT: ContextVar[bool] = ContextVar("lenient_parsing", default=False)
"""Whether enums accept values the spec does not list (see :func:`lenient_parsing`)."""


@contextlib.contextmanager
def lenient_parsing() -> Iterator[None]:
    """Within this block, enums accept values the spec does not list (used to parse responses)."""
    token = LENIENT.set(True)
    try:
        yield
    finally:
        LENIENT.reset(token)
