"""The version and changelog of the generated distribution, kept in step with the specs.

The output folder of the last generation holds what is needed to continue it, so generation
needs neither git nor the clock:

- ``pyproject.toml``: the version released last;
- ``CHANGELOG.md``: one entry per version, newest first;
- ``.specgen/specs-snapshot.json``: the bundled API documents that version was made from.

A new generation diffs the specs against the snapshot. No change: the version and the
changelog stay as they are (so regenerating an up-to-date tree, as ``specgen check`` does,
changes nothing). Changes: the version is bumped (breaking: major, or minor below 1.0;
non-breaking: minor; info only: patch) and an entry listing the changes in words is put on
top. The snapshot is always rewritten from the specs. Without a snapshot (a first generation,
or a new output folder) the specs become the first snapshot, at the version the folder's
``pyproject.toml`` has or else the toolchain's.

Entries carry no date: the output must be the same whenever and wherever it is made; the date
of a version is the date of the commit that added its entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..output import restore_interrupted
from .compare import Change, diff_sides
from .rules import Severity
from .sides import Side, SideError, snapshot_side, snapshot_text

__all__ = ["CHANGELOG", "SNAPSHOT", "Release", "bump", "read_released", "release"]

CHANGELOG = "CHANGELOG.md"
SNAPSHOT = ".specgen/specs-snapshot.json"
PYPROJECT = "pyproject.toml"


@dataclass
class Release:
    version: str
    files: dict[str, str]
    changes: list[Change] = field(default_factory=list)


def read_released(out_dir: Path | None) -> dict[str, str]:
    """The files of ``out_dir`` that the next release continues (those that exist)."""
    found: dict[str, str] = {}
    if out_dir is None:
        return found
    # A run killed between the two renames of its swap left no ``out_dir`` and the last release
    # in ``.<name>.old``: put it back first, or this run would start the changelog over.
    restore_interrupted(out_dir.resolve())
    for rel in (PYPROJECT, CHANGELOG, SNAPSHOT):
        path = out_dir / rel
        if path.is_file():
            found[rel] = path.read_text(encoding="utf-8")
    return found


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def bump(version: str, changes: Sequence[Change]) -> str:
    """The next version after ``version`` for these changes (``version`` when none)."""
    if not changes:
        return version
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(p) for p in match.groups())
    worst = min(c.severity.rank for c in changes)
    if worst == Severity.BREAKING.rank and major >= 1:
        return f"{major + 1}.0.0"
    if worst in (Severity.BREAKING.rank, Severity.NON_BREAKING.rank):
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _released_version(previous: Mapping[str, str]) -> str | None:
    text = previous.get(PYPROJECT)
    if text is None:
        return None
    try:
        version = tomllib.loads(text)["project"]["version"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) and _VERSION.match(version) else None


def _header(distribution: str) -> str:
    # Plain Markdown (no HTML comment): the docs site renders this file with raw HTML escaped.
    return (
        "# Changelog\n\n"
        f"Each version of `{distribution}` and what changed in the specs it is generated from. "
        "A breaking change bumps the major version (the minor below 1.0), an addition the "
        "minor, anything else the patch. Written by `specgen generate` from the diff of the "
        "specs against the snapshot of the last version (`.specgen/specs-snapshot.json`); "
        "not edited by hand.\n"
    )


def _entries(changelog: str | None) -> str:
    """The entries of a changelog (from its first ``## `` heading on)."""
    if not changelog:
        return ""
    match = re.search(r"^## ", changelog, flags=re.MULTILINE)
    return changelog[match.start() :] if match else ""


_TITLES = {
    Severity.BREAKING: "Breaking changes",
    Severity.NON_BREAKING: "Additions and other compatible changes",
    Severity.INFO: "Documentation and other changes",
}


def entry(version: str, changes: Sequence[Change]) -> str:
    lines = [f"## {version}", ""]
    for severity in Severity:
        group = [c for c in changes if c.severity is severity]
        if not group:
            continue
        lines += [f"{_TITLES[severity]}:", ""]
        for c in group:
            where = f"{c.api}, {c.operation}" if c.operation else c.api
            lines.append(f"- {where}: {c.message} (`{c.rule_id}`)")
        lines.append("")
    return "\n".join(lines)


def _first_entry(version: str, head: Side) -> str:
    apis = ", ".join(f"`{key}`" for key in sorted(head.apis))
    return f"## {version}\n\nThe first version with a changelog, generated from {apis}.\n"


def release(
    head: Side, previous: Mapping[str, str], initial_version: str, distribution: str
) -> Release:
    """The version, ``CHANGELOG.md`` and snapshot of output generated from ``head``, continuing
    the ``previous`` files of the output folder (see ``read_released``)."""
    version = _released_version(previous)
    snapshot = snapshot_text(head)
    base: Side | None = None
    if SNAPSHOT in previous and version is not None:
        try:
            base = snapshot_side(previous[SNAPSHOT], "the last version")
        except SideError:
            base = None
    if base is None:
        version = version or initial_version
        changelog = (
            _header(distribution)
            + "\n"
            + (_entries(previous.get(CHANGELOG)) or _first_entry(version, head))
        )
        return Release(version, {CHANGELOG: changelog, SNAPSHOT: snapshot})
    assert version is not None
    # The same snapshot text: the same specs, nothing to walk.
    changes = [] if previous[SNAPSHOT] == snapshot else diff_sides(base, head)
    new_version = bump(version, changes)
    entries = _entries(previous.get(CHANGELOG)) or _first_entry(version, base)
    if changes:
        entries = entry(new_version, changes) + "\n" + entries
    changelog = _header(distribution) + "\n" + entries
    return Release(new_version, {CHANGELOG: changelog, SNAPSHOT: snapshot}, changes)
