"""One test per rule of `specgen diff`: a small base and head spec that differ in just that way
report that rule, with the severity the issue asks for."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.diff import RULES, Change, diff_sides, load_dir
from generator.diff.sides import ApiDoc, Side

from .diff_cases import COMPANIONS, QUIET, QUIET_ONE_WAY, _security, all_cases, get, write

CASES = all_cases()


def diff_docs(tmp_path: Path, base: Any, head: Any, name: str = "api.yaml") -> list[Change]:
    old = load_dir(write(tmp_path / "base", {name: base}))
    new = load_dir(write(tmp_path / "head", {name: head}))
    return diff_sides(old, new)


def diff_in_memory(base: Any, head: Any) -> list[Change]:
    """The same diff without files (no positions): for the tests that need no location."""
    return diff_sides(
        Side("base", {"api": ApiDoc(copy.deepcopy(base))}),
        Side("head", {"api": ApiDoc(copy.deepcopy(head))}),
    )


def test_every_rule_has_a_case() -> None:
    assert sorted(set(RULES) - set(CASES)) == []
    assert sorted(set(CASES) - set(RULES)) == []


def test_every_rule_has_a_one_line_explanation() -> None:
    for rule in RULES.values():
        assert rule.explanation and "\n" not in rule.explanation, rule.id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str, tmp_path: Path) -> None:
    base, head, expected = CASES[rule_id]
    changes = diff_docs(tmp_path, base, head)
    found = [c for c in changes if c.rule_id == rule_id]
    assert found, f"{rule_id} not reported; got {[(c.rule_id, c.message) for c in changes]}"
    change = found[0]
    if expected is not None:
        assert change.severity.value == expected
    assert change.message
    assert change.file.endswith("api.yaml") and change.line > 0, change
    # Only the change made is reported: nothing unrelated (a description or other) comes along.
    others = {c.rule_id for c in changes} - {rule_id}
    allowed = _companions(rule_id)
    assert others <= allowed, f"{rule_id} came with {others - allowed}"


def _companions(rule_id: str) -> set[str]:
    return COMPANIONS.get(rule_id, set())


#: Stems and rules whose case, swapped, reports the same rule again (a change either way, or a
#: case that swaps one thing for another): each has a quiet case in diff_cases.QUIET instead.
SYMMETRIC_STEMS = {"type-changed", "pattern-changed", "format-changed", "default-value-changed"}
SYMMETRIC_STEMS |= {"multiple-of-changed", "discriminator-property-name-changed"}
SYMMETRIC_STEMS |= {"discriminator-mapping-changed", "enum-member-renamed"}
SYMMETRIC_IDS = {"description-changed", "api-security-scheme-changed", "api-other-change"}
SYMMETRIC_IDS |= {"api-path-changed", "api-method-changed", "api-operation-id-changed"}
SYMMETRIC_IDS |= {"request-parameter-renamed", "api-server-variable-default-changed"}
# these cases swap one thing for another (200 for 201, JSON for text)
SYMMETRIC_IDS |= {"response-success-status-removed", "request-body-media-type-removed"}
SYMMETRIC_IDS |= {"response-media-type-removed"}
SYMMETRIC_IDS |= {"request-parameter-style-changed", "request-parameter-explode-changed"}


def _symmetric(rule_id: str) -> bool:
    return rule_id in SYMMETRIC_IDS or any(rule_id.endswith(s) for s in SYMMETRIC_STEMS)


def test_reversed_case_is_not_the_same_rule() -> None:
    """Swapping base and head never reports the rule again (each rule has a direction), and
    reports the undoing (as another rule)."""
    for rule_id, (base, head, _) in CASES.items():
        if _symmetric(rule_id):
            continue
        back = {c.rule_id for c in diff_in_memory(head, base)}
        assert rule_id not in back, rule_id
        assert back, f"{rule_id}: undoing the change reports nothing"


def test_every_rule_has_a_case_that_does_not_report_it() -> None:
    """A failing case (CASES) and a passing one per rule: the case swapped, or a quiet case
    for the rules that fire both ways."""
    assert sorted(r for r in RULES if _symmetric(r) and r not in QUIET) == []
    assert sorted(set(QUIET) - set(RULES)) == []


@pytest.mark.parametrize("rule_id", sorted(QUIET))
def test_quiet_cases_do_not_report_the_rule_either_way(rule_id: str) -> None:
    why, pairs = QUIET[rule_id]
    for i, (base, head) in enumerate(pairs):
        directions = {"forward": (base, head), "back": (head, base)}
        if rule_id in QUIET_ONE_WAY:
            del directions["back"]
        for direction, (old, new) in directions.items():
            changes = diff_in_memory(old, new)
            # Each quiet case is a real change (so the rule had its chance) ...
            assert changes, f"{rule_id} {direction} {i}: nothing changed at all"
            # ... that the rule does not report.
            found = [(c.rule_id, c.message) for c in changes if c.rule_id == rule_id]
            assert not found, f"{rule_id} ({why}) {direction} {i}: {found}"


#: The issue's false alarms: none of these is breaking old -> new.
FALSE_ALARMS = (
    "request-parameter-renamed",
    "api-security-removed",
    "api-server-removed",
    "response-property-became-nullable",
)


@pytest.mark.parametrize("rule_id", FALSE_ALARMS)
def test_the_false_alarms_are_not_breaking(rule_id: str) -> None:
    for base, head in QUIET[rule_id][1]:
        changes = diff_in_memory(base, head)
        assert [(c.rule_id, c.message) for c in changes if c.is_breaking] == [], rule_id


def test_a_docs_extension_on_a_security_scheme_breaks_no_caller(tmp_path: Path) -> None:
    """``x-cloudnet-header-schema`` (the docs show the scheme's header with it) changes no
    generated code: reported as an other change, not ``api-security-scheme-changed``; the
    signer the client picks (``x-cloudnet-auth``) still is."""
    scheme = {"type": "apiKey", "in": "header", "name": "X-A"}
    base = _security(get(), [{"A": []}], {"A": scheme})
    docs = {**scheme, "x-cloudnet-header-schema": {"type": "string", "maxLength": 10240}}
    found = {
        c.rule_id: c.severity.value
        for c in diff_docs(tmp_path / "docs", base, _security(get(), [{"A": []}], {"A": docs}))
    }
    assert found == {"api-other-change": "info"}
    signer = {**scheme, "x-cloudnet-auth": "huawei-aksk"}
    changed = {
        c.rule_id
        for c in diff_docs(tmp_path / "signer", base, _security(get(), [{"A": []}], {"A": signer}))
    }
    assert changed == {"api-security-scheme-changed"}
