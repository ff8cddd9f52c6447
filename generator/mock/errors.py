"""Error answers in the shape the API declares: the response the operation gives for the status
(exact, ``4XX``, ``default``), its schema's ``x-cloudnet-error-fields`` saying where the code,
message and request id go (``error_code``/``error_msg``, ``error.code``/``error.message``,
``Code``/``Message``/``RequestId``, ZStack's ``error.code``/``error.description``).

Which code: the one the operation documents for the status (``x-cloudnet-error-codes``, then
the code of the status' own example), else the vendor's general code for the status
(``GENERAL_CODES``; the README's table of mock error codes is this table). A bad parameter gets
the code documented for that parameter first (``parameter_error``). Nothing is invented: where
neither the spec nor the vendor has a code (an API of no known vendor, a path under no API), the
body has no code at all. The request id is the response's ``X-Request-Id``, fresh per request.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from .spec import MockApi, MockOperation

__all__ = [
    "GENERAL_CODES",
    "ErrorAnswer",
    "choose_status",
    "documented_code",
    "error_answer",
    "error_code",
    "general_code",
    "new_request_id",
    "parameter_error",
    "vendor",
    "with_request_id",
]


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    body: dict[str, Any]
    #: The operation whose declared response the body follows (None: no operation matched).
    operation: MockOperation | None


#: The vendor's general code and message per status (``4XX``/``5XX``: any other status of the
#: class), used where the operation documents no code for the status. Sources:
#: - ZStack: ``SysErrors`` and ``IdentityErrors`` (org.zstack.header.errorcode, .identity) with
#:   the descriptions of conf/errorCodes/sys.xml and identity.xml. ZStack's REST server answers a
#:   failed call with HTTP 503 and its error body (SYS.1000, an internal error).
#: - Alibaba Cloud: the RPC common error codes (help.aliyun.com/document_detail/435312). The RPC
#:   gateway's "Specified api is not found, please check your url and method." covers a method
#:   the action is not served with, so it is the 405 code too.
#: - Huawei Cloud: the API Gateway in front of every Huawei service ("Error Codes" of the APIG
#:   user guide, codes APIGW.xxxx on Huawei Cloud's own gateway). It answers a method the API does
#:   not have with APIGW.0101 "The API does not exist."; APIGW.0201 is its code for a bad request
#:   (sent with 400, 413, 414, 494), APIGW.0202 the one for a failing service behind it.
GENERAL_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "zstack": {
        "400": ("SYS.1007", "One or more API argument is invalid"),
        "401": (
            "ID.1001",
            "The session is invalid, either wrong session id or the session has been expired",
        ),
        "403": ("ID.1002", "The user doesn't have permission to perform the operation"),
        "404": ("SYS.1003", "A resource can not be found"),
        "405": ("SYS.1014", "The operation is not implemented or not supported yet"),
        "4XX": ("SYS.1007", "One or more API argument is invalid"),
        "5XX": ("SYS.1000", "An internal error happened in system"),
    },
    "alibaba": {
        "400": ("InvalidParameter", "The specified parameter is not valid."),
        "403": ("Forbidden", "User not authorized to operate on the specified resource."),
        "404": (
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        ),
        "405": (
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        ),
        "503": (
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        ),
        "4XX": ("InvalidParameter", "The specified parameter is not valid."),
        "5XX": (
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        ),
    },
    "huawei": {
        "400": ("APIGW.0201", "API request error."),
        "401": ("APIGW.0301", "Incorrect IAM authentication information."),
        "403": ("APIGW.0302", "The IAM user is not authorized to access the API."),
        "404": (
            "APIGW.0101",
            "The API does not exist or has not been published in the environment.",
        ),
        "405": ("APIGW.0101", "The API does not exist."),
        "413": ("APIGW.0201", "Request entity too large."),
        "429": ("APIGW.0308", "The throttling threshold has been reached."),
        "502": ("APIGW.0202", "Backend unavailable."),
        "504": ("APIGW.0203", "Backend timeout."),
        "4XX": ("APIGW.0201", "API request error."),
        "5XX": ("APIGW.0202", "Backend unavailable."),
    },
}

# A required parameter that is missing, where the vendor has a code of its own for it (Alibaba:
# "The input parameter ... that is mandatory for processing this request is not supplied.").
_MISSING_CODES = {"alibaba": "MissingParameter"}


def vendor(api: MockApi | None) -> str | None:
    """The vendor folder of the API (``huawei`` of ``huawei/vpcep``)."""
    return api.name.split("/")[0] if api is not None else None


def new_request_id(api: MockApi | None) -> str:
    """A request id in the vendor's style: Alibaba's upper-case UUID, Huawei's 32 hex digits."""
    value = uuid.uuid4()
    if vendor(api) == "alibaba":
        return str(value).upper()
    return value.hex


def choose_status(op: MockOperation | None, preferred: Sequence[int]) -> int:
    """The first of ``preferred`` the operation declares, else the first one."""
    if op is not None:
        for status in preferred:
            if op.declares(status):
                return status
    return preferred[0]


def general_code(api: MockApi | None, status: int) -> tuple[str, str] | None:
    """The vendor's general code and message for ``status`` (None: no known vendor)."""
    table = GENERAL_CODES.get(vendor(api) or "")
    if table is None:
        return None
    return table.get(str(status)) or table.get(f"{str(status)[0]}XX")


