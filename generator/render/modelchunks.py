"""Split a large schema set into chunks for datamodel-code-generator, and merge their modules.

datamodel-code-generator spends about 4 ms of one core per schema and has no parallel mode: a
1,000-operation spec is 4 s of models on one core. Its output for one schema depends only on
that schema and what it references, so ``models`` renders the schemas in chunks, side by side
in worker processes, and merges the modules. Written here because no library does it: the
partition needs the ``$ref`` graph of our schema document, the merge needs the module shape
datamodel-code-generator writes (imports, then top-level classes and statements).

- ``partition`` is a function of the document alone (never of the machine's cores), so the
  output is the same everywhere. Schemas joined by references stay in one chunk; a schema that
  many others reference (an error body, an owner) is a hub: it joins no group and is rendered
  again in each chunk that needs it. Each chunk holds its roots and everything they reference.
- ``merge`` keeps each top-level definition once. Two chunks that define one name with
  different source (datamodel-code-generator names nested models within a module, so two
  chunks can both pick ``ParentChild`` for different schemas) make it return None, and the
  caller renders the whole set at once instead: the chunks are a speed-up, never a change.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..openapi.pointer import pointer_to_path
from ..openapi.walk import iter_refs

__all__ = ["CHUNK_SCHEMAS", "Chunk", "merge", "partition", "statement_nodes", "statements", "walk"]

#: Schemas per chunk. Small enough for two chunks from a few hundred schemas; large enough that
#: the five vendor specs (under 100 schemas each) are one chunk, rendered exactly as before.
CHUNK_SCHEMAS = 200

_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Chunk:
    #: The schemas this chunk is rendered for (each in exactly one chunk).
    roots: tuple[str, ...]
    #: The roots and every schema they reference, in document order.
    members: tuple[str, ...]


def _refs(schema: Any) -> Iterator[str]:
    """Every ``$ref`` of a schema and its subschemas (property names told from keywords)."""
    for _, ref in iter_refs(schema, schema=True):
        yield ref


def _targets(schemas: Mapping[str, Any]) -> dict[str, set[str]] | None:
    """The schemas each schema references directly; None when a reference leads anywhere but
    to one of ``schemas`` (then the graph is not known and nothing is split)."""
    out: dict[str, set[str]] = {}
    for name, schema in schemas.items():
        found: set[str] = set()
        for ref in _refs(schema):
            if not ref.startswith(_PREFIX):
                return None
            target = str(pointer_to_path(ref[1:])[2])  # ("components", "schemas", name, ...)
            if target not in schemas:
                return None
            found.add(target)
        out[name] = found
    return out


def _closure(roots: Sequence[str], targets: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(targets[name] - seen)
    return seen


def _groups(targets: Mapping[str, set[str]]) -> list[list[str]]:
    """Schemas joined by references (either way), hubs apart; each group in document order,
    the groups largest first."""
    order = {name: i for i, name in enumerate(targets)}
    referrers = dict.fromkeys(targets, 0)
    for found in targets.values():
        for name in found:
            referrers[name] += 1
    # A hub: referenced by more than the square root of the schema count.
    hubs = {name for name, count in referrers.items() if count * count > len(targets)}
    parent = {name: name for name in targets}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for name, found in targets.items():
        if name in hubs:
            continue
        for other in found - hubs:
            a, b = root(name), root(other)
            if a != b:  # the earlier schema stays the group's root: no dependence on set order
                parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    groups: dict[str, list[str]] = {}
    for name in targets:
        groups.setdefault(root(name), []).append(name)
    return sorted(groups.values(), key=lambda g: (-len(g), order[g[0]]))


def partition(schemas: Mapping[str, Any], size: int | None = None) -> list[Chunk]:
    """The chunks to render ``schemas`` in: one chunk (all of them) unless there are more than
    ``size`` (``CHUNK_SCHEMAS``) and their references are all known."""
    size = size or CHUNK_SCHEMAS
    whole = [Chunk(tuple(schemas), tuple(schemas))]
    targets = _targets(schemas) if len(schemas) > size else None
    if targets is None:
        return whole
    count = -(-len(schemas) // size)
    bins: list[list[str]] = [[] for _ in range(count)]
    for group in _groups(targets):  # largest first, each into the lightest bin
        min(bins, key=len).extend(group)
    order = {name: i for i, name in enumerate(schemas)}
    chunks = []
    for roots in bins:
        if roots:
            members = _closure(roots, targets)
            chunks.append(
                Chunk(
                    tuple(sorted(roots, key=order.__getitem__)),
                    tuple(sorted(members, key=order.__getitem__)),
                )
            )
    return chunks if len(chunks) > 1 else whole


def statements(source: str) -> tuple[list[str], list[tuple[str, str]]]:
    """A module's import statements, and its other top-level statements as (key, source):
    the key is the name a statement defines, or its source when it defines none."""
    imports, body = statement_nodes(source)
    return imports, [(key, text) for key, text, _ in body]


def statement_nodes(
    source: str, tree: ast.Module | None = None
) -> tuple[list[str], list[tuple[str, str, ast.stmt]]]:
    """``statements``, each with its syntax tree (from the one parse of the whole module:
    ``tree`` when the caller has it)."""
    tree = ast.parse(source) if tree is None else tree
    # Split at "\n" only, as Python's tokenizer counts lines: str.splitlines() also breaks at
    # \v, \f and \x1c-\x1e, which a string literal may hold raw (a hostile enum value).
    lines = source.split("\n")
    imports: list[str] = []
    body: list[tuple[str, str, ast.stmt]] = []
    start = 0  # comments and blank lines before a statement belong to it
    for node in tree.body:
        end = node.end_lineno or node.lineno
        text = "\n".join(lines[start:end]).strip("\n")
        start = end
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(text)
            continue
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            key = node.name
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            key = ",".join(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            key = node.target.id
        else:
            key = text
        body.append((key, text, node))
    return imports, body


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk``: every node under ``node`` and itself, in the same order.

    Written here because ``ast.walk`` goes through two generators per node: over the 165,000
    nodes of a 1,000-operation API's models, walked three times a run, this loop takes about
    a fifth less time."""
    todo = deque([node])
    while todo:
        sub = todo.popleft()
        for name in sub._fields:
            value = getattr(sub, name, None)
            if isinstance(value, ast.AST):
                todo.append(value)
            elif type(value) is list:
                todo += [item for item in value if isinstance(item, ast.AST)]
        yield sub


def merge(sources: Sequence[str]) -> str | None:
    """One module from the chunks' modules, each definition once; None when two of them define
    one name differently. Imports are only gathered: ruff sorts and joins them afterwards."""
    imports: dict[str, None] = {}
    defined: dict[str, str] = {}
    for source in sources:
        found, body = statements(source)
        imports.update(dict.fromkeys(found))
        for key, text in body:
            if key not in defined:
                defined[key] = text
            elif defined[key] != text:
                return None
    future = [i for i in imports if i.startswith("from __future__ ")]
    head = future + [i for i in imports if i not in future]
    return "\n".join(head) + "\n\n\n" + "\n\n\n".join(defined.values()) + "\n"
