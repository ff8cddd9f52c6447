# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_client.py.
# Do not edit here: edit generator/runtime/_client.py, then run `make`.
"""The request and response machinery under every generated client, sync and async.

A generated method only names its operation (an ``Operation``: method, path template, error
models) and passes its arguments sorted by location; this module builds the ``httpx.Request``,
sends it, and turns the response into the typed result or a typed exception.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Self, TypeVar, overload
from urllib.parse import quote

import httpx
import pydantic
import pydantic_core

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    CloudnetError,
    make_status_error,
)
from ._models import Model

__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "ErrorFields",
    "MissingOptionError",
    "Operation",
    "SyncAPIClient",
    "server_url",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# Where services commonly put the request id, when the spec names no header of its own.
_REQUEST_ID_HEADERS = ("x-request-id", "x-acs-request-id", "x-openstack-request-id", "request-id")


@dataclass(frozen=True)
class ErrorFields:
    """Where an error body keeps the vendor error code, message and request id: dotted paths
    into the JSON body, tried in order."""

    code: tuple[str, ...] = ("error_code", "code", "Code", "error.code")
    message: tuple[str, ...] = (
        "error_msg",
        "message",
        "Message",
        "error.message",
        "error.description",
    )
    request_id: tuple[str, ...] = ("request_id", "RequestId", "requestId")


@dataclass(frozen=True)
class Operation:
    """What the runtime needs to know of one operation; generated from the spec."""

    operation_id: str
    method: str
    path: str
    #: Error body models by status: ``"404"``, then ``"4XX"``, then ``"default"``.
    errors: Mapping[str, type[Any]] = field(default_factory=dict)
    error_fields: ErrorFields = ErrorFields()
    #: Security requirements: any one of the tuples of scheme names satisfies the operation.
    security: tuple[tuple[str, ...], ...] = ()


class MissingOptionError(CloudnetError, TypeError):
    """A value the call needs was given neither to the call nor to the client."""


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


def server_url(template: str, variables: Mapping[str, str]) -> str:
    """A server URL of the spec with its ``{variables}`` filled in."""
    return _PATH_PARAM.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


class _BaseClient:
    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        request_id_headers: Iterable[str] = (),
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._auth = auth
        self._headers = dict(headers or {})
        self._request_id_headers = (*request_id_headers, *_REQUEST_ID_HEADERS)
        self._options = dict(options or {})

    def __repr__(self) -> str:  # never shows headers or credentials
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _option(self, name: str, value: Any) -> Any:
        """A per-call value, else the client's, else an error that says where to give it."""
        if value is not None:
            return value
        if self._options.get(name) is not None:
            return self._options[name]
        raise MissingOptionError(f"{name} is required: pass it to the call or to the client")

    def _build_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: Operation,
        path: Mapping[str, Any],
        query: Mapping[str, Any],
        headers: Mapping[str, Any],
        body: Any,
    ) -> httpx.Request:
        def fill(match: re.Match[str]) -> str:
            return quote(_text(path[match.group(1)]), safe="")

        url = self.base_url + _PATH_PARAM.sub(fill, op.path)
        params = httpx.QueryParams(
            [(k, _text(v)) for k, value in query.items() for v in _each(value) if v is not None]
        )
        sent = {**self._headers, **{k: _text(v) for k, v in headers.items() if v is not None}}
        content = None
        if body is not None:
            payload = (
                body.to_dict()
                if isinstance(body, Model)
                else pydantic_core.to_jsonable_python(body, by_alias=True)
            )
            content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            sent.setdefault("Content-Type", "application/json")
        return client.build_request(
            op.method, url, params=params, headers=sent, content=content, timeout=self.timeout
        )

    def _result(self, op: Operation, response: httpx.Response, cast_to: type[T] | None) -> T | None:
        if not response.is_success:
            raise self._status_error(op, response)
        if cast_to is None:
            return None
        try:
            return _adapter(cast_to).validate_json(response.content)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                f"{op.operation_id}: the {response.status_code} response body does not match "
                f"{getattr(cast_to, '__name__', cast_to)}: {exc.error_count()} error(s), first: "
                f"{_first_error(exc)}",
                response=response,
                body=response.text,
                errors=exc.errors(include_url=False),
            ) from None

    def _status_error(self, op: Operation, response: httpx.Response) -> Exception:
        try:
            raw: Any = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raw = None
        status = str(response.status_code)
        model = op.errors.get(status) or op.errors.get(status[0] + "XX") or op.errors.get("default")
        body: Any = raw if raw is not None else response.text
        if model is not None and raw is not None:
            try:
                body = _adapter(model).validate_python(raw)
            except pydantic.ValidationError:
                body = raw  # not the documented shape: keep what was sent
        fields = op.error_fields
        request_id = _lookup(raw, fields.request_id) or next(
            (response.headers[h] for h in self._request_id_headers if h in response.headers), None
        )
        return make_status_error(
            response,
            body=body,
            code=_lookup(raw, fields.code),
            message=_lookup(raw, fields.message),
            request_id=request_id,
        )