def documented_code(op: MockOperation, status: int) -> tuple[str, str] | None:
    """The code and message the operation documents for ``status``: its first
    ``x-cloudnet-error-codes`` entry of that status, else the code of the first example of the
    response declared for exactly that status (a ``4XX`` example is not about one status)."""
    for entry in op.error_codes:
        if str(entry.get("status")) == str(status) and entry.get("code"):
            return str(entry["code"]), str(entry.get("message") or "")
    response = op.responses.get(str(status))
    fields = op.api.error_fields(response.schema) if response is not None else None
    if response is None or fields is None:
        return None
    for example in response.examples.values():
        code = _first(example, fields["code"])
        if isinstance(code, str):
            message = _first(example, fields.get("message", ()))
            return code, message if isinstance(message, str) else ""
    return None


def error_code(
    api: MockApi | None, op: MockOperation | None, status: int
) -> tuple[str | None, str]:
    """The code and message of an error ``status``: documented by the operation, else the
    vendor's general one, else no code and the HTTP reason."""
    found = (documented_code(op, status) if op is not None else None) or general_code(api, status)
    if found is not None:
        return found
    try:
        return None, HTTPStatus(status).phrase
    except ValueError:
        return None, "Error"


def parameter_error(op: MockOperation, kind: str, name: str) -> tuple[str | None, str | None]:
    """The code of a 400 for a ``missing`` or ``invalid`` parameter ``name``, and the message to
    send when the code comes with one of its own (None: describe the problem).

    1. A code the operation documents for this parameter (``x-cloudnet-error-codes``, status 400,
       the parameter named in the code as the vendors name it: ``IllegalParam.RouteEntryType``,
       ``InvalidParameter.RegionId``, ``MissingRegionId``); a ``Missing...`` code is for a
       missing value, any other for an invalid one.
    2. Huawei: the operation's documented 400 code. A Huawei service documents one code per
       operation for its parameters (``APIG.2012 Invalid parameter value,parameterName:...``);
       Alibaba's and ZStack's documented 400s name other failures (``Vco.StatusNotSupport``).
    3. The vendor's code for a missing parameter (Alibaba's ``MissingParameter``), else its
       general 400 code.
    """
    specific = _documented_for_parameter(op, kind, name)
    if specific is not None:
        return specific
    if vendor(op.api) == "huawei":
        documented = documented_code(op, 400)
        if documented is not None:
            return documented[0], None
    missing = _MISSING_CODES.get(vendor(op.api) or "")
    if kind == "missing" and missing is not None:
        return missing, None
    general = general_code(op.api, 400)
    return (general[0] if general else None), None


def _documented_for_parameter(op: MockOperation, kind: str, name: str) -> tuple[str, str] | None:
    for entry in op.error_codes:
        code = str(entry.get("code") or "")
        if str(entry.get("status")) != "400" or not code:
            continue
        head, *rest = code.split(".")
        names_it = name in rest or head in (f"Invalid{name}", f"Missing{name}")
        if names_it and head.startswith("Missing") == (kind == "missing"):
            return code, str(entry.get("message") or code)
    return None


def _declaring(api: MockApi | None, op: MockOperation | None, status: int) -> MockOperation | None:
    """``op``, or when no operation matched, the API's first operation that declares ``status``
    (its error body is the API's)."""
    if op is not None or api is None:
        return op
    return next((o for o in api.operations if o.declares(status)), None) or next(
        iter(api.operations), None
    )


def _fields(
    api: MockApi | None, op: MockOperation | None, status: int
) -> tuple[MockOperation | None, dict[str, tuple[str, ...]] | None]:
    """The operation whose response shapes the body, and the body's error fields."""
    owner = _declaring(api, op, status)
    fields = None
    if owner is not None:
        response = owner.response_for(status)
        fields = owner.api.error_fields(response.schema if response else None)
        if fields is None:  # a status without an error schema: the API's usual error shape
            for other in owner.responses.values():
                fields = fields or owner.api.error_fields(other.schema)
    return owner, fields


def error_answer(
    api: MockApi | None,
    op: MockOperation | None,
    status: int,
    code: str | None,
    message: str,
    request_id: str,
) -> ErrorAnswer:
    """The error body: ``code`` (left out when None), ``message`` and, where the shape has a
    field for it, ``request_id``. With no API, a plain ``{"message", "request_id"}``."""
    owner, fields = _fields(api, op, status)
    if fields is None:
        fields = {"message": ("message",), "request_id": ("request_id",)}
        if owner is not None:  # an API whose error schema names no fields: the usual names
            fields["code"] = ("code",)
    body: dict[str, Any] = {}
    # Where the service writes each field: the first of its paths.
    if code is not None and "code" in fields:
        _put(body, fields["code"][0], code)
    if "message" in fields:
        _put(body, fields["message"][0], message)
    if "request_id" in fields:
        _put(body, fields["request_id"][0], request_id)
    return ErrorAnswer(status, body, owner if op is not None else None)


def with_request_id(op: MockOperation, status: int, body: Any, request_id: str) -> Any:
    """An error example as sent: a copy with ``request_id`` where the shape keeps the request
    id (the example's fixed id would not be this request's)."""
    _, fields = _fields(op.api, op, status)
    if fields is None or "request_id" not in fields or not isinstance(body, dict):
        return body
    sent = copy.deepcopy(body)
    _put(sent, fields["request_id"][0], request_id)
    return sent


def _put(body: dict[str, Any], dotted: str, value: str) -> None:
    node = body
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _first(body: Any, paths: Sequence[str]) -> Any:
    """The value at the first of the dotted ``paths`` that ``body`` has."""
    for dotted in paths:
        value = body
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None
