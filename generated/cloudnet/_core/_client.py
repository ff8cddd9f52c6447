# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_client.py.
# Do not edit here: edit generator/runtime/_client.py, then run `make`.
"""The request and response machinery under every generated client, sync and async.

A generated method only names its operation (an ``Operation``: method, path template, error
models) and passes its arguments sorted by location; this module builds the ``httpx.Request``,
sends it, and turns the response into the typed result or a typed exception.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import http.cookiejar
import logging
import platform
import random
import re
import sys
import time
import types
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar, cast, overload
from urllib.parse import urlencode

import httpx
import pydantic

from ._alibaba import AlibabaAcs3
from ._auth import (
    Chain,
    Credential,
    HuaweiIamToken,
    MissingCredentialsError,
    ZStackSession,
    percent_encode,
    urlencode_pairs,
)
from ._exceptions import (
    APIResponseValidationError,
    ClientClosedError,
    CloudnetError,
    from_httpx,
    make_status_error,
)
from ._huawei import HuaweiAkSk
from ._models import Model, attach_response
from ._params import Style, body_parts, default_style, path_text, query_pairs, single_text
from ._reading import BodyError, read_body
from ._reading import adapter as _adapter
from ._redact import RedactedHeaders, RedactedRequest, redacted_url
from ._retry import SAFE_METHODS, RetryPolicy, is_retryable_status
from ._servers import Server, server_url

__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "ErrorFields",
    "InvalidRequestError",
    "MissingOptionError",
    "NotGiven",
    "Operation",
    "SyncAPIClient",
    "credentials_from_env",
    "server_url",
    "user_agent",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# Where services commonly put the request id, when the spec names no header of its own.
_REQUEST_ID_HEADERS = ("x-request-id", "x-acs-request-id", "x-openstack-request-id", "request-id")


@dataclass(frozen=True)
class ErrorFields:
    """Where an error body keeps the vendor error code, message and request id: dotted paths
    into the JSON body, tried in order."""

    code: tuple[str, ...] = ("error_code", "code", "Code", "error.code")
    message: tuple[str, ...] = (
        "error_msg",
        "message",
        "Message",
        "error.message",
        "error.description",
    )
    request_id: tuple[str, ...] = ("request_id", "RequestId", "requestId")


@dataclass(frozen=True)
class Operation:
    """What the runtime needs to know of one operation; generated from the spec."""

    operation_id: str
    method: str
    path: str
    #: Error body models by status: ``"404"``, then ``"4XX"``, then ``"default"``.
    errors: Mapping[str, type[Any]] = field(default_factory=dict)
    error_fields: ErrorFields = ErrorFields()
    #: Security requirements: any one of the tuples of scheme names satisfies the operation.
    security: tuple[tuple[str, ...], ...] = ()
    #: The query parameter that carries a client token making the call idempotent
    #: (Alibaba's ``ClientToken``): filled once per call, the same on every retry.
    idempotency_token: str | None = None
    #: Parameters written in another than their location's default style, by
    #: ``(location, wire name)``.
    styles: Mapping[tuple[str, str], Style] = field(default_factory=dict)
    #: How the request body is sent: ``json``, ``form``, ``multipart``, ``binary`` or ``text``.
    body_encoding: str = "json"
    body_content_type: str = "application/json"

    @property
    def retryable(self) -> bool:
        """Safe to send again after a failure whose outcome is unknown."""
        return self.method in SAFE_METHODS or self.idempotency_token is not None


class MissingOptionError(CloudnetError, TypeError):
    """A value the call needs was given neither to the call nor to the client."""


class InvalidRequestError(CloudnetError, ValueError):
    """The call's values make no HTTP request: a base URL that is not a URL, a header value
    that is not ASCII."""


_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_FORM = default_style("query")
_SIMPLE = default_style("path")
#: What httpx keeps as it is in a path: RFC 3986's ``pchar`` and ``/``, ``%`` only as an escape.
_STABLE_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")
_DOT_SEGMENTS = re.compile(r"(?:^|/)\.\.?(?:/|$)")
_MAX_FAST_URL = 32_768  # httpx's limit is 65,536 characters; longer ones take its own path
#: httpx 0.28 writes a query as ``urllib.parse.urlencode`` does (``+`` for a space); the URL is
#: built without httpx only where that holds (older ones wrote ``%20``).
_URLENCODED_QUERY = str(httpx.QueryParams({"a": " ~"})) == urlencode({"a": " ~"})


@functools.lru_cache(maxsize=4096)
def _template(path: str) -> tuple[tuple[str, ...], bool]:
    """An operation's path template split into literals and parameter names (alternating,
    a literal first and last), and whether httpx keeps its literals as they are."""
    parts = tuple(_PATH_PARAM.split(path))
    stable = (path == "" or path.startswith("/")) and all(
        _STABLE_PATH.fullmatch(literal) for literal in parts[::2]
    )
    return parts, stable


def _parsed_base(base_url: str) -> Any:
    """httpx's parsed form of an absolute base URL without query or fragment; else None."""
    if not _URLENCODED_QUERY:
        return None
    try:
        reference = getattr(httpx.URL(base_url), "_uri_reference", None)
    except httpx.InvalidURL:
        return None  # the whole URL goes through httpx, which says what is wrong
    fields = getattr(reference, "_fields", ())
    if fields != ("scheme", "userinfo", "host", "port", "path", "query", "fragment"):
        return None
    parsed: Any = reference
    if not parsed.scheme or not parsed.host or parsed.query is not None or parsed.fragment:
        return None
    return parsed


