"""The project's own rules on top of the OpenAPI standard.

The standard allows things that make a poor client: operations without an
operationId or tag (no method or resource name), examples that contradict
their schema (they end up in docs and mock servers), untyped ``{}`` schemas
(``Any`` in generated code), and path templates that disagree with the
declared parameters.  Each rule yields findings; none stops the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.spec.diagnostics import Severity, format_pointer
from generator.spec.patterns import python_pattern
from generator.spec.refs import Finding
from generator.spec.walk import (
    OperationSite,
    iter_operations,
    iter_schema_roots,
    iter_schemas,
    resolve_local,
)

__all__ = ["RULES", "lint"]

Path = tuple[str | int, ...]

_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_TYPING_KEYS = frozenset(
    {
        "type",
        "$ref",
        "$dynamicRef",
        "allOf",
        "anyOf",
        "oneOf",
        "enum",
        "const",
        "not",
        "properties",
        "items",
        "prefixItems",
    }
)
_SPEC_URI = "urn:vendorgen:spec"


def _operation_ids(document: Any) -> Iterator[Finding]:
    first_seen: dict[str, OperationSite] = {}
    for site in iter_operations(document):
        operation_id = site.operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            yield site.location, Severity.ERROR, "operation-id-missing", (
                f"{site.label} has no operationId; the client method name is derived from it"
            )
            continue
        if operation_id in first_seen:
            yield (*site.location, "operationId"), Severity.ERROR, "operation-id-unique", (
                f"operationId {operation_id!r} of {site.label} is already used by "
                f"{first_seen[operation_id].label}"
            )
        else:
            first_seen[operation_id] = site


def _tags(document: Any) -> Iterator[Finding]:
    for site in iter_operations(document):
        tags = site.operation.get("tags")
        if not (isinstance(tags, list) and tags and all(isinstance(t, str) and t for t in tags)):
            yield site.location, Severity.ERROR, "operation-tagged", (
                f"{site.label} has no tag; tags become the client's resources"
            )


def _declared_parameters(document: Any, site: OperationSite) -> dict[tuple[str, str], Path]:
    declared: dict[tuple[str, str], Path] = {}
    for owner, location in ((site.path_item, site.location[:-1]), (site.operation, site.location)):
        parameters = owner.get("parameters")
        if not isinstance(parameters, list):
            continue
        for index, parameter in enumerate(parameters):
            resolved = resolve_local(document, parameter)
            if isinstance(resolved, Mapping) and isinstance(resolved.get("name"), str):
                declared[(str(resolved.get("in")), resolved["name"])] = (*location, "parameters", index)
    return declared


def _path_parameters(document: Any) -> Iterator[Finding]:
    for site in iter_operations(document):
        if site.section != "paths":
            continue
        declared = _declared_parameters(document, site)
        in_template = _TEMPLATE.findall(site.route)
        for name in in_template:
            if ("path", name) not in declared:
                yield site.location, Severity.ERROR, "path-parameters", (
                    f"{site.label}: path template names {{{name}}} but no path parameter {name!r} is declared"
                )
        for (where, name), location in declared.items():
            if where != "path":
                continue
            if name not in in_template:
                yield location, Severity.ERROR, "path-parameters", (
                    f"{site.label}: path parameter {name!r} does not appear in the path template"
                )
            elif resolve_local(document, _at(document, location)).get("required") is not True:
                yield location, Severity.ERROR, "path-parameters", (
                    f"{site.label}: path parameter {name!r} must be marked required: true"
                )


def _at(document: Any, location: Path) -> Any:
    node = document
    for part in location:
        node = node[part]
    return node


def _security(document: Any) -> Iterator[Finding]:
    components = document.get("components") if isinstance(document, Mapping) else None
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    known = set(schemes) if isinstance(schemes, Mapping) else set()
    requirement_lists: list[tuple[Path, Any]] = [(("security",), document.get("security"))]
    requirement_lists += [
        ((*s.location, "security"), s.operation.get("security")) for s in iter_operations(document)
    ]
    for location, requirements in requirement_lists:
        if not isinstance(requirements, list):
            continue
        for index, requirement in enumerate(requirements):
            if not isinstance(requirement, Mapping):
                continue
            for name in requirement:
                if name not in known:
                    yield (*location, index, name), Severity.ERROR, "security-scheme-exists", (
                        f"security requirement names scheme {name!r}, "
                        "which components/securitySchemes does not define"
                    )


def _untyped_schemas(document: Any) -> Iterator[Finding]:
    for location, schema in iter_schemas(document):
        parent_key = location[-2] if len(location) >= 2 else None
        if parent_key in ("allOf",):
            continue  # allOf members may add only constraints to their siblings
        if not _TYPING_KEYS.intersection(schema):
            yield location, Severity.ERROR, "schema-typed", (
                "schema has no type (no type, $ref, enum, const, properties, items or composition); "
                "it would become Any in generated code"
            )


def _patterns(document: Any) -> Iterator[Finding]:
    """Patterns Python cannot enforce as written: translated (``/…/`` literals) or not enforced at all."""
    for location, schema in iter_schemas(document):
        pattern = schema.get("pattern")
        if not isinstance(pattern, str):
            continue
        fix = python_pattern(pattern)
        if fix.reason:
            yield (
                *location,
                "pattern",
            ), Severity.WARNING, "pattern-valid", f"pattern {pattern!r} is {fix.reason}"


def _fold(name: str) -> str:
    """A name as Python sees an identifier made from it: NFKC-normalised, case and separators folded."""
    return re.sub(r"[^0-9a-z]+", "_", unicodedata.normalize("NFKC", name).casefold()).strip("_")


def _colliding_properties(document: Any) -> Iterator[Finding]:
    """Property names that differ on the wire but not as Python names (``file``, ``ﬁle``, ``ｆｉｌｅ``).

    Python normalises identifiers with NFKC, so the generated model would merge them into one
    field and one of them (a required one, perhaps) would silently disappear.
    """
    for location, schema in iter_schemas(document):
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            continue
        groups: dict[str, list[str]] = {}
        for name in properties:
            if isinstance(name, str) and unicodedata.normalize("NFKC", name) != name:
                groups.setdefault(_fold(name), []).append(name)
        for name in properties:
            if isinstance(name, str) and _fold(name) in groups and name not in groups[_fold(name)]:
                groups[_fold(name)].append(name)
        for names in groups.values():
            if len(names) > 1:
                yield (*location, "properties", names[1]), Severity.ERROR, "property-names-distinct", (
                    f"properties {', '.join(repr(n) for n in names)} are one name once Unicode-normalised "
                    "(NFKC, as Python reads identifiers); the generated model would keep only one"
                )


def _example_validator(document: Mapping[str, Any]) -> Callable[[Path, Any], list[ValidationError]]:
    version = str(document.get("openapi", ""))
    cls = OAS30Validator if version.startswith("3.0") else OAS31Validator
    registry: Registry[Any] = Registry().with_resource(
        _SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )

    def validate(schema_location: Path, instance: Any) -> list[ValidationError]:
        reference = {"$ref": _SPEC_URI + format_pointer(schema_location)}
        validator = cls(reference, registry=registry, format_checker=cls.FORMAT_CHECKER)
        try:
            return list(validator.iter_errors(instance))
        except Exception:  # noqa: BLE001 - an unresolvable schema is reported by other rules
            return []

    return validate


def _examples_of(holder: Mapping[str, Any], location: Path, in_schema: bool) -> Iterator[tuple[Path, Any]]:
    if "example" in holder:
        yield (*location, "example"), holder["example"]
    examples = holder.get("examples")
    if in_schema and isinstance(examples, list):
        for index, value in enumerate(examples):
            yield (*location, "examples", index), value
    elif not in_schema and isinstance(examples, Mapping):
        for name, example in examples.items():
            if isinstance(example, Mapping) and "value" in example:
                yield (*location, "examples", name, "value"), example["value"]


def _media_and_parameter_examples(document: Any) -> Iterator[tuple[Path, Path, Any]]:
    """(example location, schema location, value) for media types, parameters and headers."""
    for schema_location, _ in iter_schema_roots(document):
        holder_location = schema_location[:-1]
        holder = _at(document, holder_location)
        if isinstance(holder, Mapping):
            for example_location, value in _examples_of(holder, holder_location, in_schema=False):
                yield example_location, schema_location, value


def _examples(document: Any) -> Iterator[Finding]:
    if not isinstance(document, Mapping):
        return
    validate = _example_validator(document)
    checks: list[tuple[Path, Path, Any]] = list(_media_and_parameter_examples(document))
    for location, schema in iter_schemas(document):
        checks += [
            (where, location, value) for where, value in _examples_of(schema, location, in_schema=True)
        ]
    for example_location, schema_location, value in checks:
        for error in validate(schema_location, value)[:3]:
            where = "".join(f"[{p!r}]" for p in error.absolute_path)
            yield example_location, Severity.ERROR, "example-valid", (
                f"example{where} does not match its schema: {error.message}"
            )


def _pagination(document: Any) -> Iterator[Finding]:
    for site in iter_operations(document):
        paging = site.operation.get("x-pagination")
        if paging is None:
            continue
        location = (*site.location, "x-pagination")
        if not isinstance(paging, Mapping) or paging.get("style") not in ("offset", "page"):
            yield location, Severity.ERROR, "pagination-annotation", (
                "x-pagination must be a mapping with style 'offset' or 'page'"
            )
            continue
        query = {name for (where, name) in _declared_parameters(document, site) if where == "query"}
        for key in ("limit-param", "offset-param", "page-param", "size-param"):
            name = paging.get(key)
            if name is not None and name not in query:
                yield (*location, key), Severity.ERROR, "pagination-annotation", (
                    f"x-pagination {key} names {name!r}, which is not a query parameter of {site.label}"
                )
        if not isinstance(paging.get("items"), str):
            yield location, Severity.ERROR, "pagination-annotation", (
                "x-pagination needs `items`: the response field that holds the page's items"
            )


def _success_response(document: Any) -> Iterator[Finding]:
    for site in iter_operations(document):
        responses = site.operation.get("responses")
        if not isinstance(responses, Mapping):
            yield site.location, Severity.WARNING, "success-response", f"{site.label} declares no responses"
        elif not any(str(code)[:1] in "23" or code == "default" for code in responses):
            yield (*site.location, "responses"), Severity.WARNING, "success-response", (
                f"{site.label} declares no success (2xx/3xx) or default response"
            )


RULES: dict[str, Callable[[Any], Iterator[Finding]]] = {
    "operation-id": _operation_ids,
    "operation-tagged": _tags,
    "path-parameters": _path_parameters,
    "security-scheme-exists": _security,
    "schema-typed": _untyped_schemas,
    "pattern-valid": _patterns,
    "property-names-distinct": _colliding_properties,
    "example-valid": _examples,
    "pagination-annotation": _pagination,
    "success-response": _success_response,
}


def lint(document: Any) -> list[Finding]:
    """Run every project rule over a document whose references are known to resolve."""
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(document))
    return findings
