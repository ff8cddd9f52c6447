"""The `specgen` command line."""

from __future__ import annotations

import gc
import json
import keyword
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .diagnostics import Diagnostic, fails, format_diagnostic, summarize

__all__ = ["main"]

_Command = TypeVar("_Command", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="specgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Validate, lint and generate typed Python clients from OpenAPI 3.0 and 3.1 specs (Swagger
    2.0 is refused, with how to convert it)."""
    if ctx.invoked_subcommand != "mock":  # the one command that runs for long
        saved = gc.get_threshold()
        _batch_collection()
        ctx.call_on_close(lambda: gc.set_threshold(*saved))  # a caller in-process gets it back


#: CPython's third threshold, high enough that a full collection never comes.
_NO_FULL_COLLECTION = 10**9


def _batch_collection() -> None:
    """Young garbage is still collected, but no full collection runs: a command builds one
    large object graph (the document, datamodel-code-generator's models, syntax trees), keeps
    it and exits. CPython rescans every live object each time the heap has grown by a quarter:
    16 full collections took 3.5 CPU s (a tenth) of a cold 1,000-operation generate, and in a
    forked child each one wrote to every object the parent had made, so the pages stopped being
    shared (peak tree memory 323 MiB, 299 MiB without). The peak of the biggest process is the
    same either way: what a full collection finds here is little."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _NO_FULL_COLLECTION)


def _specs(help_text: str) -> Callable[[_Command], _Command]:
    """The ``--specs`` option: the folder of spec files a command reads."""
    return click.option(
        "--specs",
        "specs_dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=Path("specs"),
        show_default=True,
        help=help_text,
    )


_REPORT_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `file:line:col: rule: message` line per problem; json: a list of objects.",
)
_STRICT = click.option("--strict", is_flag=True, help="Exit non-zero on warnings too.")
# A broken document can have thousands of problems; the first ones are what a reader fixes.
MAX_PROBLEMS = 100
_MAX_PROBLEMS = click.option(
    "--max-problems",
    type=click.IntRange(min=0),
    default=MAX_PROBLEMS,
    show_default=True,
    help="Print at most this many problems (text format), then how many more; 0 prints all.",
)


def _shown(diagnostics: list[Diagnostic], limit: int) -> tuple[list[Diagnostic], str | None]:
    """The problems to print (errors first when capped) and the line that counts the rest."""
    if not limit or len(diagnostics) <= limit:
        return diagnostics, None
    ranked = sorted(diagnostics, key=lambda d: not d.is_error)[:limit]
    kept = set(map(id, ranked))
    rest = len(diagnostics) - limit
    return [d for d in diagnostics if id(d) in kept], (
        f"... and {rest} more problem{'s' if rest != 1 else ''} not shown "
        "(--max-problems 0 shows all)"
    )


def _exit_with_report(
    diagnostics: list[Diagnostic],
    files: int,
    output_format: str,
    strict: bool,
    max_problems: int = MAX_PROBLEMS,
) -> NoReturn:
    """Prints the problems (text: warnings to stdout, errors and the summary of a failure to
    stderr; json: one list on stdout) and exits 1 on errors, or with ``strict`` on warnings."""
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
            for d in diagnostics
        ]
        click.echo(json.dumps(payload, indent=2))
    else:
        shown, more = _shown(diagnostics, max_problems)
        for diag in shown:
            click.echo(format_diagnostic(diag), err=diag.is_error)
        if more:
            click.echo(more, err=True)
        click.echo(summarize(diagnostics, files), err=any(d.is_error for d in diagnostics))
    sys.exit(1 if fails(diagnostics, strict) else 0)


@main.command()
@_specs("Folder of spec files (YAML or JSON); every file below it is checked.")
@_REPORT_FORMAT
@_STRICT
@_MAX_PROBLEMS
def validate(specs_dir: Path, output_format: str, strict: bool, max_problems: int) -> None:
    """Check YAML, $refs, OpenAPI structure (3.0 or 3.1) and every example; report all problems
    at once. A Swagger 2.0 document is refused, with how to convert it.

    Exit status: 0 when no errors (and, with --strict, no warnings), 1 otherwise. Nothing is
    written.
    """
    from .validate import validate_tree  # imported here: `generate` on an unchanged tree skips it

    result = validate_tree(specs_dir)
    _exit_with_report(
        result.diagnostics, len(result.tree.files), output_format, strict, max_problems
    )


@main.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--specs",
    "specs_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="The spec folder: HEAD when HEAD is not given, and the folder read at a git revision.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for the terminal, markdown for a pull request comment, json for tools.",
)
@click.option("--allow-breaking", is_flag=True, help="Exit 0 even when a change is breaking.")
def diff_command(
    base: str, head: str | None, specs_dir: Path, output_format: str, allow_breaking: bool
) -> None:
    """Compare two versions of the specs and classify every change as breaking or not.

    BASE and HEAD are each a folder or a git revision (such as origin/main) of the --specs
    folder; HEAD defaults to the --specs folder as it is. Exit status: 0 without breaking
    changes (or with --allow-breaking), 1 with them, 2 when a side cannot be loaded.
    """
    from .diff import SideError, diff_sides, load_dir, load_side, render

    try:
        old = load_side(base, specs_dir)
        new = load_side(head, specs_dir) if head else load_dir(specs_dir, str(specs_dir))
    except SideError as exc:
        click.echo(f"specgen diff: {exc}", err=True)
        sys.exit(2)
    changes = diff_sides(old, new)
    click.echo(render(changes, output_format, old.label, new.label), nl=False)
    sys.exit(1 if any(c.is_breaking for c in changes) and not allow_breaking else 0)


