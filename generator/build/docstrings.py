"""Method docstrings: what the spec says of an operation, in the order a reader needs it.

Summary, description, the notes the spec records about its own sources (incomplete or
contradictory vendor pages: ``x-docs-incomplete``, ``x-docs-conflict``, ``x-docs-note``),
``Args``, ``Returns`` (the type and the response's description) and ``Raises`` (the exception
class of each documented error status, and the client's own errors). All spec text passes
through :func:`clean`, so it can never close the docstring.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any

from generator.build.ir import Param
from generator.spec.walk import resolve_local

__all__ = ["clean", "method_docstring", "schema_facts"]

_STATUS_ERRORS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
"""The exception class per status, as the runtime's ``status_error_class`` picks it."""


def clean(text: Any) -> str:
    """Spec text made safe for a docstring: no control characters, no triple quotes, no stray backslashes."""
    value = str(text or "")
    value = re.sub(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", value)
    value = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable())
    value = value.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    return value[:-1] + '\\"' if value.endswith('"') else value  # a quote before the closing """


def _bounds(schema: Mapping[str, Any], low: str, high: str, unit: str = "") -> str:
    lower, upper = schema.get(low), schema.get(high)
    numbers = (int, float)
    lower = lower if isinstance(lower, numbers) and not isinstance(lower, bool) else None
    upper = upper if isinstance(upper, numbers) and not isinstance(upper, bool) else None
    suffix = f" {unit}" if unit else ""
    if lower is not None and upper is not None:
        return f"{lower} to {upper}{suffix}"
    if lower is not None:
        return f"at least {lower}{suffix}"
    return f"at most {upper}{suffix}" if upper is not None else ""


def _number_bounds(schema: Mapping[str, Any]) -> str:
    text = _bounds(schema, "minimum", "maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    strict = [
        *([f"more than {above}"] if isinstance(above, int | float) and not isinstance(above, bool) else []),
        *([f"less than {below}"] if isinstance(below, int | float) and not isinstance(below, bool) else []),
    ]
    return ", ".join([text, *strict] if text else strict)


def schema_facts(document: Any, schema: Any, depth: int = 0) -> str:
    """What a schema fixes beyond the type, for an argument's docstring: ranges, lengths, format, default."""
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > 2:
        return ""
    facts = [
        _number_bounds(resolved),
        _bounds(resolved, "minLength", "maxLength", "characters"),
        _bounds(resolved, "minItems", "maxItems", "items"),
    ]
    plain_formats = ("int32", "int64", "float", "double")
    if isinstance(resolved.get("format"), str) and resolved["format"] not in plain_formats:
        facts.append(f"format {resolved['format']}")
    each = schema_facts(document, resolved.get("items"), depth + 1) if resolved.get("type") == "array" else ""
    if each:
        facts.append(f"each {each}")
    if "default" in resolved and resolved["default"] is not None:
        facts.append(f"default {resolved['default']!r}")
    return "; ".join(fact for fact in facts if fact)


def _argument_text(param: Param) -> str:
    if not param.facts:
        return param.description
    description = param.description.rstrip()
    if not description:
        return param.facts[0].upper() + param.facts[1:] + "."
    if description.endswith(")."):  # one parenthesis, not two in a row
        return f"{description[:-2]}; {param.facts})."
    if description.endswith("."):
        return f"{description[:-1]} ({param.facts})."
    return f"{description} ({param.facts})"


def _section(title: str, entries: list[tuple[str, str]]) -> str:
    lines = [f"{title}:"]
    for name, text in entries:
        lines.append(f"    {name}: " + textwrap.fill(clean(text), 88, subsequent_indent="        "))
    return "\n".join(lines)


def _notes(operation: Mapping[str, Any]) -> list[str]:
    notes = []
    if operation.get("x-docs-incomplete") is True:
        notes.append("The vendor's documentation of this operation is incomplete.")
    for key, label in (("x-docs-conflict", "The vendor's pages disagree"), ("x-docs-note", "Note")):
        text = operation.get(key)
        if isinstance(text, str) and text.strip():
            notes.append(f"{label}: {text.strip()}")
    return notes


def _raises(document: Any, operation: Mapping[str, Any], has_body: bool) -> list[tuple[str, str]]:
    responses = operation.get("responses")
    documented = responses if isinstance(responses, Mapping) else {}
    by_class: dict[str, list[str]] = {}
    for code, raw in documented.items():
        if str(code).isdigit() and int(code) >= 400:
            fallback = "InternalServerError" if int(code) >= 500 else "APIStatusError"
            response = resolve_local(document, raw)
            text = clean(response.get("description") if isinstance(response, Mapping) else "").rstrip(".")
            by_class.setdefault(_STATUS_ERRORS.get(int(code), fallback), []).append(
                f"{code} ({text})" if text else str(code)
            )
    entries = [(name, "; ".join(codes) + ".") for name, codes in by_class.items()]
    other = "any other error status" if entries else "an error status"
    entries.append(("APIStatusError", f"{other} (every status error is a subclass of it)."))
    if has_body:
        entries.append(("RequestValidationError", "an argument breaks the documented request; none is sent."))
    entries.append(("APIConnectionError", "the request could not be sent, or no answer came in time."))
    return entries


def method_docstring(
    document: Any, operation: Mapping[str, Any], params: list[Param], returns: str, success: Any
) -> str:
    """The docstring of an operation's method (its first line is the summary)."""
    summary, description = operation.get("summary"), operation.get("description")
    first = clean(summary) or clean(description).split("\n", 1)[0]
    parts = [first or "Call the operation."]
    rest = clean(description)
    if rest and rest != first:
        parts.append("\n".join(textwrap.fill(p, 96) for p in rest.split("\n") if p.strip()))
    parts += [textwrap.fill(clean(note), 96) for note in _notes(operation)]
    documented = [(p.python_name, _argument_text(p)) for p in params if p.description or p.facts]
    if documented:
        parts.append(_section("Args", documented))
    if returns != "None":
        response = resolve_local(document, success)
        text = response.get("description") if isinstance(response, Mapping) else ""
        parts.append(_section("Returns", [(returns, str(text or "the response body."))]))
    has_body = any(p.location in ("body", "file") for p in params) or "requestBody" in operation
    parts.append(_section("Raises", _raises(document, operation, has_body)))
    text = "\n\n".join(parts)
    return text + "\n"
