"""The intermediate representation between a spec and the templates.

Frozen dataclasses with every name, type hint and docstring already
computed: templates read these and never the raw spec.  Built by
:mod:`generator.build.build_ir`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.build.request_dicts import RequestDicts

__all__ = [
    "CALL_OPTIONS",
    "AuthOption",
    "Body",
    "ClientIR",
    "Operation",
    "Paging",
    "Param",
    "Resource",
    "Signature",
]


@dataclass(frozen=True)
class Param:
    """One argument of a client method and where its value goes on the wire."""

    python_name: str
    wire_name: str
    location: Literal["path", "query", "header", "cookie", "body", "file"]
    type_hint: str
    required: bool
    description: str
    style: str = ""
    """The parameter's ``style`` where the spec gives one other than its location's default."""
    explode: bool | None = None
    allow_reserved: bool = False
    facts: str = ""
    """Ranges, lengths, format and default from the schema, for the docstring's ``Args``."""
    example: Any = field(default=None, compare=False)
    """The spec's example value (JSON), for the example calls of the package's docs."""

    @property
    def style_arguments(self) -> str:
        """Extra arguments of ``path_param`` for a path parameter that is not ``simple``, unexploded."""
        if not self.style and not self.explode:
            return ""
        return f", {self.style or 'simple'!r}, {bool(self.explode)}"

    @property
    def annotation(self) -> str:
        """The annotation in the method signature: optional ones may be omitted."""
        return self.type_hint if self.required else f"{self.type_hint} | Omit"

    @property
    def default(self) -> str:
        """The default in the signature (empty for required arguments)."""
        return "" if self.required else " = OMIT"


@dataclass(frozen=True)
class Body:
    """How an operation's request body is made.

    ``model``: an object schema, whose fields become keyword arguments (the
    required ones required); ``value``: any other JSON value
    (a bare string enum, a list) passed as ``body``; ``multipart``: fields
    and files as parts of a ``multipart/form-data`` body; ``form``: an
    urlencoded form; ``text`` and ``raw``: a string or bytes passed as
    ``body`` and sent as they are, with the media type.
    """

    kind: Literal["model", "value", "multipart", "form", "text", "raw"]
    media_type: str
    model: str
    type_hint: str
    part_media_types: tuple[tuple[str, str], ...] = ()
    """Documented media types of multipart parts (files, and fields with an ``encoding``), by wire name."""
    form_styles: tuple[tuple[str, str, bool], ...] = ()
    """(wire name, style, explode) of urlencoded fields whose ``encoding`` is not exploded ``form``."""

    @property
    def passed_whole(self) -> bool:
        """Whether the method takes the body as its one ``body`` argument (not as fields of its own)."""
        return self.kind in ("value", "text", "raw")


def _name(param: Param) -> str:
    return param.python_name


CALL_OPTIONS = ("**options: Unpack[CallOptions]",)
"""What every method ends with: ``extra_headers``, ``extra_query``, ``extra_body`` and ``timeout``."""


@dataclass(frozen=True)
class Signature:
    """One way to call a method: its own parameters, one per item (between ``self`` and the call options)."""

    own: tuple[str, ...]

    @property
    def parameters(self) -> str:
        """The text of the whole parameter list."""
        return ", ".join(("self", *self.own, *CALL_OPTIONS))


@dataclass(frozen=True)
class Paging:
    """An auto-paging iterator over a list operation (from ``x-pagination``)."""

    method_name: str
    style: Literal["offset", "page"]
    fetch_arguments: str
    item_type: str
    items_path: str
    arguments: str


