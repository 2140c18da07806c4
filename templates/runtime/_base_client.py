"""Transport, authentication, retries, errors and parsing shared by every resource.

Request building (:func:`build_request`) is pure: it turns
:class:`RequestOptions` into an ``httpx.Request`` without touching the
network, so it can be tested on its own.  Sending goes through one loop per
flavour (sync and async) whose decisions — retry or not, how long to wait,
which error to raise, how to parse — are shared pure functions.

Retries: connection errors, 408, 429 and 5xx are retried for GET, PUT,
DELETE, HEAD and OPTIONS.  POST and PATCH place calls and create campaigns, so
they are retried only when the request certainly was not processed (the
connection was never established, or 429), unless the client was made with
``retry_non_idempotent=True``: a retry must never dial a contact twice.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import math
import os
import random
import re
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from ._bodies import async_content, content_length, replayable, with_extra_fields
from ._context import lenient_parsing
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    status_error_class,
)
from ._params import cookie_header, header_values, path_param, query_pairs, query_string, wire_dict
from ._response import APIResponse, decode_json, parse_response, type_adapter
from ._streamed import AsyncStreamedResponse, StreamedResponse
from ._streaming import ACCEPT_ENCODING, BodyTooLarge, BoundedBody, Deadline, UnsupportedEncoding, collect
from ._types import OMIT, Omit, TimeoutTypes
from ._validation import validate_request
from ._wrappers import take_mode

if TYPE_CHECKING:
    import asyncio  # imported where the async client runs: a sync-only program never pays for it

    from ._models import VendorModel  # loaded with the models, on first use

__all__ = [
    "AsyncAPIClient",
    "AuthScheme",
    "RequestOptions",
    "SyncAPIClient",
    "build_request",
    "checked_key",
    "model_body",
    "path_param",
    "value_body",
]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
RETRYABLE_STATUSES = frozenset({408, 429})
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
MAX_CONNECTIONS = 20
"""Connections the async client's own pool opens at most, and requests it has in flight at once.

Further concurrent calls wait on a semaphore, not in httpx's pool: httpcore assigns queued
requests to connections in time proportional to the queue times the pool, so 500 calls queued
there take seconds of CPU; behind the semaphore they cost nothing while they wait.
"""
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Larger response bodies are refused while streaming: no answer of these APIs comes near it."""


@dataclass(frozen=True)
class AuthScheme:
    """How the API key travels: in a named header, or as ``Authorization: Bearer``."""

    kind: Literal["header", "bearer", "basic", "none"]
    header: str = "Authorization"

    def headers(self, api_key: str) -> dict[str, str]:
        """The authentication headers for a key (``user:password`` for basic authentication)."""
        if self.kind == "none" or not api_key:
            return {}
        if self.kind == "bearer":
            return {"Authorization": f"Bearer {api_key}"}
        if self.kind == "basic":
            return {"Authorization": "Basic " + base64.b64encode(api_key.encode()).decode("ascii")}
        return {self.header: api_key}


_NO_BODY: Any = object()


@dataclass(frozen=True)
class RequestOptions:
    """Everything about one request except where it goes and who sends it."""

    method: str
    path: str
    path_params: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    """Header parameters, as given (see :func:`._params.header_values`)."""
    exploded_headers: tuple[str, ...] = ()
    """Header parameters with ``explode: true``: objects sent as ``k=v,k2=v2``."""
    extra_headers: Mapping[str, str] | None = None
    """The caller's own headers, sent as they are, over any other."""
    extra_query: Mapping[str, Any] | None = None
    """The caller's own query parameters, over the documented ones."""
    extra_body: Mapping[str, Any] | None = None
    """The caller's own body fields, sent unchecked over the documented ones (an escape hatch)."""
    json_body: Any = _NO_BODY
    files: list[Any] | None = None
    """Multipart parts, as :func:`._bodies.multipart_parts` makes them."""
    form: Mapping[str, Any] | None = None
    content: Any = None
    """A raw body (bytes or an iterator of chunks), sent with ``content_type``."""
    content_type: str | None = None
    timeout: TimeoutTypes | Omit = OMIT
    errors: Mapping[int, Any] = field(default_factory=dict)
    styles: Mapping[str, tuple[str, bool | None, bool]] = field(default_factory=dict)
    """Query parameters not sent as exploded ``form``: (style, explode, allowReserved) by name."""
    cookies: Mapping[str, Any] = field(default_factory=dict)
    accept: str | None = None
    """The media types the operation documents, where they are not just JSON."""

    @property
    def has_json_body(self) -> bool:
        """Whether a JSON body (possibly ``null``) is sent."""
        return self.json_body is not _NO_BODY


