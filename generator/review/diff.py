"""Compare two specs and classify every change by what it does to the generated client's users.

Operations are matched by method and path (then by operationId, to see a
moved path); schemas are compared after :mod:`generator.review.normalize`.  The
direction matters: a request schema that accepts less breaks callers, a
response schema that promises less breaks readers.  Every change has a
stable rule id; the rule table (``RULES``) gives each its severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from generator.review.normalize import DOC_KEYS, normalize_schema, types_of
from generator.spec.walk import OperationSite, body_media, iter_operations, resolve_local

__all__ = ["RULES", "SEVERITIES", "Change", "diff_specs", "paired_renames", "suggested_bump"]

SEVERITIES = ("breaking", "potentially-breaking", "non-breaking", "docs-only")
Severity = Literal["breaking", "potentially-breaking", "non-breaking", "docs-only"]
Side = Literal["request", "response"]

RULES: dict[str, Severity] = {
    "operation-removed": "breaking",
    "operation-removed-after-sunset": "non-breaking",
    "operation-added": "non-breaking",
    "path-changed": "breaking",
    "path-parameter-added": "breaking",
    "operation-id-changed": "breaking",
    "tag-changed": "breaking",
    "security-changed": "breaking",
    "security-scheme-changed": "breaking",
    "parameter-added-required": "breaking",
    "parameter-added": "non-breaking",
    "parameter-removed": "breaking",
    "parameter-became-required": "breaking",
    "parameter-became-optional": "non-breaking",
    "request-body-became-required": "breaking",
    "request-media-type-removed": "breaking",
    "request-media-type-added": "non-breaking",
    "request-property-added-required": "breaking",
    "request-property-became-required": "breaking",
    "request-property-became-optional": "non-breaking",
    "request-property-added": "non-breaking",
    "request-property-removed": "breaking",
    "request-property-renamed": "breaking",
    "parameter-renamed": "breaking",
    "request-type-changed": "breaking",
    "request-type-widened": "non-breaking",
    "numeric-format-changed": "non-breaking",
    "request-numeric-format-narrowed": "potentially-breaking",
    "request-property-became-non-nullable": "breaking",
    "request-enum-value-removed": "breaking",
    "request-enum-value-added": "non-breaking",
    "request-constraint-tightened": "breaking",
    "request-constraint-relaxed": "non-breaking",
    "request-default-changed": "potentially-breaking",
    "request-union-branch-removed": "breaking",
    "request-union-branch-added": "non-breaking",
    "response-success-status-removed": "breaking",
    "response-media-type-removed": "breaking",
    "response-required-property-removed": "breaking",
    "response-property-removed": "potentially-breaking",
    "response-property-became-optional": "potentially-breaking",
    "response-property-became-nullable": "potentially-breaking",
    "response-property-added": "non-breaking",
    "response-property-renamed": "breaking",
    # a renamed wire name that keeps its Python name (see generator.review.impact)
    "wire-name-changed": "non-breaking",
    "response-type-changed": "breaking",
    "response-enum-value-added": "potentially-breaking",
    "response-enum-value-removed": "non-breaking",
    "response-union-branch-added": "potentially-breaking",
    "response-constraint-relaxed": "potentially-breaking",
    "docs-changed": "docs-only",
    # the generated package's public surface (see generator.review.surface)
    "surface-method-renamed": "breaking",
    "surface-method-removed": "breaking",
    "surface-argument-removed": "breaking",
    "surface-model-removed": "breaking",
    "surface-model-renamed": "breaking",
    "surface-field-removed": "breaking",
    "surface-field-renamed": "breaking",
}

_UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")


@dataclass(frozen=True, order=True)
class Change:
    """One classified difference between the old and the new spec.

    ``message`` says what changed on the wire; ``python`` and ``migration`` (filled in by
    :mod:`generator.review.impact`) what it does to code that uses the generated client and
    what that code has to do about it.
    ``before`` and ``after`` hold the old and new text of a documentation change and the old
    and new name of a rename.
    """

    operation: str
    location: str
    rule: str
    message: str
    before: str = ""
    after: str = ""
    python: str = ""
    migration: str = ""
    """What code that calls the client has to do about it ("" when nothing)."""

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return RULES[self.rule]

    @property
    def summary(self) -> str:
        """The Python impact (and migration) where known, else the wire change."""
        if not self.python:
            return self.message
        return f"{self.python}: {self.migration}" if self.migration else self.python

    def to_json(self) -> dict[str, str]:
        """The shape of ``vendorgen diff --format json``."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "operation": self.operation,
            "location": self.location,
            "message": self.message,
            "python": self.python,
            "migration": self.migration,
            "before": self.before,
            "after": self.after,
        }


