"""OpenAPI structure: openapi-spec-validator on every document as written (3.0 against the 3.0
schema, 3.1 against the 3.1 schema), mapped back to positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match
from jsonschema_path import SchemaPath
from openapi_schema_validator._dialects import OAS31_BASE_DIALECT_ID
from openapi_schema_validator._specifications import REGISTRY as OAS_SCHEMAS
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v30, schema_v31
from openapi_spec_validator.schemas.backend.jsonschema import (
    create_validator as python_validator,
)
from openapi_spec_validator.validation.keywords import (
    KeywordValidator,
    OpenAPIV31SchemaValidator,
)

from ..diagnostics import Diagnostic
from ..openapi.keywords import HTTP_METHODS
from ..openapi.tree import RefError, SpecTree
from ..openapi.version import Version, version_of
from ..openapi.walk import iter_refs
from ..openapi.yamlload import LoadedFile
from ..output import json_sha256
from .memo import CleanKeys, ref_into_paths, versions

__all__ = ["check_structure"]


def check_structure(
    tree: SpecTree, skip: Iterable[Path] = (), cache_dir: Path | None = None
) -> list[Diagnostic]:
    """Validate each OpenAPI document; files in ``skip`` (broken refs, bad YAML) are left out.
    With ``cache_dir``, the path items found clean before are not walked again (``_memoized``)."""
    skipped = set(skip)
    diags: list[Diagnostic] = []
    for file in tree.documents():
        if file.path in skipped or "openapi" not in file.data:
            continue  # fragments (plain schema files) are checked where they are referenced
        # ``SpecTree`` refused every other version before this point.
        version = version_of(file.written)
        if version is not None:
            diags.extend(_memoized(tree, file, version, cache_dir))
    return diags


def _memoized(
    tree: SpecTree, file: LoadedFile, version: Version, cache_dir: Path | None
) -> list[Diagnostic]:
    """``_validate``, walking only the path items whose verdict is not known (``memo``).

    A path item's verdict depends on itself, on the rest of the document (components, security
    schemes: a change there checks every item again) and on the files the document refers to.
    The library's only check across path items is that operationIds are unique, done here over
    the whole document (a duplicate anywhere validates the whole document, so its report is the
    library's own). A document that refers into its own ``paths``, or whose path items are
    written in other files (``$ref``), is always validated whole."""
    written = file.written
    paths = written.get("paths") if isinstance(written, dict) else None
    scope = None if cache_dir is None or not isinstance(paths, dict) else _scope(tree, file)
    if (
        scope is None
        or not isinstance(paths, dict)
        # A path item written elsewhere: its operationIds are not in this document's text.
        or any(isinstance(item, dict) and "$ref" in item for item in paths.values())
        or _duplicate_operation_ids(paths)
    ):
        return _validate(file, version)
    rest = {k: v for k, v in written.items() if k != "paths"}
    rest_key = json_sha256([_VERSIONS, version, rest, scope])
    keys = {url: json_sha256([rest_key, url, item]) for url, item in paths.items()}
    clean = CleanKeys(cache_dir, "structure", str(file.path))
    todo = paths
    if rest_key in clean:
        todo = {url: item for url, item in paths.items() if keys[url] not in clean}
        if not todo:
            return []
    document = {k: (todo if k == "paths" else v) for k, v in written.items()}
    diags = _validate(file, version, document)
    if not diags:
        clean.keep([rest_key, *keys.values()])
    return diags


_VERSIONS = versions(
    "openapi-spec-validator", "jsonschema", "jsonschema-rs", sources=[Path(__file__)]
)


def _scope(tree: SpecTree, file: LoadedFile) -> list[tuple[str, str]] | None:
    """The files ``file`` refers to, directly or not, each with the hash of its content; None
    when a reference does not resolve (``check_refs`` reports it) or points into the
    document's own ``paths`` (a path item's verdict would then hang on another's)."""
    seen = {file.path: file}
    todo = [file]
    while todo:
        current = todo.pop()
        for _, ref in iter_refs(current.data):
            if current is file and ref.startswith("#"):  # most refs: no walk to the target
                if ref_into_paths(tree, file, ref):
                    return None
                continue
            try:
                target = tree.resolve(ref, current)
            except RefError:
                return None
            if target.file.path == file.path:
                if target.path[:1] in ((), ("paths",)):
                    return None
            elif target.file.path not in seen:
                seen[target.file.path] = target.file
                todo.append(target.file)
    return sorted(
        (str(path.relative_to(tree.root)), json_sha256(other.data))
        for path, other in seen.items()
        if path != file.path
    )


def _duplicate_operation_ids(paths: dict[str, Any]) -> bool:
    seen: set[object] = set()
    for item in paths.values():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            op_id = op.get("operationId") if isinstance(op, dict) else None
            if op_id is not None:
                if op_id in seen:
                    return True
                seen.add(op_id)
    return False


_WHERE = "_cloudnet_where"


def _located(cls: type[KeywordValidator]) -> type[KeywordValidator]:
    """A subclass of an openapi-spec-validator keyword validator that records, on each error it
    yields, the document path of the node it was validating. The library's semantic and
    schema-meta errors carry no path of their own; without this they could only be reported at
    line 1. (No public hook exists for it, hence the subclass.)"""

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        node = next((a for a in args if isinstance(a, SchemaPath)), None)
        for error in cls.__call__(self, *args, **kwargs):
            if node is not None and not hasattr(error, _WHERE):
                setattr(error, _WHERE, tuple(node.parts))
            yield error

    return type(cls.__name__, (cls,), {"__call__": __call__})


# Speed. openapi-spec-validator checks a document against the OpenAPI 3.1 schema and each
# Schema Object against the OpenAPI dialect's meta-schema with the pure-Python jsonschema,
# which takes tens of seconds on a spec of 1,000 operations. jsonschema-rs answers "valid?"
# in milliseconds; only when it says no is the Python validator run, for the detailed errors
# (rule, message, path) that the diagnostics are made of. The library's own jsonschema-rs
# backend would lose those details, so it is not used for errors.


def _plain(value: Any) -> Any:
    """The library's lazily loaded schemas as plain data, which jsonschema-rs takes."""
    if hasattr(value, "keys"):
        return {str(k): _plain(value[k]) for k in value.keys()}  # noqa: SIM118 - a Proxy
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _FastThenDetailed:
    """A schema validator: jsonschema-rs first, the Python validator's errors when invalid."""

    def __init__(self, schema: Any) -> None:
        self.fast = jsonschema_rs.validator_for(_plain(schema))
        self.schema = schema

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self.fast.is_valid(instance):
            return iter(())
        return iter(python_validator(self.schema).iter_errors(instance))


def _dialect_checker() -> Any:
    registry = jsonschema_rs.Registry(
        [(uri, _plain(OAS_SCHEMAS.contents(uri))) for uri in OAS_SCHEMAS]
    )
    return jsonschema_rs.validator_for(
        _plain(OAS_SCHEMAS.contents(OAS31_BASE_DIALECT_ID)), registry=registry
    )


class _IdList(list[int]):
    """The library records visited schema ids in lists and looks them up with ``in``: O(n)
    each, quadratic over a large spec. Same interface, O(1) lookups."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[int] = set()

    def append(self, value: int) -> None:
        super().append(value)
        self._seen.add(value)

    def __contains__(self, value: object) -> bool:
        return value in self._seen


class _FastSchemaObjects(OpenAPIV31SchemaValidator):
    """Each Schema Object against the dialect meta-schema: jsonschema-rs first."""

    _fast: Any = None

    def __init__(self, registry: Any) -> None:
        super().__init__(registry)
        self.visited_schema_ids = _IdList()
        self.meta_checked_schema_ids = _IdList()

    def _get_schema_checker(self, schema: SchemaPath, schema_value: Any) -> Callable[[Any], None]:
        detailed = super()._get_schema_checker(schema, schema_value)
        if self._get_schema_dialect_id(schema, schema_value) != OAS31_BASE_DIALECT_ID:
            return detailed
        if _FastSchemaObjects._fast is None:
            _FastSchemaObjects._fast = _dialect_checker()
        fast = _FastSchemaObjects._fast

        def check(value: Any) -> None:
            if not fast.is_valid(value):
                detailed(value)

        return check


class _LocatedValidator(OpenAPIV31SpecValidator):
    schema_validator = _FastThenDetailed(schema_v31)
    keyword_validators = {  # noqa: RUF012 - the library declares it a plain class attribute
        name: (cls if name == "__root__" else _located(cls))
        for name, cls in {
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": _FastSchemaObjects,
        }.items()
    }


class _Located30Validator(OpenAPIV30SpecValidator):
    schema_validator = _FastThenDetailed(schema_v30)
    keyword_validators = {  # noqa: RUF012 - the library declares it a plain class attribute
        name: (cls if name == "__root__" else _located(cls))
        for name, cls in OpenAPIV30SpecValidator.keyword_validators.items()
    }


def _validate(file: LoadedFile, version: Version, document: Any = None) -> list[Diagnostic]:
    """openapi-spec-validator's errors on ``file`` (or on ``document``, part of it), located."""
    validator_class = _Located30Validator if version == "3.0" else _LocatedValidator
    document = file.written if document is None else document
    validator = validator_class(document, base_uri=file.path.as_uri())
    seen: set[tuple[tuple[Any, ...], str]] = set()
    out: list[Diagnostic] = []
    try:
        for error in validator.iter_errors():
            for leaf in _leaves(error):
                path = tuple(getattr(error, _WHERE, ())) + tuple(leaf.absolute_path)
                key = (path, leaf.message)
                if key in seen:
                    continue
                seen.add(key)
                message = _message(leaf)
                if version == "3.0" and path[-1:] == ("type",) and isinstance(leaf.instance, list):
                    message += (
                        "; OpenAPI 3.0 takes one type: add `nullable: true` for null, or "
                        "declare `openapi: 3.1.0`"
                    )
                out.append(Diagnostic(file.location(path), _rule(leaf), message))
    except Exception as exc:  # the validator gave up on this document: say so, keep the others
        out.append(
            Diagnostic(
                file.location(()), "oas-unvalidated", f"openapi-spec-validator failed: {exc}"
            )
        )
    return out


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf failures, the most relevant branch error says more than the summary.

    Most OpenAPI objects may also be a Reference Object, so the schema offers "X or
    ``{$ref}``"; the "'$ref' is a required property" of the second branch never helps: the
    deepest error of the other branches, at the offending keyword, is reported instead."""
    current = error
    for _ in range(32):
        branches = [e for e in current.context or [] if not _wants_ref(e)]
        if not branches:
            break
        best = max(branches, key=lambda e: (len(e.absolute_path), -len(e.context or [])))
        deeper = best_match(branches) if not best.absolute_path else best
        if deeper is None or len(deeper.absolute_path) < len(current.absolute_path):
            break
        current = deeper
    return [current]


def _wants_ref(error: ValidationError) -> bool:
    return error.validator == "required" and "'$ref'" in error.message


# openapi-spec-validator's own error classes, by the rule id they are reported under.
_SEMANTIC_RULES = {
    "DuplicateOperationIDError": "oas-duplicate-operation-id",
    "ExtraParametersError": "oas-required-undefined",
    "ParameterDuplicateError": "oas-duplicate-parameter",
    "UnresolvableParameterError": "oas-path-parameter-undeclared",
}


def _rule(error: ValidationError) -> str:
    name = type(error).__name__
    if name in _SEMANTIC_RULES:
        return _SEMANTIC_RULES[name]
    return f"oas-schema-{error.validator}" if error.validator else "oas-invalid"


_ADVICE = {
    "oas-duplicate-operation-id": "; operationIds must be unique in a document",
    "oas-duplicate-parameter": "; a parameter name may appear once per location",
}


def _message(error: ValidationError) -> str:
    message = error.message + _ADVICE.get(_rule(error), "")
    if len(message) > 300:
        message = message[:297] + "..."
    return message
