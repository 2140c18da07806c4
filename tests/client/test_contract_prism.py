"""Contract tests: every operation of every vendor client against Stoplight Prism.

Prism serves each vendor's spec (a test copy, see tests/support/prism.py) and
validates every request the generated client sends: path, query, headers,
credentials and body.  Its responses must parse into the client's models.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from generator.build.ir import ClientIR, Operation
from generator.emit.generate import build_package_ir, vendor_settings
from generator.spec.loader import load_document
from generator.spec.vendors import load_vendor
from generator.spec.walk import iter_operations, request_media, resolve_local
from tests.support.prism import running_prism
from tests.support.project import CLIENT_CLASSES, SPECS, VENDORS
from tests.support.samples import sample


class Mock:
    """One vendor's spec, IR and running Prism server."""

    def __init__(self, vendor: str, document: Any, ir: ClientIR, base_url: str) -> None:
        self.vendor = vendor
        self.document = document
        self.ir = ir
        self.base_url = base_url
        self.package = importlib.import_module(f"{vendor}_client")
        self.client = getattr(self.package, CLIENT_CLASSES[vendor])(
            api_key="test-key", base_url=base_url, max_retries=0
        )

    def spec_operation(self, op: Operation) -> Any:
        for site in iter_operations(self.document):
            if site.section == "paths" and site.route == op.path and site.method == op.http_method:
                return site
        raise AssertionError(f"{op.http_method} {op.path} not in the spec")

    def arguments(self, op: Operation) -> tuple[list[Any], dict[str, Any]]:
        site = self.spec_operation(op)
        parameters = [
            resolve_local(self.document, p)
            for p in [*site.path_item.get("parameters", []), *site.operation.get("parameters", [])]
        ]
        by_name = {(p["in"], p["name"]): p for p in parameters}
        positional = [
            sample(self.document, by_name[("path", p.wire_name)].get("schema")) for p in op.path_params
        ]
        keywords = {
            p.python_name: sample(self.document, by_name[(p.location, p.wire_name)].get("schema"))
            for p in (*op.query_params, *op.header_params)
            if p.required
        }
        if op.body is not None:
            body = resolve_local(self.document, site.operation["requestBody"])
            schema = body["content"][op.body.media_type]["schema"]
            value = sample(self.document, schema)
            if op.body.passed_whole:
                keywords["body"] = value
            else:  # an object body: its fields are keyword arguments (nested objects stay dicts)
                model = getattr(self.package.models, op.body.model)
                field = {info.alias or name: name for name, info in model.model_fields.items()}
                argument = {p.wire_name: p.python_name for p in op.body_params}  # by model field name
                keywords.update({argument[field[key]]: item for key, item in value.items()})
        return positional, keywords

    def call(self, attribute: str, op: Operation, **extra: Any) -> Any:
        positional, keywords = self.arguments(op)
        method = getattr(getattr(self.client, attribute), op.method_name)
        return method(*positional, **keywords, **extra)

    def stream(self, attribute: str, op: Operation) -> Any:
        """The operation through ``with_streaming_response``: a context manager."""
        positional, keywords = self.arguments(op)
        method = getattr(getattr(self.client, attribute).with_streaming_response, op.method_name)
        return method(*positional, **keywords)


