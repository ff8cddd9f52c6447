"""`specgen diff`: what changed between two versions of the specs, and whether it breaks a
client. Also the spec snapshot and changelog that `specgen generate` keeps (``release``)."""

from __future__ import annotations

from .compare import Change, diff_sides
from .formats import FORMATS, render
from .rules import RULES, Rule, Severity
from .sides import Side, SideError, load_dir, load_git, load_side

__all__ = [
    "FORMATS",
    "RULES",
    "Change",
    "Rule",
    "Severity",
    "Side",
    "SideError",
    "diff_sides",
    "load_dir",
    "load_git",
    "load_side",
    "render",
]
