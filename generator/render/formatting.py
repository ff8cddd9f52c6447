"""ruff over the generated files: import sorting and formatting with the distribution's own
settings, after escaping the characters of the specs that would hide code (``visible``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..output import write_files

__all__ = ["FormatError", "Formatter", "visible"]


class FormatError(Exception):
    """ruff could not format the generated code (a generator bug: the code does not parse)."""


def _ruff() -> str:
    """The ruff binary installed beside this interpreter (pinned with the toolchain)."""
    here = Path(sys.executable).parent / "ruff"
    if here.is_file():
        return str(here)
    found = shutil.which("ruff")
    if found is None:
        raise FormatError("ruff is not installed beside the toolchain; run `make`")
    return found


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


class Formatter:
    """ruff over a scratch copy of the output tree, using the distribution's own ruff settings
    (its ``pyproject.toml`` is among the files), after escaping invisible characters from the
    specs (``visible``). The tree lives until closed, so that it can be formatted in two
    passes: most files first (``generate`` does it while the release step runs), then the few
    made after, which are written into the same tree and formatted by themselves. ruff's import
    sorting tells first-party modules by what the tree holds, so a later pass sees the same
    tree, and a file comes out the same as in a single pass."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=".specgen-"))
        # ``cancel`` may come from another thread than the one running ruff.
        self._lock = threading.Lock()
        self._running: subprocess.Popen[str] | None = None
        self._cancelled = False

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
        write_files(self.root, {rel: visible(text) for rel, text in files.items()})
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
            with self._lock:
                if self._cancelled:
                    raise FormatError("formatting was cancelled")
                self._running = subprocess.Popen(
                    [*cmd, "--no-cache", *targets],
                    cwd=self.root,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            out, err = self._running.communicate()
            if self._running.returncode != 0:
                detail = (err.strip() or out.strip())[:2000]
                raise FormatError(f"ruff {cmd[1]} failed on the generated code:\n{detail}")

    def cancel(self) -> None:
        """Stop ``ruff`` (running in another thread, or about to): the result is not wanted,
        as when validation finds an error while the files are being formatted."""
        with self._lock:
            self._cancelled = True
            if self._running is not None and self._running.poll() is None:
                self._running.kill()
