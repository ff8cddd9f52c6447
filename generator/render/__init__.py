"""IR -> the files of the generated distribution, as text (paths relative to the output root).

Templates lay out what the IR says; everything they print that needs a decision (docstrings,
literals, imports) is computed by the filters and the context built here.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import re
import textwrap
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__, dependencies
from ..ir import Api, Operation, Server
from .enumtypes import EnumFacts, fit_parameters, fit_request_models
from .lazymodels import LAZY_MODELS, split

__all__ = ["RUNTIME_DIR", "TEMPLATES_DIR", "Flavor", "RenderedApi", "render_api", "render_package"]

_GENERATOR = Path(__file__).resolve().parent.parent
ROOT = _GENERATOR.parent
# The repository's templates/ in a checkout (or an editable install); in an installed wheel,
# the same files packaged as generator/templates (pyproject.toml, package-dir).
_INSTALLED_TEMPLATES = _GENERATOR / "templates"
TEMPLATES_DIR = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else ROOT / "templates"
RUNTIME_DIR = _GENERATOR / "runtime"
WIDTH = 100
# The runtime's credential class for each x-cloudnet-auth kind, named in client docstrings.
_CREDENTIALS = {
    "zstack-session": "ZStackSession",
    "huawei-iam-token": "HuaweiIamToken",
    "huawei-aksk": "HuaweiAkSk",
    "alibaba-acs3": "AlibabaAcs3",
}
# Runtime names only the generated code uses; the package root re-exports the rest.
_INTERNAL_CORE_NAMES = frozenset(
    {
        "AsyncAPIClient",
        "ErrorFields",
        "Operation",
        "Pagination",
        "Server",
        "SyncAPIClient",
        "iterate",
        "iterate_async",
        "make_status_error",
        "pages",
        "pages_async",
        "server_url",
    }
)


@dataclass(frozen=True)
class Flavor:
    """What differs between the sync and the async client class."""

    class_name: str
    base: str
    http_client: str
    def_: str
    await_: str
    iterator: str
    iterate: str
    pages: str

    @property
    def is_async(self) -> bool:
        return bool(self.await_)


@functools.cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        py=repr,
        toml=lambda v: json.dumps(v, ensure_ascii=True),  # TOML strings take JSON's escapes
        code=lambda v: f"`{v}`",
        docstring=docstring,
        error_fields=_error_fields,
        client_doc=_client_doc,
        operation_doc=_operation_doc,
        api_doc=_api_doc,
        pydict=pydict,
        paging_methods=_paging_methods,
        operation_extras=_operation_extras,
        call_extras=_call_extras,
        server_extras=_server_extras,
        at_runtime=_at_runtime,
    )
    return env


_WORD = re.compile(r"\w+")


@jinja2.pass_context
def _at_runtime(context: jinja2.runtime.Context, source: str) -> str:
    """A Python expression the client evaluates at run time, its model names read from the
    lazily loaded models package (``_models.Name``) when the API's models are one (names
    inside string literals are left alone: tokens, not text, are replaced)."""
    names: frozenset[str] = context.get("lazy_names", frozenset())
    # Thousands of names on a large API: look up the source's words, not each name in it.
    if not names or names.isdisjoint(_WORD.findall(source)):
        return source
    out = []
    last = (1, 0)
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.start[0] != 1:
            break
        out.append(source[last[1] : token.start[1]])
        text = token.string
        if token.type == tokenize.NAME and text in names and previous != ".":
            text = f"_models.{text}"
        out.append(text)
        last, previous = token.end, token.string
    out.append(source[last[1] :])
    return "".join(out)


def docstring(text: str, indent: int) -> str:
    """A triple-quoted docstring of ``text``, wrapped to fit at ``indent``."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if text.endswith('"') and not text.endswith('\\"'):  # it would run into the closing quotes
        text = text[:-1] + '\\"'
    width = WIDTH - indent
    lines: list[str] = []
    for para in text.split("\n\n"):
        if lines:
            lines.append("")
        if para.lstrip().startswith(("-", "|", "Args:", "Raises:", "Returns:")) or "\n  " in para:
            lines.extend(para.splitlines())
        else:
            first = width - 3 if lines else width - 6  # the first line follows the quotes
            wrapped = _wrap(" ".join(para.split()), first)
            if len(wrapped) > 1:
                wrapped = wrapped[:1] + _wrap(" ".join(wrapped[1:]), width - 3)
            lines.extend(wrapped or [""])
    pad = " " * indent
    if len(lines) == 1 and len(lines[0]) + 6 <= width:
        return f'"""{lines[0]}"""'
    rest = "\n".join(pad + line if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{pad}"""'


def pydict(items: Iterable[Any], key: str, value: str) -> str:
    """A dict display: each item's ``key`` attribute as a string literal, mapped to its
    ``value`` attribute, which is already Python source."""
    pairs = [f"{getattr(i, key)!r}: {getattr(i, value)}" for i in items]
    return "{" + ", ".join(pairs) + "}"


def _server_extras(server: Server) -> list[str]:
    """The ``Server(...)`` arguments beyond its URL: the variables' enums and URL tables."""
    enums, urls = server.enums, server.urls
    return ([f"enums={enums!r},"] if enums else []) + ([f"urls={urls!r},"] if urls else [])


def _operation_extras(op: Operation) -> list[str]:
    """The ``Operation(...)`` arguments that differ from the runtime's defaults: parameter
    styles, and a request body that is not JSON."""
    lines = []
    styled = [p for p in op.parameters if not p.default_style]
    if styled:
        pairs = ", ".join(
            f"({p.location!r}, {p.name!r}): Style({p.style!r}, {p.explode!r})" for p in styled
        )
        lines.append(f"styles={{{pairs}}},")
    if op.body is not None and (op.body.encoding, op.body.content_type) != (
        "json",
        "application/json",
    ):
        lines.append(f"body_encoding={op.body.encoding!r},")
        lines.append(f"body_content_type={op.body.content_type!r},")
    return lines


def _call_extras(op: Operation) -> list[str]:
    """Arguments of the ``_request`` call beyond path, query and headers (cookies)."""
    cookies = op.located("cookie")
    return [f"cookies={pydict(cookies, 'name', 'value')},"] if cookies else []


def _error_fields(fields: dict[str, tuple[str, ...]] | None) -> str:
    if not fields:
        return "ErrorFields()"
    args = ", ".join(f"{k}={tuple(v)!r}" for k, v in sorted(fields.items()))
    return f"ErrorFields({args})"


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    # The same parameter and error texts recur in every operation of a large API: textwrap
    # took a third of rendering the client of 1,000 operations.
    return tuple(textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False))


