"""Request types that take what responses give: the enums of the models beside the literals.

A parameter with an ``enum`` is typed as the ``Literal`` of its values (``parse``). A value read
from a response is a member of a models enum (``ConnectionEndpointsStatus.ACCEPTED``), which a
type checker does not accept for that ``Literal``. Once the models module exists, this adds to
each such parameter the enums of the models that hold the same data:

- the enum its schema refers to (``$ref`` to a component);
- the enum of every model field with the parameter's wire name (``status``, ``RouteEntryType``)
  whose values include each of the parameter's (same type, no fewer values).

A request body model's enum fields get the literal strings beside the enum in the same way, for
models only requests use (a model a response also uses keeps the enum alone, so reading stays
precise): ``mode: Mode | Literal["a", "b"] | None``, validated left to right, so a string the
enum lists still becomes its member.

The models module is datamodel-code-generator's output: its classes are read here with ``ast``,
as ``models._enum_member_defaults`` does, since datamodel-code-generator names the enums of
inline schemas itself (``ConnectionEndpointsStatus``) and has no hook to report them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..ir import Api, Operation, Parameter
from ..ir.naming import enum_literal
from .modelchunks import walk

__all__ = ["EnumFacts", "fit_parameters", "fit_request_models"]

_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum"})


@dataclass(frozen=True)
class EnumFacts:
    """What fitting the parameters needs of a models module: kept with the finished model
    files (``render.ModelFiles``), so an edit that leaves the models alone does not parse
    them again."""

    #: Enum class -> its values, in order.
    enums: dict[str, tuple[object, ...]]
    #: Wire name of a model field -> the enum classes its annotation names.
    field_enums: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class _Module(EnumFacts):
    #: Class -> the classes its fields and bases name (the models' reference graph).
    refers: dict[str, set[str]]
    tree: ast.Module


def _read(source: str) -> _Module:
    tree = ast.parse(source)
    enums: dict[str, tuple[object, ...]] = {}
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    for node in classes:
        if any(isinstance(b, ast.Name) and b.id in _ENUM_BASES for b in node.bases):
            enums[node.name] = tuple(
                item.value.value
                for item in node.body
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant)
            )
    field_enums: dict[str, list[str]] = {}
    refers: dict[str, set[str]] = {}
    for node in classes:
        names = {n.id for base in node.bases for n in walk(base) if isinstance(n, ast.Name)}
        for field in node.body:
            if not isinstance(field, ast.AnnAssign) or not isinstance(field.target, ast.Name):
                continue
            used = [n.id for n in walk(field.annotation) if isinstance(n, ast.Name)]
            names.update(used)
            wire = _alias(field) or field.target.id
            for name in used:
                if name in enums and name not in field_enums.setdefault(wire, []):
                    field_enums[wire].append(name)
        refers[node.name] = names
    return _Module(enums, {k: tuple(v) for k, v in field_enums.items()}, refers, tree)


def _alias(field: ast.AnnAssign) -> str | None:
    for call in walk(field):
        if isinstance(call, ast.Call):
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def _same_kind(a: object, b: object) -> bool:
    """Both strings or both integers (``True`` is no integer here)."""
    return type(a) is type(b) and isinstance(a, (str, int))


def _covers(enum_values: tuple[object, ...], wanted: tuple[object, ...]) -> bool:
    return all(any(_same_kind(v, w) and v == w for v in enum_values) for w in wanted)


def _parameter(p: Parameter, facts: EnumFacts, reserved: frozenset[str]) -> Parameter:
    if not p.enum or not p.is_argument:
        return p
    found = [p.enum_class] if p.enum_class else []
    found += facts.field_enums.get(p.name, ())
    classes = [
        c
        for c in dict.fromkeys(found)
        if c in facts.enums and c not in reserved and _covers(facts.enums[c], p.enum)
    ]
    literal = enum_literal(p.enum)
    if not classes or literal not in p.annotation:
        return p
    widened = p.annotation.replace(literal, " | ".join([literal, *classes]), 1)
    return replace(p, annotation=widened, enum_classes=tuple(classes))


def fit_request_models(api: Api, models_source: str) -> tuple[str, EnumFacts, ast.Module | None]:
    """The models source with the enum fields of request-only models widened to the literals,
    the enum facts of the models (``fit_parameters``), and the syntax tree of the source
    returned when it is the one read here (unchanged), for the lazy split to reuse: parsing
    the models of a 1,000-operation API takes a quarter of a second."""
    try:
        module = _read(models_source)
    except SyntaxError:  # the compile guard reports it, naming the file
        return models_source, EnumFacts({}, {}), None
    if not module.enums:
        return models_source, EnumFacts({}, {}), module.tree
    fitted = _request_models(models_source, module, api)
    facts = EnumFacts(module.enums, module.field_enums)
    return fitted, facts, module.tree if fitted == models_source else None


def fit_parameters(api: Api, facts: EnumFacts, reserved: frozenset[str]) -> Api:
    """``api`` with its enum parameters widened to the models' enums. ``reserved``: names
    the client module has for itself (an enum named like one is left out)."""
    if not facts.enums:
        return api
    operations: list[Operation] = []
    for op in api.operations:
        params = tuple(_parameter(p, facts, reserved) for p in op.parameters)
        operations.append(replace(op, parameters=params))
    used = {c for op in operations for p in op.parameters for c in p.enum_classes}
    return replace(
        api,
        operations=tuple(operations),
        model_imports=tuple(sorted(set(api.model_imports) | used)),
    )


def _reach(roots: Iterable[str], refers: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in refers]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [n for n in refers[name] if n in refers and n not in seen]
    return seen


def _request_models(source: str, module: _Module, api: Api) -> str:
    """The enum fields of the models only requests use take the enum's literal values too."""
    requests = _reach((op.body.annotation for op in api.operations if op.body), module.refers)
    responses = _reach(
        [op.result for op in api.operations if op.result]
        + [e.model for op in api.operations for e in op.errors if e.model],
        module.refers,
    )
    only = requests - responses
    edits: list[tuple[int, int, int, str]] = []  # line, start and end column, new text
    wanted: set[str] = set()
    for node in module.tree.body:
        if not isinstance(node, ast.ClassDef) or node.name not in only:
            continue
        for field in node.body:
            if not isinstance(field, ast.AnnAssign):
                continue
            for name in walk(field.annotation):
                if (
                    isinstance(name, ast.Name)
                    and _literal_ok(module.enums.get(name.id, ()))
                    and name.end_col_offset is not None
                ):
                    wanted.add(name.id)
                    edits.append(
                        (name.lineno, name.col_offset, name.end_col_offset, _alias_name(name.id))
                    )
    if not edits:
        return source
    lines = source.splitlines(keepends=True)
    for line, start, end, text in sorted(edits, reverse=True):
        raw = lines[line - 1].encode()  # ast columns are UTF-8 byte offsets
        lines[line - 1] = (raw[:start] + text.encode() + raw[end:]).decode()
    # Each alias right after its enum, before any model that uses it.
    ends = {
        node.name: node.end_lineno
        for node in module.tree.body
        if isinstance(node, ast.ClassDef) and node.name in wanted
    }
    for enum_name, end_line in sorted(ends.items(), key=lambda kv: -(kv[1] or 0)):
        alias = (
            f"\n\n# {enum_name} or one of its values (the type of a request-only model's field).\n"
            f"{_alias_name(enum_name)} = Annotated[\n"
            f"    {enum_name} | {enum_literal(module.enums[enum_name])},\n"
            '    Field(union_mode="left_to_right"),\n'
            "]\n"
        )
        lines.insert(end_line or 0, alias)
    head = "from typing import Annotated, Literal\n\nfrom pydantic import Field\n"
    out = "".join(lines)
    marker = "from __future__ import annotations\n"
    if marker in out:
        return out.replace(marker, marker + "\n" + head, 1)
    return head + out


def _literal_ok(values: tuple[object, ...]) -> bool:
    """Values a ``Literal`` can hold: strings and integers (no floats, no None)."""
    return bool(values) and all(isinstance(v, (str, int)) for v in values)


def _alias_name(enum: str) -> str:
    """The alias of an enum's request type: private (no schema's class name starts with an
    underscore), so it cannot take a model's name."""
    return f"_{enum}Value"
