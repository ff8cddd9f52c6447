"""The finished files of each API subpackage, kept by the hash of everything they are made from.

A change to one API's spec then renders, formats and compiles only that API's subpackage: the
others come back from ``<cache>/apis/<key>.jsonl`` exactly as a full build would make them (the
package's own files, which name every API, are always made anew). The key covers every input of
``models.render_models`` and ``render.render_api`` (the IR, the schema document, the field
aliases, the package name) and the toolchain hash (sources, templates, runtime and the versions
of the libraries that shape the output, ruff included).

Within a changed API, its model modules are kept the same way by ``models_key``
(``<cache>/models-files/``): an edit that leaves the schemas alone (a summary, a parameter)
renders, formats and compiles the client module alone; on a 1,000-operation API the models are
hundreds of modules, parsed (``enumtypes``) and split (``lazymodels``) in several CPU seconds.

An entry (two lines of JSON: the key and hash, then the payload) is checked against its own
hash when read; a damaged or foreign one is ignored and rewritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import json_sha256, sha256

if TYPE_CHECKING:
    from .ir.parse import ParsedApi
    from .render import ModelFiles, OperationTexts

__all__ = [
    "api_key",
    "load_api_files",
    "load_model_files",
    "load_operation_texts",
    "models_key",
    "operation_texts_key",
    "schemas_digest",
    "store_api_files",
    "store_model_files",
    "store_operation_texts",
]


def schemas_digest(parsed: ParsedApi) -> str:
    """The hash of what an API's models module is made from (``models.render_models_cached``):
    its schema document, the field aliases and the names it must define. Computed once per API
    for both keys (the document of a large API is megabytes of JSON)."""
    return json_sha256([parsed.models_document, parsed.field_aliases, list(parsed.model_names)])


def api_key(parsed: ParsedApi, schemas: str, package: str, toolchain: str) -> str:
    """The content hash of one API's output (``schemas``: ``schemas_digest``). Add any new
    input of ``render_api`` here."""
    # The IR: frozen dataclasses of strings, numbers and tuples.
    return sha256(json.dumps([toolchain, package, repr(parsed.api), schemas], ensure_ascii=False))


def models_key(parsed: ParsedApi, schemas: str, package: str, toolchain: str) -> str:
    """The content hash of one API's model modules (``render.render_model_files``): the schemas
    and what the modules take from the IR. Add any new input of ``render_model_files`` here."""
    from .render import model_roots

    api = parsed.api
    return sha256(
        json.dumps(
            [toolchain, package, schemas, api.package, api.spec_file, api.title, model_roots(api)],
            ensure_ascii=False,
        )
    )


def operation_texts_key(parsed: ParsedApi, package: str, toolchain: str) -> str:
    """Where an API's operation texts (``render.OperationTexts``) are kept: one entry per API
    and toolchain, holding the texts of its last build (each text has its own hash inside)."""
    return sha256(json.dumps([toolchain, package, parsed.api.package], ensure_ascii=False))


def _entry(cache_dir: Path, kind: str, key: str) -> Path:
    return cache_dir / kind / f"{key}.jsonl"


def _load(cache_dir: Path | None, kind: str, key: str) -> dict[str, Any] | None:
    """The payload stored under ``key``, or None (no cache, no entry, a damaged one)."""
    if cache_dir is None:
        return None
    try:
        head, _, body = _entry(cache_dir, kind, key).read_text(encoding="utf-8").partition("\n")
        entry = json.loads(head)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if entry.get("sha256") != sha256(body):
            return None
        payload = json.loads(body)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    files = payload.get("files") if isinstance(payload, dict) else None
    if (
        not isinstance(files, dict)
        or not files
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    ):
        return None
    return payload  # type: ignore[no-any-return]


def load_api_files(cache_dir: Path | None, key: str) -> dict[str, str] | None:
    """The finished files of an API stored under ``key``, or None."""
    payload = _load(cache_dir, "apis", key)
    return None if payload is None else payload["files"]


def store_api_files(cache_dir: Path | None, key: str, files: dict[str, str]) -> None:
    """Keep an API's finished ``files`` under ``key``."""
    _store(cache_dir, "apis", key, {"files": files})


def load_model_files(cache_dir: Path | None, key: str) -> ModelFiles | None:
    """The finished model modules of an API stored under ``key``, or None."""
    from .render import ModelFiles

    payload = _load(cache_dir, "models-files", key)
    try:
        return None if payload is None else ModelFiles.from_json(payload)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def store_model_files(cache_dir: Path | None, key: str, models: ModelFiles) -> None:
    """Keep an API's finished model modules under ``key``."""
    _store(cache_dir, "models-files", key, models.to_json())


def _store(cache_dir: Path | None, kind: str, key: str, payload: dict[str, Any]) -> None:
    """Keep ``payload`` under ``key``; a cache that cannot be written only costs time.

    An entry is a line of JSON with the key and the hash of the rest, then the payload as
    JSON: the hash is of the text as written, so neither storing nor loading encodes the
    payload a second time to check it (an API's entry is megabytes: after an edit of one
    operation of a 1,000-operation API, that was a tenth of a second)."""
    if cache_dir is None:
        return
    path = _entry(cache_dir, kind, key)
    body = json.dumps(payload, ensure_ascii=False)
    head = json.dumps({"key": key, "sha256": sha256(body)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(f"{head}\n{body}", encoding="utf-8", newline="\n")
        os.replace(tmp, path)  # whole or absent, even with two runs at once
    except OSError:
        pass


def load_operation_texts(cache_dir: Path | None, key: str) -> OperationTexts:
    """The operation texts stored under ``key`` (none known without an entry)."""
    from .render import OperationTexts

    payload = _load(cache_dir, "operation-texts", key)
    return OperationTexts({} if payload is None else payload["files"], {})


def store_operation_texts(cache_dir: Path | None, key: str, texts: OperationTexts) -> None:
    """Keep the texts a build used under ``key``."""
    if texts.used:
        _store(cache_dir, "operation-texts", key, {"files": texts.used})