def suggested_bump(changes: list[Change], version: str | None = None) -> str:
    """``major`` for breaking, ``minor`` for additions or risks, ``patch`` for docs, else ``none``.

    Below 1.0 (``0.y.z``), the public surface is not yet stable by semver: a breaking change bumps
    the minor digit and everything else the patch digit.
    """
    severities = {change.severity for change in changes}
    if "breaking" in severities:
        bump = "major"
    elif severities & {"potentially-breaking", "non-breaking"}:
        bump = "minor"
    elif "docs-only" in severities:
        bump = "patch"
    else:
        return "none"
    if version is not None and version.startswith("0."):
        return "minor" if bump == "major" else "patch"
    return bump


class _Collector:
    def __init__(self, operation: str) -> None:
        self.operation = operation
        self.changes: list[Change] = []

    def add(self, rule: str, location: str, message: str, before: str = "", after: str = "") -> None:
        assert rule in RULES, rule
        self.changes.append(Change(self.operation, location, rule, message, before, after))


def _sunset_passed(operation: Mapping[str, Any], today: date) -> bool:
    sunset = operation.get("x-sunset")
    if not operation.get("deprecated") or not isinstance(sunset, str):
        return False
    try:
        return date.fromisoformat(sunset[:10]) < today
    except ValueError:
        return False


def _compare_schema(
    old_doc: Any, new_doc: Any, old: Any, new: Any, where: str, side: Side, out: _Collector
) -> None:
    old_n = normalize_schema(old_doc, old)
    new_n = normalize_schema(new_doc, new)
    _compare_normalized(old_n, new_n, where, side, out, 0)


def _compare_types(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: Side, out: _Collector
) -> bool:
    before, after = types_of(old), types_of(new)
    format_changed = old.get("format") != new.get("format")
    if before == after and not format_changed:
        return False
    if before == after and before and before <= {"number", "integer", "null"}:
        _compare_numeric_format(old.get("format"), new.get("format"), where, side, out)
        return True
    if side == "request":
        if before and (not after or before < after) and not format_changed:
            out.add("request-type-widened", where, f"{where} now also accepts {sorted(after - before)}")
        elif before - after == {"null"} and not format_changed:
            out.add("request-property-became-non-nullable", where, f"{where} no longer accepts null")
        else:
            out.add("request-type-changed", where, f"{where} type {_type_text(old)} → {_type_text(new)}")
    elif after - before == {"null"} and not format_changed:
        out.add("response-property-became-nullable", where, f"{where} may now be null")
    else:
        out.add("response-type-changed", where, f"{where} type {_type_text(old)} → {_type_text(new)}")
    return True


# How many bits of range a numeric format gives. No format is taken as 64 bits, what JSON
# numbers are in practice (double; int64), so adding `double` or `int64` changes nothing.
_NUMERIC_WIDTH = {"int32": 32, "float": 32, "int64": 64, "double": 64}


def _compare_numeric_format(old: Any, new: Any, where: str, side: Side, out: _Collector) -> None:
    """A numeric format changes no Python type (int stays int, float stays float).

    It matters only where the server now accepts a smaller range (``int64`` → ``int32``,
    unspecified → ``float``): a value a caller sends today may be refused.
    """
    old_width = _NUMERIC_WIDTH.get(str(old), 64) if old else 64
    new_width = _NUMERIC_WIDTH.get(str(new), 64) if new else 64
    shown = f"{old or 'no format'} → {new or 'no format'}"
    if side == "request" and new_width < old_width:
        out.add(
            "request-numeric-format-narrowed",
            where,
            f"{where} format {shown}: the Python type is unchanged, but larger values may now be refused",
        )
    else:
        out.add("numeric-format-changed", where, f"{where} format {shown}: the Python type is unchanged")


