"""The public surface of a generated client, and what a spec change removes or renames from it.

Wire compatibility is not the whole story: renaming an operationId renames a
method, a schema rename renames a model, and a property rename renames a
keyword argument, although a request on the wire may look the same.  The
surface is read from the IR and the models, exactly as generation sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.build.build_ir import PackageSettings
from generator.emit.generate import build_package_ir
from generator.review.diff import Change, diff_specs
from generator.spec.loader import SpecDocument

__all__ = ["Surface", "compare_surfaces", "spec_changes", "surface_of"]


@dataclass(frozen=True)
class Surface:
    """Methods (with their arguments and operation) and models (with their fields) of a package."""

    methods: dict[str, tuple[str, tuple[str, ...]]]
    models: dict[str, tuple[str, ...]]


def surface_of(document: SpecDocument, settings: PackageSettings) -> Surface:
    """The public surface the generator would produce for a spec."""
    ir, models = build_package_ir(document, settings)
    methods = {
        f"{resource.attribute}.{op.method_name}": (
            f"{op.http_method.upper()} {op.path}",
            tuple(
                p.python_name for p in (*op.path_params, *op.query_params, *op.header_params, *op.body_params)
            ),
        )
        for resource in ir.resources
        for op in resource.operations
    }
    fields = {
        name: tuple(f.python_name for f in info.fields)
        for name, info in models.by_class.items()
        if info.kind == "object"  # enum members are values, compared by the wire rules
    }
    return Surface(methods, fields)


def compare_surfaces(old: Surface, new: Surface) -> list[Change]:
    """Removed or renamed methods, arguments, models and fields (all breaking for client code)."""
    changes: list[Change] = []
    new_by_operation = {operation: name for name, (operation, _) in new.methods.items()}
    for name, (operation, arguments) in sorted(old.methods.items()):
        if name not in new.methods:
            renamed = new_by_operation.get(operation)
            if renamed is not None:
                changes.append(
                    Change(
                        operation,
                        name,
                        "surface-method-renamed",
                        f"client.{name}() is now client.{renamed}()",
                    )
                )
            else:
                changes.append(Change(operation, name, "surface-method-removed", f"client.{name}() removed"))
            continue
        gone = [a for a in arguments if a not in new.methods[name][1]]
        if gone:
            changes.append(
                Change(
                    operation,
                    name,
                    "surface-argument-removed",
                    f"client.{name}() lost argument(s) {', '.join(gone)}",
                )
            )
    for model, fields in sorted(old.models.items()):
        if model not in new.models:
            changes.append(
                Change("", f"models.{model}", "surface-model-removed", f"model {model} removed or renamed")
            )
            continue
        gone = [f for f in fields if f not in new.models[model]]
        if gone:
            changes.append(
                Change(
                    "", f"models.{model}", "surface-field-removed", f"{model} lost field(s) {', '.join(gone)}"
                )
            )
    return changes


def spec_changes(
    old: SpecDocument | None,
    new: SpecDocument,
    settings: PackageSettings,
    *,
    on_surface_error: Callable[[Exception], None] | None = None,
) -> list[Change]:
    """Wire changes (from nothing when ``old`` is None) and changes of the generated surface; sorted, unique.

    The surface is compared only when the wire changed and both sides exist. When a side does not
    generate, ``on_surface_error`` hears why and the wire changes are returned; without it, the
    error propagates.
    """
    changes = diff_specs(old.data if old is not None else {"paths": {}}, new.data)
    if old is not None and changes:
        try:
            changes += compare_surfaces(surface_of(old, settings), surface_of(new, settings))
        except Exception as exc:
            if on_surface_error is None:
                raise
            on_surface_error(exc)
    return sorted(set(changes))
