"""Characters that may not appear raw in generated source, and their escapes."""

from __future__ import annotations

import re

__all__ = ["escape_invisible"]

_INVISIBLE = {
    **{chr(code): f"\\x{code:02x}" for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]},
    **{chr(code): f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    "\r": "\\r",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_INVISIBLE_RE = re.compile("[" + "".join(re.escape(char) for char in _INVISIBLE) + "]")


def escape_invisible(source: str) -> str:
    """Control characters and Unicode line separators written as escapes.

    They can only come from spec text, and only inside string literals (identifiers cannot hold
    them), where an escape means the same character. Raw, they break tools that split lines
    on them (black's tokenizer, ``str.splitlines``) and hide text from reviewers.
    """
    return _INVISIBLE_RE.sub(lambda match: _INVISIBLE[match.group()], source)
