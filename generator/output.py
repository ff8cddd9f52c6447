"""Formatting, the manifest, atomic replacement of the output folder, and staleness diffs."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "MANIFEST",
    "FormatError",
    "Formatter",
    "Stale",
    "compare",
    "formatted",
    "json_sha256",
    "read_tree",
    "replace_tree",
    "sha256",
]

MANIFEST = "specgen-manifest.json"


class FormatError(Exception):
    """ruff could not format the generated code (a generator bug: the code does not parse)."""


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def json_sha256(value: Any) -> str:
    """sha256 of ``value`` as canonical JSON (sorted keys; ``true`` and ``1`` differ; a value
    JSON cannot hold, such as a date YAML read, by its ``repr``): the content hash of the
    caches' keys and entries."""
    return sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr))


def _ruff() -> str:
    """The ruff binary installed beside this interpreter (pinned with the toolchain)."""
    here = Path(sys.executable).parent / "ruff"
    if here.is_file():
        return str(here)
    found = shutil.which("ruff")
    if found is None:
        raise FormatError("ruff is not installed beside the toolchain; run `make`")
    return found


def _write(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def visible(text: str) -> str:
    """``text`` with control, bidirectional and zero-width characters written as escapes.

    Spec text only reaches generated files inside string literals, docstrings and comments,
    where ``\\x1b`` means what the raw character meant; written raw, such characters hide
    code from reviewers ("Trojan Source") or break files (NUL).
    """
    return _INVISIBLE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def formatted(files: Mapping[str, str]) -> dict[str, str]:
    """The files with their Python sources import-sorted and formatted by ruff, using the
    distribution's own ruff settings (its ``pyproject.toml`` is among the files). Invisible
    characters from the specs are escaped first (``visible``)."""
    with Formatter() as formatter:
        return formatter.format(files)


class Formatter:
    """ruff over a scratch copy of the output tree that lives until closed, so that the tree
    can be formatted in two passes: most files first (``generate`` does it while the release
    step runs), then the few made after, which are written into the same tree and formatted by
    themselves. ruff's import sorting tells first-party modules by what the tree holds, so a
    later pass sees the same tree, and a file comes out the same as in a single pass."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=".specgen-"))

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def format(self, files: Mapping[str, str]) -> dict[str, str]:
        """``files`` written into the tree (over what it held) and formatted; every one of them
        is returned, the Python sources formatted, the rest only escaped (``visible``)."""
        self.ruff(self.write(files))
        return self.read(files)

    def write(self, files: Mapping[str, str]) -> list[str]:
        """``files`` escaped (``visible``) and written into the tree; their Python sources."""
        _write(self.root, {rel: visible(text) for rel, text in files.items()})
        return sorted(rel for rel in files if rel.endswith(".py"))

    def read(self, names: Iterable[str]) -> dict[str, str]:
        return {rel: (self.root / rel).read_text(encoding="utf-8") for rel in names}

    def ruff(self, sources: list[str]) -> None:
        """ruff's import sorting and formatting of ``sources`` in place: no Python work but
        waiting for ruff, so that a thread can run it beside this process's own."""
        if not sources:
            return
        ruff = _ruff()
        steps = (
            [ruff, "check", "--fix", "--select", "I,F401,UP006,UP035", "--exit-zero", "--quiet"],
            [ruff, "format"],
        )
        # Named one by one only when few: a command line of thousands of paths is long.
        targets = sources if len(sources) <= 100 else ["."]
        for cmd in steps:
            done = subprocess.run(
                [*cmd, "--no-cache", *targets],
                cwd=self.root,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                detail = (done.stderr.strip() or done.stdout.strip())[:2000]
                raise FormatError(f"ruff {cmd[1]} failed on the generated code:\n{detail}")


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
        _write(new, _unlinked(out, new, files))
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
