"""`specgen generate` and `specgen check`: specs -> the files of the client distribution.

Validation runs first and nothing is produced from a tree with errors. Each API document
(a file with ``paths``) becomes one subpackage; the distribution's own files and the runtime
are added, every Python file is formatted once by ruff, and a manifest records the hashes of
the inputs and of every output file.
"""

from __future__ import annotations

import keyword
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, forked
from .diagnostics import Diagnostic, Location
from .ir import Api
from .openapi.tree import SpecTree, discover
from .output import MANIFEST, manifest_text, sha256

if TYPE_CHECKING:
    from .openapi.bundle import Bundle
    from .render import ModelFiles, OperationTexts

__all__ = ["GenerateResult", "build", "inputs_hash"]

GENERATOR_DIR = Path(__file__).resolve().parent


@dataclass
class GenerateResult:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    apis: list[Api] = field(default_factory=list)
    spec_count: int = 0
    #: Finished files of the APIs whose inputs are unchanged (``apicache``), and the cache keys
    #: and file names of the APIs made anew, stored once the whole build succeeds.
    cached_api_files: dict[str, str] = field(default_factory=dict)
    new_api_files: list[tuple[str, list[str]]] = field(default_factory=list)
    #: The same for the model modules of the changed APIs (``apicache.models_key``), and
    #: the operations' parts of their client modules (``render.OperationTexts``).
    new_model_files: list[tuple[str, ModelFiles]] = field(default_factory=list)
    new_operation_texts: list[tuple[str, OperationTexts]] = field(default_factory=list)
    cache_dir: Path | None = None
    #: What the compile guard compiles in place of a file (``render.RenderedApi.guard``).
    guard: dict[str, list[str]] = field(default_factory=dict)
    #: Every API's bundled document by API name (``huawei/vpcep``), for the changelog's diff.
    bundles: dict[str, Bundle] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


# Toolchain parts that cannot change a byte of the output: checks and lint only decide whether
# output is written, the mock, the docs site and the command line never reach it. An edit to
# them must not regenerate the manifest.
_NOT_SHAPING = (
    "checks",
    "lint",
    "mock",
    "docs",
    "cli.py",
    "console.py",
    "editloop.py",
    "validate.py",
    "forked.py",
    "apicache.py",
    "diagnostics.py",
)


def _toolchain_files() -> list[Path]:
    """The sources and templates that shape the generated files."""
    from .render import TEMPLATES_DIR

    sources = [
        p
        for p in GENERATOR_DIR.rglob("*.py")
        if "__pycache__" not in p.parts
        and p.relative_to(GENERATOR_DIR).parts[0] not in _NOT_SHAPING
    ]
    return sorted(sources) + sorted(p for p in TEMPLATES_DIR.rglob("*") if p.is_file())


# The libraries whose version can change the output.
_OUTPUT_LIBRARIES = ("datamodel-code-generator", "jinja2", "ruff", "pydantic")


def generator_hash() -> str:
    """sha256 over the toolchain's sources, templates, runtime and output-shaping libraries."""
    parts = [f"{p.name}\0{sha256(p.read_bytes())}" for p in _toolchain_files()]
    parts += [f"{name}=={metadata.version(name)}" for name in _OUTPUT_LIBRARIES]
    return sha256("\n".join(parts))


def spec_hashes(specs_dir: Path) -> dict[str, str]:
    root = specs_dir.resolve()
    return {p.relative_to(root).as_posix(): sha256(p.read_bytes()) for p in discover(root)}


def inputs_hash(
    specs_dir: Path,
    package: str,
    distribution: str,
    *,
    specs: dict[str, str] | None = None,
    toolchain: str | None = None,
) -> str:
    """Everything the output depends on: the specs, the toolchain, the names asked for
    (``specs`` and ``toolchain``: the hashes, when the caller has them already)."""
    specs = spec_hashes(specs_dir) if specs is None else specs
    lines = [__version__, toolchain or generator_hash(), package, distribution]
    lines += [f"{rel}\0{digest}" for rel, digest in sorted(specs.items())]
    return sha256("\n".join(lines))


def _owner(rel: str, package: str, apis: list[Api], specs_dir: Path) -> Path:
    """The spec file a generated file comes from (the spec folder for shared files)."""
    for api in apis:
        if rel.startswith(f"{package}/{api.package.replace('.', '/')}/"):
            return specs_dir.resolve() / api.spec_file
    return specs_dir.resolve()


Validation = Callable[[], tuple[list[Diagnostic], int]]