def _wrap(text: str, width: int) -> list[str]:
    return list(_wrapped(text, width))


def _section(title: str, items: Iterable[tuple[str, str]]) -> list[str]:
    """A Google-style docstring section, each entry wrapped with a hanging indent."""
    lines = ["", f"{title}:"]
    for name, text in items:
        wrapped = _wrap(f"{name}: {' '.join(text.split())}", WIDTH - 20)
        lines += ["    " + wrapped[0], *("        " + w for w in wrapped[1:])]
    return lines


def _api_doc(api: Api) -> str:
    return f"{api.title} {api.version}: {api.summary or api.description}".strip()


def _client_doc(api: Api, flavor: Flavor) -> str:
    kind = "Asynchronous" if flavor.is_async else "Synchronous"
    lines = [f"{kind} client of {api.title} (API version {api.version}).", ""]
    if api.description:
        lines += [api.description, ""]
    args = [
        (v.python_name, f"{v.description} Default {v.default!r}.") for v in api.server.variables
    ]
    args += [
        (o.python_name, f"{o.description} Each call may override it.") for o in api.client_options
    ]
    accepted = [
        f"{_CREDENTIALS.get(s.kind, 'an httpx.Auth passed as auth')} for {s.name}"
        for s in api.security_schemes
    ]
    if accepted:
        args.append(
            (
                "credentials",
                "One or more of: "
                + "; ".join(accepted)
                + ". Default: those the environment variables make.",
            )
        )
    args += [
        ("base_url", f"Overrides the server URL ({api.server.url})."),
        ("auth", "An ``httpx.Auth`` that authenticates each request."),
        ("timeout", "Seconds, or an ``httpx.Timeout``; None waits forever."),
        ("max_retries", "How often a failed call that is safe to repeat is retried."),
        ("headers", "Sent with every request."),
        ("http_client", "Your own httpx client (proxies, transports); you close it."),
        (
            "strict",
            "Raise APIResponseValidationError on a response that breaks the spec; by default "
            "it is returned, with the values kept as sent and listed by validation_issues().",
        ),
    ]
    return "\n".join(lines[:-1] + _section("Args", args))


