"""Malformed and hostile specs: each case is a spec text and what generation must do with it.

``error`` cases must fail cleanly (exit 1, the file and a location named, nothing written);
``package`` cases must give a package that compiles, imports, passes ``mypy --strict`` and,
read as an AST, does nothing the spec did not ask for. Every spec string that could become
code carries :data:`MARK`, so the AST check can see where each one ended up.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["CASES", "MARK", "Case"]

MARK = "PWNED"
"""Every hostile string contains it; in generated code it may only appear inside string literals."""

INJECTIONS = [
    f'"""; import os; os.system("{MARK}") #',
    f"'''; __import__('os').system('{MARK}') #",
    f"\\\\ \\ {MARK} \\n \\x00 \\N{{BULLET}}",
    f"{{{{ {MARK} }}}} {{% if 1 %}}{MARK}{{% endif %}} {{# {MARK} #}}",
    f"</script><script>alert('{MARK}')</script>",
    f"{MARK}\x07\x1b[31m\x7f",
    f"line\u2028{MARK}\u2029end",
    f"\n{MARK} = 1\nimport os\n",
    f"{MARK}\r\nraise SystemExit",
]


@dataclass(frozen=True)
class Case:
    """One hostile input: a name, the spec text, its file suffix and the expected outcome."""

    name: str
    text: str
    expect: str  # "error" or "package"
    suffix: str = ".yaml"
    message: str = ""  # for errors: a part of the expected message


