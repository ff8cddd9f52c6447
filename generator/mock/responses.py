"""What the mock answers a valid request with.

By default the operation's success response (the lowest 2xx it declares) with its first example.
A ``Prefer`` request header, as Prism reads it, picks another: ``Prefer: code=404`` (a status the
operation declares), ``Prefer: example=<name>`` (a named example), ``Prefer: dynamic=true`` (a body
built from the schema). With ``dynamic`` on for the whole server, every success body is built.

A built body of a paginated operation (``x-cloudnet-pagination``) holds the page the query asks
for: ``PageNumber``/``PageSize`` (or ``offset``/``limit``) echo the query, the item list has as
many items as that page has of ``total`` items, and the total field says ``total``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..openapi import extensions as x
from .errors import error_answer, error_code, with_request_id
from .spec import MockOperation, MockResponse, Schemas
from .synth import Synthesizer

__all__ = ["Answer", "Prefer", "PreferError", "answer", "parse_prefer"]


@dataclass(frozen=True)
class Prefer:
    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None


class PreferError(ValueError):
    """A Prefer header that names a status or example the operation does not have."""


@dataclass(frozen=True)
class Answer:
    status: int
    #: None for a response without a body.
    body: Any
    media_type: str | None
    headers: dict[str, str] = field(default_factory=dict)


def parse_prefer(values: list[str]) -> Prefer:
    found: dict[str, str] = {}
    for value in values:
        for token in re.split(r"[,;]", value):
            key, sep, item = token.strip().partition("=")
            if sep:
                found[key.strip().lower()] = item.strip().strip('"')
    code = found.get("code")
    if code is not None and not code.isdigit():
        raise PreferError(f"Prefer: code={code!r} is not a status code")
    dynamic = found.get("dynamic")
    return Prefer(
        code=int(code) if code is not None else None,
        example=found.get("example"),
        dynamic=None if dynamic is None else dynamic.lower() == "true",
    )


def _success(op: MockOperation) -> int:
    exact = sorted(int(s) for s in op.responses if s.isdigit() and s.startswith("2"))
    if exact:
        return exact[0]
    if any(s.upper() == "2XX" for s in op.responses) or "default" in op.responses:
        return 200
    raise PreferError(f"{op.operation_id} declares no success response")


def answer(
    op: MockOperation,
    schemas: Schemas,
    prefer: Prefer,
    dynamic: bool,
    query: Mapping[str, Any],
    request_id: str,
    total: int,
) -> Answer:
    status = prefer.code if prefer.code is not None else _success(op)
    response = op.response_for(status)
    if response is None:
        raise PreferError(f"Prefer: code={status}: {op.operation_id} declares no such response")
    if response.media_type is None:
        return Answer(status, None, None)
    if prefer.example is not None:
        if prefer.example not in response.examples:
            names = ", ".join(sorted(response.examples)) or "none"
            raise PreferError(
                f"Prefer: example={prefer.example}: response {response.status} of "
                f"{op.operation_id} has no such example (it has: {names})"
            )
        return _example(op, status, response, response.examples[prefer.example], request_id)
    build = prefer.dynamic if prefer.dynamic is not None else dynamic
    if not build and response.examples:
        example = next(iter(response.examples.values()))
        return _example(op, status, response, example, request_id)
    if status >= 400 and op.api.error_fields(response.schema) is not None:
        # The code the operation documents for the status, else the vendor's general one.
        code, message = error_code(op.api, op, status)
        error = error_answer(op.api, op, status, code, message, request_id)
        return Answer(status, error.body, response.media_type)
    return Answer(status, _built(op, schemas, response, query, total), response.media_type)


def _example(
    op: MockOperation, status: int, response: MockResponse, example: Any, request_id: str
) -> Answer:
    """An example as sent: an error example carries this request's id, not the example's."""
    if status >= 400:
        example = with_request_id(op, status, example, request_id)
    return Answer(status, example, response.media_type)


def _built(
    op: MockOperation,
    schemas: Schemas,
    response: MockResponse,
    query: Mapping[str, Any],
    total: int,
) -> Any:
    if response.schema is None:
        return None
    api = op.api
    synth = Synthesizer(api.resolve)
    schema = api.at(response.schema)
    paging = op.pagination
    body = synth.build(schema) if paging is None else _page(op, synth, schema, paging, query, total)
    if schemas.errors(api, response.schema, body) and response.examples:
        # Not reached with the specs here (tests/test_mock_server.py checks every built body);
        # a schema this builder cannot satisfy gets its example rather than an invalid body.
        return next(iter(response.examples.values()))
    return body


def _page(
    op: MockOperation,
    synth: Synthesizer,
    schema: Any,
    paging: x.Paging,
    query: Mapping[str, Any],
    total: int,
) -> Any:
    style = paging.style
    items = paging.items
    total_field = paging.total
    if style == "page":
        page_name, size_name = paging.position, paging.size
        page = _number(op, query, page_name, 1)
        size = _number(op, query, size_name, 10)
        start = (page - 1) * size
        count = max(0, min(size, total - start))
        echo = {page_name: page, size_name: size}
    else:
        offset_name, limit_name = paging.position, paging.size
        offset = _number(op, query, offset_name, 0)
        limit = _number(op, query, limit_name, 10)
        start = offset
        count = max(0, min(limit, total - offset))
        echo = {}
    # The items are numbered from the page's first position: each page holds different ones.
    body = synth.build(schema, index=max(0, start), lengths={items: count})
    if isinstance(body, dict):
        properties = op.api.resolve(schema).get("properties", {})
        for name, value in echo.items():
            if name in properties:
                body[name] = value
        if isinstance(total_field, str) and total_field in properties:
            body[total_field] = total
    return body


def _number(op: MockOperation, query: Mapping[str, Any], name: str, fallback: int) -> int:
    value = query.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    for param in op.parameters:
        if param.name == name and param.location == "query":
            default = op.api.resolve(op.api.at(param.schema)).get("default")
            if isinstance(default, int):
                return default
    return fallback
