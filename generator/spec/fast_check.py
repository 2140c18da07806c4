"""A quick "valid" from jsonschema-rs before the Python validator is asked for its errors.

The standard's two JSON-schema passes (the document against the OpenAPI schema, and every
schema object against its dialect's metaschema) are most of validation, and Python's
jsonschema spends about 5 ms a schema object on them. Nearly every spec is valid, so each
check asks jsonschema-rs (compiled Rust, the same JSON Schema drafts) first: a *yes* ends the
check, a *no* hands it to the Python validator, which gives the diagnostics it always gave.

That keeps the diagnostics identical only if jsonschema-rs never accepts what Python rejects.
For keywords both follow the drafts (each passes the JSON-Schema-Test-Suite). For ``format``,
which is where they differ (``(?<x>a)`` is an ECMA regex, not a Python one), every format the
Python side asserts is checked by the Python side's own checker, called from jsonschema-rs; the
formats only jsonschema-rs asserts (``uri-reference``) can make it stricter, never laxer, and a
stricter *no* only costs the Python check. ``tests/spec/test_fast_check.py`` holds the two to
the same verdict on the corpus, the vendors and invalid documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs
from jsonschema import FormatChecker
from referencing import Registry

__all__ = ["quick_validator"]

_Check = Callable[[Any], bool]


def _format_function(checker: FormatChecker, name: str) -> Callable[[str], bool]:
    def conforms(value: str) -> bool:
        return checker.conforms(value, name)

    return conforms


def quick_validator(
    schema: Mapping[str, Any], registry: Registry[Any], format_checker: FormatChecker | None
) -> _Check:
    """``is_valid`` of ``schema`` compiled by jsonschema-rs, its references read from ``registry``.

    With a ``format_checker``, formats are asserted, each one it knows by it; without, none is
    (as a Python validator built without one). Compile once and keep it: compiling takes
    milliseconds, checking microseconds.
    """

    def retrieve(uri: str) -> Any:
        return registry.contents(uri)

    formats = (
        {name: _format_function(format_checker, name) for name in format_checker.checkers}
        if format_checker is not None
        else {}
    )
    validator = jsonschema_rs.validator_for(
        dict(schema),
        retriever=retrieve,
        validate_formats=format_checker is not None,
        formats=formats,
    )

    def is_valid(instance: Any) -> bool:
        try:
            return bool(validator.is_valid(instance))
        except Exception:  # noqa: BLE001 - not JSON (a YAML date, a key not a string): ask Python
            return False

    return is_valid