class SyncAPIClient(_BaseClient):
    """The base of the generated synchronous clients."""

    def __init__(self, *, http_client: httpx.Client | None = None, **settings: Any) -> None:
        """``settings`` are ``_BaseClient``'s; ``http_client`` is the caller's, or one of ours."""
        super().__init__(**settings)
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client()

    def close(self) -> None:
        """Close the HTTP connections, unless the ``http_client`` was given by the caller."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self.close()

    @overload
    def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T],
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> T: ...

    @overload
    def _request(
        self,
        op: Operation,
        *,
        cast_to: None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> None: ...

    def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T] | None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> T | None:
        request = self._build_request(
            self._client, op, path or {}, query or {}, headers or {}, body
        )
        try:
            response = self._client.send(request, auth=self._auth or httpx.USE_CLIENT_DEFAULT)
            response.read()
        except httpx.TimeoutException:
            raise APITimeoutError(request=request) from None
        except httpx.TransportError as exc:
            raise APIConnectionError(f"Connection error: {exc}", request=request) from None
        return self._result(op, response, cast_to)


class AsyncAPIClient(_BaseClient):
    """The base of the generated asynchronous clients."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **settings: Any) -> None:
        """``settings`` are ``_BaseClient``'s; ``http_client`` is the caller's, or one of ours."""
        super().__init__(**settings)
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.AsyncClient()

    async def close(self) -> None:
        """Close the HTTP connections, unless the ``http_client`` was given by the caller."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.close()

    @overload
    async def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T],
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> T: ...

    @overload
    async def _request(
        self,
        op: Operation,
        *,
        cast_to: None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> None: ...

    async def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T] | None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> T | None:
        request = self._build_request(
            self._client, op, path or {}, query or {}, headers or {}, body
        )
        try:
            response = await self._client.send(request, auth=self._auth or httpx.USE_CLIENT_DEFAULT)
            await response.aread()
        except httpx.TimeoutException:
            raise APITimeoutError(request=request) from None
        except httpx.TransportError as exc:
            raise APIConnectionError(f"Connection error: {exc}", request=request) from None
        return self._result(op, response, cast_to)


_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def _adapter(cls: type[T]) -> pydantic.TypeAdapter[T]:
    """A validator for any body type (a model, a root model, an enum), built once per type."""
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = pydantic.TypeAdapter(cls)
    return adapter


def _each(value: Any) -> list[Any]:
    """A query value as the list of values sent (``form`` style, exploded: repeated keys)."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _text(value: Any) -> str:
    """A parameter value as it goes on the wire."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _lookup(body: Any, paths: tuple[str, ...]) -> str | None:
    """The first of ``paths`` (dotted) that holds a scalar in ``body``, as text."""
    for dotted in paths:
        node = body
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, (str, int)) and not isinstance(node, bool) and node != "":
            return str(node)
    return None


def _first_error(exc: pydantic.ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = "/".join(str(p) for p in first["loc"]) or "(body)"
    return f"{where}: {first['msg']}"
