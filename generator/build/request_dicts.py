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

import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.build.models import GeneratedModels, ModelInfo, Slot
from generator.build.naming import unique_name
from generator.build.typehints import argument_hint, object_properties

__all__ = ["RequestDict", "RequestDicts", "plan_request_dicts"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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
    enum_values: Mapping[str, tuple[str | int | None, ...]]
    """The values of every enum of the models module, by class."""

    @cached_property
    def by_name(self) -> Mapping[str, RequestDict]:
        """Each ``TypedDict`` by its own name."""
        return {d.name: d for d in self.dicts}

    def accepting_dicts(self, hint: str) -> str:
        """An argument's annotation that also takes the dict form of each model it names."""
        if not self.names:
            return hint
        return _IDENTIFIER.sub(
            lambda m: f"{self.names[m.group(0)]} | {m.group(0)}" if m.group(0) in self.names else m.group(0),
            hint,
        )


def _request_roots(models: GeneratedModels, slots: Mapping[Slot, str]) -> list[ModelInfo]:
    roots = []  # in any order: what they reach is sorted
    for slot, ref in slots.items():
        info = models.by_ref.get(ref)
        if slot[0] == "paths" and "request" in slot and info is not None and info.kind == "object":
            roots.append(info)
    return roots


def _reachable(models: GeneratedModels, roots: Iterable[ModelInfo]) -> list[str]:
    """Object classes that a request's fields name, at any depth (not the request models themselves)."""
    seen: set[str] = set()
    stack = [name for root in roots for f in root.fields for name in _IDENTIFIER.findall(f.type_hint)]
    while stack:
        name = stack.pop()
        info = models.by_class.get(name)
        if info is None or info.kind != "object" or name in seen:
            continue
        seen.add(name)
        stack.extend(n for f in info.fields for n in _IDENTIFIER.findall(f.type_hint))
    return sorted(seen)


def _class_syntax(keys: list[tuple[str, str]]) -> bool:
    """Whether ``class X(TypedDict)`` can hold these keys: identifiers that no annotation of it names."""
    named = {name for _, annotation in keys for name in _IDENTIFIER.findall(annotation)}
    return all(
        _IDENTIFIER.fullmatch(key) and not keyword.iskeyword(key) and key not in named for key, _ in keys
    )


def plan_request_dicts(document: Any, models: GeneratedModels, slots: Mapping[Slot, str]) -> RequestDicts:
    """The ``TypedDict`` of every object model a request can nest, deterministic for a given spec."""
    classes = _reachable(models, _request_roots(models, slots))
    taken = set(models.names)
    names: dict[str, str] = {}
    for name in classes:
        names[name] = unique_name(f"{name}Param", taken)
        taken.add(names[name])
    enums = models.enum_values
    refs: dict[str, str] = {}
    for ref, info in models.by_ref.items():
        refs.setdefault(info.class_name, ref)

    def annotate(hint: str) -> str:
        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in names:
                return names[word]
            literal = [repr(v) for v in enums.get(word, ()) if v is not None]
            return f"{word} | Literal[{', '.join(literal)}]" if literal else word

        return _IDENTIFIER.sub(swap, hint)

    dicts = []
    for name in classes:
        schema = {"$ref": refs[name]} if name in refs else None
        properties = object_properties(document, schema)
        keys = []
        for field in models.by_class[name].fields:
            hint = annotate(argument_hint(field.type_hint, properties.get(field.wire_name), document))
            keys.append((field.wire_name, f"Required[{hint}]" if field.required else hint))
        dicts.append(RequestDict(names[name], name, tuple(keys), _class_syntax(keys)))
    used = {word for d in dicts for _, annotation in d.keys for word in _IDENTIFIER.findall(annotation)}
    model_imports = tuple(sorted(used & set(models.names)))
    typing_imports = tuple(sorted({"TypedDict"} | (used & {"Any", "Literal", "Required"}))) if dicts else ()
    return RequestDicts(tuple(dicts), names, model_imports, typing_imports, enums)
