"""Clients generated from small inline specs, called through httpx.MockTransport.

For behaviour the four vendors' specs do not exercise: each test writes a spec, generates its
package into a temporary folder, imports it under its own name and looks at the requests it sends.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.emit.generate import generate_package, settings_for_spec
from generator.spec.loader import load_text


def _spec(schemes: dict[str, Any], security: list[dict[str, list[str]]]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Auth Probe", "version": "1.0.0"},
        "servers": [{"url": "https://api.probe.example"}],
        "security": security,
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {"securitySchemes": schemes},
    }


@pytest.fixture
def package(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A factory: spec data in, the imported package (its own name per test) out."""
    imported: list[str] = []

    def make(spec: dict[str, Any]) -> tuple[ModuleType, list[str]]:
        name = "probe_" + re.sub(r"\W", "_", request.node.name)
        document = load_text(yaml.safe_dump(spec), tmp_path / "openapi.yaml")
        result = generate_package(document, settings_for_spec(document, name), strict=False, cache_dir=None)
        for path, text in result.files.items():
            target = tmp_path / "out" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        sys.path.insert(0, str(tmp_path / "out"))
        imported.append(name)
        return importlib.import_module(name), [w.message for w in result.warnings]

    yield make
    for name in imported:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
    sys.path[:] = [p for p in sys.path if not p.startswith(str(tmp_path))]


def _client(module: ModuleType, **options: Any) -> tuple[Any, list[httpx.Request]]:
    """The package's sync client over a MockTransport answering 200 ``{}``, and the requests it sends."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={})

    client_class = next(
        getattr(module, n) for n in module.__all__ if n.endswith("Client") and "Async" not in n
    )
    options.setdefault("api_key", "sk-probe")
    return client_class(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options), requests


def _sent(module: ModuleType, **options: Any) -> httpx.Request:
    client, requests = _client(module, **options)
    client.things.list()
    return requests[-1]


def test_a_scheme_named_none_does_not_turn_authentication_off(package: Any) -> None:
    """Regression: a spec scheme called `none` replaced the client's own no-auth entry."""
    spec = _spec({"none": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}, [{"none": []}])
    module, warnings = package(spec)
    assert _sent(module).headers["X-Api-Key"] == "sk-probe"
    assert _sent(module, auth_scheme="none_scheme").headers["X-Api-Key"] == "sk-probe"
    assert "X-Api-Key" not in _sent(module, auth_scheme="none").headers
    assert any("offered as auth_scheme='none_scheme'" in w for w in warnings), warnings