# The per-call options every method takes, after the operation's own arguments.
_CALL_OPTIONS = [
    ("timeout", "This call's timeout (seconds or an ``httpx.Timeout``); default the client's."),
    ("max_retries", "This call's retries; default the client's."),
    ("extra_headers", "Headers for this call, over the client's and the operation's."),
    ("extra_query", "Query parameters for this call, over the operation's."),
    ("strict", "Raise on a response that breaks the spec (this call); default the client's."),
]


def _operation_doc(op: Operation) -> str:
    lines = [op.summary or op.operation_id, ""]
    if op.description:
        lines += [op.description, ""]
    lines.append(f"``{op.http_method} {op.path}`` ({op.operation_id}).")
    if op.deprecated:
        lines += ["", "Deprecated by the service."]
    args = [(p.python_name, p.description) for p in op.arguments]
    if op.body:
        args.append(("body", op.body.description or f"The {op.body.content_type} request body."))
    args += _CALL_OPTIONS
    lines += _section("Args", args)
    if op.result is not None:
        lines += _section("Returns", [(op.result, op.result_description)])
    raised = [e.status for e in op.errors]
    if raised:
        text = f"on {', '.join(raised)}; the subclass of the status (NotFoundError for 404)."
        lines += _section("Raises", [("APIStatusError", text)])
    return "\n".join(lines)


def _core_imports(api: Api) -> list[str]:
    """The runtime names a client module uses."""
    names = [
        "DEFAULT_TIMEOUT",
        "NOT_GIVEN",
        "AsyncAPIClient",
        "Credential",
        "ErrorFields",
        "NotGiven",
        "Operation",
        "Server",
        "SyncAPIClient",
    ]
    if any(op.paging for op in api.operations):
        names += ["Page as _Page", "Pagination", "iterate", "iterate_async", "pages", "pages_async"]
    if any(not p.default_style for op in api.operations for p in op.parameters):
        names.append("Style")
    return names


def _client_module_names(api: Api) -> frozenset[str]:
    """The names a client module imports or defines for itself."""
    own = ("Any", "Literal", "AsyncIterator", "Iterator", "Mapping", "Sequence", "httpx")
    return frozenset([*_core_imports(api), *own, api.client_class, api.async_client_class])


def _paging_doc(op: Operation) -> str:
    assert op.paging is not None
    return (
        f"Every item of ``{op.method_name}``, fetching page after page as the loop goes.\n\n"
        f"The arguments are those of ``{op.method_name}``; ``{op.paging.position}`` (default: "
        f"the first page) and ``{op.paging.size}`` set where to start and the page size. "
        "Stops at an empty or short page, or when the items seen reach the total the "
        "service reports."
    )


@dataclass(frozen=True)
class _Walk:
    """One of the two methods of a paginated operation that call it page after page."""

    name: str
    returns: str
    runner: str
    doc: str


