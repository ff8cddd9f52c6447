"""`specgen lint`: the project's own rules on a loaded spec tree.

Rules are data (``rules.RULES``: id, default severity, explanation, check). Two switches turn a
rule off, as Redocly, Spectral and vacuum users would expect:

- the configuration, ``[tool.specgen.lint.rules]`` in ``pyproject.toml`` (``off``, ``warn`` or
  ``error`` per rule id, like Redocly's ``rules:`` and Spectral's rule severities);
- inline, ``x-lint-ignore: <rule id>`` (or a list of ids) on the offending node or any node that
  encloses it (vacuum's extension), for a documented exception in the spec itself.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Location, Severity
from ..openapi.tree import SpecTree
from ..openapi.yamlload import JsonPath, LoadedFile
from .registry import PREFIX, Finding, LintConfig, Rule, node_at
from .rules import CASINGS, RULES
from .walk import shared_walks

__all__ = [
    "IGNORE_KEY",
    "RULES",
    "Finding",
    "LintConfig",
    "LintConfigError",
    "LintResult",
    "Rule",
    "config_from_table",
    "lint_specs",
    "lint_tree",
    "load_config",
]

IGNORE_KEY = "x-lint-ignore"
_SEVERITIES: dict[str, Severity | None] = {
    "off": None,
    "warn": Severity.WARNING,
    "warning": Severity.WARNING,
    "error": Severity.ERROR,
}


class LintConfigError(Exception):
    """The lint configuration names an unknown rule, severity or casing."""


@dataclass(frozen=True)
class LintResult:
    diagnostics: list[Diagnostic]
    ignored: int  # findings switched off inline

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _rule_id(name: str) -> str:
    return name if name.startswith(PREFIX) else PREFIX + name


def load_config(path: Path | None = None, start: Path | None = None) -> LintConfig:
    """``[tool.specgen.lint]`` from ``path``, or from the first ``pyproject.toml`` found in
    ``start`` (the spec folder) or a folder above it; the defaults when there is none."""
    if path is None:
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "pyproject.toml").is_file():
                path = folder / "pyproject.toml"
                break
        else:
            return LintConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LintConfigError(f"{path}: {exc}") from None
    table = data.get("tool", {}).get("specgen", {}).get("lint", {})
    return config_from_table(table, str(path))


def config_from_table(table: Any, source: str = "configuration") -> LintConfig:
    if not isinstance(table, dict):
        raise LintConfigError(f"{source}: [tool.specgen.lint] must be a table")
    known = {rule.id for rule in RULES}
    severities: dict[str, Severity | None] = {}
    for name, level in (table.get("rules") or {}).items():
        rule = _rule_id(str(name))
        if rule not in known:
            raise LintConfigError(
                f"{source}: unknown lint rule {name!r} (rules: {', '.join(sorted(known))})"
            )
        if str(level) not in _SEVERITIES:
            raise LintConfigError(
                f"{source}: rule {name!r}: severity {level!r} is not one of off, warn, error"
            )
        severities[rule] = _SEVERITIES[str(level)]
    casing: dict[str, str] = {}
    for vendor, style in (table.get("casing") or {}).items():
        if style not in CASINGS:
            raise LintConfigError(
                f"{source}: casing {style!r} of {vendor!r} is not one of {', '.join(CASINGS)}"
            )
        casing[str(vendor)] = str(style)
    return LintConfig(severities, casing, source)


def lint_tree(tree: SpecTree, config: LintConfig | None = None) -> LintResult:
    """Run every rule that is not off on ``tree``; problems are sorted like validation's."""
    with shared_walks():
        return _lint_tree(tree, config or LintConfig())


def _lint_tree(tree: SpecTree, config: LintConfig) -> LintResult:
    diagnostics: list[Diagnostic] = []
    ignored = 0
    for rule in RULES:
        severity = config.severities.get(rule.id, rule.severity)
        if severity is None:
            continue
        try:
            findings = list(rule.check(tree, config))
        except Exception as exc:  # a rule must never stop the others; say so instead
            root = Location(tree.root, 0, 0)
            diagnostics.append(
                Diagnostic(root, rule.id, f"the rule crashed ({exc!r}); please report it")
            )
            continue
        for finding in findings:
            if _ignored(finding.file, finding.path, rule):
                ignored += 1
                continue
            diagnostics.append(
                Diagnostic(finding.file.location(finding.path), rule.id, finding.message, severity)
            )
    diagnostics += _unknown_ignores(tree)
    return LintResult(sorted(set(diagnostics)), ignored)


def lint_specs(
    specs_dir: Path, config: LintConfig, tree: SpecTree | None = None
) -> tuple[SpecTree, list[Diagnostic]]:
    """The spec folder loaded (or ``tree``, loaded from it already) and linted: the tree, and
    its loading problems with the rules'."""
    tree = SpecTree.load(specs_dir) if tree is None else tree
    return tree, sorted(set(tree.diagnostics + lint_tree(tree, config).diagnostics))


def _unknown_ignores(tree: SpecTree) -> list[Diagnostic]:
    """An ``x-lint-ignore`` naming no rule (a typo would otherwise switch nothing off)."""
    known = {name for rule in RULES for name in (rule.id, rule.short)}
    found: list[Diagnostic] = []
    for file in list(tree.documents()):
        # The C encoder tells at a tenth of a second whether the key is anywhere in the file;
        # walking every node of a 1,000-operation spec to find none took twice that.
        if f'"{IGNORE_KEY}"' not in json.dumps(file.data, ensure_ascii=False, default=str):
            continue
        stack: list[tuple[Any, JsonPath]] = [(file.data, ())]
        while stack:
            node, here = stack.pop()
            if isinstance(node, dict):
                value = node.get(IGNORE_KEY)
                if value is not None:
                    listed = isinstance(value, list)
                    for index, name in enumerate(value if listed else [value]):
                        if name not in known:
                            at: JsonPath = (*here, IGNORE_KEY, *((index,) if listed else ()))
                            found.append(
                                Diagnostic(
                                    file.location(at),
                                    "lint-ignore-unknown",
                                    f"{IGNORE_KEY}: {name!r} is not a lint rule (rules: "
                                    f"{', '.join(rule.id for rule in RULES)})",
                                )
                            )
                stack.extend((v, (*here, k)) for k, v in node.items() if k != IGNORE_KEY)
            elif isinstance(node, list):
                stack.extend((v, (*here, i)) for i, v in enumerate(node))
    return found


def _ignored(file: LoadedFile, path: JsonPath, rule: Rule) -> bool:
    """True when the node at ``path`` or one enclosing it has ``x-lint-ignore`` naming the rule."""
    node: Any = file.data
    for part in (None, *path):
        if part is not None:
            node = node_at(node, (part,))
            if node is None:
                return False
        if isinstance(node, dict) and rule_named(node.get(IGNORE_KEY), rule):
            return True
    return False


def rule_named(value: Any, rule: Rule) -> bool:
    names: Iterable[Any] = value if isinstance(value, list) else [value]
    return any(isinstance(n, str) and n in (rule.id, rule.short) for n in names)
