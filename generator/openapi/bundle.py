"""One API document with every cross-file ``$ref`` pulled in: a self-contained OpenAPI dict.

The generator, openapi-python-client and the docs renderers all read one document. Each
reference to another file is replaced by a local reference to a copy of its target under this
document's ``components``, named after the target (``Error``; ``CommonError`` when the document
already has a different ``Error``). Components of the document that are nothing but a reference
to another file's component of the same kind (``securitySchemes: {IamToken: {$ref: ...}}``) take
the target's content in place. Where every copied node came from is kept, so later stages can
report problems at the original ``file:line:col``.

Written by hand because no library here does this while keeping origins and stable names:
openapi-spec-validator resolves references but does not rewrite them, and the JS bundlers
(Redocly, swagger-cli) are not Python.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Location
from .keywords import COMPONENT_KINDS
from .pointer import path_to_pointer, pointer_to_path
from .tree import RefError, SpecTree
from .yamlload import JsonPath, LoadedFile

__all__ = ["Bundle", "bundle_document", "rename_components"]


@dataclass
class Bundle:
    """The self-contained document and where its nodes came from."""

    source: LoadedFile
    document: dict[str, Any]
    # (kind, name) of every component of the bundle -> where it was written.
    origins: dict[tuple[str, str], tuple[LoadedFile, JsonPath]] = field(default_factory=dict)

    def location_of(self, path: JsonPath) -> Location:
        """The ``file:line:col`` of a node of the bundled document."""
        if len(path) >= 3 and path[0] == "components":
            origin = self.origins.get((str(path[1]), str(path[2])))
            if origin is not None:
                file, base = origin
                return file.location((*base, *path[3:]))
        return self.source.location(path)


class _Bundler:
    def __init__(self, tree: SpecTree, source: LoadedFile) -> None:
        self.tree = tree
        self.source = source
        # (file, path of the target) -> (kind, name) of its component in the bundle.
        self.names: dict[tuple[str, JsonPath], tuple[str, str]] = {}
        self.origins: dict[tuple[str, str], tuple[LoadedFile, JsonPath]] = {}
        # Components pulled in from other files, in the order they were first referenced.
        self.added: dict[tuple[str, str], Any] = {}

    def run(self) -> Bundle:
        doc: dict[str, Any] = self.source.data
        local: dict[str, Any] = doc.get("components", {})
        roots: dict[tuple[str, str], tuple[Any, LoadedFile, JsonPath]] = {}
        for kind in COMPONENT_KINDS:
            for name, value in local.get(kind, {}).items():
                here: JsonPath = ("components", kind, name)
                target, where, path = self._follow_alias(kind, value, here)
                roots[(kind, name)] = (target, where, path)
                self.origins[(kind, name)] = (where, path)
                self.names[(str(self.source.path), here)] = (kind, name)
                self.names.setdefault((str(where.path), path), (kind, name))
        components: dict[str, dict[str, Any]] = {}
        for (kind, name), (target, where, path) in roots.items():
            components.setdefault(kind, {})[name] = self._rewrite(target, where, path)
        out = {k: self._rewrite(v, self.source, (k,)) for k, v in doc.items() if k != "components"}
        for (kind, name), value in self.added.items():
            components.setdefault(kind, {})[name] = value
        extra = {k: v for k, v in local.items() if k not in COMPONENT_KINDS}
        if components or extra:
            out["components"] = {
                **{k: components[k] for k in COMPONENT_KINDS if k in components},
                **copy.deepcopy(extra),
            }
        return Bundle(self.source, out, self.origins)

    def _follow_alias(
        self, kind: str, value: Any, here: JsonPath
    ) -> tuple[Any, LoadedFile, JsonPath]:
        """A local component that only refers to another file's component of the same kind
        stands for that component's content."""
        where, path = self.source, here
        for _ in range(50):  # a longer chain is a cycle; validation reports it
            if not (_is_ref(value) and urlsplit(value["$ref"]).path):
                break
            try:
                target = self.tree.resolve(value["$ref"], where)
            except RefError:
                break
            if target.path[:2] != ("components", kind):
                break
            value, where, path = target.value, target.file, target.path
        return value, where, path

    def _rewrite(self, node: Any, base: LoadedFile, path: JsonPath) -> Any:
        if isinstance(node, dict):
            out = {k: self._rewrite(v, base, (*path, k)) for k, v in node.items()}
            ref = node.get("$ref")
            if isinstance(ref, str):
                out["$ref"] = self._local_ref(ref, base, path)
            return out
        if isinstance(node, list):
            return [self._rewrite(v, base, (*path, i)) for i, v in enumerate(node)]
        return node

    def _local_ref(self, ref: str, base: LoadedFile, at: JsonPath) -> str:
        if not urlsplit(ref).path and base is self.source:
            return ref
        try:
            target = self.tree.resolve(ref, base)
        except RefError:
            return ref  # validation reports it; the bundle keeps what was written
        key = (str(target.file.path), target.path)
        if key in self.names:
            kind, name = self.names[key]
            return f"#/components/{kind}/{name}"
        if target.file is self.source:
            return "#" + path_to_pointer(target.path)
        kind = _kind_of(target.path, at)
        name = self._free_name(kind, _base_name(target.file, target.path))
        self.names[key] = (kind, name)
        self.origins[(kind, name)] = (target.file, target.path)
        self.added[(kind, name)] = None  # reserved before recursing, for cycles
        self.added[(kind, name)] = self._rewrite(target.value, target.file, target.path)
        return f"#/components/{kind}/{name}"

    def _free_name(self, kind: str, name: str) -> str:
        taken = {n for k, n in self.origins if k == kind}
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name}{n}", n + 1
        return candidate


