"""The rule registry: each rule as data (id, default severity, one line of explanation, check).

A check receives the loaded spec tree and the configuration and yields ``Finding`` values: the
file, the JSON path of the offending node and a message. ``lint_tree`` turns findings into
``Diagnostic`` values with the node's ``file:line:col``, after the two switches: the rule's
severity in the configuration (``off`` drops it) and ``x-lint-ignore`` on the node or on any
node that encloses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity
from ..openapi.yamlload import JsonPath, LoadedFile

if TYPE_CHECKING:
    from ..openapi.tree import SpecTree

__all__ = ["PREFIX", "Finding", "LintConfig", "Rule"]

#: Every rule id starts with this; ``x-lint-ignore`` and the configuration accept the id with or
#: without it.
PREFIX = "cloudnet/"


@dataclass(frozen=True)
class Finding:
    file: LoadedFile
    path: JsonPath
    message: str


@dataclass(frozen=True)
class LintConfig:
    """Rule severities (``off``, ``warn``, ``error``) and the casing of each vendor folder."""

    severities: dict[str, Severity | None] = field(default_factory=dict)
    casing: dict[str, str] = field(default_factory=dict)
    source: str = "defaults"


Check = Callable[["SpecTree", LintConfig], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    check: Check

    @property
    def short(self) -> str:
        return self.id.removeprefix(PREFIX)


def node_at(data: Any, path: JsonPath) -> Any:
    """The value at ``path`` in ``data`` (None when the path leaves it)."""
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node
