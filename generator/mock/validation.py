"""A request against its operation: every path, query, header and cookie parameter (required,
type, bounds, enum, pattern, through ``jsonschema`` on the parameter's own schema) and the body.

Values arrive as text; each is converted to the type its schema names before it is validated
(``"10"`` -> 10 for an integer), and a value that does not convert is validated as the text it
is, so the error is the schema's own ("'ten' is not of type 'integer'").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .routing import RPC_ACTION, RPC_VERSION
from .spec import IGNORED_HEADERS, MockOperation, MockParameter, Schemas, describe

__all__ = ["Problem", "ReceivedRequest", "validate_request"]

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


@dataclass(frozen=True)
class ReceivedRequest:
    """What the server received, as text and bytes, independent of the web framework."""

    method: str
    #: The path as sent (percent-encoded), without the query string.
    raw_path: bytes
    query_string: bytes
    #: ``(name, value)`` pairs in order, names lowercased (ASGI).
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    #: The decoded query, in order.
    query: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode("latin-1")
        for key, value in self.headers:
            if key == wanted:
                return value.decode("latin-1")
        return None

    def header_values(self, name: str) -> list[str]:
        wanted = name.lower().encode("latin-1")
        return [v.decode("latin-1") for k, v in self.headers if k == wanted]

    def query_values(self, name: str) -> list[str]:
        return [v for k, v in self.query if k == name]

    def cookies(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for line in self.header_values("cookie"):
            for part in line.split(";"):
                key, sep, value = part.strip().partition("=")
                if sep:
                    found.setdefault(key, value)
        return found


@dataclass(frozen=True)
class Problem:
    #: ``missing`` (a required value is absent) or ``invalid``.
    kind: str
    name: str
    location: str
    message: str


def validate_request(
    op: MockOperation,
    schemas: Schemas,
    request: ReceivedRequest,
    path_params: Mapping[str, str],
) -> list[Problem]:
    problems: list[Problem] = []
    for param in op.parameters:
        if param.location == "header" and param.name.lower() in IGNORED_HEADERS:
            continue
        raw = _raw_values(op, param, request, path_params)
        if not raw:
            if param.required:
                problems.append(
                    Problem("missing", param.name, param.location, "is required and missing")
                )
            continue
        schema = op.api.resolve(op.api.at(param.schema))
        value = _convert(param, schema, raw, op)
        if isinstance(value, _Repeated):
            problems.append(
                Problem("invalid", param.name, param.location, "is given more than once")
            )
            continue
        errors = schemas.errors(op.api, param.schema, value)
        if errors:
            problems.append(Problem("invalid", param.name, param.location, describe(errors[0])))
    problems += _validate_body(op, schemas, request)
    return problems


class _Repeated:
    """A single-valued parameter given more than once."""


def _raw_values(
    op: MockOperation,
    param: MockParameter,
    request: ReceivedRequest,
    path_params: Mapping[str, str],
) -> list[str]:
    if param.location == "path":
        return [path_params[param.name]] if param.name in path_params else []
    if param.location == "query":
        values = request.query_values(param.name)
        # Signature V3 moves the RPC Action and Version to headers; they still count.
        if not values and op.rpc is not None:
            for query_name, header_name in (RPC_ACTION, RPC_VERSION):
                if param.name == query_name:
                    values = request.header_values(header_name)
        return values
    if param.location == "header":
        return request.header_values(param.name)
    if param.location == "cookie":
        cookie = request.cookies().get(param.name)
        return [] if cookie is None else [cookie]
    return []


def _types(schema: Any) -> list[str]:
    declared = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [str(t) for t in declared]
    return []


def _convert(param: MockParameter, schema: Any, raw: Sequence[str], op: MockOperation) -> Any:
    types = _types(schema)
    if "array" in types:
        if param.explode and param.style == "form":
            items = list(raw)
        else:
            separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
            items = [piece for value in raw for piece in value.split(separator)]
        item_schema = op.api.resolve(schema.get("items", {}))
        return [_scalar(_types(item_schema), item) for item in items]
    if len(raw) > 1:
        return _Repeated()
    return _scalar(types, raw[0])


def _scalar(types: list[str], text: str) -> Any:
    if "integer" in types and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in types and _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "integer" in types else number
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "null" in types and text == "null" and "string" not in types:
        return None
    return text


def _validate_body(op: MockOperation, schemas: Schemas, request: ReceivedRequest) -> list[Problem]:
    if op.body_media_type is None:
        return []
    if not request.body:
        if op.body_required:
            return [Problem("missing", "body", "body", "the request body is required")]
        return []
    if op.body_schema is None:
        return []
    if "json" not in op.body_media_type:
        return []
    try:
        value = json.loads(request.body)
    except ValueError:
        return [Problem("invalid", "body", "body", "the request body is not valid JSON")]
    errors = schemas.errors(op.api, op.body_schema, value)
    if errors:
        return [Problem("invalid", "body", "body", describe(errors[0]))]
    return []
