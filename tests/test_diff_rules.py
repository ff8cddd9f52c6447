"""One test per rule of `specgen diff`: a small base and head spec that differ in just that way
report that rule, with the severity the issue asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diff import RULES, Change, diff_sides, load_dir

from .diff_cases import _security, all_cases, get, write

CASES = all_cases()


def diff_docs(tmp_path: Path, base: Any, head: Any, name: str = "api.yaml") -> list[Change]:
    old = load_dir(write(tmp_path / "base", {name: base}))
    new = load_dir(write(tmp_path / "head", {name: head}))
    return diff_sides(old, new)


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
    """Rules that honestly come with a case (a changed path also shows its operationId, ...)."""
    companions: dict[str, set[str]] = {
        "request-parameter-renamed": set(),
        "api-server-variable-removed": set(),
        # the status changed from 200 to 201: one removed, one added
        "response-success-status-removed": {"response-success-status-added"},
        "request-body-media-type-removed": {"request-body-media-type-added"},
        "response-media-type-removed": {"response-media-type-added"},
    }
    return companions.get(rule_id, set())


def test_reversed_case_is_not_the_same_rule(tmp_path: Path) -> None:
    """Swapping base and head never reports the rule again (each rule has a direction)."""
    symmetric = {"type-changed", "pattern-changed", "format-changed", "default-value-changed"}
    symmetric_ids = {"description-changed", "api-security-scheme-changed", "api-other-change"}
    symmetric_ids |= {"api-path-changed", "api-method-changed", "api-operation-id-changed"}
    symmetric_ids |= {"request-parameter-renamed", "api-server-variable-default-changed"}
    # these cases swap one thing for another (200 for 201, JSON for text)
    symmetric_ids |= {"response-success-status-removed", "request-body-media-type-removed"}
    symmetric_ids |= {"response-media-type-removed"}
    for rule_id, (base, head, _) in CASES.items():
        if rule_id in symmetric_ids or any(rule_id.endswith(s) for s in symmetric):
            continue
        folder = tmp_path / rule_id
        back = {c.rule_id for c in diff_docs(folder, head, base)}
        assert rule_id not in back, rule_id


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
