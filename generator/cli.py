"""The ``vendorgen`` command line (also ``python -m generator``)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from generator import __version__
from generator.cli_options import DIST_OPTION, GENERATED_OPTION, SPECS_OPTION
from generator.diagnostics import Diagnostic, Severity, SpecError, has_errors, render_json, render_text
from generator.fingerprint import OutputRecord, inputs_digest, load_record, store_record, tree_digest
from generator.loader import display_path, load_document, load_text
from generator.publish import diff_tree, read_tree, write_tree
from generator.scrape.command import scrape
from generator.vendors import (
    MAPPING_FILE,
    MAPPING_OUTPUTS,
    SPEC_FILE,
    UNIFIED_FOLDER,
    VendorConfig,
    discover_vendors,
    load_vendor,
)

if TYPE_CHECKING:
    from generator.build_ir import PackageSettings
    from generator.diff import Change
    from generator.diff_report import VendorDiff
    from generator.loader import SpecDocument

# The stages behind generate, validate and diff import datamodel-code-generator,
# black and the OpenAPI validator (about half a second); they are imported where
# used, so `generate --check` on unchanged inputs never pays for them.  The CLI
# is click (typer 0.29 builds pydantic adapters for every parameter: 0.2 s).

__all__ = ["app", "main"]


@click.group(name="vendorgen", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vendorgen", message="%(prog)s %(version)s")
def app() -> None:
    """Turn voice-AI calling vendors' OpenAPI specs into typed Python client packages."""


def _exit(code: int) -> NoReturn:
    raise click.exceptions.Exit(code)


def _targets(names: list[str], specs: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Spec files to check: named vendors, explicit files, or every vendor."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    vendors = discover_vendors(specs)
    if not names:
        if not vendors:
            problems.append(
                Diagnostic(
                    display_path(specs),
                    0,
                    0,
                    Severity.ERROR,
                    "no-vendors",
                    f"no vendor folders with {SPEC_FILE} found",
                )
            )
        names = vendors
    for name in names:
        candidate = Path(name)
        if name in vendors:
            files.append(specs / name / SPEC_FILE)
            try:
                load_vendor(specs / name)
            except SpecError as exc:
                problems.extend(exc.diagnostics)
        elif candidate.suffix.lower() in (".yaml", ".yml", ".json") or candidate.is_file():
            files.append(candidate)
        else:
            known = ", ".join(vendors) or "none"
            problems.append(
                Diagnostic(
                    name, 0, 0, Severity.ERROR, "unknown-vendor", f"unknown vendor {name!r} (known: {known})"
                )
            )
    return files, problems


@app.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR|FILE]...")
@SPECS_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
def validate(vendors: tuple[str, ...], specs: Path, output_format: str) -> None:
    """Check specs against the OpenAPI standard and the project's rules.

    VENDOR|FILE: vendor names or spec file paths; default: every vendor under --specs.
    Every problem is reported as file:line:column with its JSON pointer. Exit
    code 0 when there is no error (warnings do not fail), 1 otherwise.
    """
    from generator.validate import validate_file  # noqa: PLC0415 - heavy, see the imports

    files, diagnostics = _targets(list(vendors or []), specs)
    for path in files:
        diagnostics.extend(validate_file(path))
    shown = [display_path(p) for p in files]
    mapping_file = specs / MAPPING_FILE
    if not vendors and mapping_file.is_file():
        shown.append(display_path(mapping_file))
        diagnostics.extend(_mapping_problems(specs))
    render_diagnostics = render_json if output_format == "json" else render_text
    click.echo(render_diagnostics(diagnostics, shown))
    _exit(1 if has_errors(diagnostics) else 0)


def _mapping_problems(specs: Path) -> list[Diagnostic]:
    """What is wrong with specs/mapping.yaml, checked against every vendor spec that loads."""
    from generator.mapping_generate import resolve_mapping  # noqa: PLC0415 - heavy, see the imports

    documents: dict[str, SpecDocument] = {}
    for name in discover_vendors(specs):
        try:
            documents[name] = load_document(specs / name / SPEC_FILE)
        except SpecError:
            return []  # reported with the spec itself; the mapping cannot be checked against it
    try:
        resolve_mapping(specs, documents)
    except SpecError as exc:
        return list(exc.diagnostics)
    return []


