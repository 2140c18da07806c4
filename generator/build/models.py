"""Pydantic v2 models through datamodel-code-generator, in-process, once per spec.

datamodel-code-generator models schemas, not operations, so request,
response, error and webhook schemas written inline in an operation are first
hoisted into ``components/schemas`` under names derived from the operationId;
then every schema an operation uses has a class.  Its model metadata
(schema → class, wire name → Python name) is what the IR builder reads.

The output is post-processed in three small, deterministic ways: models
derive from the package's ``VendorModel`` (lenient when reading, wire names
when writing), enums from the package's open enums (unknown values in
responses do not crash), and the module gets ``__all__``.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType

from generator.build.escapes import escape_invisible
from generator.build.naming import class_name, unique_name
from generator.spec.patterns import python_pattern
from generator.spec.walk import (
    OperationSite,
    body_media,
    iter_operations,
    iter_schemas,
    request_media,
    resolve_local,
)

__all__ = [
    "CODEGEN_OPTIONS",
    "RESERVED_CLASS_NAMES",
    "GeneratedModels",
    "ModelField",
    "ModelInfo",
    "Slot",
    "generate_models",
    "hoist_schemas",
    "success_response",
]

# Recorded in every package's lock file: a change here changes the output.
CODEGEN_OPTIONS: dict[str, Any] = {
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "disable_timestamp": True,
    "snake_case_field": True,
    "capitalise_enum_members": True,
    "use_annotated": True,
    "field_constraints": True,
    "use_schema_description": True,
    "use_field_description": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_double_quotes": True,
    "strict_refs": True,
    "use_specialized_enum": True,
    "treat_dot_as_module": False,
    "collapse_root_models": True,
    "set_default_enum_member": True,
    # Generated clients depend on httpx and pydantic only: no email-validator.
    "type_mappings": ["string+email=string", "string+idn-email=string"],
}

Slot = tuple[str | int, ...]


def _is_component_ref(schema: Any) -> bool:
    return isinstance(schema, Mapping) and str(schema.get("$ref", "")).startswith("#/components/schemas/")


def success_response(document: Any, operation: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """The documented success response: the lowest 2xx status, else ``default``."""
    responses = operation.get("responses")
    if not isinstance(responses, Mapping):
        return None
    codes = sorted(str(code) for code in responses if str(code).startswith("2"))
    code = codes[0] if codes else ("default" if "default" in responses else None)
    if code is None:
        return None
    response = resolve_local(document, responses[code])
    return (code, response) if isinstance(response, Mapping) else None


def _slots(document: Any, site: OperationSite) -> Iterator[tuple[Slot, str, Any]]:
    """(slot, name stem, schema) of every body an operation sends or receives."""
    stem = class_name(str(site.operation.get("operationId") or f"{site.method} {site.route}"))
    if site.section == "webhooks":
        stem = class_name(site.route) + "Webhook"
    body = resolve_local(document, site.operation.get("requestBody"))
    choices = request_media(body.get("content")) if isinstance(body, Mapping) else []
    suffix = "Payload" if site.section == "webhooks" else "Request"
    for index, (kind, media_type, schema) in enumerate(choices):
        if kind in ("text", "raw"):  # sent as they are: no model (request_media lists them last)
            continue
        if index == 0:
            yield (*site.location, "request"), stem + suffix, schema
        else:  # another way to send the same body: its own model, for its own method
            yield (*site.location, "request", media_type), stem + kind.capitalize() + suffix, schema
    success = success_response(document, site.operation)
    if success is not None:
        media = body_media(success[1].get("content"))
        if media is not None:
            yield (*site.location, "response"), stem + "Response", media[1]
    responses = site.operation.get("responses")
    for code, response in (responses or {}).items() if isinstance(responses, Mapping) else ():
        if str(code)[:1] not in "45":
            continue
        resolved = resolve_local(document, response)
        media = body_media(resolved.get("content")) if isinstance(resolved, Mapping) else None
        if media is not None:
            yield (*site.location, "error", str(code)), f"{stem}Error{code}", media[1]


RESERVED_CLASS_NAMES = frozenset(
    {
        # typing, collections.abc and the standard library, as generated modules import them
        *("Annotated", "Any", "AsyncIterator", "Awaitable", "Callable", "Final", "Generic", "Iterator"),
        *("Literal", "Mapping", "Sequence", "TypeAlias", "TypeVar", "Enum", "IntEnum", "StrEnum", "UUID"),
        *("Required", "NotRequired", "TypedDict"),
        *("Decimal", "Date", "Datetime", "Time", "Timedelta"),
        # pydantic, as datamodel-code-generator and the runtime import it
        *("AwareDatetime", "BaseModel", "ConfigDict", "Field", "RootModel", "TypeAdapter"),
        *("AnyUrl", "AnyHttpUrl", "EmailStr", "SecretStr", "Json", "StringConstraints", "NaiveDatetime"),
        # the generated package's own runtime
        *("VendorModel", "OpenVendorModel", "OpenStrEnum", "APIResponse", "AsyncAPIClient"),
        *("SyncAPIClient", "RequestOptions", "RequestValidationError", "StreamedResponse"),
        *("AsyncStreamedResponse", "AuthScheme", "Omit", "OMIT", "TimeoutTypes", "Httpx", "CallOptions"),
        *("Unpack",),
        *("BinaryResponse", "TEXT", "UNDOCUMENTED", "FileInput", "RawContent"),
        *("SyncPager", "AsyncPager", "SyncPage", "AsyncPage"),
    }
)
"""Class names a schema may not take: generated modules import these names beside the models.