@main.command()
@_specs("Folder of spec files; every file below it is linted.")
@_REPORT_FORMAT
@_STRICT
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="TOML file with [tool.specgen.lint]; default: the pyproject.toml nearest the specs.",
)
@click.option("--list-rules", is_flag=True, help="Print the rules and their severities, then exit.")
@_MAX_PROBLEMS
def lint(
    specs_dir: Path,
    output_format: str,
    strict: bool,
    config_file: Path | None,
    list_rules: bool,
    max_problems: int,
) -> None:
    """Check the project's own rules (generator/lint/): vendor operation names, descriptions,
    enum value descriptions, error codes, unused components, pagination, casing per vendor.

    Switch a rule off with `"<rule>" = "off"` under [tool.specgen.lint.rules] in pyproject.toml,
    or on one node with `x-lint-ignore: <rule>` in the spec. Exit status: 0 when no errors (and,
    with --strict, no warnings), 1 otherwise, 2 on a bad configuration.
    """
    from .lint import RULES, LintConfigError, lint_specs, load_config

    try:
        config = load_config(config_file, specs_dir)
    except LintConfigError as exc:
        click.echo(f"specgen lint: {exc}", err=True)
        sys.exit(2)
    if list_rules:
        for rule in RULES:
            severity = config.severities.get(rule.id, rule.severity)
            level = "off" if severity is None else severity.value
            click.echo(f"{rule.id}  {level}  {rule.summary}")
        return
    tree, diagnostics = lint_specs(specs_dir, config)
    _exit_with_report(diagnostics, len(tree.files), output_format, strict, max_problems)


_SPECS = _specs(
    "Folder of spec files; every document with paths or webhooks (or components no other file"
    " refers to) becomes one subpackage."
)
_OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="The distribution folder to write (replaced as a whole).",
)


