"""The finished files of each API subpackage, kept by the hash of everything they are made from.

A change to one API's spec then renders, formats and compiles only that API's subpackage: the
others come back from ``<cache>/apis/<key>.json`` exactly as a full build would make them (the
package's own files, which name every API, are always made anew). The key covers every input of
``models.render_models`` and ``render.render_api`` (the IR, the schema document, the field
aliases, the package name) and the toolchain hash (sources, templates, runtime and the versions
of the libraries that shape the output, ruff included). An entry is checked against its own
hash when read; a damaged or foreign one is ignored and rewritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .output import sha256

if TYPE_CHECKING:
    from .parse import ParsedApi

__all__ = ["api_key", "load_api_files", "store_api_files"]


def api_key(parsed: ParsedApi, package: str, toolchain: str) -> str:
    """The content hash of one API's output. Add any new input of ``render_api`` here."""
    return sha256(
        json.dumps(
            [
                toolchain,
                package,
                repr(parsed.api),  # frozen dataclasses of strings, numbers and tuples
                parsed.models_document,
                parsed.field_aliases,
                list(parsed.model_names),
            ],
            sort_keys=True,
            ensure_ascii=False,
        )
    )


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / "apis" / f"{key}.json"


def _digest(files: dict[str, str]) -> str:
    return sha256(json.dumps(files, sort_keys=True, ensure_ascii=False))


def load_api_files(cache_dir: Path | None, key: str) -> dict[str, str] | None:
    """The finished files stored under ``key``, or None (no cache, no entry, a damaged one)."""
    if cache_dir is None:
        return None
    try:
        entry = json.loads(_entry(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    files = entry.get("files") if isinstance(entry, dict) else None
    if (
        not isinstance(files, dict)
        or not files
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        or entry.get("key") != key
        or entry.get("sha256") != _digest(files)
    ):
        return None
    return files


def store_api_files(cache_dir: Path | None, key: str, files: dict[str, str]) -> None:
    """Keep ``files`` under ``key``; a cache that cannot be written only costs time."""
    if cache_dir is None:
        return
    path = _entry(cache_dir, key)
    payload = {"key": key, "sha256": _digest(files), "files": files}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8", newline="\n")
        os.replace(tmp, path)  # whole or absent, even with two runs at once
    except OSError:
        pass
