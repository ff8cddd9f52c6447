"""What must never be printed: the credentials a request carries, in its headers or its query.

Used by every ``repr`` and log line of the runtime. httpx hides ``Authorization`` and
``Proxy-Authorization`` in the ``repr`` of headers; the vendors put secrets in other headers
too (Huawei's ``X-Auth-Token`` and ``X-Security-Token``, Alibaba's ``x-acs-security-token``).
"""

from __future__ import annotations

import re

import httpx

__all__ = [
    "SECRET_HEADERS",
    "RedactedHeaders",
    "RedactedRequest",
    "redacted_headers",
    "redacted_request",
    "redacted_url",
]

#: Lowercase names of headers whose values are credentials (ZStack's session goes in
#: ``Authorization: OAuth <session>``).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-auth-token",
        "x-subject-token",
        "x-security-token",
        "x-acs-security-token",
        "cookie",
        "set-cookie",
    }
)
_HIDDEN = "[secure]"
_SECRET_KEYS = re.compile(r"token|secret|password|signature|credential|key", re.IGNORECASE)


def redacted_headers(headers: httpx.Headers) -> dict[str, str] | list[tuple[str, str]]:
    """The headers with the values of secret ones hidden: a dict, or a list of pairs when a
    name is repeated."""
    pairs = [(k, _HIDDEN if k.lower() in SECRET_HEADERS else v) for k, v in headers.multi_items()]
    as_dict = dict(pairs)
    return as_dict if len(as_dict) == len(pairs) else pairs


class RedactedHeaders(httpx.Headers):
    """``httpx.Headers`` whose ``repr`` hides every secret header, not only ``Authorization``.
    The client puts them on each request it builds, so that ``repr(request.headers)`` (of a
    request an exception carries, say) shows no credentials. Sending is unchanged."""

    def __repr__(self) -> str:
        return f"Headers({redacted_headers(self)!r})"


class RedactedRequest(httpx.Request):
    """``httpx.Request`` whose ``repr`` hides secret query values (httpx shows the URL as it
    is). The client gives this class to each request it builds; nothing else changes."""

    def __repr__(self) -> str:
        return redacted_request(self)


def redacted_url(url: httpx.URL) -> str:
    """The URL for a log line or a ``repr``: values of query keys that may hold secrets, and a
    password in the URL, are hidden."""
    params = [(k, "***" if _SECRET_KEYS.search(k) else v) for k, v in url.params.multi_items()]
    if params:
        url = url.copy_with(params=params)
    if url.password:
        url = url.copy_with(password="***")
    return str(url)


def redacted_request(request: httpx.Request) -> str:
    """``<Request('GET', 'https://…')>`` with secret query values hidden. No headers: any of
    them may be a caller's secret (``headers=``, ``extra_headers=``)."""
    return f"<Request({request.method!r}, {redacted_url(request.url)!r})>"
