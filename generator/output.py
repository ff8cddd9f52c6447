"""The output folder: its manifest, its atomic replacement, and staleness diffs against it."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "MANIFEST",
    "Stale",
    "compare",
    "json_sha256",
    "read_tree",
    "replace_tree",
    "sha256",
    "write_files",
]

MANIFEST = "specgen-manifest.json"


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def json_sha256(value: Any) -> str:
    """sha256 of ``value`` as canonical JSON (sorted keys; ``true`` and ``1`` differ; a value
    JSON cannot hold, such as a date YAML read, by its ``repr``): the content hash of the
    caches' keys and entries."""
    return sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr))


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def read_tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` (text), by POSIX relative path; caches are left out."""
    if not root.is_dir():
        return {}
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(
            part in ("__pycache__", ".mypy_cache", ".ruff_cache") or part.endswith(".egg-info")
            for part in rel.parts
        ):
            out[rel.as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return out


def replace_tree(out: Path, files: Mapping[str, str]) -> None:
    """Make ``out`` hold exactly ``files``: all of them or, on any failure, the old content.

    The new tree is written beside ``out`` and swapped in with two renames; if the process
    dies between them, the next run finds ``out`` missing and the old tree in ``.<name>.old``
    and puts it back before anything else. A file ``out`` holds already, byte for byte, is
    hard-linked into the new tree rather than written: after a one-operation edit, 6 of 525
    files change, and writing the 10 MB took 0.1 s.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.parent / f".{out.name}.old"
    restore_interrupted(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_files(new, _unlinked(out, new, files))
        if out.exists():
            os.replace(out, old)
            # Test-only fault injection (tests/test_hostile_specs.py): die by SIGKILL exactly
            # between the two renames, the one point a random kill rarely hits.
            if os.environ.get("CLOUDNET_FAULT") == "after-first-rename":
                os.kill(os.getpid(), signal.SIGKILL)
        try:
            os.replace(new, out)
        except BaseException:
            if old.exists() and not out.exists():
                os.replace(old, out)
            raise
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _unlinked(out: Path, new: Path, files: Mapping[str, str]) -> dict[str, str]:
    """The ``files`` left to write once those ``out`` holds already are linked into ``new``."""
    left: dict[str, str] = {}
    for rel, text in files.items():
        source, target = out / rel, new / rel
        try:
            if source.read_bytes() == text.encode():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, target)
                continue
        except OSError:  # not there, or no hard links on this file system: written
            pass
        left[rel] = text
    return left


def restore_interrupted(out: Path) -> None:
    """Undo a swap that was cut off between its two renames, and remove the half-written
    trees of runs that were killed (one run at a time writes an output folder)."""
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    old = out.parent / f".{out.name}.old"
    if old.exists():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, out)


@dataclass(frozen=True)
class Stale:
    path: str
    state: str  # "changed", "missing" (should exist), "extra" (should not)
    diff: str


def compare(
    current: Mapping[str, str], fresh: Mapping[str, str], context: int = 2, diffs: bool = True
) -> list[Stale]:
    """How ``current`` (on disk) differs from ``fresh`` (what generation produces); without
    ``diffs`` a changed file's diff is left empty (difflib takes a minute on the client module
    of a 1,000-operation API, and a run that rewrites the tree shows none)."""
    stale: list[Stale] = []
    for rel in sorted(set(current) | set(fresh)):
        if rel not in current:
            stale.append(Stale(rel, "missing", ""))
        elif rel not in fresh:
            stale.append(Stale(rel, "extra", ""))
        elif current[rel] != fresh[rel] and not diffs:
            stale.append(Stale(rel, "changed", ""))
        elif current[rel] != fresh[rel]:
            lines = difflib.unified_diff(
                current[rel].splitlines(keepends=True),
                fresh[rel].splitlines(keepends=True),
                f"a/{rel}",
                f"b/{rel}",
                n=context,
            )
            stale.append(Stale(rel, "changed", "".join(lines)))
    return stale


def manifest_text(
    generator_version: str,
    generator_hash: str,
    inputs_hash: str,
    specs: Mapping[str, str],
    files: Mapping[str, str],
) -> str:
    """The manifest: what produced the output, and a hash of every output file."""
    payload = {
        "generator": {"name": "specgen", "version": generator_version, "sha256": generator_hash},
        "inputs_sha256": inputs_hash,
        "specs": dict(sorted(specs.items())),
        "files": {rel: sha256(text) for rel, text in sorted(files.items())},
    }
    return json.dumps(payload, indent=2, sort_keys=False) + "\n"


def up_to_date(out: Path, inputs_hash: str) -> bool:
    """True when ``out`` was generated from exactly these inputs and no file was touched since."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or manifest.get("inputs_sha256") != inputs_hash:
        return False
    recorded = manifest.get("files", {})
    on_disk = read_tree(out)
    on_disk.pop(MANIFEST, None)
    if set(on_disk) != set(recorded):
        return False
    return all(sha256(text) == recorded[rel] for rel, text in on_disk.items())