@pytest.mark.parametrize("name", ["id:>200000000", "id!r", "0", "id.attr", "id[0]"])
def test_path_templates_are_substituted_never_formatted(package: Any, name: str) -> None:
    """Regression: `/pad/{id:>200000000}` went through str.format_map (2.3 GB per call)."""
    spec = _spec({"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}, [{"key": []}])
    spec["paths"] = {
        f"/pad/{{{name}}}": {
            "get": {
                "operationId": "getPad",
                "tags": ["things"],
                "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}},
            }
        }
    }
    module, _ = package(spec)
    client, requests = _client(module)
    client.things.get_pad("x")
    assert requests[-1].url.raw_path == b"/pad/x"


@pytest.mark.parametrize(
    "scheme",
    [
        {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://auth.example/token", "scopes": {}}},
        },
        {
            "type": "openIdConnect",
            "openIdConnectUrl": "https://auth.example/.well-known/openid-configuration",
        },
    ],
    ids=["oauth2", "openIdConnect"],
)
def test_oauth2_and_openid_connect_take_a_bearer_token_or_a_token_provider(package: Any, scheme: Any) -> None:
    module, warnings = package(_spec({"sso": scheme}, [{"sso": []}]))
    assert not [w for w in warnings if "not supported" in w], warnings
    assert _sent(module, api_key="tok-fixed").headers["Authorization"] == "Bearer tok-fixed"
    tokens = iter(["tok-1\n", "tok-2"])
    client, requests = _client(module, api_key=None, token_provider=lambda: next(tokens))
    client.things.list()
    client.things.list()
    assert [r.headers["Authorization"] for r in requests] == [
        "Bearer tok-1",
        "Bearer tok-2",
    ], "fresh each time"
    client, _ = _client(module, api_key=None, token_provider=lambda: "bad\ntoken")
    with pytest.raises(ValueError, match="control character") as caught:
        client.things.list()
    assert "bad" not in str(caught.value)


def _thing_spec() -> dict[str, Any]:
    thing = {
        "type": "object",
        "required": ["id", "secret"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "secret": {"type": "string", "writeOnly": True},
            "name": {"type": "string", "pattern": "/^[a-z]+$/i"},
            "code": {"type": "string", "pattern": "(unclosed"},
        },
    }
    ref = {"$ref": "#/components/schemas/Thing"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1.0.0"},
        "servers": [{"url": "https://api.probe.example"}],
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": ref}}}
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": thing}},
    }


def test_read_only_and_write_only_properties_are_honoured(package: Any) -> None:
    module, _ = package(_thing_spec())
    client, requests = _client(module)
    assert "id" not in inspect.signature(client.things.create).parameters, "the server sets it"
    created = client.things.create(secret="s3cret", name="abc")  # 200 {}: no id, no secret, and it parses
    assert json.loads(requests[0].content) == {"secret": "s3cret", "name": "abc"}
    assert created.id is None


def test_a_javascript_pattern_is_translated_and_an_invalid_one_not_enforced(package: Any) -> None:
    module, warnings = package(_thing_spec())
    client, requests = _client(module)
    client.things.create(secret="s", name="ABC", code="((")  # /…/i matches any case; "(unclosed" unenforced
    with pytest.raises(module.RequestValidationError, match="name"):
        client.things.create(secret="s", name="ab1")
    assert len(requests) == 1
    assert any("JavaScript literal; enforced as '(?i)^[a-z]+$'" in w for w in warnings), warnings
    assert any("'(unclosed'" in w and "not enforced" in w for w in warnings), warnings


def _nested_spec() -> dict[str, Any]:
    contact = {
        "type": "object",
        "required": ["first-name", "from"],
        "properties": {
            "first-name": {"type": "string"},
            "from": {"type": "string", "enum": ["web", "phone"]},
            "str": {"type": "integer", "nullable": False},
            "note": {"type": ["string", "null"]},
            "address": {"$ref": "#/components/schemas/Address"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dict Probe", "version": "1.0.0"},
        "servers": [{"url": "https://api.probe.example"}],
        "paths": {
            "/contacts": {
                "post": {
                    "operationId": "createContact",
                    "tags": ["contacts"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["contact"],
                                    "properties": {
                                        "contact": contact,
                                        "tags": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Address"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {"204": {"description": "Created"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Address": {
                    "type": "object",
                    "required": ["city"],
                    "properties": {"city": {"type": "string"}, "zipCode": {"type": "string"}},
                }
            }
        },
    }


def test_nested_request_objects_take_typed_dicts_with_any_wire_key(
    package: Any, tmp_path: Path, mypy_cache: Path
) -> None:
    """Keys that are not Python names (``first-name``, ``from``, ``str``) give a functional TypedDict;
    required keys are ``Required``; enums take their literal values; the dict is still validated."""
    module, _ = package(_nested_spec())
    params = inspect.getsource(importlib.import_module(module.__name__ + ".params"))
    assert 'ContactParam = TypedDict(\n    "ContactParam",' in params
    assert '"first-name": "Required[str]"' in params
    assert "class AddressParam(TypedDict, total=False):\n" in params
    assert "    city: Required[str]\n    zipCode: str\n" in params  # not nullable: no None
    assert '"note": "str | None"' in params
    client, requests = _client(module)
    client.contacts.create(contact={"first-name": "Ada", "from": "web", "address": {"city": "Pune"}})
    assert json.loads(requests[0].content) == {
        "contact": {"first-name": "Ada", "from": "web", "address": {"city": "Pune"}}
    }
    with pytest.raises(module.RequestValidationError, match=r"contact\.address\.city: Field required"):
        client.contacts.create(contact={"first-name": "Ada", "from": "web", "address": {"citty": "Pune"}})
    usage = tmp_path / "usage.py"
    usage.write_text(
        f"from {module.__name__} import *  # noqa: F403\n"
        "def call(client: DictProbeClient) -> None:\n"
        '    client.contacts.create(contact={"first-name": "Ada", "from": "web"}, tags=[{"city": "x"}])\n'
        '    client.contacts.create(contact={"first-name": "A", "from": "fax"})'
        "  # type: ignore[arg-type]\n"
        '    client.contacts.create(contact={"from": "web"})  # type: ignore[arg-type]\n'
        '    client.contacts.create(contact={"first-name": "A", "from": "web", "adress": {}})'
        "  # type: ignore[arg-type]\n",
        encoding="utf-8",
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--cache-dir",
            str(mypy_cache),
            str(tmp_path / "out" / module.__name__),
            str(usage),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(tmp_path / "out")},
    )
    assert completed.returncode == 0, completed.stdout


def test_argument_docstrings_carry_ranges_lengths_defaults_and_formats(package: Any) -> None:
    spec = _thing_spec()
    properties = spec["components"]["schemas"]["Thing"]["properties"]
    properties["retries"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "default": 3,
        "description": "Retries.",
    }
    properties["label"] = {"type": "string", "maxLength": 20}
    properties["days"] = {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": 7},
        "minItems": 1,
    }
    properties["at"] = {"type": "string", "format": "date-time", "exclusiveMinimum": 0}
    module, _ = package(spec)
    client, _ = _client(module)
    doc = inspect.getdoc(client.things.create) or ""
    assert "retries: Retries (1 to 5; default 3)." in doc
    assert "label: At most 20 characters." in doc
    assert "days: At least 1 items; each 1 to 7." in doc
    assert "at: More than 0; format date-time." in doc
