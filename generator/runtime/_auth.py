"""Credentials: each vendor's authentication as an ``httpx.Auth`` that knows which security
scheme (the spec's ``x-cloudnet-auth``) it implements.

A client holds any number of credentials; for each call it picks those that satisfy one of the
operation's security requirements, as the spec lists them. Secrets never appear in ``repr``,
in logs or in exception text.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Generator, Iterable, Sequence
from typing import ClassVar
from urllib.parse import parse_qsl, quote, quote_plus, urlencode

import httpx

from ._exceptions import CloudnetError

__all__ = [
    "Credential",
    "HuaweiIamToken",
    "MissingCredentialsError",
    "SigningError",
    "UtcStamp",
    "ZStackSession",
    "from_env",
    "percent_encode",
    "query_of",
    "urlencode_pairs",
    "with_query",
]


class SigningError(CloudnetError, ValueError):
    """A request or a credential that cannot be signed as the vendor defines it (a repeated
    query key in an Alibaba RPC call, a key with characters the signature cannot carry)."""


class MissingCredentialsError(CloudnetError):
    """No credential given to the client satisfies the operation's security requirements, or
    a credential lacks a value (neither an argument nor its environment variable)."""


def with_query(url: httpx.URL, query: str) -> httpx.URL:
    """``url`` with the query string ``query``: percent-encoded ASCII that a signer made (empty
    for none).

    Written by hand because ``httpx.URL.copy_with`` parses and checks the whole URL again, in
    Python, one character at a time: a tenth of a signed call. The query is swapped into the
    parsed URL instead (httpx 0.28's ``URL._uri_reference``, a named tuple; the runtime pins
    httpx below 0.29), and ``copy_with`` is the fallback should that ever change."""
    parsed = getattr(url, "_uri_reference", None)
    if isinstance(parsed, tuple) and hasattr(parsed, "_replace") and hasattr(parsed, "query"):
        if parsed.query == (query or None):  # None: no "?" at all ("" is a bare "?")
            return url
        copy = httpx.URL.__new__(httpx.URL)
        copy._uri_reference = parsed._replace(query=query or None)
        return copy
    return url.copy_with(query=query.encode("ascii") or None)


#: RFC 3986's unreserved characters: what ``quote`` and ``quote_plus`` keep as they are (``~``
#: too, since Python 3.7, whatever ``safe`` says).
UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def percent_encode(text: str) -> str:
    """``quote(text, safe="")``: every character but the unreserved ones percent-encoded, a
    space as ``%20`` and ``/`` as ``%2F`` (a path segment, a signer's canonical form); text of
    unreserved characters only, the usual case, is taken as it is, without ``quote``."""
    return text if UNRESERVED.fullmatch(text) else quote(text, safe="")


def urlencode_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """``urllib.parse.urlencode(pairs)``: each name and value through ``quote_plus``.

    A name or value of unreserved characters only (the usual ones: ``Action``,
    ``cn-hangzhou``, a UUID), which ``quote_plus`` keeps as it is, is taken without it: the
    two calls of ``quote_plus`` per pair (each through ``quote`` and ``quote_from_bytes``) were
    a tenth of an Alibaba call, which encodes its query twice. Any other text goes through
    ``quote_plus`` as ``urlencode`` calls it, and a pair that is not text through
    ``urlencode`` itself."""
    parts = []
    for key, value in pairs:
        if type(key) is str and type(value) is str:
            if not UNRESERVED.fullmatch(key):
                key = quote_plus(key, safe="")
            if not UNRESERVED.fullmatch(value):
                value = quote_plus(value, safe="")
            parts.append(f"{key}={value}")
        else:
            parts.append(urlencode(((key, value),)))
    return "&".join(parts)


def query_of(request: httpx.Request) -> list[tuple[str, str]]:
    """The decoded ``(key, value)`` pairs of the request's query string, as
    ``parse_qsl(..., keep_blank_values=True)`` reads them (``+`` is a space).

    The client leaves the pairs it encoded on the request it builds; they are taken as they
    are while the URL still has the query they were encoded to (what ``parse_qsl`` would read
    back), so that no signer decodes the query again. Do not change the list."""
    query = request.url.query
    hint = getattr(request, "_cloudnet_query", None)
    if hint is not None and hint[0] == query:
        return hint[1]  # type: ignore[no-any-return]
    return parse_qsl(query.decode("ascii"), keep_blank_values=True)


class UtcStamp:
    """The current UTC time, to the second, in one ``strftime`` format: what a signer sends
    as its date when no clock is given. Formatted once per second, not once per request."""

    def __init__(self, fmt: str) -> None:
        self._fmt = fmt
        self._last: tuple[int, str] = (-1, "")  # one tuple, replaced whole: thread-safe

    def __call__(self) -> str:
        second = int(time.time())
        last = self._last
        if last[0] == second:
            return last[1]
        text = time.strftime(self._fmt, time.gmtime(second))
        self._last = (second, text)
        return text


def from_env(value: str | None, *names: str) -> str | None:
    """``value``, else the first of the environment variables ``names`` that is set."""
    if value:
        return value
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


def require(value: str | None, what: str, *names: str) -> str:
    found = from_env(value, *names)
    if not found:
        raise MissingCredentialsError(f"{what}: pass it, or set {' or '.join(names)}")
    return found


class Credential(httpx.Auth):
    """The base of every credential: ``apply`` adds the authentication to one request."""

    #: The ``x-cloudnet-auth`` value of the security schemes this credential implements.
    scheme: ClassVar[str] = ""
    #: The environment variables that make this credential when none is given to a client.
    environment: ClassVar[tuple[str, ...]] = ()
    # Signers hash the body, so httpx must have read it before the flow runs.
    requires_request_body = True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.apply(request)
        yield request

    def apply(self, request: httpx.Request) -> None:
        raise NotImplementedError

    def option(self, name: str) -> str | None:
        """The value this credential gives to the client option ``name`` (a Huawei AK/SK's
        ``project_id``), when the call and the client give none."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<credentials hidden>)"


class ZStackSession(Credential):
    """ZStack: ``Authorization: OAuth <session uuid>`` (the UUID LogInByAccount returns).

    Args:
        session_uuid: The session UUID; default ``$ZSTACK_SESSION_UUID``.
    """

    scheme = "zstack-session"
    environment = ("ZSTACK_SESSION_UUID",)

    def __init__(self, session_uuid: str | None = None) -> None:
        self._session = require(session_uuid, "ZStack session UUID", "ZSTACK_SESSION_UUID")

    def apply(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"OAuth {self._session}"


class HuaweiIamToken(Credential):
    """Huawei Cloud: an IAM user token in ``X-Auth-Token`` (the X-Subject-Token that IAM's
    token API returns).

    Args:
        token: The token; default ``$HUAWEICLOUD_SDK_AUTH_TOKEN``.
        project_id: The ``{project_id}`` of the path of a call that gives none (neither to the
            call nor to the client); default ``$HUAWEICLOUD_SDK_PROJECT_ID``. Not sent
            otherwise: the token names its project itself.
    """

    scheme = "huawei-iam-token"
    environment = ("HUAWEICLOUD_SDK_AUTH_TOKEN",)

    def __init__(self, token: str | None = None, *, project_id: str | None = None) -> None:
        self._token = require(token, "Huawei IAM token", "HUAWEICLOUD_SDK_AUTH_TOKEN")
        self._project_id = from_env(project_id, "HUAWEICLOUD_SDK_PROJECT_ID")

    def option(self, name: str) -> str | None:
        return self._project_id if name == "project_id" else None

    def apply(self, request: httpx.Request) -> None:
        request.headers["X-Auth-Token"] = self._token


class Chain(httpx.Auth):
    """Several credentials applied in turn (an operation whose requirement names two schemes)."""

    requires_request_body = True

    def __init__(self, parts: Sequence[httpx.Auth]) -> None:
        self.parts = list(parts)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for part in self.parts:
            if isinstance(part, Credential):
                part.apply(request)
            else:  # a plain httpx.Auth: run its flow up to the request it would send
                flow = part.sync_auth_flow(request)
                request = next(flow)
        yield request

    def __repr__(self) -> str:
        return f"Chain({self.parts!r})"