def _type_text(schema: Mapping[str, Any]) -> str:
    text = "|".join(schema.get("type") or ["any"])
    return f"{text} ({schema['format']})" if schema.get("format") else text


def _compare_enum(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: Side, out: _Collector
) -> None:
    before, after = old.get("enum"), new.get("enum")
    if not isinstance(before, list) or not isinstance(after, list):
        if isinstance(after, list) and side == "request":
            out.add("request-constraint-tightened", where, f"{where} is now limited to {after}")
        return
    removed = [v for v in before if v not in after]
    added = [v for v in after if v not in before]
    if removed:
        rule = "request-enum-value-removed" if side == "request" else "response-enum-value-removed"
        out.add(rule, where, f"{where} lost enum value(s) {removed}")
    if added:
        rule = "request-enum-value-added" if side == "request" else "response-enum-value-added"
        out.add(rule, where, f"{where} gained enum value(s) {added}")


def _compare_constraints(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: Side, out: _Collector
) -> None:
    tightened: list[str] = []
    relaxed: list[str] = []
    for key in _UPPER + _LOWER:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        upper = key in _UPPER
        if after is None:
            relaxed.append(f"{key} {before} removed")
        elif before is None or (after < before if upper else after > before):
            tightened.append(f"{key} {before} → {after}")
        else:
            relaxed.append(f"{key} {before} → {after}")
    if old.get("pattern") != new.get("pattern"):
        (relaxed if new.get("pattern") is None else tightened).append(
            f"pattern {old.get('pattern')!r} → {new.get('pattern')!r}"
        )
    if not old.get("uniqueItems") and new.get("uniqueItems"):
        tightened.append("uniqueItems added")
    if side == "request":
        if tightened:
            out.add("request-constraint-tightened", where, f"{where}: {'; '.join(tightened)}")
        if relaxed:
            out.add("request-constraint-relaxed", where, f"{where}: {'; '.join(relaxed)}")
        if old.get("default") != new.get("default") and "default" in old:
            out.add(
                "request-default-changed",
                where,
                f"{where} default {old.get('default')!r} → {new.get('default')!r}",
            )
    elif relaxed:
        out.add(
            "response-constraint-relaxed", where, f"{where}: {'; '.join(relaxed)} (strict models may reject)"
        )


def _shape(schema: Any) -> Any:
    """A normalised schema without its documentation: what two names must share to be one renamed."""
    if isinstance(schema, Mapping):
        return {k: _shape(v) for k, v in schema.items() if k not in DOC_KEYS}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def paired_renames(
    removed: Mapping[str, Any], added: Mapping[str, Any], same: Callable[[Any, Any], bool]
) -> dict[str, str]:
    """Old name -> new name for each removed entry that exactly one added entry equals, and vice versa.

    A name that vanished while another with the very same shape appeared is one rename, not a
    removal and an addition; when two candidates fit, nothing is paired (guessing would be worse).
    """
    pairs: dict[str, str] = {}
    for old_name, old_value in removed.items():
        fits = [new_name for new_name, new_value in added.items() if same(old_value, new_value)]
        if len(fits) != 1:
            continue
        rivals = [name for name, value in removed.items() if same(value, added[fits[0]])]
        if rivals == [old_name]:
            pairs[old_name] = fits[0]
    return pairs


def _renamed_properties(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    required: tuple[set[str], set[str]],
    where: str,
    side: Side,
    out: _Collector,
) -> dict[str, str]:
    """Pair properties that vanished with ones of the same shape that appeared, and report each once."""
    old_required, new_required = required
    renames = paired_renames(
        {name: (before[name], name in old_required) for name in before if name not in after},
        {name: (after[name], name in new_required) for name in after if name not in before},
        lambda a, b: a[1] == b[1] and _shape(a[0]) == _shape(b[0]),
    )
    for old_name, new_name in renames.items():
        prefix = f"{where}." if where else ""
        message = f"{prefix}{old_name} renamed to {new_name} on the wire"
        out.add(f"{side}-property-renamed", f"{prefix}{new_name}", message, old_name, new_name)
    return renames