def base() -> dict[str, Any]:
    """A small valid spec: one operation, one request and one response schema."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hostile", "version": "1.0.0"},
        "servers": [{"url": "https://api.hostile.example"}],
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "summary": "Create a thing",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"name": {"type": "string", "description": "Name."}},
                }
            }
        },
    }


def _text(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def _with(change: Any) -> str:
    spec = base()
    change(spec)
    return _text(spec)


def _operation(spec: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/things"]["post"]
    return operation


def _thing(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["Thing"]
    return schema


def _properties(names: list[str]) -> str:
    def change(spec: dict[str, Any]) -> None:
        _thing(spec)["properties"] = {
            name: {"type": "string", "description": f"{MARK} {name}"} for name in names
        }
        _thing(spec)["required"] = names[:1]

    return _with(change)


def _descriptions(text: str) -> str:
    def change(spec: dict[str, Any]) -> None:
        spec["info"]["description"] = text
        spec["info"]["title"] = f"Hostile {text}"
        _operation(spec)["summary"] = text
        _operation(spec)["description"] = text
        _operation(spec)["responses"]["200"]["description"] = text
        _thing(spec)["description"] = text
        _thing(spec)["properties"]["name"].update({"description": text, "examples": [text], "default": text})
        spec["components"]["schemas"]["Status"] = {
            "type": "string",
            "enum": [text, "ok"],
            "description": text,
        }
        _thing(spec)["properties"]["status"] = {"$ref": "#/components/schemas/Status"}

    return _with(change)


def _operation_ids(operation_id: str, tag: str) -> str:
    def change(spec: dict[str, Any]) -> None:
        _operation(spec)["operationId"] = operation_id
        _operation(spec)["tags"] = [tag]

    return _with(change)


def _parameters(names: list[str]) -> str:
    def change(spec: dict[str, Any]) -> None:
        _operation(spec)["parameters"] = [
            {"name": name, "in": "query", "schema": {"type": "string"}, "description": MARK} for name in names
        ]

    return _with(change)


def _schema_names(names: list[str]) -> str:
    def change(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        for name in names:
            schemas[name] = {"type": "object", "properties": {"v": {"type": "integer"}}, "description": MARK}
        _thing(spec)["properties"].update(
            {f"p{i}": {"$ref": f"#/components/schemas/{n}"} for i, n in enumerate(names)}
        )

    return _with(change)


def _enum_and_default(values: list[Any]) -> str:
    def change(spec: dict[str, Any]) -> None:
        _thing(spec)["properties"]["kind"] = {"type": "string", "enum": values, "default": values[0]}
        _thing(spec)["properties"]["count"] = {"type": "integer", "default": 0, "examples": [1]}
        _operation(spec)["parameters"] = [
            {
                "name": "mode",
                "in": "query",
                "schema": {"type": "string", "enum": values, "default": values[-1]},
            }
        ]

    return _with(change)


def _refs(ref: str) -> str:
    def change(spec: dict[str, Any]) -> None:
        _thing(spec)["properties"]["other"] = {"$ref": ref}

    return _with(change)


def _many_operations(count: int) -> str:
    def change(spec: dict[str, Any]) -> None:
        template = spec["paths"]["/things"]["post"]
        for index in range(count):
            spec["paths"][f"/things{index}"] = {"post": {**template, "operationId": f"createThing{index}"}}

    return _with(change)


def _wide_one_of(branches: int) -> str:
    def change(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        for index in range(branches):
            schemas[f"Variant{index}"] = {"type": "object", "properties": {f"v{index}": {"type": "string"}}}
        _thing(spec)["properties"]["variant"] = {
            "oneOf": [{"$ref": f"#/components/schemas/Variant{index}"} for index in range(branches)]
        }

    return _with(change)


def _cyclic(through_all_of: bool) -> str:
    def change(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        if through_all_of:
            schemas["Base"] = {
                "type": "object",
                "properties": {"child": {"$ref": "#/components/schemas/Thing"}},
            }
            schemas["Thing"] = {"allOf": [{"$ref": "#/components/schemas/Base"}, copy.deepcopy(_thing(spec))]}
        else:
            _thing(spec)["properties"]["children"] = {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Thing"},
            }
            _thing(spec)["properties"]["parent"] = {"$ref": "#/components/schemas/Thing"}

    return _with(change)


def _server(url: str) -> str:
    def change(spec: dict[str, Any]) -> None:
        spec["servers"] = [{"url": url}]

    return _with(change)


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


_DEEP_FLOW = "[" * 300_000 + "]" * 300_000 + "\n"


def _deep_yaml_block(levels: int) -> str:
    lines = ["openapi: 3.1.0", "info: {title: Deep, version: '1'}", "paths: {}", "x-deep:"]
    lines += [("  " * (level + 1)) + f"l{level}:" for level in range(levels)]
    return "\n".join(lines) + " end\n"


CASES: list[Case] = [
    # --- refused, with a location ---------------------------------------------------------------
    Case("alias-bomb", _BOMB, "error", message="aliases expand"),
    Case("alias-cycle", "openapi: 3.1.0\nx: &a\n  b: *a\n", "error", message="refers to itself"),
    Case("deep-flow-yaml", "x: " + "[" * 5000 + "]" * 5000 + "\n", "error", message="nest deeper"),
    Case(
        "deep-flow-yaml-extreme", "x: " + "[" * 200_000 + "]" * 200_000 + "\n", "error", message="nest deeper"
    ),
    Case("deep-block-yaml", _deep_yaml_block(300), "error", message="deeper than"),
    # nesting a quote-skipping scan would miss: each crashed libyaml's composer (SIGSEGV) before the
    # limit counted parse events
    Case("deep-after-comment-apostrophe", "# it's a 'trap\nx: " + _DEEP_FLOW, "error", message="nest deeper"),
    Case("deep-after-plain-apostrophe", "y: it 'is\nx: " + _DEEP_FLOW, "error", message="nest deeper"),
    Case("deep-explicit-keys", "x:\n  " + "? " * 300_000 + "k\n", "error", message="nest deeper"),
    Case("deep-compact-sequences", "x:\n" + "- " * 300_000 + "k\n", "error", message="nest deeper"),
    Case("deep-json", '{"x": ' + "[" * 5000 + "]" * 5000 + "}", "error", suffix=".json", message="deep"),
    # beyond what the generator supports: refused at once (a 20,000-operation spec took 8.5 minutes;
    # a 400-branch oneOf ended in a RecursionError inside the modelling)
    Case("too-many-operations", _many_operations(5_000), "error", message="5,001 operations"),
    Case("wide-one-of", _wide_one_of(400), "error", message="oneOf with 400 branches"),
    Case(
        "deep-json-extreme",
        '{"x": ' + "[" * 200_000 + "]" * 200_000 + "}",
        "error",
        suffix=".json",
        message="nests deeper",
    ),
    Case("huge-file", "openapi: 3.1.0\n" + "#" * 51_000_000 + "\n", "error", message="larger than"),
    Case("nul-byte", "openapi: 3.1.0\ninfo: {title: \x00, version: '1'}\n", "error", message="NUL"),
    Case("duplicate-key", "openapi: 3.1.0\nopenapi: 3.0.0\n", "error", message="duplicate key"),
    Case(
        "duplicate-key-json",  # the second servers entry would silently become the client's BASE_URL
        json.dumps(base())[:-1] + ', "servers": [{"url": "https://evil.hostile.example"}]}',
        "error",
        suffix=".json",
        message="duplicate key 'servers'",
    ),
    Case(
        "long-integer-json",
        '{"openapi": "3.1.0", "x": ' + "9" * 5000 + "}",
        "error",
        suffix=".json",
        message="more than",
    ),
    Case("long-integer-yaml", "openapi: 3.1.0\nx: " + "9" * 5000 + "\n", "error", message="more than"),
    Case("not-a-mapping", "- just\n- a list\n", "error"),
    Case("invalid-yaml", "openapi: [3.1.0\n", "error", message="invalid YAML"),
    Case("invalid-json", '{"openapi": ', "error", suffix=".json", message="invalid JSON"),
    Case("external-ref-file", _refs("file:///etc/passwd"), "error", message="external"),
    Case("external-ref-http", _refs("https://evil.example/schema.json#/x"), "error", message="external"),
    Case("external-ref-relative", _refs("../../secrets.yaml#/x"), "error", message="external"),
    Case("unresolved-ref", _refs("#/components/schemas/Nowhere"), "error", message="Nowhere"),
    # Python reads identifiers NFKC-normalised: these three would be one model field
    Case(
        "nfkc-property-collision",
        _properties(["file", "\ufb01le", "\uff46\uff49\uff4c\uff45"]),
        "error",
        message="one name once Unicode-normalised",
    ),
    Case(
        "invalid-pattern",
        _with(lambda s: _thing(s)["properties"]["name"].update(pattern="(unclosed")),
        "package",  # not enforced, with a warning naming it
    ),
    Case(
        "invalid-pattern-backslash",
        _with(lambda s: _thing(s)["properties"]["name"].update(pattern="abc\\")),
        "package",  # not enforced, with a warning naming it
    ),
    # --spec mode warns about a reused operationId and still gives one method per operation
    Case(
        "operation-id-duplicate",
        _with(
            lambda s: s["paths"].update(
                {"/other": {"get": {k: v for k, v in _operation(s).items() if k != "requestBody"}}}
            )
        ),
        "package",
    ),
    # --- generated, and harmless ------------------------------------------------------------------
    *(Case(f"strings-{i}", _descriptions(text), "package") for i, text in enumerate(INJECTIONS)),
    Case(
        "keyword-names",
        _properties(["class", "def", "import", "lambda", "None", "True", "async", "match"]),
        "package",
    ),
    Case(
        "builtin-names",
        _properties(["list", "type", "id", "print", "str", "dict", "object", "property"]),
        "package",
    ),
    Case(
        "dunder-names",
        _properties(["__init__", "__class__", "__dict__", "__slots__", "_private", "__"]),
        "package",
    ),
    Case(
        "client-attribute-names",
        _properties(["self", "client", "with_raw_response", "model_config", "model_fields", "_client"]),
        "package",
    ),
    Case(
        "case-collisions", _properties(["agentId", "agent_id", "AgentId", "agent-id", "AGENT_ID"]), "package"
    ),
    Case(
        "weird-property-names",
        _properties(["a b", "1abc", "x-api-key; rm -rf", "", "ünïcødé", "😀"]),
        "package",
    ),
    Case("operation-id-spaces", _operation_ids("create a thing (v2)!", "my things / stuff"), "package"),
    Case("operation-id-non-ascii", _operation_ids("créerAppel调用", "élève"), "package"),
    Case("operation-id-keyword", _operation_ids("import", "class"), "package"),
    Case("operation-id-dunder", _operation_ids("__init__", "__dict__"), "package"),
    Case("tag-windows-device-name", _operation_ids("listThings", "con"), "package"),
    Case("tag-windows-device-name-nul", _operation_ids("listThings", "NUL"), "package"),
    Case("operation-id-client-attribute", _operation_ids("with_raw_response", "close"), "package"),
    Case("tag-client-attributes", _operation_ids("_client", "with_options"), "package"),
    Case("tag-base-url", _operation_ids("request", "base_url"), "package"),
    Case(
        "parameter-names",
        _parameters(["self", "timeout", "extra_headers", "a b", "1x", "class", "body"]),
        "package",
    ),
    Case(
        "schema-names",
        _schema_names(["Foo Bar", "class", "1Model", "__init__", "Thing_", "thing"]),
        "package",
    ),
    Case(
        "schema-names-shadowing-imports",
        _schema_names(
            ["Field", "Annotated", "VendorModel", "Any", "BaseModel", "httpx", "Literal", "ThingsResource"]
        ),
        "package",
    ),
    Case(
        "enum-values-like-code",
        _enum_and_default(
            [f'"); __import__("os").system("{MARK}")  #', f"{MARK}' + str(1) + '", "__class__"]
        ),
        "package",
    ),
    Case("enum-values-numbers-and-blank", _enum_and_default(["", " ", "1", "-", "None", MARK]), "package"),
    Case("cyclic-ref", _cyclic(through_all_of=False), "package"),
    Case("cyclic-ref-through-all-of", _cyclic(through_all_of=True), "package"),
    # a server that is not http(s) is no default: the client then needs base_url=...
    Case("server-javascript", _server(f"javascript:alert('{MARK}')"), "package"),
    Case("server-file", _server("file:///etc/passwd"), "package"),
    Case("server-ftp", _server("ftp://files.example/api"), "package"),
    Case(
        "server-with-query-and-fragment",
        _server(f"https://api.hostile.example/v1?{MARK}=1#frag"),
        "package",
    ),
    Case(
        "header-injection-name",
        _with(
            lambda s: _operation(s).update(
                parameters=[{"name": f"X-A\r\nX-{MARK}: 1", "in": "header", "schema": {"type": "string"}}]
            )
        ),
        "package",
    ),
    Case(
        "no-schemas-at-all",
        _with(
            lambda s: (
                s.pop("components"),
                s["paths"]["/things"].update(
                    post={
                        "operationId": "ping",
                        "tags": ["things"],
                        "responses": {"204": {"description": MARK}},
                    }
                ),
            )
        ),
        "package",
    ),
    Case("json-spec", json.dumps(yaml.safe_load(_descriptions(INJECTIONS[0]))), "package", suffix=".json"),
]
