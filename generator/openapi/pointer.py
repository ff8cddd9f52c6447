"""JSON pointers, and the one resolver of references inside a self-contained document."""

from __future__ import annotations

from typing import Any

from .yamlload import JsonPath

__all__ = [
    "JsonPath",
    "follow_local",
    "path_to_pointer",
    "pointer_to_path",
    "resolve_local",
    "walk",
]


def pointer_to_path(pointer: str) -> JsonPath:
    """``/paths/~1a~1{b}/get`` -> ``("paths", "/a/{b}", "get")`` (list indices stay strings)."""
    if pointer in ("", "/"):
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer {pointer!r} must start with '/'")
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/"))


def path_to_pointer(path: JsonPath) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def walk(node: Any, path: JsonPath) -> tuple[Any, JsonPath, str | int | None]:
    """Follow ``path`` down from ``node``: the node reached, the path walked (list indices as
    ints), and the first part that is not there (None when all were)."""
    walked: list[str | int] = []
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
            walked.append(part)
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
            walked.append(int(part))
        else:
            return node, tuple(walked), part
    return node, tuple(walked), None


def resolve_local(document: Any, node: Any) -> Any:
    """``node`` with its chain of local ``$ref``s followed inside ``document`` (a bundle has no
    other kind); ``{}`` for a reference that is not local, leads nowhere or goes round."""
    return follow_local(document, node, ())[0]


def follow_local(document: Any, node: Any, path: JsonPath) -> tuple[Any, JsonPath]:
    """Like ``resolve_local``, also returning the path of the final node (``path`` itself when
    ``node`` is no reference)."""
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, path
        ref = node["$ref"]
        if not ref.startswith("#"):
            return {}, path
        try:
            parts = pointer_to_path(ref[1:])
        except ValueError:
            return {}, path
        target, walked, missing = walk(document, parts)
        if missing is not None:
            return {}, path
        node, path = target, walked
    return {}, path