def json_body(value: Any) -> Any:
    """A request body as JSON data: models by their wire names, only the fields that were set."""
    if isinstance(value, BaseModel):
        return wire_dict(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [json_body(item) for item in value]
    if isinstance(value, dict):
        return {key: json_body(item) for key, item in value.items()}
    return value


_PLACEHOLDER = r"\{([^{}]+)\}"


def fill_path(template: str, params: Mapping[str, str]) -> str:
    """The path with each ``{name}`` replaced by its (already encoded) value.

    Plain substitution, never ``str.format``: a spec's ``{id:>200000000}`` or ``{id!r}`` is a
    parameter name, not a format instruction, and stray braces are literal text.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise ValueError(f"path parameter {name!r} was not given")
        return params[name]

    return re.sub(_PLACEHOLDER, value, template)


def build_request(
    base_url: httpx.URL, options: RequestOptions, *, default_headers: Mapping[str, str]
) -> httpx.Request:
    """Turn options into an ``httpx.Request`` without credentials: pure, no network.

    Credentials are added afterwards (:meth:`_BaseClient.build_request`), so that no frame of
    the work that can fail here (encoding a body, quoting a path) holds the API key in its locals,
    where an error reporter that records locals would find it.
    """
    path = quote(fill_path(options.path, options.path_params), safe="/:@!$&'()*+,;=-._~%")
    url = base_url.copy_with(raw_path=base_url.raw_path.rstrip(b"/") + path.encode("ascii"))
    headers = {
        **default_headers,
        **({"Accept": options.accept} if options.accept else {}),
        **header_values(options.headers, options.exploded_headers),
        **(options.extra_headers or {}),
    }
    if cookie := cookie_header(options.cookies):
        headers["Cookie"] = cookie
    pairs = [
        pair
        for name, value in {**options.params, **(options.extra_query or {})}.items()
        if not isinstance(value, Omit) and value is not None
        for pair in query_pairs(name, value, *options.styles.get(name, ("form", None, False))[:2])
    ]
    reserved = frozenset(name for name, (_, _, allowed) in options.styles.items() if allowed)
    if reserved:  # httpx would encode the reserved characters these parameters may keep
        url = url.copy_with(query=query_string(pairs, reserved).encode("ascii"))
    content: Any = None
    form, files = options.form, options.files
    extra = json_body(dict(options.extra_body or {}))
    if extra and options.content is not None:
        raise TypeError(f"extra_body cannot be added to a {options.content_type} body")
    if options.has_json_body or (extra and form is None and files is None):
        data = json_body(options.json_body) if options.has_json_body else {}
        if extra:
            if not isinstance(data, dict):
                raise TypeError("extra_body needs a JSON object body; this operation's body is not one")
            data = {**data, **extra}
        content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    elif options.content is not None:
        content = options.content
        headers["Content-Type"] = options.content_type or "application/octet-stream"
        if (length := content_length(content)) is not None:  # else httpx sends chunks without one
            headers["Content-Length"] = str(length)
    elif extra:
        form, files = with_extra_fields(form, files, extra)
    if content is None and files is not None and not files:  # httpx sends no body for no parts
        boundary = os.urandom(16).hex()
        content = f"--{boundary}--\r\n".encode("ascii")
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    return httpx.Request(
        options.method.upper(),
        url,
        params=None if reserved else httpx.QueryParams(tuple(pairs)),
        headers=headers,
        content=content,
        files=files or None,
        data=form,
    )


def _unreadable_body(response: httpx.Response, why: str) -> APIResponseValidationError:
    response.close()
    return APIResponseValidationError(f"response body {why}; not read", response=response)


@contextmanager
def _reading(response: httpx.Response) -> Iterator[None]:
    """Turn what :mod:`._streaming` refuses into the documented error."""
    try:
        yield
    except BodyTooLarge:
        raise _unreadable_body(response, f"larger than {MAX_RESPONSE_BYTES} bytes") from None
    except UnsupportedEncoding as exc:
        raise _unreadable_body(
            response, f"in a Content-Encoding the client did not ask for ({exc})"
        ) from None
    except zlib.error:
        raise _unreadable_body(response, "is not valid gzip or deflate data") from None


def _already_read(response: httpx.Response) -> httpx.Response:
    """A response a transport handed over already read and decoded (``httpx.MockTransport`` does)."""
    if len(response.content) > MAX_RESPONSE_BYTES:
        raise _unreadable_body(response, f"larger than {MAX_RESPONSE_BYTES} bytes")
    return response


def _deadline_passed(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("the response did not arrive within the timeout", request=request)


# Redirects are never followed, even by a caller's client made with follow_redirects=True:
# httpx strips only `Authorization` on a cross-origin redirect, so an `X-Api-Key` header would
# go to whatever host a redirect names. A 3xx is raised as RedirectError instead.


def _send_and_read_sync(
    http: httpx.Client, request: httpx.Request, timeout: httpx.Timeout, stream: bool
) -> httpx.Response:
    """One attempt: the body read within the cap, the attempt within the timeout (checked per chunk).

    With ``stream``, a success response is returned unread (``with_streaming_response``); an
    error response is still read, for its error body.
    """
    deadline = Deadline(timeout)
    response = http.send(request, stream=True, follow_redirects=False)
    if response.is_stream_consumed:
        return _already_read(response)
    if stream and response.status_code < 300:
        return response
    try:
        with _reading(response):
            body = BoundedBody(response.headers, MAX_RESPONSE_BYTES)
            finished = collect(response.iter_raw(), body, deadline)
    except httpx.TransportError:
        response.close()  # cut off mid-body: the connection is not reused
        raise
    response.close()
    if not finished:
        raise _deadline_passed(request)
    response._content = body.content()
    return response


async def _send_and_read(
    http: httpx.AsyncClient, request: httpx.Request, timeout: httpx.Timeout, stream: bool
) -> httpx.Response:
    """The async twin of :func:`_send_and_read_sync`; here the deadline interrupts any wait, exactly."""
    import asyncio  # noqa: PLC0415 - loaded by the running event loop already

    deadline = Deadline(timeout)
    try:
        async with asyncio.timeout(deadline.seconds):  # in this task: no task per request
            return await _attempt(http, request, stream)
    except TimeoutError:
        raise _deadline_passed(request) from None


async def _attempt(http: httpx.AsyncClient, request: httpx.Request, stream: bool) -> httpx.Response:
    import asyncio  # noqa: PLC0415 - loaded by the running event loop already

    response = await http.send(request, stream=True, follow_redirects=False)
    if response.is_stream_consumed:
        return _already_read(response)
    if stream and response.status_code < 300:
        return response
    try:
        with _reading(response):
            body = BoundedBody(response.headers, MAX_RESPONSE_BYTES)
            async for chunk in response.aiter_raw():
                body.add(chunk)
    except (httpx.TransportError, asyncio.CancelledError):
        await response.aclose()  # cut off mid-body (or out of time): the connection is not reused
        raise
    await response.aclose()
    response._content = body.content()
    return response


def _error_body(response: httpx.Response, model: Any) -> Any:
    try:
        data = decode_json(response)
    except ValueError:
        return response.text
    if model is None:
        return data
    try:
        with lenient_parsing():
            return type_adapter(model).validate_python(data)
    except ValidationError:
        return data


def _error_summary(body: Any) -> str:
    if isinstance(body, BaseModel):
        body = body.model_dump(exclude_none=True)
    if isinstance(body, Mapping):
        for key in ("message", "error", "detail"):
            if isinstance(body.get(key), str):
                return str(body[key])
    if isinstance(body, str) and body and len(body) < 500:
        return body
    return ""


def sent_credentials(request: httpx.Request, auth: AuthScheme) -> tuple[str, ...]:
    """The credentials a request carried, in every form a server could echo them back in.

    The whole header value, the token after ``Bearer``/``Basic``, and for basic authentication
    the decoded ``user:password`` and the password; longest first, so that a longer form is
    replaced before a part of it. Values under 4 characters are not secrets worth hiding.
    """
    found: list[str] = []
    for name in auth.headers("credential"):
        value = request.headers.get(name, "")
        scheme, _, token = value.partition(" ")
        found += [value, token]
        if scheme.lower() == "basic" and token:
            try:
                decoded = base64.b64decode(token, validate=True).decode("utf-8")
            except ValueError:
                decoded = ""
            found += [decoded, decoded.partition(":")[2]]
    return tuple(sorted({text for text in found if len(text) >= 4}, key=len, reverse=True))


def redacted(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every credential replaced by ``***``."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def make_status_error(
    response: httpx.Response, options: RequestOptions, secrets: tuple[str, ...] = ()
) -> APIStatusError:
    """The documented exception for an error response, carrying the vendor's parsed error body.

    A server that echoes the credentials back (``you sent X-Api-Key sk-live-...``) never gets
    them into the message, the body or ``response.text``: the body is redacted before parsing.
    """
    content = response.content
    for secret in secrets:
        content = content.replace(secret.encode("utf-8"), b"***")
    response._content = content
    body = _error_body(response, options.errors.get(response.status_code))
    summary = _error_summary(body)
    message = f"{options.method.upper()} {options.path} returned {response.status_code}"
    message += f": {summary}" if summary else ""
    return status_error_class(response.status_code)(message, response=response, body=body)


def _finite_seconds(text: str, scale: float = 1.0) -> float | None:
    try:
        seconds = float(text) / scale
    except ValueError:
        return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks us to wait (``retry-after-ms``, or ``Retry-After`` seconds or date).

    A value that is neither (``soon``, ``nan``, a malformed date) is ignored: the usual backoff applies.
    """
    if (millis := headers.get("retry-after-ms")) is not None and (
        seconds := _finite_seconds(millis, 1000)
    ) is not None:
        return seconds
    value = headers.get("retry-after")
    if not value:
        return None
    if (seconds := _finite_seconds(value)) is not None:
        return seconds
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    try:
        return max(parsed.timestamp() - time.time(), 0.0)
    except (OverflowError, OSError, ValueError):
        return None


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """How long to wait before retry number ``attempt`` (0-based): Retry-After, capped, else backoff."""
    if response is not None:
        requested = retry_after(response.headers)
        if requested is not None:
            return min(requested, MAX_RETRY_AFTER)
    backoff = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return backoff * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not security


def should_retry(
    method: str,
    *,
    response: httpx.Response | None,
    error: Exception | None,
    retry_non_idempotent: bool,
    body_replayable: bool = True,
) -> bool:
    """Whether a failed attempt may be repeated without risking doing its work twice.

    A body that can be sent only once (an iterator of chunks) is repeated only when the
    connection was never made: once it went out, a retry would send an empty body.
    """
    idempotent = method.upper() in IDEMPOTENT_METHODS or retry_non_idempotent
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
    if not body_replayable and not never_sent:
        return False
    if error is not None:
        return never_sent or (idempotent and isinstance(error, httpx.TransportError))
    if response is None:
        return False
    if response.status_code == 429:
        return True
    return idempotent and (response.status_code in RETRYABLE_STATUSES or response.status_code >= 500)


def checked_key(key: str) -> str:
    """A key or token as it may travel: stripped (one read from a file ends in a newline), checked.

    Stripped before it can reach a header, a debug log or a traceback's locals; one with control
    characters inside is refused, without echoing it.
    """
    key = key.strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in key):
        raise ValueError(
            "the API key contains a control character (a line break?); check where it is read from"
        )
    return key


