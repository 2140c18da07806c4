"""One spec operation → one client method of the IR.

Everything a template prints is computed here: argument names (cleaned up and
made unique), annotations, the signature texts, the arguments forwarded to
the request builder, the docstring and the paging expressions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from generator.build.docstrings import method_docstring, schema_facts
from generator.build.examples import example_value, spec_example
from generator.build.ir import Body, Operation, Paging, Param, Signature
from generator.build.media import DEFAULT_ACCEPT, ResponseShape, response_shape
from generator.build.models import GeneratedModels, ModelInfo, Slot, success_response
from generator.build.naming import snake_case, unique_name
from generator.build.request_dicts import RequestDicts, plan_request_dicts
from generator.build.typehints import argument_hint, object_properties, parameter_hint
from generator.spec.walk import OperationSite, RequestKind, request_media, resolve_local

__all__ = [
    "CLIENT_HEADERS",
    "FORM_STYLES",
    "RESERVED_ARGUMENTS",
    "body_choices",
    "build_operation",
    "method_name",
]

# Names the generated methods use themselves.
RESERVED_ARGUMENTS = frozenset(
    {
        "self",
        "body",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "RequestOptions",
        "options",
        "position",
        # helpers the generated code calls, which an argument must not shadow
        "path_param",
        "header_values",
        "model_body",
        "value_body",
        "multipart_parts",
        "form_fields",
        "raw_content",
        "cast",
        "attr_path",
        "isinstance",
        "builtins",
        "paginate_offset",
        "paginate_page",
        "apaginate_offset",
        "apaginate_page",
    }
)
@dataclass(frozen=True)
class ModelContext:
    """What operations need from the models stage: the classes and the hoisted slots."""

    document: Any
    models: GeneratedModels
    slots: Mapping[Slot, str]

    def info(self, slot: Slot) -> ModelInfo | None:
        """The generated class for a body slot, if the operation has that body."""
        ref = self.slots.get(slot)
        return self.models.by_ref.get(ref) if ref is not None else None

    @cached_property
    def error_slots(self) -> Mapping[tuple[Any, ...], tuple[Slot, ...]]:
        """Each operation's error-body slots, sorted, by the operation's location (found in one pass)."""
        found: dict[tuple[Any, ...], list[Slot]] = {}
        for slot in self.slots:
            if len(slot) >= 2 and slot[-2] == "error":
                found.setdefault(tuple(slot[:-2]), []).append(slot)
        return {location: tuple(sorted(slots)) for location, slots in found.items()}

    @cached_property
    def request_dicts(self) -> RequestDicts:
        """The ``TypedDict`` forms of the nested objects requests send (``params.py``)."""
        return plan_request_dicts(self.document, self.models, self.slots)

    def class_for_ref(self, ref: str) -> str | None:
        """The class name for a components schema reference, unwrapping root models."""
        info = self.models.by_ref.get(ref)
        return info.value_type if info is not None else None


def method_name(operation_id: str, tag: str) -> str:
    """``createCampaign`` under ``campaigns`` → ``create``; ``listCallSessions`` under ``calls`` stays."""
    name = snake_case(operation_id, prefix="call")
    tag_words = snake_case(tag).split("_")
    for candidate in (tag_words, [*tag_words[:-1], tag_words[-1].removesuffix("s")]):
        pattern = "_".join(candidate)
        trimmed = re.sub(rf"(^|_){re.escape(pattern)}(?=_|$)", r"\1", name, count=1).strip("_")
        trimmed = re.sub(r"__+", "_", trimmed)
        if trimmed and trimmed != name and not trimmed[0].isdigit():
            return snake_case(trimmed, prefix="call")
    return name


_LOCATIONS = ("path", "query", "header", "cookie")
CLIENT_HEADERS = frozenset({"authorization", "content-type", "accept"})
"""Headers the client sets itself: header parameters of these names are not arguments."""
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}


def _parameters(context: ModelContext, site: OperationSite) -> list[Mapping[str, Any]]:
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for owner in (site.path_item, site.operation):
        for raw in owner.get("parameters") or []:
            resolved = resolve_local(context.document, raw)
            if isinstance(resolved, Mapping) and isinstance(resolved.get("name"), str):
                merged[(str(resolved.get("in")), resolved["name"])] = resolved
    return [p for (where, _), p in merged.items() if where in _LOCATIONS]


def _spec_params(context: ModelContext, site: OperationSite) -> list[Param]:
    params = []
    for raw in _parameters(context, site):
        location: Literal["path", "query", "header", "cookie"] = raw["in"]
        if location == "header" and raw["name"].lower() in CLIENT_HEADERS:
            continue
        hint = parameter_hint(context.document, raw.get("schema"), context.class_for_ref)
        required = bool(raw.get("required")) or location == "path"
        style = str(raw.get("style") or "")
        explode = raw.get("explode")
        exploded_by_default = (style or _DEFAULT_STYLE[location]) == "form"  # OpenAPI's rule
        params.append(
            Param(
                raw["name"],
                raw["name"],
                location,
                hint,
                required,
                str(raw.get("description", "")),
                style="" if style == _DEFAULT_STYLE[location] else style,
                explode=explode if isinstance(explode, bool) and explode != exploded_by_default else None,
                allow_reserved=raw.get("allowReserved") is True,
                facts=schema_facts(context.document, raw.get("schema")),
                example=spec_example(raw) if "example" in raw or "examples" in raw else spec_example(
                    resolve_local(context.document, raw.get("schema"))
                ),
            )
        )
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return sorted(params, key=lambda p: order[p.location])


def _styles_argument(params: list[Param]) -> str:
    styled = {
        p.wire_name: (p.style or "form", p.explode, p.allow_reserved)
        for p in params
        if p.location == "query" and (p.style or p.explode is not None or p.allow_reserved)
    }
    return f"styles={styled!r}" if styled else ""


def _header_explode_argument(params: list[Param]) -> str:
    exploded = tuple(p.wire_name for p in params if p.location == "header" and p.explode)
    return f"exploded_headers={exploded!r}" if exploded else ""


def _cookie_argument(params: list[Param]) -> str:
    cookies = ", ".join(f"{p.wire_name!r}: {p.python_name}" for p in params if p.location == "cookie")
    return f"cookies={{{cookies}}}" if cookies else ""


BodyChoice = tuple[RequestKind, str, Any]
"""One way to send an operation's body: its kind, media type and schema (see ``request_media``)."""