def _path_text(name: str, value: Any, style: Style) -> str:
    if style is _SIMPLE:
        kind = type(value)
        if kind is str:
            return percent_encode(value)
        if kind is int:
            return str(value)
    return path_text(name, value, style)


def _single_text(value: Any, style: Style) -> str:
    if style is _SIMPLE and type(value) is str:
        return value
    return single_text(value, style)


class _ResponseCookies(httpx.Cookies):
    """``httpx.Cookies`` that take nothing from a response that sets no cookie.

    httpx hands every response to ``client.cookies.extract_cookies``, which wraps the request
    in a ``urllib.request.Request`` (a copy of its headers, with a scan of them all per
    header, and its URL parsed again, past ``urlsplit``'s cache when each URL is new, as
    ``ClientToken`` makes it) and the response's headers in an ``email.message.Message``
    before the standard library's ``CookieJar`` looks for ``Set-Cookie``: 75 to 100 µs, a
    third of a call over ``httpx.MockTransport``. Without a ``Set-Cookie`` or ``Set-Cookie2``
    header ``CookieJar.extract_cookies`` sets nothing (``make_cookies`` returns no cookie), so
    the work is skipped then, for a jar of exactly that class (a subclass may do more) with
    the module's debug log off. Any other response goes through httpx as before.

    The clients give this class to the ``httpx.Cookies`` of their ``http_client`` (exactly
    that class, as ``RedactedRequest`` is given to the requests they build); the jar, and so
    every cookie, stays where it is."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if (
            type(self.jar) is not http.cookiejar.CookieJar
            or getattr(http.cookiejar, "debug", False)  # its log line shows every response
            or _sets_cookie(response.headers)
        ):
            super().extract_cookies(response)


def _sets_cookie(headers: httpx.Headers) -> bool:
    """Whether ``headers`` may hold a ``Set-Cookie`` or ``Set-Cookie2`` header (a name that
    is not ASCII might match one once decoded, as ``email.message.Message`` compares them)."""
    for name, _ in headers.raw:
        lower = name.lower()
        if lower == b"set-cookie" or lower == b"set-cookie2" or not lower.isascii():
            return True
    return False


def _skip_cookieless_responses(client: httpx.Client | httpx.AsyncClient) -> None:
    cookies = client.cookies
    if type(cookies) is httpx.Cookies:  # not a subclass of the caller's; checked each call,
        cookies.__class__ = _ResponseCookies  # as the client.cookies setter makes a new one


class NotGiven:
    """The default of arguments for which None means something: ``timeout=None`` waits
    forever, ``timeout=NOT_GIVEN`` (the default) keeps the client's timeout."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
_PACKAGE = __name__.split(".")[0]
_log = logging.getLogger(_PACKAGE)
#: The credential classes by ``x-cloudnet-auth`` kind: what a client without ``credentials``
#: builds from the environment.
CREDENTIAL_KINDS: dict[str, type[Credential]] = {
    cls.scheme: cls for cls in (ZStackSession, HuaweiIamToken, HuaweiAkSk, AlibabaAcs3)
}


