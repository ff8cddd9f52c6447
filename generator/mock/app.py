"""The Starlette application: one endpoint for every path and method, which routes the request to
its operation, checks it (parameters, body, authentication), and answers.

Nothing here knows an operation by name: what is served is what the specs hold. Any exception is
answered with the API's own error body (HTTP 500, or 503 where the operation declares only that,
with the code documented for it or the vendor's general one) and logged; no stack trace is ever
sent. Every answer carries ``X-Request-Id``, and an error body its request id field with the
same value.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .auth import TestKeys, check_auth
from .errors import (
    ErrorAnswer,
    choose_status,
    error_answer,
    error_code,
    new_request_id,
    parameter_error,
)
from .responses import PreferError, answer, parse_prefer
from .routing import Router
from .spec import MockApi, Schemas, load_apis
from .validation import ReceivedRequest, validate_request

__all__ = ["MockConfig", "create_app"]

log = logging.getLogger("cloudnet.mock")

_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class MockConfig:
    specs: Path = Path("specs")
    #: Build every success body from its schema instead of answering the example.
    dynamic: bool = False
    keys: TestKeys = field(default_factory=TestKeys)
    #: How many items a paginated list holds in dynamic mode, over all its pages.
    total_items: int = 25


class MockApp:
    def __init__(self, config: MockConfig, apis: list[MockApi]) -> None:
        self.config = config
        self.apis = apis
        self.router = Router(apis)
        self.schemas = Schemas(apis)

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        received = ReceivedRequest(
            method=request.method,
            raw_path=request.scope.get("raw_path") or request.url.path.encode(),
            query_string=request.scope.get("query_string", b""),
            headers=tuple(request.scope["headers"]),
            body=body,
            query=tuple(
                parse_qsl(
                    request.scope.get("query_string", b"").decode("latin-1"),
                    keep_blank_values=True,
                )
            ),
        )
        try:
            return self.handle(received)
        except Exception:
            log.exception("mock: %s %s failed", received.method, received.raw_path)
            match = self.router.match(received.method, received.raw_path.decode("latin-1"), {}, {})
            request_id = new_request_id(match.api)
            status = choose_status(match.operation, (500, 503))
            code, message = error_code(match.api, match.operation, status)
            error = error_answer(
                match.api,
                match.operation,
                status,
                code,
                f"{message} (the mock server failed to answer this request; see its log)",
                request_id,
            )
            return self._error(error, request_id)

    def handle(self, request: ReceivedRequest) -> Response:
        query = dict(reversed(request.query))  # the first value of each name
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in reversed(request.headers)}
        match = self.router.match(
            request.method, request.raw_path.decode("latin-1"), query, headers
        )
        request_id = new_request_id(match.api)
        op = match.operation
        if op is None:
            # No operation: the API's general code for the status (the vendor's gateway answers
            # these before any operation would), in the API's error shape.
            code, message = error_code(match.api, None, match.status)
            if match.api is None:
                path = request.raw_path.decode("latin-1")
                message = f"No API of the mock serves {request.method} {path}"
            return self._error(
                error_answer(match.api, None, match.status, code, message, request_id),
                request_id,
            )
        problems = validate_request(op, self.schemas, request, match.path_params)
        failure = check_auth(op, request, self.config.keys)
        if failure is not None:
            status = choose_status(op, failure.statuses)
            return self._error(
                error_answer(op.api, op, status, failure.code, failure.message, request_id),
                request_id,
            )
        if problems:
            first = problems[0]
            code, documented = parameter_error(op, first.kind, first.name)
            where = "" if first.location == "body" else f" ({first.location})"
            message = f"Invalid parameter value, parameterName:{first.name}{where}: {first.message}"
            if first.kind == "missing":
                message = f"The input parameter {first.name}{where} that is mandatory is missing."
            status = choose_status(op, (400,))
            return self._error(
                error_answer(op.api, op, status, code, documented or message, request_id),
                request_id,
            )
        try:
            prefer = parse_prefer(request.header_values("prefer"))
            result = answer(
                op,
                self.schemas,
                prefer,
                self.config.dynamic,
                {k: int(v) if _INTEGER.fullmatch(v) else v for k, v in query.items()},
                request_id,
                self.config.total_items,
            )
        except PreferError as exc:
            status = choose_status(op, (400, 422))
            code = error_code(op.api, None, status)[0]  # a mock header: the general code
            return self._error(
                error_answer(op.api, op, status, code, str(exc), request_id), request_id
            )
        return _json(result.status, result.body, result.media_type, self._headers(request_id))

    def _headers(self, request_id: str) -> dict[str, str]:
        return {"X-Request-Id": request_id}

    def _error(self, error: ErrorAnswer, request_id: str) -> Response:
        return _json(error.status, error.body, "application/json", self._headers(request_id))


def _json(status: int, body: Any, media_type: str | None, headers: dict[str, str]) -> Response:
    if body is None or media_type is None:
        return Response(status_code=status, headers=headers)
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type=media_type, headers=headers)


class _ServeEverything:
    """Every HTTP request goes to the mock: Starlette's router matches decoded paths with a
    pattern that a newline in a path parameter escapes, and would answer 404 in plain text.
    Starlette still runs the lifespan and the outer error handling."""

    def __init__(self, app: ASGIApp, mock: MockApp) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response = await self.mock.endpoint(Request(scope, receive))
        await response(scope, receive, send)


def create_app(config: MockConfig | None = None) -> Starlette:
    """The mock as an ASGI application, for any ASGI server (``specgen mock`` runs uvicorn)."""
    config = config or MockConfig()
    mock = MockApp(config, load_apis(config.specs))
    app = Starlette(middleware=[Middleware(_ServeEverything, mock=mock)])
    app.state.mock = mock
    return app
