"""`specgen diff` on a document that received a random set of known edits: each edit's rule is
reported, at the edit, and nothing else is (property test; the examples follow the run's
hypothesis seed, tests/hypothesis_seed.py).

The edits are the rule cases of tests/diff_cases.py, each moved into a namespace of its own
(paths under ``/e<i>``, operationIds ``e<i>_…``, components ``E<i>…``) so that several fit in one
document without touching each other; edits not chosen stay in the document unchanged."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diff import Change, diff_sides
from generator.diff.sides import ApiDoc, Side

from .diff_cases import COMPANIONS, Doc, all_cases

CASES = all_cases()
#: Rules whose case can share a document: not the servers (one list per document), nor
#: api-other-change (reported only when no other rule is).
EDITS = sorted(
    rule_id
    for rule_id in CASES
    if not rule_id.startswith("api-server") and rule_id != "api-other-change"
)


def _namespaced(doc: Doc, i: int) -> Doc:
    """The paths and components of ``doc``, renamed into edit ``i``'s namespace; a
    document-wide security requirement moves onto its operations."""
    components = doc.get("components", {})
    text = json.dumps(doc)
    for name in components.get("schemas", {}):
        text = text.replace(f'"#/components/schemas/{name}"', f'"#/components/schemas/E{i}{name}"')
    doc = json.loads(text)
    paths: dict[str, Any] = {}
    for route, item in doc["paths"].items():
        for op in item.values():
            if not (isinstance(op, dict) and "responses" in op):
                continue
            op["operationId"] = f"e{i}_{op['operationId']}"
            security = op.get("security", doc.get("security"))
            if security is not None:
                op["security"] = [{f"E{i}{k}": v for k, v in alt.items()} for alt in security]
        paths[f"/e{i}{route}"] = item
    renamed = {
        kind: {f"E{i}{k}": v for k, v in doc.get("components", {}).get(kind, {}).items()}
        for kind in ("schemas", "securitySchemes")
    }
    return {"paths": paths, "components": renamed}


def _document(parts: list[Doc]) -> Doc:
    doc: Doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    components: dict[str, dict[str, Any]] = {"schemas": {}, "securitySchemes": {}}
    for part in parts:
        doc["paths"].update(part["paths"])
        for kind, values in part["components"].items():
            components[kind].update(values)
    doc["components"] = {k: v for k, v in components.items() if v}
    return doc


def _side(doc: Doc) -> Side:
    return Side("mem", {"api": ApiDoc(copy.deepcopy(doc))})


_OPERATION = re.compile(r"\(e(\d+)_")
_COMPONENT = re.compile(r"`E(\d+)")


def _edit_of(change: Change) -> int:
    """Which edit a change belongs to: its operation's, or the component its message names."""
    found = _OPERATION.search(change.operation) or _COMPONENT.search(change.message)
    assert found, f"a change no edit made: {change}"
    return int(found.group(1))


def check_edits(chosen: list[str], background: list[str]) -> None:
    edits = list(enumerate([*chosen, *[b for b in background if b not in chosen]]))
    base = _document([_namespaced(CASES[rule_id][0], i) for i, rule_id in edits])
    head = _document(
        [
            _namespaced(CASES[rule_id][1] if i < len(chosen) else CASES[rule_id][0], i)
            for i, rule_id in edits
        ]
    )
    reported: dict[int, set[str]] = {}
    for change in diff_sides(_side(base), _side(head)):
        reported.setdefault(_edit_of(change), set()).add(change.rule_id)
    for i, rule_id in edits:
        got = reported.pop(i, set())
        if i >= len(chosen):
            assert got == set(), f"unchanged {rule_id} (edit {i}) reported {got}"
            continue
        assert rule_id in got, f"edit {i} ({rule_id}) not reported; got {got}"
        extra = got - {rule_id} - COMPANIONS.get(rule_id, set())
        assert extra == set(), f"edit {i} ({rule_id}) came with {extra}"
    assert reported == {}


_CHOSEN = st.lists(st.sampled_from(EDITS), min_size=1, max_size=6, unique=True)
_BACKGROUND = st.lists(st.sampled_from(EDITS), max_size=3, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CHOSEN, _BACKGROUND)
def test_each_edit_reports_its_rule_and_nothing_else(
    chosen: list[str], background: list[str]
) -> None:
    check_edits(chosen, background)


@pytest.mark.full
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(EDITS), min_size=1, max_size=12, unique=True),
    _BACKGROUND,
)
def test_each_edit_reports_its_rule_and_nothing_else_many(
    chosen: list[str], background: list[str]
) -> None:
    check_edits(chosen, background)


def test_every_edit_at_once() -> None:
    check_edits(EDITS, [])