@functools.cache
def user_agent() -> str:
    """``cloudnet/<version> httpx/<version> python/<version>``: the default ``User-Agent``.
    Read when the first client is made, when the package (and its version) is imported."""
    version = getattr(sys.modules.get(_PACKAGE), "__version__", "unknown")
    return f"{_PACKAGE}/{version} httpx/{httpx.__version__} python/{platform.python_version()}"


def credentials_from_env(kinds: Iterable[str]) -> list[Credential]:
    """The credentials of the given kinds (``x-cloudnet-auth``) that the environment holds
    all the variables of (``HUAWEICLOUD_SDK_AK`` and ``HUAWEICLOUD_SDK_SK``, …), in order."""
    found: list[Credential] = []
    for kind in dict.fromkeys(kinds):
        cls = CREDENTIAL_KINDS.get(kind)
        if cls is None:
            continue
        try:
            found.append(cls())
        except MissingCredentialsError:
            continue
    return found


def _timeout(value: httpx.Timeout | float | None) -> httpx.Timeout:
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


@dataclass(frozen=True)
class _CallOptions:
    """The options every generated method takes besides the operation's parameters."""

    timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN
    max_retries: int | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    #: Raise on a response that breaks the spec (None: the client's setting).
    strict: bool | None = None


_NO_OPTIONS = _CallOptions()


