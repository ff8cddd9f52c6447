"""The loader keeps the data exactly and points every value at its own line and column."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.openapi.yamlload import _SLOW, JsonPath, _load_fast, _load_located, load_text
from tests.conftest import examples

_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
_PLAIN = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda s: s not in {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=25,
)


def _leaves(value: Any, path: JsonPath = ()) -> list[tuple[JsonPath, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


def _at(text: str, line: int, col: int) -> str:
    return text.splitlines()[line - 1][col - 1 :]


@settings(max_examples=examples(50, 150), deadline=None)
@given(_JSON)
def test_json_text_round_trips_and_every_scalar_is_located(data: Any) -> None:
    text = json.dumps({"root": data}, indent=2, ensure_ascii=False)
    loaded = load_text(text, Path("spec.json"))
    assert loaded.diagnostics == []
    assert loaded.data == {"root": data}
    for path, leaf in _leaves(loaded.data):
        loc = loaded.location(path)
        assert loc.line and loc.col
        assert _at(text, loc.line, loc.col).startswith(json.dumps(leaf, ensure_ascii=False)), path


_BLOCK = st.recursive(
    st.one_of(_PLAIN, st.integers(min_value=-(10**9), max_value=10**9), st.booleans()),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(_PLAIN, inner, min_size=1, max_size=3)
    ),
    max_leaves=20,
)


def _block(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML written by hand, so the test does not trust the library under test."""
    pad = " " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        lead = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, (dict, list)):
            lines.append(lead)
            lines.extend(_block(item, indent + 2))
        else:
            scalar = str(item).lower() if isinstance(item, bool) else str(item)
            lines.append(f"{lead} {scalar}")
    return lines


@settings(max_examples=examples(50, 150), deadline=None)
@given(st.dictionaries(_PLAIN, _BLOCK, min_size=1, max_size=4))
def test_block_yaml_scalars_are_located_on_their_own_line(data: dict[str, Any]) -> None:
    text = "\n".join(_block(data)) + "\n"
    loaded = load_text(text, Path("spec.yaml"))
    assert loaded.diagnostics == []
    assert loaded.data == data
    for path, leaf in _leaves(loaded.data):
        loc = loaded.location(path)
        shown = str(leaf).lower() if isinstance(leaf, bool) else str(leaf)
        assert _at(text, loc.line, loc.col) == shown, (path, loc)


def test_unknown_path_falls_back_to_the_nearest_located_ancestor() -> None:
    loaded = load_text("a:\n  b: 1\n", Path("x.yaml"))
    assert loaded.location(("a", "b", "missing")) == loaded.location(("a", "b"))
    assert (loaded.location(("a", "b")).line, loaded.location(("a", "b")).col) == (2, 6)


# -- the fast reader (yaml-rs) against the one with positions (ruamel.yaml) --------------------

REPO = Path(__file__).resolve().parent.parent


def _yaml_files() -> list[Path]:
    return sorted(
        p
        for folder in (REPO / "specs", REPO / "tests" / "fixtures")
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml")
    )


def test_the_fast_reader_reads_every_valid_spec_as_ruamel_yaml_does_and_declines_the_rest() -> None:
    fast = 0
    for path in _yaml_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        slow = _load_located(text, path)
        data = _load_fast(text)
        if data is _SLOW:
            assert slow.diagnostics, f"{path}: valid, yet left to the slow reader"
            continue
        fast += 1
        assert slow.diagnostics == [], f"{path}: read fast, yet ruamel.yaml reports a problem"
        assert data == slow.data, path
    assert fast > 40


def test_every_spec_of_the_repository_is_read_fast() -> None:
    for path in sorted((REPO / "specs").rglob("*.yaml")):
        assert _load_fast(path.read_text(encoding="utf-8")) is not _SLOW, path


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, min_size=1, max_size=4))
def test_yaml_written_by_ruamel_reads_the_same_fast_and_slow(data: dict[str, Any]) -> None:
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    text = out.getvalue()
    slow = _load_located(text, Path("spec.yaml"))
    fast = _load_fast(text)
    # (ruamel.yaml does not read back all it writes: "{:0: null}" is an error to it.)
    assert fast is _SLOW or (slow.diagnostics == [] and fast == slow.data == data)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a: !custom x\n", "yaml-tag"),
        ("a:\n  - !!binary aGVsbG8=\n", "yaml-value"),
        ("a: 2001-12-14\n", "yaml-timestamp"),
        ("a: [1, 2001-12-14t21:59:43.10-05:00]\n", "yaml-timestamp"),
        ("a: 1\na: 2\n", "yaml-duplicate-key"),
        ('"200": x\n200: y\n', "yaml-key-type"),
        ("true: x\n", "yaml-key-type"),
        ("a: 1\n---\nb: 2\n", "yaml-syntax"),
        ('a: "\x07"\n', "yaml-syntax"),
        ("a: [1\n", "yaml-syntax"),
    ],
    ids=[
        "tag",
        "binary",
        "date",
        "timestamp in a flow list",
        "duplicate key",
        "int key",
        "bool key",
        "second document",
        "control character",
        "syntax",
    ],
)
def test_what_ruamel_yaml_reports_is_left_to_it(text: str, rule: str) -> None:
    assert _load_fast(text) is _SLOW
    loaded = load_text(text, Path("spec.yaml"))
    assert rule in [d.rule for d in loaded.diagnostics]


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("%YAML 1.1\n---\na: yes\n", {"a": True}),  # YAML 1.1 reads yes as true
        ("\ufeffa: 1\n", {"a": 1}),  # the byte order mark is not part of the key
        ("b: &x {k: 1}\nc:\n  <<: *x\n  m: 2\n", None),  # a merge key: ruamel.yaml's call
        ("a: =\n", None),
    ],
    ids=["directive", "byte order mark", "merge key", "value tag"],
)
def test_what_yaml_rs_reads_otherwise_is_left_to_ruamel_yaml(text: str, data: Any) -> None:
    assert _load_fast(text) is _SLOW
    if data is not None:
        assert load_text(text, Path("spec.yaml")).data == data


def test_a_quoted_date_is_a_string_and_read_fast() -> None:
    text = "a: \"2001-12-14\"\nb: ['2001-12-14']\nc: created 2001-12-14\nd: 2001-12-14-beta\n"
    data = {
        "a": "2001-12-14",
        "b": ["2001-12-14"],
        "c": "created 2001-12-14",
        "d": "2001-12-14-beta",
    }
    assert _load_fast(text) == data
    loaded = load_text(text, Path("spec.yaml"))
    assert loaded.data == data and loaded.diagnostics == []
    assert loaded.location(("b", 0)).line == 2  # positions come from the text when asked for
