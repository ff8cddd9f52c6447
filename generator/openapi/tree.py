"""A folder of spec files, loaded once, with ``$ref`` resolution across files.

References are resolved only inside the spec root: a reference to a URL or to a file outside the
root is reported, never fetched or read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, Location
from .normalize import normalise_tree
from .pointer import path_to_pointer, pointer_to_path, walk
from .version import check_version, sniff_version, version_of
from .yamlload import JsonPath, LoadedFile, load_file

__all__ = ["RefError", "RefTarget", "SpecTree", "discover"]

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class RefTarget:
    file: LoadedFile
    path: JsonPath
    value: Any


class RefError(Exception):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class SpecTree:
    root: Path
    files: dict[Path, LoadedFile] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, files: list[Path] | None = None) -> SpecTree:
        """Load every spec file below ``root`` (or just ``files``, which must lie below it)."""
        root = root.resolve()
        tree = cls(root=root)
        paths = files if files is not None else discover(root)
        for path in sorted(p.resolve() for p in paths):
            tree.files[path] = _load(path)
        # Version first: a document the toolchain does not read is refused here, before any
        # stage reads it; then every 3.0 document is read as its 3.1 meaning.
        older = []
        for file in list(tree.files.values()):
            refused = check_version(file)
            if refused is not None:
                file.diagnostics.append(refused)
                file.data = None  # no later stage reads it
            elif version_of(file.data) == "3.0":
                older.append(file)
        normalise_tree(tree, older)
        return tree

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files.values() for d in f.diagnostics]

    def documents(self) -> Iterator[LoadedFile]:
        """Loaded files whose top level is a mapping, in path order."""
        for f in self.files.values():
            if isinstance(f.data, dict):
                yield f

    def file_for(self, path: Path) -> LoadedFile:
        path = path.resolve()
        if path not in self.files:
            self.files[path] = _load(path)
        return self.files[path]

    def resolve(self, ref: str, base: LoadedFile) -> RefTarget:
        """Resolve ``ref`` written in ``base``; raises ``RefError`` with a rule id."""
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            raise RefError(
                "ref-remote", f"$ref {ref!r} points outside the spec tree; it is not fetched"
            )
        target_file = base
        if parts.path:
            target = (base.path.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(self.root):
                raise RefError(
                    "ref-outside-root",
                    f"$ref {ref!r} leaves the spec folder; keep every referenced file inside it",
                )
            if not target.is_file():
                raise RefError(
                    "ref-missing-file", f"$ref {ref!r}: file {target.name} does not exist"
                )
            target_file = self.file_for(target)
            if target_file.data is None:
                raise RefError("ref-unloadable", f"$ref {ref!r}: {target.name} could not be loaded")
        try:
            path = pointer_to_path(unquote(parts.fragment))
        except ValueError as exc:
            raise RefError("ref-bad-pointer", f"$ref {ref!r}: {exc}") from None
        node, walked, missing = walk(target_file.data, path)
        if missing is not None:
            where = path_to_pointer(walked) or "/"
            hint = ""
            if isinstance(node, dict):
                close = difflib.get_close_matches(str(missing), [str(k) for k in node], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
            name = target_file.path.name
            raise RefError(
                "ref-unresolved",
                f"$ref {ref!r}: no {str(missing)!r} under {where} in {name}{hint}",
            )
        return RefTarget(target_file, walked, node)

    def deref(
        self, value: Any, base: LoadedFile, path: JsonPath
    ) -> tuple[Any, LoadedFile, JsonPath]:
        """Follow ``$ref`` chains from ``value``; returns the final value and where it lives."""
        seen: set[tuple[Path, JsonPath]] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            target = self.resolve(value["$ref"], base)
            key = (target.file.path, target.path)
            if key in seen:
                raise RefError("ref-cycle", f"$ref {value['$ref']!r} refers back to itself")
            seen.add(key)
            value, base, path = target.value, target.file, target.path
        return value, base, path

    def location(self, file: LoadedFile, path: JsonPath) -> Location:
        return file.location(path)


def _load(path: Path) -> LoadedFile:
    """One file, unless its first lines already show a version the toolchain refuses: a large
    document of the wrong version is refused without being parsed."""
    refused = sniff_version(path)
    return refused if refused is not None else load_file(path)


def discover(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in SPEC_SUFFIXES and not p.name.startswith(".")
    )
