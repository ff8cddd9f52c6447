"""OpenAPI 3.0 -> 3.1, in one place, so every later stage reads one model.

A 3.0 document is validated as written (against the 3.0 schema); this module then rewrites a
copy of it, and of the fragments it refers to, into its 3.1 meaning:

- ``nullable: true`` (and the ``x-nullable`` leftover of Swagger 2.0 converters) becomes
  ``"null"`` in ``type``, or, on a schema without a single ``type`` (``$ref``, ``allOf``,
  ``oneOf``...) or with an ``enum``, ``anyOf: [<the schema>, {type: "null"}]`` (an enum of
  its own values, and null beside it, as a 3.1 author writes it);
- boolean ``exclusiveMinimum``/``exclusiveMaximum`` take the bound's number (and drop
  ``minimum``/``maximum``); ``false`` is dropped;
- a schema's ``example`` becomes ``examples: [example]``;
- ``openapi`` becomes ``3.1.0``.

Every node that moved keeps its written position: ``LoadedFile.aliases`` maps the new path
to the old one, so a diagnostic about a normalised node still names the user's own
``file:line:col``.

Written by hand: the converters that exist are JavaScript (``@apiture/openapi-down-convert``
goes the other way) or drop positions.
"""

from __future__ import annotations

import copy
from collections import deque
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .keywords import HTTP_METHODS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE
from .pointer import JsonPath, pointer_to_path, walk

if TYPE_CHECKING:
    from .tree import SpecTree
    from .yamlload import LoadedFile

__all__ = ["normalise_tree"]

# Keys that describe a schema rather than constrain it: they stay on the outside when a
# nullable schema is wrapped in ``anyOf``.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
        "xml",
    }
)

# The kinds of OpenAPI object a reference can lead to, by how the referring place uses it.
_Kind = str


class _Normaliser:
    def __init__(self, tree: SpecTree) -> None:
        self.tree = tree
        self.queue: deque[tuple[LoadedFile, JsonPath, _Kind]] = deque()
        self.done: set[tuple[int, JsonPath]] = set()
        self.copied: set[int] = set()

    # -- files -------------------------------------------------------------------------------

    def _writable(self, file: LoadedFile) -> None:
        """The file's data becomes a copy that normalisation may change; ``raw`` keeps the text
        as written, for the 3.0 schema validation."""
        if id(file) not in self.copied:
            self.copied.add(id(file))
            file.raw = file.data
            file.data = copy.deepcopy(file.data)

    def document(self, file: LoadedFile) -> None:
        self._writable(file)
        data = file.data
        data["openapi"] = "3.1.0"
        self._visit(file, (), "document")
        self._drain()

    def _drain(self) -> None:
        while self.queue:
            file, path, kind = self.queue.popleft()
            self._visit(file, path, kind)

    def _visit(self, file: LoadedFile, path: JsonPath, kind: _Kind) -> None:
        if (id(file), path) in self.done:
            return
        self._writable(file)
        node, walked, missing = walk(file.data, path)
        if missing is None:  # else a broken reference: validation reports it
            _Walk(self, file).object(node, walked, kind)