def _paging_methods(op: Operation, flavor: Flavor) -> list[_Walk]:
    """``<operation>_pages`` (the pages) and ``iter_<operation>`` (their items)."""
    assert op.paging is not None
    page = f"_Page[{op.paging.item}, {op.result_annotation}]"
    return [
        _Walk(
            f"{op.method_name}_pages",
            f"{flavor.iterator}[{page}]",
            flavor.pages,
            _pages_doc(op),
        ),
        _Walk(
            f"iter_{op.method_name}",
            f"{flavor.iterator}[{op.paging.item}]",
            flavor.iterate,
            _paging_doc(op),
        ),
    ]


def _pages_doc(op: Operation) -> str:
    assert op.paging is not None
    total = (
        f"``total`` (the response's ``{op.paging.total}``)"
        if op.paging.total
        else "``total`` (None: this API reports no total)"
    )
    return (
        f"Page after page of ``{op.method_name}``, each fetched as the loop goes.\n\n"
        f"The arguments are those of ``{op.method_name}``; ``{op.paging.position}`` (default: "
        f"the first page) and ``{op.paging.size}`` set where to start and the page size. Each "
        f"page has ``items`` (the response's ``{op.paging.items}``), {total}, "
        "``has_next_page()``, ``next_page_params()`` (the arguments of the next page), "
        "``result`` (the whole response model) and ``response`` (the ``httpx.Response``). "
        "Stops at an empty or short page, or when the items seen reach the total the "
        "service reports."
    )


def _typing_import(api: Api) -> str:
    """``from typing import …`` for the names the method signatures use."""
    annotations = " ".join(p.annotation for op in api.operations for p in op.arguments)
    annotations += " " + " ".join(v.annotation for v in api.server.variables)
    annotations += " " + " ".join(op.paging.item for op in api.operations if op.paging)
    names = [n for n in ("Any", "Literal") if re.search(rf"\b{n}\b", annotations)]
    return f"from typing import {', '.join(names)}" if names else ""


def header(what: str) -> str:
    """The first lines of every generated module. The hashes of the specs and of the toolchain
    are in ``specgen-manifest.json`` beside the package, not here: a hash in each file changed
    every module of an API on any edit of its spec (a one-word edit rewrote 500 files)."""
    what = what.encode("unicode_escape").decode("ascii")  # a file name cannot end the comment
    return (
        f"# Generated by specgen {__version__} from {what}; hashes in specgen-manifest.json.\n"
        "# Do not edit: change the spec, the templates or the runtime, then run `make`."
    )


@dataclass(frozen=True)
class ModelFiles:
    """An API's finished model modules, and what its client needs to know of them. Kept in the
    cache by ``models_key`` (``generate``), so an edit that leaves an API's schemas alone
    (a summary, a description, a parameter) renders its client alone."""

    files: dict[str, str]
    facts: EnumFacts
    #: The names of a lazily loaded models package (``lazymodels``); None: one ``models.py``.
    lazy_names: frozenset[str] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "enums": self.facts.enums,
            "field_enums": self.facts.field_enums,
            "lazy_names": None if self.lazy_names is None else sorted(self.lazy_names),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelFiles:
        """Raises KeyError, TypeError or ValueError on an entry of another shape."""
        lazy = data["lazy_names"]
        return cls(
            dict(data["files"]),
            EnumFacts(
                {str(k): tuple(v) for k, v in data["enums"].items()},
                {str(k): tuple(v) for k, v in data["field_enums"].items()},
            ),
            None if lazy is None else frozenset(map(str, lazy)),
        )


def model_roots(api: Api) -> list[list[str]]:
    """What the model files take from the IR beyond the schemas: the request and the response
    roots (``enumtypes.fit_request_models``). Part of their cache key."""
    return [
        sorted(op.body.annotation for op in api.operations if op.body),
        sorted(
            [op.result for op in api.operations if op.result]
            + [e.model for op in api.operations for e in op.errors if e.model]
        ),
    ]


