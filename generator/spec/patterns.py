"""Schema ``pattern``s as Python's ``re`` can enforce them.

Docs written for JavaScript give patterns as literals (``/^[a-z]+$/i``); enforced literally, no
value matches. A literal is translated (its flags ``i``, ``m`` and ``s`` become inline flags; ``g``,
``u`` and ``y`` change nothing for a match). A pattern Python cannot compile at all would make
the generated package fail to import: it is not enforced, and lint warns naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PatternFix", "python_pattern"]

_LITERAL = re.compile(r"^/(?P<body>.*)/(?P<flags>[gimsuyd]*)$", re.S)
_INLINE = {"i": "i", "m": "m", "s": "s"}


@dataclass(frozen=True)
class PatternFix:
    """What a spec's pattern becomes: the pattern to enforce (None: none) and why it changed."""

    pattern: str | None
    reason: str


def python_pattern(pattern: str) -> PatternFix:
    """The pattern to enforce for ``pattern``; ``reason`` is empty when it is enforced as written."""
    usable, reason = pattern, ""
    literal = _LITERAL.match(pattern)
    if literal:
        flags = "".join(sorted({_INLINE[f] for f in literal["flags"] if f in _INLINE}))
        usable = (f"(?{flags})" if flags else "") + literal["body"]
        reason = f"written as a JavaScript literal; enforced as {usable!r}"
    try:
        re.compile(usable)
    except (re.error, RecursionError, OverflowError) as exc:
        return PatternFix(None, f"not a valid Python regular expression ({exc}); not enforced")
    return PatternFix(usable, reason)
