"""``with_raw_response`` and ``with_streaming_response``: each method, once, in other forms.

Every operation has one sync and one async definition. The raw and streaming forms wrap
those methods instead of repeating them (as Stainless-generated SDKs do): the wrapper marks
the current context with what the caller wants back, and the client's next request in that
context returns it instead of the parsed result:

- ``raw``: an :class:`APIResponse` (status, headers, ``parse()`` on demand);
- ``stream``: a :class:`StreamedResponse` over the unread body, as a context manager.

Only the first request after the mark takes it, so a token provider or any other request
made on the way stays an ordinary one. The wrappers keep the method's signature (ParamSpec),
so a type checker checks their arguments like the method's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from contextvars import ContextVar
from functools import update_wrapper
from typing import Any, Literal, ParamSpec, TypeVar

from ._response import APIResponse
from ._streamed import AsyncStreamedResponse, StreamedResponse

__all__ = [
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "take_mode",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
T = TypeVar("T")

W = TypeVar("W", bound=Callable[..., Any])

Mode = Literal["", "raw", "stream"]
_MODE: ContextVar[Mode] = ContextVar("response_mode", default="")


def take_mode() -> Mode:
    """What the request about to be sent should return (``""``: the parsed result); used up by it."""
    mode = _MODE.get()
    if mode:
        _MODE.set("")
    return mode


@contextmanager
def _marked(mode: Mode) -> Iterator[None]:
    """The next request in this context returns ``mode``'s form (the mark is lifted after, always)."""
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


def _like(method: Callable[..., Any], wrapper: W) -> W:
    """``wrapper`` named and documented as ``method``; its signature is the bound method's (no ``self``)."""
    update_wrapper(wrapper, method)
    vars(wrapper).pop("__signature__", None)  # copied from the function; inspect follows __wrapped__
    return wrapper


def _not_wrapped(method: Callable[..., Any], form: str) -> TypeError:
    return TypeError(f"{method.__qualname__} did not send a request that can give a {form} response")


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """``method`` returning the :class:`APIResponse` instead of the parsed result."""

    def raw(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        with _marked("raw"):
            response: Any = method(*args, **kwargs)
        if not isinstance(response, APIResponse):
            raise _not_wrapped(method, "raw")
        return response

    return _like(method, raw)


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]:
    """The async twin of :func:`to_raw_response_wrapper`."""

    async def raw(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        with _marked("raw"):
            response: Any = await method(*args, **kwargs)
        if not isinstance(response, APIResponse):
            raise _not_wrapped(method, "raw")
        return response

    return _like(method, raw)


def to_streamed_response_wrapper(
    method: Callable[P, T],
) -> Callable[P, AbstractContextManager[StreamedResponse[T]]]:
    """``method`` as a context manager over its unread response (``with_streaming_response``)."""

    @contextmanager
    def opened(*args: P.args, **kwargs: P.kwargs) -> Iterator[StreamedResponse[T]]:
        with _marked("stream"):
            response: Any = method(*args, **kwargs)
        if not isinstance(response, StreamedResponse):
            raise _not_wrapped(method, "streamed")
        try:
            yield response
        finally:
            response.close()

    return _like(method, opened)


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, AbstractAsyncContextManager[AsyncStreamedResponse[T]]]:
    """The async twin of :func:`to_streamed_response_wrapper` (``async with``)."""

    @asynccontextmanager
    async def opened(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[AsyncStreamedResponse[T]]:
        with _marked("stream"):
            response: Any = await method(*args, **kwargs)
        if not isinstance(response, AsyncStreamedResponse):
            raise _not_wrapped(method, "streamed")
        try:
            yield response
        finally:
            await response.close()

    return _like(method, opened)
