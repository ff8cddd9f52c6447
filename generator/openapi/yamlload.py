"""Load one YAML (or JSON) spec file into plain JSON data, and the position of every node.

Two readers:

- A fast one, for a file that is plain JSON data: the C ``json`` module for JSON text, yaml-rs
  (Rust) for YAML. It keeps no positions; they are computed from the text when a location is
  first asked for (a diagnostic), for that file alone. yaml-rs reads YAML 1.2 as ruamel.yaml
  does (``yes`` is a string, ``0o17`` an int, ``1_000`` an int). Whatever it could read
  differently, or that is a problem to report, is left to the second reader: a tag, a directive,
  a second document, a byte order mark, a merge key, a character YAML does not allow (a scan of
  the text first), a duplicate key, a key that is not a string, a timestamp or another value
  that is not JSON (a walk of the result), a syntax error.
- ruamel.yaml's round-trip loader, because it records line and column for each mapping key,
  mapping value and sequence item; the loaded tree is then copied into plain ``dict``/``list``/
  scalars (the JSON data model OpenAPI is defined on) with a side table of positions keyed by
  JSON pointer. YAML-only features that have no JSON meaning are reported, not silently
  converted.

Both give the same data for a file the fast reader takes (``tests/test_yamlload.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml_rs
from ruamel.yaml import YAML, resolver
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import Reader, ReaderError

from ..diagnostics import Diagnostic, Location, Severity

__all__ = ["JsonPath", "LoadedFile", "load_file", "load_text"]

JsonPath = tuple[str | int, ...]

# The only explicit tags that keep a document inside the JSON data model.
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null")
)
# A document expanding to more nodes than this is refused (alias "billion laughs" bombs).
MAX_NODES = 2_000_000


@dataclass(eq=False)
class LoadedFile:
    """A spec file as JSON data plus the 1-based (line, col) of every node, by JSON pointer.

    A file read on the fast path (JSON text, parsed by the C ``json`` module) keeps its text
    and computes positions only when a location is first asked for: a valid file never pays
    for them.
    """

    path: Path
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _deferred_text: str | None = field(default=None, repr=False)
    #: The data as written, where ``data`` was normalised from it (an OpenAPI 3.0 document and
    #: the fragments it refers to: ``openapi/normalize.py``); else None.
    raw: Any = field(default=None, repr=False)
    #: Paths of normalised nodes -> where they were written (a moved node keeps its position).
    aliases: dict[JsonPath, JsonPath] = field(default_factory=dict, repr=False)

    @property
    def written(self) -> Any:
        """The data as written in the file."""
        return self.data if self.raw is None else self.raw

    def _positions(self) -> dict[JsonPath, tuple[int, int]]:
        if self._deferred_text is not None:
            self.positions = _load_located(self._deferred_text, self.path).positions
            self._deferred_text = None
        return self.positions

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def location(self, path: JsonPath) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        positions = self._positions()
        probe = self._written_path(tuple(path))
        while probe:
            pos = positions.get(probe)
            if pos is not None:
                return Location(self.path, pos[0], pos[1])
            probe = probe[:-1]
        pos = positions.get((), (1, 1))
        return Location(self.path, pos[0], pos[1])

    def _written_path(self, path: JsonPath) -> JsonPath:
        """``path`` in the data as written: normalised nodes' aliases followed, longest prefix
        first (a node can have moved more than once, e.g. nested nullable wrappers)."""
        for _ in range(len(path) + 1):
            if not self.aliases:
                return path
            for end in range(len(path), 0, -1):
                if path[:end] in self.aliases:
                    path = self.aliases[path[:end]] + path[end:]
                    break
            else:
                return path
        return path


class _TooLarge(Exception):
    pass


class _Converter:
    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.nodes = 0

    def error(
        self, path: JsonPath, rule: str, message: str, sev: Severity = Severity.ERROR
    ) -> None:
        self.loaded.diagnostics.append(Diagnostic(self.loaded.location(path), rule, message, sev))

    def convert(self, node: Any, path: JsonPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag and tag not in _CORE_TAGS:
            self.error(
                path, "yaml-tag", f"YAML tag {tag!r} is not allowed; specs are plain JSON data"
            )
            return None
        if isinstance(node, TaggedScalar):
            return str(node.value)
        if isinstance(node, CommentedMap):
            return self._mapping(node, path)
        if isinstance(node, CommentedSeq):
            out_list: list[Any] = []
            for index, item in enumerate(node):
                sub = (*path, index)
                line, col = node.lc.item(index)
                self.loaded.positions[sub] = (line + 1, col + 1)
                out_list.append(self.convert(item, sub))
            return out_list
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return str(node)
        if isinstance(node, (dt.date, dt.datetime)):
            self.error(
                path,
                "yaml-timestamp",
                f"unquoted timestamp {node.isoformat()!r} is read by YAML as a date, not a string; "
                "quote it",
            )
            return node.isoformat()
        self.error(path, "yaml-value", f"value of type {type(node).__name__} has no JSON meaning")
        return None

    def _mapping(self, node: CommentedMap, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(key, str):
                name = str(key)
            else:
                name = str(key).lower() if isinstance(key, bool) else str(key)
                try:
                    kline, kcol = node.lc.key(key)
                except (KeyError, TypeError):
                    kline, kcol = node.lc.line, node.lc.col
                self.loaded.diagnostics.append(
                    Diagnostic(
                        Location(self.loaded.path, kline + 1, kcol + 1),
                        "yaml-key-type",
                        f"mapping key {key!r} is a {type(key).__name__}, JSON keys are strings; "
                        f'quote it ("{name}")',
                        Severity.WARNING,
                    )
                )
            sub = (*path, name)
            try:
                line, col = node.lc.value(key)
            except (KeyError, TypeError):
                line, col = node.lc.key(key)
            self.loaded.positions[sub] = (line + 1, col + 1)
            out[name] = self.convert(value, sub)
        return out


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


class _NotPlainJson(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _NotPlainJson  # the YAML loader reports the duplicate, with its position
    return out


def _no_constants(name: str) -> Any:
    raise _NotPlainJson  # NaN and Infinity are not JSON


# Read by ruamel.yaml as a timestamp when unquoted (its own pattern): a diagnostic there.
_TIMESTAMP = next(
    pattern
    for _, tag, pattern, _ in resolver.implicit_resolvers
    if tag == "tag:yaml.org,2002:timestamp"
)
_SCALARS = (str, int, float, bool, type(None))
_STR = frozenset({str})
_DIGITS = frozenset("0123456789")
#: ``_load_fast``'s answer for a text the slow reader must read.
_SLOW: Any = object()
# The characters YAML allows, for an ASCII text: deleted, what is left is not allowed.
_ASCII_ALLOWED = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])


def _occurrences(text: str, needle: str) -> Iterator[int]:
    """Where ``needle`` stands in ``text`` (``str.find`` in a loop: far faster on megabytes
    than a regular expression that must try every position)."""
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _node_start(text: str, at: int) -> bool:
    """Whether a plain scalar or a tag could begin at ``at``: only blanks between it and the
    start of its line or an indicator (``key: x``, ``- x``, ``[x``, ``{a: x}``, ``? x``)."""
    before = at - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    if before < 0 or text[before] in "\r\n[{,":
        return True
    return text[before] in ":?-" and before < at - 1  # "key: x", "- x", "? x", not "a-x"


def _plain_scalar(text: str, value: str) -> bool:
    """Whether ``value`` is written unquoted somewhere in ``text``: at a node start and alone up
    to the end of its line, a flow separator or a comment."""
    for at in _occurrences(text, value):
        end = at + len(value)
        after = text[end : end + 2]
        if (not after or after[0] in "\r\n,]}" or after in (" #", "\t#") or after.isspace()) and (
            _node_start(text, at) or (at > 0 and text[at - 1] in "[{,")
        ):
            return True
    return False


def _risky_text(text: str) -> bool:
    """What yaml-rs could read otherwise than ruamel.yaml does, or without the diagnostic
    ruamel.yaml gives: a tag, a directive, a document marker after the first line (a second
    document), a byte order mark, a merge key, a character YAML does not allow. A false alarm
    (a description saying "a != b" where a tag could start) only costs the slow reader."""
    if "\ufeff" in text or "<<" in text:
        return True
    # A tag; an indicator where a node starts, which ruamel.yaml reads otherwise ("?0" as the
    # key "0", "{:0: 1}" as an error) than yaml-rs and YAML 1.2 do (the string "?0", ":0").
    if any(_node_start(text, at) for mark in "!?:" for at in _occurrences(text, mark)):
        return True
    if text.startswith("%") or "\n%" in text:
        return True
    for marker in ("\n---", "\n..."):
        for at in _occurrences(text, marker):
            if text[at + 4 : at + 5] in ("", " ", "\t", "\r", "\n"):
                return True
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_ALLOWED))
    return Reader.NON_PRINTABLE.search(text) is not None


def _plain(data: Any, text: str) -> bool:
    """Whether ``data`` (read from ``text``) is what ruamel.yaml reads: string keys, no value
    JSON has no word for (a set, ...), no timestamp written unquoted, at most ``MAX_NODES``
    nodes."""
    if not isinstance(data, (dict, list)):
        return False  # an empty document, a lone scalar: the slow reader says what it is
    stack: list[Any] = [data]
    nodes = 1
    dates: set[str] = set()
    while stack:
        node = stack.pop()
        if type(node) is dict:
            if not _STR.issuperset(map(type, node)):
                return False
            values = node.values()
        else:
            values = node
        nodes += len(values)
        for value in values:
            kind = type(value)
            if kind is str:
                if value[:1] in _DIGITS and _TIMESTAMP.match(value):
                    dates.add(value)
                elif value == "=":
                    return False  # ruamel.yaml's "value" tag
            elif kind is dict or kind is list:
                stack.append(value)
            elif kind not in _SCALARS:
                return False
    return nodes <= MAX_NODES and not any(_plain_scalar(text, date) for date in sorted(dates))


def _load_fast(text: str) -> Any:
    """``text`` as JSON data by yaml-rs, or ``_SLOW`` when the slow reader must read it.

    yaml-rs is asked for strings where it would read dates: it reads a quoted date as a date
    too. ``_plain`` finds the unquoted ones."""
    if _risky_text(text):
        return _SLOW
    try:
        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a syntax error, too deep, an alias bomb; a Rust panic too
        return _SLOW
    return data if _plain(data, text) else _SLOW


def load_text(text: str, path: Path) -> LoadedFile:
    """Parse ``text`` (the content of ``path``); problems land in ``LoadedFile.diagnostics``.

    JSON text that the C ``json`` module reads without complaint (no duplicate keys, no NaN),
    and YAML that yaml-rs reads as plain JSON data, is taken from them directly, with positions
    deferred; everything else, and every file with a problem, goes through ruamel.yaml, which
    reports YAML problems where they are.
    """
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
        except (ValueError, _NotPlainJson, RecursionError):
            pass
        else:
            return LoadedFile(path=path, data=data, _deferred_text=text)
    else:
        data = _load_fast(text)
        if data is not _SLOW:
            return LoadedFile(path=path, data=data, _deferred_text=text)
    return _load_located(text, path)


def _load_located(text: str, path: Path) -> LoadedFile:
    """ruamel.yaml's round-trip load: every node's position, every YAML problem reported."""
    loaded = LoadedFile(path=path, data=None)
    loaded.positions[()] = (1, 1)
    try:
        raw = _yaml().load(text)
    except DuplicateKeyError as exc:
        loaded.diagnostics.append(_marked(path, "yaml-duplicate-key", exc))
        return loaded
    except MarkedYAMLError as exc:
        rule = "yaml-tab" if "'\\t'" in str(exc.problem) else "yaml-syntax"
        loaded.diagnostics.append(_marked(path, rule, exc))
        return loaded
    except ReaderError as exc:  # a character YAML does not allow, located by its offset
        offset = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        loaded.diagnostics.append(
            Diagnostic(
                Location(path, line, col),
                "yaml-syntax",
                f"character {exc.character!r} is not allowed in YAML; write it as an escape "
                "in a double-quoted string",
            )
        )
        return loaded
    except YAMLError as exc:  # other unmarked reader errors
        loaded.diagnostics.append(Diagnostic(Location(path, 1, 1), "yaml-syntax", str(exc)))
        return loaded
    except RecursionError:
        loaded.diagnostics.append(
            Diagnostic(
                Location(path, 1, 1),
                "yaml-too-large",
                "the document nests deeper than the YAML reader can follow; refused",
            )
        )
        return loaded
    converter = _Converter(loaded)
    try:
        loaded.data = converter.convert(raw, ())
    except (_TooLarge, RecursionError):
        loaded.data = None
        loaded.diagnostics.append(
            Diagnostic(
                Location(path, 1, 1),
                "yaml-too-large",
                f"the document expands to more than {MAX_NODES} nodes (aliases?); refused",
            )
        )
    return loaded


def load_file(path: Path) -> LoadedFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        loaded = LoadedFile(path=path, data=None)
        loaded.diagnostics.append(Diagnostic(Location(path, 1, 1), "file-unreadable", str(exc)))
        return loaded
    return load_text(text, path)


def _marked(path: Path, rule: str, exc: MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    opened = exc.context_mark
    if opened is not None and "quoted scalar" in str(exc.context or ""):
        # The scanner gives up where the file (or the document) ends, often many lines below;
        # the author needs the quote that was never closed.
        ended = exc.problem_mark
        where = f" (the scanner reached line {ended.line + 1} looking for it)" if ended else ""
        quote = opened.buffer[opened.pointer] if opened.buffer else "quote"
        mark, problem = opened, f"unterminated quoted string: this {quote} is never closed{where}"
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    if rule == "yaml-duplicate-key":
        problem = f"duplicate mapping key: {exc.problem}".strip()
        problem += "; a key may appear once in a mapping"
    elif rule == "yaml-tab":
        problem = "tab character; YAML indentation must use spaces"
    return Diagnostic(Location(path, line, col), rule, problem)