def _package_name(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """``--package`` must be a Python import name: one line saying which, never a traceback
    (``generate``) or samples that do not parse (``docs``)."""
    if value.isidentifier() and not keyword.iskeyword(value):
        return value
    fixed = re.sub(r"\W", "_", value).lower().lstrip("0123456789") or "client"
    if keyword.iskeyword(fixed):
        fixed += "_"
    click.echo(
        f"specgen {ctx.info_name}: --package {value!r} is not a Python import name "
        f"(letters, digits and _, not a keyword); try --package {fixed}",
        err=True,
    )
    raise click.exceptions.Exit(2)


_PACKAGE = click.option(
    "--package",
    default="cloudnet",
    show_default=True,
    callback=_package_name,
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
    shown, more = _shown(diagnostics, MAX_PROBLEMS)
    for diag in shown:
        click.echo(format_diagnostic(diag), err=True)
    if more:
        click.echo(more, err=True)
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

    result = build(specs_dir, package, dist, cache_dir, released=out_dir)
    if not result.ok:
        _report(result.diagnostics, result.spec_count)
        click.echo(f"{out_dir}: not written (fix the errors above)", err=True)
        sys.exit(1)
    replace_tree(out_dir, result.files)
    for diag in result.diagnostics:  # warnings: what the client leaves out, and why
        click.echo(format_diagnostic(diag), err=True)
    apis = ", ".join(f"{package}.{api.package}" for api in result.apis)
    click.echo(f"{out_dir}: {len(result.files)} files ({apis})")


@main.command()
@_SPECS
@_OUT
@_PACKAGE
@_DISTRIBUTION
@_CACHE
@click.option("--lines", default=20, show_default=True, help="Diff lines shown per stale file.")
@click.option("--lint", "with_lint", is_flag=True, help="Also run `specgen lint` on the specs.")
@click.option("--strict", is_flag=True, help="With --lint: fail on lint warnings too.")
@click.option(
    "--update",
    is_flag=True,
    help="Write --out when the specs changed (as `generate`); never over a hand edit.",
)
def check(
    specs_dir: Path,
    out_dir: Path,
    package: str,
    distribution: str | None,
    cache_dir: Path,
    lines: int,
    with_lint: bool,
    strict: bool,
    update: bool,
) -> None:
    """Fail, listing each stale file with a short diff, when --out differs from what the specs
    produce. Writes nothing unless --update.

    Unchanged specs are recognised from the manifest (every output file is still compared with
    its recorded hash, so a hand edit is always found); otherwise the specs are validated and
    generated in memory, re-rendering only the APIs whose inputs changed (--cache-dir).
    `make check` runs `specgen check --lint --strict --update`: lint, validate, regenerate what
    changed and refuse hand edits, in one process.
    """
    from .editloop import run_check

    sys.exit(
        run_check(
            specs_dir,
            out_dir,
            package,
            distribution or package,
            cache_dir,
            lines,
            lint=with_lint,
            strict=strict,
            update=update,
        )
    )


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
    from .openapi.bundle import bundle_document
    from .openapi.documents import api_documents, api_name
    from .output import replace_tree
    from .publish import CombineError, bundle_files
    from .validate import validate_tree

    result = validate_tree(specs_dir)
    if not result.ok:
        _report(result.diagnostics, len(result.tree.files))
        click.echo(f"{out_dir}: not written (fix the errors above)", err=True)
        sys.exit(1)
    tree = result.tree
    bundles = {api_name(tree, file): bundle_document(tree, file) for file in api_documents(tree)}
    try:
        files = bundle_files(bundles)
    except CombineError as exc:
        click.echo(f"specgen bundle: {exc}", err=True)
        sys.exit(1)
    replace_tree(out_dir, files)
    click.echo(f"{out_dir}: {len(files)} files ({', '.join(sorted(bundles))} and cloudnet)")


@main.command()
@_SPECS
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder of the static site (replaced as a whole).",
)
@click.option(
    "--redoc",
    "redoc_bundle",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("node_modules/redoc/bundles/redoc.standalone.js"),
    show_default=True,
    help="Redoc's standalone bundle (npm package redoc), copied into the site.",
)
@click.option(
    "--changelog",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("generated/CHANGELOG.md"),
    show_default=True,
    help="Rendered as the site's changelog page when the file exists.",
)
@_PACKAGE
def docs(specs_dir: Path, out_dir: Path, redoc_bundle: Path, changelog: Path, package: str) -> None:
    """Write a static docs site: an index, one Redoc page per API and one of every API, with
    Python and curl samples and the vendor error codes. Works with no network access.

    Validates first; a tree with errors writes nothing.
    """
    from .docs import DocsError, build_site
    from .output import replace_tree

    try:
        result = build_site(specs_dir, redoc_bundle, changelog, package)
    except DocsError as exc:
        click.echo(f"specgen docs: {exc}", err=True)
        sys.exit(1)
    if not result.ok:
        _report(result.diagnostics, result.spec_count)
        click.echo(f"{out_dir}: not written (fix the errors above)", err=True)
        sys.exit(1)
    replace_tree(out_dir, result.files)
    pages = sum(1 for name in result.files if name.endswith(".html"))
    click.echo(f"{out_dir}: {pages} pages, {len(result.files)} files")


def _keys(pairs: tuple[str, ...], defaults: dict[str, str], option: str) -> dict[str, str]:
    if not pairs:
        return dict(defaults)
    keys = {}
    for pair in pairs:
        key_id, sep, secret = pair.partition(":")
        if not (sep and key_id and secret):
            raise click.BadParameter(f"{pair!r}: write it as KEY_ID:SECRET", param_hint=option)
        keys[key_id] = secret
    return keys


@main.command()
@_specs("Folder of spec files; every operation of every API document is served.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=4010, show_default=True, help="Port to listen on (0: any free).")
@click.option(
    "--dynamic", is_flag=True, help="Build every success body from its schema, not the example."
)
@click.option(
    "--huawei-key",
    "huawei_keys",
    multiple=True,
    envvar="CLOUDNET_MOCK_HUAWEI_KEYS",
    help="AK:SK accepted for Huawei AK/SK signing (repeatable; default "
    "MOCKHUAWEIAK00000000:mock-huawei-secret-key).",
)
@click.option(
    "--alibaba-key",
    "alibaba_keys",
    multiple=True,
    envvar="CLOUDNET_MOCK_ALIBABA_KEYS",
    help="ID:SECRET accepted for Alibaba signature V3 (repeatable; default "
    "MOCKALIBABAAK0000000:mock-alibaba-secret).",
)
def mock(
    specs_dir: Path,
    host: str,
    port: int,
    dynamic: bool,
    huawei_keys: tuple[str, ...],
    alibaba_keys: tuple[str, ...],
) -> None:
    """Serve every operation of the specs over HTTP, checking requests and signatures, until
    Ctrl-C. Answers with the spec's examples; `Prefer: code=404, example=<name>, dynamic=true`
    picks another answer."""
    from .mock import MockConfig, TestKeys, serve
    from .mock.auth import DEFAULT_ALIBABA_KEYS, DEFAULT_HUAWEI_KEYS
    from .mock.server import PortInUseError
    from .mock.spec import SpecError

    keys = TestKeys(
        huawei=_keys(huawei_keys, DEFAULT_HUAWEI_KEYS, "--huawei-key"),
        alibaba=_keys(alibaba_keys, DEFAULT_ALIBABA_KEYS, "--alibaba-key"),
    )
    try:
        serve(MockConfig(specs=specs_dir, dynamic=dynamic, keys=keys), host=host, port=port)
    except SpecError as exc:
        click.echo(f"specgen mock: {exc}", err=True)
        sys.exit(1)
    except PortInUseError as exc:
        click.echo(
            f"specgen mock: {exc.strerror}; choose another port with --port N (make mock PORT=N)",
            err=True,
        )
        sys.exit(1)
