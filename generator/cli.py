"""The `specgen` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Severity, format_diagnostic, summarize
from .validate import validate_tree

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
