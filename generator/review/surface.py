"""The public surface of a generated client, and what a spec change removes or renames from it.

Wire compatibility is not the whole story: renaming an operationId renames a
method, a schema rename renames a model, and a property rename renames a
keyword argument, although a request on the wire may look the same.  The
surface is read from the IR and the models, exactly as generation sees them,
so that :mod:`generator.review.impact` can say what each wire change does to
code that calls the client.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.build.build_ir import PackageSettings
from generator.emit.generate import build_package_ir
from generator.review.diff import Change, diff_specs, paired_renames
from generator.spec.loader import SpecDocument

__all__ = ["Argument", "Field", "Method", "Surface", "compare_surfaces", "spec_changes", "surface_of"]

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Argument:
    """One keyword argument of a generated method, and the wire name it is sent as."""

    python_name: str
    wire_name: str
    location: str  # path, query, header, cookie, body or file
    type_hint: str
    required: bool


@dataclass(frozen=True)
class Field:
    """One field of a generated model."""

    python_name: str
    wire_name: str
    type_hint: str


@dataclass(frozen=True)
class Method:
    """One generated method: ``client.<name>()`` calls ``operation``."""

    name: str
    operation: str
    arguments: tuple[Argument, ...]
    body_model: str
    """The model class of its request body ("" for none), by which a model rename is tied to it."""
    result_models: tuple[str, ...]
    mentioned_models: tuple[str, ...]
    """Every model class its body and result annotations name (union members included)."""

    @property
    def models(self) -> tuple[str, ...]:
        """Every model class of its signature."""
        return (self.body_model, *self.result_models) if self.body_model else self.result_models

    @property
    def call(self) -> str:
        """How a user writes the call: ``client.phone_numbers.buy()``."""
        return f"client.{self.name}()"

    def argument(self, location: str, wire_name: str) -> Argument | None:
        """The argument sent as ``wire_name`` in ``location`` (``body`` covers file parts too)."""
        places = ("body", "file") if location == "body" else (location,)
        for argument in self.arguments:
            if argument.location in places and argument.wire_name == wire_name:
                return argument
        return None


@dataclass(frozen=True)
class Surface:
    """Methods and models (with their fields) of a package."""

    methods: dict[str, Method]
    models: dict[str, tuple[Field, ...]]

    def methods_of(self, operation: str) -> list[Method]:
        """The methods that call ``operation`` (one per request media variant)."""
        return [method for _, method in sorted(self.methods.items()) if method.operation == operation]

    def python_names(self, wire_name: str) -> set[str]:
        """The Python names that model fields sent or read as ``wire_name`` have."""
        return {f.python_name for fields in self.models.values() for f in fields if f.wire_name == wire_name}


def surface_of(document: SpecDocument, settings: PackageSettings) -> Surface:
    """The public surface the generator would produce for a spec."""
    ir, models = build_package_ir(document, settings)
    objects = {name for name, info in models.by_class.items() if info.kind == "object"}
    methods: dict[str, Method] = {}
    for resource in ir.resources:
        for op in resource.operations:
            params = (*op.path_params, *op.query_params, *op.header_params, *op.body_params)
            # body arguments are fields of the body model, which knows the name each is sent as
            body_model = models.by_class.get(op.body.model) if op.body and op.body.model else None
            sent_as = {f.python_name: f.wire_name for f in body_model.fields} if body_model else {}
            hints = f"{op.body.type_hint if op.body else ''} {op.return_type}"
            methods[f"{resource.attribute}.{op.method_name}"] = Method(
                f"{resource.attribute}.{op.method_name}",
                f"{op.http_method.upper()} {op.path}",
                tuple(
                    Argument(
                        p.python_name,
                        (
                            sent_as.get(p.python_name, p.wire_name)
                            if p.location in ("body", "file")
                            else p.wire_name
                        ),
                        p.location,
                        p.type_hint,
                        p.required,
                    )
                    for p in params
                ),
                body_model.class_name if body_model and body_model.kind == "object" else "",
                tuple(sorted({name for name in _IDENTIFIER.findall(op.return_type) if name in objects})),
                tuple(sorted({name for name in _IDENTIFIER.findall(hints) if name in objects})),
            )
    fields = {
        name: tuple(Field(f.python_name, f.wire_name, f.type_hint) for f in info.fields)
        for name, info in models.by_class.items()
        if info.kind == "object"  # enum members are values, compared by the wire rules
    }
    return Surface(methods, fields)


def _signature_renames(old: Surface, new: Surface) -> dict[str, str]:
    """Models of a renamed method that were renamed with it (named after the operation, say).

    The body model is paired with the new body model, and a single vanished result model with a
    single new one, even when their fields changed too (those changes are reported on their own).
    """
    pairs: dict[str, str] = {}
    for name, method in sorted(old.methods.items()):
        moved = new.methods_of(method.operation)
        if name in new.methods or not moved:
            continue
        gone = [r for r in method.result_models if r not in new.models]
        came = [r for r in moved[0].result_models if r not in old.models]
        candidates = [(method.body_model, moved[0].body_model)]
        if len(gone) == 1 and len(came) == 1:
            candidates.append((gone[0], came[0]))
        for before, after in candidates:
            if before and after and before not in new.models and after not in old.models:
                pairs.setdefault(before, after)
    return pairs


def renamed_models(old: Surface, new: Surface) -> dict[str, str]:
    """Old model name -> new name: renamed with their method, or gone while one of the same fields came."""
    pairs = _signature_renames(old, new)
    taken = set(pairs.values())
    same_fields = paired_renames(
        {name: fields for name, fields in old.models.items() if name not in new.models and name not in pairs},
        {name: fields for name, fields in new.models.items() if name not in old.models and name not in taken},
        lambda a, b: bool(a and set(a) == set(b)),  # fields in any order
    )
    return {**pairs, **same_fields}


def _field_changes(model: str, before: tuple[Field, ...], after: tuple[Field, ...]) -> list[Change]:
    """Fields of one model that were renamed (same type, one candidate) or removed."""
    old_names, new_names = {f.python_name for f in before}, {f.python_name for f in after}
    gone = {f.python_name: f for f in before if f.python_name not in new_names}
    came = {f.python_name: f for f in after if f.python_name not in old_names}
    renames = paired_renames(gone, came, lambda a, b: bool(a.type_hint == b.type_hint))
    changes = []
    for old_name, new_name in sorted(renames.items()):
        text = f"field `{old_name}` of `{model}` is now `{new_name}`"
        wires = (gone[old_name].wire_name, came[new_name].wire_name)
        todo = f"use `.{new_name}` instead of `.{old_name}`"
        changes.append(Change("", f"models.{model}", "surface-field-renamed", text, *wires, text, todo))
    removed = [f for name, f in gone.items() if name not in renames]
    if removed:
        text = f"`{model}` lost field(s) {', '.join(f'`{f.python_name}`' for f in removed)}"
        names = ",".join(f.wire_name for f in removed)
        todo = "stop reading or setting them"
        changes.append(Change("", f"models.{model}", "surface-field-removed", text, names, "", text, todo))
    return changes


def compare_surfaces(old: Surface, new: Surface) -> list[Change]:
    """Removed or renamed methods, arguments, models and fields (all breaking for client code)."""
    changes: list[Change] = []
    new_by_operation = {method.operation: name for name, method in sorted(new.methods.items())}
    for name, method in sorted(old.methods.items()):
        if name not in new.methods:
            renamed = new_by_operation.get(method.operation)
            if renamed is not None:
                text = f"method renamed from {method.call} to client.{renamed}()"
                todo = f"call client.{renamed}() instead"
                changes.append(
                    Change(method.operation, name, "surface-method-renamed", text, name, renamed, text, todo)
                )
            else:
                text = f"{method.call} removed"
                changes.append(
                    Change(
                        method.operation,
                        name,
                        "surface-method-removed",
                        text,
                        python=text,
                        migration="remove its calls",
                    )
                )
            continue
        kept = {a.python_name for a in new.methods[name].arguments}
        gone = [a.python_name for a in method.arguments if a.python_name not in kept]
        if gone:
            text = f"{method.call} no longer takes {', '.join(f'`{a}`' for a in gone)}"
            changes.append(
                Change(
                    method.operation,
                    name,
                    "surface-argument-removed",
                    text,
                    ",".join(gone),
                    python=text,
                    migration="stop passing them",
                )
            )
    renames = renamed_models(old, new)
    for model, fields in sorted(old.models.items()):
        if model in renames:
            text = f"model `{model}` is now `{renames[model]}`"
            todo = f"import and annotate with `{renames[model]}` instead"
            changes.append(
                Change(
                    "", f"models.{model}", "surface-model-renamed", text, model, renames[model], text, todo
                )
            )
        elif model not in new.models:
            text = f"model `{model}` removed"
            changes.append(
                Change(
                    "",
                    f"models.{model}",
                    "surface-model-removed",
                    text,
                    model,
                    python=text,
                    migration="stop using it",
                )
            )
        else:
            changes += _field_changes(model, fields, new.models[model])
    return changes


def spec_changes(
    old: SpecDocument | None,
    new: SpecDocument,
    settings: PackageSettings,
    *,
    on_surface_error: Callable[[Exception], None] | None = None,
) -> list[Change]:
    """One entry per change, in Python terms where the generated surfaces are known; sorted, unique.

    The wire changes (from nothing when ``old`` is None) are explained against both generated
    surfaces whenever the text changed (a renamed component changes no wire, but renames a
    model). When a side does not generate, ``on_surface_error`` hears why and the wire changes
    are returned; without it, the error propagates.
    """
    from generator.review.impact import explain  # noqa: PLC0415 - impact builds on this module

    changes = diff_specs(old.data if old is not None else {"paths": {}}, new.data)
    if old is None or old.text == new.text:
        return sorted(set(changes))
    try:
        old_surface, new_surface = surface_of(old, settings), surface_of(new, settings)
    except Exception as exc:
        if on_surface_error is None:
            raise
        on_surface_error(exc)
        return sorted(set(changes))
    return explain(changes, old_surface, new_surface)