def _mapping_files(
    specs: Path, existing: dict[str, str], cache: Path, *, force: bool
) -> tuple[dict[str, str], list[str]]:
    """The mapping table files and the unified package, reused when nothing they come from changed."""
    mapping_file = specs / MAPPING_FILE
    if not mapping_file.is_file():
        return {}, []
    configs = _vendor_configs([], specs)
    inputs = inputs_digest([mapping_file, *(path for c in configs for path in c.input_files)])
    current = {name: text for name, text in existing.items() if _is_mapping_output(name)}
    record = None if force else load_record(cache, inputs)
    if record is not None and current and tree_digest(current) == record.outputs_sha256:
        return current, list(record.warnings)
    from generator.mapping_generate import generate_mapping  # noqa: PLC0415 - heavy, see the imports

    files = generate_mapping(specs, configs, cache_dir=cache / "black")
    store_record(cache, inputs, OutputRecord(tree_digest(files), ()))
    return files, []


def _is_mapping_output(name: str) -> bool:
    return name in MAPPING_OUTPUTS or name.startswith(f"{UNIFIED_FOLDER}/")


def _print_problems(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics):
        click.echo(diagnostic.format(), err=True)


def _vendor_configs(names: list[str], specs: Path) -> list[VendorConfig]:
    known = discover_vendors(specs)
    unknown = [n for n in names if n not in known]
    problems = [
        Diagnostic(
            n,
            0,
            0,
            Severity.ERROR,
            "unknown-vendor",
            f"unknown vendor {n!r} (known: {', '.join(known) or 'none'})",
        )
        for n in unknown
    ]
    if not known and not names:
        problems.append(
            Diagnostic(
                display_path(specs),
                0,
                0,
                Severity.ERROR,
                "no-vendors",
                f"no vendor folders with {SPEC_FILE} found",
            )
        )
    configs = []
    for name in names or known:
        if name in unknown:
            continue
        try:
            configs.append(load_vendor(specs / name))
        except SpecError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SpecError(problems)
    return configs


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
            _exit(1)
        click.echo(f"{label} is up to date")
        return
    if old == new:
        click.echo(f"{label} is up to date; nothing written")
        return
    write_tree(output, write)
    changed = sum(1 for name in set(old) | set(new) if old.get(name) != new.get(name))
    click.echo(f"wrote {label}: {changed} file(s) changed")


@app.command()
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
def generate(
    vendors: tuple[str, ...],
    specs: Path,
    output: Path | None,
    spec: Path | None,
    package: str | None,
    check: bool,
    force: bool,
) -> None:
    """Generate typed client packages: every vendor into generated/, or one --spec into --output.

    A failed generation (invalid spec, template or formatter error) writes nothing. A vendor
    whose inputs and folder are unchanged since its last generation on this machine is reused
    as it is (see generator/fingerprint.py); --force regenerates it anyway.
    """
    cache = Path(".vendorgen-cache")
    try:
        if spec is not None:
            from generator.generate import generate_package, settings_for_spec  # noqa: PLC0415 - heavy

            if output is None:
                raise click.BadParameter("--spec needs --output DIR", param_hint="--output")
            document = load_document(spec)
            result = generate_package(
                document, settings_for_spec(document, package), strict=False, cache_dir=cache / "black"
            )
            _print_problems(list(result.warnings))
            _finish(read_tree(output), result.files, output, check=check, write=result.files)
            return
        target = output or Path("generated")
        configs = _vendor_configs(list(vendors or []), specs)
        existing = read_tree(target)
        files, warnings = _vendor_files(configs, existing, cache, force=force)
        mapping_files, mapping_warnings = _mapping_files(specs, existing, cache, force=force)
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        click.echo("generation failed; nothing was written", err=True)
        _exit(1)
    files.update(mapping_files)
    for warning in sorted(warnings + mapping_warnings):
        click.echo(warning, err=True)
    prefixes = tuple(f"{c.name}/" for c in configs)

    def managed(name: str) -> bool:
        return name.startswith(prefixes) or _is_mapping_output(name)

    kept = {name: text for name, text in existing.items() if not managed(name)}
    old_part = {name: text for name, text in existing.items() if managed(name)}
    _finish(old_part, files, target, check=check, write={**kept, **files})


def _subtree(files: dict[str, str], folder: str) -> dict[str, str]:
    prefix = f"{folder}/"
    return {name.removeprefix(prefix): text for name, text in files.items() if name.startswith(prefix)}


