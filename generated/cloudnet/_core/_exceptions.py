# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_exceptions.py.
# Do not edit here: edit generator/runtime/_exceptions.py, then run `make`.
"""Every error the client raises: one base class, a class per failure kind and per HTTP status.

``APIStatusError`` carries what a caller needs to act on a vendor error: the HTTP status, the
vendor error code and message, the request id, and the parsed error body. ``make_status_error``
is the one place that maps a status to its class.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "ClientError",
    "CloudnetError",
    "ConflictError",
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
    "make_status_error",
]


class CloudnetError(Exception):
    """The base of every exception this package raises."""


class APIError(CloudnetError):
    """A call failed. ``request`` is the request that was sent (credentials are in its headers:
    do not log them)."""

    def __init__(self, message: str, *, request: httpx.Request | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The service could not be reached (DNS, refused connection, TLS, broken connection)."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__("Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """The service answered, but not with what the spec says: invalid JSON, an HTML page from a
    gateway, a field of the wrong type. ``body`` is the raw text, ``errors`` pydantic's."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: str, errors: Any = None
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors


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