class _Walk:
    """One file's OpenAPI objects, each by its kind; references to other files are queued."""

    def __init__(self, owner: _Normaliser, file: LoadedFile) -> None:
        self.owner = owner
        self.file = file

    def _ref(self, node: Any, path: JsonPath, kind: _Kind) -> bool:
        """Queue the target of a reference; True when ``node`` is one."""
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return False
        ref = node["$ref"]
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            return True
        target = self.file
        if parts.path:
            resolved = (self.file.path.parent / unquote(parts.path)).resolve()
            if not resolved.is_file() or not resolved.is_relative_to(self.owner.tree.root):
                return True
            target = self.owner.tree.file_for(resolved)
        try:
            where = pointer_to_path(unquote(parts.fragment))
        except ValueError:
            return True
        self.owner.queue.append((target, where, kind))
        return True

    def object(self, node: Any, path: JsonPath, kind: _Kind) -> None:
        key = (id(self.file), path)
        if key in self.owner.done:
            return
        self.owner.done.add(key)
        getattr(self, "_" + kind)(node, path)

    def _document(self, node: Any, path: JsonPath) -> None:
        if not isinstance(node, dict):
            return
        for route, item in _items(node.get("paths")):
            self._path_item(item, (*path, "paths", route))
        components = node.get("components")
        if isinstance(components, dict):
            for kind, name_kind in (
                ("schemas", "schema"),
                ("responses", "response"),
                ("parameters", "parameter"),
                ("requestBodies", "request_body"),
                ("headers", "header"),
                ("callbacks", "callback"),
                ("pathItems", "path_item"),
            ):
                for name, value in _items(components.get(kind)):
                    self.object(value, (*path, "components", kind, name), name_kind)

    def _path_item(self, node: Any, path: JsonPath) -> None:
        if self._ref(node, path, "path_item") or not isinstance(node, dict):
            return
        self._parameters(node.get("parameters"), (*path, "parameters"))
        for method in HTTP_METHODS:
            op = node.get(method)
            if isinstance(op, dict):
                self._operation(op, (*path, method))

    def _operation(self, node: dict[str, Any], path: JsonPath) -> None:
        self._parameters(node.get("parameters"), (*path, "parameters"))
        self._request_body(node.get("requestBody"), (*path, "requestBody"))
        for status, response in _items(node.get("responses")):
            self._response(response, (*path, "responses", status))
        for name, callback in _items(node.get("callbacks")):
            self._callback(callback, (*path, "callbacks", name))

    def _callback(self, node: Any, path: JsonPath) -> None:
        if self._ref(node, path, "callback"):
            return
        for expression, item in _items(node):
            self._path_item(item, (*path, expression))

    def _parameters(self, node: Any, path: JsonPath) -> None:
        if isinstance(node, list):
            for index, param in enumerate(node):
                self._parameter(param, (*path, index))

    def _parameter(self, node: Any, path: JsonPath) -> None:
        if self._ref(node, path, "parameter") or not isinstance(node, dict):
            return
        self._schema(node.get("schema"), (*path, "schema"))
        self._content(node.get("content"), (*path, "content"))

    # A Header Object holds what a Parameter Object does (a schema or content).
    _header = _parameter

    def _request_body(self, node: Any, path: JsonPath) -> None:
        if self._ref(node, path, "request_body") or not isinstance(node, dict):
            return
        self._content(node.get("content"), (*path, "content"))

    def _response(self, node: Any, path: JsonPath) -> None:
        if self._ref(node, path, "response") or not isinstance(node, dict):
            return
        for name, header in _items(node.get("headers")):
            self._header(header, (*path, "headers", name))
        self._content(node.get("content"), (*path, "content"))

    def _content(self, node: Any, path: JsonPath) -> None:
        for media, value in _items(node):
            if not isinstance(value, dict):
                continue
            self._schema(value.get("schema"), (*path, media, "schema"))
            for name, encoding in _items(value.get("encoding")):
                if isinstance(encoding, dict):
                    for header, spec in _items(encoding.get("headers")):
                        self._header(spec, (*path, media, "encoding", name, "headers", header))

    def _schema(self, node: Any, path: JsonPath) -> None:
        if not isinstance(node, dict):
            return
        ref = isinstance(node.get("$ref"), str)
        if ref:
            self._ref(node, path, "schema")
        for key in SCHEMA_MAPS:
            for name, sub in _items(node.get(key)):
                self._schema(sub, (*path, key, name))
        for key in SCHEMA_ONE:
            self._schema(node.get(key), (*path, key))
        for key in SCHEMA_LISTS:
            subs = node.get(key)
            if isinstance(subs, list):
                for index, sub in enumerate(subs):
                    self._schema(sub, (*path, key, index))
        _schema_keywords(node, path, self.file)


def _schema_keywords(node: dict[str, Any], path: JsonPath, file: LoadedFile) -> None:
    """One Schema Object's own 3.0 keywords rewritten (its subschemas are done already)."""
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = node.get(bound)
        if isinstance(flag, bool):
            if flag and isinstance(node.get(limit), (int, float)):
                node[bound] = node.pop(limit)
                file.aliases[(*path, bound)] = (*path, limit)
            else:
                del node[bound]
    if "example" in node and "examples" not in node:
        node["examples"] = [node.pop("example")]
        file.aliases[(*path, "examples", 0)] = (*path, "example")
        file.aliases[(*path, "examples")] = (*path, "example")
    nullable = node.pop("nullable", None)
    leftover = node.get("x-nullable")
    if nullable is None and isinstance(leftover, bool):
        nullable = node.pop("x-nullable")
    if nullable is not True:
        return
    kind = node.get("type")
    if isinstance(kind, str) and not any(k in node for k in ("$ref", "enum", "const")):
        node["type"] = [kind, "null"]
        return
    if not any(k in node for k in ("$ref", "allOf", "anyOf", "oneOf", "not", "type")):
        return  # no constraint: null is already allowed
    inner = {k: node.pop(k) for k in list(node) if k not in _ANNOTATIONS and not k.startswith("x-")}
    node["anyOf"] = [inner, {"type": "null"}]
    file.aliases[(*path, "anyOf", 0)] = path
    file.aliases[(*path, "anyOf", 1)] = path


def _items(node: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in node.items()] if isinstance(node, dict) else []


def normalise_tree(tree: SpecTree, files: list[LoadedFile]) -> None:
    """Rewrite the OpenAPI 3.0 documents among ``files`` (and the fragments they refer to)
    into their 3.1 meaning, in place, keeping every written position reachable."""
    normaliser = _Normaliser(tree)
    for file in files:
        normaliser.document(file)