def bundle_document(tree: SpecTree, source: LoadedFile) -> Bundle:
    """``source`` with every reference to another file pulled into its ``components``."""
    return _Bundler(tree, source).run()


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def _kind_of(target: JsonPath, at: JsonPath) -> str:
    """Which ``components`` section a pulled-in target belongs in: its own when it is a
    component elsewhere, else what the referring position holds (a schema by default)."""
    if len(target) >= 3 and target[0] == "components" and target[1] in COMPONENT_KINDS:
        return str(target[1])
    if at and at[-1] == "requestBody":
        return "requestBodies"
    # A path item of ``paths`` or ``webhooks``, or of a callback.
    if (len(at) == 2 and at[0] in ("paths", "webhooks")) or (
        len(at) >= 3 and at[-3] == "callbacks"
    ):
        return "pathItems"
    # A map of those objects (``responses: {"200": {$ref}}``) or a list (``parameters``).
    if len(at) >= 2 and at[-2] in _MAP_KINDS:
        return _MAP_KINDS[str(at[-2])]
    return "schemas"


_MAP_KINDS = {
    "responses": "responses",
    "parameters": "parameters",
    "headers": "headers",
    "examples": "examples",
    "links": "links",
    "callbacks": "callbacks",
}


def _base_name(file: LoadedFile, path: JsonPath) -> str:
    """A component name from the target's last pointer segment, or its file's stem."""
    raw = str(path[-1]) if path else file.path.stem
    return re.sub(r"[^A-Za-z0-9_.-]", "_", raw) or "Component"


def rename_components(node: Any, names: dict[tuple[str, str], str]) -> Any:
    """``node`` with every local ``$ref`` to a renamed component (``(kind, name)`` -> new
    name) following the renaming; references into a component keep their tail."""
    if isinstance(node, dict):
        out = {k: rename_components(v, names) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            parts = pointer_to_path(ref[1:])
            key = (str(parts[1]), str(parts[2])) if len(parts) >= 3 else None
            if key is not None and key in names:
                out["$ref"] = "#" + path_to_pointer(("components", key[0], names[key], *parts[3:]))
        return out
    if isinstance(node, list):
        return [rename_components(v, names) for v in node]
    return node
