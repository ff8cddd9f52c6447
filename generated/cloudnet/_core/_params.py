# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_params.py.
# Do not edit here: edit generator/runtime/_params.py, then run `make`.
"""Parameter and body serialisation: OpenAPI's ``style``/``explode`` rules and the non-JSON
request bodies (form, multipart, raw bytes and text).

Written by hand: httpx encodes a flat form and multipart parts, but no library here applies
OpenAPI's parameter styles (RFC 6570 expansions for ``simple``, ``label``, ``matrix``, and
``form``, ``spaceDelimited``, ``pipeDelimited``, ``deepObject`` for queries).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from urllib.parse import quote

import pydantic
import pydantic_core

from ._models import Model

__all__ = ["Style", "body_parts", "path_text", "query_pairs", "scalar_text", "single_text"]


@dataclass(frozen=True)
class Style:
    """How one parameter is written, when not its location's default (OpenAPI 3.1 §4.8.12.4):
    ``form`` exploded for query and cookie, ``simple`` for path and header; ``json`` for a
    parameter given with ``content: application/json``."""

    style: str
    explode: bool


_DEFAULT = {"query": Style("form", True), "cookie": Style("form", True)}
_SIMPLE = Style("simple", False)


def default_style(location: str) -> Style:
    return _DEFAULT.get(location, _SIMPLE)


def scalar_text(value: Any) -> str:
    """A primitive value as it goes on the wire."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    """Models, enums and dates as JSON data: of a model (a root model too, such as a oneOf
    body), the fields the caller set, never every optional field as null."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return pydantic_core.to_jsonable_python(value, by_alias=True)


def _entries(value: Any) -> list[tuple[str, str]] | None:
    """An object's members as text (None when ``value`` is not an object)."""
    data = _plain(value) if isinstance(value, (Model, Mapping)) else None
    if not isinstance(data, dict):
        return None
    return [(str(k), _json_scalar(v)) for k, v in data.items() if v is not None]


def _json(value: Any) -> str:
    """Compact JSON text of a value (models, enums and dates as JSON data)."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _json_scalar(value: Any) -> str:
    return _json(value) if isinstance(value, (dict, list)) else scalar_text(value)


def _items(value: Any) -> list[str] | None:
    if isinstance(value, (list, tuple)):
        return [scalar_text(v) for v in value if v is not None]
    return None


def query_pairs(name: str, value: Any, style: Style) -> list[tuple[str, str]]:
    """The ``(key, value)`` pairs one query (or cookie) parameter adds, unescaped."""
    if style.style == "json":
        return [(name, _json(value))]
    items = _items(value)
    if items is not None:
        if style.explode and style.style in ("form", "spaceDelimited", "pipeDelimited"):
            return [(name, v) for v in items]
        joiner = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style.style, ",")
        return [(name, joiner.join(items))]
    entries = _entries(value)
    if entries is not None:
        if style.style == "deepObject":
            return [(f"{name}[{k}]", v) for k, v in entries]
        if style.explode:
            return entries
        return [(name, ",".join(part for pair in entries for part in pair))]
    return [(name, scalar_text(value))]


def path_text(name: str, value: Any, style: Style) -> str:
    """A path parameter's text, escaped (``simple``, ``label`` or ``matrix``)."""

    def esc(text: str) -> str:
        return quote(text, safe="")

    if style.style == "json":
        return esc(_json(value))
    items = _items(value)
    entries = None if items is not None else _entries(value)
    if items is not None:
        parts = [esc(v) for v in items]
        pairs: list[str] | None = None
    elif entries is not None:
        parts = [esc(p) for pair in entries for p in pair]
        pairs = [f"{esc(k)}={esc(v)}" for k, v in entries]
    else:
        parts, pairs = [esc(scalar_text(value))], None
    if style.style == "label":
        if style.explode:
            return "".join("." + p for p in (pairs or parts))
        return "." + ",".join(parts)
    if style.style == "matrix":
        if items is not None and style.explode:
            return "".join(f";{esc(name)}={p}" for p in parts)
        if entries is not None and style.explode:
            return "".join(";" + p for p in pairs or [])
        return f";{esc(name)}=" + ",".join(parts)
    if pairs is not None and style.explode:
        return ",".join(pairs)
    return ",".join(parts)


def single_text(value: Any, style: Style) -> str:
    """A header (or a cookie's value) in the ``simple`` style."""
    if style.style == "json":
        return _json(value)
    items = _items(value)
    if items is not None:
        return ",".join(items)
    entries = _entries(value)
    if entries is not None:
        if style.explode:
            return ",".join(f"{k}={v}" for k, v in entries)
        return ",".join(part for pair in entries for part in pair)
    return scalar_text(value)


def body_parts(body: Any, encoding: str, content_type: str) -> dict[str, Any]:
    """The ``httpx.Client.build_request`` arguments that send ``body`` (a model, bytes or
    text) in ``encoding``: ``json``, ``form``, ``multipart``, ``binary`` or ``text``."""
    headers = {"Content-Type": content_type}
    if encoding == "binary":
        return {"content": bytes(body), "headers": headers}
    if encoding == "text":
        return {"content": str(body).encode(), "headers": headers}
    if encoding == "form":
        pairs = []
        for key, value in _fields(body).items():
            pairs += query_pairs(key, value, Style("form", True))
        return {"data": _grouped(pairs)}
    if encoding == "multipart":
        # Every part goes in ``files`` (a text field as a part without a file name), so httpx
        # writes multipart/form-data, with its boundary, even when no part is a file.
        parts: list[tuple[str, tuple[str | None, bytes, str | None]]] = []
        for key, value in _fields(body).items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, (bytes, bytearray)):
                    parts.append((key, (key, bytes(item), "application/octet-stream")))
                elif item is not None:
                    # OpenAPI's default part types: an object or array as application/json,
                    # a primitive as text/plain (httpx's default for a part without a type).
                    data = _plain(item)
                    kind = "application/json" if isinstance(data, (dict, list)) else None
                    parts.append((key, (None, _json_scalar(data).encode(), kind)))
        return {"files": parts}
    content = _json(body).encode()
    return {"content": content, "headers": {"Content-Type": content_type or "application/json"}}


def _fields(body: Any) -> dict[str, Any]:
    """A body model's set fields by wire name, values as given (bytes stay bytes)."""
    if isinstance(body, Model):
        return body.model_dump(mode="python", by_alias=True, exclude_unset=True)
    if isinstance(body, Mapping):
        return {str(k): v for k, v in body.items()}
    raise TypeError(f"a form body is a model or a mapping, not {type(body).__name__}")


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out
