# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_reading.py.
# Do not edit here: edit generator/runtime/_reading.py, then run `make`.
"""Reading a response body: typed where it matches the spec, kept as sent where it does not.

The fast path is pydantic-core's ``validate_json`` on the whole body: one pass in Rust, no
Python call for a valid body. Only when that fails is the body read again here, guided by the
errors it reported (their locations are wire names and list indexes): every subtree no error
points into is validated as it is (typed, as on the fast path), and each value an error points
at is kept exactly as it came, at its place, with a ``ValidationIssue`` that says where it is,
what the spec says and what came.

Written by hand because no library does it: pydantic validates all or nothing, and its
``model_construct`` skips validation altogether. The walk follows the model classes'
``model_fields`` and the standard ``list``/``dict``/``Optional`` annotations the generated models
use; any other type (a union of several types) is a leaf, kept whole when anything in it fails.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

import pydantic

from ._models import _ISSUES, Model

__all__ = [
    "BodyError",
    "ValidationIssue",
    "adapter",
    "read_body",
    "validation_issues",
]

_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    """A validator for any body type (a model, a root model, a list, an enum), built once."""
    found = _ADAPTERS.get(tp)
    if found is None:
        found = _ADAPTERS[tp] = pydantic.TypeAdapter(tp)
    return found


@dataclass(frozen=True)
class ValidationIssue:
    """One value of a response that does not match the spec, kept as it came."""

    #: Where the value is: wire names and list indexes from the top of the body.
    location: tuple[str | int, ...]
    #: What the spec says, in pydantic's words ("Input should be a valid integer").
    expected: str
    #: The value as it came (None, with ``kind == "missing"``, for a required field absent).
    got: Any
    #: pydantic's error type: ``int_type``, ``less_than_equal``, ``string_too_long``, ``missing``.
    kind: str

    @property
    def path(self) -> str:
        """The location as a JSONPath: ``$.connections[1].created_at``."""
        out = "$"
        for part in self.location:
            if isinstance(part, int):
                out += f"[{part}]"
            elif part.isidentifier():
                out += f".{part}"
            else:
                out += "[" + json.dumps(part, ensure_ascii=False).replace("'", "\\'") + "]"
        return out

    def __str__(self) -> str:
        if self.kind == "missing":
            return f"{self.path}: {self.expected}"
        return f"{self.path}: {self.expected}; got {_short(self.got)}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= 80 else text[:77] + "..."


def validation_issues(result: Any) -> tuple[ValidationIssue, ...]:
    """What did not match the spec in a result read in lenient mode (the default): one
    ``ValidationIssue`` per value kept as sent; empty when everything matched. Works on the
    result of a call and on any model inside it (the locations are then from that model); a
    list result lists its items' issues."""
    if isinstance(result, Model):
        private = result.__pydantic_private__
        found = private.get(_ISSUES) if private else None
        return found if isinstance(found, tuple) else ()
    if isinstance(result, list):
        return tuple(
            _moved(issue, (i,))
            for i, item in enumerate(result)
            for issue in validation_issues(item)
        )
    return ()


def _moved(issue: ValidationIssue, prefix: tuple[str | int, ...]) -> ValidationIssue:
    return ValidationIssue(prefix + issue.location, issue.expected, issue.got, issue.kind)


def _mark(model: Model, issues: Sequence[ValidationIssue], depth: int) -> None:
    relative = tuple(ValidationIssue(i.location[depth:], i.expected, i.got, i.kind) for i in issues)
    private = model.__pydantic_private__
    if private is None:
        model.__pydantic_private__ = {_ISSUES: relative}
    else:
        private[_ISSUES] = relative


class BodyError(Exception):
    """The body cannot be read at all: not JSON, or not the top-level type the spec says."""

    def __init__(self, message: str, errors: list[Any]) -> None:
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True)
class _Error:
    loc: tuple[str | int, ...]
    msg: str
    kind: str


