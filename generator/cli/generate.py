"""``vendorgen generate``, and the reuse of unchanged vendors and mapping outputs it shares with release."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from generator.cli.common import exit_with, print_problems, vendor_configs
from generator.cli.options import SPECS_OPTION
from generator.emit.fingerprint import OutputRecord, inputs_digest, load_record, store_record, tree_digest
from generator.emit.publish import PACKAGE_LOCK_FILE, diff_tree, read_tree, write_tree
from generator.emit.timings import recorded, reset, stage, table
from generator.spec.diagnostics import SpecError
from generator.spec.loader import display_path, load_document
from generator.spec.vendors import (
    MAPPING_FILE,
    MAPPING_OUTPUTS,
    UNIFIED_FOLDER,
    VendorConfig,
    unified_changelog,
)

# The stages behind generate import datamodel-code-generator, black and the OpenAPI
# validator (about half a second); they are imported where used, so `generate --check`
# on unchanged inputs never pays for them.

__all__ = ["generate", "is_mapping_output", "mapping_outputs", "vendor_outputs"]


def mapping_outputs(
    specs: Path, existing: dict[str, str], cache: Path, *, force: bool
) -> tuple[dict[str, str], list[str]]:
    """The mapping table files and the unified package, reused when nothing they come from changed."""
    mapping_file = specs / MAPPING_FILE
    if not mapping_file.is_file():
        return {}, []
    configs = vendor_configs([], specs)
    changelog = unified_changelog(specs)
    own = [mapping_file, *([changelog] if changelog.is_file() else [])]
    inputs = inputs_digest([*own, *(path for c in configs for path in c.input_files)])
    current = {name: text for name, text in existing.items() if is_mapping_output(name)}
    record = None if force else load_record(cache, inputs)
    if record is not None and current and tree_digest(current) == record.outputs_sha256:
        return current, list(record.warnings)
    with stage("import"):
        from generator.mapping.generate import generate_mapping  # noqa: PLC0415 - heavy, see the imports

    files = generate_mapping(specs, configs, cache_dir=cache / "black")
    store_record(cache, inputs, OutputRecord(tree_digest(files), ()))
    return files, []


def _refuse_foreign_folder(output: Path) -> None:
    """``--output`` replaces the folder whole: refuse one that holds files vendorgen did not write."""
    if output.is_dir() and any(output.iterdir()) and not (output / PACKAGE_LOCK_FILE).is_file():
        click.echo(
            f"error: {display_path(output)} holds files vendorgen did not generate (no {PACKAGE_LOCK_FILE}); "
            "generating into it would delete them: choose an empty or new folder",
            err=True,
        )
        exit_with(1)


def is_mapping_output(name: str) -> bool:
    """Whether a generated/ file belongs to the mapping table or the unified package."""
    return name in MAPPING_OUTPUTS or name.startswith(f"{UNIFIED_FOLDER}/")


def _finish(
    old: dict[str, str], new: dict[str, str], output: Path, *, check: bool, write: dict[str, str]
) -> None:
    """Report or write the result; exit 1 when ``--check`` finds ``output`` stale."""
    label = display_path(output)
    if check:
        difference = diff_tree(old, new, label)
        if difference:
            click.echo(difference, nl=False)
            click.echo(f"{label} is stale: run `vendorgen generate` and commit the result", err=True)
            exit_with(1)
        click.echo(f"{label} is up to date")
        return
    if old == new:
        click.echo(f"{label} is up to date; nothing written")
        return
    try:
        with stage("write"):
            write_tree(output, write)
    except OSError as exc:  # a name too long for the file system, a full disk, no permission
        name = Path(exc.filename).name if exc.filename else ""
        shown = name if len(name) <= 80 else name[:60] + f"... ({len(name)} characters)"
        click.echo(f"error: cannot write {shown or label}: {exc.strerror or exc}", err=True)
        click.echo("generation failed; nothing was written", err=True)
        exit_with(1)
    changed = sum(1 for name in set(old) | set(new) if old.get(name) != new.get(name))
    click.echo(f"wrote {label}: {changed} file(s) changed")


@contextlib.contextmanager
def _stage_table(*, shown: bool) -> Iterator[None]:
    """Time the run from zero (in-process callers run generate more than once); print it if asked."""
    reset()
    start = time.perf_counter()
    try:
        yield
    finally:
        if shown:
            click.echo(table(recorded(), time.perf_counter() - start), err=True, nl=False)


@click.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR]...")
@SPECS_OPTION
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder: generated/ for vendors, required with --spec.",
)
@click.option(
    "--spec",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Generate a package from any OpenAPI document instead of the vendors.",
)
@click.option("--package", help="Import name of the --spec package (default: from its title).")
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a unified diff when the output is stale."
)
@click.option("--force", is_flag=True, help="Regenerate every vendor, even those whose inputs are unchanged.")
@click.option(
    "--timings",
    is_flag=True,
    help="Print the seconds spent in each stage (load, validate, models, ...) to stderr.",
)
def generate(
    vendors: tuple[str, ...],
    specs: Path,
    output: Path | None,
    spec: Path | None,
    package: str | None,
    check: bool,
    force: bool,
    timings: bool,
) -> None:
    """Generate typed client packages: every vendor into generated/, or one --spec into --output.

    A failed generation (invalid spec, template or formatter error) writes nothing. A vendor
    whose inputs and folder are unchanged since its last generation on this machine is reused
    as it is (see generator/emit/fingerprint.py); --force regenerates it anyway.
    """
    with _stage_table(shown=timings):
        cache = Path(".vendorgen-cache")
        try:
            if spec is not None:
                if output is None:
                    raise click.BadParameter("--spec needs --output DIR", param_hint="--output")
                with stage("import"):
                    from generator.emit import generate as pipeline  # noqa: PLC0415 - heavy, see the imports

                _refuse_foreign_folder(output)
                with stage("load"):
                    document = load_document(spec)
                settings = pipeline.settings_for_spec(document, package)
                result = pipeline.generate_package(
                    document, settings, strict=False, cache_dir=cache / "black"
                )
                print_problems(list(result.warnings))
                _finish(read_tree(output), result.files, output, check=check, write=result.files)
                return
            target = output or Path("generated")
            configs = vendor_configs(list(vendors or []), specs)
            existing = read_tree(target)
            files, warnings = vendor_outputs(configs, existing, cache, force=force, specs=specs)
            mapping_files, mapping_warnings = mapping_outputs(specs, existing, cache, force=force)
        except SpecError as exc:
            print_problems(list(exc.diagnostics))
            click.echo("generation failed; nothing was written", err=True)
            exit_with(1)
        files.update(mapping_files)
        for warning in sorted(warnings + mapping_warnings):
            click.echo(warning, err=True)
        prefixes = tuple(f"{c.name}/" for c in configs)

        def managed(name: str) -> bool:
            return name.startswith(prefixes) or is_mapping_output(name)

        kept = {name: text for name, text in existing.items() if not managed(name)}
        old_part = {name: text for name, text in existing.items() if managed(name)}
        _finish(old_part, files, target, check=check, write={**kept, **files})


def _subtree(files: dict[str, str], folder: str) -> dict[str, str]:
    prefix = f"{folder}/"
    return {name.removeprefix(prefix): text for name, text in files.items() if name.startswith(prefix)}


def vendor_outputs(
    configs: list[VendorConfig],
    existing: dict[str, str],
    cache: Path,
    *,
    force: bool,
    specs: Path | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Files of every vendor keyed ``<vendor>/<path>``: reused where unchanged, else generated.

    With ``specs`` holding a mapping, its canonical models are built while the vendors' workers run.
    """
    files: dict[str, str] = {}
    warnings: list[str] = []
    pending: dict[str, VendorConfig] = {}
    inputs: dict[str, str] = {}
    for config in configs:
        inputs[config.name] = inputs_digest(config.input_files)
        current = _subtree(existing, config.name)
        record = None if force else load_record(cache, inputs[config.name])
        if record is not None and current and tree_digest(current) == record.outputs_sha256:
            files.update({f"{config.name}/{name}": text for name, text in current.items()})
            warnings.extend(record.warnings)
        else:
            pending[config.name] = config
    if not pending:
        return files, warnings
    with stage("import"):
        from generator.emit.generate import generate_vendors  # noqa: PLC0415 - heavy, see the imports

    meanwhile: Callable[[], None] | None = None
    if specs is not None and (specs / MAPPING_FILE).is_file():
        from generator.mapping.generate import warm_mapping  # noqa: PLC0415 - heavy, see the imports

        if len(pending) > 1:
            # The canonical models are datamodel-code-generator's first run in this process: made
            # before the vendors' workers fork, its imports and set-up (0.7 s) are every worker's.
            warm_mapping(specs)
        else:  # a lone vendor runs here and uses both cores itself: they are made beside it
            meanwhile = functools.partial(warm_mapping, specs)
    generated_vendors = generate_vendors(
        list(pending.values()), cache_dir=cache / "black", meanwhile=meanwhile
    )
    for name, generated in generated_vendors.items():
        formatted = [warning.format() for warning in sorted(generated.warnings)]
        store_record(cache, inputs[name], OutputRecord(tree_digest(generated.files), tuple(formatted)))
        files.update({f"{name}/{path}": text for path, text in generated.files.items()})
        warnings.extend(formatted)
    return files, warnings
