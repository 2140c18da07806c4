"""No silent drops: what the client cannot express is a located warning naming operation and feature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build.gaps import find_gaps
from generator.build.ir import ClientIR
from generator.build.media import response_shape
from generator.build.models import success_response
from generator.emit.generate import build_package_ir, generate_package, settings_for_spec
from generator.spec.diagnostics import Diagnostic
from generator.spec.loader import load_document, load_text
from generator.spec.walk import OperationSite, iter_operations, request_media, resolve_local
from tests.support.project import SHARED


def _operation(operation_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "tags": ["t"], "responses": {"204": {"description": "ok"}}, **extra}


def _spec() -> dict[str, Any]:
    callback = {"done": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}
    paths: dict[str, Any] = {
        f"/jobs{index}": {"post": _operation(f"startJob{index}", callbacks=callback)} for index in range(5)
    }
    paths["/xml"] = {
        "post": _operation(
            "sendXml",
            requestBody={
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"a": {"type": "string"}}}
                    },
                    "application/xml": {"schema": {"type": "object"}},
                    "application/vnd.custom": {},
                }
            },
            parameters=[{"name": "Accept", "in": "header", "schema": {"type": "string"}}],
        )
    }
    paths["/elsewhere"] = {"get": _operation("getElsewhere", servers=[{"url": "https://other.example"}])}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gaps", "version": "1"},
        "servers": [{"url": "https://api.gaps.example"}],
        "paths": paths,
    }


def _warnings(spec: dict[str, Any], tmp_path: Path) -> list[Diagnostic]:
    document = load_text(yaml.safe_dump(spec, sort_keys=False), tmp_path / "gaps.yaml")
    result = generate_package(document, settings_for_spec(document, "gaps"), strict=False, cache_dir=None)
    return list(result.warnings)


def test_each_unexpressed_feature_is_one_located_warning_ranked_by_count(tmp_path: Path) -> None:
    warnings = [w for w in _warnings(_spec(), tmp_path) if w.rule == "not-generated"]
    messages = [w.message for w in warnings]
    assert messages[0] == (
        "not generated: callbacks (5 operations: POST /jobs0, POST /jobs1, POST /jobs2 and 2 more)"
    ), "the most frequent first, one line for all five"
    assert any("request body as application/vnd.custom" in m and "POST /xml" in m for m in messages), messages
    assert any("header parameter Accept (the client sets it itself)" in m for m in messages), messages
    assert any("servers of its own" in m and "GET /elsewhere" in m for m in messages), messages
    assert all(w.line > 0 for w in warnings), "each is located in the spec"


def test_a_flood_of_one_lint_rule_is_capped_with_a_count(tmp_path: Path) -> None:
    spec = _spec()
    spec["paths"] = {
        f"/e{index}": {
            "get": _operation(f"e{index}", parameters=[{"name": "q", "in": "query", "schema": {}}])
        }
        for index in range(40)
    }
    untyped = [w for w in _warnings(spec, tmp_path) if w.rule == "schema-typed"]
    assert len(untyped) == 4
    assert untyped[-1].message.startswith("and 37 more schema-typed warnings like these")


def _corpus() -> list[Path]:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.fail(f"this test needs the shared corpus at {corpus}")
    return sorted(p for p in corpus.iterdir() if p.suffix in (".json", ".yaml", ".yml"))


_STRUCTURAL_ONLY = frozenset({"stripe-spec3.json"})
"""Specs whose IR is too costly to build here (Stripe's takes 26 s; test_corpus generates it whole):
checked through the decisions the IR builder takes (``request_media``, ``response_shape``)."""


def _decisions(document: Any, site: OperationSite) -> tuple[bool, str]:
    """Whether the builder gives the operation a body, and the kind of its success response."""
    body = resolve_local(document, site.operation.get("requestBody"))
    has_body = bool(request_media(body.get("content"))) if isinstance(body, dict) else False
    shape = response_shape(document, site.operation, success_response(document, site.operation))
    return has_body, shape.kind


@pytest.mark.filterwarnings("ignore::UserWarning")  # datamodel-code-generator on unknown formats
@pytest.mark.parametrize("spec", [p.name for p in _corpus()])
def test_no_corpus_operation_loses_its_body_or_response_silently(spec: str) -> None:
    document = load_document(SHARED / "corpus" / spec)
    generated: dict[tuple[str, str], tuple[bool, str]] = {}
    if spec not in _STRUCTURAL_ONLY:
        ir: ClientIR = build_package_ir(document, settings_for_spec(document, "corpus_probe"))[0]
        generated = {
            (op.http_method, op.path): (op.body is not None, op.return_type)
            for resource in ir.resources
            for op in resource.operations
        }
    gaps = find_gaps(document.data)
    lost = []
    for site in iter_operations(document.data):
        if site.section != "paths":
            continue
        if spec in _STRUCTURAL_ONLY:
            has_body, kind = _decisions(document.data, site)
            returns_nothing = kind == "none"
        else:
            has_body, return_type = generated[(site.method, site.route)]
            returns_nothing = return_type == "None"
        body = resolve_local(document.data, site.operation.get("requestBody"))
        documented = isinstance(body, dict) and bool(body.get("content"))
        reported = any(g.operation == site.label and "request body" in g.feature for g in gaps)
        if documented and not has_body and not reported:
            lost.append(f"{site.label}: request body")
        success = [str(c) for c in site.operation.get("responses", {}) if str(c).startswith("2")]
        if success and min(success) not in ("204", "205") and returns_nothing:
            lost.append(f"{site.label}: response")
    assert lost == []


def _form_spec(media: str, encoding: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"f": {"type": "object"}, "ids": {"type": "array"}}}
    body = {"content": {media: {"schema": schema, "encoding": encoding}}}
    spec = _spec()
    spec["paths"] = {"/form": {"post": _operation("sendForm", requestBody=body)}}
    return spec


@pytest.mark.parametrize(
    ("media", "encoding", "reported"),
    [
        (
            "application/x-www-form-urlencoded",
            {"f": {"style": "deepObject"}, "ids": {"explode": False}},
            False,
        ),
        ("application/x-www-form-urlencoded", {"ids": {"style": "pipeDelimited", "explode": False}}, False),
        ("application/x-www-form-urlencoded", {"f": {"allowReserved": True}}, True),
        ("application/x-www-form-urlencoded", {"f": {"style": "matrix"}}, True),
        ("application/x-www-form-urlencoded", {"f": {"headers": {"X-Part": {"schema": {}}}}}, True),
        ("multipart/form-data", {"f": {"contentType": "application/json"}}, False),
        ("multipart/form-data", {"ids": {"style": "form", "explode": False}}, True),
    ],
    ids=["url-styles", "url-pipes", "url-reserved", "url-bad-style", "url-headers", "mp-type", "mp-style"],
)
def test_only_the_encodings_the_client_does_not_apply_are_reported(
    media: str, encoding: dict[str, Any], reported: bool, tmp_path: Path
) -> None:
    messages = [
        w.message for w in _warnings(_form_spec(media, encoding), tmp_path) if w.rule == "not-generated"
    ]
    found = any("per-part `encoding`" in m and "POST /form" in m for m in messages)
    assert found == reported, messages