def read_body(tp: Any, content: bytes) -> tuple[Any, tuple[ValidationIssue, ...], list[Any]]:
    """The body as ``tp``, the issues found, and pydantic's errors (empty when it matched).

    Raises ``BodyError`` when the body is not JSON or not of the top-level type at all."""
    validator = adapter(tp)
    try:
        return validator.validate_json(content, by_name=False), (), []
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
    top = [e for e in errors if not e["loc"]]
    if top:
        raise BodyError(top[0]["msg"], errors)
    try:
        raw = json.loads(content)
    except (ValueError, RecursionError) as exc:  # pydantic-core read it, json did not
        raise BodyError(f"Invalid JSON: {exc}", errors) from None
    found = [_Error(tuple(e["loc"]), e["msg"], e["type"]) for e in errors]
    issues: list[ValidationIssue] = []
    value = _rebuild(tp, raw, found, (), issues)
    return value, tuple(issues), errors


def _validate(tp: Any, value: Any) -> Any:
    """``value`` (a JSON value, as ``json.loads`` gives it, that pydantic found no error in)
    typed as the fast path has it. From the Python objects, not JSON text again (a third of
    the cost): the runtime's scalar types are strict by construction and read the same in both
    modes, and lax Python mode reads a string as bytes or a date as JSON mode does."""
    return adapter(tp).validate_python(value, by_name=False)


def _rebuild(
    tp: Any,
    value: Any,
    errors: list[_Error],
    where: tuple[str | int, ...],
    issues: list[ValidationIssue],
) -> Any:
    """``value`` as ``tp`` where it matches, as it came where ``errors`` (relative to this
    node, never empty) point."""
    kind, inner = _shape(tp)
    here = [e for e in errors if not e.loc]
    below = [e for e in errors if e.loc]
    if kind == "model" and isinstance(value, dict):
        return _rebuild_model(inner, value, below, here, where, issues)
    if kind == "list" and isinstance(value, list):
        return _rebuild_list(inner, value, below, here, where, issues)
    if kind == "dict" and isinstance(value, dict):
        return _rebuild_dict(inner, value, below, here, where, issues)
    # A leaf (a scalar, a union), or a container of the wrong JSON type: kept whole.
    _report(errors, value, where, issues)
    return value


def _report(
    errors: list[_Error], value: Any, where: tuple[str | int, ...], issues: list[ValidationIssue]
) -> None:
    if not errors:
        return
    if len(errors) == 1 and not errors[0].loc:
        issues.append(ValidationIssue(where, errors[0].msg, value, errors[0].kind))
        return
    # Inside a union: pydantic's locations name the members it tried, not JSON keys.
    text = "; ".join(
        (f"{'.'.join(map(str, e.loc))}: {e.msg}" if e.loc else e.msg) for e in errors[:3]
    )
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    issues.append(ValidationIssue(where, text + more, value, errors[0].kind))


def _rebuild_model(
    cls: type[pydantic.BaseModel],
    value: dict[str, Any],
    below: list[_Error],
    here: list[_Error],
    where: tuple[str | int, ...],
    issues: list[ValidationIssue],
) -> Any:
    start = len(issues)
    _report(here, value, where, issues)  # model-level checks, if any; the fields still count
    if issubclass(cls, pydantic.RootModel):
        root = _rebuild(cls.model_fields["root"].annotation, value, below, where, issues)
        built: Any = cls.model_construct(root)
    else:
        fields = cls.model_fields
        wire = {(info.alias or name): name for name, info in fields.items()}
        by_key = _by_first(below)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            name = wire.get(key)
            if name is None:  # kept, and listed when the spec forbids it (additionalProperties)
                extra[key] = item
                issues.extend(
                    ValidationIssue((*where, key), e.msg, item, e.kind) for e in by_key.pop(key, ())
                )
            elif key in by_key:
                values[name] = _rebuild(
                    _field_type(cls, name), item, by_key.pop(key), (*where, key), issues
                )
            else:
                values[name] = _validate(_field_type(cls, name), item)
        fields_set = set(values)
        for gone, missing in by_key.items():  # required fields that did not come
            issues.extend(ValidationIssue((*where, gone), e.msg, None, e.kind) for e in missing)
            absent = wire.get(str(gone))
            if absent is not None:
                values[absent] = None  # reads as None; to_dict() leaves it out, as it came
        built = cls.model_construct(fields_set, **values)
        # In model_extra even where the spec forbids unknown fields (to_dict() then leaves
        # them out, as pydantic dumps only the fields of such a model).
        built.__pydantic_extra__ = extra
    if isinstance(built, Model):
        _mark(built, issues[start:], len(where))
    return built


