"""Where the rules look: operations, parameter objects and schema objects, with their JSON paths."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..openapi.keywords import DATA_KEYWORDS
from ..openapi.tree import RefError, SpecTree
from ..openapi.walk import OperationView, iter_subschemas, tree_operations
from ..openapi.yamlload import JsonPath, LoadedFile
from .registry import node_at

__all__ = [
    "Operation",
    "did_you_mean",
    "nonblank",
    "operations",
    "operations_by_file",
    "parameter_definitions",
    "schemas",
    "shown",
]


@dataclass(frozen=True)
class Operation:
    """An operation where it is written (its path item may live in another file)."""

    file: LoadedFile
    path: JsonPath  # of the Operation Object in ``file``
    data: dict[str, Any]
    item: dict[str, Any]  # the path item, references followed
    view: OperationView

    @property
    def name(self) -> str:
        op_id = self.data.get("operationId")
        return str(op_id) if op_id else f"{self.view.method} {self.view.route}".upper()


# The walks several rules make of the same tree, made once per lint run (``shared_walks``):
# on a 1,000-operation spec each walk of the operations or the schemas costs a tenth of a second.
_SHARED: dict[tuple[str, int], tuple[object, list[Any]]] | None = None


@contextmanager
def shared_walks() -> Iterator[None]:
    """Inside, ``operations`` and ``schemas`` of the same tree or file are walked once."""
    global _SHARED
    _SHARED = {}
    try:
        yield
    finally:
        _SHARED = None


def _walked(kind: str, owner: object, walk: Callable[[], Iterable[Any]]) -> list[Any]:
    if _SHARED is None:
        return list(walk())
    hit = _SHARED.get((kind, id(owner)))
    if hit is not None and hit[0] is owner:
        return hit[1]
    found = list(walk())
    _SHARED[(kind, id(owner))] = (owner, found)
    return found


def operations(tree: SpecTree) -> Iterator[Operation]:
    yield from _walked("operations", tree, lambda: _operations(tree))


def _operations(tree: SpecTree) -> Iterator[Operation]:
    for view in tree_operations(tree):
        assert view.file is not None  # the files' reading always knows the file
        yield Operation(view.file, view.path, view.data, view.item, view)


def operations_by_file(tree: SpecTree) -> dict[Path, list[OperationView]]:
    """The operations of ``tree`` by the file each is written in."""
    out: dict[Path, list[OperationView]] = {}
    for op in operations(tree):
        out.setdefault(op.file.path, []).append(op.view)
    return out


def parameter_definitions(
    file: LoadedFile, operations: dict[Path, list[OperationView]]
) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every Parameter Object written in ``file``, in its operations and path items (a path
    item of another document's ``paths`` included; ``operations``: ``operations_by_file``)
    and its components; a ``$ref`` is checked where it points."""
    data = file.data
    places: dict[JsonPath, Any] = {}
    for view in operations.get(file.path, []):
        places.setdefault((*view.path[:-1], "parameters"), view.item.get("parameters"))
        places[(*view.path, "parameters")] = view.data.get("parameters")
    for where, params in places.items():
        if isinstance(params, list):
            for index, param in enumerate(params):
                if isinstance(param, dict) and "$ref" not in param:
                    yield (*where, index), param
    components = data.get("components")
    shared = components.get("parameters") if isinstance(components, dict) else None
    if isinstance(shared, dict):
        for name, param in shared.items():
            if isinstance(param, dict) and "$ref" not in param:
                yield ("components", "parameters", name), param


def schemas(file: LoadedFile) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every Schema Object in ``file``: the components and every ``schema`` of a parameter,
    header or media type, with all their subschemas."""
    yield from _walked("schemas", file, lambda: _schemas(file))


def _schemas(file: LoadedFile) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    roots: list[tuple[JsonPath, Any]] = []
    data = file.data
    components = data.get("components")
    if isinstance(components, dict) and isinstance(components.get("schemas"), dict):
        roots += [(("components", "schemas", k), v) for k, v in components["schemas"].items()]
    stack: list[tuple[Any, JsonPath]] = [(data, ())]
    while stack:
        node, here = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if (
                    key in DATA_KEYWORDS
                    or key.startswith("x-")
                    or (*here, key) == ("components", "schemas")
                ):
                    continue
                if key == "schema" and isinstance(value, dict):
                    roots.append(((*here, key), value))
                else:
                    stack.append((value, (*here, key)))
        elif isinstance(node, list):
            stack.extend((item, (*here, i)) for i, item in enumerate(node))
    for path, root in roots:
        yield from iter_subschemas(root, path)


def deref(tree: SpecTree, value: Any, file: LoadedFile, path: JsonPath) -> Any:
    """``value`` with its ``$ref`` chain followed; None when a reference is broken (validation
    reports it)."""
    try:
        return tree.deref(value, file, path)[0]
    except RefError:
        return None


def nonblank(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def shown(path: JsonPath, data: Any = None) -> str:
    """A short name for a schema path: ``Foo.bar`` for ``components/schemas/Foo/properties/bar``,
    ``parameter 'status'`` for the schema of a parameter (``data``: the file's data)."""
    if path[:2] == ("components", "schemas") and len(path) >= 3:
        rest = [str(p) for p in path[3:] if p != "properties"]
        return ".".join([str(path[2]), *rest])
    for index in range(len(path) - 2, -1, -1):
        if path[index] == "parameters" and path[index + 2 : index + 3] == ("schema",):
            param = node_at(data, path[: index + 2])
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                rest = [str(p) for p in path[index + 3 :] if p != "properties"]
                return ".".join([f"parameter {param['name']}", *rest])
    return "/" + "/".join(str(p) for p in path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
