"""Problems as values: each has a rule, a severity and a file:line:col location.

Every check returns diagnostics instead of raising, so one run reports every problem it can find
(the way openapi-python-client's parser collects ``ParseError`` values).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Diagnostic", "Location", "Severity", "fails", "format_diagnostic", "summarize"]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A position in a spec file; line and column are 1-based, 0 when unknown."""

    file: Path
    line: int = 0
    col: int = 0

    def shown_file(self, relative_to: Path | None = None) -> str:
        """The file relative to ``relative_to`` (default: the working directory) when it is
        near it, else absolute."""
        base = relative_to or Path.cwd()
        try:
            shown = os.path.relpath(self.file, base)
        except ValueError:  # another drive on Windows
            return str(self.file)
        return str(self.file) if shown.startswith(".." + os.sep + "..") else shown

    def display(self, relative_to: Path | None = None) -> str:
        return f"{self.shown_file(relative_to)}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def format_diagnostic(diag: Diagnostic, relative_to: Path | None = None) -> str:
    """``specs/FILE.yaml:LINE:COL: RULE: message`` (warnings say so after the rule)."""
    where = diag.location.display(relative_to)
    if diag.severity is Severity.WARNING:
        return f"{where}: {diag.rule}: warning: {diag.message}"
    return f"{where}: {diag.rule}: {diag.message}"


def fails(diags: Iterable[Diagnostic], strict: bool = False) -> bool:
    """Whether ``diags`` fail a check: an error, or with ``strict`` a warning too."""
    return any(d.is_error or (strict and d.severity is Severity.WARNING) for d in diags)


def summarize(diags: Iterable[Diagnostic], files: int) -> str:
    items = list(diags)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(files, 'file')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
