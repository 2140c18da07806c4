"""A validated spec and its models → the frozen IR the templates render.

Groups operations into resources by their first tag, names methods without
repeating the resource (``client.campaigns.create``), works out which
security schemes the client can use and the base URL, and collects the model
names each resource module has to import.  Anything it has to skip is
reported as a warning, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from generator.build.ir import AuthOption, ClientIR, Operation, Resource
from generator.build.naming import class_name, dedupe, module_name, snake_case
from generator.build.operations import BUILTIN_TYPES, ModelContext, body_choices, build_operation, method_name
from generator.spec.walk import OperationSite, iter_operations

__all__ = ["CLIENT_ATTRIBUTES", "PackageSettings", "build_ir"]

# Attributes of the generated client that a resource must not shadow.
CLIENT_ATTRIBUTES = frozenset(
    {
        "base_url",
        "build_request",
        "close",
        "max_retries",
        "request",
        "request_raw",
        "retry_non_idempotent",
        "timeout",
        "with_options",
        "with_raw_response",
    }
)
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response"})
_TYPING_NAMES = {"Any": "typing", "Literal": "typing", "Annotated": "typing", "Mapping": "collections.abc"}
# Imported with the runtime names (see _runtime_names), never from the models module.
_TEMPLATE_NAMES = frozenset(
    {"Omit", "OMIT", "builtins", "BinaryResponse", "TEXT", "UNDOCUMENTED", "FileInput", "RawContent"}
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class PackageSettings:
    """Names and version of the package to generate (from vendor.yaml or --package)."""

    def __init__(
        self,
        *,
        display_name: str,
        distribution: str,
        import_name: str,
        client_name: str,
        api_key_env: str,
        version: str,
        urls: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.display_name = display_name
        self.distribution = distribution
        self.import_name = import_name
        self.client_name = client_name
        self.api_key_env = api_key_env
        self.version = version
        self.urls = urls


def _project_urls(
    configured: tuple[tuple[str, str], ...], spec_info: Mapping[str, Any], base_url: str
) -> tuple[tuple[str, str], ...]:
    """Package index links: the vendor's configured ones, then the spec's docs site, contact and server."""
    urls = dict(configured)
    index = spec_info.get("x-docs-index")
    if isinstance(index, str) and index.startswith("https://"):
        parts = urlsplit(index)
        urls.setdefault("Documentation", f"{parts.scheme}://{parts.netloc}")
    contact = spec_info.get("contact")
    contact_url = contact.get("url") if isinstance(contact, Mapping) else None
    if isinstance(contact_url, str) and contact_url.startswith("https://"):
        urls.setdefault("Homepage", contact_url)
    if base_url.startswith("https://"):
        urls.setdefault("API", base_url)
    return tuple(urls.items())


NO_AUTH_NAMES = frozenset({"none"})
"""Names the generated client gives its own meaning (``AUTH_SCHEMES["none"]``: no credentials)."""


def _auth_options(document: Mapping[str, Any], warnings: list[str]) -> tuple[tuple[AuthOption, ...], str]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    used: list[str] = []
    requirements = list(document.get("security") or [])
    for site in iter_operations(document):
        requirements += list(site.operation.get("security") or [])
    for requirement in requirements:
        used += [name for name in requirement if name not in used]
    options: list[AuthOption] = []
    taken = set(used)
    for name in used:
        scheme = schemes.get(name) or {}
        offered = name
        if name in NO_AUTH_NAMES:
            # The client's own `auth_scheme="none"` means "send no credentials": a spec scheme of
            # that name must not turn authentication off, so it is offered under another name.
            offered, counter = f"{name}_scheme", 2
            while offered in taken:
                offered, counter = f"{name}_scheme_{counter}", counter + 1
            taken.add(offered)
            warnings.append(
                f"security scheme {name!r} is offered as auth_scheme={offered!r}: "
                f"{name!r} means no credentials"
            )
        kind, where = scheme.get("type"), scheme.get("in")
        if kind == "apiKey" and where == "header":
            options.append(AuthOption(offered, "header", str(scheme.get("name"))))
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            options.append(AuthOption(offered, "bearer", "Authorization"))
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            options.append(AuthOption(offered, "basic", "Authorization"))
        elif kind in ("oauth2", "openIdConnect"):  # the token as a bearer: api_key= or token_provider=
            options.append(AuthOption(offered, "bearer", "Authorization"))
        else:
            warnings.append(
                f"security scheme {name!r} ({kind}, {where or scheme.get('scheme')}) is not supported"
            )
    default = options[0].name if options else ""
    return tuple(options), default


def _base_url(document: Mapping[str, Any], warnings: list[str]) -> str:
    servers = document.get("servers") or []
    if not servers:
        return ""
    server = servers[0]
    url = str(server.get("url", ""))
    for variable, spec in (server.get("variables") or {}).items():
        url = url.replace("{" + variable + "}", str(spec.get("default", "")))
    if not re.match(r"^https?://", url):
        warnings.append(f"server URL {url!r} is not absolute http(s); clients must be given base_url")
        return ""
    return url.rstrip("/")


def _untagged_group(route: str) -> str:
    """Resource of an untagged operation: its first path segment that is not a version.

    ``/v1/customers/{id}`` → ``customers``.
    """
    for segment in route.strip("/").split("/"):
        if segment and not segment.startswith("{") and not re.fullmatch(r"v\d+(\.\d+)*|api", segment):
            return segment
    return "default"


def _group(sites: Iterable[OperationSite]) -> dict[str, list[OperationSite]]:
    groups: dict[str, list[OperationSite]] = {}
    for site in sites:
        tags = site.operation.get("tags")
        tag = str(tags[0]) if isinstance(tags, list) and tags else _untagged_group(site.route)
        groups.setdefault(tag, []).append(site)
    return groups


def _identifiers(text: str) -> set[str]:
    return set(_IDENTIFIER.findall(text))


def _hint_texts(op: Operation) -> list[str]:
    """Every type-hint text an operation puts into its resource module."""
    texts = [op.signature.parameters, op.return_type, op.cast_to, *(t for _, t in op.errors)]
    if op.body is not None:
        texts += [op.body.model, op.body_argument, op.body_setup]
    if op.paging is not None:
        texts.append(op.paging.item_type)
    return texts


def _imports(
    operations: Iterable[Operation], context: ModelContext
) -> tuple[tuple[str, ...], dict[str, set[str]]]:
    text = " ".join(text for op in operations for text in _hint_texts(op))
    names = _identifiers(text)
    models = tuple(sorted(names & set(context.models.names)))
    others: dict[str, set[str]] = {}
    dict_names = set(context.request_dicts.by_name)
    for name in sorted(names - set(models) - _TEMPLATE_NAMES - dict_names):
        module = context.models.imported.get(name) or _TYPING_NAMES.get(name)
        if module and module not in ("__future__",) and not module.endswith("._models"):
            others.setdefault(module, set()).add(name)
    if names & dict_names:
        others["..params"] = names & dict_names
    for module, names_used in _runtime_names(list(operations)).items():
        others.setdefault(module, set()).update(names_used)
    return models, others


_BODY_HELPERS = ("model_body", "value_body")
_BODIES_HELPERS = ("multipart_parts", "form_fields", "raw_content")


def _runtime_names(operations: list[Operation]) -> dict[str, set[str]]:
    """What a resource module imports from the standard library and the package runtime: only what it uses."""
    paging = [op.paging for op in operations if op.paging is not None]
    names: dict[str, set[str]] = {
        "functools": {"cached_property"},
        "typing": {"Unpack"} | ({"cast"} if any(op.needs_cast for op in operations) else set()),
        ".._base_client": {"AsyncAPIClient", "RequestOptions", "SyncAPIClient"},
        ".._response": set(),
        ".._types": {"CallOptions"}
        | ({"OMIT", "Omit"} if any("= OMIT" in op.signature.parameters for op in operations) else set()),
        ".._wrappers": {
            "async_to_raw_response_wrapper",
            "async_to_streamed_response_wrapper",
            "to_raw_response_wrapper",
            "to_streamed_response_wrapper",
        },
    }
    if any(op.path_params for op in operations):
        names[".._base_client"].add("path_param")
    if any(op.return_type == "BinaryResponse" for op in operations):
        names[".._response"].add("BinaryResponse")
    names[".._response"] |= {op.cast_to for op in operations if op.cast_to in ("TEXT", "UNDOCUMENTED")}
    built = [f"{op.body_argument} {op.body_setup}" for op in operations]
    names[".._base_client"] |= {h for h in _BODY_HELPERS for text in built if re.search(rf"\b{h}\(", text)}
    bodies = {h for h in _BODIES_HELPERS for text in built if re.search(rf"\b{h}\(", text)}
    bodies |= {
        h for h in ("FileInput", "RawContent") for op in operations if h in op.signature.parameters
    }
    if bodies:
        names[".._bodies"] = bodies
    if not names[".._response"]:
        del names[".._response"]
    if paging:
        styles = {p.style for p in paging}
        names[".._pagination"] = {"AsyncPager", "SyncPager", "attr_path"} | {
            f"{prefix}paginate_{s}" for s in styles for prefix in ("", "a")
        }
    return names


def _tag_description(document: Mapping[str, Any], tag: str) -> str:
    for entry in document.get("tags") or []:
        if isinstance(entry, Mapping) and entry.get("name") == tag and entry.get("description"):
            return str(entry["description"]).strip().rstrip(".")
    return tag


def _resource(tag: str, sites: list[OperationSite], context: ModelContext, attribute: str) -> Resource:
    planned = [
        (site, choice, suffix)
        for site in sites
        for choice, suffix in enumerate(["", *(f"_{kind}" for kind, _, _ in body_choices(context, site)[1:])])
    ]
    names = dedupe(
        snake_case(
            method_name(str(s.operation.get("operationId") or f"{s.method} {s.route}"), tag),
            reserved=RESOURCE_ATTRIBUTES,
        )
        + suffix
        for s, _, suffix in planned
    )
    shadowed = frozenset(names) & BUILTIN_TYPES
    operations = tuple(
        build_operation(context, site, name, shadowed, choice)
        for (site, choice, _), name in zip(planned, names, strict=True)
    )
    models, others = _imports(operations, context)
    return Resource(
        attribute=attribute,
        module=attribute,
        class_name=class_name(attribute) + "Resource",
        description=_tag_description(context.document, tag),
        operations=operations,
        model_imports=models,
        needs_builtins=any("builtins." in text for op in operations for text in _hint_texts(op)),
        other_imports=tuple(
            (module, tuple(sorted(items)))
            for module, items in sorted(others.items(), key=lambda item: (item[0].startswith("."), item[0]))
        ),
    )


def build_ir(document: Mapping[str, Any], context: ModelContext, settings: PackageSettings) -> ClientIR:
    """The whole package's IR, deterministic for a given document."""
    warnings: list[str] = []
    groups = _group(site for site in iter_operations(document) if site.section == "paths")
    attributes = dedupe(
        module_name(tag) if module_name(tag) not in CLIENT_ATTRIBUTES else module_name(tag) + "_"
        for tag in groups
    )
    resources = tuple(
        _resource(tag, sites, context, attribute)
        for (tag, sites), attribute in zip(groups.items(), attributes, strict=True)
    )
    webhooks = tuple(
        (site.route, info.class_name)
        for site in iter_operations(document)
        if site.section == "webhooks" and (info := context.info((*site.location, "request"))) is not None
    )
    auth_options, default_auth = _auth_options(document, warnings)
    spec_info: Mapping[str, Any] = document.get("info") or {}
    base_url = _base_url(document, warnings)
    return ClientIR(
        title=str(spec_info.get("title", settings.display_name)),
        display_name=settings.display_name,
        distribution=settings.distribution,
        import_name=settings.import_name,
        client_class=f"{settings.client_name}Client",
        async_client_class=f"Async{settings.client_name}Client",
        api_key_env=settings.api_key_env,
        version=settings.version,
        api_version=str(spec_info.get("version", "")),
        base_url=base_url,
        project_urls=_project_urls(settings.urls, spec_info, base_url),
        description=str(spec_info.get("description", "")),
        auth_options=auth_options,
        default_auth=default_auth,
        resources=resources,
        webhook_models=webhooks,
        model_names=context.models.names,
        request_dicts=context.request_dicts,
        warnings=tuple(warnings),
    )
