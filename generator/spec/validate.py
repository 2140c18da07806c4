"""``vendorgen validate``: the standard, then the project's rules, as located diagnostics.

Order matters: references are checked first (a dangling one would stop the
standard's validator), the standard's validator runs on a copy without the bad
references, and the project's lint runs last on the original document.
"""

from __future__ import annotations

from pathlib import Path

from generator.spec.diagnostics import Diagnostic, Severity, SpecError, format_pointer
from generator.spec.lint import lint
from generator.spec.loader import SpecDocument, load_document
from generator.spec.locate import locate
from generator.spec.refs import Finding, check_refs, without_bad_refs
from generator.spec.standard import check_standard

__all__ = ["validate_document", "validate_file"]


def _diagnostic(document: SpecDocument, finding: Finding) -> Diagnostic:
    location, severity, rule, message = finding
    line, column = locate(document.node, location)
    return Diagnostic(document.file, line, column, severity, rule, message, format_pointer(location))


def validate_document(document: SpecDocument) -> list[Diagnostic]:
    """Every problem of a loaded document, errors and warnings, sorted by place."""
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__ if document.data is not None else "empty"
        return [
            Diagnostic(
                document.file,
                1,
                1,
                Severity.ERROR,
                "openapi-schema",
                f"the document is {kind}, not a mapping with `openapi`, `info` and `paths`",
            )
        ]
    ref_findings = check_refs(document.data)
    findings = ref_findings + check_standard(
        without_bad_refs(document.data) if ref_findings else document.data
    )
    findings += lint(document.data)
    diagnostics = list(document.problems) + [_diagnostic(document, f) for f in findings]
    return sorted(set(diagnostics))


def validate_file(path: Path) -> list[Diagnostic]:
    """Load and validate one spec file; load failures come back as diagnostics."""
    try:
        document = load_document(path)
    except SpecError as exc:
        return list(exc.diagnostics)
    return validate_document(document)
