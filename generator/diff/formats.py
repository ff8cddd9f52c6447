"""`specgen diff` output: text for the terminal, Markdown for a pull request comment, JSON for
tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .compare import Change
from .rules import RULES, Severity

__all__ = ["FORMATS", "render", "summary"]

FORMATS = ("text", "markdown", "json")


def summary(changes: Sequence[Change]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for change in changes:
        counts[change.severity.value] += 1
    return counts


def _summary_line(changes: Sequence[Change]) -> str:
    counts = summary(changes)
    return (
        f"{counts['breaking']} breaking, {counts['non-breaking']} non-breaking, "
        f"{counts['info']} info change{'' if len(changes) == 1 else 's'}"
    )


def _subject(change: Change) -> str:
    parts = [change.api]
    if change.operation:
        parts.append(change.operation)
    return " ".join(parts)


def text(changes: Sequence[Change], base: str, head: str) -> str:
    """``file:line:col: severity: rule: API OPERATION: message``, one line each."""
    lines = []
    for c in changes:
        where = f"{c.where}: " if c.where else ""
        lines.append(f"{where}{c.severity.value}: {c.rule_id}: {_subject(c)}: {c.message}")
    lines.append(f"{_summary_line(changes)} from {base} to {head}")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def markdown(changes: Sequence[Change], base: str, head: str) -> str:
    """A pull request comment: a summary line, then one table per severity."""
    out = [f"### API changes from `{base}` to `{head}`", "", f"**{_summary_line(changes)}**"]
    if not changes:
        out += ["", "No change a client can see."]
    titles = {
        Severity.BREAKING: "Breaking changes",
        Severity.NON_BREAKING: "Non-breaking changes",
        Severity.INFO: "Documentation",
    }
    for severity in Severity:
        group = [c for c in changes if c.severity is severity]
        if not group:
            continue
        out += ["", f"#### {titles[severity]} ({len(group)})", ""]
        out += ["| rule | API | operation | change | where |", "| --- | --- | --- | --- | --- |"]
        for c in group:
            where = f"`{c.where}`" if c.where else ""
            out.append(
                f"| `{c.rule_id}` | {_cell(c.api)} | {_cell(c.operation) or '(API)'} | "
                f"{_cell(c.message)} | {_cell(where)} |"
            )
    if any(c.is_breaking for c in changes):
        out += ["", "Rules:", ""]
        for rule_id in sorted({c.rule_id for c in changes if c.is_breaking}):
            out.append(f"- `{rule_id}`: {RULES[rule_id].explanation}")
    return "\n".join(out) + "\n"


def as_json(changes: Sequence[Change], base: str, head: str) -> str:
    payload = {
        "base": base,
        "head": head,
        "summary": summary(changes),
        "changes": [
            {
                "id": c.rule_id,
                "severity": c.severity.value,
                "api": c.api,
                "operation": c.operation,
                "message": c.message,
                "explanation": c.rule.explanation,
                "file": c.file,
                "line": c.line,
                "col": c.col,
            }
            for c in changes
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render(changes: Sequence[Change], output_format: str, base: str, head: str) -> str:
    if output_format == "markdown":
        return markdown(changes, base, head)
    if output_format == "json":
        return as_json(changes, base, head)
    return text(changes, base, head)
