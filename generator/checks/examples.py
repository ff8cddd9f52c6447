"""Every example must validate against its schema, and name no field its schema leaves out.

Covered: parameter ``example``/``examples``, media-type ``example``/``examples`` (responses,
request bodies, component responses), header examples, and JSON Schema ``examples`` inside every
schema reachable from a component or an operation. Validation is JSON Schema 2020-12 (the OpenAPI
3.1 dialect) with formats asserted, over a ``referencing`` registry that holds every spec file
under its file URI, so relative ``$ref`` across files resolve as they do for the other tools.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..diagnostics import Diagnostic
from ..openapi.keywords import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE
from ..openapi.pointer import path_to_pointer, walk
from ..openapi.tree import RefError, SpecTree
from ..openapi.walk import tree_operations
from ..openapi.yamlload import JsonPath, LoadedFile
from ..output import json_sha256
from .memo import CleanKeys, refs_into_paths, versions

__all__ = [
    "Example",
    "check_examples",
    "collect_examples",
    "format_checker",
    "schema_registry",
    "validate_example",
]


def format_checker() -> FormatChecker:
    """The 2020-12 format checker plus the OpenAPI integer formats."""
    checker: FormatChecker = copy.deepcopy(Draft202012Validator.FORMAT_CHECKER)
    for name, bits in (("int32", 31), ("int64", 63)):
        checker.checks(name)(_int_range(bits))
    return checker


def _int_range(bits: int) -> Callable[[object], bool]:
    def in_range(value: object) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return True  # the format only constrains integers
        return -(1 << bits) <= value < (1 << bits)

    return in_range


def schema_registry(tree: SpecTree) -> Registry[Any]:
    resources = [(f.path.as_uri(), DRAFT202012.create_resource(f.data)) for f in tree.documents()]
    return Registry().with_resources(resources)


@dataclass(frozen=True)
class Example:
    """One example value and the schema it must satisfy."""

    file: LoadedFile  # where the example value is written
    path: JsonPath  # JSON path of the example value in that file
    value: Any
    schema_file: LoadedFile
    schema_path: JsonPath
    what: str  # "example 'x' of parameter 'y'" for messages


class _Checker:
    def __init__(self, tree: SpecTree) -> None:
        self.tree = tree
        self.registry = schema_registry(tree)
        self.formats = format_checker()
        self.diags: list[Diagnostic] = []
        self.seen_examples: set[tuple[str, JsonPath]] = set()
        self.seen_schemas: set[tuple[str, JsonPath]] = set()
        self.examples: list[Example] = []

    # -- collecting ---------------------------------------------------------------------------
    def run(self) -> list[Diagnostic]:
        for example in self.collect():
            self._validate(example)
        return self.diags

    def collect(self) -> list[Example]:
        items: set[tuple[Path, JsonPath]] = set()
        for view in [*tree_operations(self.tree), *tree_operations(self.tree, webhooks=True)]:
            assert view.file is not None  # the files' reading always knows the file
            item_path = view.path[:-1]
            if (view.file.path, item_path) not in items:  # a path item's own parameters, once
                items.add((view.file.path, item_path))
                for i, param in enumerate(_list(view.item.get("parameters"))):
                    self._parameter(view.file, (*item_path, "parameters", i), param, "parameter")
            self._operation(view.file, view.path, view.data, view.name)
        for file in self.tree.documents():
            data = file.data
            components = data.get("components")
            if isinstance(components, dict):
                for kind, handler in (
                    ("parameters", self._parameter),
                    ("headers", self._parameter),
                    ("responses", self._response),
                    ("requestBodies", self._body),
                ):
                    for name, value in _items(components.get(kind)):
                        handler(file, ("components", kind, name), value, f"{kind[:-1]} {name!r}")
                for name, value in _items(components.get("schemas")):
                    self._schema(file, ("components", "schemas", name), value)
        return self.examples

    def _operation(
        self, file: LoadedFile, op_path: JsonPath, op: dict[str, Any], label: str
    ) -> None:
        for i, param in enumerate(_list(op.get("parameters"))):
            self._parameter(file, (*op_path, "parameters", i), param, f"{label}: parameter")
        if "requestBody" in op:
            self._body(file, (*op_path, "requestBody"), op["requestBody"], f"{label}: request body")
        for status, response in _items(op.get("responses")):
            self._response(
                file, (*op_path, "responses", status), response, f"{label}: response {status}"
            )

    def _parameter(self, file: LoadedFile, path: JsonPath, param: Any, label: str) -> None:
        param, file, path = self._deref(param, file, path)
        if not isinstance(param, dict):
            return
        name = param.get("name")
        label = f"{label} {name!r}" if name and not label.endswith(repr(name)) else label
        if "schema" in param:
            self._schema(file, (*path, "schema"), param["schema"])
            self._examples_of(file, path, param, file, (*path, "schema"), label)
        for media, content in _items(param.get("content")):
            self._media(file, (*path, "content", media), content, f"{label} ({media})")

    def _response(self, file: LoadedFile, path: JsonPath, response: Any, label: str) -> None:
        response, file, path = self._deref(response, file, path)
        if not isinstance(response, dict):
            return
        for media, content in _items(response.get("content")):
            self._media(file, (*path, "content", media), content, f"{label} ({media})")
        for name, header in _items(response.get("headers")):
            self._parameter(file, (*path, "headers", name), header, f"{label}: header {name!r}")

    def _body(self, file: LoadedFile, path: JsonPath, body: Any, label: str) -> None:
        body, file, path = self._deref(body, file, path)
        if isinstance(body, dict):
            for media, content in _items(body.get("content")):
                self._media(file, (*path, "content", media), content, f"{label} ({media})")

    def _media(self, file: LoadedFile, path: JsonPath, media: Any, label: str) -> None:
        if not isinstance(media, dict) or "schema" not in media:
            return
        self._schema(file, (*path, "schema"), media["schema"])
        self._examples_of(file, path, media, file, (*path, "schema"), label)

    def _examples_of(
        self,
        file: LoadedFile,
        path: JsonPath,
        holder: dict[str, Any],
        schema_file: LoadedFile,
        schema_path: JsonPath,
        label: str,
    ) -> None:
        if "example" in holder:
            self._check(
                Example(
                    file,
                    (*path, "example"),
                    holder["example"],
                    schema_file,
                    schema_path,
                    f"{label}: example",
                )
            )
        for name, example in _items(holder.get("examples")):
            ex, ex_file, ex_path = self._deref(example, file, (*path, "examples", name))
            if isinstance(ex, dict) and "value" in ex:
                what = f"{label}: example {name!r}"
                self._check(
                    Example(
                        ex_file, (*ex_path, "value"), ex["value"], schema_file, schema_path, what
                    )
                )

    def _schema(self, file: LoadedFile, path: JsonPath, schema: Any) -> None:
        """Check JSON Schema ``examples`` in ``schema`` and every subschema written inline in it."""
        key = (str(file.path), path)
        if not isinstance(schema, dict) or key in self.seen_schemas:
            return
        self.seen_schemas.add(key)
        for i, value in enumerate(_list(schema.get("examples"))):
            self._check(Example(file, (*path, "examples", i), value, file, path, "schema example"))
        if "example" in schema:
            self._check(
                Example(file, (*path, "example"), schema["example"], file, path, "schema example")
            )
        for kw in SCHEMA_ONE:
            if isinstance(schema.get(kw), dict):
                self._schema(file, (*path, kw), schema[kw])
        for kw in SCHEMA_LISTS:
            for i, sub in enumerate(_list(schema.get(kw))):
                self._schema(file, (*path, kw, i), sub)
        for kw in SCHEMA_MAPS:
            for name, sub in _items(schema.get(kw)):
                self._schema(file, (*path, kw, name), sub)

    def _deref(
        self, value: Any, file: LoadedFile, path: JsonPath
    ) -> tuple[Any, LoadedFile, JsonPath]:
        try:
            return self.tree.deref(value, file, path)
        except RefError:
            return None, file, path  # reported by check_refs

    # -- checking -----------------------------------------------------------------------------
    def _check(self, example: Example) -> None:
        key = (str(example.file.path), example.path)
        if key not in self.seen_examples:
            self.seen_examples.add(key)
            self.examples.append(example)

    def _validate(self, example: Example) -> None:
        uri = example.schema_file.path.as_uri() + "#" + path_to_pointer(example.schema_path)
        validator = Draft202012Validator(
            {"$ref": uri}, registry=self.registry, format_checker=self.formats
        )
        try:
            errors = sorted(
                validator.iter_errors(example.value), key=lambda e: list(e.absolute_path)
            )
            for error in errors:
                self._report(example, _best(error), "example-invalid")
            resolver = self.registry.resolver(base_uri=example.schema_file.path.as_uri())
            schema = resolver.lookup("#" + path_to_pointer(example.schema_path))
            for inst_path, extra, known in _undocumented(
                example.value, schema.contents, schema.resolver, ()
            ):
                self.diags.append(
                    Diagnostic(
                        example.file.location((*example.path, *inst_path, extra)),
                        "example-undocumented-property",
                        f"{example.what}: property {extra!r} is not declared in the schema "
                        f"(declared: {', '.join(sorted(known)) or 'none'}); add it to the schema "
                        "or remove it from the example",
                    )
                )
        except Unresolvable as exc:
            ref = f"#{exc.ref}" if exc.ref.startswith("/") else exc.ref
            self.diags.append(
                Diagnostic(
                    example.file.location(example.path),
                    "example-unresolvable-schema",
                    f"{example.what}: not checked, its schema refers to {ref!r}, which does "
                    "not resolve; fix that $ref (reported where it is written)",
                )
            )

    def _report(self, example: Example, error: ValidationError, rule: str) -> None:
        at = "/".join(str(p) for p in error.absolute_path)
        where = f" at {at}" if at else ""
        self.diags.append(
            Diagnostic(
                example.file.location((*example.path, *error.absolute_path)),
                rule,
                f"{example.what} does not match its schema{where}: {error.message}",
            )
        )


def _best(error: ValidationError) -> ValidationError:
    """Of an anyOf/oneOf failure's branch errors, the one deepest in the instance: it names the
    value that is wrong (the others only say that the whole object matched no branch)."""
    leaves = list(_flatten(error))
    deepest = max(len(e.absolute_path) for e in leaves)
    candidates = [e for e in leaves if len(e.absolute_path) == deepest]
    best: ValidationError | None = best_match(candidates)
    return best if best is not None else error


def _flatten(error: ValidationError) -> Iterator[ValidationError]:
    if not error.context:
        yield error
        return
    for sub in error.context:
        yield from _flatten(sub)


def _members(schema: Any, resolver: Any, depth: int = 0) -> Iterator[tuple[dict[str, Any], Any]]:
    """The schema and every schema it is made of ($ref, allOf, anyOf, oneOf), refs resolved."""
    if not isinstance(schema, dict) or depth > 32:
        return
    yield schema, resolver
    ref = schema.get("$ref")
    if isinstance(ref, str):
        resolved = resolver.lookup(ref)
        yield from _members(resolved.contents, resolved.resolver, depth + 1)
    for kw in ("allOf", "anyOf", "oneOf"):
        for sub in _list(schema.get(kw)):
            yield from _members(sub, resolver, depth + 1)


def _undocumented(
    instance: Any, schema: Any, resolver: Any, path: JsonPath
) -> Iterator[tuple[JsonPath, str, set[str]]]:
    """(path, key, declared keys) for each object key no schema in play declares."""
    members = list(_members(schema, resolver))
    if isinstance(instance, dict):
        declared: dict[str, list[tuple[Any, Any]]] = {}
        open_schemas: list[tuple[Any, Any]] = []
        free_form = True
        for member, res in members:
            props = member.get("properties")
            if isinstance(props, dict):
                free_form = False
                for name, sub in props.items():
                    declared.setdefault(name, []).append((sub, res))
            extra = member.get("additionalProperties")
            if isinstance(extra, dict) or member.get("patternProperties"):
                if isinstance(extra, dict):
                    open_schemas.append((extra, res))
                free_form = free_form and not member.get("patternProperties")
        for key, value in instance.items():
            if key in declared:
                for sub, res in declared[key]:
                    yield from _undocumented(value, sub, res, (*path, key))
            elif open_schemas:
                for sub, res in open_schemas:
                    yield from _undocumented(value, sub, res, (*path, key))
            elif not free_form:
                yield path, key, set(declared)
    elif isinstance(instance, list):
        for member, res in members:
            items = member.get("items")
            if isinstance(items, dict):
                for i, value in enumerate(instance):
                    yield from _undocumented(value, items, res, (*path, i))


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def check_examples(tree: SpecTree, cache_dir: Path | None = None) -> list[Diagnostic]:
    """Every example against its schema. With ``cache_dir``, an example found clean before
    with the same value and the same schema is not validated again (``memo``)."""
    checker = _Checker(tree)
    if cache_dir is None:
        return checker.run()
    scope = _context(tree)
    if scope is None:
        return checker.run()
    clean = CleanKeys(cache_dir, "examples", str(tree.root))
    context = json_sha256([_VERSIONS, scope])
    keys: list[str] = []
    for example in checker.collect():
        key = _key(tree, example, context)
        if key is not None and key in clean:
            keys.append(key)
            continue
        before = len(checker.diags)
        checker._validate(example)
        if key is not None and len(checker.diags) == before:
            keys.append(key)
    clean.keep(keys)
    return checker.diags


_VERSIONS = versions("jsonschema", "referencing", sources=[Path(__file__)])


def _context(tree: SpecTree) -> list[tuple[str, str]] | None:
    """What a schema may refer to outside an operation: every file but the documents' paths,
    hashed. None when a reference there points into ``paths`` (a component's verdict would
    hang on an operation's text) or does not resolve: nothing is memoized then."""
    out = []
    for path in sorted(tree.files):
        file = tree.files[path]
        data = file.data
        if isinstance(data, dict) and "paths" in data:
            data = {k: v for k, v in data.items() if k != "paths"}
        if refs_into_paths(tree, file, data):
            return None
        out.append((str(path.relative_to(tree.root)), json_sha256(data)))
    return out


def _key(tree: SpecTree, example: Example, context: str) -> str | None:
    """The hash of what the example's verdict depends on: its value, its schema's text and
    place, and ``context``; None when the schema refers into a document's ``paths``."""
    node, _, missing = walk(example.schema_file.data, example.schema_path)
    if missing is not None or refs_into_paths(tree, example.schema_file, node, schema=True):
        return None
    where = [str(example.schema_file.path.relative_to(tree.root)), list(example.schema_path)]
    return json_sha256([context, where, node, example.value])


def validate_example(tree: SpecTree, example: Example) -> list[Diagnostic]:
    """Check one example against its schema, with the tree as it is now in memory."""
    checker = _Checker(tree)
    checker._validate(example)
    return checker.diags


def collect_examples(tree: SpecTree) -> list[Example]:
    """Every example in the tree with the schema it is checked against, in document order."""
    return _Checker(tree).collect()