class _BaseClient:
    _owns_client: bool = False
    #: ``base_url`` and httpx's parsed form of it (None: not usable), made by ``_url``.
    _base_reference: tuple[str, Any] | None = None

    def __init__(
        self,
        *,
        base_url: str | None = None,
        server: tuple[Server | str, Mapping[str, str]] | None = None,
        auth: httpx.Auth | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        request_id_headers: Iterable[str] = (),
        options: Mapping[str, Any] | None = None,
        credentials: Credential | Sequence[Credential] | None = None,
        schemes: Mapping[str, str] | None = None,
        max_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
        strict: bool = False,
    ) -> None:
        #: The spec's server and the values of its variables (``region``), for ``with_options``.
        self._server: tuple[Server, dict[str, str]] | None = None
        if server is not None:
            spec_server = server[0] if isinstance(server[0], Server) else Server(server[0])
            self._server = (spec_server, dict(server[1]))
        if base_url is None:
            if self._server is None:
                raise TypeError("a client needs a base_url or a server URL template")
            base_url = self._server[0].resolve(self._server[1])
        self.base_url = base_url.rstrip("/")
        self.retry = RetryPolicy(max_retries=max_retries)
        # Injectable for tests (a fake clock) and for callers with their own scheduling.
        self._sleep = sleep
        self._asleep = async_sleep or _asyncio_sleep
        self._rng = rng or random.Random()
        #: The spec's security scheme names -> their ``x-cloudnet-auth`` kinds.
        self._schemes = dict(schemes or {})
        if credentials is None:  # as the vendors' SDKs do: whatever the environment holds
            credentials = credentials_from_env(self._schemes.values())
        elif isinstance(credentials, Credential):
            credentials = [credentials]
        self._credentials = {c.scheme: c for c in credentials}
        self._auths: dict[tuple[tuple[str, ...], ...], httpx.Auth | httpx._client.UseClientDefault]
        self._auths = {}
        self.timeout = _timeout(timeout)
        self._auth = auth
        self._headers = {"User-Agent": user_agent(), **(headers or {})}
        self._request_id_headers = (*request_id_headers, *_REQUEST_ID_HEADERS)
        self._options = dict(options or {})
        #: A response that breaks the spec raises (True) or is read leniently (False).
        self._strict = strict

    def __repr__(self) -> str:  # never shows headers or credentials
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        strict: bool | None = None,
    ) -> Self:
        """A copy of this client (same connections) with other settings for the calls made
        through it: ``client.with_options(timeout=5, max_retries=0).list_things(...)``."""
        return self._copy(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            headers=headers,
            strict=strict,
        )

    def _copy(
        self,
        *,
        base_url: str | None = None,
        server_variables: Mapping[str, str | None] | None = None,
        options: Mapping[str, Any] | None = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        strict: bool | None = None,
    ) -> Self:
        """``with_options``; the generated clients' own also take their server variables
        (``region``: the base URL is the spec's server URL again, for that region) and their
        client options (``project_id``)."""
        copied = copy.copy(self)
        given = {k: v for k, v in (server_variables or {}).items() if v is not None}
        if given and self._server is not None:
            spec_server, variables = self._server
            copied._server = (spec_server, {**variables, **given})
            copied.base_url = spec_server.resolve(copied._server[1])
        if base_url is not None:
            copied.base_url = base_url.rstrip("/")
        if options:
            copied._options = {**self._options, **{k: v for k, v in options.items() if v}}
        if not isinstance(timeout, NotGiven):
            copied.timeout = _timeout(timeout)
        if max_retries is not None:
            copied.retry = dataclasses.replace(self.retry, max_retries=max_retries)
        if headers is not None:
            copied._headers = {**self._headers, **headers}
        if strict is not None:
            copied._strict = strict
        copied._owns_client = False  # closing the copy must not close the original's client
        return copied

    def _with_idempotency_token(
        self, op: Operation, query: Mapping[str, Any] | None
    ) -> Mapping[str, Any]:
        if not op.idempotency_token:
            return query or {}
        out = dict(query or {})
        if out.get(op.idempotency_token) is None:
            out[op.idempotency_token] = str(uuid.uuid4())
        return out

    def _retry_wait(
        self,
        op: Operation,
        attempt: int,
        request: httpx.Request,
        started: float,
        response: httpx.Response | None,
        error: Exception | None,
        max_retries: int | None = None,
    ) -> float | None:
        """Log the attempt; the seconds to wait before the next one, or None to stop."""
        outcome = str(response.status_code) if response is not None else type(error).__name__
        if _log.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            # The operation is named: an Alibaba RPC call is a POST to "/" whose action the
            # signer has moved from the URL to the x-acs-action header.
            _log.debug(
                "%s %s -> %s in %.0f ms (%s, attempt %d)",
                request.method,
                redacted_url(request.url),
                outcome,
                elapsed,
                op.operation_id,
                attempt,
            )
        failed = error is not None or (
            response is not None and is_retryable_status(response.status_code)
        )
        limit = self.retry.max_retries if max_retries is None else max_retries
        if not failed or not op.retryable or attempt > limit:
            return None
        wait = self.retry.delay(attempt, response, self._rng)
        _log.info(
            "%s: %s on attempt %d; retrying in %.2f s", op.operation_id, outcome, attempt, wait
        )
        return wait

    def _auth_for(self, op: Operation) -> httpx.Auth | httpx._client.UseClientDefault:
        """The credentials that satisfy one of ``op``'s security requirements (the first the
        client can meet, in the spec's order), plus the client's own ``auth``: chosen once per
        set of requirements (a client's credentials and ``auth`` do not change, and its
        ``with_options`` copies share them)."""
        found = self._auths.get(op.security)
        if found is None:
            found = self._auths[op.security] = self._choose_auth(op)
        return found

    def _choose_auth(self, op: Operation) -> httpx.Auth | httpx._client.UseClientDefault:
        chosen: list[httpx.Auth] = []
        if op.security:
            for requirement in op.security:
                kinds = [self._schemes.get(name, name) for name in requirement]
                # A scheme of a kind the runtime has no credential class for is the business
                # of the client's own ``auth``; the vendors' schemes need their credentials.
                if all(
                    kind in self._credentials
                    or (kind not in CREDENTIAL_KINDS and self._auth is not None)
                    for kind in kinds
                ):
                    chosen = [
                        self._credentials[kind] for kind in kinds if kind in self._credentials
                    ]
                    break
            else:
                raise MissingCredentialsError(self._missing_credentials(op))
        if self._auth is not None:
            chosen.append(self._auth)
        if not chosen:
            return httpx.USE_CLIENT_DEFAULT
        return chosen[0] if len(chosen) == 1 else Chain(chosen)

    def _missing_credentials(self, op: Operation) -> str:
        wanted = " or ".join(" + ".join(r) for r in op.security)
        if self._credentials:
            return (
                f"{op.operation_id} needs {wanted}; the client has credentials for "
                f"{', '.join(sorted(self._credentials))}"
            )
        ways = []
        for requirement in op.security:
            classes = [CREDENTIAL_KINDS.get(self._schemes.get(n, n)) for n in requirement]
            if all(classes):
                ways.append(" and ".join(v for c in classes if c for v in c.environment))
        where = f", or set {' or '.join(ways)}" if ways else ""
        return (
            f"{op.operation_id} needs {wanted} and the client has no credentials: pass "
            f"credentials={where}"
        )

    def _option(self, name: str, value: Any) -> Any:
        """A per-call value, else the client's, else a credential's (``HuaweiAkSk``'s
        ``project_id``, as the official SDK fills it in), else an error that says where to
        give it."""
        if value is not None:
            return value
        if self._options.get(name) is not None:
            return self._options[name]
        for credential in self._credentials.values():
            found = credential.option(name)
            if found is not None:
                return found
        raise MissingOptionError(f"{name} is required: pass it to the call or to the client")

    def _build_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: Operation,
        path: Mapping[str, Any],
        query: Mapping[str, Any],
        headers: Mapping[str, Any],
        body: Any,
        cookies: Mapping[str, Any] | None,
        call: _CallOptions,
    ) -> httpx.Request:
        try:
            request = self._new_request(client, op, path, query, headers, body, cookies, call)
        except (httpx.InvalidURL, UnicodeEncodeError) as exc:
            raise InvalidRequestError(f"{op.operation_id}: {exc}") from exc
        # A repr of the request an error carries, and of its headers, hides every credential.
        # (httpx builds the request, merging the http_client's own headers and cookies; only
        # its class is swapped, for the repr.)
        request.__class__ = RedactedRequest
        request.headers.__class__ = RedactedHeaders
        return request

    def _new_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: Operation,
        path: Mapping[str, Any],
        query: Mapping[str, Any],
        headers: Mapping[str, Any],
        body: Any,
        cookies: Mapping[str, Any] | None,
        call: _CallOptions,
    ) -> httpx.Request:
        styles = op.styles
        parts, stable = _template(op.path)
        filled = [parts[0]]
        for i in range(1, len(parts), 2):
            name = parts[i]
            filled.append(_path_text(name, path[name], styles.get(("path", name), _SIMPLE)))
            filled.append(parts[i + 1])
        if call.extra_query:
            query = {**query, **call.extra_query}
        pairs: list[tuple[str, str]] = []
        for name, value in query.items():
            if value is None:
                continue
            style = styles.get(("query", name), _FORM) if styles else _FORM
            kind = type(value)
            if style is _FORM and (kind is str or kind is int):  # the common case, inline
                pairs.append((name, value if kind is str else str(value)))
            else:
                pairs += query_pairs(name, value, style)
        text = urlencode_pairs(pairs)
        url = self._url("".join(filled), stable, text, pairs)
        sent = {"Accept": "application/json", **self._headers}
        for k, v in headers.items():
            if v is not None:
                sent[k] = _single_text(v, styles.get(("header", k), _SIMPLE))
        if call.extra_headers:
            sent.update(call.extra_headers)
        if cookies:
            crumbs = [
                f"{k}={v}"
                for name, value in cookies.items()
                if value is not None
                for k, v in query_pairs(name, value, styles.get(("cookie", name), _FORM))
            ]
            if crumbs:
                sent["Cookie"] = "; ".join(crumbs)
        body_args: dict[str, Any] = {}
        if body is not None:
            body_args = body_parts(body, op.body_encoding, op.body_content_type)
            for key, value in body_args.pop("headers", {}).items():
                sent.setdefault(key, value)
        timeout = self.timeout if isinstance(call.timeout, NotGiven) else _timeout(call.timeout)
        request = client.build_request(op.method, url, headers=sent, timeout=timeout, **body_args)
        if pairs:
            # For the signers (``_auth.query_of``): the query's decoded pairs, valid while the
            # URL's query is still ``text`` (an http_client's own ``params`` replace it).
            request._cloudnet_query = (text.encode("ascii"), pairs)  # type: ignore[attr-defined]
        return request

    def _url(self, path: str, stable: bool, query: str, pairs: list[tuple[str, str]]) -> httpx.URL:
        """``base_url + path`` with the query ``query`` (``pairs`` encoded), as httpx parses it.

        httpx parses and checks a URL in Python, one character at a time: that was the
        largest single cost of a call. The base URL is parsed once per client instead, and the
        path and query, which are percent-encoded here already, are put into its parsed form
        (httpx 0.28's ``URL._uri_reference``, a named tuple, as ``_auth.with_query`` does),
        when the result is what httpx itself would make of the whole string: a path template
        of characters httpx keeps as they are, no ``.`` or ``..`` segment (httpx removes
        them), an absolute base URL without query or fragment. Anything else, and any other
        httpx, goes through ``httpx.URL``."""
        base = self._base_reference
        if base is None or base[0] != self.base_url:
            base = self._base_reference = (self.base_url, _parsed_base(self.base_url))
        parsed = base[1]
        if parsed is not None and stable:
            full = parsed.path + path
            short = len(full) + len(query) < _MAX_FAST_URL
            if short and ("." not in full or not _DOT_SEGMENTS.search(full)):
                url = httpx.URL.__new__(httpx.URL)
                # parsed._replace(path=full, query=query or None), without its Python layers
                url._uri_reference = tuple.__new__(
                    type(parsed), (*parsed[:4], full, query or None, parsed[6])
                )
                return url
        return httpx.URL(
            self.base_url + path, params=httpx.QueryParams(tuple(pairs)) if pairs else None
        )

    def _result(
        self,
        op: Operation,
        response: httpx.Response,
        cast_to: type[T] | None,
        call: _CallOptions = _NO_OPTIONS,
    ) -> T | None:
        if not response.is_success:
            raise self._status_error(op, response)
        if cast_to is None:
            return None
        if cast_to is bytes:  # a body that is not JSON: as sent
            return cast(T, response.content)
        if cast_to is str:
            return cast(T, response.text)
        name = getattr(cast_to, "__name__", cast_to)
        try:
            result, issues, errors = read_body(cast_to, response.content)
        except BodyError as exc:  # not JSON, or not the top-level type: an error in any mode
            raise APIResponseValidationError(
                f"{op.operation_id}: the {response.status_code} response body is not {name}: {exc}",
                response=response,
                body=response.text,
                errors=exc.errors,
            ) from None
        if issues:
            strict = self._strict if call.strict is None else call.strict
            text = (
                f"{op.operation_id}: the {response.status_code} response does not match {name} "
                f"in {len(issues)} place(s), first: {issues[0]}"
            )
            if strict:
                raise APIResponseValidationError(
                    text, response=response, body=response.text, errors=errors, issues=issues
                )
            _log.warning("%s; kept as sent, see cloudnet.validation_issues(result)", text)
        if isinstance(result, Model):
            attach_response(result, response)
        return cast(T, result)

    def _status_error(self, op: Operation, response: httpx.Response) -> Exception:
        try:
            raw: Any = response.json()
        except (ValueError, RecursionError):  # not JSON, bad UTF-8, 5,000-digit numbers, depth
            raw = None
        status = str(response.status_code)
        model = op.errors.get(status) or op.errors.get(status[0] + "XX") or op.errors.get("default")
        body: Any = raw if raw is not None else response.text
        if model is not None and raw is not None:
            try:
                body = _adapter(model).validate_python(raw, by_name=False)
            except pydantic.ValidationError:
                body = raw  # not the documented shape: keep what was sent
        fields = op.error_fields
        request_id = _lookup(raw, fields.request_id) or next(
            (response.headers[h] for h in self._request_id_headers if h in response.headers), None
        )
        return make_status_error(
            response,
            body=body,
            code=_lookup(raw, fields.code),
            message=_lookup(raw, fields.message),
            request_id=request_id,
        )


