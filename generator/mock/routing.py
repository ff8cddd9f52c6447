"""Which operation a request is for: path templates as patterns, the method, and for an RPC-style
action (``x-cloudnet-rpc``) its ``Action`` and ``Version``, from the query string (signature V2,
and what the spec pins) or from the ``x-acs-action`` / ``x-acs-version`` headers (signature V3).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from .spec import MockApi, MockOperation

__all__ = ["Match", "Router"]

# Where an RPC request carries its action and version: the query parameter, or the header that
# signature V3 moves it to.
RPC_ACTION = ("Action", "x-acs-action")
RPC_VERSION = ("Version", "x-acs-version")


@dataclass(frozen=True)
class Match:
    #: The operation, or None when nothing matched.
    operation: MockOperation | None
    #: The API the path belongs to (for the error body), even when the operation is unknown.
    api: MockApi | None
    path_params: dict[str, str]
    #: 404 (no such path or action) or 405 (the path exists, not with this method).
    status: int = 200


@dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    operation: MockOperation
    #: Literal characters of the template: the more, the more specific.
    literal: int


def _compile(template: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    names: list[str] = []
    parts: list[str] = []
    literal = 0
    for piece in re.split(r"(\{[^}/]+\})", template):
        if piece.startswith("{") and piece.endswith("}"):
            names.append(piece[1:-1])
            parts.append(f"(?P<p{len(names)}>[^/]+)")
        else:
            literal += len(piece)
            parts.append(re.escape(piece))
    return re.compile("".join(parts)), tuple(names), literal


class Router:
    def __init__(self, apis: list[MockApi]) -> None:
        routes = []
        for api in apis:
            for op in api.operations:
                pattern, names, literal = _compile(op.path)
                routes.append(_Route(pattern, names, op, literal))
        # Most specific first: more literal text, then fewer parameters.
        self.routes = sorted(routes, key=lambda r: (-r.literal, len(r.names)))

    def match(
        self, method: str, raw_path: str, query: Mapping[str, str], headers: Mapping[str, str]
    ) -> Match:
        found: Match | None = None
        for route in self.routes:
            hit = route.pattern.fullmatch(raw_path)
            if hit is None:
                continue
            params = {
                name: unquote(hit.group(f"p{i}")) for i, name in enumerate(route.names, start=1)
            }
            op = route.operation
            if op.rpc is not None and not _rpc_matches(op.rpc, query, headers):
                found = found or Match(None, op.api, params, 404)
                continue
            if op.method != method.upper():
                if found is None or found.status == 404:
                    found = Match(None, op.api, params, 405)
                continue
            return Match(op, op.api, params)
        return found or Match(None, None, {}, 404)


def _rpc_matches(
    rpc: tuple[str, str], query: Mapping[str, str], headers: Mapping[str, str]
) -> bool:
    action = query.get(RPC_ACTION[0]) or headers.get(RPC_ACTION[1])
    version = query.get(RPC_VERSION[0]) or headers.get(RPC_VERSION[1])
    # A missing version is left to the parameter validation (a required-parameter error).
    return action == rpc[0] and version in (None, rpc[1])