def _compare_property(
    name: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    required: tuple[set[str], set[str]],
    path: str,
    side: Side,
    out: _Collector,
) -> bool:
    """Report a removed, added or newly (not) required property; True when both sides have it."""
    old_required, new_required = required
    if name not in after:
        if side == "request":
            out.add("request-property-removed", path, f"{path} removed")
        elif name in old_required:
            out.add("response-required-property-removed", path, f"required {path} removed")
        else:
            out.add("response-property-removed", path, f"optional {path} removed")
        return False
    if name not in before:
        if side == "request":
            rule = "request-property-added-required" if name in new_required else "request-property-added"
            out.add(rule, path, f"{'required' if name in new_required else 'optional'} {path} added")
        else:
            out.add("response-property-added", path, f"{path} added")
        return False
    was, now = name in old_required, name in new_required
    if was != now:
        if side == "request":
            rule = "request-property-became-required" if now else "request-property-became-optional"
        else:
            rule = "response-property-became-optional" if was else "response-property-added"
        if side == "request" or was:
            out.add(rule, path, f"{path} became {'required' if now else 'optional'}")
    return True


def _compare_properties(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: Side, out: _Collector, depth: int
) -> None:
    before, after = old.get("properties") or {}, new.get("properties") or {}
    required = set(old.get("required") or []), set(new.get("required") or [])
    renames = _renamed_properties(before, after, required, where, side, out)
    pairs = [
        (name, name) for name in sorted((set(before) | set(after)) - set(renames) - set(renames.values()))
    ]
    for name, _ in pairs:
        path = f"{where}.{name}" if where else name
        if _compare_property(name, before, after, required, path, side, out):
            _compare_normalized(before[name], after[name], path, side, out, depth + 1)
    for old_name, new_name in renames.items():
        path = f"{where}.{new_name}" if where else new_name
        _compare_normalized(before[old_name], after[new_name], path, side, out, depth + 1)


def _compare_unions(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, side: Side, out: _Collector, depth: int
) -> None:
    for key in ("oneOf", "anyOf"):
        before, after = old.get(key) or [], new.get(key) or []
        if len(after) > len(before):
            rule = "response-union-branch-added" if side == "response" else "request-union-branch-added"
            out.add(rule, where, f"{where} {key} gained {len(after) - len(before)} branch(es)")
        elif len(after) < len(before) and side == "request":
            out.add(
                "request-union-branch-removed",
                where,
                f"{where} {key} lost {len(before) - len(after)} branch(es)",
            )
        for index, (a, b) in enumerate(zip(before, after, strict=False)):
            _compare_normalized(a, b, f"{where}<{key}[{index}]>", side, out, depth + 1)


def _compare_normalized(old: Any, new: Any, where: str, side: Side, out: _Collector, depth: int) -> None:
    if not isinstance(old, Mapping) or not isinstance(new, Mapping) or depth > 40:
        return
    if "$recursive" in old or "$recursive" in new:
        return
    _compare_types(old, new, where or "body", side, out)
    _compare_enum(old, new, where or "body", side, out)
    _compare_constraints(old, new, where or "body", side, out)
    _compare_properties(old, new, where, side, out, depth)
    if isinstance(old.get("items"), Mapping) and isinstance(new.get("items"), Mapping):
        _compare_normalized(old["items"], new["items"], f"{where}[]", side, out, depth + 1)
    _compare_unions(old, new, where or "body", side, out, depth)
    if old.get("description") != new.get("description"):
        out.add(
            "docs-changed",
            where or "body",
            f"{where or 'body'} description changed",
            str(old.get("description") or ""),
            str(new.get("description") or ""),
        )


def _parameters(document: Any, site: OperationSite) -> dict[tuple[str, str], Mapping[str, Any]]:
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for owner in (site.path_item, site.operation):
        for raw in owner.get("parameters") or []:
            parameter = resolve_local(document, raw)
            if isinstance(parameter, Mapping) and "name" in parameter:
                found[(str(parameter.get("in")), str(parameter["name"]))] = parameter
    return found