@pytest.fixture(scope="module", params=VENDORS)
def mock(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    vendor = request.param
    config = load_vendor(SPECS / vendor)
    document = load_document(config.spec_path)
    ir, _ = build_package_ir(document, vendor_settings(config))
    with running_prism(document.data, tmp_path_factory.mktemp(f"prism-{vendor}")) as base_url:
        served = Mock(vendor, document.data, ir, base_url)
        with served.client:
            yield served


def operations(mock: Mock) -> Iterator[tuple[str, Operation]]:
    for resource in mock.ir.resources:
        for op in resource.operations:
            yield resource.attribute, op


def _content(document: Any, operation: Any) -> Any:
    body = resolve_local(document, operation.get("requestBody"))
    return body.get("content") if isinstance(body, dict) else None


def test_every_operation_passes_prism_validation_and_parses(mock: Mock) -> None:
    called = []
    for attribute, op in operations(mock):
        result = mock.call(attribute, op)
        expected = getattr(mock.package.models, op.return_type, None)
        if op.return_type == "None":
            assert result is None, op.operation_id
        elif op.return_type == "BinaryResponse":  # undocumented or binary: the bytes, as Prism sent them
            assert isinstance(result, mock.package.BinaryResponse), op.operation_id
        elif op.cast_to == "UNDOCUMENTED":  # whatever Prism sends: decoded JSON, bytes, or nothing
            assert result is None or isinstance(
                result, dict | list | mock.package.BinaryResponse
            ), op.operation_id
        elif op.return_type in ("str", "Any"):
            assert result is not None, op.operation_id
        elif expected is not None:
            assert isinstance(result, expected), op.operation_id
        else:
            assert isinstance(result, list), op.operation_id
        called.append((op.operation_id, op.body.media_type if op.body is not None else ""))
    documented = [  # every operation, once per way its body can be sent (Ravan's upload included)
        (site.operation["operationId"], media)
        for site in iter_operations(mock.document)
        if site.section == "paths"
        for media in [m for _, m, _ in request_media(_content(mock.document, site.operation))] or [""]
    ]
    assert sorted(called) == sorted(documented)


def test_binary_responses_stream_from_prism(mock: Mock) -> None:
    """Every operation whose body is binary or undocumented (Volubile's recording) also streams."""
    streamed = []
    for attribute, op in operations(mock):
        if op.cast_to not in ("BinaryResponse", "UNDOCUMENTED"):
            continue
        with mock.stream(attribute, op) as response:
            assert isinstance(response, mock.package.StreamedResponse), op.operation_id
            assert 200 <= response.status_code < 300, op.operation_id
            assert isinstance(response.read(), bytes), op.operation_id
        streamed.append(op.operation_id)
    if mock.vendor == "volubile":
        assert "getCallRecording" in streamed, streamed


def test_prism_rejects_a_request_that_breaks_the_spec(mock: Mock) -> None:
    """The mock really validates: a body without its required fields is refused with 4xx."""
    for attribute, op in operations(mock):
        if op.body is None or op.body.kind != "model" or not any(p.required for p in op.body_params):
            continue
        positional, _ = mock.arguments(op)
        resource = getattr(mock.client, attribute)
        left_out = {p.python_name: mock.package.OMIT for p in op.body_params if p.required}
        with pytest.raises(mock.package.RequestValidationError):  # the client refuses it first
            getattr(resource, op.method_name)(*positional, **left_out)
        empty = mock.package.RequestOptions(  # sent past the client's own check
            method=op.http_method.upper(),
            path=op.path,
            path_params={
                p.wire_name: str(value) for p, value in zip(op.path_params, positional, strict=True)
            },
            json_body={},
        )
        with pytest.raises(mock.package.APIStatusError) as caught:
            resource._client.request(empty, None)
        assert 400 <= caught.value.status_code < 500
        return
    pytest.skip(f"{mock.vendor} has no operation with a required body field")


def test_documented_error_status_maps_to_its_exception(mock: Mock) -> None:
    for attribute, op in operations(mock):
        for code, _model in op.errors:
            if code in (403, 404):
                with pytest.raises(mock.package.APIStatusError) as caught:
                    mock.call(attribute, op, extra_headers={"Prefer": f"code={code}"})
                expected = mock.package.PermissionDeniedError if code == 403 else mock.package.NotFoundError
                assert type(caught.value) is expected
                assert caught.value.status_code == code
                return
    pytest.skip(f"{mock.vendor} documents no 403/404 body")


def test_page_objects_walk_prism_lists(mock: Mock) -> None:
    """Every paginated list as page objects: Prism validates each page's paging parameters.

    Prism answers every page with the same example, so the second page repeats the first: the
    pager must end there (a vendor ignoring the paging parameter) rather than loop.
    """
    walked = []
    for attribute, op in operations(mock):
        if op.paging is None:
            continue
        positional, keywords = mock.arguments(op)
        pager = getattr(getattr(mock.client, attribute), op.paging.method_name)(*positional, **keywords)
        first = pager.first_page()
        assert isinstance(first.response, getattr(mock.package.models, op.return_type)), op.operation_id
        item_class = getattr(mock.package.models, op.paging.item_type)
        assert all(isinstance(item, item_class) for item in first.items), op.operation_id
        pages = list(first.iter_pages())
        assert 1 <= len(pages) <= 2, op.operation_id
        assert not pages[-1].has_next_page(), op.operation_id
        assert list(pager) == [item for page in pages for item in page.items], op.operation_id
        walked.append(op.operation_id)
    paginated = [
        site.operation["operationId"]
        for site in iter_operations(mock.document)
        if "x-pagination" in site.operation
    ]
    assert sorted(walked) == sorted(paginated)
