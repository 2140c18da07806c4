"""Each broken fixture spec gives exactly the expected diagnostics: file, line, column, rule, message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.diagnostics import Severity
from generator.spec.validate import validate_file
from tests.support.project import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"

# fixture -> [(line, column, rule, message, pointer)]
EXPECTED: dict[str, list[tuple[int, int, str, str, str]]] = {
    "bad_yaml.yaml": [
        (
            8,
            1,
            "yaml-syntax",
            "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping)",
            "#",
        ),
    ],
    "broken.json": [
        (5, 51, "json-syntax", "invalid JSON: Expecting property name enclosed in double quotes", "#"),
    ],
    "dangling_ref.yaml": [
        (
            16,
            17,
            "ref-unresolved",
            "$ref '#/components/schemas/Call' does not resolve to anything in this document",
            "#/paths/~1calls/get/responses/200/content/application~1json/schema/$ref",
        ),
    ],
    "missing_info.yaml": [(1, 1, "openapi-schema", "'info' is a required property", "#")],
    "wrong_type.yaml": [
        (
            24,
            11,
            "openapi-schema",
            "'integr' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
            "#/components/schemas/Campaign/properties/batchSize/type",
        ),
    ],
    "duplicate_operation_id.yaml": [
        (
            14,
            7,
            "operation-id-unique",
            "operationId 'calls' of POST /calls is already used by GET /calls",
            "#/paths/~1calls/post/operationId",
        ),
    ],
    "example_mismatch.yaml": [
        (
            19,
            13,
            "example-valid",
            "example['batchSize'] does not match its schema: 5000 is greater than the maximum of 1000",
            "#/paths/~1campaigns/post/requestBody/content/application~1json/example",
        ),
    ],
    "undeclared_path_parameter.yaml": [
        (
            7,
            5,
            "path-parameters",
            "POST /campaigns/{id}/status: path template names {id} but no path parameter 'id' is declared",
            "#/paths/~1campaigns~1{id}~1status/post",
        ),
    ],
    "unknown_security_scheme.yaml": [
        (
            6,
            5,
            "security-scheme-exists",
            "security requirement names scheme 'ApiKey', which components/securitySchemes does not define",
            "#/security/0/ApiKey",
        ),
    ],
    "untyped_schema.yaml": [
        (
            18,
            19,
            "schema-typed",
            "schema has no type (no type, $ref, enum, const, properties, items or composition); "
            "it would become Any in generated code",
            "#/paths/~1calls/get/responses/200/content/application~1json/schema/properties/metadata",
        ),
    ],
    "external_ref.yaml": [
        (
            16,
            17,
            "ref-external",
            "external $ref 'https://example.com/schemas.yaml#/Call' is not allowed: "
            "specs must be self-contained (no file reads or network fetches)",
            "#/paths/~1calls/get/responses/200/content/application~1json/schema/$ref",
        ),
    ],
    "missing_tag.yaml": [
        (
            7,
            5,
            "operation-tagged",
            "GET /calls has no tag; tags become the client's resources",
            "#/paths/~1calls/get",
        ),
    ],
    "missing_operation_id.yaml": [
        (
            7,
            5,
            "operation-id-missing",
            "GET /calls has no operationId; the client method name is derived from it",
            "#/paths/~1calls/get",
        ),
    ],
    "duplicate_key.yaml": [
        (
            10,
            7,
            "yaml-duplicate-key",
            "duplicate key 'operationId': a later value would silently replace an earlier one",
            "#",
        ),
    ],
    "path_parameter_not_required.yaml": [
        (
            11,
            11,
            "openapi-schema",
            "'required' is a required property",
            "#/paths/~1calls~1{id}/get/parameters/0",
        ),
        (
            11,
            11,
            "path-parameters",
            "GET /calls/{id}: path parameter 'id' must be marked required: true",
            "#/paths/~1calls~1{id}/get/parameters/0",
        ),
    ],
    "bad_pagination.yaml": [
        (
            12,
            9,
            "pagination-annotation",
            "x-pagination page-param names 'pageNumber', which is not a query parameter of GET /calls",
            "#/paths/~1calls/get/x-pagination/page-param",
        ),
    ],
    "required_not_a_list.yaml": [
        (
            10,
            7,
            "openapi-schema",
            "'phone' is not of type 'array'",
            "#/components/schemas/Recipient/required",
        ),
    ],
    "several_errors.yaml": [
        (
            7,
            5,
            "path-parameters",
            "GET /calls/{id}: path template names {id} but no path parameter 'id' is declared",
            "#/paths/~1calls~1{id}/get",
        ),
        (
            16,
            17,
            "ref-unresolved",
            "$ref '#/components/schemas/Missing' does not resolve to anything in this document",
            "#/paths/~1calls~1{id}/get/responses/200/content/application~1json/schema/$ref",
        ),
        (
            23,
            11,
            "openapi-schema",
            "'numbr' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
            "#/components/schemas/Call/properties/duration/type",
        ),
        (
            27,
            22,
            "example-valid",
            "example does not match its schema: 'RUNNING' is not one of ['DONE']",
            "#/components/schemas/Call/properties/status/examples/0",
        ),
    ],
}


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_is_reported_precisely(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    diagnostics = validate_file(BROKEN / name)
    got = [(d.line, d.column, d.rule, d.message, d.pointer) for d in diagnostics]
    assert got == EXPECTED[name]
    assert {d.file for d in diagnostics} == {f"tests/fixtures/broken/{name}"}
    assert all(d.severity is Severity.ERROR for d in diagnostics)


def test_the_same_broken_schema_in_two_places_is_reported_in_both(tmp_path: Path) -> None:
    """Metaschema checks are remembered by content; each place still gets its own located error."""
    spec = tmp_path / "twice.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    First:\n"
        "      type: strin\n"
        "    Second:\n"
        "      type: strin\n",
        encoding="utf-8",
    )
    errors = [d for d in validate_file(spec) if d.severity is Severity.ERROR]
    pointers = sorted(d.pointer for d in errors if d.rule == "openapi-schema")
    assert any("First" in p for p in pointers), errors
    assert any("Second" in p for p in pointers), errors
    assert len({(d.line, d.pointer) for d in errors}) == len(errors)
    again = [d for d in validate_file(spec) if d.severity is Severity.ERROR]
    assert again == errors  # a remembered check gives the same diagnostics