class SyncAPIClient(_BaseClient):
    """The base of the generated synchronous clients."""

    def __init__(self, *, http_client: httpx.Client | None = None, **settings: Any) -> None:
        """``settings`` are ``_BaseClient``'s; ``http_client`` is the caller's, or one of ours."""
        super().__init__(**settings)
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client()

    def close(self) -> None:
        """Close the HTTP connections, unless the ``http_client`` was given by the caller."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self.close()

    @overload
    def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T],
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> T: ...

    @overload
    def _request(
        self,
        op: Operation,
        *,
        cast_to: None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> None: ...

    def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T] | None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> T | None:
        call = _call_options(timeout, max_retries, extra_headers, extra_query, strict)
        query = self._with_idempotency_token(op, query)
        auth = self._auth_for(op)  # before anything is sent: no credentials, no request
        _skip_cookieless_responses(self._client)
        attempt = 0
        while True:
            attempt += 1
            request = self._build_request(
                self._client, op, path or {}, query, headers or {}, body, cookies, call
            )
            if self._client.is_closed:
                raise ClientClosedError(f"{op.operation_id}: the client is closed")
            started = time.perf_counter()
            response = None
            try:
                response = self._client.send(request, auth=auth, stream=True)
                response.read()
            except httpx.TransportError as exc:
                if response is not None:
                    response.close()
                wait = self._retry_wait(op, attempt, request, started, None, exc, max_retries)
                if wait is None:
                    raise from_httpx(exc, request) from exc
                self._sleep(wait)
                continue
            except httpx.HTTPError as exc:  # a body that cannot be decoded, too many redirects
                if response is not None:
                    response.close()
                raise from_httpx(exc, request, response) from exc
            wait = self._retry_wait(op, attempt, request, started, response, None, max_retries)
            if wait is None:
                return self._result(op, response, cast_to, call)
            response.close()
            self._sleep(wait)


class AsyncAPIClient(_BaseClient):
    """The base of the generated asynchronous clients."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **settings: Any) -> None:
        """``settings`` are ``_BaseClient``'s; ``http_client`` is the caller's, or one of ours."""
        super().__init__(**settings)
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.AsyncClient()

    async def close(self) -> None:
        """Close the HTTP connections, unless the ``http_client`` was given by the caller."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.close()

    @overload
    async def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T],
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> T: ...

    @overload
    async def _request(
        self,
        op: Operation,
        *,
        cast_to: None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> None: ...

    async def _request(
        self,
        op: Operation,
        *,
        cast_to: type[T] | None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        timeout: httpx.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        strict: bool | None = None,
    ) -> T | None:
        call = _call_options(timeout, max_retries, extra_headers, extra_query, strict)
        query = self._with_idempotency_token(op, query)
        auth = self._auth_for(op)  # before anything is sent: no credentials, no request
        _skip_cookieless_responses(self._client)
        attempt = 0
        while True:
            attempt += 1
            request = self._build_request(
                self._client, op, path or {}, query, headers or {}, body, cookies, call
            )
            if self._client.is_closed:
                raise ClientClosedError(f"{op.operation_id}: the client is closed")
            started = time.perf_counter()
            response = None
            try:
                response = await self._client.send(request, auth=auth, stream=True)
                await response.aread()
            except httpx.TransportError as exc:
                if response is not None:
                    await response.aclose()
                wait = self._retry_wait(op, attempt, request, started, None, exc, max_retries)
                if wait is None:
                    raise from_httpx(exc, request) from exc
                await self._asleep(wait)
                continue
            except httpx.HTTPError as exc:  # a body that cannot be decoded, too many redirects
                if response is not None:
                    await response.aclose()
                raise from_httpx(exc, request, response) from exc
            wait = self._retry_wait(op, attempt, request, started, response, None, max_retries)
            if wait is None:
                return self._result(op, response, cast_to, call)
            await response.aclose()
            await self._asleep(wait)


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # here, not at the top: the sync clients never pay for importing it

    await asyncio.sleep(seconds)


def _call_options(
    timeout: httpx.Timeout | float | NotGiven | None,
    max_retries: int | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, Any] | None,
    strict: bool | None = None,
) -> _CallOptions:
    if (
        isinstance(timeout, NotGiven)
        and max_retries is None
        and not extra_headers
        and not extra_query
        and strict is None
    ):
        return _NO_OPTIONS
    return _CallOptions(timeout, max_retries, extra_headers, extra_query, strict)


def _lookup(body: Any, paths: tuple[str, ...]) -> str | None:
    """The first of ``paths`` (dotted) that holds a scalar in ``body``, as text."""
    for dotted in paths:
        node = body
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, (str, int)) and not isinstance(node, bool) and node != "":
            # Printable in any log: a lone surrogate the service escaped becomes "\ud800".
            return str(node).encode("utf-8", "backslashreplace").decode("utf-8")
    return None