def render_model_files(
    api: Api, package: str, models_source: str, lazy_models: int = LAZY_MODELS
) -> ModelFiles:
    """The model modules of one API: one ``models.py``, or from ``lazy_models`` top-level
    definitions a package of modules loaded on first use (``lazymodels``). They depend on the
    schemas' module, ``model_roots``, the API's file, title and package, nothing else."""
    # Request-only models' enum fields also take the literals.
    models_source, facts, tree = fit_request_models(api, models_source)
    base = Path(package, *api.package.split("."))
    head = header(f"specs/{api.spec_file}")
    parts = split(models_source, lazy_models, tree)
    if parts is None:
        one = {(base / "models.py").as_posix(): f"{head}\n{models_source}"}
        return ModelFiles(one, facts, None)
    by_module: dict[str, list[str]] = {}
    for name, module in parts.where.items():
        by_module.setdefault(module, []).append(name)
    init = _env().get_template("models_init.py.j2")
    files = {
        (base / "models" / "__init__.py").as_posix(): init.render(
            api=api,
            header=head,
            split=parts,
            by_module=sorted((m, sorted(n)) for m, n in by_module.items()),
        )
    }
    for module, source in parts.modules.items():
        files[(base / "models" / f"{module}.py").as_posix()] = f"{head}\n{source}"
    return ModelFiles(files, facts, frozenset(parts.where))


def render_api(
    api: Api,
    package: str,
    models_source: str,
    lazy_models: int = LAZY_MODELS,
    models: ModelFiles | None = None,
    memo: OperationTexts | None = None,
) -> RenderedApi:
    """The files of one API's subpackage: its client and its models (``render_model_files``,
    or ``models`` made already). With a lazily loaded models package the client reads the
    models at run time as ``_models.Name``, imported for type checkers only. ``memo``: the
    operations' parts of the client module rendered before (``OperationTexts``)."""
    if models is None:
        models = render_model_files(api, package, models_source, lazy_models)
    # Enum parameters also take the models' enums.
    api = fit_parameters(api, models.facts, _client_module_names(api))
    base = Path(package, *api.package.split("."))
    head = header(f"specs/{api.spec_file}")
    depth = len(api.package.split("."))
    core = "." * (depth + 1) + "_core"
    flavors = [
        Flavor(
            api.client_class,
            "SyncAPIClient",
            "httpx.Client",
            "def",
            "",
            "Iterator",
            "iterate",
            "pages",
        ),
        Flavor(
            api.async_client_class,
            "AsyncAPIClient",
            "httpx.AsyncClient",
            "async def",
            "await ",
            "AsyncIterator",
            "iterate_async",
            "pages_async",
        ),
    ]
    context: dict[str, Any] = {
        "api": api,
        "header": head,
        "core": core,
        "flavors": flavors,
        "typing_import": _typing_import(api),
        "core_imports": _core_imports(api),
        "collections_import": ", ".join(
            (["AsyncIterator", "Iterator"] if any(o.paging for o in api.operations) else [])
            + ["Mapping", "Sequence"]
        ),
        "models_import": (
            f"from .models import {', '.join(api.model_imports)}" if api.model_imports else ""
        ),
    }
    parts = _operation_parts(api, flavors, models.lazy_names or frozenset(), memo)
    context.update(parts.every)
    if models.lazy_names is not None:
        context["lazy_names"] = models.lazy_names
        if api.model_imports:
            context["models_import"] = (
                "from typing import TYPE_CHECKING\n\n"
                "from . import models as _models\n\n"
                "if TYPE_CHECKING:\n"
                f"    from .models import {', '.join(api.model_imports)}"
            )
    client = _env().get_template("client.py.j2")
    module = (base / "_client.py").as_posix()
    text = client.render(context)
    return RenderedApi(
        {
            (base / "__init__.py").as_posix(): _env()
            .get_template("api_init.py.j2")
            .render(context),
            module: text,
            **models.files,
        },
        {module: [client.render(context | batch) for batch in _batches(parts.fresh)]},
    )


