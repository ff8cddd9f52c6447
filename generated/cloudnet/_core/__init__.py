# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/__init__.py.
# Do not edit here: edit generator/runtime/__init__.py, then run `make`.
"""The hand-written runtime core of the generated clients.

``specgen generate`` copies this package, unchanged but for a header, to ``<package>/_core`` of
the output, where the generated (thin) clients and models import it. It only uses relative
imports, so it works under any package name.
"""

from ._client import (
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    ErrorFields,
    MissingOptionError,
    Operation,
    SyncAPIClient,
    server_url,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadGatewayError,
    BadRequestError,
    ClientError,
    CloudnetError,
    ConflictError,
    GatewayTimeoutError,
    InternalServerError,
    MethodNotAllowedError,
    NotAcceptableError,
    NotFoundError,
    NotImplementedServerError,
    PermissionDeniedError,
    ProxyAuthenticationRequiredError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    make_status_error,
)
from ._models import AwareDatetime, Enum, IntEnum, Model, StrEnum, WireDatetime

__all__ = [
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AuthenticationError",
    "AwareDatetime",
    "BadGatewayError",
    "BadRequestError",
    "ClientError",
    "CloudnetError",
    "ConflictError",
    "Enum",
    "ErrorFields",
    "GatewayTimeoutError",
    "IntEnum",
    "InternalServerError",
    "MethodNotAllowedError",
    "MissingOptionError",
    "Model",
    "NotAcceptableError",
    "NotFoundError",
    "NotImplementedServerError",
    "Operation",
    "PermissionDeniedError",
    "ProxyAuthenticationRequiredError",
    "RateLimitError",
    "RequestTimeoutError",
    "ServerError",
    "ServiceUnavailableError",
    "StrEnum",
    "SyncAPIClient",
    "UnprocessableEntityError",
    "WireDatetime",
    "make_status_error",
    "server_url",
]
