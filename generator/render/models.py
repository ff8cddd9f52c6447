"""pydantic v2 models of one API, from datamodel-code-generator's Python API.

The options are fixed here so the output depends on the spec alone: no timestamp, no formatter
(the whole output is formatted once, by ruff, in ``generate``), our runtime's ``Model`` as base
class, and our runtime's open enums and lossless ``AwareDatetime`` in place of the standard ones
and strict scalar types (datamodel-code-generator's ``import_overrides`` swaps the import, the
names stay).
"""

from __future__ import annotations

import ast
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datamodel_code_generator import PythonVersion, generate
from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes

from .. import forked
from ..ir.parse import ParsedApi
from ..output import json_sha256
from .modelchunks import merge, partition

__all__ = ["ModelsError", "render_models", "render_models_cached"]


class ModelsError(Exception):
    """datamodel-code-generator could not turn the schemas into models."""


_CLASS = re.compile(r"^class (\w+)\(", re.MULTILINE)
_DCG_HEADER = re.compile(r"\A(#[^\n]*\n)+\n*")
_BARE_LIST = re.compile(r"(RootModel\[|^    root: )list(?=\]|$)", re.MULTILINE)


def render_models(parsed: ParsedApi, package: str) -> str:
    """The source of ``<package>/<api>/models.py`` (unformatted, no header), rendered at once."""
    if not parsed.model_names:
        return '"""This API defines no schemas."""\n'
    return _render(_Job(parsed.models_document, parsed.model_names, parsed.field_aliases, package))


@dataclass(frozen=True)
class _Job:
    """One datamodel-code-generator run (picklable: it may go to a worker process)."""

    document: dict[str, Any]
    names: tuple[str, ...]  # the classes it must define
    aliases: dict[str, str]
    package: str


def _render(job: _Job) -> str:
    """The module of ``job``, each schema under its own name.

    datamodel-code-generator names classes first come, first served: an inline object of an
    earlier schema (``Parent.child``, class ``ParentChild``) takes the name of a later schema
    ``ParentChild``, which becomes ``ParentChild1``, and the client would return the wrong
    class. Such schemas are moved to the front of the document and rendered again (longest
    names first: an inline object's name is longer than its parent's), until none is left;
    the fields of each moved schema's class are then checked against its properties."""
    document = job.document
    moved: list[str] = []
    for _ in range(_MAX_REORDERS):
        out = _generate(job, document)
        suspects = [n for n in _renamed(out, document) if n not in moved]
        if not suspects:
            break
        moved = sorted({*moved, *suspects}, key=lambda n: (-len(n), n))
        schemas = document["components"]["schemas"]
        front = {name: schemas[name] for name in moved}
        document = {
            **document,
            "components": {
                "schemas": {**front, **{k: v for k, v in schemas.items() if k not in front}}
            },
        }
    classes = (
        {n.name: n for n in ast.parse(out).body if isinstance(n, ast.ClassDef)} if moved else {}
    )
    wrong = [
        name
        for name in moved
        if not _holds(classes.get(name), document["components"]["schemas"][name])
    ]
    if wrong:
        raise ModelsError(
            "datamodel-code-generator gave these schemas' names to inline objects of other "
            "schemas (parent name + property name): " + ", ".join(wrong) + "; rename them"
        )
    return out


_MAX_REORDERS = 5
_SUFFIXED = re.compile(r"^class (\w+?)(\d+)\(", re.MULTILINE)


def _renamed(out: str, document: dict[str, Any]) -> list[str]:
    """The schemas another class may have displaced: ``Name`` when ``Name1`` (not a schema of
    its own) is defined too."""
    known = set(document["components"]["schemas"])
    return sorted(
        {
            base
            for base, digits in _SUFFIXED.findall(out)
            if base in known and base + digits not in known
        }
    )


