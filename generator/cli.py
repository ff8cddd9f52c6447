"""The `specgen` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostic, Severity, format_diagnostic, summarize

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="specgen")
def main() -> None:
    """Validate, lint and generate typed Python clients from OpenAPI 3.1 specs."""


@main.command()
@click.option(
    "--specs",
    "specs_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="Folder of spec files (YAML or JSON); every file below it is checked.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `file:line:col: rule: message` line per problem; json: a list of objects.",
)
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too.")
def validate(specs_dir: Path, output_format: str, strict: bool) -> None:
    """Check YAML, $refs, OpenAPI 3.1 structure and every example; report all problems at once.

    Exit status: 0 when no errors (and, with --strict, no warnings), 1 otherwise. Nothing is
    written.
    """
    from .validate import validate_tree  # imported here: `generate` on an unchanged tree skips it

    result = validate_tree(specs_dir)
    if output_format == "json":
        payload = [
            {
                "file": d.location.shown_file(),
                "line": d.location.line,
                "col": d.location.col,
                "rule": d.rule,
                "severity": d.severity.value,
                "message": d.message,
            }
            for d in result.diagnostics
        ]
        click.echo(json.dumps(payload, indent=2))
    else:
        for diag in result.diagnostics:
            click.echo(format_diagnostic(diag), err=diag.is_error)
        click.echo(summarize(result.diagnostics, len(result.tree.files)), err=not result.ok)
    failed = not result.ok or (
        strict and any(d.severity is Severity.WARNING for d in result.diagnostics)
    )
    sys.exit(1 if failed else 0)


_SPECS = click.option(
    "--specs",
    "specs_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="Folder of spec files; every document with paths becomes one subpackage.",
)
_OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="The distribution folder to write (replaced as a whole).",
)
_PACKAGE = click.option(
    "--package",
    default="cloudnet",
    show_default=True,
    help="Import name of the generated package.",
)
_CACHE = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".specgen-cache"),
    show_default=True,
    help="Where generated models are kept by content hash (safe to delete).",
)
_DISTRIBUTION = click.option(
    "--distribution",
    default=None,
    help="Distribution (pip) name; defaults to the package name.",
)


def _report(diagnostics: list[Diagnostic], files: int) -> None:
    for diag in diagnostics:
        click.echo(format_diagnostic(diag), err=True)
    click.echo(summarize(diagnostics, files), err=True)


@main.command()
@_SPECS
@_OUT
@_PACKAGE
@_DISTRIBUTION
@_CACHE
@click.option("--force", is_flag=True, help="Regenerate even when nothing changed.")
def generate(
    specs_dir: Path,
    out_dir: Path,
    package: str,
    distribution: str | None,
    cache_dir: Path,
    force: bool,
) -> None:
    """Validate the specs and write the client distribution to --out, all of it or nothing.

    An unchanged tree (same specs, same toolchain, output untouched) is left as it is.
    """
    from .generate import inputs_hash
    from .output import up_to_date

    dist = distribution or package
    if not force and up_to_date(out_dir, inputs_hash(specs_dir, package, dist)):
        click.echo(f"{out_dir}: up to date")
        return
    from .generate import build
    from .output import replace_tree

    result = build(specs_dir, package, dist, cache_dir)
    if not result.ok:
        _report(result.diagnostics, result.spec_count)
        click.echo(f"{out_dir}: not written (fix the errors above)", err=True)
        sys.exit(1)
    replace_tree(out_dir, result.files)
    apis = ", ".join(f"{package}.{api.package}" for api in result.apis)
    click.echo(f"{out_dir}: {len(result.files)} files ({apis})")


@main.command()
@_SPECS
@_OUT
@_PACKAGE
@_DISTRIBUTION
@_CACHE
@click.option("--lines", default=20, show_default=True, help="Diff lines shown per stale file.")
def check(
    specs_dir: Path,
    out_dir: Path,
    package: str,
    distribution: str | None,
    cache_dir: Path,
    lines: int,
) -> None:
    """Regenerate in memory and fail, listing each stale file with a short diff, when --out
    differs from what the specs produce. Writes nothing."""
    from .generate import build
    from .output import compare, read_tree

    result = build(specs_dir, package, distribution or package, cache_dir)
    if not result.ok:
        _report(result.diagnostics, result.spec_count)
        sys.exit(1)
    stale = compare(read_tree(out_dir), result.files)
    if not stale:
        click.echo(f"{out_dir}: up to date ({len(result.files)} files)")
        return
    for item in stale:
        click.echo(f"{out_dir}/{item.path}: {item.state}", err=True)
        shown = item.diff.splitlines()
        for line in shown[:lines]:
            click.echo("    " + line, err=True)
        if len(shown) > lines:
            click.echo(f"    ... {len(shown) - lines} more diff lines", err=True)
    click.echo(
        f"{len(stale)} stale file(s) in {out_dir}: run `make` (specgen generate) and commit",
        err=True,
    )
    sys.exit(1)


@main.command()
@_SPECS
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder for the bundles (replaced as a whole).",
)
def bundle(specs_dir: Path, out_dir: Path) -> None:
    """Write each API as one self-contained file (YAML and JSON, no external $ref) and one
    combined document of every API (cloudnet.yaml, cloudnet.json), for docs sites.

    Validates first; a tree with errors writes nothing.
    """
    from .bundle import bundle_document
    from .output import replace_tree
    from .parse import is_api_document
    from .publish import CombineError, bundle_files
    from .validate import validate_tree

    result = validate_tree(specs_dir)
    if not result.ok:
        _report(result.diagnostics, len(result.tree.files))
        click.echo(f"{out_dir}: not written (fix the errors above)", err=True)
        sys.exit(1)
    tree = result.tree
    bundles = {
        file.path.relative_to(tree.root).with_suffix("").as_posix(): bundle_document(tree, file)
        for file in tree.documents()
        if is_api_document(file)
    }
    try:
        files = bundle_files(bundles)
    except CombineError as exc:
        click.echo(f"specgen bundle: {exc}", err=True)
        sys.exit(1)
    replace_tree(out_dir, files)
    click.echo(f"{out_dir}: {len(files)} files ({', '.join(sorted(bundles))} and cloudnet)")
