"""The hand-written runtime core of the generated clients.

``specgen generate`` copies this package, unchanged but for a header, to ``<package>/_core`` of
the output, where the generated (thin) clients and models import it. It only uses relative
imports, so it works under any package name.

Every name is imported the first time it is used (PEP 562), from the module that defines it:
``import cloudnet`` costs next to nothing, ``from cloudnet import NotFoundError`` loads the
errors alone, and a client loads the request machinery it needs. Type checkers and IDEs see
every name through the imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._alibaba import AlibabaAcs3
    from ._auth import (
        Credential,
        HuaweiIamToken,
        MissingCredentialsError,
        SigningError,
        ZStackSession,
    )
    from ._client import (
        DEFAULT_TIMEOUT,
        NOT_GIVEN,
        AsyncAPIClient,
        ErrorFields,
        InvalidRequestError,
        MissingOptionError,
        NotGiven,
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
        ClientClosedError,
        ClientError,
        CloudnetError,
        ConflictError,
        ConnectionFailure,
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
    from ._huawei import HuaweiAkSk
    from ._models import (
        AwareDatetime,
        Enum,
        IntEnum,
        Model,
        StrEnum,
        StrictBool,
        StrictFloat,
        StrictInt,
        StrictStr,
        WireDatetime,
        response_of,
    )
    from ._models import date as date  # the generated models' ``format: date``; not in __all__
    from ._pagination import Page, Pagination, iterate, iterate_async, pages, pages_async
    from ._params import Style
    from ._reading import ValidationIssue, validation_issues
    from ._servers import Server, ServerVariableError

__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AlibabaAcs3",
    "AsyncAPIClient",
    "AuthenticationError",
    "AwareDatetime",
    "BadGatewayError",
    "BadRequestError",
    "ClientClosedError",
    "ClientError",
    "CloudnetError",
    "ConflictError",
    "ConnectionFailure",
    "Credential",
    "Enum",
    "ErrorFields",
    "GatewayTimeoutError",
    "HuaweiAkSk",
    "HuaweiIamToken",
    "IntEnum",
    "InternalServerError",
    "InvalidRequestError",
    "MethodNotAllowedError",
    "MissingCredentialsError",
    "MissingOptionError",
    "Model",
    "NotAcceptableError",
    "NotFoundError",
    "NotGiven",
    "NotImplementedServerError",
    "Operation",
    "Page",
    "Pagination",
    "PermissionDeniedError",
    "ProxyAuthenticationRequiredError",
    "RateLimitError",
    "RequestTimeoutError",
    "Server",
    "ServerError",
    "ServerVariableError",
    "ServiceUnavailableError",
    "SigningError",
    "StrEnum",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "Style",
    "SyncAPIClient",
    "UnprocessableEntityError",
    "ValidationIssue",
    "WireDatetime",
    "ZStackSession",
    "iterate",
    "iterate_async",
    "make_status_error",
    "pages",
    "pages_async",
    "response_of",
    "server_url",
    "validation_issues",
]

#: The module that defines each name (those imported above for type checkers).
_MODULES: dict[str, str] = {
    "AlibabaAcs3": "_alibaba",
    "Credential": "_auth",
    "HuaweiIamToken": "_auth",
    "MissingCredentialsError": "_auth",
    "SigningError": "_auth",
    "ZStackSession": "_auth",
    "DEFAULT_TIMEOUT": "_client",
    "NOT_GIVEN": "_client",
    "AsyncAPIClient": "_client",
    "ErrorFields": "_client",
    "InvalidRequestError": "_client",
    "MissingOptionError": "_client",
    "NotGiven": "_client",
    "Operation": "_client",
    "SyncAPIClient": "_client",
    "server_url": "_client",
    "APIConnectionError": "_exceptions",
    "APIError": "_exceptions",
    "APIResponseValidationError": "_exceptions",
    "APIStatusError": "_exceptions",
    "APITimeoutError": "_exceptions",
    "AuthenticationError": "_exceptions",
    "BadGatewayError": "_exceptions",
    "BadRequestError": "_exceptions",
    "ClientClosedError": "_exceptions",
    "ClientError": "_exceptions",
    "CloudnetError": "_exceptions",
    "ConflictError": "_exceptions",
    "ConnectionFailure": "_exceptions",
    "GatewayTimeoutError": "_exceptions",
    "InternalServerError": "_exceptions",
    "MethodNotAllowedError": "_exceptions",
    "NotAcceptableError": "_exceptions",
    "NotFoundError": "_exceptions",
    "NotImplementedServerError": "_exceptions",
    "PermissionDeniedError": "_exceptions",
    "ProxyAuthenticationRequiredError": "_exceptions",
    "RateLimitError": "_exceptions",
    "RequestTimeoutError": "_exceptions",
    "ServerError": "_exceptions",
    "ServiceUnavailableError": "_exceptions",
    "UnprocessableEntityError": "_exceptions",
    "make_status_error": "_exceptions",
    "HuaweiAkSk": "_huawei",
    "AwareDatetime": "_models",
    "Enum": "_models",
    "IntEnum": "_models",
    "Model": "_models",
    "StrEnum": "_models",
    "StrictBool": "_models",
    "StrictFloat": "_models",
    "StrictInt": "_models",
    "StrictStr": "_models",
    "WireDatetime": "_models",
    "response_of": "_models",
    "date": "_models",
    "Page": "_pagination",
    "Pagination": "_pagination",
    "iterate": "_pagination",
    "iterate_async": "_pagination",
    "pages": "_pagination",
    "pages_async": "_pagination",
    "Style": "_params",
    "ValidationIssue": "_reading",
    "validation_issues": "_reading",
    "Server": "_servers",
    "ServerVariableError": "_servers",
}

if not TYPE_CHECKING:  # hidden from type checkers: a misspelt name stays an error for them

    def __getattr__(name: str) -> object:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # __import__, not importlib.import_module: the interpreter's own import, which
        # `python -X importtime` reports (it does not see importlib's).
        value = getattr(__import__(module, globals(), None, [name], 1), name)
        globals()[name] = value  # from now on a plain attribute: __getattr__ is not called again
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
