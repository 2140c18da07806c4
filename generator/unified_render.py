"""Render the unified package's files from its IR (formatting is the caller's job)."""

from __future__ import annotations

from generator.render import TEMPLATES_DIR, template_environment
from generator.unified import Facade, FacadeStep, UnifiedIR

__all__ = ["render_unified"]

_STATIC = ("_convert.py", "_facade.py")


def _steps(facade: Facade) -> tuple[FacadeStep, ...]:
    return facade.create_steps + facade.follow_steps


def _engine_imports(facades: tuple[Facade, ...]) -> list[str]:
    names = ["Adjustment", "OnUnsupported", "build"]
    return [*names, "read"] if any(f.read_function for f in facades) else names


def render_unified(ir: UnifiedIR, models_code: str, header: str) -> dict[str, str]:
    """Every file of the unified package, by path relative to its folder."""
    env = template_environment("unified")
    package = ir.import_name
    vendor_exports: dict[str, list[str]] = {}
    files = {
        "pyproject.toml": env.get_template("pyproject.toml.jinja").render(ir=ir, header=header),
        f"{package}/models.py": models_code,
        f"{package}/py.typed": "",
        f"{package}/_rules.py": env.get_template("_rules.py.jinja").render(plans=ir.plans, header=header),
    }
    for vendor, module, display_name, facades in ir.vendors:
        exports = sorted(
            name
            for f in facades
            for name in (
                f.function,
                f.result_class,
                f.follow_class if f.follow_steps else "",
                f.read_function or "",
            )
            if name
        )
        vendor_exports[vendor] = exports
        files[f"{package}/{vendor}.py"] = env.get_template("vendor.py.jinja").render(
            header=header,
            vendor=vendor,
            vendor_module=module,
            display_name=display_name,
            facades=facades,
            exports=exports,
            canonical_imports=", ".join(sorted({f.model for f in facades})),
            engine_imports=", ".join(_engine_imports(facades)),
            facade_imports=", ".join(sorted({"plain"} | {s.builder for f in facades for s in _steps(f)})),
        )
    exports = sorted(
        {"Adjustment", "ConversionError", "OnUnsupported", "UnsupportedValue", *ir.models}
        | {name for names in vendor_exports.values() for name in names}
    )
    files[f"{package}/__init__.py"] = env.get_template("__init__.py.jinja").render(
        ir=ir, header=header, models=ir.models, vendor_exports=vendor_exports, exports=exports
    )
    files["README.md"] = env.get_template("README.md.jinja").render(
        ir=ir, header_text=header.removeprefix("# "), models=ir.models
    )
    for name in _STATIC:
        text = (TEMPLATES_DIR / "unified" / name).read_text(encoding="utf-8")
        files[f"{package}/{name}"] = f"{header}\n{text}"
    runtime = (TEMPLATES_DIR / "runtime" / "_models.py").read_text(encoding="utf-8")
    files[f"{package}/_models.py"] = f"{header}\n{runtime}"
    return files
