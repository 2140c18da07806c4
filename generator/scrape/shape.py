"""The scrape in the spec's shape: named components instead of inline copies, provenance kept aside.

The pages repeat one object inline wherever an endpoint uses it; the spec names it once under
``components/schemas`` and refers to it. Were the overlay to make that change, it would remove
each scraped schema and put a hand-written component in its place, and what the page says about
that object would no longer matter (``scrape + overlay == spec`` whatever the docs say). So the
shape is made here, before the overlay: ``specs/<vendor>/shape.yaml`` names the places
(*sites*) of each component, the first site's scraped schema becomes the component, and every
site whose scraped schema is the same refers to it. The
overlay then only corrects leaves of the component, and a field the pages rename, add or drop
reaches the component's spec.

A site whose schema the pages document differently from the first stays inline: each place
keeps what its page says (the report names it, see :attr:`Shaped.unshared`). A site the scrape
no longer has is named in :attr:`Shaped.missing`: a naming map cannot go stale unseen.

Field-level ``x-source`` (which page said each field) always stays in ``scraped.yaml``, where the
drift report reads it; a spec that keeps provenance per operation only says so
(``field_sources: drop``) and the shape leaves it out, instead of an overlay removing it field
by field.

A component the spec composes from a shared base (a page envelope: ``CallPage`` is ``allOf``
``LaravelPage`` and its own ``data``) is named under ``compositions`` with its base and its own
properties: the site's schema is split, the base made from the first site whose page documents
the shared part (a site whose page documents it differently stays whole, and is reported), so
the list page's envelope fields and its items reach the spec as any other field does.

Shared parameters (``components/parameters``: Limit, Offset) are made the same way from the
operations' parameter objects, sites ``METHOD PATH IN NAME`` (``GET /v1/contacts query limit``).

Shared responses (``components/responses``: BadRequest, Forbidden) are made the same way from
whole response objects, sites ``METHOD PATH STATUS``; schemas are shaped first, so a shared
response holds its shared schema.

A schema site is written ``METHOD PATH PLACE [POINTER]``: ``POST /v1/calls body``,
``GET /v1/calls 200 /properties/data/items``, ``POST webhook:callEnded body``. PLACE is
``body`` or a response status, with ``@media/type`` when the operation has several media
types and the site is not in the first (``body@multipart/form-data``); POINTER is a JSON
pointer inside that schema.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import load_document
from generator.spec.locate import locate
from generator.spec.walk import HTTP_METHODS
from generator.spec.yaml12 import dump_yaml

__all__ = [
    "SHAPE_FILE",
    "ComponentMap",
    "Composition",
    "Shaped",
    "components_text",
    "derive_components",
    "load_components",
    "response_site_parts",
    "response_site_text",
    "shape_scrape",
    "site_parts",
    "site_text",
]

SHAPE_FILE = "shape.yaml"
_METHODS = frozenset(HTTP_METHODS)
_SITE_RE = re.compile(
    r"(?P<method>[A-Z]+) (?P<where>\S+) (?P<place>[^\s@]+)(?:@(?P<media>\S+))?(?: (?P<pointer>/\S*))?"
)
_NAME_RE = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Composition:
    """A component the spec writes as ``allOf: [{$ref: base}, {type: object, properties: own}]``."""

    name: str
    base: str
    own: tuple[str, ...]

    def to_data(self) -> dict[str, Any]:
        """The entry as ``shape.yaml`` data."""
        return {"base": self.base, "own": list(self.own)}


@dataclass(frozen=True)
class ComponentMap:
    """How the spec is shaped: component names and their sites, and what provenance it keeps.

    Sites are in the file's order; ``field_sources`` says whether the spec keeps each field's
    page (``x-source`` below the operations) as the scrape writes it.
    """

    schemas: tuple[tuple[str, tuple[str, ...]], ...] = ()
    field_sources: bool = True
    file: str = SHAPE_FILE
    responses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Shared response objects (``components/responses``): sites ``METHOD PATH STATUS``."""
    compositions: tuple[Composition, ...] = ()
    """Schema components made as ``allOf`` a base component and their own properties."""
    parameters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Shared parameters (``components/parameters``): sites ``METHOD PATH IN NAME``."""

    def of(self, kind: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The names and sites of one kind of component (``schemas``, ``parameters`` or ``responses``)."""
        return {"schemas": self.schemas, "parameters": self.parameters, "responses": self.responses}[kind]