class _BaseClient:
    """Configuration common to the sync and async clients."""

    _sleep: Callable[[float], Any]

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        auth: AuthScheme,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_non_idempotent: bool,
        default_headers: Mapping[str, str],
        user_agent: str,
        token_provider: Callable[[], str] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self._api_key = api_key
        self._token_provider = token_provider
        self.base_url = httpx.URL(str(base_url))
        self._auth = auth
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_non_idempotent = retry_non_idempotent
        self._default_headers = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            **default_headers,
        }

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} api_key=***>"

    def build_request(self, options: RequestOptions) -> httpx.Request:
        """The ``httpx.Request`` these options produce, with authentication: no network."""
        request = build_request(self.base_url, options, default_headers=self._default_headers)
        key = self._api_key if self._token_provider is None else checked_key(self._token_provider())
        request.headers.update(self._auth.headers(key))
        return request

    def _timeout(self, options: RequestOptions) -> TimeoutTypes:
        return self.timeout if isinstance(options.timeout, Omit) else options.timeout

    def _final_error(
        self,
        attempt: int,
        request: httpx.Request,
        options: RequestOptions,
        response: httpx.Response | None,
        error: httpx.TransportError | None,
    ) -> APIError | None:
        """The error a failed attempt ends the call with, or None when it may be retried."""
        if attempt < self.max_retries and should_retry(
            request.method,
            response=response,
            error=error,
            retry_non_idempotent=self.retry_non_idempotent,
            body_replayable=replayable(options.content),
        ):
            return None
        secrets = sent_credentials(request, self._auth)
        if error is not None:
            return _connection_error(error, request, secrets)
        assert response is not None
        return make_status_error(response, options, secrets)