def _request_content(context: ModelContext, site: OperationSite) -> Mapping[str, Any]:
    body = resolve_local(context.document, site.operation.get("requestBody"))
    content = body.get("content") if isinstance(body, Mapping) else None
    return content if isinstance(content, Mapping) else {}


def body_choices(context: ModelContext, site: OperationSite) -> list[BodyChoice]:
    """The ways an operation's body can be sent; the first is the method's, the others get variants."""
    return request_media(_request_content(context, site))


@dataclass(frozen=True)
class _FilePart:
    """A multipart property that is a file (or a list of files), and its documented media type."""

    many: bool
    media_type: str


def _file_part(document: Any, schema: Mapping[str, Any], encoding: Any) -> _FilePart | None:
    """The file a property holds: binary content, or an array of it; None for any other property.

    Its media type is the encoding's ``contentType``, else the schema's ``contentMediaType``
    (``application/octet-stream`` says nothing: httpx's own guess from the file name is kept).
    """
    many = schema.get("type") == "array"
    item = resolve_local(document, schema.get("items")) if many else schema
    if not isinstance(item, Mapping):
        return None
    media = item.get("contentMediaType")
    binary_media = isinstance(media, str) and not media.startswith(("text/", "application/json"))
    if item.get("format") != "binary" and not binary_media:
        return None
    media = _part_content_type(encoding) or media
    documented = media if isinstance(media, str) and media != "application/octet-stream" else ""
    return _FilePart(many, documented)


def _part_content_type(encoding: Any) -> str:
    """The ``contentType`` an ``encoding`` entry gives a multipart part (the first one listed)."""
    if isinstance(encoding, Mapping) and isinstance(encoding.get("contentType"), str):
        return str(encoding["contentType"]).split(",")[0].strip()
    return ""


