"""The operations, schemas and references of a document: the one walk every stage uses.

Operations come in two readings of the same rules:

- ``document_operations(document)``: a self-contained (bundled) document, whose references are
  all local; the IR, the mock, the diff, the docs and publishing read this;
- ``tree_operations(tree)``: the files as written, references followed across files; the
  checks and lint read this, to report at the file and line where a thing is written.

Either way a path item given as a ``$ref`` (to another file, or to ``components/pathItems``) is
followed, and the parameters an operation takes are the path item's merged with its own by
``(name, in)``: the operation's win, in the order first declared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .keywords import HTTP_METHODS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE
from .pointer import follow_local
from .tree import RefError, SpecTree
from .yamlload import JsonPath, LoadedFile

__all__ = [
    "OperationView",
    "ParameterView",
    "document_operations",
    "iter_refs",
    "iter_subschemas",
    "tree_operations",
]


@dataclass(frozen=True)
class ParameterView:
    name: str
    location: str  # the parameter's ``in``
    data: dict[str, Any]  # the Parameter Object, references followed
    file: LoadedFile | None  # where ``data`` is written (None: in the bundled document)
    path: JsonPath


@dataclass(frozen=True)
class OperationView:
    route: str  # the key under ``paths``
    method: str  # lower case
    data: dict[str, Any]  # the Operation Object
    item: dict[str, Any]  # its Path Item Object, references followed
    file: LoadedFile | None  # where ``data`` is written (None: in the bundled document)
    path: JsonPath  # of ``data`` in ``file`` (or in the document)
    parameters: tuple[ParameterView, ...]

    @property
    def name(self) -> str:
        """The operationId, or ``GET /route`` when it has none."""
        op_id = self.data.get("operationId")
        return str(op_id) if op_id else f"{self.method.upper()} {self.route}"


# A place: the file a node is written in (None inside one bundled document) and its path.
_Place = tuple[LoadedFile | None, JsonPath]
_Follow = Callable[[Any, _Place], tuple[Any, _Place]]


def _operations(
    paths: Any, at: _Place, follow: _Follow, section: str = "paths"
) -> Iterator[OperationView]:
    if not isinstance(paths, dict):
        return
    file, base = at
    for route, raw_item in paths.items():
        item, item_at = follow(raw_item, (file, (*base, section, route)))
        if not isinstance(item, dict):
            continue
        shared = _parameters(
            item.get("parameters"), (item_at[0], (*item_at[1], "parameters")), follow
        )
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            op_at = (item_at[0], (*item_at[1], method))
            own = _parameters(op.get("parameters"), (op_at[0], (*op_at[1], "parameters")), follow)
            merged: dict[tuple[str, str], ParameterView] = {}
            for param in (*shared, *own):
                merged[(param.name, param.location)] = param
            yield OperationView(
                str(route), method, op, item, op_at[0], op_at[1], tuple(merged.values())
            )


def _parameters(raw: Any, at: _Place, follow: _Follow) -> list[ParameterView]:
    if not isinstance(raw, list):
        return []
    out = []
    for index, entry in enumerate(raw):
        param, (file, path) = follow(entry, (at[0], (*at[1], index)))
        if isinstance(param, dict) and "name" in param and "in" in param:
            out.append(ParameterView(str(param["name"]), str(param["in"]), param, file, path))
    return out


def document_operations(document: Any, *, webhooks: bool = False) -> Iterator[OperationView]:
    """The operations of a self-contained document (``webhooks``: those under ``webhooks``
    instead, keyed by their name in place of a route)."""

    def follow(node: Any, at: _Place) -> tuple[Any, _Place]:
        value, path = follow_local(document, node, at[1])
        return value, (None, path)

    if not isinstance(document, dict):
        return
    section = "webhooks" if webhooks else "paths"
    yield from _operations(document.get(section), (None, ()), follow, section)


def tree_operations(tree: SpecTree, *, webhooks: bool = False) -> Iterator[OperationView]:
    """The operations of every document of ``tree`` (``webhooks``: those under ``webhooks``
    instead), each where it is written; a broken reference is skipped (validation reports
    it)."""
    section = "webhooks" if webhooks else "paths"
    for file in list(tree.documents()):

        def follow(node: Any, at: _Place) -> tuple[Any, _Place]:
            where, path = at
            assert where is not None
            try:
                value, target, target_path = tree.deref(node, where, path)
            except RefError:
                return None, at
            return value, (target, target_path)

        yield from _operations(file.data.get(section), (file, ()), follow, section)


def iter_subschemas(schema: Any, path: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """``schema`` and every subschema written inside it, by keyword (a property called
    ``default`` is walked; the ``default`` keyword is not); references are not followed."""
    stack: list[tuple[Any, JsonPath]] = [(schema, path)]
    while stack:
        node, here = stack.pop()
        if not isinstance(node, dict):
            continue
        yield here, node
        for key in SCHEMA_MAPS:
            sub = node.get(key)
            if isinstance(sub, dict):
                stack.extend((v, (*here, key, k)) for k, v in sub.items())
        for key in SCHEMA_ONE:
            if isinstance(node.get(key), dict):
                stack.append((node[key], (*here, key)))
        for key in SCHEMA_LISTS:
            sub = node.get(key)
            if isinstance(sub, list):
                stack.extend((v, (*here, key, i)) for i, v in enumerate(sub))


# Keys of OpenAPI objects (not schemas) whose values are instance data or free-form.
_DATA_FIELDS = frozenset({"example", "default", "enum", "const", "value"})


def iter_refs(
    data: Any, path: JsonPath = (), *, schema: bool = False
) -> Iterator[tuple[JsonPath, str]]:
    """Every ``$ref`` written in ``data``, with the path of its ``$ref`` key.

    Inside a schema, keywords are told from property names: a ``$ref`` in the ``default`` or
    ``examples`` keyword is data and skipped, one in a property called ``default`` is walked.
    Outside schemas, the values of ``example``, ``examples[*].value``, ``x-...`` extensions
    and other data fields are skipped. ``schema``: ``data`` is a Schema Object.
    """
    stack: list[tuple[Any, JsonPath, bool]] = [(data, path, schema)]
    while stack:
        node, here, in_schema = stack.pop()
        if isinstance(node, list):
            stack.extend((item, (*here, i), in_schema) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield (*here, "$ref"), ref
        if in_schema:
            for key in SCHEMA_MAPS:
                sub = node.get(key)
                if isinstance(sub, dict):
                    stack.extend((v, (*here, key, k), True) for k, v in sub.items())
            for key in (*SCHEMA_ONE, *SCHEMA_LISTS):
                if key in node:
                    stack.append((node[key], (*here, key), True))
            continue
        for key, value in node.items():
            if key in _DATA_FIELDS or key.startswith("x-") or key == "$ref":
                continue
            if key == "examples":
                if isinstance(value, dict):  # a map of Example Objects: their own refs only
                    stack.extend(
                        (v, (*here, key, k), False)
                        for k, v in value.items()
                        if isinstance(v, dict) and "$ref" in v
                    )
                continue
            if (key in SCHEMA_MAPS and isinstance(value, dict)) or (
                key == "schemas" and here == ("components",) and isinstance(value, dict)
            ):  # names -> schemas, anywhere
                stack.extend((v, (*here, key, k), True) for k, v in value.items())
            else:
                stack.append((value, (*here, key), key == "schema"))
