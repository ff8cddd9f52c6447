"""Every ``$ref`` in every file must resolve inside the spec tree."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..openapi.tree import RefError, SpecTree
from ..openapi.walk import iter_refs

__all__ = ["check_refs", "iter_refs"]


def check_refs(tree: SpecTree) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    for file in list(tree.documents()):
        for path, ref in iter_refs(file.data):
            try:
                tree.resolve(ref, file)
            except RefError as exc:
                diags.append(Diagnostic(file.location(path), exc.rule, exc.message))
    return diags