def _body(
    context: ModelContext, site: OperationSite, choice: BodyChoice | None, slot: Slot
) -> tuple[Body | None, list[Param]]:
    if choice is None:
        return None, []
    kind, media_type, schema = choice
    if kind == "text":
        return Body("text", media_type, "", "str"), []
    if kind == "raw":
        return Body("raw", media_type, "", "RawContent"), []
    info = context.info(slot)
    if info is None:
        return None, []
    if info.kind != "object":
        return Body("value", media_type, info.class_name, info.value_type), []
    properties = object_properties(context.document, schema)
    media = _request_content(context, site).get(media_type)
    encoding = media.get("encoding") if isinstance(media, Mapping) else None
    encoding = encoding if isinstance(encoding, Mapping) else {}
    file_types: dict[str, str] = {}
    fields = []
    for f in info.fields:
        spec = properties.get(f.wire_name)
        resolved = resolve_local(context.document, spec)
        resolved = resolved if isinstance(resolved, Mapping) else {}
        if resolved.get("readOnly") is True:
            continue  # the server sets it: never an argument of a request
        hint = context.request_dicts.accepting_dicts(argument_hint(f.type_hint, spec, context.document))
        location: Literal["body", "file"] = "body"
        part_encoding = encoding.get(f.wire_name)
        file = _file_part(context.document, resolved, part_encoding) if kind == "multipart" else None
        if file is not None:
            location = "file"
            hint = "list[FileInput]" if file.many else "FileInput"
            if file.media_type:
                file_types[f.wire_name] = file.media_type
        elif kind == "multipart" and (part_type := _part_content_type(part_encoding)):
            file_types[f.wire_name] = part_type  # a field part sent with its documented media type
        description = str(resolved.get("description", ""))
        fields.append(
            Param(
                f.python_name,
                f.python_name,
                location,
                hint,
                f.required,
                description,
                facts=schema_facts(context.document, spec),
                example=spec_example(resolved),
            )
        )
    body_kind: Literal["model", "multipart", "form"] = "model" if kind == "json" else kind
    part_media_types = tuple(sorted(file_types.items()))
    styles = _form_styles(encoding) if kind == "form" else ()
    return Body(body_kind, media_type, info.class_name, info.class_name, part_media_types, styles), fields


FORM_STYLES = frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"})


def _form_styles(encoding: Mapping[str, Any]) -> tuple[tuple[str, str, bool], ...]:
    """The urlencoded fields serialized otherwise than exploded ``form`` (OpenAPI's default).

    As for query parameters, ``explode`` defaults to true for ``form`` and false otherwise.
    """
    styles = []
    for name, spec in sorted(encoding.items()):
        if not isinstance(spec, Mapping) or not ({"style", "explode"} & set(spec)):
            continue
        style = spec.get("style", "form")
        if style not in FORM_STYLES:
            continue  # reported by gaps as not generated
        explode = spec.get("explode", style == "form")
        if (style, explode) != ("form", True):
            styles.append((str(name), str(style), bool(explode)))
    return tuple(styles)


def _named(params: list[Param]) -> list[Param]:
    """Give every argument a unique, unreserved Python name; body fields yield to parameters."""
    taken: set[str] = set()
    named: list[Param] = []
    for param in params:
        base = snake_case(param.python_name, reserved=RESERVED_ARGUMENTS)
        if param.location in ("body", "file") and base in taken:
            base = f"body_{base}"
        name = unique_name(base, taken)
        taken.add(name)
        named.append(dataclasses.replace(param, python_name=name))
    return named


def _arguments(params: list[Param], *, body_arg: str | None) -> list[str]:
    keyword = [p for p in params if p.location != "path"]
    ordered = [p for p in keyword if p.required] + [p for p in keyword if not p.required]
    arguments = [body_arg] if body_arg else []
    arguments += [f"{param.python_name}: {param.annotation}{param.default}" for param in ordered]
    return arguments


def _signature(params: list[Param], body: Body | None) -> Signature:
    """Path parameters positional, the rest keyword-only: required ones first, without a default.

    An object body's fields are arguments of their own; any other body (a bare value, text,
    bytes) is the one ``body`` argument.
    """
    path = [p for p in params if p.location == "path"]
    keyword = _arguments(params, body_arg=f"body: {body.type_hint}" if body and body.passed_whole else None)
    head = [f"{p.python_name}: {p.type_hint}" for p in path]
    if path:
        head.append("/")
    return Signature((*head, "*", *keyword) if keyword else tuple(head))


