# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_exceptions.py.
# Do not edit here: edit generator/runtime/_exceptions.py, then run `make`.
"""Every error the client raises: one base class, a class per failure kind and per HTTP status.

``APIStatusError`` carries what a caller needs to act on a vendor error: the HTTP status, the
vendor error code and message, the request id, and the parsed error body. ``make_status_error``
is the one place that maps a status to its class, and ``from_httpx`` the one place that maps
what httpx raises (a refused connection, a timeout, a body that cannot be decoded) to ours.
"""

from __future__ import annotations

import errno
import socket
import ssl
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ._redact import redacted_request

if TYPE_CHECKING:
    from ._reading import ValidationIssue

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "ClientClosedError",
    "ClientError",
    "CloudnetError",
    "ConflictError",
    "ConnectionFailure",
    "GatewayTimeoutError",
    "InternalServerError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "NotFoundError",
    "NotImplementedServerError",
    "PermissionDeniedError",
    "ProxyAuthenticationRequiredError",
    "RateLimitError",
    "RequestTimeoutError",
    "ServerError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "from_httpx",
    "make_status_error",
]


class CloudnetError(Exception):
    """The base of every exception this package raises."""


class ClientClosedError(CloudnetError, RuntimeError):
    """A call on a client after its ``close()`` (or after its ``with`` block)."""


class APIError(CloudnetError):
    """A call failed. ``request`` is the request that was sent. Its headers hold the
    credentials: their ``repr``, and this error's, hide them, but ``dict(request.headers)``
    does not."""

    def __init__(self, message: str, *, request: httpx.Request | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __repr__(self) -> str:
        where = f", request={redacted_request(self.request)}" if self.request is not None else ""
        return f"{type(self).__name__}({self.message!r}{where})"


#: What went wrong with a connection: ``refused``, ``dns`` (the host name does not resolve),
#: ``tls`` (handshake or certificate), ``reset`` (closed by the peer while in use),
#: ``timeout``, ``proxy``, ``protocol`` (not HTTP as expected), or ``other``.
ConnectionFailure = Literal[
    "refused", "dns", "tls", "reset", "timeout", "proxy", "protocol", "other"
]


class APIConnectionError(APIError):
    """The service could not be reached, or the connection failed during the call. ``kind``
    says how (``"refused"``, ``"dns"``, ``"tls"``, ``"reset"``, ``"timeout"``, …); the
    message names the host and port; the httpx exception is the ``__cause__``."""

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request,
        kind: ConnectionFailure = "other",
    ) -> None:
        super().__init__(message, request=request)
        self.kind: ConnectionFailure = kind


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, sending, waiting for the answer, or waiting for a
    free connection of the pool)."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request, kind="timeout")


class APIResponseValidationError(APIError):
    """The service answered, but not with what the spec says: a body that is not JSON (an HTML
    page from a gateway), not the top-level type the spec says, or, with ``strict=True``, a
    value that breaks the spec. ``body`` is the raw text, ``errors`` pydantic's, ``issues``
    the values that break the spec (``cloudnet.ValidationIssue``: path, what the spec says,
    what came), the list ``validation_issues`` gives in lenient mode."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: str,
        errors: Any = None,
        issues: tuple[ValidationIssue, ...] = (),
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors
        self.issues = issues


class APIStatusError(APIError):
    """The service answered with a status outside 2xx."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        code: str | None,
        request_id: str | None,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        #: The parsed error body: the spec's error model when it matched, else the JSON value,
        #: else the text.
        self.body = body
        #: The vendor error code (``APIG.2012``, ``InvalidVpnConnectionInstanceId.NotFound``).
        self.code = code
        self.request_id = request_id


class ClientError(APIStatusError):
    """A 4xx status: the request was wrong (parameters, credentials, permissions, state)."""


class ServerError(APIStatusError):
    """A 5xx status: the service failed; the call may succeed when repeated."""


class BadRequestError(ClientError):
    """400."""


class AuthenticationError(ClientError):
    """401: missing, wrong or expired credentials."""


class PermissionDeniedError(ClientError):
    """403."""


class NotFoundError(ClientError):
    """404."""


class MethodNotAllowedError(ClientError):
    """405."""


class NotAcceptableError(ClientError):
    """406."""


class ProxyAuthenticationRequiredError(ClientError):
    """407."""


class RequestTimeoutError(ClientError):
    """408."""


class ConflictError(ClientError):
    """409: the resource's state does not allow the call."""


class UnprocessableEntityError(ClientError):
    """422."""


class RateLimitError(ClientError):
    """429: throttled."""


class InternalServerError(ServerError):
    """500."""


class NotImplementedServerError(ServerError):
    """501."""


class BadGatewayError(ServerError):
    """502."""


class ServiceUnavailableError(ServerError):
    """503."""