def _holds(cls: ast.ClassDef | None, schema: Any) -> bool:
    """Whether ``cls`` has the schema's properties (by wire name); True when the schema lists
    none to compare."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict) or not properties:
        return True
    return cls is not None and _wire_names(cls) == set(properties)


def _wire_names(cls: ast.ClassDef) -> set[str]:
    names = set()
    for field in cls.body:
        if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name):
            alias = next(
                (
                    keyword.value.value
                    for call in ast.walk(field)
                    if isinstance(call, ast.Call)
                    for keyword in call.keywords
                    if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant)
                ),
                field.target.id,
            )
            names.add(str(alias))
    return names


def _generate(job: _Job, document: dict[str, Any]) -> str:
    core = f"{job.package}._core"
    source = json.dumps(document, ensure_ascii=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = generate(
                source,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                base_class=f"{core}.Model",
                import_overrides={
                    name: core
                    for name in (
                        "AwareDatetime",
                        "date",
                        "Enum",
                        "IntEnum",
                        "StrEnum",
                        "StrictBool",
                        "StrictFloat",
                        "StrictInt",
                        "StrictStr",
                    )
                },
                strict_types=[
                    StrictTypes.str,
                    StrictTypes.int,
                    StrictTypes.float,
                    StrictTypes.bool,
                ],
                # A password a service returns is data: to_dict() must give it back, which
                # pydantic's SecretStr would not.
                # Kept as sent: pydantic's EmailStr needs email-validator (not a runtime
                # dependency), AnyUrl rewrites the text ("https://a.b" -> "https://a.b/") and
                # UUID changes its case.
                type_mappings=[
                    "string+password=string",
                    "string+email=string",
                    "string+idn-email=string",
                    "string+uri=string",
                    "string+uri-reference=string",
                    "string+iri=string",
                    "string+uuid=string",  # uuid.UUID dumps in lower case
                    # A file part of a multipart body: the bytes as they are sent.
                    "string+binary=bytes",
                ],
                aliases=job.aliases or None,
                additional_imports=["typing.Any"],  # unused ones are removed by ruff
                disable_timestamp=True,
                formatters=[],
                field_constraints=True,
                use_annotated=True,
                snake_case_field=True,
                use_schema_description=True,
                use_field_description=True,
                use_double_quotes=True,
                parent_scoped_naming=True,
                capitalise_enum_members=True,
                empty_enum_field_name="EMPTY",
                use_standard_collections=True,
                use_union_operator=True,
            )
    except Exception as exc:  # the library raises many kinds; all mean the same to our caller
        raise ModelsError(f"datamodel-code-generator failed: {exc}") from exc
    if not isinstance(out, str):
        raise ModelsError("datamodel-code-generator returned several modules; expected one")
    # Its own header names the tool and "<stdin>"; ours, added by the caller, names the spec.
    out = _DCG_HEADER.sub("", out, count=1)
    # A self-recursive array comes out as a bare ``RootModel[list]``; mypy --strict wants the
    # item type, which datamodel-code-generator lost: any JSON value.
    out = _BARE_LIST.sub(r"\1list[Any]", out)
    out = _enum_member_defaults(out)
    defined = set(_CLASS.findall(out))
    missing = [name for name in job.names if name not in defined]
    if missing:
        raise ModelsError(
            "datamodel-code-generator named these schemas differently: " + ", ".join(missing)
        )
    return out


_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum"})


def _enum_member_defaults(source: str) -> str:
    """A field of an enum type whose default is one of its values gets the member as default.

    datamodel-code-generator writes the raw value when the enum is reached through ``allOf``
    or a ``$ref`` with a ``default`` beside it (``x: AnAllOfEnum | None = "a_default"``): the
    model works at run time, but the annotation says the enum and mypy --strict rejects the
    ``str``. The value is replaced by ``AnAllOfEnum.A_DEFAULT``, the member that holds it,
    when exactly one enum of the field's annotation has such a member."""
    tree = ast.parse(source)
    members: dict[str, dict[object, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Name) and base.id in _ENUM_BASES for base in node.bases
        ):
            values: dict[object, str] = {}
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and len(item.targets) == 1
                    and isinstance(item.targets[0], ast.Name)
                    and isinstance(item.value, ast.Constant)
                ):
                    values[(type(item.value.value), item.value.value)] = item.targets[0].id
            members[node.name] = values
    if not members:
        return source
    edits: list[tuple[int, int, int, int, str]] = []
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for field in cls.body:
            value = field.value if isinstance(field, ast.AnnAssign) else None
            if (
                not isinstance(field, ast.AnnAssign)
                or not isinstance(value, ast.Constant)
                or isinstance(value.value, bool)
                or not isinstance(value.value, (str, int))
            ):
                continue
            key = (type(value.value), value.value)
            found = {
                f"{node.id}.{members[node.id][key]}"
                for node in ast.walk(field.annotation)
                if isinstance(node, ast.Name) and key in members.get(node.id, {})
            }
            if len(found) == 1 and value.end_lineno is not None:
                end_col = value.end_col_offset
                assert end_col is not None
                edits.append(
                    (value.lineno, value.col_offset, value.end_lineno, end_col, found.pop())
                )
    if not edits:
        return source
    lines = source.splitlines(keepends=True)
    for start, col, end, end_col, text in sorted(edits, reverse=True):
        # Line and column of ast are 1-based lines and UTF-8 byte offsets.
        first = lines[start - 1].encode()
        last = lines[end - 1].encode()
        lines[start - 1 : end] = [(first[:col].decode() + text + last[end_col:].decode())]
    return "".join(lines)