def _compare_parameters(
    old_doc: Any, new_doc: Any, old: OperationSite, new: OperationSite, out: _Collector
) -> None:
    before, after = _parameters(old_doc, old), _parameters(new_doc, new)

    def shape(document: Any, parameter: Mapping[str, Any]) -> Any:
        schema = normalize_schema(document, parameter.get("schema"))
        return (parameter.get("in"), bool(parameter.get("required")), _shape(schema))

    renames = paired_renames(
        {f"{k[0]}.{k[1]}": shape(old_doc, p) for k, p in before.items() if k not in after and k[0] != "path"},
        {f"{k[0]}.{k[1]}": shape(new_doc, p) for k, p in after.items() if k not in before and k[0] != "path"},
        lambda a, b: bool(a == b),
    )
    for old_where, new_where in renames.items():
        place, old_name = old_where.split(".", 1)
        new_name = new_where.split(".", 1)[1]
        out.add(
            "parameter-renamed",
            new_where,
            f"{place} parameter {old_name!r} renamed to {new_name!r}",
            old_name,
            new_name,
        )
    renamed = {tuple(w.split(".", 1)) for w in (*renames, *renames.values())}
    for key in sorted((set(before) | set(after)) - renamed):
        where = f"{key[0]}.{key[1]}"
        if key not in after:
            out.add("parameter-removed", where, f"{key[0]} parameter {key[1]!r} removed")
        elif key not in before:
            if key[0] == "path":
                out.add("path-parameter-added", where, f"path parameter {key[1]!r} added")
            elif after[key].get("required"):
                out.add("parameter-added-required", where, f"required {key[0]} parameter {key[1]!r} added")
            else:
                out.add("parameter-added", where, f"optional {key[0]} parameter {key[1]!r} added")
        else:
            was, now = bool(before[key].get("required")), bool(after[key].get("required"))
            if was != now and key[0] != "path":
                rule = "parameter-became-required" if now else "parameter-became-optional"
                out.add(
                    rule, where, f"{key[0]} parameter {key[1]!r} became {'required' if now else 'optional'}"
                )
            _compare_schema(
                old_doc, new_doc, before[key].get("schema"), after[key].get("schema"), where, "request", out
            )


def _content(document: Any, holder: Any) -> Mapping[str, Any]:
    resolved = resolve_local(document, holder)
    content = resolved.get("content") if isinstance(resolved, Mapping) else None
    return content if isinstance(content, Mapping) else {}


def _compare_request(
    old_doc: Any, new_doc: Any, old: OperationSite, new: OperationSite, out: _Collector, side: Side
) -> None:
    old_body = resolve_local(old_doc, old.operation.get("requestBody")) or {}
    new_body = resolve_local(new_doc, new.operation.get("requestBody")) or {}
    if new_body.get("required") and not old_body.get("required"):
        out.add("request-body-became-required", "body", "the request body became required")
    before, after = _content(old_doc, old_body), _content(new_doc, new_body)
    for media in sorted(set(before) - set(after)):
        out.add("request-media-type-removed", f"body<{media}>", f"request media type {media} removed")
    for media in sorted(set(after) - set(before)):
        out.add("request-media-type-added", f"body<{media}>", f"request media type {media} added")
    old_media, new_media = body_media(before), body_media(after)
    if old_media and new_media:
        _compare_schema(old_doc, new_doc, old_media[1], new_media[1], "", side, out)