def _body_argument(params: list[Param], body: Body | None) -> tuple[str, str]:
    """(``RequestOptions`` argument, expression) of the body: a body made of fields is built first.

    The expression (``model_body(Model, name=name, ...)``) is assigned to ``body`` before the
    request is made, and the argument refers to it; a one-value body is passed inline.
    """
    if body is None:
        return "", ""
    if body.kind == "value":
        return f"json_body=value_body({body.type_hint}, body)", ""
    if body.kind in ("text", "raw"):
        return f"content=raw_content(body), content_type={body.media_type!r}", ""
    fields = ", ".join(f"{p.wire_name!r}: {p.python_name}" for p in params if p.location == "body")
    if body.kind == "multipart":
        files = ", ".join(f"{p.wire_name!r}: {p.python_name}" for p in params if p.location == "file")
        types = f", {dict(body.part_media_types)!r}" if body.part_media_types else ""
        return "files=body", f"multipart_parts({body.model}, {{{fields}}}, {{{files}}}{types})"
    if body.kind == "form":
        styles = f", {{{', '.join(f'{n!r}: ({s!r}, {e!r})' for n, s, e in body.form_styles)}}}"
        return "form=body", f"form_fields({body.model}, {{{fields}}}{styles if body.form_styles else ''})"
    keywords = "".join(f", {p.wire_name}={p.python_name}" for p in params if p.location == "body")
    return "json_body=body", f"model_body({body.model}{keywords})"


def _paging_arguments(params: list[Param], replace: Mapping[str, str]) -> str:
    """The arguments a paging iterator passes on to its method, the page position replaced."""
    swap = dict(replace)
    arguments = [swap.get(p.python_name, p.python_name) for p in params if p.location == "path"]
    arguments += [
        f"{p.python_name}={swap.get(p.python_name, p.python_name)}" for p in params if p.location != "path"
    ]
    arguments.append("**options")
    return ", ".join(arguments)


BUILTIN_TYPES = frozenset(
    {"list", "dict", "set", "tuple", "type", "str", "int", "float", "bool", "bytes", "object"}
)


def qualify_builtins(hint: str, shadowed: frozenset[str]) -> str:
    """``list[X]`` → ``builtins.list[X]`` where a method of the same class is called ``list``."""
    if not shadowed:
        return hint
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")
    return pattern.sub(r"builtins.\1", hint)


def _qualified(param: Param, shadowed: frozenset[str]) -> Param:
    return dataclasses.replace(param, type_hint=qualify_builtins(param.type_hint, shadowed))


def build_operation(
    context: ModelContext,
    site: OperationSite,
    name: str,
    shadowed: frozenset[str] = frozenset(),
    choice: int = 0,
) -> Operation:
    """The IR of one operation, named ``name`` in its resource, sending its body the ``choice``-th way.

    ``shadowed`` are builtin type names that are also method names of the resource: type hints
    must reach the builtins through ``builtins.`` there. ``choice`` indexes :func:`body_choices`:
    0 for the method itself, others for its variants (``add_sources_multipart``).
    """
    choices = body_choices(context, site)
    picked = choices[choice] if choice < len(choices) else None
    slot: Slot = (*site.location, "request")
    if choice > 0 and picked is not None:  # a variant's model has a slot of its own
        slot = (*slot, picked[1])
    body, body_fields = _body(context, site, picked, slot)
    if body is not None:
        body = dataclasses.replace(body, type_hint=qualify_builtins(body.type_hint, shadowed))
    params = [_qualified(p, shadowed) for p in _named([*_spec_params(context, site), *body_fields])]
    response = context.info((*site.location, "response"))
    success = success_response(context.document, site.operation)
    shape = response_shape(context.document, site.operation, success)
    return_type, cast_to = _returns(shape, response, shadowed)
    errors = tuple(
        (int(slot[-1]), qualify_builtins(info.value_type, shadowed))
        for slot in context.error_slots.get(tuple(site.location), ())
        if str(slot[-1]).isdigit() and (info := context.info(slot)) is not None
    )
    body_argument, body_setup = _body_argument(params, body)
    return Operation(
        method_name=name,
        operation_id=str(site.operation.get("operationId") or name),
        http_method=site.method,
        path=site.route,
        docstring=method_docstring(
            context.document, site.operation, params, return_type, success[1] if success else None
        ),
        path_params=tuple(p for p in params if p.location == "path"),
        query_params=tuple(p for p in params if p.location == "query"),
        header_params=tuple(p for p in params if p.location == "header"),
        body_params=tuple(p for p in params if p.location in ("body", "file")),
        body=body,
        return_type=return_type,
        cast_to=cast_to,
        accept_argument="" if shape.accept == DEFAULT_ACCEPT else f"accept={shape.accept!r}",
        styles_argument=_styles_argument(params),
        cookie_argument=_cookie_argument(params),
        header_explode_argument=_header_explode_argument(params),
        errors=errors,
        signature=_signature(params, body),
        body_argument=body_argument,
        body_setup=body_setup,
        paging=_paging(context, site, params, response, name, shadowed),
        example_call=_example_call(name, params, body, context.request_dicts),
    )