@dataclass(frozen=True)
class Operation:
    """One client method."""

    method_name: str
    operation_id: str
    http_method: str
    path: str
    docstring: str
    path_params: tuple[Param, ...]
    query_params: tuple[Param, ...]
    header_params: tuple[Param, ...]
    body_params: tuple[Param, ...]
    body: Body | None
    return_type: str
    cast_to: str
    errors: tuple[tuple[int, str], ...]
    signature: Signature
    body_argument: str
    body_setup: str
    """What the method assigns to ``body`` before the request (``model_body(...)``), or empty."""
    accept_argument: str
    styles_argument: str
    """``styles={...}`` for query parameters not sent as exploded ``form``; empty otherwise."""
    cookie_argument: str
    header_explode_argument: str
    """``exploded_headers=(...)`` naming header parameters with ``explode: true``; else empty."""
    paging: Paging | None
    example_call: str

    @property
    def returns_its_cast(self) -> bool:
        """Whether the parser's target is a class (or ``list[...]``) a type checker reads as the return type.

        Then the method returns ``request(...)`` as it is; a union, ``Any`` or a marker needs ``cast``.
        """
        return (
            self.cast_to == self.return_type
            and re.fullmatch(r"[A-Za-z_][\w.]*(\[[\w., \[\]]*\])?", self.return_type) is not None
            and self.return_type not in ("Any", "None")
            and not self.return_type.startswith(("Literal", "Annotated"))
        )

    @property
    def needs_cast(self) -> bool:
        """Whether the method wraps its result in ``cast``: it returns something mypy cannot infer."""
        return self.return_type != "None" and not self.returns_its_cast

    @property
    def request_arguments(self) -> tuple[str, ...]:
        """The arguments of the operation's ``RequestOptions``: only those it needs, in a fixed order."""

        def mapping(params: tuple[Param, ...], value: Callable[[Param], str]) -> str:
            return "{" + ", ".join(f"{p.wire_name!r}: {value(p)}" for p in params) + "}"

        path = mapping(
            self.path_params, lambda p: f"path_param({p.wire_name!r}, {p.python_name}{p.style_arguments})"
        )
        arguments = [repr(self.http_method.upper()), repr(self.path)]
        arguments += [f"path_params={path}"] if self.path_params else []
        arguments += [f"params={mapping(self.query_params, _name)}"] if self.query_params else []
        arguments += [f"headers={mapping(self.header_params, _name)}"] if self.header_params else []
        arguments += [
            text
            for text in (
                self.header_explode_argument,
                self.body_argument,
                self.accept_argument,
                self.styles_argument,
                self.cookie_argument,
            )
            if text
        ]
        if self.errors:
            arguments.append("errors={" + ", ".join(f"{code}: {model}" for code, model in self.errors) + "}")
        return (*arguments, "**options")

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.docstring.strip().split("\n", 1)[0]

    @property
    def required_parameters(self) -> tuple[str, ...]:
        """The parameters without a default (path ones and ``/`` too): ``api.md``'s signature.

        Optional arguments are left to the docstring, so that a new optional field is not one
        more line of every review.
        """
        required = [p for p in self.signature.own if " = " not in p]
        return tuple(required[:-1] if required[-1:] == ["*"] else required)


@dataclass(frozen=True)
class Resource:
    """A group of operations sharing a tag: ``client.<attribute>``."""

    attribute: str
    module: str
    class_name: str
    description: str
    operations: tuple[Operation, ...]
    model_imports: tuple[str, ...]
    other_imports: tuple[tuple[str, tuple[str, ...]], ...]
    needs_builtins: bool


@dataclass(frozen=True)
class AuthOption:
    """A security scheme the client can authenticate with."""

    name: str
    kind: Literal["header", "bearer", "basic"]
    header: str


@dataclass(frozen=True)
class ClientIR:
    """Everything the templates need for one package."""

    title: str
    display_name: str
    distribution: str
    import_name: str
    client_class: str
    async_client_class: str
    api_key_env: str
    version: str
    api_version: str
    base_url: str
    project_urls: tuple[tuple[str, str], ...]
    description: str
    auth_options: tuple[AuthOption, ...]
    default_auth: str
    resources: tuple[Resource, ...]
    webhook_models: tuple[tuple[str, str], ...]
    model_names: tuple[str, ...]
    request_dicts: RequestDicts
    """The ``TypedDict`` forms of nested request objects, written to ``params.py``."""
    warnings: tuple[str, ...]