def _vendor_files(
    configs: list[VendorConfig], existing: dict[str, str], cache: Path, *, force: bool
) -> tuple[dict[str, str], list[str]]:
    """Files of every vendor keyed ``<vendor>/<path>``: reused where unchanged, else generated."""
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
    from generator.generate import generate_vendors  # noqa: PLC0415 - heavy, see the imports

    for name, generated in generate_vendors(list(pending.values()), cache_dir=cache / "black").items():
        formatted = [warning.format() for warning in sorted(generated.warnings)]
        store_record(cache, inputs[name], OutputRecord(tree_digest(generated.files), tuple(formatted)))
        files.update({f"{name}/{path}": text for path, text in generated.files.items()})
        warnings.extend(formatted)
    return files, warnings


def _git_show(revision: str, path: Path) -> str | None:
    completed = subprocess.run(
        ["git", "show", f"{revision}:{path.as_posix()}"], capture_output=True, text=True, check=False
    )
    return completed.stdout if completed.returncode == 0 else None


def _all_changes(old: SpecDocument | None, new: SpecDocument, settings: PackageSettings) -> list[Change]:
    """Wire changes and, when both sides generate, changes of the generated package's surface."""
    from generator.surface import spec_changes  # noqa: PLC0415 - heavy, see the imports

    def note(exc: Exception) -> None:  # a spec that does not generate still gets its wire diff
        click.echo(f"note: generated surfaces not compared ({type(exc).__name__}: {exc})", err=True)

    return spec_changes(old, new, settings, on_surface_error=note)


def _revision_diffs(base: str, names: list[str], specs: Path) -> dict[str, VendorDiff]:
    from generator.diff import suggested_bump  # noqa: PLC0415 - heavy, see the imports
    from generator.diff_report import VendorDiff  # noqa: PLC0415
    from generator.generate import vendor_settings  # noqa: PLC0415

    diffs: dict[str, VendorDiff] = {}
    for name in names or discover_vendors(specs):
        path = specs / name / SPEC_FILE
        old_text = _git_show(base, path)
        new_text = path.read_text(encoding="utf-8")
        if old_text == new_text and not names:
            continue
        config = load_vendor(specs / name)
        new = load_document(path)
        changes = _all_changes(
            load_text(old_text, path) if old_text is not None else None, new, vendor_settings(config)
        )
        diffs[name] = VendorDiff(tuple(changes), suggested_bump(changes, config.version), display_path(path))
    return diffs


@app.command()
@click.argument("paths", nargs=-1, metavar="OLD NEW | [VENDOR]...")
@click.option("--base", help="Compare each vendor's spec at this git revision with the working tree.")
@SPECS_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
    help="How the changes are reported.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["none", "breaking", "potentially-breaking", "any"]),
    default="none",
    show_default=True,
    help="Exit 1 when a change reaches this severity.",
)
def diff(paths: tuple[str, ...], base: str | None, specs: Path, output_format: str, fail_on: str) -> None:
    """Classify spec changes as breaking, potentially breaking, non-breaking or docs-only.

    Either two files (vendorgen diff OLD NEW) or, with --base REV, every vendor whose spec changed
    since REV (or the vendors named). Suggests a version bump per vendor package.
    """
    from generator.diff import suggested_bump  # noqa: PLC0415 - heavy, see the imports
    from generator.diff_report import VendorDiff, exceeds, render  # noqa: PLC0415
    from generator.generate import settings_for_spec  # noqa: PLC0415

    try:
        if base is not None:
            diffs = _revision_diffs(base, list(paths), specs)
        else:
            if len(paths) != 2:
                raise click.BadParameter("give OLD and NEW spec files, or --base REV", param_hint="PATHS")
            old_path, new_path = Path(paths[0]), Path(paths[1])
            old, new = load_document(old_path), load_document(new_path)
            changes = _all_changes(old, new, settings_for_spec(new, None))
            label = new_path.parent.name if new_path.parent.parent.name == specs.name else new_path.stem
            diffs = {label: VendorDiff(tuple(changes), suggested_bump(changes), new.file)}
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        _exit(1)
    click.echo(render(diffs, output_format))
    _exit(1 if exceeds(diffs, fail_on) else 0)