def start_validation(tree: SpecTree, cache_dir: Path | None) -> Validation:
    """Validation of ``tree`` started in a forked process (``build``'s first step, which a
    caller may take earlier to run something beside it); call the result for the diagnostics
    and the number of files."""
    return forked.start(_validate, tree, cache_dir)


def _validate(tree: SpecTree, cache_dir: Path | None) -> tuple[list[Diagnostic], int]:
    from .validate import check_tree

    validated = check_tree(tree, cache_dir)
    return validated.diagnostics, len(validated.tree.files)


def build(
    specs_dir: Path,
    package: str,
    distribution: str,
    cache_dir: Path | None = None,
    released: Path | None = None,
    lazy_models: int | None = None,
    tree: SpecTree | None = None,
    validation: Validation | None = None,
) -> GenerateResult:
    """The library entry point (``specgen generate`` and ``specgen check`` both call it, as
    datamodel-code-generator's CLI calls its ``generate()``): validate the specs and produce
    every output file in memory, in three steps: the APIs (IR, models, clients), the release
    (version, changelog, snapshot), the package (its own files, formatting, the compile guard,
    the manifest). Writing is the caller's (``output.replace_tree``).

    Validation and generation run side by side (two processes), and the model chunks of a
    large API in a process per core (``models``). Generation's output is kept only when
    validation finds no error. ``cache_dir`` keeps the models of each API by the
    hash of their schemas, so an edit that leaves the schemas alone skips
    datamodel-code-generator. ``released`` is the output folder generated last: the version,
    ``CHANGELOG.md`` and spec snapshot continue its own (``diff/release.py``). An API's
    models become a lazily loaded package from ``lazy_models`` top-level definitions
    (``lazymodels.LAZY_MODELS`` by default; the golden tests lower it). ``tree`` is the spec
    folder loaded already, else it is loaded here; ``validation``, its validation started
    already (``start_validation``: `specgen check --lint` lints meanwhile).

    The specs are read once: the validation process is forked after loading and inherits
    the tree (reading a file twice, once in each process, cost as much CPU as the rest).
    """
    if not package.isidentifier() or keyword.iskeyword(package):
        raise ValueError(f"--package {package!r} is not a Python package name")
    tree = SpecTree.load(specs_dir) if tree is None else tree
    if validation is None:
        validation = start_validation(tree, cache_dir)  # meanwhile, this process generates
    toolchain = generator_hash()
    result = GenerateResult()
    try:
        files = _generate_apis(tree, package, result, cache_dir, toolchain, lazy_models)
        crash: Exception | None = None
    except Exception as exc:  # a tree validation rejects can trip the generator; see below
        files, crash = {}, exc
    formatting = None
    if crash is None and result.ok and result.apis:
        from .render import render_package

        formatting = _Formatting(files, render_package(result.apis, package, distribution))
    try:
        diagnostics, result.spec_count = validation()
        if any(d.is_error for d in diagnostics):
            result.diagnostics = diagnostics
            return result
        if crash is not None:
            raise crash
        result.diagnostics = diagnostics + result.diagnostics
        if not result.ok:
            return result
        if formatting is None:
            result.diagnostics.append(
                Diagnostic(
                    Location(specs_dir.resolve(), 0, 0),
                    "generate-no-api",
                    "no document with paths, webhooks or components of its own: "
                    "nothing to generate",
                )
            )
            return result
        version, release_files = _release(result, specs_dir, distribution, released)
        return _package(
            result, formatting, release_files, version, specs_dir, package, distribution, toolchain
        )
    finally:
        if formatting is not None:
            formatting.close()


class _Formatting:
    """ruff formatting the APIs' files in a thread (ruff itself is a process of its own), begun
    as soon as they are made: meanwhile this process waits for validation and makes the
    release, whose version the package's own files need. Those are formatted with the APIs'
    files as they read before the version is known, and only the ones the version changes go
    through ruff again, in the same scratch tree (``formatting.Formatter``). After an edit of a
    1,000-operation spec, formatting the 4.8 MB client module took 0.3 s of a 2.1 s edit loop,
    and the release as long, one after the other."""

    def __init__(self, files: dict[str, str], provisional: dict[str, str]) -> None:
        from .render.formatting import Formatter  # the render stage: imported when it runs

        self.provisional = provisional
        self.formatter = Formatter()
        self._names = [*files, *provisional]
        sources = self.formatter.write({**files, **provisional})
        self._error: BaseException | None = None
        self._finishing = False
        # Only ruff's run is in the thread: the writing and reading back are Python's, which
        # would take turns with the release step for the one interpreter lock. Joined before
        # anything else forks (the compile guard): a process with a thread must not fork. The
        # model chunks were forked before it started.
        self._thread = threading.Thread(target=self._run, args=(sources,))
        self._thread.start()

    def _run(self, sources: list[str]) -> None:
        try:
            self.formatter.ruff(sources)
        except BaseException as exc:  # raised again in the caller's thread, by ``finish``
            self._error = exc

    def finish(self, package: dict[str, str], release: dict[str, str]) -> dict[str, str]:
        """Every file formatted: the APIs', ``package`` (the package's own files, with the
        release's version) and ``release`` (the changelog and the snapshot)."""
        self._finishing = True
        self._thread.join()
        if self._error is not None:
            raise self._error
        done = self.formatter.read(self._names)
        late = {rel: text for rel, text in package.items() if self.provisional.get(rel) != text}
        return {**done, **self.formatter.format({**late, **release})}

    def close(self) -> None:
        """Wait for the thread and remove the scratch tree; a build that ends before
        ``finish`` (validation found an error) stops ruff rather than wait for it."""
        try:
            if not self._finishing:
                self.formatter.cancel()
            self._thread.join()
        finally:
            self.formatter.close()