def _success(document: Any, operation: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    responses = operation.get("responses") or {}
    return {
        str(code): _content(document, response)
        for code, response in responses.items()
        if str(code).startswith("2")
    }


def _compare_responses(
    old_doc: Any, new_doc: Any, old: OperationSite, new: OperationSite, out: _Collector
) -> None:
    before, after = _success(old_doc, old.operation), _success(new_doc, new.operation)
    for code in sorted(before):
        if code not in after:
            out.add("response-success-status-removed", f"responses.{code}", f"success status {code} removed")
            continue
        for media in sorted(set(before[code]) - set(after[code])):
            out.add(
                "response-media-type-removed",
                f"responses.{code}<{media}>",
                f"{code} media type {media} removed",
            )
        old_media, new_media = body_media(before[code]), body_media(after[code])
        if old_media and new_media:
            _compare_schema(
                old_doc, new_doc, old_media[1], new_media[1], f"responses.{code}", "response", out
            )


def _security(document: Any, operation: Mapping[str, Any]) -> list[list[str]]:
    requirements = operation.get("security", document.get("security") or [])
    return sorted(sorted(requirement) for requirement in requirements if isinstance(requirement, Mapping))


def _compare_operation(
    old_doc: Any, new_doc: Any, old: OperationSite, new: OperationSite, out: _Collector
) -> None:
    if old.operation.get("operationId") != new.operation.get("operationId"):
        out.add(
            "operation-id-changed",
            "operationId",
            f"operationId {old.operation.get('operationId')!r} → {new.operation.get('operationId')!r} "
            "(the generated method is renamed)",
        )
    old_tag, new_tag = (old.operation.get("tags") or [None])[0], (new.operation.get("tags") or [None])[0]
    if old_tag != new_tag:
        out.add(
            "tag-changed", "tags", f"tag {old_tag!r} → {new_tag!r} (the method moves to another resource)"
        )
    if _security(old_doc, old.operation) != _security(new_doc, new.operation):
        out.add("security-changed", "security", "the security requirement changed")
    _compare_parameters(old_doc, new_doc, old, new, out)
    webhook = old.section == "webhooks"
    _compare_request(old_doc, new_doc, old, new, out, "response" if webhook else "request")
    if not webhook:
        _compare_responses(old_doc, new_doc, old, new, out)
    for key in ("summary", "description"):
        if old.operation.get(key) != new.operation.get(key):
            out.add(
                "docs-changed",
                key,
                f"operation {key} changed",
                str(old.operation.get(key) or ""),
                str(new.operation.get(key) or ""),
            )


def _schemes(document: Any) -> Mapping[str, Any]:
    return (
        ((document.get("components") or {}).get("securitySchemes") or {})
        if isinstance(document, Mapping)
        else {}
    )


def _without_docs(scheme: Any) -> dict[str, Any]:
    return {k: v for k, v in (scheme or {}).items() if k != "description"}


def _scheme_changes(old_doc: Any, new_doc: Any) -> Iterator[Change]:
    before, after = _schemes(old_doc), _schemes(new_doc)
    for name in sorted(set(before) | set(after)):
        if _without_docs(before.get(name)) != _without_docs(after.get(name)):
            yield Change(
                "",
                f"components.securitySchemes.{name}",
                "security-scheme-changed",
                f"security scheme {name!r} changed",
            )


def diff_specs(old_doc: Any, new_doc: Any, *, today: date | None = None) -> list[Change]:
    """Every classified change from ``old_doc`` to ``new_doc``, sorted by operation and place."""
    today = today or datetime.now(UTC).date()
    old_ops = {(s.section, s.method, s.route): s for s in iter_operations(old_doc)}
    new_ops = {(s.section, s.method, s.route): s for s in iter_operations(new_doc)}
    new_by_id = {
        s.operation.get("operationId"): s for s in new_ops.values() if s.operation.get("operationId")
    }
    changes: list[Change] = list(_scheme_changes(old_doc, new_doc))
    matched_new: set[tuple[str, str, str]] = set()
    for key, old in old_ops.items():
        out = _Collector(old.label)
        new = new_ops.get(key)
        if new is None:
            moved = new_by_id.get(old.operation.get("operationId"))
            moved_key = (moved.section, moved.method, moved.route) if moved else None
            if moved is not None and moved_key not in old_ops:
                out.add("path-changed", "path", f"{old.label} moved to {moved.label}")
                matched_new.add(moved_key)  # type: ignore[arg-type]
                _compare_operation(old_doc, new_doc, old, moved, out)
            elif _sunset_passed(old.operation, today):
                out.add("operation-removed-after-sunset", "", f"{old.label} removed after its x-sunset date")
            else:
                out.add("operation-removed", "", f"{old.label} removed")
        else:
            matched_new.add(key)
            _compare_operation(old_doc, new_doc, old, new, out)
        changes.extend(out.changes)
    for key, new in new_ops.items():
        if key not in matched_new and key not in old_ops:
            changes.append(Change(new.label, "", "operation-added", f"{new.label} added"))
    return sorted(set(changes))
