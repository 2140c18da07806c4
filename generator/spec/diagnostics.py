"""Problems found in input files, as values that carry their location.

Every stage reports what it finds as :class:`Diagnostic` values instead of
raising on the first problem, so that a user sees every problem of a file in
one run; errors stop generation, warnings do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "Diagnostic",
    "Severity",
    "SpecError",
    "format_pointer",
    "has_errors",
    "render_json",
    "render_text",
]


class Severity(StrEnum):
    """How bad a problem is: errors fail a command, warnings only inform."""

    ERROR = "error"
    WARNING = "warning"


def format_pointer(parts: Sequence[str | int]) -> str:
    """Render path parts as a JSON pointer fragment (RFC 6901), e.g. ``#/paths/~1v1``."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "#/" + "/".join(escaped) if parts else "#"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place of one file.

    ``line`` and ``column`` are 1-based; 0 means the place is the whole file.
    """

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    pointer: str = "#"

    def format(self) -> str:
        """Render as ``file:line:column: severity: message [pointer]`` for terminals and editors."""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity.value}: "
            f"{self.message} [{self.pointer}]"
        )

    def to_json(self) -> dict[str, Any]:
        """A plain mapping for ``--format json``."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class SpecError(Exception):
    """Raised when input cannot be used at all; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def _counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    return errors, len(diagnostics) - errors


def render_text(diagnostics: Sequence[Diagnostic], checked_files: Sequence[str]) -> str:
    """One line per diagnostic, then a summary line."""
    errors, warnings = _counts(diagnostics)
    lines = [d.format() for d in sorted(diagnostics)]
    lines.append(f"{errors} error(s), {warnings} warning(s) in {len(checked_files)} file(s)")
    return "\n".join(lines)


def render_json(diagnostics: Sequence[Diagnostic], checked_files: Sequence[str]) -> str:
    """A stable JSON document for machines (CI annotations, editors)."""
    errors, warnings = _counts(diagnostics)
    document = {
        "files": list(checked_files),
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [d.to_json() for d in sorted(diagnostics)],
    }
    return json.dumps(document, indent=2, sort_keys=True)
