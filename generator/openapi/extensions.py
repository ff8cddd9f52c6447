"""The ``x-cloudnet-*`` vocabulary (README, "Extensions"), read once into typed values.

The IR and the mock read these; lint reads the raw values instead, because its job is to report
the malformed ones, which read here as None (or leave their bad parts out).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Paging",
    "Rpc",
    "auth_kind",
    "client_option",
    "error_codes",
    "error_fields",
    "idempotency_token",
    "paging",
    "rpc",
    "server_urls",
]

#: The keys ``x-cloudnet-error-fields`` may have, each a dotted path or a list of them.
ERROR_FIELD_KEYS = ("code", "message", "request_id")


@dataclass(frozen=True)
class Rpc:
    """``x-cloudnet-rpc``: the operation is an RPC action sent as ``?Action=...&Version=...``."""

    action: str
    version: str


@dataclass(frozen=True)
class Paging:
    """``x-cloudnet-pagination``: how pages are asked for and where the items are."""

    style: str  # "page" (page number and size) or "offset" (offset and limit)
    #: Wire names of the parameters of the position (page or offset) and of the page size.
    position: str
    size: str
    #: Wire names of the response's item list and total count.
    items: str
    total: str | None


def rpc(operation: dict[str, Any]) -> Rpc | None:
    raw = operation.get("x-cloudnet-rpc")
    if isinstance(raw, dict) and isinstance(raw.get("action"), str):
        return Rpc(str(raw["action"]), str(raw.get("version", "")))
    return None


def paging(operation: dict[str, Any]) -> Paging | None:
    """None when absent or malformed (lint reports the malformed)."""
    raw = operation.get("x-cloudnet-pagination")
    if not isinstance(raw, dict) or raw.get("style") not in ("page", "offset"):
        return None
    position = raw.get("page" if raw["style"] == "page" else "offset")
    size = raw.get("size" if raw["style"] == "page" else "limit")
    items = raw.get("items")
    if not all(isinstance(v, str) and v for v in (position, size, items)):
        return None
    total = raw.get("total")
    return Paging(
        str(raw["style"]), str(position), str(size), str(items), str(total) if total else None
    )


def error_codes(operation: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """``x-cloudnet-error-codes``: the vendor's documented error codes (status, code, ...)."""
    raw = operation.get("x-cloudnet-error-codes")
    return tuple(e for e in raw if isinstance(e, dict)) if isinstance(raw, list) else ()


def error_fields(schema: Any) -> dict[str, tuple[str, ...]] | None:
    """``x-cloudnet-error-fields`` of an error body schema: where the vendor code, message and
    request id are, as dotted paths tried in order. Only the known keys, and only strings:
    anything else is dropped, never printed into code."""
    raw = schema.get("x-cloudnet-error-fields") if isinstance(schema, dict) else None
    if not isinstance(raw, dict):
        return None
    out: dict[str, tuple[str, ...]] = {}
    for key in ERROR_FIELD_KEYS:
        value = raw.get(key)
        paths = value if isinstance(value, list) else [value]
        if paths and all(isinstance(p, str) for p in paths):
            out[key] = tuple(str(path) for path in paths)
    return out


def idempotency_token(operation: dict[str, Any]) -> str | None:
    raw = operation.get("x-cloudnet-idempotency-token")
    return str(raw) if isinstance(raw, str) and raw else None


def client_option(parameter: dict[str, Any]) -> bool:
    """``x-cloudnet-client-option``: the client takes this parameter once (``project_id``)."""
    return bool(parameter.get("x-cloudnet-client-option"))


def auth_kind(scheme: dict[str, Any]) -> str | None:
    """``x-cloudnet-auth``: the runtime signer a security scheme stands for."""
    raw = scheme.get("x-cloudnet-auth")
    return str(raw) if isinstance(raw, str) and raw else None


def server_urls(variable: dict[str, Any]) -> dict[str, str]:
    """``x-cloudnet-server-urls`` of a server variable: the server URL for some of its values, in
    place of the server's URL template (Alibaba's regions that share ``vpc.aliyuncs.com``). Only
    string keys and values: anything else is dropped, never printed into code."""
    raw = variable.get("x-cloudnet-server-urls") if isinstance(variable, dict) else None
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str) and v}