class GatewayTimeoutError(ServerError):
    """504."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    406: NotAcceptableError,
    407: ProxyAuthenticationRequiredError,
    408: RequestTimeoutError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    501: NotImplementedServerError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def make_status_error(
    response: httpx.Response,
    *,
    body: Any,
    code: str | None,
    message: str | None,
    request_id: str | None,
) -> APIStatusError:
    """The exception for a non-2xx response: its status's class, else its family's."""
    status = response.status_code
    cls = _BY_STATUS.get(status)
    if cls is None:
        family = status // 100
        cls = ClientError if family == 4 else ServerError if family == 5 else APIStatusError
    text = f"{status} {response.reason_phrase}".strip()
    if code:
        text += f" [{code}]"
    if message:
        text += f": {message}"
    if request_id:
        text += f" (request id {request_id})"
    return cls(text, response=response, body=body, code=code, request_id=request_id)


_DEFAULT_PORTS = {"http": 80, "https": 443}
_TIMEOUTS: tuple[tuple[type[httpx.TimeoutException], str, str], ...] = (
    (httpx.ConnectTimeout, "connect", "Timed out connecting to {}"),
    (httpx.ReadTimeout, "read", "Timed out waiting for {} to answer"),
    (httpx.WriteTimeout, "write", "Timed out sending the request to {}"),
    (httpx.PoolTimeout, "pool", "Timed out waiting for a free connection to {}"),
)
_FAILURES: dict[str, str] = {
    "refused": "Connection refused by {}",
    "dns": "DNS lookup failed for {}",
    "tls": "TLS handshake with {} failed",
    "reset": "Connection to {} was reset",
    "proxy": "Proxy error on the way to {}",
    "protocol": "HTTP protocol error talking to {}",
    "other": "Connection to {} failed",
}


def from_httpx(
    error: Exception, request: httpx.Request, response: httpx.Response | None = None
) -> CloudnetError:
    """Our exception for ``error``, which httpx raised while sending ``request`` (or reading
    ``response``'s body). The caller raises it ``from error``, so the cause is kept."""
    address = _address(request.url)
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(_timeout_text(error, request, address), request=request)
    if isinstance(error, httpx.TransportError):
        kind, cause = _failure(error)
        text = _FAILURES[kind].format(address)
        detail = str(cause) or type(cause).__name__
        return APIConnectionError(
            f"{text}: {detail} ({type(error).__name__})", request=request, kind=kind
        )
    if isinstance(error, httpx.DecodingError) and response is not None:
        encoding = response.headers.get("content-encoding", "")
        return APIResponseValidationError(
            f"The {response.status_code} response from {address} cannot be decoded as its "
            f"Content-Encoding ({encoding!r}) says: {error}",
            response=response,
            body="",
        )
    return APIError(f"{type(error).__name__} from {address}: {error}", request=request)


def _address(url: httpx.URL) -> str:
    """``host:port`` (the scheme's default port when the URL has none), or the URL itself when
    it has no host (a base URL without ``http://``)."""
    if not url.host:
        return repr(str(url))
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    return f"{url.host}:{port}" if port else url.host


def _timeout_text(error: httpx.TimeoutException, request: httpx.Request, address: str) -> str:
    settings = request.extensions.get("timeout") or {}
    for cls, phase, text in _TIMEOUTS:
        if isinstance(error, cls):
            limit = settings.get(phase)
            after = f" ({phase} timeout {limit:g} s)" if isinstance(limit, (int, float)) else ""
            return text.format(address) + after
    return f"Timed out talking to {address}"


def _failure(error: Exception) -> tuple[ConnectionFailure, BaseException]:
    """How a connection failed, and the exception that says so: found along the chain of
    causes (httpx's error is caused by httpcore's, caused by the socket's or ssl's; anyio
    groups the failures of several addresses)."""
    chain = list(_causes(error))
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return "dns", cause
        if isinstance(cause, ssl.SSLError):
            return "tls", cause
        if isinstance(cause, ConnectionRefusedError) or _errno(cause) == errno.ECONNREFUSED:
            return "refused", cause
        if isinstance(cause, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return "reset", cause
    root = chain[-1]
    if isinstance(error, httpx.ProxyError):
        return "proxy", root
    if isinstance(error, httpx.RemoteProtocolError) and "disconnected" in str(error):
        return "reset", root
    if isinstance(error, (httpx.ProtocolError, httpx.UnsupportedProtocol)):
        return "protocol", root
    return "other", root


def _causes(error: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    queue = [error]
    while queue:
        node = queue.pop(0)
        if any(node is seen for seen in out):
            continue
        out.append(node)
        if isinstance(node, BaseExceptionGroup):
            queue.extend(node.exceptions)
        queue.extend(n for n in (node.__cause__, node.__context__) if n is not None)
    return out


def _errno(error: BaseException) -> int | None:
    return error.errno if isinstance(error, OSError) else None