@dataclass(frozen=True)
class Shaped:
    """A scrape in the spec's shape, and what of the naming map it could not follow."""

    document: dict[str, Any]
    origins: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    """(kind, component name) to the scraped location its content comes from."""
    missing: tuple[str, ...] = ()
    """``Name: site`` for every site the scrape does not have."""
    unshared: tuple[str, ...] = ()
    """``Name: site`` for every site left inline because its page documents the object differently."""
    composed: frozenset[str] = frozenset()
    """Components split into a base and their own part (their own part is ``allOf/1``)."""

    def raw_parts(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """Where a location of the shaped document comes from in the scrape."""
        if len(parts) >= 3 and parts[0] == "components" and (str(parts[1]), str(parts[2])) in self.origins:
            rest = parts[3:]
            if parts[2] in self.composed and rest[:2] == ("allOf", 1):
                rest = rest[2:]
            return (*self.origins[(str(parts[1]), str(parts[2]))], *rest)
        return parts


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _escape(segment: Any) -> str:
    return str(segment).replace("~", "~0").replace("/", "~1")


def site_parts(site: str, document: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The location a site names in ``document``; None when the site is malformed.

    The media type defaults to the operation's first one, so the location may be absent
    from the document (the caller checks).
    """
    match = _SITE_RE.fullmatch(site.strip())
    if match is None or match["method"].lower() not in _METHODS:
        return None
    where = match["where"]
    if where.startswith("webhook:"):
        operation: tuple[Any, ...] = ("webhooks", where.removeprefix("webhook:"), match["method"].lower())
    elif where.startswith("/"):
        operation = ("paths", where, match["method"].lower())
    else:
        return None
    place = match["place"]
    if place == "body":
        holder: tuple[Any, ...] = (*operation, "requestBody")
    elif re.fullmatch(r"[1-5](\d\d|XX)|default", place):
        holder = (*operation, "responses", place)
    else:
        return None
    media = match["media"]
    if media is None:
        content = _node_at(document, (*holder, "content"))
        media = (
            next(iter(content), "application/json")
            if isinstance(content, Mapping) and content
            else "application/json"
        )
    parts: list[Any] = [*holder, "content", media, "schema"]
    node = _node_at(document, tuple(parts))
    for segment in (match["pointer"] or "").split("/")[1:]:
        key: Any = _unescape(segment)
        if isinstance(node, list) and key.isdigit():
            key = int(key)
        parts.append(key)
        node = node[key] if isinstance(node, (dict, list)) and _has(node, key) else None
    return tuple(parts)


def site_text(parts: tuple[Any, ...], document: Mapping[str, Any]) -> str | None:
    """The site naming a scraped location, or None when a site cannot name it (not a body's schema)."""
    if len(parts) < 3 or parts[0] not in ("paths", "webhooks") or parts[2] not in _METHODS:
        return None
    where = parts[1] if parts[0] == "paths" else f"webhook:{parts[1]}"
    rest = parts[3:]
    if rest[:1] == ("requestBody",):
        place, rest = "body", rest[1:]
        holder = (*parts[:3], "requestBody")
    elif rest[:1] == ("responses",) and len(rest) > 1:
        place, rest = str(rest[1]), rest[2:]
        holder = (*parts[:3], "responses", parts[4])
    else:
        return None
    if len(rest) < 3 or rest[0] != "content" or rest[2] != "schema":
        return None
    content = _node_at(document, (*holder, "content"))
    media = str(rest[1])
    if not (isinstance(content, Mapping) and next(iter(content), None) == media):
        place += f"@{media}"
    pointer = "".join(f"/{_escape(segment)}" for segment in rest[3:])
    text = f"{str(parts[2]).upper()} {where} {place}" + (f" {pointer}" if pointer else "")
    return text if site_parts(text, document) == parts else None


_RESPONSE_SITE_RE = re.compile(r"(?P<method>[A-Z]+) (?P<where>\S+) (?P<status>[1-5](?:\d\d|XX)|default)")


def response_site_parts(site: str) -> tuple[Any, ...] | None:
    """The location of the response object a response site names (``POST /v1/calls 400``)."""
    match = _RESPONSE_SITE_RE.fullmatch(site.strip())
    if match is None or match["method"].lower() not in _METHODS:
        return None
    where = match["where"]
    if where.startswith("webhook:"):
        return (
            "webhooks",
            where.removeprefix("webhook:"),
            match["method"].lower(),
            "responses",
            match["status"],
        )
    if where.startswith("/"):
        return ("paths", where, match["method"].lower(), "responses", match["status"])
    return None


def response_site_text(parts: tuple[Any, ...]) -> str | None:
    """The response site naming a response object's location, or None when it is none."""
    if len(parts) != 5 or parts[0] not in ("paths", "webhooks") or parts[2] not in _METHODS:
        return None
    if parts[3] != "responses":
        return None
    where = parts[1] if parts[0] == "paths" else f"webhook:{parts[1]}"
    text = f"{str(parts[2]).upper()} {where} {parts[4]}"
    return text if response_site_parts(text) == parts else None


_PARAMETER_SITE_RE = re.compile(
    r"(?P<method>[A-Z]+) (?P<where>\S+) (?P<place>path|query|header|cookie) (?P<name>\S+)"
)


def parameter_site_parts(site: str, document: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The location of the parameter a parameter site names (``GET /v1/contacts query limit``).

    The last part is the parameter's index in its operation's list, ``-1`` where ``document``
    has no such parameter (so the location is absent); None when the site is malformed.
    """
    match = _PARAMETER_SITE_RE.fullmatch(site.strip())
    if match is None or match["method"].lower() not in _METHODS or not match["where"].startswith("/"):
        return None
    holder = ("paths", match["where"], match["method"].lower(), "parameters")
    listed = _node_at(document, holder)
    index = next(
        (
            position
            for position, item in enumerate(listed if isinstance(listed, list) else [])
            if isinstance(item, Mapping)
            and (item.get("in"), item.get("name")) == (match["place"], match["name"])
        ),
        -1,
    )
    return (*holder, index)


def parameter_site_text(parts: tuple[Any, ...], document: Mapping[str, Any]) -> str | None:
    """The parameter site naming a scraped parameter's location, or None when it is none."""
    if len(parts) != 5 or parts[0] != "paths" or parts[2] not in _METHODS or parts[3] != "parameters":
        return None
    node = _node_at(document, parts)
    if (
        not isinstance(node, Mapping)
        or not isinstance(node.get("in"), str)
        or not isinstance(node.get("name"), str)
    ):
        return None
    text = f"{str(parts[2]).upper()} {parts[1]} {node['in']} {node['name']}"
    return text if parameter_site_parts(text, document) == parts else None


def _site_parts_of(kind: str, site: str, document: Mapping[str, Any]) -> tuple[Any, ...] | None:
    if kind == "parameters":
        return parameter_site_parts(site, document)
    return site_parts(site, document) if kind == "schemas" else response_site_parts(site)


_KINDS = ("schemas", "parameters", "responses")
_SITE_FORMS = {
    "schemas": "METHOD PATH body|STATUS[@media] [/json/pointer]",
    "parameters": "METHOD PATH path|query|header|cookie NAME",
    "responses": "METHOD PATH STATUS",
}


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def _node_at(document: Any, parts: tuple[Any, ...]) -> Any:
    node = document
    for part in parts:
        if not _has(node, part):
            return None
        node = node[part]
    return node


def load_components(folder: Path) -> ComponentMap:
    """``folder/shape.yaml``, checked; the scrape's own shape when the vendor has none.

    Raises:
        SpecError: the file is not a ``schemas`` mapping of names to lists of well-formed sites
            with an optional ``field_sources: keep | drop``.

    """
    path = folder / SHAPE_FILE
    if not path.is_file():
        return ComponentMap(file=str(path))
    document = load_document(path)
    data = document.data

    def problem(parts: tuple[Any, ...], message: str) -> Diagnostic:
        line, column = locate(document.node, parts)
        return Diagnostic(document.file, line, column, Severity.ERROR, "components-map", message)

    if not isinstance(data, Mapping) or set(data) - {*_KINDS, "field_sources", "compositions"}:
        raise SpecError(
            [
                problem(
                    (),
                    "shape.yaml holds `field_sources`, `schemas`, `compositions`, `parameters` and "
                    "`responses` only",
                )
            ]
        )
    if data.get("field_sources", "keep") not in ("keep", "drop"):
        raise SpecError([problem(("field_sources",), "`field_sources` must be `keep` or `drop`")])
    problems: list[Diagnostic] = []
    kinds: dict[str, list[tuple[str, tuple[str, ...]]]] = {kind: [] for kind in _KINDS}
    for kind in _KINDS:
        listed = data.get(kind) or {}
        if not isinstance(listed, Mapping):
            problems.append(problem((kind,), f"`{kind}` must map component names to lists of sites"))
            continue
        for name, sites in listed.items():
            if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
                problems.append(problem((kind, name), f"{name!r} is not a component name"))
                continue
            if not isinstance(sites, list) or not sites or not all(isinstance(site, str) for site in sites):
                problems.append(problem((kind, name), f"{name}: needs a list of sites"))
                continue
            for index, site in enumerate(sites):
                if _site_parts_of(kind, site, {}) is None:
                    message = f"{name}: {site!r} is not a site ({_SITE_FORMS[kind]})"
                    problems.append(problem((kind, name, index), message))
            kinds[kind].append((name, tuple(sites)))
    compositions = _compositions(data.get("compositions") or {}, problem, problems)
    if problems:
        raise SpecError(problems)
    return ComponentMap(
        tuple(kinds["schemas"]),
        data.get("field_sources", "keep") == "keep",
        str(path),
        tuple(kinds["responses"]),
        compositions,
        tuple(kinds["parameters"]),
    )


def _compositions(
    listed: Any, problem: Callable[[tuple[Any, ...], str], Diagnostic], problems: list[Diagnostic]
) -> tuple[Composition, ...]:
    """``compositions``: each name to ``{base: Name, own: [property, ...]}``."""
    if not isinstance(listed, Mapping):
        problems.append(
            problem(("compositions",), "`compositions` must map component names to a base and own")
        )
        return ()
    found = []
    for name, entry in listed.items():
        where = ("compositions", name)
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
            problems.append(problem(where, f"{name!r} is not a component name"))
        elif not (
            isinstance(entry, Mapping)
            and set(entry) == {"base", "own"}
            and isinstance(entry["base"], str)
            and _NAME_RE.fullmatch(entry["base"])
            and entry["base"] != name
            and isinstance(entry["own"], list)
            and entry["own"]
            and all(isinstance(key, str) for key in entry["own"])
        ):
            problems.append(
                problem(where, f"{name}: needs `base` (another component's name) and `own` (property names)")
            )
        else:
            found.append(Composition(name, entry["base"], tuple(entry["own"])))
    return tuple(found)


def _without_field_sources(node: Any, parts: tuple[Any, ...] = ()) -> None:
    """Drop ``x-source`` everywhere but on operations, in place."""
    if isinstance(node, dict):
        is_operation = len(parts) == 3 and parts[0] in ("paths", "webhooks") and parts[2] in _METHODS
        if not is_operation:
            node.pop("x-source", None)
        for key, value in node.items():
            _without_field_sources(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _without_field_sources(value, (*parts, index))


def shape_scrape(scrape: Mapping[str, Any], components: ComponentMap) -> Shaped:
    """The scrape with each named component made once and referred to from its sites.

    Schemas go first, then responses (which hold schemas). Within a kind, deeper sites are
    replaced first, so a component nested in another is a reference inside it before the outer
    one is compared; then the first site listed gives the component its content (the map lists
    first the site the spec's component is closest to), and a site whose schema differs from it
    is put back inline.
    """
    document = copy.deepcopy(dict(scrape))
    if not components.field_sources:
        _without_field_sources(document)
    origins: dict[tuple[str, str], tuple[Any, ...]] = {}
    missing: list[tuple[int, str]] = []
    unshared: list[tuple[int, str]] = []
    counter = 0
    composed: frozenset[str] = frozenset()
    for kind in _KINDS:
        made: dict[str, Any] = {}
        located = []
        for name, sites in components.of(kind):
            for site in sites:
                located.append((counter, name, site, _site_parts_of(kind, site, document)))
                counter += 1
        made.update(_made_from_sites(document, kind, located, origins, missing, unshared))
        if kind == "schemas":
            split = _split_compositions(made, origins, components.compositions)
            unshared.extend((counter + index, text) for index, (_, text) in enumerate(split) if text)
            composed = frozenset(name for name, text in split if not text)
        if made:
            found = document.setdefault("components", {}).setdefault(kind, {})
            for name in [*(name for name, _ in components.of(kind)), *made]:
                if name in made and name not in found:
                    found[name] = made[name]
    return Shaped(
        document,
        origins,
        tuple(text for _, text in sorted(missing)),
        tuple(text for _, text in sorted(unshared)),
        composed,
    )


def _made_from_sites(
    document: dict[str, Any],
    kind: str,
    located: list[tuple[int, str, str, tuple[Any, ...] | None]],
    origins: dict[tuple[str, str], tuple[Any, ...]],
    missing: list[tuple[int, str]],
    unshared: list[tuple[int, str]],
) -> dict[str, Any]:
    """Each component's content, every site that agrees with it replaced by a reference."""
    label = "" if kind == "schemas" else f"{kind}/"
    made: dict[str, Any] = {}
    placed: list[tuple[int, str, str, tuple[Any, ...], Any, dict[str, Any]]] = []
    for index, name, site, parts in sorted(located, key=lambda item: -len(item[3] or ())):
        node = _node_at(document, parts) if parts else None
        if not isinstance(node, dict) or "$ref" in node or not parts:
            missing.append((index, f"{label}{name}: {site}"))
            continue
        holder = _node_at(document, parts[:-1])
        holder[parts[-1]] = {"$ref": f"#/components/{kind}/{name}"}
        placed.append((index, name, site, parts, holder, node))
    for index, name, site, parts, holder, node in sorted(placed, key=lambda item: item[0]):
        if name not in made:
            made[name] = node
            origins[(kind, name)] = parts
        elif not _says_no_more(node, made[name]):
            holder[parts[-1]] = node  # its page documents the object differently: it stays inline
            unshared.append((index, f"{label}{name}: {site}"))
    return made


_PROVENANCE = frozenset({"x-source", "x-from-example", "x-name-from"})
"""Where a page's statement came from, not what it says of the object."""


def _says_no_more(node: Any, component: Any) -> bool:
    """Whether everything a site's schema says, the component says too (provenance aside).

    A list page that shows a call's ``type`` as a plain string, where the get page gives its enum
    and description, documents the same object with less: it shares the component and nothing
    of its page is lost. A site saying anything the component does not (another description, a
    field more, a narrower ``required``) stays inline.
    """
    if isinstance(node, Mapping) and isinstance(component, Mapping):
        return all(
            key in component and _says_no_more(value, component[key])
            for key, value in node.items()
            if key not in _PROVENANCE
        )
    return bool(node == component)


_OWN_KEYS = ("properties", "required")


def _split_compositions(
    made: dict[str, Any],
    origins: dict[tuple[str, str], tuple[Any, ...]],
    compositions: tuple[Composition, ...],
) -> list[tuple[str, str]]:
    """Split each composed component into its base and its own part, in place.

    Returns (name, problem) per composition handled: problem is empty when the component was
    split, else says why it stays whole (its page documents the base part differently from the
    page the base was made from). A component with no scraped object, or none of whose own
    properties the page has, is left alone (the overlay says what it becomes).
    """
    handled = []
    for composition in compositions:
        content = made.get(composition.name)
        properties = content.get("properties") if isinstance(content, dict) else None
        if not isinstance(properties, dict) or not set(composition.own) & set(properties):
            continue
        assert isinstance(content, dict)
        required = [key for key in content.get("required", []) if isinstance(key, str)]
        own = {key: value for key, value in properties.items() if key in composition.own}
        shared = {key: value for key, value in properties.items() if key not in composition.own}
        base = _object(shared, [key for key in required if key in shared])
        if shared and composition.base not in made:
            made[composition.base] = base
            origins[("schemas", composition.base)] = origins[("schemas", composition.name)]
        elif shared and made[composition.base] != base:
            handled.append((composition.name, f"{composition.name}: its {composition.base} part"))
            continue
        rest = {key: value for key, value in content.items() if key not in (*_OWN_KEYS, "type")}
        made[composition.name] = {
            **rest,
            "allOf": [
                {"$ref": f"#/components/schemas/{composition.base}"},
                _object(own, [key for key in required if key in own]),
            ],
        }
        handled.append((composition.name, ""))
    return handled


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if required:
        schema["required"] = required
    schema["properties"] = properties
    return schema


def _references(node: Any, parts: tuple[Any, ...]) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    """(kind, component name, location) of every ``$ref`` to a schema or response component."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        for kind in _KINDS:
            prefix = f"#/components/{kind}/"
            if isinstance(ref, str) and ref.startswith(prefix):
                yield kind, ref.removeprefix(prefix), parts
        for key, value in node.items():
            if key != "$ref":
                yield from _references(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _references(value, (*parts, index))


def derive_components(spec: Mapping[str, Any], scrape: Mapping[str, Any]) -> ComponentMap:
    """The naming map that shapes ``scrape`` like ``spec``.

    Every place the spec refers to a component (a schema, or a whole response) and the scrape
    holds an inline one is a site, followed into the component's own references.
    """
    sites: dict[str, dict[str, list[str]]] = {kind: {} for kind in _KINDS}
    spec_components = spec.get("components") or {}
    schemas = spec_components.get("schemas") or {}
    seen: set[tuple[str, str, tuple[Any, ...]]] = set()
    compositions: dict[str, tuple[Composition, Mapping[str, Any]]] = {}
    """Each composed component and its own part (``allOf[1]``), as :func:`_composition_of` gives them."""

    def follow(node: Any, parts: tuple[Any, ...]) -> None:
        for kind, name, at in _references(node, parts):
            where = (
                _scraped_parameter(at, (spec_components.get(kind) or {}).get(name), scrape)
                if kind == "parameters"
                else at
            )
            scraped = _node_at(scrape, where) if where is not None else None
            if where is None or not isinstance(scraped, Mapping) or not scraped or "$ref" in scraped:
                continue
            if (kind, name, where) in seen:
                continue
            seen.add((kind, name, where))
            text = _site_text_of(kind, where, scrape)
            if text is None:
                continue
            found = sites[kind].setdefault(name, [])
            if text not in found:
                found.append(text)
            component = (spec_components.get(kind) or {}).get(name)
            composition = _composition_of(name, component) if kind == "schemas" else None
            if composition is None or not set(composition[0].own) & set(scraped.get("properties") or {}):
                follow(component, where)
                continue
            compositions.setdefault(name, composition)
            follow(composition[1], where)  # the own part's references are the site's own
            follow(schemas.get(composition[0].base), where)  # and so are the base's

    for top in ("paths", "webhooks"):
        if isinstance(spec.get(top), Mapping):
            follow(spec[top], (top,))
    for kind, named in sites.items():
        for name, found in named.items():
            component = (spec_components.get(kind) or {}).get(name)
            if kind == "schemas" and name in compositions:
                component = {"properties": compositions[name][1]["properties"]}
            found.sort(key=lambda text: _precedence(_site_node(kind, text, scrape), component))
    return ComponentMap(
        tuple((name, tuple(found)) for name, found in sites["schemas"].items()),
        _keeps_field_sources(spec),
        responses=tuple((name, tuple(found)) for name, found in sites["responses"].items()),
        compositions=tuple(composition for composition, _ in compositions.values()),
        parameters=tuple((name, tuple(found)) for name, found in sites["parameters"].items()),
    )


def _site_text_of(kind: str, where: tuple[Any, ...], scrape: Mapping[str, Any]) -> str | None:
    if kind == "parameters":
        return parameter_site_text(where, scrape)
    return site_text(where, scrape) if kind == "schemas" else response_site_text(where)


def _scraped_parameter(
    at: tuple[Any, ...], component: Any, scrape: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    """Where the scrape has the parameter a spec's ``$ref`` at ``at`` (an index in a list) stands for.

    The lists differ in length and order, so the parameter is found by the component's place and
    name in the same operation's scraped list.
    """
    if len(at) != 5 or at[0] != "paths" or at[3] != "parameters" or not isinstance(component, Mapping):
        return None
    site = f"{str(at[2]).upper()} {at[1]} {component.get('in')} {component.get('name')}"
    parts = parameter_site_parts(site, scrape)
    return parts if parts is not None and parts[-1] != -1 else None


def _site_node(kind: str, site: str, scrape: Mapping[str, Any]) -> Any:
    parts = _site_parts_of(kind, site, scrape)
    return _node_at(scrape, parts) if parts else None


def _precedence(scraped: Any, component: Any) -> tuple[int, int]:
    """Sort key of a site: most leaves (location and value) in common with the spec's component, then most.

    The site the spec's component was written from comes first in the map and gives the component
    its content; a site whose page says no more shares it, any other stays inline. Between sites
    as close to the spec, the one saying more goes first, so the others can share it.
    """
    leaves = _leaves(scraped)
    return -len(leaves & _leaves(component)), -len(leaves)


def _leaves(node: Any, pointer: str = "") -> set[tuple[str, str]]:
    if isinstance(node, Mapping):
        return {leaf for key, value in node.items() for leaf in _leaves(value, f"{pointer}/{key}")}
    if isinstance(node, list) and node and all(isinstance(item, (Mapping, list)) for item in node):
        return {leaf for index, value in enumerate(node) for leaf in _leaves(value, f"{pointer}/{index}")}
    return {(pointer, repr(node))}


def _composition_of(name: str, component: Any) -> tuple[Composition, Mapping[str, Any]] | None:
    """A component written ``allOf: [{$ref: base}, {type: object, properties: ...}]``: how, own part."""
    if not isinstance(component, Mapping) or not isinstance(component.get("allOf"), list):
        return None
    parts = component["allOf"]
    if len(parts) != 2 or not all(isinstance(part, Mapping) for part in parts):
        return None
    ref, own = parts
    prefix = "#/components/schemas/"
    if set(ref) != {"$ref"} or not str(ref["$ref"]).startswith(prefix):
        return None
    properties = own.get("properties")
    if set(own) - {"type", "properties", "required"} or not isinstance(properties, Mapping) or not properties:
        return None
    base = str(ref["$ref"]).removeprefix(prefix)
    if base == name or not _NAME_RE.fullmatch(base):
        return None
    return Composition(name, base, tuple(str(key) for key in properties)), own


def _keeps_field_sources(node: Any, parts: tuple[Any, ...] = ()) -> bool:
    """Whether a spec records ``x-source`` anywhere but on its operations."""
    if isinstance(node, Mapping):
        is_operation = len(parts) == 3 and parts[0] in ("paths", "webhooks") and parts[2] in _METHODS
        if "x-source" in node and not is_operation and parts:
            return True
        return any(_keeps_field_sources(value, (*parts, key)) for key, value in node.items())
    if isinstance(node, list):
        return any(_keeps_field_sources(value, (*parts, index)) for index, value in enumerate(node))
    return False


def components_text(components: ComponentMap) -> str:
    """The naming map as ``shape.yaml``."""
    header = (
        "# How the scrape is shaped like the spec before the overlay applies (generator/scrape/shape.py).\n"
        "# field_sources: whether the spec keeps each field's page (x-source) as scraped.yaml has it.\n"
        "# schemas: which scraped schemas are the spec's shared components, at which sites;\n"
        "# compositions: components the spec writes as allOf a base and their own properties (own).\n"
        "# parameters: which scraped parameters are its shared parameters (METHOD PATH IN NAME);\n"
        "# responses: which scraped responses are its shared responses (METHOD PATH STATUS).\n"
        "# The first site's schema becomes the component (the site the spec is closest to); a site whose\n"
        "# page documents the object differently stays inline. Derived from openapi.yaml by\n"
        "# `vendorgen scrape <vendor> --update-overlay`, which rewrites this file: to share a schema\n"
        "# more or less, change where openapi.yaml refers to the component, then run it.\n"
    )
    data: dict[str, Any] = {"field_sources": "keep" if components.field_sources else "drop"}
    data["schemas"] = {name: list(sites) for name, sites in components.schemas}
    if components.compositions:
        data["compositions"] = {entry.name: entry.to_data() for entry in components.compositions}
    if components.parameters:
        data["parameters"] = {name: list(sites) for name, sites in components.parameters}
    if components.responses:
        data["responses"] = {name: list(sites) for name, sites in components.responses}
    return header + dump_yaml(data)