#: Operations' parts compiled together by the compile guard (``RenderedApi``).
GUARD_BATCH = 100


def _batches(parts: dict[str, Any]) -> list[dict[str, Any]]:
    """The client template's ``constants`` and ``methods`` in batches of ``GUARD_BATCH`` parts
    of each kind; one batch, maybe empty, at least (the module's own lines are compiled too)."""
    constants: list[str] = parts["constants"]
    methods: dict[str, list[str]] = parts["methods"]
    longest = max([len(constants), *(len(m) for m in methods.values())])
    return [
        {
            "constants": constants[start : start + GUARD_BATCH],
            "methods": {name: m[start : start + GUARD_BATCH] for name, m in methods.items()},
        }
        for start in range(0, max(longest, 1), GUARD_BATCH)
    ]


@dataclass(frozen=True)
class RenderedApi:
    """The files of an API's subpackage, and what the compile guard (``generate``) compiles in
    place of its client module: the module with only the operations' parts rendered in this
    build, its own lines around them, in batches of ``GUARD_BATCH`` operations. The parts that
    came from ``OperationTexts`` passed the guard in the build that made them (a build that
    fails keeps none), so after an edit of one operation of a 1,000-operation API the guard
    compiles one operation, not the 4.8 MB module (a third of a second). The batches keep a
    cold build's compiling small too: CPython's syntax tree of the whole 4.8 MB module took
    130 MB at once, the largest peak of the build."""

    files: dict[str, str]
    guard: dict[str, list[str]]


@dataclass
class OperationTexts:
    """Each operation's part of a client module (its constants, its method in each flavor), by
    the hash of what it is made from, kept between builds (``generate``): an edit of one
    operation of a 1,000-operation API renders that operation's parts alone, not 3,000 template
    runs and docstrings. ``used``: the texts this build took, which are what is kept."""

    known: dict[str, str]
    used: dict[str, str]


@dataclass(frozen=True)
class _Parts:
    """The client template's ``constants`` and ``methods`` (by flavor): ``every`` operation's,
    and the ``fresh`` ones, rendered in this build (``every`` itself when none was kept)."""

    every: dict[str, Any]
    fresh: dict[str, Any]


def _operation_parts(
    api: Api, flavors: list[Flavor], lazy_names: frozenset[str], memo: OperationTexts | None
) -> _Parts:
    template = _env().get_template("client_operation.py.j2")
    constants: list[str] = []
    methods: dict[str, list[str]] = {f.class_name: [] for f in flavors}
    new_constants: list[str] = []
    new_methods: dict[str, list[str]] = {f.class_name: [] for f in flavors}
    kept = 0
    for op in api.operations:
        # With the operation, what ``at_runtime`` reads of the context: the lazily loaded names
        # the operation mentions anywhere (a superset of the fields the template passes to it).
        op_text = repr(op)
        used = sorted(lazy_names.intersection(_WORD.findall(op_text)))
        base = hashlib.sha256(repr((op_text, used)).encode())
        for part, flavor in [("constant", None), *(("method", f) for f in flavors)]:
            digest = base.copy()
            digest.update(repr((part, flavor)).encode())
            key = digest.hexdigest()
            text = memo.known.get(key) if memo is not None else None
            if text is None:
                text = template.render(part=part, op=op, flavor=flavor, lazy_names=lazy_names)
                text = text.removesuffix("\n")  # the template's loop ends each with a newline
                (new_constants if flavor is None else new_methods[flavor.class_name]).append(text)
            else:
                kept += 1
            if memo is not None:
                memo.used[key] = text
            (constants if flavor is None else methods[flavor.class_name]).append(text)
    every = {"constants": constants, "methods": methods}
    return _Parts(every, {"constants": new_constants, "methods": new_methods} if kept else every)