Names ending in ``Resource`` are kept free too: resource modules define ``<Tag>Resource`` classes,
and their ``...ResourceWithRawResponse`` and ``...ResourceWithStreamingResponse`` wrappers.
"""
_RESOURCE_SUFFIXES = ("resource", "resourcewithrawresponse", "resourcewithstreamingresponse")
_RESERVED_KEYS = {name.lower() for name in RESERVED_CLASS_NAMES}


def _rename_reserved(document: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Give schemas whose class would shadow an imported name another name (``Any`` → ``AnyModel``)."""
    renames: dict[str, str] = {}
    taken = set(schemas)
    for name in list(schemas):
        key = re.sub(r"[^0-9a-zA-Z]", "", name).lower()
        if key in _RESERVED_KEYS or key.endswith(_RESOURCE_SUFFIXES):
            new = unique_name(f"{name}Model", taken)
            taken.add(new)
            renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{new}"
            schemas[new] = schemas.pop(name)
    if renames:
        _rewrite_refs(document, renames)


def _rewrite_refs(node: Any, renames: Mapping[str, str]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref in renames:
                current["$ref"] = renames[ref]
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def hoist_schemas(document: Mapping[str, Any]) -> tuple[dict[str, Any], dict[Slot, str]]:
    """A copy of the document where every operation body schema is a components schema.

    Returns:
        The copy, and for each body slot the ``#/components/schemas/...`` reference it uses.

    """
    hoisted = copy.deepcopy(dict(document))
    _as_clients_read(hoisted)
    components = hoisted.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    _rename_reserved(hoisted, schemas)
    taken = set(schemas)
    refs: dict[Slot, str] = {}
    for site in iter_operations(hoisted):
        for slot, stem, schema in list(_slots(hoisted, site)):
            if _is_component_ref(schema):
                refs[slot] = schema["$ref"]
                continue
            name = unique_name(stem, taken)
            taken.add(name)
            schemas[name] = copy.deepcopy(dict(schema))
            refs[slot] = f"#/components/schemas/{name}"
    return hoisted, refs


def _as_clients_read(document: dict[str, Any]) -> None:
    """Schemas changed in place to what a client can honour.

    A ``readOnly`` property is never sent and a ``writeOnly`` one never received, so neither is
    required of the one model that serves both directions (request arguments leave read-only
    fields out: see :mod:`generator.build.operations`). Patterns become what Python's ``re`` can
    enforce (:mod:`generator.spec.patterns`; lint names each changed one).
    """
    for _, schema in iter_schemas(document):
        if not isinstance(schema, dict):
            continue
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            fix = python_pattern(pattern)
            if fix.pattern is None:
                del schema["pattern"]
            else:
                schema["pattern"] = fix.pattern
        properties = schema.get("properties")
        required = schema.get("required")
        if isinstance(properties, dict) and isinstance(required, list):
            one_way = {
                name
                for name, prop in properties.items()
                if isinstance(prop, dict) and (prop.get("readOnly") is True or prop.get("writeOnly") is True)
            }
            if one_way & set(required):
                schema["required"] = [name for name in required if name not in one_way]


@dataclass(frozen=True)
class ModelField:
    """One field of a generated model."""

    python_name: str
    wire_name: str
    type_hint: str
    required: bool


@dataclass(frozen=True)
class ModelInfo:
    """A generated class: an object model with fields, a root model around a type, or an enum."""

    class_name: str
    kind: Literal["object", "root", "enum"]
    fields: tuple[ModelField, ...]
    root_type: str

    @property
    def value_type(self) -> str:
        """The type a method takes or returns for this schema: root models are unwrapped."""
        return self.root_type if self.kind == "root" else self.class_name


@dataclass(frozen=True, order=True)
class ModelsWarning:
    """What datamodel-code-generator warned, in the terms of the generated package."""

    message: str
    unknown_format: str | None = None
    """The string format it did not know, by which the warning is located in the spec."""


@dataclass(frozen=True)
class GeneratedModels:
    """The models module and what the IR needs to know about it."""

    code: str
    """The models module without its provenance header."""
    by_ref: Mapping[str, ModelInfo]
    by_class: Mapping[str, ModelInfo]
    names: tuple[str, ...]
    imported: Mapping[str, str]
    enum_values: Mapping[str, tuple[str | int | None, ...]]
    """The values of each enum class in their order (``None`` for a null member), for ``Literal``
    forms and example calls."""
    warnings: tuple[ModelsWarning, ...] = ()
    """What the models cannot express (a string format datamodel-code-generator does not know)."""


_ENUM_BASES = {"StrEnum": "OpenStrEnum", "IntEnum": "OpenIntEnum", "Enum": "OpenEnum"}


def _class_kinds(tree: ast.Module) -> dict[str, tuple[str, str]]:
    kinds: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or not node.bases:
            continue
        base = node.bases[0]
        if isinstance(base, ast.Subscript) and ast.unparse(base.value) == "RootModel":
            kinds[node.name] = ("root", ast.unparse(base.slice))
        elif ast.unparse(base) in _ENUM_BASES:
            kinds[node.name] = ("enum", "")
        else:
            kinds[node.name] = ("object", "")
    return kinds


def _inherit_fields(
    tree: ast.Module, own: Mapping[str, tuple[ModelField, ...]]
) -> dict[str, tuple[ModelField, ...]]:
    """Fields of each class including those of its generated base classes (allOf becomes inheritance)."""
    bases = {
        node.name: [ast.unparse(b) for b in node.bases]
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    resolved: dict[str, tuple[ModelField, ...]] = {}

    def fields_of(name: str, depth: int = 0) -> tuple[ModelField, ...]:
        if name in resolved or depth > 50:
            return resolved.get(name, ())
        merged: dict[str, ModelField] = {}
        for base in bases.get(name, []):
            if base in bases:
                merged.update((f.python_name, f) for f in fields_of(base, depth + 1))
        merged.update((f.python_name, f) for f in own.get(name, ()))
        resolved[name] = tuple(merged.values())
        return resolved[name]

    for name in bases:
        fields_of(name)
    return resolved


def _enum_values(
    tree: ast.Module, kinds: Mapping[str, tuple[str, str]]
) -> dict[str, tuple[str | int | None, ...]]:
    values: dict[str, tuple[str | int | None, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and kinds.get(node.name, ("",))[0] == "enum":
            values[node.name] = tuple(
                statement.value.value
                for statement in node.body
                if isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str | int | None)
                and not isinstance(statement.value.value, bool)
            )
    return values


def _imported_names(tree: ast.Module) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = node.module
    return names


def _rewrite_line(line: str) -> str:
    """Point imports and bases at the package's own VendorModel and open enums."""
    match = re.match(r"^from enum import (.+)$", line)
    if match:
        bases = [_ENUM_BASES[n.strip()] for n in match.group(1).split(",") if n.strip() in _ENUM_BASES]
        return f"from ._models import {', '.join(sorted(bases))}" if bases else ""
    if re.match(r"^from \S+\._models import VendorModel$", line):
        return "from ._models import VendorModel"
    class_match = re.match(r"^class (\w+)\((StrEnum|IntEnum|Enum)\):$", line)
    if class_match:
        return f"class {class_match.group(1)}({_ENUM_BASES[class_match.group(2)]}):"
    return line


_BARE = {"list": "list[Any]", "dict": "dict[str, Any]", "set": "set[Any]"}


def _bare_generics(tree: ast.Module) -> list[tuple[int, int, str]]:
    """Positions of unparametrised ``list``/``dict`` in annotations and bases (mypy --strict rejects them)."""
    found: list[tuple[int, int, str]] = []
    subscripted: set[int] = set()
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, ast.ClassDef):
            roots.extend(node.bases)
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.Subscript):
                subscripted.add(id(node.value))
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and node.id in _BARE and id(node) not in subscripted:
                found.append((node.lineno, node.col_offset, node.id))
    return found


_MAYBE_BARE = re.compile(r"[\[:(,|]\s*(?:list|dict|set)\s*(?:[\]),|=]|$)", re.M)
"""Text a bare generic of an annotation or a base needs around it (a cheap test before parsing)."""

_MAYBE_ANY_KEY = re.compile(r"\bextra\s*=\s*['\"]allow['\"]")
"""Text ``ConfigDict(extra="allow")`` needs (a cheap test before parsing)."""


def _parametrise(code: str) -> str:
    if not _MAYBE_BARE.search(code):
        return code  # most modules: parsing 300 KB of models to find nothing costs 0.4 s
    lines = code.split("\n")  # the line breaks ast counts: control characters are escaped by now
    for line, column, name in sorted(_bare_generics(ast.parse(code)), reverse=True):
        text = lines[line - 1].encode("utf-8")  # ast columns count UTF-8 bytes
        lines[line - 1] = (text[:column] + _BARE[name].encode() + text[column + len(name) :]).decode("utf-8")
    result = "\n".join(lines)
    if (
        result != code
        and "from typing import" in result
        and not re.search(r"^from typing import .*\bAny\b", result, re.M)
    ):
        future = re.search(r"^from __future__ import .*\n", result, re.M)
        at = future.end() if future else 0
        result = result[:at] + "from typing import Any\n" + result[at:]
    return result


def _allows_any_key(statement: ast.stmt) -> bool:
    """``model_config = ConfigDict(extra="allow")``: datamodel-code-generator's ``additionalProperties``."""
    return (
        isinstance(statement, ast.Assign)
        and [ast.unparse(t) for t in statement.targets] == ["model_config"]
        and isinstance(statement.value, ast.Call)
        and ast.unparse(statement.value) == "ConfigDict(extra='allow')"
    )


def _open_models(code: str) -> str:
    """Models whose schema allows undocumented keys derive from ``OpenVendorModel``.

    Every model allows extra keys while reading (a vendor's new field is kept), so the
    generator's ``extra="allow"`` says nothing at runtime; the base class says that a request
    may carry keys the spec does not list, where every other model refuses them.
    """
    if not _MAYBE_ANY_KEY.search(code):
        return code
    tree = ast.parse(code)
    lines = code.split("\n")
    dropped: set[int] = set()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or [ast.unparse(b) for b in node.bases] != ["VendorModel"]:
            continue
        config = next((s for s in node.body if _allows_any_key(s)), None)
        if config is None:
            continue
        lines[node.lineno - 1] = lines[node.lineno - 1].replace("(VendorModel):", "(OpenVendorModel):", 1)
        dropped |= set(range(config.lineno - 1, (config.end_lineno or config.lineno)))
    if not dropped:
        return code
    kept = [line for index, line in enumerate(lines) if index not in dropped]
    result = "\n".join(kept).replace(
        "from ._models import VendorModel\n", "from ._models import OpenVendorModel, VendorModel\n", 1
    )
    if "ConfigDict(" not in result:
        result = re.sub(r"^(from pydantic import .*)\bConfigDict, ", r"\1", result, count=1, flags=re.M)
        result = re.sub(r"^(from pydantic import .*), ConfigDict\b", r"\1", result, count=1, flags=re.M)
    return result


_SCALARS = frozenset({"int", "str", "float", "bool"})


def _scalar_root(node: ast.stmt) -> ast.AnnAssign | None:
    """The ``root`` field of ``class X(RootModel[int]): root: Annotated[int, ...]``, for a scalar root."""
    if not isinstance(node, ast.ClassDef) or len(node.bases) != 1 or node.decorator_list:
        return None
    base = node.bases[0]
    if not (isinstance(base, ast.Subscript) and ast.unparse(base.value) == "RootModel"):
        return None
    if ast.unparse(base.slice) not in _SCALARS:
        return None
    body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
    if len(body) != 1 or not isinstance(body[0], ast.AnnAssign) or body[0].value is not None:
        return None
    return body[0] if ast.unparse(body[0].target) == "root" else None


def _source_segment(lines: list[str], node: ast.expr) -> str:
    """``ast.get_source_segment`` over lines split once.

    The standard one re-splits the whole module on every call: 36 s of Stripe's models.
    Offsets are UTF-8 byte offsets, as the ``ast`` module counts them.
    """
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    end = node.end_col_offset if node.end_col_offset is not None else len(lines[last].encode())
    if first == last:
        return lines[first].encode()[node.col_offset : end].decode()
    head = lines[first].encode()[node.col_offset :].decode()
    return "\n".join([head, *lines[first + 1 : last], lines[last].encode()[:end].decode()])


def _scalar_aliases(code: str) -> tuple[str, ast.Module | None]:
    """Scalar root models (``WindowDay(root=1)``) become constrained type aliases.

    ``window_days=[1, 2]`` type-checks and ``schedule.window_days[0] == 1`` holds, with the same
    limits enforced by pydantic. The class docstring becomes a comment (a string statement at
    module level is not something a generated module may contain). Returns the module's tree
    too when nothing was replaced, for the next pass (a parse of Stripe's models takes 0.8 s).
    """
    tree = ast.parse(code)
    source = code.split("\n")
    lines = list(source)
    replaced = False
    for node in reversed(tree.body):
        root = _scalar_root(node)
        if root is None:
            continue
        assert isinstance(node, ast.ClassDef)
        annotation = _source_segment(source, root.annotation) or ast.unparse(root.annotation)
        doc = ast.get_docstring(node) or ""
        comment = [f"# {text}".rstrip() for text in doc.strip().splitlines()]
        alias = f"{node.name}: TypeAlias = {' '.join(annotation.split())}"
        lines[node.lineno - 1 : node.end_lineno] = [*comment, alias]
        replaced = True
    if not replaced:
        return code, tree
    result = "\n".join(lines)
    typing = re.search(r"^from typing import (.*)$", result, re.M)
    if typing is None:
        future = re.search(r"^from __future__ import .*\n", result, re.M)
        at = future.end() if future else 0
        result = result[:at] + "from typing import TypeAlias\n" + result[at:]
    elif "TypeAlias" not in typing.group(1).split(", "):
        names = ", ".join(sorted([*typing.group(1).split(", "), "TypeAlias"]))
        result = result[: typing.start()] + f"from typing import {names}" + result[typing.end() :]
    if "RootModel" not in result.replace("import RootModel", "").replace(", RootModel", ""):
        result = re.sub(r"^(from pydantic import .*), RootModel\b", r"\1", result, count=1, flags=re.M)
    return result, None


def _one_line_docstrings(code: str, tree: ast.Module | None = None) -> str:
    """A one-line description as a one-line docstring: a new field is one line of a review, not three.

    A class docstring is followed by one blank line, as black writes it (so that black, which
    formats the module next, finds its own layout and makes one pass instead of two).
    """
    lines: list[str | None] = list(code.split("\n"))
    blank_after: set[int] = set()
    for node in ast.walk(tree if tree is not None else ast.parse(code)):
        if not isinstance(node, ast.ClassDef):
            continue
        first = node.body[0]
        if len(node.body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            end = (first.end_lineno or first.lineno) - 1
            if isinstance(first.value.value, str) and (lines[end + 1] or "").strip():
                blank_after.add(end)
        for statement in node.body:
            if not (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
                and statement.end_lineno == statement.lineno + 2
            ):
                continue
            start = statement.lineno - 1
            opening, middle, closing = (str(text) for text in lines[start : start + 3])
            indent = opening[: len(opening) - len(opening.lstrip())]
            if opening.strip() != '"""' or closing.strip() != '"""' or not middle.startswith(indent):
                continue
            line = f'{indent}"""{middle.strip()}"""'
            try:  # the same text on one line (a quote or an escape at either end can change it)
                same = ast.literal_eval(line.strip()) == statement.value.value.strip()
            except (SyntaxError, ValueError):
                same = False
            if same and len(line) <= 110:
                lines[start : start + 3] = [line, None, None]
    kept: list[str] = []
    for index, maybe in enumerate(lines):
        if maybe is not None:
            kept.append(maybe)
        if index in blank_after:
            kept.append("")
    return "\n".join(kept)


def _postprocess(code: str, names: list[str]) -> str:
    code = _parametrise(code)
    lines = [
        _rewrite_line(line)
        for line in code.split("\n")
        if not line.startswith(("# generated by datamodel-codegen", "#   filename:"))
    ]
    body = _one_line_docstrings(*_scalar_aliases(_open_models("\n".join(lines)))).strip("\n")
    exports = "__all__ = [\n" + "".join(f"    {name!r},\n" for name in sorted(names)) + "]\n"
    # black writes two blank lines after a class body (the last line is indented), else keeps one
    gap = "\n\n\n" if body.rsplit("\n", 1)[-1].startswith(" ") else "\n\n"
    return f"{body}{gap}{exports}"


_UNKNOWN_FORMAT = re.compile(r"format of '(?P<format>[^']*)' not understood for '(?P<type>[^']*)'")


def _said(warning: warnings.WarningMessage) -> ModelsWarning:
    text = str(warning.message)
    unknown = _UNKNOWN_FORMAT.search(text)
    if unknown:
        message = (
            f"format {unknown['format']!r} is not one the generator knows: "
            f"its fields are plain {unknown['type']} values, unchecked"
        )
        return ModelsWarning(message, unknown["format"])
    return ModelsWarning(f"datamodel-code-generator: {text}")


def _run_codegen(
    document: Mapping[str, Any], import_name: str, metadata_path: Path
) -> tuple[str, tuple[ModelsWarning, ...]]:
    """The models module, and what datamodel-code-generator warned (as the package's warnings).

    Its warnings would otherwise reach the user as raw Python warnings naming its own source file.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # A spec whose operations use no schema at all is fine: the package has no models.
        warnings.filterwarnings("ignore", message="No schemas found in components/schemas")
        code = _codegen(document, import_name, metadata_path)
    return code, tuple(sorted({_said(warning) for warning in caught}))


def _codegen(document: Mapping[str, Any], import_name: str, metadata_path: Path) -> str:
    result = generate(
        json.dumps(document, sort_keys=False),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        base_class=f"{import_name}._models.VendorModel",
        formatters=[],
        emit_model_metadata=metadata_path,
        **{
            k: v
            for k, v in CODEGEN_OPTIONS.items()
            if k not in ("output_model_type", "target_python_version")
        },
    )
    if not isinstance(result, str):
        raise TypeError("datamodel-code-generator split the models into modules; expected one module")
    return result


def generate_models(document: Mapping[str, Any], import_name: str) -> GeneratedModels:
    """Run datamodel-code-generator on a (hoisted) document and describe the classes it made.

    The code has no header: the same models serve every file that names a different source.
    """
    components = document.get("components")
    if not (isinstance(components, Mapping) and components.get("schemas")):
        said: tuple[ModelsWarning, ...] = ()
        code, metadata = "", {}  # no schema at all: datamodel-code-generator refuses; no models
    else:
        with tempfile.TemporaryDirectory(prefix="vendorgen-models-") as folder:
            metadata_path = Path(folder) / "metadata.json"
            code, said = _run_codegen(document, import_name, metadata_path)
            code = escape_invisible(code)
            metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    tree = ast.parse(code)
    kinds = _class_kinds(tree)
    own_fields: dict[str, tuple[ModelField, ...]] = {}
    refs: dict[str, str] = {}
    for model in metadata.get("models", []):
        name = model["class_name"]
        own_fields[name] = tuple(
            ModelField(f["name"], f.get("alias") or f["name"], f["type"], bool(f.get("required")))
            for f in model.get("fields", [])
        )
        if str(model.get("source_ref", "")).startswith("#"):
            refs.setdefault(model["source_ref"], name)
    all_fields = _inherit_fields(tree, own_fields)
    by_ref = {
        ref: ModelInfo(name, kinds[name][0], all_fields.get(name, ()), kinds[name][1])  # type: ignore[arg-type]
        for ref, name in refs.items()
        if name in kinds
    }
    names = sorted(kinds)
    return GeneratedModels(
        code=_postprocess(code, names),
        by_ref=by_ref,
        by_class={
            name: ModelInfo(name, kind, all_fields.get(name, ()), root)  # type: ignore[arg-type]
            for name, (kind, root) in kinds.items()
        },
        names=tuple(names),
        imported=_imported_names(tree),
        enum_values=_enum_values(tree, kinds),
        warnings=said,
    )
