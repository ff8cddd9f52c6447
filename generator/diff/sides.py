"""The two sides of a diff: a folder of specs, the same folder at a git revision, or the spec
snapshot the generator keeps beside the client it released.

Each side is a set of bundled API documents (cross-file ``$ref``s pulled in, so following a
reference never leaves the document) keyed by the document's path below the spec folder without
its suffix (``huawei/dc``), each with a way to find the ``file:line:col`` of one of its nodes.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Location, format_diagnostic
from ..openapi.bundle import Bundle, bundle_document
from ..openapi.documents import api_documents, api_name
from ..openapi.tree import SpecTree
from ..openapi.yamlload import JsonPath

__all__ = [
    "ApiDoc",
    "Side",
    "SideError",
    "load_dir",
    "load_git",
    "load_side",
    "shown_from_here",
    "side_of",
    "side_of_bundles",
    "snapshot_side",
    "snapshot_text",
]

#: (shown file, line, col) of a node, or None when the side has no positions.
Where = tuple[str, int, int]


class SideError(Exception):
    """A side could not be loaded (not a folder nor a git revision, or unreadable specs)."""


@dataclass
class ApiDoc:
    document: dict[str, Any]
    locate: Callable[[JsonPath], Where | None] = field(default=lambda _path: None)


@dataclass
class Side:
    label: str
    apis: dict[str, ApiDoc]


def side_of(tree: SpecTree, label: str, shown: Callable[[Path], str]) -> Side:
    """The API documents of a loaded tree, bundled, with ``shown`` naming their files."""
    bundles = {api_name(tree, file): bundle_document(tree, file) for file in api_documents(tree)}
    return side_of_bundles(bundles, label, shown)


def side_of_bundles(
    bundles: Mapping[str, Bundle], label: str, shown: Callable[[Path], str]
) -> Side:
    """A side of API documents bundled already (by API name), ``shown`` naming their files."""
    apis: dict[str, ApiDoc] = {}
    for key, bundle in bundles.items():

        def locate(path: JsonPath, bundle: Bundle = bundle) -> Where:
            loc = bundle.location_of(path)
            return (shown(loc.file), loc.line, loc.col)

        apis[key] = ApiDoc(bundle.document, locate)
    return Side(label, apis)


def shown_from_here(path: Path) -> str:
    """A spec file as the user named it: relative to the working directory where it can be."""
    return Location(path).shown_file()


def _load_tree(root: Path) -> SpecTree:
    tree = SpecTree.load(root)
    errors = [d for d in tree.diagnostics if d.is_error]
    if errors:
        shown = "\n".join(format_diagnostic(d) for d in errors[:20])
        raise SideError(f"the specs in {root} do not load:\n{shown}")
    return tree


def load_dir(root: Path, label: str | None = None) -> Side:
    """The specs below a folder; files are shown relative to the working directory."""
    if not root.is_dir():
        raise SideError(f"{root}: not a folder")
    return side_of(_load_tree(root), label or str(root), shown_from_here)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def load_git(ref: str, specs_dir: Path) -> Side:
    """The spec folder ``specs_dir`` as it is at git revision ``ref`` (read with ``git
    archive``; the working tree and the index are not touched). Files are shown as
    ``REF:path/in/repo``."""
    specs_dir = specs_dir.resolve()
    probe = specs_dir if specs_dir.is_dir() else Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], probe)
    if top.returncode != 0:
        raise SideError(f"{ref!r} is not a folder, and {probe} is not in a git repository")
    root = Path(top.stdout.decode().strip()).resolve()
    try:
        rel = specs_dir.relative_to(root).as_posix()
    except ValueError:
        raise SideError(f"{specs_dir} is not inside the git repository {root}") from None
    commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    if commit.returncode != 0:
        raise SideError(f"{ref!r} is neither a folder nor a git revision")
    tree_ish = f"{commit.stdout.decode().strip()}:{'' if rel == '.' else rel}"
    archive = _git(["archive", "--format=tar", tree_ish], root)
    if archive.returncode != 0:
        detail = archive.stderr.decode(errors="replace").strip()
        raise SideError(f"{ref}: no folder {rel!r} at that revision ({detail})")
    with tempfile.TemporaryDirectory(prefix="specgen-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        base = Path(tmp).resolve()
        tree = _load_tree(base)

        def shown(path: Path) -> str:
            try:
                inner = path.resolve().relative_to(base).as_posix()
            except ValueError:
                return str(path)
            return f"{ref}:{inner if rel == '.' else rel + '/' + inner}"

        # Positions stay usable once the folder is removed: a loaded file keeps its text in
        # memory and never reads the disk again.
        return side_of(tree, ref, shown)


def load_side(spec: str, specs_dir: Path) -> Side:
    """A folder when ``spec`` names one, else a git revision of ``specs_dir``."""
    path = Path(spec)
    if path.is_dir():
        return load_dir(path, spec)
    return load_git(spec, specs_dir)


def snapshot_side(text: str, label: str) -> Side:
    """The side kept in a snapshot written by ``snapshot_text`` (no positions)."""
    try:
        data = json.loads(text)
        apis = data["apis"]
        if not isinstance(apis, dict):
            raise TypeError("apis is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise SideError(f"{label}: not a spec snapshot ({exc})") from None
    return Side(label, {str(k): ApiDoc(v) for k, v in apis.items() if isinstance(v, dict)})


def snapshot_text(side: Side) -> str:
    """The bundled documents of ``side`` as one JSON text (deterministic: document order)."""
    payload = {
        "generated_by": (
            "specgen: the bundled specs of the last version, which the next `specgen generate` "
            "diffs against for CHANGELOG.md and the version; do not edit"
        ),
        "format": 1,
        "apis": {key: side.apis[key].document for key in sorted(side.apis)},
    }
    # ASCII only: no character of the specs can hide in it (output.visible).
    return _lines(payload, 0) + "\n"


# Objects are laid out a member a line down to this depth, so a change to one operation or one
# schema is a diff of its line: the payload, "apis", each API, its top-level keys (paths,
# components), their entries (a path, a kind of component); below, each value (an operation, a
# schema) is one line. json.dumps with an indent is pure Python and took two of the nine seconds
# of a one-operation edit on a 1,000-operation spec; without an indent it is C.
_EXPANDED_DEPTH = 5


def _lines(value: Any, depth: int) -> str:
    if depth >= _EXPANDED_DEPTH or not isinstance(value, dict) or not value:
        return json.dumps(value, ensure_ascii=True)
    pad = " " * (depth + 1)
    members = (
        f"{pad}{json.dumps(_json_key(key), ensure_ascii=True)}: {_lines(item, depth + 1)}"
        for key, item in value.items()
    )
    return "{\n" + ",\n".join(members) + "\n" + " " * depth + "}"


def _json_key(key: object) -> str:
    """A key as json.dumps writes it (YAML reads ``200:`` as an integer key)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
