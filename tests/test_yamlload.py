"""The loader keeps the data exactly and points every value at its own line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.yamlload import JsonPath, load_text
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
