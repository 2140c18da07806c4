"""``vendorgen release``, ``build`` and ``publish``: versions, reproducible distributions, uploads."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from generator.cli.common import exit_with, print_problems, vendor_configs
from generator.cli.generate import is_mapping_output, mapping_outputs, vendor_outputs
from generator.cli.options import DIST_OPTION, GENERATED_OPTION, SPECS_OPTION
from generator.emit.publish import read_tree, write_tree
from generator.spec.diagnostics import SpecError
from generator.spec.loader import display_path
from generator.spec.vendors import MAPPING_FILE, RELEASED_SPEC_FILE, UNIFIED_FOLDER, VendorConfig

__all__ = ["build", "publish", "release"]


@click.command()
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
    from generator.release import unified  # noqa: PLC0415 - heavy, see the imports
    from generator.release import versioning as releasing  # noqa: PLC0415

    today = (release_date or datetime.now(UTC)).date()
    try:
        (config,) = vendor_configs([vendor], specs)
        plan = releasing.plan_release(config, today)
        if plan is None:
            click.echo(f"{vendor}: no change since version {config.version}; nothing to release")
            return
        before = f"{plan.previous_version} -> " if plan.previous_version else "first release at "
        click.echo(f"{vendor}: {before}{plan.version} ({plan.bump})\n\n{plan.entry}")
        follower = unified.plan_unified_release(specs, config, plan, today)
        if follower is not None:
            click.echo(
                f"unified: {follower.previous_version} -> {follower.version} ({follower.bump}): "
                f"its {config.name} extra follows\n\n{follower.entry}"
            )
        if dry_run:
            click.echo("dry run: nothing written")
            return
        existing = read_tree(output)
        rewritten = [*releasing.release_files(config), *unified.unified_files(specs)]
        backup = {path: path.read_bytes() if path.is_file() else None for path in rewritten}
        try:
            releasing.apply_release(config, plan)
            if follower is not None:
                unified.apply_unified_release(specs, follower)
            (config,) = vendor_configs([vendor], specs)
            files, _ = vendor_outputs([config], existing, Path(".vendorgen-cache"), force=False)
            # The unified package requires each vendor's current version: it follows the release.
            mapping_files, _ = mapping_outputs(specs, existing, Path(".vendorgen-cache"), force=False)
        except SpecError:
            releasing.restore(backup)  # a release that fails half-way leaves every file as it was
            raise
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        click.echo("release failed; nothing was written", err=True)
        exit_with(1)
    kept = {
        name: text
        for name, text in existing.items()
        if not (name.startswith(f"{vendor}/") or (mapping_files and is_mapping_output(name)))
    }
    write_tree(output, {**kept, **files, **mapping_files})
    click.echo(
        f"released {vendor} {plan.version}: updated {display_path(config.folder)} and {display_path(output)}"
    )


def _package_dirs(names: tuple[str, ...], specs: Path, generated: Path) -> list[tuple[str, Path]]:
    """The packages to build: the named ones (``unified`` is the unified package), default all of them."""
    vendors = [name for name in names if name != UNIFIED_FOLDER]
    configs = vendor_configs(vendors, specs) if vendors or not names else []
    dirs = [(config.name, generated / config.name) for config in configs]
    if UNIFIED_FOLDER in names or (not names and (specs / MAPPING_FILE).is_file()):
        dirs.append((UNIFIED_FOLDER, generated / UNIFIED_FOLDER))
    return dirs


def _unreleased(config: VendorConfig) -> str | None:
    """Why ``config``'s current spec is not a released one (None when it is)."""
    released = config.folder / RELEASED_SPEC_FILE
    if not released.is_file():
        return f"{config.name} was never released: run `vendorgen release {config.name}` first"
    if released.read_bytes() != config.spec_path.read_bytes():
        return (
            f"{display_path(config.spec_path)} has changed since {config.name} {config.version} was "
            f"released: run `vendorgen release {config.name}` first"
        )
    return None


def _stale(name: str, fresh: dict[str, str], existing: dict[str, str], generated: Path) -> str | None:
    current = {path: text for path, text in existing.items() if path.startswith(f"{name}/")}
    ours = {path: text for path, text in fresh.items() if path.startswith(f"{name}/")}
    if current == ours:
        return None
    folder = display_path(generated / name)
    return f"{folder} is not what `vendorgen generate` writes: regenerate (and commit) first"


