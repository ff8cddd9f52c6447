"""What a check found clean before, kept by content hash, so an edit re-checks what it changed.

A check that walks a whole document (openapi-spec-validator's walk, the examples against their
schemas) takes seconds on a 1,000-operation spec. After a one-operation edit, nearly every part
of the document is what it was. A check records the keys of the parts it found clean, each key a
hash of everything that part's verdict depends on; the next run checks only the parts whose key
it has not seen.

Only clean verdicts are kept: a part with a problem is checked again on every run, so its
diagnostics are always fresh (and a spec with errors is not the edit loop's steady state).
Written by hand: this is a set of hashes in a JSON file, no library's job.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..openapi.pointer import pointer_to_path
from ..openapi.tree import RefError, SpecTree
from ..openapi.walk import iter_refs
from ..openapi.yamlload import LoadedFile
from ..output import sha256

__all__ = ["CleanKeys", "ref_into_paths", "refs_into_paths", "versions"]


def versions(*distributions: str, sources: Iterable[Path] = ()) -> list[str]:
    """What a verdict also depends on: the checking libraries' versions and the check's own
    source files."""
    out = [f"{d}=={metadata.version(d)}" for d in distributions]
    out += [sha256(p.read_bytes()) for p in sources]
    return out


def refs_into_paths(tree: SpecTree, file: LoadedFile, data: Any, *, schema: bool = False) -> bool:
    """Whether a ``$ref`` under ``data`` (written in ``file``) points at a document's root or
    into its ``paths``, or does not resolve."""
    return any(ref_into_paths(tree, file, ref) for _, ref in iter_refs(data, schema=schema))


def ref_into_paths(tree: SpecTree, file: LoadedFile, ref: str) -> bool:
    """``refs_into_paths`` of one reference. One inside the same file is read from its pointer
    alone (most of a large spec's references: no walk to the target)."""
    if ref.startswith("#"):
        try:
            head = pointer_to_path(unquote(ref[1:]))[:1]
        except ValueError:
            return True
    else:
        try:
            head = tree.resolve(ref, file).path[:1]
        except RefError:
            return True
    return head in ((), ("paths",))


class CleanKeys:
    """The keys one check found clean for one scope (a document), in
    ``<cache>/clean/<check>-<scope hash>.json``. Without a cache folder nothing is known or
    kept."""

    def __init__(self, cache_dir: Path | None, check: str, scope: str) -> None:
        self.path = (
            None if cache_dir is None else cache_dir / "clean" / f"{check}-{sha256(scope)}.json"
        )
        self.known: frozenset[str] = frozenset()
        if self.path is not None:
            try:
                keys = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
                    self.known = frozenset(keys)
            except (OSError, UnicodeDecodeError, ValueError):
                pass  # no entry, or a damaged one: nothing is known

    def __contains__(self, key: object) -> bool:
        return key in self.known

    def keep(self, keys: Iterable[str]) -> None:
        """Record ``keys`` as the clean ones (the stale ones are dropped); a cache that cannot
        be written only costs time."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(sorted(set(keys))), encoding="utf-8")
            os.replace(tmp, self.path)  # whole or absent, even with two runs at once
        except OSError:
            pass