def _release(
    result: GenerateResult, specs_dir: Path, distribution: str, released: Path | None
) -> tuple[str, dict[str, str]]:
    """The release step, after the APIs are made: the version, ``CHANGELOG.md`` and the spec
    snapshot, continuing those of the output folder generated last (``diff/release.py``)."""
    from .diff.release import read_released, release
    from .diff.sides import ApiDoc, Side

    # The bundles parsing made already: the specs are not read or bundled a second time. The
    # changelog names APIs and operations, never file:line:col, so the side has no positions:
    # locating a change would parse a spec read by the fast loader again, with ruamel.yaml
    # (about 45 CPU s for a 1,000-operation YAML spec).
    head = Side(str(specs_dir), {key: ApiDoc(b.document) for key, b in result.bundles.items()})
    made = release(head, read_released(released), __version__, distribution)
    return made.version, made.files


def _generate_apis(
    tree: SpecTree,
    package: str,
    result: GenerateResult,
    cache_dir: Path | None,
    toolchain: str,
    lazy_models: int | None,
) -> dict[str, str]:
    """The files of every API subpackage; APIs land in ``result.apis``. An API whose inputs
    are unchanged since the last build with the same ``cache_dir`` is not made again: its
    finished files come from the cache (``result.cached_api_files``)."""
    from .apicache import (
        api_key,
        load_api_files,
        load_model_files,
        load_operation_texts,
        models_key,
        operation_texts_key,
        schemas_digest,
    )
    from .ir.parse import parse_api
    from .openapi.documents import api_documents, api_name
    from .render import render_api, render_model_files
    from .render.lazymodels import LAZY_MODELS
    from .render.models import ModelsError, render_models_cached

    files: dict[str, str] = {}
    owners: dict[str, Path] = {}
    for file in api_documents(tree):
        parsed = parse_api(tree, file)
        result.bundles[api_name(tree, file)] = parsed.bundle
        result.diagnostics += parsed.diagnostics
        api = parsed.api
        if api.package in owners:
            result.diagnostics.append(
                Diagnostic(
                    Location(file.path, 1, 1),
                    "generate-name-clash",
                    f"becomes subpackage {api.package!r}, like {owners[api.package].name}; "
                    "rename one of the files",
                )
            )
            continue
        owners[api.package] = file.path
        lazy = LAZY_MODELS if lazy_models is None else lazy_models
        shaping = f"{toolchain} lazy_models={lazy}"
        schemas = schemas_digest(parsed)
        key = api_key(parsed, schemas, package, shaping)
        cached = load_api_files(cache_dir, key)
        if cached is not None:
            result.cached_api_files.update(cached)
            result.apis.append(api)
            continue
        models_files_key = models_key(parsed, schemas, package, shaping)
        model_files = load_model_files(cache_dir, models_files_key)
        if model_files is not None:  # finished already: not formatted again
            result.cached_api_files.update(model_files.files)
        else:
            try:
                models = render_models_cached(parsed, package, cache_dir, toolchain)
            except ModelsError as exc:
                result.diagnostics.append(
                    Diagnostic(
                        file.location(("components", "schemas")), "generate-models", str(exc)
                    )
                )
                continue
            model_files = render_model_files(api, package, models, lazy)
            files.update(model_files.files)
            result.new_model_files.append((models_files_key, model_files))
        texts_key = operation_texts_key(parsed, package, shaping)
        texts = load_operation_texts(cache_dir, texts_key)
        rendered = render_api(api, package, "", lazy, model_files, texts)
        result.new_operation_texts.append((texts_key, texts))
        made = rendered.files
        files.update({rel: text for rel, text in made.items() if rel not in model_files.files})
        result.guard.update(rendered.guard)
        result.new_api_files.append((key, sorted(made)))
        result.apis.append(api)
    result.cache_dir = cache_dir
    return files


