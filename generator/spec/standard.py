"""Validate a document against the OpenAPI standard with openapi-spec-validator.

The library reports errors found inside schema objects, parameters and
operations with paths relative to the object it was checking, and some with
no path at all.  Each keyword validator is wrapped here so that every error
leaves with the absolute location of the object being checked; lines are then
found by :mod:`generator.spec.locate`. Its two JSON-schema passes ask
jsonschema-rs first (:mod:`generator.spec.fast_check`): only a document or
schema object it rejects is checked by the Python validator, for its errors.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

# jsonschema_rs, when importable, changes the backend and with it the messages.
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")

from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from jsonschema_path import SchemaPath
from jsonschema_specifications import REGISTRY as METASCHEMAS  # type: ignore[import-untyped]
from openapi_schema_validator._specifications import (
    REGISTRY as OPENAPI_SPECIFICATIONS,
)
from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)
from openapi_spec_validator.schemas import schema_v30, schema_v31
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    UnresolvableParameterError,
)
from openapi_spec_validator.validation.validators import SpecValidator
from referencing import Resource

from generator.spec.diagnostics import Severity
from generator.spec.fast_check import quick_validator
from generator.spec.refs import Finding

__all__ = ["check_standard", "spec_validator"]

_LOCATION = "_vendorgen_location"

# Reported by generator.spec.lint with a precise location and a clearer message.
_COVERED_BY_LINT = (DuplicateOperationIDError, UnresolvableParameterError)


_SEEN_LISTS = ("visited_schema_ids", "meta_checked_schema_ids")
"""The schema validator's registries of schemas already visited and already checked: lists."""


class _SeenIds(set[int]):
    """A set where the schema validator expects a list: it only asks ``in`` and calls ``append``.

    With lists, each schema object visited searched every one visited before: quadratic in the
    schemas of a spec (0.8 s of the keyword pass at 1,000 operations, and nine times that at 3,000).
    """

    def append(self, schema_id: int) -> None:
        """Remember a schema (the list method the validator calls)."""
        self.add(schema_id)


def _locating(keyword_class: type[Any]) -> type[Any]:
    """Subclass a keyword validator so its errors carry the checked object's location."""

    class Locating(keyword_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in _SEEN_LISTS:
                if isinstance(getattr(self, name, None), list):
                    setattr(self, name, _SeenIds(getattr(self, name)))

        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            base = tuple(where.parts) if where is not None else ()
            for error in super().__call__(*args, **kwargs):
                if getattr(error, _LOCATION, None) is None:
                    setattr(error, _LOCATION, (*base, *error.absolute_path))
                yield error

        if hasattr(keyword_class, "_validate_schema_meta"):

            def _validate_schema_meta(self, schema: SchemaPath, schema_value: Any) -> Any:
                return _remembered_meta_check(self, schema, schema_value, super()._validate_schema_meta)

    Locating.__name__ = f"Locating{keyword_class.__name__}"
    return Locating


_META_CHECKS: dict[tuple[str, str, str], Any] = {}
"""Results of checking a schema object against its dialect's metaschema, by dialect and content."""
_META_CHECKS_KEPT = 20_000


def _remembered_meta_check(
    validator: Any, schema: SchemaPath, schema_value: Any, original: Callable[[SchemaPath, Any], Any]
) -> Any:
    """The metaschema check of a schema object, once per distinct content (and dialect).

    The check is a function of the schema's value and dialect alone (references are checked as
    strings, not followed), and it is most of the standard's keyword pass: specs repeat the same
    shapes (every ``{"type": "string"}``, every paging envelope). Each caller gets its own copy
    of an error, since the caller records the error's location on it.
    """
    try:
        dialect = (
            validator._get_schema_dialect_id(schema, schema_value)
            if hasattr(validator, "_get_schema_dialect_id")
            else ""
        )
        key = (type(validator).__name__, str(dialect), json.dumps(schema_value, sort_keys=True, default=repr))
    except (TypeError, ValueError):  # keys of mixed types, an unknown dialect: check it the usual way
        return original(schema, schema_value)
    if key not in _META_CHECKS:
        if len(_META_CHECKS) >= _META_CHECKS_KEPT:
            _META_CHECKS.clear()
        quick = _quick_meta_check(validator, str(dialect))
        valid = quick is not None and quick(schema_value)
        _META_CHECKS[key] = None if valid else original(schema, schema_value)
    found = _META_CHECKS[key]
    return None if found is None else copy.copy(found)


_QUICK_META: dict[tuple[str, str], Callable[[Any], bool] | None] = {}


def _quick_meta_check(validator: Any, dialect: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's yes-or-no for the library's metaschema check; None where it cannot be built.

    See :mod:`generator.spec.fast_check`. The library checks with the dialect's validator class
    (3.1) or its schema validator class (3.0): that class's metaschema, the OpenAPI registry,
    and its format checker.
    """
    key = (type(validator).__name__, dialect)
    if key not in _QUICK_META:
        try:
            if hasattr(validator, "_get_validator_class_for_dialect"):
                checked = validator._get_validator_class_for_dialect(dialect)
                formats = validator.schema_validator_format_checker
            else:
                checked = validator.schema_validator_cls
                formats = checked.FORMAT_CHECKER
            _QUICK_META[key] = (
                None
                if checked is None
                else quick_validator(checked.META_SCHEMA, OPENAPI_SPECIFICATIONS, formats)
            )
        except Exception:  # noqa: BLE001 - a metaschema jsonschema-rs cannot compile: Python checks alone
            _QUICK_META[key] = None
    return _QUICK_META[key]


@functools.cache
def _quick_document_check(version: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's yes-or-no for the document against the standard's schema; None if it cannot be built.

    Formats are not asserted, as the Python pass (built without a format checker) does not.
    """
    try:
        return quick_validator(schema_v30 if version == "3.0" else schema_v31, METASCHEMAS, None)
    except Exception:  # noqa: BLE001 - jsonschema-rs cannot compile it: Python checks alone
        return None


def _crawled(schema: Mapping[str, Any]) -> Validator:
    """The validator of the standard's own JSON schema, with its references indexed once.

    openapi-spec-validator builds it over an uncrawled registry, so every ``$dynamicRef`` of the
    3.1 schema crawls the whole registry again (252 crawls of some 370 resources for the four
    vendor specs: three quarters of the pass). Indexing once gives the same errors in the same order.
    """
    validator_class = validator_for(schema)
    contents = dict(schema)
    registry = (Resource.from_contents(contents) @ METASCHEMAS).crawl()
    validator: Validator = validator_class(contents, registry=registry)
    return validator


def _with_locations(validator_class: type[SpecValidator], schema: Mapping[str, Any]) -> type[SpecValidator]:
    wrapped = {name: _locating(cls) for name, cls in validator_class.keyword_validators.items()}
    return type(
        f"Locating{validator_class.__name__}",
        (validator_class,),
        {"keyword_validators": wrapped, "schema_validator": _crawled(schema)},
    )


@functools.cache
def spec_validator(version: str) -> type[SpecValidator]:
    """The validator class of an OpenAPI version ("3.0" or "3.1"), built once per process."""
    if version == "3.0":
        return _with_locations(OpenAPIV30SpecValidator, schema_v30)
    return _with_locations(OpenAPIV31SpecValidator, schema_v31)


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
    version = "3.0" if str(document.get("openapi", "")).startswith("3.0") else "3.1"
    validator = spec_validator(version)(document)
    findings: list[Finding] = []
    quick = _quick_document_check(version)
    if quick is None or not quick(document):
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
