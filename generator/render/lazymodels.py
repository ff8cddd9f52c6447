"""Split a large models module into a package of small modules, each imported on first use.

A 1,000-operation API has thousands of model classes: one ``models.py`` makes a user who calls
one operation build every class of the API (pydantic builds each class's validator when the
class is defined). ``split`` cuts the module into groups of classes that reference each other,
one module per group, and ``models/__init__.py`` (``templates/models_init.py.j2``) imports a
group's module the first time one of its names is asked for (PEP 562 ``__getattr__``), while
``if TYPE_CHECKING:`` imports and ``__all__`` show type checkers and IDEs every name.

Written here because no library splits a module: the grouping needs the reference graph of the
module datamodel-code-generator wrote (``modelchunks.statements`` reads its statements).

- Statements joined by references (either way) form a group, except that a statement many
  others reference (an error body, an owner) is a hub: it joins no group and becomes a small
  module of its own that the others import, rather than pulling every group into one.
- Groups that would import each other in a circle are merged (strongly connected components
  of the group graph), so every module's imports are finished before its own classes are made.
- Each module keeps its statements in the module's order, so a name is still defined before a
  statement of its module uses it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .modelchunks import statement_nodes, walk

__all__ = ["LAZY_MODELS", "SplitModels", "split"]

#: Top-level definitions from which an API's models become a lazily loaded package. The five
#: vendor specs (under 30 classes each) stay one ``models.py``.
LAZY_MODELS = 200


@dataclass(frozen=True)
class SplitModels:
    #: Module name (``_owner``) -> its source, unformatted and without header.
    modules: dict[str, str]
    #: Every public name -> the module that defines it, in the original module's order.
    where: dict[str, str]


def _names(node: ast.AST, defined: set[str]) -> set[str]:
    """The defined names a statement uses: as names, and as string forward references."""
    used = set()
    for sub in walk(node):
        if isinstance(sub, ast.Name) and sub.id in defined:
            used.add(sub.id)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            used.update(w for w in re.findall(r"\w+", sub.value) if w in defined)
    return used


def _components(edges: Sequence[set[int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative: deep graphs must not hit the recursion
    limit), each in ascending order."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    out: list[list[int]] = []
    for start in range(len(edges)):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def _module_name(name: str, taken: set[str]) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    base = "_" + (re.sub(r"\W", "_", snake).strip("_") or "models")
    candidate, n = base, 2
    while candidate in taken:  # names that differ only in case share a file on some systems
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def split(
    source: str, minimum: int = LAZY_MODELS, tree: ast.Module | None = None
) -> SplitModels | None:
    """The modules of ``source`` (a models module as ``models`` renders it), or None when it
    has fewer than ``minimum`` top-level definitions and stays one module. ``tree``: its
    syntax tree, parsed already."""
    imports, nodes = statement_nodes(source, tree)
    body = [(key, text) for key, text, _ in nodes]
    keys = [key for key, _ in body]
    trees = [node for _, _, node in nodes]
    named = {
        key: i
        for i, (key, tree) in enumerate(zip(keys, trees, strict=True))
        if key.isidentifier() and _defines(tree)
    }
    if len(named) < max(minimum, 1):
        return None
    deps = [{named[n] for n in _names(tree, set(named))} - {i} for i, tree in enumerate(trees)]

    # Groups: statements joined by references, hubs apart (union-find; the earlier statement
    # is a group's root, so the grouping depends on the source alone).
    referrers = [0] * len(body)
    for found in deps:
        for j in found:
            referrers[j] += 1
    hubs = {i for i, count in enumerate(referrers) if count * count > len(named)}
    parent = list(range(len(body)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for i, found in enumerate(deps):
        if keys[i] not in named and found:
            # A statement that defines nothing (``Model.model_rebuild()``) runs in the module
            # of the last name it uses, hub or not: a module of its own would never be imported.
            join(i, max(found))
        elif i not in hubs:
            for j in found - hubs:
                join(i, j)
    group_of = [root(i) for i in range(len(body))]

    # Groups that reference each other in a circle become one module.
    roots = sorted(set(group_of))
    position = {r: k for k, r in enumerate(roots)}
    group_edges = [set[int]() for _ in roots]
    for i, found in enumerate(deps):
        for j in found:
            if group_of[i] != group_of[j]:
                group_edges[position[group_of[i]]].add(position[group_of[j]])
    module_of_group: dict[int, int] = {}
    for component in _components(group_edges):
        for k in component:
            module_of_group[k] = min(component)
    module_of = [module_of_group[position[group_of[i]]] for i in range(len(body))]

    members: dict[int, list[int]] = {}
    for i, m in enumerate(module_of):
        members.setdefault(m, []).append(i)
    taken: set[str] = set()
    names: dict[int, str] = {}
    for m, items in sorted(members.items(), key=lambda item: item[1][0]):
        # Named after its first model that no other of its models uses (the response, not
        # its enums), else its first model.
        inner = {j for i in items for j in deps[i]}
        first = next(
            (keys[i] for i in items if keys[i] in named and i not in inner),
            next((keys[i] for i in items if keys[i] in named), "models"),
        )
        names[m] = _module_name(first, taken)

    head = [i for i in imports if i.startswith("from __future__ ")]
    head += [i for i in imports if i not in head]
    modules: dict[str, str] = {}
    for m, items in sorted(members.items(), key=lambda item: item[1][0]):
        needed: dict[str, list[str]] = {}
        for i in items:
            for j in sorted(deps[i]):
                if module_of[j] != m:
                    needed.setdefault(names[module_of[j]], []).append(keys[j])
        local = [
            f"from .{module} import {', '.join(sorted(set(found)))}"
            for module, found in sorted(needed.items())
        ]
        text = "\n\n\n".join(body[i][1] for i in items)
        modules[names[m]] = "\n".join([*head, *local]) + "\n\n\n" + text + "\n"
    where = {key: names[module_of[i]] for key, i in named.items() if not key.startswith("_")}
    return SplitModels(modules, where)


def _defines(node: ast.stmt) -> bool:
    """Whether a statement defines a name (a class, a function or an assignment)."""
    return isinstance(
        node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef | ast.Assign | ast.AnnAssign
    )
