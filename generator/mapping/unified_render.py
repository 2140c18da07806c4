"""Render the unified package's files from its IR (formatting is the caller's job)."""

from __future__ import annotations

from generator.emit.render import TEMPLATES_DIR, template_environment
from generator.mapping.unified import UnifiedIR

__all__ = ["STATIC_MODULES", "render_unified"]

# Copied as they are, behind the header: the engine, its pydantic glue and the models' base classes.
STATIC_MODULES = (
    ("unified", "_convert.py"),
    ("unified", "_facade.py"),
    ("unified", "_dialer.py"),
    ("unified", "_results.py"),
    ("unified", "_webhooks.py"),
    ("runtime", "_models.py"),
    ("runtime", "_context.py"),
)
"""(template folder, file) of each module copied as it is: already in black's style."""


def render_unified(
    ir: UnifiedIR, models_code: str, header: str, changelog: str | None = None
) -> dict[str, str]:
    """Every file of the unified package, by path relative to its folder (with its changelog, if any)."""
    env = template_environment("unified")
    package = ir.import_name
    pyproject = env.get_template("pyproject.toml.jinja").render(ir=ir, header=header, changelog=changelog)
    files = {
        **({"CHANGELOG.md": changelog} if changelog is not None else {}),
        "pyproject.toml": pyproject,
        "README.md": env.get_template("README.md.jinja").render(ir=ir, header_text=header.removeprefix("# ")),
        f"{package}/__init__.py": env.get_template("__init__.py.jinja").render(ir=ir, header=header),
        f"{package}/models.py": models_code,
        f"{package}/py.typed": "",
        f"{package}/_rules.py": env.get_template("_rules.py.jinja").render(
            plans=ir.plans, vendors=[module.vendor for module in ir.vendors], header=header
        ),
    }
    files[f"{package}/_result_rules.py"] = env.get_template("_result_rules.py.jinja").render(
        sources=ir.result_sources, webhooks=ir.webhooks, header=header
    )
    for module in ir.vendors:
        files[f"{package}/{module.vendor}.py"] = env.get_template("vendor.py.jinja").render(
            module=module, header=header
        )
    for folder, name in STATIC_MODULES:
        text = (TEMPLATES_DIR / folder / name).read_text(encoding="utf-8")
        files[f"{package}/{name}"] = f"{header}\n{text}"
    return files
