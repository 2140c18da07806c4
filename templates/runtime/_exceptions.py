"""Errors raised by the client.

The hierarchy::

    VendorError
    ├── MissingAPIKeyError          no API key given and none in the environment
    ├── RequestValidationError      an argument breaks the documented request shape; nothing sent
    └── APIError                    anything that went wrong talking to the API
        ├── APIConnectionError      the request could not be sent or answered
        │   └── APITimeoutError     ... within the timeout
        ├── APIResponseValidationError
        │                           the response did not match the documented shape
        └── APIStatusError          the API answered with a 3xx, 4xx or 5xx status
            ├── RedirectError               3xx (redirects are not followed)
            ├── BadRequestError             400
            ├── AuthenticationError         401
            ├── PermissionDeniedError       403
            ├── NotFoundError               404
            ├── ConflictError               409
            ├── UnprocessableEntityError    422
            ├── RateLimitError              429
            └── InternalServerError         5xx

Every ``APIStatusError`` carries ``status_code``, the ``response`` and ``body``:
the vendor's error body parsed into its documented model when the operation
documents one for that status, else the decoded JSON, else the text.  No
message ever contains the API key or request headers.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestValidationError",
    "UnprocessableEntityError",
    "VendorError",
]


class VendorError(Exception):
    """Base of every error this client raises."""


class RequestValidationError(VendorError, ValueError):
    """An argument does not match the documented request: an unknown key, a wrong type, a broken limit.

    Raised before anything is sent. ``errors`` lists each problem as ``(where, message)``, where
    names the argument by its Python name with the wire name beside it when they differ
    (``schedule.window_start (windowStart)``); the pydantic error is the ``__cause__``.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        shown = "; ".join(f"{where}: {message}" for where, message in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"invalid request, nothing was sent: {shown}{more}")


class MissingAPIKeyError(VendorError):
    """No API key was passed and the vendor's environment variable is not set."""


class APIError(VendorError):
    """A request failed; ``request`` is the request that was sent or attempted."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The request could not be sent, or no response arrived."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """No response arrived within the timeout."""

    def __init__(self, *, request: httpx.Request, where: str = "") -> None:
        super().__init__(f"Request to {where} timed out." if where else "Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """The response body is not valid JSON or does not match the documented model."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with an error status (4xx or 5xx), or a redirect the client did not follow."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class RedirectError(APIStatusError):
    """3xx: the API answered with a redirect, which the client does not follow.

    Following it would send the API key to wherever it points; ``location`` says where that is.
    """

    @property
    def location(self) -> str | None:
        """The ``Location`` header of the redirect, if any."""
        location: str | None = self.response.headers.get("location")
        return location


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: the credentials are missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials do not allow this request."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but failed validation."""


class RateLimitError(APIStatusError):
    """429: too many requests."""


class InternalServerError(APIStatusError):
    """5xx: the API failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an error status: the one mapping of status codes to errors."""
    if status_code >= 500:
        return InternalServerError
    if 300 <= status_code < 400:
        return RedirectError
    return _BY_STATUS.get(status_code, APIStatusError)
