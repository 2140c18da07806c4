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
    from generator.release import versioning as releasing  # noqa: PLC0415 - heavy, see the imports

    today = (release_date or datetime.now(UTC)).date()
    try:
        (config,) = vendor_configs([vendor], specs)
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
            (config,) = vendor_configs([vendor], specs)
            files, _ = vendor_outputs([config], existing, Path(".vendorgen-cache"), force=False)
            # The unified package pins every vendor's version: it follows the release.
            mapping_files, _ = mapping_outputs(specs, existing, Path(".vendorgen-cache"), force=False)
        except SpecError:
            releasing.restore(backup)  # a release that does not generate leaves the vendor folder as it was
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
    configs = vendor_configs(list(names), specs)
    return [(config.name, generated / config.name) for config in configs]


@click.command()
@click.argument("vendors", nargs=-1, metavar="[VENDOR]...")
@SPECS_OPTION
@GENERATED_OPTION
@DIST_OPTION
def build(vendors: tuple[str, ...], specs: Path, generated: Path, dist: Path) -> None:
    """Build reproducible wheel and sdist of each vendor package (default: all) and twine-check them."""
    from generator.release.packaging import BuildError, build_package  # noqa: PLC0415

    try:
        for name, package_dir in _package_dirs(vendors, specs, generated):
            built = build_package(package_dir, dist / name)
            click.echo(f"built {display_path(built.wheel)} and {display_path(built.sdist)}")
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        exit_with(1)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        exit_with(1)


@click.command()
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
    from generator.release.packaging import BuildError, build_package, upload  # noqa: PLC0415

    token = os.environ.get(token_env, "")
    if not token:
        click.echo(f"error: set the index token in the environment variable {token_env}", err=True)
        exit_with(1)
    try:
        ((name, package_dir),) = _package_dirs((vendor,), specs, generated)
        built = build_package(package_dir, dist / name)
        upload([built.wheel, built.sdist], repository_url, username=username, token=token)
    except SpecError as exc:
        print_problems(list(exc.diagnostics))
        exit_with(1)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        exit_with(1)
    click.echo(f"published {built.wheel.name} and {built.sdist.name} to {repository_url}")