def _package(
    result: GenerateResult,
    formatting: _Formatting,
    release_files: dict[str, str],
    version: str,
    specs_dir: Path,
    package: str,
    distribution: str,
    toolchain: str,
) -> GenerateResult:
    """The distribution's own files, formatting, the compile guard and the manifest."""
    from .render import render_package
    from .render.formatting import FormatError, visible

    specs = spec_hashes(specs_dir)
    own = render_package(result.apis, package, distribution, version)
    try:
        # The cached APIs' files are finished already: only the rest goes through ruff.
        files = {**formatting.finish(own, release_files), **result.cached_api_files}
    except FormatError as exc:
        result.diagnostics.append(
            Diagnostic(Location(specs_dir.resolve(), 0, 0), "generate-format", str(exc))
        )
        return result
    # A last guard: code that does not compile is never written (a generator bug if it happens,
    # reported against the spec whose subpackage holds it).
    # The cached APIs' files passed it when they were made (an entry is checked against its
    # hash when read); compiling the hundreds of model modules of a large API again cost a
    # second of each edit.
    # A client module is compiled as the operations' parts made in this build, in batches
    # (``guard``, escaped as the formatting escaped the file); where one fails, the file itself
    # is compiled for the line of the error.
    fresh: dict[str, str] = {}
    batches: dict[str, str] = {}  # a batch's name -> its file
    for rel, text in files.items():
        if not rel.endswith(".py") or rel in result.cached_api_files:
            continue
        for index, batch in enumerate(result.guard.get(rel, [])):
            batches[f"{rel} (batch {index + 1})"] = rel
            fresh[f"{rel} (batch {index + 1})"] = visible(batch)
        if rel not in result.guard:
            fresh[rel] = text
    errors = _compile_errors(fresh)
    failed = sorted({batches[name] for name, _, _ in errors if name in batches})
    if failed:
        whole = _compile_errors({rel: files[rel] for rel in failed})
        errors = [e for e in errors if e[0] not in batches] + (
            whole or [e for e in errors if e[0] in batches]  # the file compiles: the batch's
        )
    for rel, line, message in errors:
        result.diagnostics.append(
            Diagnostic(
                Location(_owner(rel, package, result.apis, specs_dir), 1, 1),
                "generate-syntax",
                f"the generated {rel}:{line} does not compile ({message}); "
                "this is a specgen bug, please report it with the spec",
            )
        )
    if not result.ok:
        return result
    from .apicache import store_api_files, store_model_files, store_operation_texts

    for key, names in result.new_api_files:
        store_api_files(result.cache_dir, key, {rel: files[rel] for rel in names})
    for key, made in result.new_model_files:
        finished = {rel: files[rel] for rel in made.files}
        store_model_files(result.cache_dir, key, replace(made, files=finished))
    for key, texts in result.new_operation_texts:
        store_operation_texts(result.cache_dir, key, texts)
    files[MANIFEST] = manifest_text(
        __version__,
        toolchain,
        inputs_hash(specs_dir, package, distribution, specs=specs, toolchain=toolchain),
        specs,
        files,
    )
    result.files = files
    return result


#: Python source a forked process must have to be worth starting for the compile guard.
_COMPILE_SHARED = 500_000


def _compile_errors(files: dict[str, str]) -> list[tuple[str, int, str]]:
    """The files that do not compile: (file, line, message). A large output (the 7 MB of a
    1,000-operation API: 1.2 s of one core, when validation has left the other idle) is
    compiled half here and half in a forked process; not when one file is most of it (the
    client module after an edit: the fork would wait for it)."""
    names = sorted(files, key=lambda rel: -len(files[rel]))
    # Largest first, in turn: the halves come out about the same size when the files allow.
    mine, theirs = names[0::2], names[1::2]
    if sum(len(files[rel]) for rel in theirs) < _COMPILE_SHARED or not forked.can_fork():
        return sorted(_compiled(files, names))
    other = forked.start(_compiled, files, theirs)
    return sorted(_compiled(files, mine) + other())


def _compiled(files: dict[str, str], names: list[str]) -> list[tuple[str, int, str]]:
    errors: list[tuple[str, int, str]] = []
    for rel in names:
        try:
            compile(files[rel], rel, "exec", dont_inherit=True)
        except SyntaxError as exc:
            errors.append((rel, exc.lineno or 1, exc.msg))
    return errors