def render_package(
    apis: Iterable[Api],
    package: str,
    distribution: str,
    version: str | None = None,
) -> dict[str, str]:
    """The distribution's own files: pyproject, README, the package root and the runtime
    (``version``: the distribution's, from the changelog; default the toolchain's)."""
    apis = list(apis)
    head = header("the spec tree")
    core_names = _runtime_exports()

    context: dict[str, Any] = {
        "header": head,
        "apis": apis,
        "package": package,
        "distribution": distribution,
        "version": version or _distribution_version(apis),
        "description": "Typed clients for " + ", ".join(a.title for a in apis),
        # The ranges and Pythons (generator/dependencies.py), for pyproject and the README.
        "requirements": dependencies.RUNTIME,
        "pythons": dependencies.PYTHONS,
        "core_names": sorted(n for n in core_names if n not in _INTERNAL_CORE_NAMES),
        "usage": _usage(apis[0], package),
        "package_doc": (
            f"{distribution}: typed clients for "
            + ", ".join(a.title for a in apis)
            + ".\n\nEach API is a subpackage ("
            + ", ".join(f"``{package}.{a.package}``" for a in apis)
            + "); the errors and base types below are shared by all of them."
        ),
    }
    files = {
        "pyproject.toml": _env().get_template("pyproject.toml.j2").render(context),
        "README.md": _env()
        .get_template("README.md.j2")
        .render({**context, "header": _markdown_comment(head)}),
        f"{package}/__init__.py": _env().get_template("package_init.py.j2").render(context),
        f"{package}/py.typed": "",
    }
    parents = {
        ".".join(parts[:i])
        for parts in (a.package.split(".") for a in apis)
        for i in range(1, len(parts))
    }
    for parent in sorted(parents):
        files[f"{package}/{parent.replace('.', '/')}/__init__.py"] = (
            f"{head}\n{docstring('The ' + parent + ' APIs; each is a subpackage.', 0)}\n"
        )
    for source in sorted(RUNTIME_DIR.glob("*.py")):
        note = (
            f"# Hand-written runtime, copied by specgen {__version__} from "
            f"generator/runtime/{source.name}.\n"
            f"# Do not edit here: edit generator/runtime/{source.name}, then run `make`.\n"
        )
        files[f"{package}/_core/{source.name}"] = note + source.read_text(encoding="utf-8")
    return files


def _usage(api: Api, package: str) -> str:
    """A first call of the first API, for the distribution's README."""
    if not api.operations:
        return f"import {package}.{api.package}"
    op = api.operations[0]
    options = ", ".join(f'{o.python_name}="..."' for o in api.client_options)
    arguments = ", ".join(f'{p.python_name}="..."' for p in op.arguments if p.default is None)
    return "\n".join(
        [
            f"from {package}.{api.package} import {api.client_class}",
            "",
            f"with {api.client_class}({options}) as client:",
            f"    result = client.{op.method_name}({arguments})",
            "    print(result.to_dict())" if op.result is not None else "    print(result)",
        ]
    )


def _runtime_exports() -> list[str]:
    """``__all__`` of the runtime package, read without importing it (it needs httpx, which
    the toolchain does not)."""
    tree = ast.parse((RUNTIME_DIR / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [str(v) for v in ast.literal_eval(node.value)]
    raise RuntimeError("generator/runtime/__init__.py defines no __all__")


def _markdown_comment(text: str) -> str:
    return "<!--\n" + "\n".join(line.lstrip("# ") for line in text.splitlines()) + "\n-->"


def _distribution_version(apis: list[Api]) -> str:
    # The distribution's version is the toolchain's: it changes when the generated code can.
    return __version__
