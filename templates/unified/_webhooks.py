"""Webhook deliveries: signature checks and the parsed event.

Signatures are checked on the raw body bytes, before anything is parsed, with
a constant-time comparison.  Nothing is accepted silently: a delivery that
carries a signature while no secret is given, a secret for a vendor that signs
nothing, and a missing or wrong signature are all errors that say what to do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._results import Source

__all__ = [
    "Signature",
    "SignatureError",
    "WebhookError",
    "WebhookEvent",
    "WebhookSpec",
    "parse_json",
    "verify",
]

P = TypeVar("P")


class WebhookError(ValueError):
    """A webhook delivery that cannot be read (not JSON, not the vendor's payload, a misused secret)."""

    def __init__(self, vendor: str, message: str) -> None:
        super().__init__(f"{vendor} webhook: {message}")
        self.vendor = vendor


class SignatureError(WebhookError):
    """A delivery whose signature is missing or does not match: it may not come from the vendor."""


@dataclass(frozen=True)
class Signature:
    """How a vendor signs deliveries: an HMAC of the raw body in a header."""

    header: str
    algorithm: str = "hmac-sha256"
    encoding: str = "hex"

    def expected(self, secret: str, body: bytes) -> str:
        """The header value a delivery of ``body`` signed with ``secret`` carries."""
        digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
        return digest.hex() if self.encoding == "hex" else base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class WebhookSpec:
    """One vendor's call webhook: where its record sits, how it reads, how it is signed."""

    vendor: str
    event: str
    at: str
    source: Source
    signature: Signature | None


@dataclass(frozen=True)
class WebhookEvent(Generic[P]):
    """One delivery: the vendor's typed payload and the call result it reports."""

    vendor: str
    event: str
    """The vendor's webhook (its operationId in the spec)."""
    payload: P
    result: Any
    """The canonical :class:`~vendorgen_unified.models.CallResult`."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), None)


def verify(
    vendor: str, signature: Signature | None, body: bytes, headers: Mapping[str, str], secret: str | None
) -> None:
    """Raise unless the delivery's signature is what ``secret`` gives (or the vendor signs nothing)."""
    if signature is None:
        if secret is not None:
            raise WebhookError(vendor, "the vendor documents no webhook signature: secret= cannot be checked")
        return
    sent = _header(headers, signature.header)
    if secret is None:
        if sent is not None:
            raise SignatureError(
                vendor, f"the delivery is signed ({signature.header}) but no secret= was given to check it"
            )
        return
    if sent is None:
        raise SignatureError(
            vendor, f"no {signature.header} header: the delivery is not signed with the secret"
        )
    expected = signature.expected(secret, body)
    given = sent.strip().lower() if signature.encoding == "hex" else sent.strip()  # hex digits in either case
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace")):
        raise SignatureError(
            vendor,
            f"{signature.header} does not match the body: not sent by {vendor}, or signed with another secret",
        )


def parse_json(vendor: str, raw: bytes) -> Any:
    """The JSON value of a delivery's body."""
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WebhookError(vendor, f"the body is not JSON ({exc})") from None
