"""Field types and constraints as documentation pages write them.

Pages state a field's type as a token (``string``, ``integer[]``,
``enum<string>``, ``string | null``, ``string<uuid>``) and its constraints
either on lines of their own (``Required range: 1 <= x <= 1000``, ``Available
options: a, b``, ``default: 30``) or in prose ("maximum of 2", "range
10-4320", "Must be one of: `a`, `b`"). This module turns both into JSON Schema
keywords. It knows the formats only, never a vendor's fields.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "KNOWN_FORMATS",
    "attribute_line",
    "coerce",
    "literal",
    "parse_type",
    "prose_constraints",
    "prose_required",
]

_SCALARS = {
    "string": "string",
    "str": "string",
    "integer": "integer",
    "int": "integer",
    "number": "number",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "dict": "object",
    "array": "array",
    "list": "array",
    "null": "null",
    "file": "string",
    "any": "",
}
_FORMATS = {"file": "binary"}
_TYPE_RE = re.compile(
    r"^(?:(?P<enum>enum)<(?P<enum_of>\w+)>|(?P<base>\w+)(?:<(?P<format>[\w-]+)>)?)(?P<array>(?:\[\])*)$"
)


def parse_type(token: str) -> dict[str, Any] | None:
    """JSON Schema for a type token, or None when ``token`` is not one.

    ``string[]`` is an array of strings, ``enum<string>`` a string whose values
    come from an "Available options" line, ``string | null`` a nullable string,
    ``string<date-time>`` a string with a format.
    """
    alternatives = [_spelled_out(part.strip()) for part in token.strip().split("|")]
    if not alternatives or any(not part for part in alternatives):
        return None
    schemas = [_one_type(part) for part in alternatives]
    if any(schema is None for schema in schemas):
        return None
    resolved = [schema for schema in schemas if schema is not None]
    if len(resolved) == 1:
        return resolved[0]
    types = [schema.get("type") for schema in resolved]
    if all(isinstance(t, str) for t in types) and all(len(schema) == 1 for schema in resolved):
        return {"type": types}
    if len(resolved) == 2 and {"type": "null"} in resolved:
        other = next(schema for schema in resolved if schema != {"type": "null"})
        if isinstance(other.get("type"), str):
            return {**other, "type": [other["type"], "null"]}
    return {"anyOf": resolved}


_OF_RE = re.compile(r"^(?:array|list)\s+of\s+(?P<item>\w+?)s?$", re.I)
_GENERIC_RE = re.compile(r"^(?:array|list)\s*(?:<(?P<angle>\w+)>|\[(?P<square>\w+)\])$", re.I)
_SUFFIX_RE = re.compile(r"^(?P<item>\w+)\s+(?:array|list)$", re.I)
_PARENTHESIZED_FORMAT_RE = re.compile(r"^(?P<base>\w+)\s*\((?P<format>[\w-]+)\)$")
KNOWN_FORMATS = frozenset(
    {"date", "date-time", "time", "duration", "uuid", "email", "uri", "url", "hostname", "ipv4", "ipv6"}
    | {"int32", "int64", "float", "double", "byte", "binary", "password"}
)


def _spelled_out(token: str) -> str:
    """A type written in words, as its token (anything else is returned as it is).

    ``array of strings`` and ``List[str]`` are ``string[]``, ``string (date)`` is ``string<date>``.
    """
    for pattern in (_OF_RE, _SUFFIX_RE):
        if (match := pattern.match(token)) and match["item"].lower() in _SCALARS:
            return f"{match['item']}[]"
    if (match := _GENERIC_RE.match(token)) and (
        item := match["angle"] or match["square"]
    ).lower() in _SCALARS:
        return f"{item}[]"
    if (match := _PARENTHESIZED_FORMAT_RE.match(token)) and match["format"].lower() in KNOWN_FORMATS:
        return f"{match['base']}<{match['format'].lower()}>"
    return token


def _one_type(token: str) -> dict[str, Any] | None:
    match = _TYPE_RE.match(token.strip())
    if match is None:
        return None
    if match["enum"]:
        base = _SCALARS.get(match["enum_of"].lower())
        schema: dict[str, Any] = {"type": base} if base else {}
    else:
        name = match["base"].lower()
        if name not in _SCALARS:
            return None
        base = _SCALARS[name]
        schema = {"type": base} if base else {}
        fmt = match["format"] or _FORMATS.get(name)
        if fmt:
            schema["format"] = fmt
    for _ in range(len(match["array"]) // 2):
        schema = {"type": "array", "items": schema}
    return schema


def literal(text: str) -> Any:
    """A documented value: JSON when it parses, else the text without surrounding quotes or backticks."""
    text = text.strip().strip("`")
    try:
        return json.loads(text)
    except ValueError:
        pass
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


_NUMBER = r"-?\d+(?:\.\d+)?"
_RANGE_RE = re.compile(
    rf"^(?:Required range:\s*)?(?:(?P<low>{_NUMBER})\s*(?P<low_op><=?)\s*)?x\s*"
    rf"(?:(?P<high_op>[<>]=?)\s*(?P<high>{_NUMBER}))?$"
)
_LENGTH_RE = re.compile(
    r"^(?:Required string length|String length):\s*(?P<low>\d+)\s*-\s*(?P<high>\d+)$|"
    r"^(?P<which>Minimum|Maximum) (?:string )?length:\s*(?P<value>\d+)$|"
    r"^Required array length:\s*(?P<alow>\d+)\s*-\s*(?P<ahigh>\d+) elements?$",
    re.IGNORECASE,
)
_OPTIONS_RE = re.compile(
    r"^(?:Available options|Allowed values|Possible values|Enum):\s*(?P<values>.+)$", re.I
)
_DEFAULT_RE = re.compile(r"^default:\s*(?P<value>.*)$", re.IGNORECASE)
_EXAMPLE_RE = re.compile(r"^(?:example|examples):\s*(?P<value>.+)$", re.IGNORECASE)
_PATTERN_RE = re.compile(r"^\^.*\$$")
_FORMAT_RE = re.compile(r"^Format:\s*(?P<value>\S.*)$")


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _range(match: re.Match[str]) -> dict[str, Any] | None:
    keywords: dict[str, Any] = {}
    if match["low"] is not None:
        keywords["minimum" if match["low_op"] == "<=" else "exclusiveMinimum"] = _number(match["low"])
    if match["high"] is not None:
        op = match["high_op"]
        name = {"<=": "maximum", "<": "exclusiveMaximum", ">=": "minimum", ">": "exclusiveMinimum"}[op]
        keywords[name] = _number(match["high"])
    return keywords or None


def attribute_line(line: str) -> dict[str, Any] | None:  # noqa: PLR0911 - one return per kind of line
    """JSON Schema keywords stated by one attribute line of a rendered field block.

    Returns None when the line is not an attribute line (then it is description text).
    The key ``"example"`` carries an example value, ``"x-format-note"`` a format
    written in words.
    """
    text = line.strip()
    if not text:
        return None
    if match := _RANGE_RE.match(text):
        return _range(match)
    if match := _LENGTH_RE.match(text):
        if match["low"] is not None:
            return {"minLength": int(match["low"]), "maxLength": int(match["high"])}
        if match["alow"] is not None:
            return {"minItems": int(match["alow"]), "maxItems": int(match["ahigh"])}
        key = "minLength" if match["which"].lower() == "minimum" else "maxLength"
        return {key: int(match["value"])}
    if match := _OPTIONS_RE.match(text):
        return {"enum": [literal(value) for value in _split_values(match["values"])]}
    if match := _DEFAULT_RE.match(text):  # typed by the caller, see coerce()
        return {"default": literal(match["value"])}
    if match := _EXAMPLE_RE.match(text):
        return {"example": literal(match["value"])}
    if _PATTERN_RE.match(text) and " " not in text:
        return {"pattern": text}
    return None


def _split_values(text: str) -> list[str]:
    return [value.strip() for value in text.split(",") if value.strip()]


_PROSE_ENUM_RE = re.compile(
    r"(?:must be one of|one of|possible values(?: are)?|allowed values(?: are)?):?\s*"
    r"((?:`[^`]+`(?:\s*,\s*|\s*,?\s*or\s*|\s*))+)",
    re.I,
)
_PROSE_MIN_MAX_RE = re.compile(rf"minimum(?: of)?\s+({_NUMBER})\s*,\s*maximum(?: of)?\s+({_NUMBER})", re.I)
_PROSE_BETWEEN_RE = re.compile(rf"\b(?:range|between):?\s+({_NUMBER})\s*(?:-|–|to|and)\s*({_NUMBER})\b", re.I)
_PROSE_MAX_RE = re.compile(
    rf"\b(?:maximum(?: of)?|max(?:imum)? is|at most|up to|no more than)\s+({_NUMBER})\b", re.I
)
_PROSE_MIN_RE = re.compile(rf"\b(?:minimum(?: of)?|min(?:imum)? is|at least)\s+({_NUMBER})\b", re.I)
_PROSE_DEFAULT_RE = re.compile(
    r"\b(?:defaults? to|default(?: value)? is|default:)\s+(`[^`]+`|\"[^\"]+\"|[\w.+-]+)", re.I
)


_PROSE_REQUIRED_RE = re.compile(r"\((?P<flag>required|optional)\)|^(?P<lead>required|optional)\b[.:]", re.I)


def prose_required(description: str) -> bool | None:
    """Whether a description says its field is required: "(required)", "Optional." at its start."""
    match = _PROSE_REQUIRED_RE.search(description)
    if match is None:
        return None
    return (match["flag"] or match["lead"]).lower() == "required"


def prose_constraints(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Constraints stated only in a description, as keywords fitting the field's type.

    A number bound becomes ``minimum``/``maximum`` on numbers, ``minItems``/``maxItems``
    on arrays and ``minLength``/``maxLength`` on strings; backticked values after
    "one of" become an ``enum``; "defaults to X" a ``default``. Keywords the field
    already states are never overridden.
    """
    found: dict[str, Any] = {}
    kind = schema.get("type")
    low_key, high_key = {
        "array": ("minItems", "maxItems"),
        "string": ("minLength", "maxLength"),
    }.get(kind if isinstance(kind, str) else "", ("minimum", "maximum"))
    if kind in ("integer", "number", "array"):
        match = _PROSE_MIN_MAX_RE.search(description) or _PROSE_BETWEEN_RE.search(description)
        if match:
            found[low_key], found[high_key] = _number(match[1]), _number(match[2])
        else:
            if match := _PROSE_MAX_RE.search(description):
                found[high_key] = _number(match[1])
            if match := _PROSE_MIN_RE.search(description):
                found[low_key] = _number(match[1])
    if kind in ("string", None) and (match := _PROSE_ENUM_RE.search(description)):
        found["enum"] = re.findall(r"`([^`]+)`", match[1])
    if match := _PROSE_DEFAULT_RE.search(description):
        value = literal(match[1].rstrip("."))
        if _fits(value, kind):
            found["default"] = value
    return {key: value for key, value in found.items() if key not in schema}


def _fits(value: Any, kind: Any) -> bool:
    checks: dict[str, Any] = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
    }
    check = checks.get(kind) if isinstance(kind, str) else None
    return check(value) if check else False


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """A documented value in the field's type: ``"true"`` of a boolean is true, ``"30"`` of an integer 30."""
    kind = schema.get("type")
    if not isinstance(value, str) or kind not in ("boolean", "integer", "number"):
        return value
    parsed = literal(value)
    return parsed if _fits(parsed, kind) else value
