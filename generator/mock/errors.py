"""Error answers in the shape the API declares: the response the operation gives for the status
(exact, ``4XX``, ``default``), its schema's ``x-cloudnet-error-fields`` saying where the code,
message and request id go (``error_code``/``error_msg``, ``error.code``/``error.message``,
``Code``/``Message``/``RequestId``, ZStack's ``error.code``/``error.description``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .spec import MockApi, MockOperation

__all__ = ["ErrorAnswer", "choose_status", "error_answer", "parameter_error_code"]


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    body: dict[str, Any]
    #: The operation whose declared response the body follows (None: no operation matched).
    operation: MockOperation | None


def new_request_id(api: MockApi | None) -> str:
    """A request id in the vendor's style: Alibaba's upper-case UUID, Huawei's 32 hex digits."""
    value = uuid.uuid4()
    if api is not None and api.name.startswith("alibaba"):
        return str(value).upper()
    return value.hex


def choose_status(op: MockOperation | None, preferred: Sequence[int]) -> int:
    """The first of ``preferred`` the operation declares, else the first one."""
    if op is not None:
        for status in preferred:
            if op.declares(status):
                return status
    return preferred[0]


def _declaring(api: MockApi | None, op: MockOperation | None, status: int) -> MockOperation | None:
    """``op``, or when no operation matched, the API's first operation that declares ``status``
    (its error body is the API's)."""
    if op is not None or api is None:
        return op
    return next((o for o in api.operations if o.declares(status)), None) or next(
        iter(api.operations), None
    )


def error_answer(
    api: MockApi | None,
    op: MockOperation | None,
    status: int,
    code: str,
    message: str,
    request_id: str,
) -> ErrorAnswer:
    owner = _declaring(api, op, status)
    fields = None
    if owner is not None:
        response = owner.response_for(status)
        fields = owner.api.error_fields(response.schema if response else None)
        if fields is None:  # a status without an error schema: the API's usual error shape
            for other in owner.responses.values():
                fields = fields or owner.api.error_fields(other.schema)
    if fields is None:
        fields = {"code": ("code",), "message": ("message",), "request_id": ("request_id",)}
    body: dict[str, Any] = {}
    # Where the service writes each field: the first of its paths.
    _put(body, fields["code"][0], code)
    _put(body, fields["message"][0], message)
    if "request_id" in fields:
        _put(body, fields["request_id"][0], request_id)
    return ErrorAnswer(status, body, owner if op is not None else None)


def _put(body: dict[str, Any], dotted: str, value: str) -> None:
    node = body
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


# The vendors' codes for a request whose parameters are missing or invalid. Alibaba and ZStack
# have product-wide ones; a Huawei service has its own, so there the operation's documented 400
# code (x-cloudnet-error-codes) or its 400 example's code comes first:
# - Alibaba: MissingParameter / InvalidParameter, 400 (RPC common error codes,
#   help.aliyun.com/document_detail/435312);
# - Huawei: APIG.2012 "Invalid parameter value" (the API Gateway code ROMA documents for this);
# - ZStack: SysErrors.INVALID_ARGUMENT_ERROR, "SYS.1007" (org.zstack.header.errorcode).
_PARAMETER_CODES = {
    "alibaba": {"missing": "MissingParameter", "invalid": "InvalidParameter"},
    "huawei": {"missing": "APIG.2012", "invalid": "APIG.2012"},
    "zstack": {"missing": "SYS.1007", "invalid": "SYS.1007"},
}


def parameter_error_code(op: MockOperation, kind: str) -> str:
    """The code of a 400 for a missing or invalid parameter."""
    vendor = op.api.name.split("/")[0]
    if vendor in ("alibaba", "zstack"):  # product-wide codes (a ZStack example is illustrative)
        return _PARAMETER_CODES[vendor][kind]
    for entry in op.error_codes:
        if str(entry.get("status")) == "400" and entry.get("code"):
            return str(entry["code"])
    response = op.responses.get("400")
    fields = op.api.error_fields(response.schema) if response else None
    if response is not None and fields is not None:
        for example in response.examples.values():
            for path in fields["code"]:
                code = _get(example, path)
                if isinstance(code, str):
                    return code
    return _PARAMETER_CODES.get(vendor, {}).get(kind, "InvalidParameter")


def _get(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(part)
    return body