def _log_retry(request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
    log.info(
        "retrying %s %s in %.2fs (attempt %d): %s",
        request.method,
        request.url.path,
        delay,
        attempt + 1,
        reason,
    )


def _reason(response: httpx.Response | None, error: Exception | None) -> str:
    return f"status {response.status_code}" if response is not None else type(error).__name__


def _connection_error(
    error: httpx.TransportError, request: httpx.Request, secrets: tuple[str, ...]
) -> APIConnectionError:
    """The documented error for a transport failure, naming where it went and why (raised from it)."""
    url = request.url
    where = f"{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(request=request, where=where)
    reason = redacted(str(error), secrets) or "no detail"
    return APIConnectionError(
        f"Connection error: {type(error).__name__} talking to {where}: {reason}", request=request
    )


class SyncAPIClient(_BaseClient):
    """Sends requests with retries over a synchronous ``httpx.Client``."""

    def __init__(self, *, http_client: httpx.Client | None = None, **settings: Any) -> None:
        super().__init__(**settings)
        self._owns_http_client = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=self.timeout)
        self._sleep = time.sleep

    def close(self) -> None:
        """Close the underlying HTTP client, unless it was passed in."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @overload
    def request(self, options: RequestOptions, cast_to: type[T]) -> T: ...

    @overload
    def request(self, options: RequestOptions, cast_to: Any) -> Any: ...

    def request(self, options: RequestOptions, cast_to: Any) -> Any:
        """Send, retrying as allowed, and parse the success response into ``cast_to``.

        Under ``with_raw_response``: the :class:`APIResponse` instead; under
        ``with_streaming_response``: a :class:`StreamedResponse` over the unread body.
        """
        mode = take_mode()
        if mode == "stream":
            return StreamedResponse[Any](self.request_raw(options, stream=True), cast_to)
        if mode == "raw":
            return APIResponse[Any](self.request_raw(options), cast_to)
        return parse_response(self.request_raw(options), cast_to)

    def request_raw(self, options: RequestOptions, *, stream: bool = False) -> httpx.Response:
        """Send, retrying as allowed; raise the documented error for an error status.

        With ``stream``, the success response's body is left unread for the caller.
        """
        request = self.build_request(options)
        timeout = httpx.Timeout(self._timeout(options))
        request.extensions["timeout"] = timeout.as_dict()
        for attempt in range(self.max_retries + 1):
            response: httpx.Response | None = None
            error: httpx.TransportError | None = None
            try:
                response = _send_and_read_sync(self._http, request, timeout, stream)
            except httpx.TransportError as exc:
                error = exc
            if response is not None and response.status_code < 300:
                return response
            if (failure := self._final_error(attempt, request, options, response, error)) is not None:
                raise failure from error
            delay = retry_delay(attempt, response)
            _log_retry(request, attempt, delay, _reason(response, error))
            if response is not None:
                response.close()
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


class AsyncAPIClient(_BaseClient):
    """Sends requests with retries over an ``httpx.AsyncClient``."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **settings: Any) -> None:
        import asyncio  # noqa: PLC0415 - about 30 ms of import that only the async client needs

        super().__init__(**settings)
        self._owns_http_client = http_client is None
        limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
        self._http = (
            http_client if http_client is not None else httpx.AsyncClient(timeout=self.timeout, limits=limits)
        )
        # A caller's own http_client keeps its own limits; ours are matched by the semaphore.
        self._slots: asyncio.Semaphore | None = (
            asyncio.Semaphore(MAX_CONNECTIONS) if http_client is None else None
        )
        self._sleep = asyncio.sleep

    async def _send(self, request: httpx.Request, timeout: httpx.Timeout, stream: bool) -> httpx.Response:
        """One attempt: send and read the body (capped), holding a slot of the pool when it is ours.

        A streamed body is read after the slot is given back: the caller holds its connection
        for as long as it reads, and further requests wait for one in httpx's pool.
        """
        if self._slots is None:
            return await _send_and_read(self._http, request, timeout, stream)
        async with self._slots:
            return await _send_and_read(self._http, request, timeout, stream)

    async def close(self) -> None:
        """Close the underlying HTTP client, unless it was passed in."""
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self: _A) -> _A:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @overload
    async def request(self, options: RequestOptions, cast_to: type[T]) -> T: ...

    @overload
    async def request(self, options: RequestOptions, cast_to: Any) -> Any: ...

    async def request(self, options: RequestOptions, cast_to: Any) -> Any:
        """Send, retrying as allowed, and parse the success response into ``cast_to``.

        Under ``with_raw_response``: the :class:`APIResponse` instead; under
        ``with_streaming_response``: an :class:`AsyncStreamedResponse` over the unread body.
        """
        mode = take_mode()
        if mode == "stream":
            return AsyncStreamedResponse[Any](await self.request_raw(options, stream=True), cast_to)
        if mode == "raw":
            return APIResponse[Any](await self.request_raw(options), cast_to)
        return parse_response(await self.request_raw(options), cast_to)

    async def request_raw(self, options: RequestOptions, *, stream: bool = False) -> httpx.Response:
        """Send, retrying as allowed; raise the documented error for an error status.

        With ``stream``, the success response's body is left unread for the caller.
        """
        request = self.build_request(replace(options, content=async_content(options.content)))
        timeout = httpx.Timeout(self._timeout(options))
        request.extensions["timeout"] = timeout.as_dict()
        for attempt in range(self.max_retries + 1):
            response: httpx.Response | None = None
            error: httpx.TransportError | None = None
            try:
                response = await self._send(request, timeout, stream)
            except httpx.TransportError as exc:
                error = exc
            if response is not None and response.status_code < 300:
                return response
            if (failure := self._final_error(attempt, request, options, response, error)) is not None:
                raise failure from error
            delay = retry_delay(attempt, response)
            _log_retry(request, attempt, delay, _reason(response, error))
            if response is not None:
                await response.aclose()
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


_C = TypeVar("_C", bound=SyncAPIClient)
_A = TypeVar("_A", bound=AsyncAPIClient)


M = TypeVar("M", bound="VendorModel")


def model_body(model: type[M], /, **fields: Any) -> M:
    """The request model made from a method's keyword arguments (by model field name), strictly checked.

    Raises:
        RequestValidationError: an unknown key, a wrong type or a broken limit (each named), before sending.
    """
    given = {name: value for name, value in fields.items() if not isinstance(value, Omit)}
    return cast(M, validate_request(model, given))


def value_body(target: Any, value: Any) -> Any:
    """A non-object JSON body (a bare string enum, a list), validated strictly before sending."""
    return validate_request(target, value)
