"""Every ``$ref`` in every file must resolve inside the spec tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic
from ..spectree import RefError, SpecTree
from ..yamlload import JsonPath

__all__ = ["check_refs", "iter_refs"]

# Keys whose values are data (examples, defaults, enum members) or free-form extensions: a "$ref"
# key inside them is content, not a reference.
_DATA_KEYS = frozenset({"example", "default", "enum", "const"})


def iter_refs(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    stack: list[tuple[Any, JsonPath]] = [(data, path)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield (*here, "$ref"), ref
            for key, value in node.items():
                if key in _DATA_KEYS or key.startswith("x-"):
                    continue
                if key == "examples" and isinstance(value, list):  # JSON Schema examples: data
                    continue
                if key == "value" and len(here) >= 2 and here[-2] == "examples":
                    continue  # the value of an Example Object
                stack.append((value, (*here, key)))
        elif isinstance(node, list):
            stack.extend((item, (*here, i)) for i, item in enumerate(node))


def check_refs(tree: SpecTree) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for file in list(tree.documents()):
        for path, ref in iter_refs(file.data):
            try:
                tree.resolve(ref, file)
            except RefError as exc:
                diags.append(Diagnostic(file.location(path), exc.rule, exc.message))
    return diags
