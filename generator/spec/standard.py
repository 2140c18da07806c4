"""Validate a document against the OpenAPI standard with openapi-spec-validator.

The library reports errors found inside schema objects, parameters and
operations with paths relative to the object it was checking, and some with
no path at all.  Each keyword validator is wrapped here so that every error
leaves with the absolute location of the object being checked; lines are then
found by :mod:`generator.spec.locate`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

# jsonschema_rs, when importable, changes the backend and with it the messages.
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")

from jsonschema.exceptions import ValidationError
from jsonschema_path import SchemaPath
from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    UnresolvableParameterError,
)
from openapi_spec_validator.validation.validators import SpecValidator

from generator.spec.diagnostics import Severity
from generator.spec.refs import Finding

__all__ = ["check_standard"]

_LOCATION = "_vendorgen_location"

# Reported by generator.spec.lint with a precise location and a clearer message.
_COVERED_BY_LINT = (DuplicateOperationIDError, UnresolvableParameterError)


def _locating(keyword_class: type[Any]) -> type[Any]:
    """Subclass a keyword validator so its errors carry the checked object's location."""

    class Locating(keyword_class):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            base = tuple(where.parts) if where is not None else ()
            for error in super().__call__(*args, **kwargs):
                if getattr(error, _LOCATION, None) is None:
                    setattr(error, _LOCATION, (*base, *error.absolute_path))
                yield error

    Locating.__name__ = f"Locating{keyword_class.__name__}"
    return Locating


def _with_locations(validator_class: type[SpecValidator]) -> type[SpecValidator]:
    wrapped = {name: _locating(cls) for name, cls in validator_class.keyword_validators.items()}
    return type(f"Locating{validator_class.__name__}", (validator_class,), {"keyword_validators": wrapped})


_V30 = _with_locations(OpenAPIV30SpecValidator)
_V31 = _with_locations(OpenAPIV31SpecValidator)


def _most_specific(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures the deepest sub-error says what is actually wrong."""
    best = error
    for sub in error.context or ():
        candidate = _most_specific(sub)
        if len(candidate.absolute_path) > len(best.absolute_path) or best is error:
            best = candidate
    return best


def _finding(error: ValidationError, base: tuple[str | int, ...]) -> Finding:
    specific = _most_specific(error)
    extra = tuple(specific.absolute_path)[len(error.absolute_path) :] if specific is not error else ()
    return (*base, *extra), Severity.ERROR, "openapi-schema", specific.message


def check_standard(document: Any) -> list[Finding]:
    """Every error the standard's validator finds, each with an absolute location."""
    if not isinstance(document, Mapping):
        return [((), Severity.ERROR, "openapi-schema", "an OpenAPI document must be a mapping")]
    version = str(document.get("openapi", ""))
    validator = (_V30 if version.startswith("3.0") else _V31)(document)
    findings: list[Finding] = []
    for error in validator.schema_validator.iter_errors(document):
        findings.append(_finding(error, tuple(error.absolute_path)))
    try:
        for error in validator.root_validator(validator.schema_path):
            if isinstance(error, _COVERED_BY_LINT):
                continue
            findings.append(_finding(error, getattr(error, _LOCATION, ())))
    except Exception as exc:  # noqa: BLE001 - the library assumes a well-formed structure
        if not findings:
            findings.append(((), Severity.ERROR, "openapi-schema", f"validator failed: {exc}"))
    unique: dict[tuple[tuple[str | int, ...], str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding[0], finding[3]), finding)
    return list(unique.values())