def _returns(shape: ResponseShape, response: ModelInfo | None, shadowed: frozenset[str]) -> tuple[str, str]:
    """The return type of a method and what it passes to the parser, by the success response's kind."""
    if response is not None:
        return_type = qualify_builtins(response.value_type, shadowed)
        return return_type, return_type
    if shape.kind == "text":
        return "str", "TEXT"
    if shape.kind == "binary":
        return "BinaryResponse", "BinaryResponse"
    if shape.kind == "undocumented":  # JSON decoded, anything else a BinaryResponse, nothing None
        return "Any", "UNDOCUMENTED"
    if shape.kind == "json":  # JSON without a schema: the decoded body, whatever it is
        return "Any", "Any"
    return "None", "None"


def _example_call(name: str, params: list[Param], body: Body | None, dicts: RequestDicts) -> str:
    """A call with a value of the right type for every required argument (see :mod:`examples`)."""
    args = [example_value(p.type_hint, p.example, dicts) for p in params if p.location == "path"]
    args += [
        f"{p.python_name}={example_value(p.type_hint, p.example, dicts)}"
        for p in params
        if p.required and p.location != "path"
    ]
    if body is not None and body.passed_whole:
        args.append(f"body={example_value(body.type_hint, None, dicts)}")
    return f"{name}({', '.join(args)})"


def _attribute_path(context: ModelContext, info: ModelInfo, wire_path: str) -> tuple[list[str], str] | None:
    names: list[str] = []
    current: ModelInfo | None = info
    hint = ""
    for segment in wire_path.split("."):
        if current is None:
            return None
        field = next((f for f in current.fields if f.wire_name == segment), None)
        if field is None:
            return None
        names.append(field.python_name)
        hint = field.type_hint
        inner = re.sub(r"\s*\|\s*None$", "", hint)
        current = context.models.by_class.get(inner)
    return names, hint


def _accessor(names: list[str]) -> str:
    return "lambda result: attr_path(result, " + ", ".join(repr(n) for n in names) + ")"


def _paging(
    context: ModelContext,
    site: OperationSite,
    params: list[Param],
    response: ModelInfo | None,
    name: str,
    shadowed: frozenset[str],
) -> Paging | None:
    spec = site.operation.get("x-pagination")
    if not isinstance(spec, Mapping) or response is None or response.kind != "object":
        return None
    items = _attribute_path(context, response, str(spec.get("items", "")))
    if items is None:
        return None
    item_match = re.match(r"^list\[(.+)\](\s*\|\s*None)?$", items[1])
    by_wire = {p.wire_name: p.python_name for p in params if p.location == "query"}
    style = spec.get("style")
    position = by_wire.get(str(spec.get("offset-param" if style == "offset" else "page-param")))
    size = by_wire.get(str(spec.get("limit-param" if style == "offset" else "size-param")))
    if position is None or item_match is None:
        return None
    total = _attribute_path(context, response, str(spec["total"])) if spec.get("total") else None
    last = _attribute_path(context, response, str(spec["last-page"])) if spec.get("last-page") else None
    start = int(spec.get("first-page", 0 if style == "offset" else 1))
    size_value = "None" if size is None else f"None if isinstance({size}, Omit) else {size}"
    arguments = [
        f"start={start} if isinstance({position}, Omit) else {position}",
        f"{'limit' if style == 'offset' else 'size'}={size_value}",
        f"total_of={_accessor(total[0]) if total else 'None'}",
    ]
    if style != "offset":
        arguments.append(f"last_page_of={_accessor(last[0]) if last else 'None'}")
    return Paging(
        method_name=f"iter_{name}",
        style="offset" if style == "offset" else "page",
        fetch_arguments=_paging_arguments(params, {position: "position"}),
        item_type=qualify_builtins(item_match.group(1), shadowed),
        items_path=_accessor(items[0]),
        arguments=", ".join(arguments),
    )
