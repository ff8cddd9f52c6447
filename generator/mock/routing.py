"""Which operation a request is for: path templates as patterns, the method, and for an RPC-style
action (``x-cloudnet-rpc``) its ``Action`` and ``Version``, from the query string (signature V2,
and what the spec pins) or from the ``x-acs-action`` / ``x-acs-version`` headers (signature V3).

A request no operation matches still belongs to an API when its path lies under that API's
prefix (``/v1/...`` of VPC Endpoint, ``/zstack/v1/...``), an empty path segment where a path
parameter belongs included, or when it names an RPC action: it gets that API's error body.
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
    #: The template's path segments, None where a parameter is.
    segments: tuple[str | None, ...]


def _segments(template: str) -> tuple[str | None, ...]:
    return tuple(None if "{" in part else part for part in template.split("/")[1:])


def _shared(segments: tuple[str | None, ...], path: list[str]) -> int:
    """How many literal segments of a template ``path`` has, in order from the start, before the
    first that differs (a parameter's place takes anything, an empty segment too)."""
    count = 0
    for want, got in zip(segments, path, strict=False):
        if want is None:
            continue
        if want != got:
            break
        count += bool(want)
    return count


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
                routes.append(_Route(pattern, names, op, literal, _segments(op.path)))
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
        return found or Match(None, self._owner(raw_path, query, headers), {}, 404)

    def _owner(
        self, raw_path: str, query: Mapping[str, str], headers: Mapping[str, str]
    ) -> MockApi | None:
        """The API whose operations share the most leading literal segments with the path (at
        least one), else, for a request naming an RPC action, the first RPC-style API."""
        path = raw_path.split("?")[0].split("/")[1:]
        best, owner = 0, None
        for route in self.routes:
            shared = _shared(route.segments, path)
            if shared > best:
                best, owner = shared, route.operation.api
        if owner is None and (query.get(RPC_ACTION[0]) or headers.get(RPC_ACTION[1])):
            owner = next((r.operation.api for r in self.routes if r.operation.rpc), None)
        return owner


def _rpc_matches(
    rpc: tuple[str, str], query: Mapping[str, str], headers: Mapping[str, str]
) -> bool:
    action = query.get(RPC_ACTION[0]) or headers.get(RPC_ACTION[1])
    version = query.get(RPC_VERSION[0]) or headers.get(RPC_VERSION[1])
    # A missing version is left to the parameter validation (a required-parameter error).
    return action == rpc[0] and version in (None, rpc[1])