def _rebuild_list(
    item_type: Any,
    value: list[Any],
    below: list[_Error],
    here: list[_Error],
    where: tuple[str | int, ...],
    issues: list[ValidationIssue],
) -> list[Any]:
    _report(here, value, where, issues)  # too many or too few items: the items still count
    by_index = {i: found for i, found in _by_first(below).items() if isinstance(i, int)}
    good = [i for i in range(len(value)) if i not in by_index]
    # The valid items in one call: a page of 10,000 with one bad item costs one more parse.
    typed = _validate(list[item_type], [value[i] for i in good]) if good else []
    out: list[Any] = [None] * len(value)
    for i, item in zip(good, typed, strict=True):
        out[i] = item
    for i, found in by_index.items():
        out[i] = _rebuild(item_type, value[i], found, (*where, i), issues)
    return out


def _rebuild_dict(
    types_: tuple[Any, Any],
    value: dict[str, Any],
    below: list[_Error],
    here: list[_Error],
    where: tuple[str | int, ...],
    issues: list[ValidationIssue],
) -> dict[str, Any]:
    key_type, value_type = types_
    _report(here, value, where, issues)
    by_key = _by_first(below)
    for name, found in by_key.items():
        for error in [e for e in found if e.loc[:1] == ("[key]",)]:  # the key breaks the spec
            issues.append(ValidationIssue((*where, name), error.msg, name, error.kind))
            found.remove(error)
    good = {k: v for k, v in value.items() if k not in by_key}
    typed = _validate(dict[key_type, value_type], good) if good else {}  # type: ignore[valid-type]
    out: dict[str, Any] = {}
    for key, item in value.items():  # the order the service sent
        if key not in by_key:
            out[key] = typed[key]
        elif by_key[key]:
            out[key] = _rebuild(value_type, item, by_key[key], (*where, key), issues)
        else:
            out[key] = _validate(value_type, item)
    return out


def _by_first(errors: list[_Error]) -> dict[str | int, list[_Error]]:
    """The errors by the first step of their location (a key or an index), relative to it."""
    out: dict[str | int, list[_Error]] = {}
    for error in errors:
        out.setdefault(error.loc[0], []).append(_Error(error.loc[1:], error.msg, error.kind))
    return out


def _field_type(cls: type[pydantic.BaseModel], name: str) -> Any:
    """The field's type with its constraints (``Field(ge=1)``), to validate it alone."""
    info = cls.model_fields[name]
    if not info.metadata:
        return info.annotation
    return typing.Annotated[(info.annotation, *info.metadata)]


def _shape(tp: Any) -> tuple[str, Any]:
    """What the walk does with ``tp``: ``model`` (the class), ``list`` (the item type),
    ``dict`` (key and value types), or ``leaf``. ``Annotated`` and ``| None`` are looked
    through: None is never an error there."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is Union or origin is types.UnionType:
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return "leaf", tp
            tp = members[0]
        else:
            break
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return "model", tp
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        return "list", item
    if origin is dict:
        args = typing.get_args(tp) or (str, Any)
        return "dict", (args[0], args[1])
    return "leaf", tp
