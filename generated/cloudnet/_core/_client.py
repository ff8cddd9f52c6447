# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_client.py.
# Do not edit here: edit generator/runtime/_client.py, then run `make`.
"""The request and response machinery under every generated client, sync and async.

A generated method only names its operation (an ``Operation``: method, path template, error
models) and passes its arguments sorted by location; this module builds the ``httpx.Request``,
sends it, and turns the response into the typed result or a typed exception.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import random
import re
import time
import types
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Self, TypeVar, overload
from urllib.parse import quote

import httpx
import pydantic
import pydantic_core

from ._auth import Chain, Credential, MissingCredentialsError
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    CloudnetError,
    make_status_error,
)
from ._models import Model, attach_response
from ._retry import SAFE_METHODS, RetryPolicy, is_retryable_status

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
    #: The query parameter that carries a client token making the call idempotent
    #: (Alibaba's ``ClientToken``): filled once per call, the same on every retry.
    idempotency_token: str | None = None

    @property
    def retryable(self) -> bool:
        """Safe to send again after a failure whose outcome is unknown."""
        return self.method in SAFE_METHODS or self.idempotency_token is not None


class MissingOptionError(CloudnetError, TypeError):
    """A value the call needs was given neither to the call nor to the client."""


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


class _Unset:
    """The default of ``with_options`` arguments for which None means something."""


_UNSET = _Unset()
_log = logging.getLogger(__name__.split(".")[0])
_SECRET_KEYS = re.compile(r"token|secret|password|signature|credential|key", re.IGNORECASE)


def _redacted(url: httpx.URL) -> str:
    """The URL for a log line: values of query keys that may hold secrets are hidden."""
    params = [(k, "***" if _SECRET_KEYS.search(k) else v) for k, v in url.params.multi_items()]
    return str(url.copy_with(params=params) if params else url)


def server_url(template: str, variables: Mapping[str, str]) -> str:
    """A server URL of the spec with its ``{variables}`` filled in."""
    return _PATH_PARAM.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


class _BaseClient:
    _owns_client: bool = False

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        request_id_headers: Iterable[str] = (),
        options: Mapping[str, Any] | None = None,
        credentials: Credential | Sequence[Credential] | None = None,
        schemes: Mapping[str, str] | None = None,
        max_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = RetryPolicy(max_retries=max_retries)
        # Injectable for tests (a fake clock) and for callers with their own scheduling.
        self._sleep = sleep
        self._asleep = async_sleep or _asyncio_sleep
        self._rng = rng or random.Random()
        if isinstance(credentials, Credential):
            credentials = [credentials]
        self._credentials = {c.scheme: c for c in credentials or ()}
        #: The spec's security scheme names -> their ``x-cloudnet-auth`` kinds.
        self._schemes = dict(schemes or {})
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._auth = auth
        self._headers = dict(headers or {})
        self._request_id_headers = (*request_id_headers, *_REQUEST_ID_HEADERS)
        self._options = dict(options or {})

    def __repr__(self) -> str:  # never shows headers or credentials
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self,
        *,
        timeout: httpx.Timeout | float | _Unset | None = _UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy of this client (same connections) with other settings for the calls made
        through it: ``client.with_options(timeout=5, max_retries=0).list_things(...)``."""
        copied = copy.copy(self)
        if not isinstance(timeout, _Unset):
            copied.timeout = (
                timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
            )
        if max_retries is not None:
            copied.retry = dataclasses.replace(self.retry, max_retries=max_retries)
        if headers is not None:
            copied._headers = {**self._headers, **headers}
        copied._owns_client = False  # closing the copy must not close the original's client
        return copied

    def _with_idempotency_token(
        self, op: Operation, query: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        out = dict(query or {})
        if op.idempotency_token and out.get(op.idempotency_token) is None:
            out[op.idempotency_token] = str(uuid.uuid4())
        return out

    def _retry_wait(
        self,
        op: Operation,
        attempt: int,
        request: httpx.Request,
        started: float,
        response: httpx.Response | None,
        error: Exception | None,
    ) -> float | None:
        """Log the attempt; the seconds to wait before the next one, or None to stop."""
        elapsed = (time.perf_counter() - started) * 1000
        outcome = f"{response.status_code}" if response is not None else type(error).__name__
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(
                "%s %s -> %s in %.0f ms (attempt %d)",
                request.method,
                _redacted(request.url),
                outcome,
                elapsed,
                attempt,
            )
        failed = error is not None or (
            response is not None and is_retryable_status(response.status_code)
        )
        if not failed or not op.retryable or attempt > self.retry.max_retries:
            return None
        wait = self.retry.delay(attempt, response, self._rng)
        _log.info(
            "%s: %s on attempt %d; retrying in %.2f s", op.operation_id, outcome, attempt, wait
        )
        return wait

    def _auth_for(self, op: Operation) -> httpx.Auth | httpx._client.UseClientDefault:
        """The credentials that satisfy one of ``op``'s security requirements (the first the
        client can meet, in the spec's order), plus the client's own ``auth``."""
        chosen: list[httpx.Auth] = []
        if op.security and self._credentials:
            for requirement in op.security:
                kinds = [self._schemes.get(name, name) for name in requirement]
                if all(kind in self._credentials for kind in kinds):
                    chosen = [self._credentials[kind] for kind in kinds]
                    break
            else:
                wanted = " or ".join(" + ".join(r) for r in op.security)
                raise MissingCredentialsError(
                    f"{op.operation_id} needs {wanted}; the client has credentials for "
                    f"{', '.join(sorted(self._credentials))}"
                )
        if self._auth is not None:
            chosen.append(self._auth)
        if not chosen:
            return httpx.USE_CLIENT_DEFAULT
        return chosen[0] if len(chosen) == 1 else Chain(chosen)

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

        pairs = tuple(
            (k, _text(v)) for k, value in query.items() for v in _each(value) if v is not None
        )
        # The URL is parsed once, with its query: handing httpx ``params`` as well would make it
        # parse and merge the URL a second time on every call.
        url = httpx.URL(
            self.base_url + _PATH_PARAM.sub(fill, op.path),
            params=httpx.QueryParams(pairs) if pairs else None,
        )
        sent = {
            "Accept": "application/json",
            **self._headers,
            **{k: _text(v) for k, v in headers.items() if v is not None},
        }
        content = None
        if body is not None:
            if isinstance(body, Model):
                payload = body.to_dict()
            elif isinstance(body, pydantic.BaseModel):
                # A root model (a oneOf body): like Model.to_dict, the fields the caller set,
                # not every optional field of the chosen member as null.
                payload = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
            else:
                payload = pydantic_core.to_jsonable_python(body, by_alias=True)
            content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            sent.setdefault("Content-Type", "application/json")
        return client.build_request(
            op.method, url, headers=sent, content=content, timeout=self.timeout
        )

    def _result(self, op: Operation, response: httpx.Response, cast_to: type[T] | None) -> T | None:
        if not response.is_success:
            raise self._status_error(op, response)
        if cast_to is None:
            return None
        try:
            result = _adapter(cast_to).validate_json(response.content, by_name=False)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                f"{op.operation_id}: the {response.status_code} response body does not match "
                f"{getattr(cast_to, '__name__', cast_to)}: {exc.error_count()} error(s), first: "
                f"{_first_error(exc)}",
                response=response,
                body=response.text,
                errors=exc.errors(include_url=False),
            ) from None
        if isinstance(result, Model):
            attach_response(result, response)
        return result

    def _status_error(self, op: Operation, response: httpx.Response) -> Exception:
        try:
            raw: Any = response.json()
        except (ValueError, RecursionError):  # not JSON, bad UTF-8, 5,000-digit numbers, depth
            raw = None
        status = str(response.status_code)
        model = op.errors.get(status) or op.errors.get(status[0] + "XX") or op.errors.get("default")
        body: Any = raw if raw is not None else response.text
        if model is not None and raw is not None:
            try:
                body = _adapter(model).validate_python(raw, by_name=False)
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
        query = self._with_idempotency_token(op, query)
        attempt = 0
        while True:
            attempt += 1
            request = self._build_request(self._client, op, path or {}, query, headers or {}, body)
            started = time.perf_counter()
            try:
                response = self._client.send(request, auth=self._auth_for(op))
                response.read()
            except httpx.TransportError as exc:
                wait = self._retry_wait(op, attempt, request, started, None, exc)
                if wait is None:
                    raise _transport_error(exc, request) from None
                self._sleep(wait)
                continue
            wait = self._retry_wait(op, attempt, request, started, response, None)
            if wait is None:
                return self._result(op, response, cast_to)
            response.close()
            self._sleep(wait)


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
        query = self._with_idempotency_token(op, query)
        attempt = 0
        while True:
            attempt += 1
            request = self._build_request(self._client, op, path or {}, query, headers or {}, body)
            started = time.perf_counter()
            try:
                response = await self._client.send(request, auth=self._auth_for(op))
                await response.aread()
            except httpx.TransportError as exc:
                wait = self._retry_wait(op, attempt, request, started, None, exc)
                if wait is None:
                    raise _transport_error(exc, request) from None
                await self._asleep(wait)
                continue
            wait = self._retry_wait(op, attempt, request, started, response, None)
            if wait is None:
                return self._result(op, response, cast_to)
            await response.aclose()
            await self._asleep(wait)


_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def _adapter(cls: type[T]) -> pydantic.TypeAdapter[T]:
    """A validator for any body type (a model, a root model, an enum), built once per type."""
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = pydantic.TypeAdapter(cls)
    return adapter


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # here, not at the top: the sync clients never pay for importing it

    await asyncio.sleep(seconds)


def _transport_error(error: httpx.TransportError, request: httpx.Request) -> Exception:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(f"Connection error: {type(error).__name__}", request=request)


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
            # Printable in any log: a lone surrogate the service escaped becomes "\ud800".
            return str(node).encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def _first_error(exc: pydantic.ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = "/".join(str(p) for p in first["loc"]) or "(body)"
    return f"{where}: {first['msg']}"
