"""``TypedDict`` forms of the nested objects a request sends, so dict literals type-check.

A nested request argument (``schedule=``) is a pydantic model in ``models.py``; a type checker
rejects ``schedule={"windowStart": "09:00"}`` against it, although the client validates that dict
the same way. Each object model reachable from a request body therefore gets a ``TypedDict``
twin in the package's ``params.py`` (``CreateCampaignSchedule`` → ``CreateCampaignScheduleParam``),
keyed by wire names (what the model's aliases read, and what the vendor's pages show), with
``Required[...]`` on the fields the schema requires, nested objects as their own twins and enums as
the enum or its literal values. Arguments then take either form: ``XParam | X``.

The dicts only type the call: the pydantic request model still validates every key and value
before anything is sent.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.build.models import GeneratedModels, ModelInfo, Slot
from generator.build.naming import dedupe
from generator.spec.walk import resolve_local

__all__ = ["RequestDict", "RequestDicts", "plan_request_dicts"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS_OF_ANNOTATIONS = frozenset(
    {"Any", "Literal", "Required", "TypedDict", "None", "list", "dict", "str", "int", "float", "bool"}
)


@dataclass(frozen=True)
class RequestDict:
    """One ``TypedDict``: its name, the model it mirrors and its keys with their annotations."""

    name: str
    model: str
    keys: tuple[tuple[str, str], ...]
    class_syntax: bool
    """Class syntax if every key is a plain identifier, else the functional ``TypedDict("X", {...})``."""


@dataclass(frozen=True)
class RequestDicts:
    """Every ``TypedDict`` of a package and what ``params.py`` imports from the models."""

    dicts: tuple[RequestDict, ...]
    names: Mapping[str, str]
    """Model class → its ``TypedDict``."""
    model_imports: tuple[str, ...]
    typing_imports: tuple[str, ...]
    enum_values: Mapping[str, tuple[str | int, ...]]
    """The values of every enum of the models module, by class."""

    def accepting_dicts(self, hint: str) -> str:
        """An argument's annotation that also takes the dict form of each model it names."""
        if not self.names:
            return hint
        return _IDENTIFIER.sub(
            lambda m: f"{self.names[m.group(0)]} | {m.group(0)}" if m.group(0) in self.names else m.group(0),
            hint,
        )


def _enum_values(code: str) -> dict[str, tuple[str | int, ...]]:
    """The values of each enum class of the models module (``Literal`` forms of the enum)."""
    values: dict[str, tuple[str | int, ...]] = {}
    for node in ast.parse(code).body if code else ():
        if not isinstance(node, ast.ClassDef) or not any("Enum" in ast.unparse(b) for b in node.bases):
            continue
        found = [
            statement.value.value
            for statement in node.body
            if isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str | int)
            and not isinstance(statement.value.value, bool)
        ]
        if found:
            values[node.name] = tuple(found)
    return values


def _schema_properties(document: Any, schema: Any, depth: int = 0) -> dict[str, Any]:
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > 20:
        return {}
    found: dict[str, Any] = {}
    for part in resolved.get("allOf") or []:
        found.update(_schema_properties(document, part, depth + 1))
    properties = resolved.get("properties")
    if isinstance(properties, Mapping):
        found.update(properties)
    return found


def _allows_null(document: Any, schema: Any, depth: int = 0) -> bool:
    resolved = resolve_local(document, schema)
    if not isinstance(resolved, Mapping) or depth > 20:
        return True  # unknown: keep None rather than reject a value the model takes
    declared = resolved.get("type")
    if declared == "null" or (isinstance(declared, list) and "null" in declared):
        return True
    if resolved.get("nullable") is True or None in (resolved.get("enum") or [0]):
        return True
    branches = [b for key in ("anyOf", "oneOf", "allOf") for b in resolved.get(key) or []]
    return bool(branches) and any(_allows_null(document, b, depth + 1) for b in branches)


def _request_roots(models: GeneratedModels, slots: Mapping[Slot, str]) -> list[ModelInfo]:
    roots = []
    for slot, ref in sorted(slots.items(), key=lambda item: repr(item[0])):
        info = models.by_ref.get(ref)
        if slot[0] == "paths" and "request" in slot and info is not None and info.kind == "object":
            roots.append(info)
    return roots


def _reachable(models: GeneratedModels, roots: Iterable[ModelInfo]) -> list[str]:
    """Object classes that a request's fields name, at any depth (not the request models themselves)."""
    seen: list[str] = []
    stack = [name for root in roots for f in root.fields for name in _IDENTIFIER.findall(f.type_hint)]
    while stack:
        name = stack.pop(0)
        info = models.by_class.get(name)
        if info is None or info.kind != "object" or name in seen:
            continue
        seen.append(name)
        stack.extend(n for f in info.fields for n in _IDENTIFIER.findall(f.type_hint))
    return sorted(seen)


def _schema_of(document: Any, models: GeneratedModels, class_name: str) -> Any:
    for ref, info in models.by_ref.items():
        if info.class_name == class_name:
            return {"$ref": ref}
    return None


def plan_request_dicts(document: Any, models: GeneratedModels, slots: Mapping[Slot, str]) -> RequestDicts:
    """The ``TypedDict`` of every object model a request can nest, deterministic for a given spec."""
    classes = _reachable(models, _request_roots(models, slots))
    taken = list(models.names)
    names: dict[str, str] = {}
    for name in classes:
        names[name] = dedupe([*taken, f"{name}Param"])[-1]
        taken.append(names[name])
    enums = _enum_values(models.code)

    def annotate(hint: str) -> str:
        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in names:
                return names[word]
            if word in enums:
                return f"{word} | Literal[{', '.join(repr(v) for v in enums[word])}]"
            return word

        return _IDENTIFIER.sub(swap, hint)

    dicts = []
    used: set[str] = set()
    for name in classes:
        info = models.by_class[name]
        properties = _schema_properties(document, _schema_of(document, models, name))
        keys = []
        for field in info.fields:
            hint = field.type_hint
            spec = properties.get(field.wire_name)
            if spec is not None and not _allows_null(document, spec) and hint.endswith(" | None"):
                hint = hint.removesuffix(" | None")
            hint = annotate(hint)
            used |= set(_IDENTIFIER.findall(hint))
            keys.append((field.wire_name, f"Required[{hint}]" if field.required else hint))
        plain = all(
            _IDENTIFIER.fullmatch(key) and not keyword.iskeyword(key) and key not in _KEYWORDS_OF_ANNOTATIONS
            for key, _ in keys
        ) and not ({key for key, _ in keys} & used)
        dicts.append(RequestDict(names[name], name, tuple(keys), plain))
    if any(annotation.startswith("Required[") for d in dicts for _, annotation in d.keys):
        used.add("Required")
    model_imports = tuple(sorted(used & set(models.names)))
    typing_imports = tuple(sorted({"TypedDict"} | (used & {"Any", "Literal", "Required"}))) if dicts else ()
    return RequestDicts(tuple(dicts), names, model_imports, typing_imports, enums)
