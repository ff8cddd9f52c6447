"""`specgen validate`: load every spec file, run every check, return all problems at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import check_examples, check_refs, check_structure
from .diagnostics import Diagnostic
from .openapi.tree import SpecTree

__all__ = ["ValidationResult", "check_tree", "validate_tree"]


@dataclass(frozen=True)
class ValidationResult:
    tree: SpecTree
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def validate_tree(root: Path, files: list[Path] | None = None) -> ValidationResult:
    """Validate the spec tree below ``root``. YAML problems, broken references, OpenAPI structure
    and examples are all checked in one run; a file with a YAML or reference error is left out of
    the later checks that would only repeat it."""
    return check_tree(SpecTree.load(root, files))


def check_tree(tree: SpecTree, cache_dir: Path | None = None) -> ValidationResult:
    """``validate_tree`` on a tree loaded already (``generate.build`` shares its own). With
    ``cache_dir`` the parts of the documents found clean before are not checked again
    (``checks/memo.py``): the same diagnostics, in a fraction of the time after an edit."""
    diags = list(tree.diagnostics)
    ref_diags = check_refs(tree)
    diags += ref_diags
    broken = {d.location.file for d in diags if d.is_error}
    diags += check_structure(tree, skip=broken, cache_dir=cache_dir)
    diags += check_examples(tree, cache_dir=cache_dir)
    return ValidationResult(tree, sorted(set(diags)))