@app.command()
@click.argument("vendor")
@SPECS_OPTION
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="The generated/ folder to regenerate the package in.",
)
@click.option("--dry-run", is_flag=True, help="Print the version and changelog entry; write nothing.")
@click.option(
    "--date",
    "release_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the changelog entry (default: today, UTC).",
)
def release(vendor: str, specs: Path, output: Path, dry_run: bool, release_date: datetime | None) -> None:
    """Version VENDOR's package by what changed in its spec since its last release.

    Compares specs/VENDOR/openapi.yaml with the copy kept from the last release
    (openapi.released.yaml), bumps the version in vendor.yaml as `vendorgen diff`
    suggests, prepends a CHANGELOG.md entry (breaking changes first, with
    migration hints), keeps the new copy and regenerates the package.
    """
    from generator import release as releasing  # noqa: PLC0415 - heavy, see the imports

    today = (release_date or datetime.now(UTC)).date()
    try:
        (config,) = _vendor_configs([vendor], specs)
        plan = releasing.plan_release(config, today)
        if plan is None:
            click.echo(f"{vendor}: no change since version {config.version}; nothing to release")
            return
        before = f"{plan.previous_version} -> " if plan.previous_version else "first release at "
        click.echo(f"{vendor}: {before}{plan.version} ({plan.bump})\n\n{plan.entry}")
        if dry_run:
            click.echo("dry run: nothing written")
            return
        existing = read_tree(output)
        backup = {
            path: path.read_bytes() if path.is_file() else None for path in releasing.release_files(config)
        }
        releasing.apply_release(config, plan)
        try:
            (config,) = _vendor_configs([vendor], specs)
            files, _ = _vendor_files([config], existing, Path(".vendorgen-cache"), force=False)
            # The unified package pins every vendor's version: it follows the release.
            mapping_files, _ = _mapping_files(specs, existing, Path(".vendorgen-cache"), force=False)
        except SpecError:
            releasing.restore(backup)  # a release that does not generate leaves the vendor folder as it was
            raise
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        click.echo("release failed; nothing was written", err=True)
        _exit(1)
    kept = {
        name: text
        for name, text in existing.items()
        if not (name.startswith(f"{vendor}/") or (mapping_files and _is_mapping_output(name)))
    }
    write_tree(output, {**kept, **files, **mapping_files})
    click.echo(
        f"released {vendor} {plan.version}: updated {display_path(config.folder)} and {display_path(output)}"
    )


def _package_dirs(names: tuple[str, ...], specs: Path, generated: Path) -> list[tuple[str, Path]]:
    configs = _vendor_configs(list(names), specs)
    return [(config.name, generated / config.name) for config in configs]


@app.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR]...")
@SPECS_OPTION
@GENERATED_OPTION
@DIST_OPTION
def build(vendors: tuple[str, ...], specs: Path, generated: Path, dist: Path) -> None:
    """Build reproducible wheel and sdist of each vendor package (default: all) and twine-check them."""
    from generator.packaging import BuildError, build_package  # noqa: PLC0415

    try:
        for name, package_dir in _package_dirs(vendors, specs, generated):
            built = build_package(package_dir, dist / name)
            click.echo(f"built {display_path(built.wheel)} and {display_path(built.sdist)}")
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        _exit(1)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        _exit(1)


@app.command()
@click.argument("vendor")
@click.option("--repository-url", required=True, help="Upload endpoint of the package index.")
@click.option(
    "--token-env",
    default="VENDORGEN_PUBLISH_TOKEN",
    show_default=True,
    help="Environment variable holding the index token (never printed).",
)
@click.option("--username", default="__token__", show_default=True, help="User name sent with the token.")
@SPECS_OPTION
@GENERATED_OPTION
@DIST_OPTION
def publish(
    vendor: str,
    repository_url: str,
    token_env: str,
    username: str,
    specs: Path,
    generated: Path,
    dist: Path,
) -> None:
    """Build VENDOR's package afresh and upload it with twine."""
    from generator.packaging import BuildError, build_package, upload  # noqa: PLC0415

    token = os.environ.get(token_env, "")
    if not token:
        click.echo(f"error: set the index token in the environment variable {token_env}", err=True)
        _exit(1)
    try:
        ((name, package_dir),) = _package_dirs((vendor,), specs, generated)
        built = build_package(package_dir, dist / name)
        upload([built.wheel, built.sdist], repository_url, username=username, token=token)
    except SpecError as exc:
        _print_problems(list(exc.diagnostics))
        _exit(1)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        _exit(1)
    click.echo(f"published {built.wheel.name} and {built.sdist.name} to {repository_url}")


app.add_command(scrape)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="vendorgen")
