"""A valid instance of a JSON schema, built from the schema alone, deterministically.

Written here rather than taken from hypothesis-jsonschema: that library draws random data inside
a hypothesis run (a test-time dependency, slow to start per schema, and its output changes from
call to call), while a mock must answer the same request with the same body, in milliseconds, at
run time. This builder covers what the specs use (objects, maps with ``propertyNames``, arrays,
enums, bounds, lengths, formats, patterns, ``anyOf``/``oneOf``/``allOf``, ``$ref`` cycles) and the
caller validates the result against the schema anyway.

Values prefer what the spec gives (``const``, ``examples``, ``example``, ``default``, the first
``enum`` value), then a value made from the property name and the item's index
(``id-0``, ``id-1``...), so the items of a list differ.
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Synthesizer", "string_for_pattern"]

# Python's own regular expression parser (``re._parser``, formerly ``sre_parse``).
_sre: Any = importlib.import_module("re._parser")
_const: Any = importlib.import_module("re._constants")

_MAX_DEPTH = 6
_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}


class Synthesizer:
    def __init__(self, resolve: Callable[[Any], Any]) -> None:
        #: Follows a ``$ref`` chain inside the document.
        self.resolve = resolve

    def build(
        self,
        schema: Any,
        name: str = "value",
        index: int = 0,
        lengths: Mapping[str, int] | None = None,
        depth: int = 0,
    ) -> Any:
        """An instance of ``schema``. ``lengths`` fixes the length of the arrays of the named
        top-level properties (a page of ``n`` items)."""
        schema = self.resolve(schema)
        if schema is True or not isinstance(schema, dict):
            return f"{name}-{index}"
        if "const" in schema:
            return schema["const"]
        for key in ("examples",):
            if isinstance(schema.get(key), list) and schema[key]:
                return schema[key][0]
        for key in ("example", "default"):
            if key in schema and schema[key] is not None:
                return schema[key]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            values = [v for v in schema["enum"] if v is not None and v != ""] or schema["enum"]
            return values[index % len(values)]
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._choice(schema[key], name, index, depth)
        if isinstance(schema.get("allOf"), list):
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.build(part, name, index, lengths, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
                else:
                    return value
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            value = self.build(rest, name, index, lengths, depth + 1) if rest else {}
            return {**merged, **value} if isinstance(value, dict) else merged
        types = schema.get("type")
        if isinstance(types, list):
            types = next((t for t in types if t != "null"), "null")
        if types is None:
            types = "object" if "properties" in schema else "string"
        if types == "object":
            return self._object(schema, name, index, lengths, depth)
        if types == "array":
            return self._array(schema, name, index, lengths, depth)
        if types == "string":
            return self._string(schema, name, index)
        if types == "integer":
            return int(self._number(schema, index, integer=True))
        if types == "number":
            return self._number(schema, index, integer=False)
        if types == "boolean":
            return index % 2 == 0
        return None

    def _choice(self, options: list[Any], name: str, index: int, depth: int) -> Any:
        resolved = [self.resolve(o) for o in options]
        nullable = [o for o in resolved if isinstance(o, dict) and o.get("type") == "null"]
        real = [o for o in resolved if o not in nullable]
        if (depth >= 2 or not real) and nullable:
            return None
        return self.build(real[0] if real else resolved[0], name, index, None, depth + 1)

    def _object(
        self,
        schema: dict[str, Any],
        name: str,
        index: int,
        lengths: Mapping[str, int] | None,
        depth: int,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        required = set(schema.get("required", []))
        for prop, sub in schema.get("properties", {}).items():
            if depth >= _MAX_DEPTH and prop not in required:
                continue
            if lengths and prop in lengths:
                out[prop] = self._array(
                    self.resolve(sub), prop, index, None, depth + 1, count=lengths[prop]
                )
            else:
                out[prop] = self.build(sub, prop, index, None, depth + 1)
        extra = schema.get("additionalProperties")
        if not schema.get("properties") and isinstance(extra, dict) and depth < _MAX_DEPTH:
            names = self.resolve(schema.get("propertyNames", {}))
            key = self._string(names if isinstance(names, dict) else {}, f"{name}-key", index)
            out[key] = self.build(extra, name, index, None, depth + 1)
        return out

    def _array(
        self,
        schema: dict[str, Any],
        name: str,
        index: int,
        lengths: Mapping[str, int] | None,
        depth: int,
        count: int | None = None,
    ) -> list[Any]:
        if count is None:
            count = int(schema.get("minItems", 1 if depth < _MAX_DEPTH else 0))
        if "maxItems" in schema:
            count = min(count, int(schema["maxItems"]))
        items = schema.get("items", {})
        return [self.build(items, name, index + i, None, depth + 1) for i in range(count)]

    def _string(self, schema: dict[str, Any], name: str, index: int) -> str:
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", 10**6))
        fmt = schema.get("format")
        if fmt == "uuid":
            return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}-{index}"))
        if isinstance(fmt, str) and fmt in _FORMATS:
            return _FORMATS[fmt]
        text = _fit(f"{name}-{index}", low, high)
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            if _fits(pattern, text, low, high):
                return text
            found = string_for_pattern(pattern, low, high)
            if found is not None:
                return found
        return text

    def _number(self, schema: dict[str, Any], index: int, integer: bool) -> float:
        low = schema.get("minimum")
        if isinstance(schema.get("exclusiveMinimum"), (int, float)):
            low = schema["exclusiveMinimum"] + (1 if integer else 0.5)
        high = schema.get("maximum")
        if isinstance(schema.get("exclusiveMaximum"), (int, float)):
            high = schema["exclusiveMaximum"] - (1 if integer else 0.5)
        value: float = index + 1
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and step > 0:
            value = (value // step) * step
            if low is not None and value < low:
                value += step
        return value


def _fit(text: str, low: int, high: int) -> str:
    if len(text) < low:
        text = text + "x" * (low - len(text))
    return text[:high]


def _fits(pattern: str, text: str, low: int, high: int) -> bool:
    try:
        return low <= len(text) <= high and re.search(pattern, text) is not None
    except re.error:
        return False


def string_for_pattern(pattern: str, low: int = 0, high: int = 10**6) -> str | None:
    """A short string that ``re.search(pattern, ...)`` accepts, within the length bounds; None
    when the pattern uses something this cannot build (back-references)."""
    try:
        parsed = _sre.parse(pattern)
    except Exception:
        return None
    for extra in (0, 1, 2, 4, 8, 16, 32, 64):
        text = _emit(list(parsed), extra)
        if text is not None and _fits(pattern, text, low, high):
            return text
    return None


_CANDIDATES = "a0A_-.:x1Z "


def _emit(items: list[tuple[Any, Any]], extra: int) -> str | None:
    out: list[str] = []
    for op, av in items:
        piece = _emit_one(op, av, extra)
        if piece is None:
            return None
        out.append(piece)
    return "".join(out)


def _emit_one(op: Any, av: Any, extra: int) -> str | None:
    if op is _const.LITERAL:
        return chr(av)
    if op is _const.NOT_LITERAL:
        return "a" if av != ord("a") else "b"
    if op is _const.ANY:
        return "a"
    if op is _const.IN:
        return _class_char(list(av))
    if op in (_const.MAX_REPEAT, _const.MIN_REPEAT, getattr(_const, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        count = low + extra if high is _const.MAXREPEAT else min(low + extra, high)
        if count == 0:
            return ""
        one = _emit(list(sub), extra)
        return None if one is None else one * count
    if op is _const.SUBPATTERN:
        return _emit(list(av[-1]), extra)
    if op is getattr(_const, "ATOMIC_GROUP", None):
        return _emit(list(av), extra)
    if op is _const.BRANCH:
        for alternative in av[1]:
            text = _emit(list(alternative), extra)
            if text is not None:
                return text
        return None
    if op in (_const.AT, _const.ASSERT, _const.ASSERT_NOT):
        return ""
    return None  # GROUPREF and friends


def _class_char(items: list[tuple[Any, Any]]) -> str | None:
    negate = bool(items) and items[0][0] is _const.NEGATE
    body = items[1:] if negate else items
    if not negate:
        op, av = body[0]
        if op is _const.LITERAL:
            return chr(av)
        if op is _const.RANGE:
            return chr(av[0])
    for char in _CANDIDATES:
        if _in_class(body, char) != negate:
            return char
    return None


def _in_class(items: list[tuple[Any, Any]], char: str) -> bool:
    code = ord(char)
    for op, av in items:
        if op is _const.LITERAL and av == code:
            return True
        if op is _const.RANGE and av[0] <= code <= av[1]:
            return True
        if op is _const.CATEGORY and _category(av, char):
            return True
    return False


def _category(category: Any, char: str) -> bool:
    checks: dict[Any, Callable[[str], bool]] = {
        _const.CATEGORY_DIGIT: str.isdigit,
        _const.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
        _const.CATEGORY_SPACE: str.isspace,
        _const.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
        _const.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
        _const.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    }
    check = checks.get(category)
    return bool(check and check(char))