def render_models_cached(
    parsed: ParsedApi, package: str, cache_dir: Path | None, toolchain: str
) -> str:
    """``render_models``, in chunks (``modelchunks``) when the API has many schemas, rendered
    side by side by a process per core. The whole, or each chunk, is kept in ``cache_dir`` by
    the hash of everything it depends on: its schemas, the field aliases, the package name and
    the toolchain (sources and versions). An edit to one schema of a large API then renders
    only that schema's chunk again."""
    schemas = parsed.models_document.get("components", {}).get("schemas", {})
    chunks = partition(schemas) if parsed.model_names else []
    if len(chunks) > 1:
        jobs = [
            _Job(
                {
                    **parsed.models_document,
                    "components": {"schemas": {n: schemas[n] for n in chunk.members}},
                },
                chunk.roots,
                parsed.field_aliases,
                package,
            )
            for chunk in chunks
        ]
        try:
            merged = merge(_render_all(jobs, cache_dir, toolchain))
        except ModelsError:
            merged = None  # rendered at once below, for the error about the whole API
        if merged is not None:
            return merged
    key = _key(parsed.models_document, parsed.field_aliases, package, toolchain)
    source = _load(cache_dir, key)
    if source is None:
        source = render_models(parsed, package)
        _store(cache_dir, key, source)
    return source


def _render_all(jobs: list[_Job], cache_dir: Path | None, toolchain: str) -> list[str]:
    """Every job's module, from the cache or rendered: the jobs to render are shared out
    between this process and a forked one per other core."""
    keys = [_key(job.document, job.aliases, job.package, toolchain) for job in jobs]
    sources = [_load(cache_dir, key) for key in keys]
    todo = [i for i, source in enumerate(sources) if source is None]
    shares = max(1, min(_cores(), len(todo))) if forked.can_fork() else 1
    if shares > 1:
        # datamodel-code-generator imports most of itself on its first run (about 0.3 s): done
        # once here, before the fork, rather than once in each process.
        _render(_Job(_WARM_UP, ("WarmUp",), {}, jobs[0].package))
        forked.yield_cores()  # validation, running beside, takes what the chunks leave

    def share(k: int) -> list[_Job]:
        # The chunks are about the same size (``modelchunks.partition``): each share as many.
        return [jobs[i] for i in todo[k::shares]]

    waits = [forked.start(_render_share, share(k)) for k in range(1, shares)]
    parts: list[list[str] | Exception] = []
    for wait in [lambda: _render_share(share(0)), *waits]:
        try:
            parts.append(wait())
        except Exception as exc:  # raised once every process has ended
            parts.append(exc)
    for k, part in enumerate(parts):
        if isinstance(part, Exception):
            raise part
        for i, source in zip(todo[k::shares], part, strict=True):
            _store(cache_dir, keys[i], source)
            sources[i] = source
    return [source for source in sources if source is not None]


def _render_share(jobs: list[_Job]) -> list[str]:
    return [_render(job) for job in jobs]


_WARM_UP = {
    "openapi": "3.1.0",
    "info": {"title": "warm-up", "version": "0"},
    "components": {
        "schemas": {"WarmUp": {"type": "object", "properties": {"a": {"type": "string"}}}}
    },
}


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _key(document: dict[str, Any], aliases: dict[str, str], package: str, toolchain: str) -> str:
    return json_sha256([document, aliases, package, toolchain])


def _load(cache_dir: Path | None, key: str) -> str | None:
    if cache_dir is None:
        return None
    path = cache_dir / "models" / f"{key}.py"
    try:
        cached = path.read_text(encoding="utf-8")
        compile(cached, str(path), "exec", dont_inherit=True)  # a damaged entry is redone
        return cached
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None


def _store(cache_dir: Path | None, key: str, source: str) -> None:
    if cache_dir is None:
        return
    path = cache_dir / "models" / f"{key}.py"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(source, encoding="utf-8", newline="\n")
        os.replace(tmp, path)  # whole or absent, even with two runs at once
    except OSError:
        pass  # a cache that cannot be written only costs time
