"""``vendorgen generate``'s mapping part: the table files and the unified package, from mapping.yaml.

Wires the mapping stages together (load → check against the specs → table
→ renderings; vendor IRs + canonical models → unified package → black), in
memory, so the caller writes them in the same atomic swap as the vendors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.emit.formatting import format_files
from generator.emit.generate import build_package_ir, provenance_header, vendor_settings
from generator.emit.timings import stage
from generator.mapping.check import ResolvedMapping, check_mapping
from generator.mapping.model import load_mapping
from generator.mapping.render import render_mapping
from generator.mapping.table import build_table
from generator.mapping.unified import build_unified_ir, canonical_models
from generator.mapping.unified_render import STATIC_MODULES, render_unified
from generator.spec.diagnostics import SpecError
from generator.spec.loader import SpecDocument, load_document
from generator.spec.vendors import MAPPING_FILE, UNIFIED_FOLDER, VendorConfig, unified_changelog

__all__ = ["generate_mapping", "resolve_mapping", "warm_mapping"]


def resolve_mapping(specs_dir: Path, documents: dict[str, SpecDocument]) -> ResolvedMapping:
    """Load ``specs_dir/mapping.yaml`` and check it against ``documents``.

    Raises:
        SpecError: the mapping is malformed or does not hold for the specs.

    """
    source = load_mapping(specs_dir / MAPPING_FILE)
    resolved, problems = check_mapping(source, documents)
    if resolved is None:
        raise SpecError(problems)
    return resolved


def warm_mapping(specs_dir: Path) -> None:
    """Build the canonical models ahead: before the vendors' workers fork, or beside a lone vendor.

    They depend on ``mapping.yaml`` alone; :func:`generate_mapping` finds them built. A mapping
    that does not load is left for :func:`generate_mapping` to report.
    """
    try:
        source = load_mapping(specs_dir / MAPPING_FILE)
        with stage("models"):
            canonical_models(source, source.package["import_name"], "")
    except SpecError:
        return


def generate_mapping(
    specs_dir: Path, configs: Sequence[VendorConfig], *, cache_dir: Path | None
) -> dict[str, str]:
    """The mapping files and the unified package, by path relative to ``generated/``.

    Raises:
        SpecError: the mapping does not hold, or a vendor spec does not load.

    """
    with stage("load"):
        documents = {config.name: load_document(config.spec_path) for config in configs}
    with stage("mapping"):
        mapping = resolve_mapping(specs_dir, documents)
        source = f"{specs_dir.resolve().name}/{MAPPING_FILE}"  # the same header wherever the project lives
        header = provenance_header(source)
        files = render_mapping(build_table(mapping), header.removeprefix("# "))
    # the vendors' IRs: built once per process, so usually already there from the vendors' generation
    irs = {c.name: build_package_ir(documents[c.name], vendor_settings(c))[0] for c in configs}
    import_name = mapping.source.package["import_name"]
    with stage("models"):
        models_code, model_names = canonical_models(mapping.source, import_name, header)
    with stage("mapping"):
        unified = build_unified_ir(mapping, irs, model_names)
        changelog = unified_changelog(specs_dir)
        package = render_unified(
            unified, models_code, header, changelog.read_text("utf-8") if changelog.is_file() else None
        )
    static = {f"{import_name}/{name}" for _, name in STATIC_MODULES}
    with stage("format"):
        formatted = format_files(
            package, cache_dir, preformatted=static, not_from_templates={f"{import_name}/models.py"}
        )
    files.update({f"{UNIFIED_FOLDER}/{name}": text for name, text in formatted.items()})
    return files
