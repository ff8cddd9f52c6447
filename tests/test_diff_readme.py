"""README's tables of `specgen diff` rules are the rules of generator/diff/rules.py: every id
once, in bold exactly when breaking, each schema rule with its severity in each context; and its
"not covered" list names no check that is covered."""

from __future__ import annotations

import re
from pathlib import Path

from generator.diff import RULES, Severity
from generator.diff.rules import CONTEXTS

README = Path(__file__).resolve().parent.parent / "README.md"
_SECTION = "### Breaking changes: `specgen diff`"
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*`([^`]+)`\*\*")
_SHOWN = {
    "**breaking**": Severity.BREAKING,
    "non-breaking": Severity.NON_BREAKING,
    "info": Severity.INFO,
}


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(_SECTION)
    return text[start : text.index("\n### ", start + 1)]


def _rows(header: str) -> list[list[str]]:
    """The cells of the table whose header line starts with ``header``."""
    lines = _section().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[first + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_the_rule_table_lists_every_other_rule_once_bold_when_breaking() -> None:
    listed: dict[str, bool] = {}
    for area, cell in _rows("| area | rules"):
        # Outside parentheses: the ids a row lists (notes may mention ids of other rows).
        outside = re.sub(r"\([^()]*\)", "", cell)
        for rule_id in _CODE.findall(outside):
            assert rule_id in RULES, f"{area}: `{rule_id}` is no rule"
            assert rule_id not in listed, f"`{rule_id}` listed twice"
            listed[rule_id] = rule_id in _BOLD.findall(outside)
    schema_ids = {f"{c}-{stem}" for stem, _ in _schema_rows() for c in CONTEXTS}
    expected = {r for r in RULES if r not in schema_ids}
    assert sorted(set(listed) - expected) == []
    assert sorted(expected - set(listed)) == []
    for rule_id, bold in listed.items():
        assert bold == (RULES[rule_id].severity is Severity.BREAKING), rule_id


def _schema_rows() -> list[tuple[str, list[str]]]:
    return [(row[0].strip("`"), row[1:]) for row in _rows("| stem |")]


def test_the_schema_table_gives_each_context_its_severity() -> None:
    rows = _schema_rows()
    stems = [stem for stem, _ in rows]
    assert len(stems) == len(set(stems))
    shown: set[str] = set()
    for stem, cells in rows:
        assert len(cells) == len(CONTEXTS), stem
        for context, cell in zip(CONTEXTS, cells, strict=True):
            rule = RULES.get(f"{context}-{stem}")
            if cell == "—":
                assert rule is None, f"{context}-{stem} exists but the README says —"
                continue
            assert rule is not None, f"README lists {context}-{stem}, which is no rule"
            assert _SHOWN[cell] is rule.severity, f"{context}-{stem}: README {cell}"
            shown.add(rule.id)
    # Every rule of a context with a stem no other table lists is in this one.
    other = {c for _, cell in _rows("| area | rules") for c in _CODE.findall(cell)}
    in_contexts = {
        r for r in RULES if r.startswith(tuple(f"{c}-" for c in CONTEXTS)) and r not in other
    }
    assert sorted(in_contexts - shown) == []


def test_not_covered_names_no_rule() -> None:
    section = _section()
    start = section.index("oasdiff checks not covered:")
    text = section[start : section.index("\n\n", start)]
    named = [c for c in _CODE.findall(text) if c in RULES]
    # Rules named as where a folded WARN goes are covered on purpose; anything else is not.
    folded = text[text.index("oasdiff's `WARN` level") :]
    assert [c for c in named if c not in _CODE.findall(folded)] == []