def _unpublishable(name: str, specs: Path, generated: Path) -> list[str]:
    """What stops ``name`` from being published: an unreleased spec, a stale package.

    What goes to an index must be exactly a release: the version its changelog describes, built
    from the spec kept for that release, and (for the unified package) converting for released clients only.
    """
    existing = read_tree(generated)
    cache = Path(".vendorgen-cache")
    if name != UNIFIED_FOLDER:
        (config,) = vendor_configs([name], specs)
        unreleased = _unreleased(config)
        if unreleased is not None:
            return [unreleased]  # a release regenerates: whether the folder is stale is moot
        files, _ = vendor_outputs([config], existing, cache, force=False)
        return [reason for reason in (_stale(name, files, existing, generated),) if reason]
    problems = [
        f"{UNIFIED_FOLDER} converts for {config.distribution} {config.version}, but {reason}"
        for config in vendor_configs([], specs)
        if (reason := _unreleased(config)) is not None
    ]
    if problems:
        return problems
    files, _ = mapping_outputs(specs, existing, cache, force=False)
    return [reason for reason in (_stale(UNIFIED_FOLDER, files, existing, generated),) if reason]


@click.command()
@click.argument("packages", nargs=-1, metavar="[VENDOR | unified]...")
@SPECS_OPTION
@GENERATED_OPTION
@DIST_OPTION
def build(packages: tuple[str, ...], specs: Path, generated: Path, dist: Path) -> None:
    """Build reproducible wheel and sdist of each package (default: every vendor, and unified), checked."""
    from generator.release.packaging import BuildError, build_package  # noqa: PLC0415

    try:
        for name, package_dir in _package_dirs(packages, specs, generated):
            built = build_package(package_dir, dist / name)
            click.echo(f"built {display_path(built.wheel)} and {display_path(built.sdist)}")
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        exit_with(1)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        exit_with(1)


@click.command()
@click.argument("package", metavar="VENDOR | unified")
@click.option("--repository-url", required=True, help="Upload endpoint of the package index.")
@click.option(
    "--index-url",
    help="Where the index lists its packages (PEP 503), to refuse a version it already has "
    "[default: pypi.org/simple/ for an upload.pypi.org URL, else REPOSITORY_URL/simple/].",
)
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
    package: str,
    repository_url: str,
    index_url: str | None,
    token_env: str,
    username: str,
    specs: Path,
    generated: Path,
    dist: Path,
) -> None:
    """Build a released package afresh and upload it with twine.

    Refuses a package whose spec has changes since its release (or, for unified, one that converts
    for an unreleased client), a generated folder that is stale, and a version the index already has.
    """
    from generator.release import packaging  # noqa: PLC0415 - heavy, see the imports

    token = os.environ.get(token_env, "")
    if not token:
        click.echo(f"error: set the index token in the environment variable {token_env}", err=True)
        exit_with(1)
    try:
        problems = _unpublishable(package, specs, generated)
        if problems:
            for problem in problems:
                click.echo(f"error: {problem}", err=True)
            click.echo("nothing was published", err=True)
            exit_with(1)
        ((name, package_dir),) = _package_dirs((package,), specs, generated)
        built = packaging.build_package(package_dir, dist / name)
        index = index_url or packaging.default_index_url(repository_url)
        distribution, version = built.wheel.name.split("-")[:2]
        listed = packaging.published_files(index, distribution, username=username, token=token)
        if listed is not None and {built.wheel.name, built.sdist.name} & listed:
            click.echo(
                f"error: version {version} of {distribution.replace('_', '-')} already exists on {index}: "
                f"release first (`vendorgen release {package}`), then publish",
                err=True,
            )
            exit_with(1)
        packaging.upload(
            [built.wheel, built.sdist], repository_url, username=username, token=token, token_env=token_env
        )
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        exit_with(1)
    except packaging.BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        exit_with(1)
    click.echo(f"published {built.wheel.name} and {built.sdist.name} to {repository_url}")
