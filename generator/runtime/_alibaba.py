"""Alibaba Cloud: signature V3 (``ACS3-HMAC-SHA256``) for the RPC-style APIs.

Hand-written, not Alibaba's SDK: the runtime's only dependencies are httpx and pydantic, and the
official signer (alibabacloud-tea-openapi) comes with its own HTTP stack, credential providers
and a dozen more packages. What this module produces for a request is, byte for byte, what
alibabacloud-tea-openapi 0.4.6 (``Client.do_request``, ``Utils.get_authorization``) produces for
the same request, date and nonce; ``tests/test_signer_alibaba.py`` checks it against that
library, case by case and on generated inputs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from ._auth import (
    Credential,
    SigningError,
    UtcStamp,
    from_env,
    percent_encode,
    query_of,
    require,
    urlencode_pairs,
    with_query,
)

__all__ = ["AlibabaAcs3"]

ALGORITHM = "ACS3-HMAC-SHA256"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_STAMP = UtcStamp(_DATE_FORMAT)

# Headers the transport owns or that hop-by-hop proxies may rewrite: sent, never signed (the
# official SDK does not sign them either: its HTTP library adds Content-Length and
# Accept-Encoding after the signature). An Authorization header is replaced, never signed.
_UNSIGNED = frozenset(
    {
        "accept-encoding",
        "authorization",
        "connection",
        "content-length",
        "keep-alive",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# The RPC common parameters that signature V3 moves from the query string to headers.
_PINNED = (("Action", "x-acs-action"), ("Version", "x-acs-version"))
_PINNED_HEADERS = frozenset(header for _, header in _PINNED)


class AlibabaAcs3(Credential):
    """Alibaba Cloud: an AccessKey pair (and an STS token) signing each request with signature
    V3, ``Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<...>,Signature=<hex>``.

    The request the generated client builds for an RPC action is a POST to the service root
    with ``Action`` and ``Version`` in the query string (the spec pins them there, as RPC
    signature V2 wants them). Signature V3 wants them in the ``x-acs-action`` and
    ``x-acs-version`` headers instead, so ``apply`` takes them out of the query string, puts
    them in those headers and signs the remaining query: the request that is sent is the one
    Alibaba's official SDK sends for the same action and parameters. A request without an
    ``Action`` parameter keeps the ``x-acs-action`` header it has (signing twice is harmless).

    ``apply`` also sets ``x-acs-date``, ``x-acs-signature-nonce``, ``x-acs-content-sha256``
    (of the body as sent; a form body is hashed as it is, the caller writes it),
    ``x-acs-credentials-provider`` (``static_ak``, or ``static_sts`` with a token: what the SDK
    sends for a key given as values), with a security token ``x-acs-accesskey-id`` and
    ``x-acs-security-token``, and re-encodes the query string the way the SDK sends it
    (``urlencode``: ``+`` for a space, ``~`` kept). Every header of the request is signed, as
    the SDK signs every header it sets, except the transport's own (``Content-Length``,
    ``Connection``, ``Accept-Encoding``, hop-by-hop ones). ``Host``, ``User-Agent``, ``Accept``
    and ``Content-Type`` are the request's own (the SDK would send its own user agent and
    ``Accept: application/json`` where the caller gives none).

    The SDK's quirks are kept, so that the server sees what it sees from the SDK: parameter
    names go into the canonical query string unencoded (only values are percent-encoded), and
    a parameter given twice cannot be signed (the SDK keeps parameters in a dict; RPC APIs
    number repeated values, ``Key.1``, ``Key.2``), so ``apply`` rejects it.

    Args:
        access_key_id: The AccessKey ID; default ``$ALIBABA_CLOUD_ACCESS_KEY_ID``.
        access_key_secret: The AccessKey secret; default ``$ALIBABA_CLOUD_ACCESS_KEY_SECRET``.
        security_token: An STS token; default ``$ALIBABA_CLOUD_SECURITY_TOKEN``, else none.
        clock: The time of the signature (``x-acs-date``); default now. A naive datetime is
            taken as UTC.
        nonce: A fresh ``x-acs-signature-nonce`` per request; default 32 random hex digits.
    """

    scheme = "alibaba-acs3"
    environment = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")

    def __init__(
        self,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        *,
        security_token: str | None = None,
        clock: Callable[[], datetime] | None = None,
        nonce: Callable[[], str] | None = None,
    ) -> None:
        self._key_id = require(access_key_id, "Alibaba AccessKey ID", "ALIBABA_CLOUD_ACCESS_KEY_ID")
        self._secret = require(
            access_key_secret, "Alibaba AccessKey secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
        )
        self._token = from_env(security_token, "ALIBABA_CLOUD_SECURITY_TOKEN")
        # Checked now, by tests that return a bool: an encoding error raised later (by hmac or
        # by httpx) would carry the whole value in its arguments and in any error it chains to.
        if not _header_safe(self._key_id):
            raise SigningError("Alibaba AccessKey ID: not printable ASCII")
        if self._token is not None and not _header_safe(self._token):
            raise SigningError("Alibaba security token: not printable ASCII")
        if not _utf8(self._secret):
            raise SigningError("Alibaba AccessKey secret: not encodable as UTF-8")
        self._clock = clock
        self._nonce = nonce or _random_nonce

    def apply(self, request: httpx.Request) -> None:
        params: dict[str, str] = {}
        for key, value in query_of(request):
            if key in params:
                raise SigningError(
                    f"Alibaba signature V3: query parameter {key!r} is given more than once; "
                    "RPC APIs number repeated values instead (Key.1, Key.2)"
                )
            params[key] = value

        headers = request.headers
        # The headers are read once, as raw pairs: each lookup by name scans them all.
        raw = headers.raw
        present = {name.lower() for name, _ in raw}
        added: list[tuple[str, str]] = []  # the headers to set, in order
        for name, header in _PINNED:
            if name in params:
                added.append((header, params.pop(name)))
            elif header.encode() not in present:
                raise SigningError(
                    f"Alibaba signature V3: the request has no {name} query parameter "
                    f"and no {header} header"
                )
        if b"host" not in present:
            added.append(("host", request.url.netloc.decode("ascii")))
        if self._clock is None:
            date = _STAMP()
        else:
            now = self._clock()
            if now.tzinfo is not None:
                now = now.astimezone(UTC)
            date = now.strftime(_DATE_FORMAT)
        payload_hash = hashlib.sha256(request.content).hexdigest()
        added += [
            ("x-acs-date", date),
            ("x-acs-signature-nonce", self._nonce()),
            ("x-acs-content-sha256", payload_hash),
            # The SDK names the alibabacloud-credentials provider the key came from: for a key
            # pair (and token) given as values, StaticAKCredentialsProvider
            # (StaticSTSCredentialsProvider).
            ("x-acs-credentials-provider", "static_sts" if self._token else "static_ak"),
        ]
        if self._token:
            added += [("x-acs-accesskey-id", self._key_id), ("x-acs-security-token", self._token)]
        signed: list[tuple[bytes, bytes]] | None = None  # the headers to sign, when new
        if b"authorization" in present or any(
            name.encode() in present or not value.isascii() for name, value in added
        ):
            # A request signed before, or values to encode: header by header, as httpx does
            # (in this order: the lookup of "authorization" fixes the headers' encoding).
            pinned = sum(1 for name, _ in added if name in _PINNED_HEADERS)
            for name, value in added[:pinned]:
                headers[name] = value
            if "authorization" in headers:
                del headers["authorization"]
            for name, value in added[pinned:]:
                headers[name] = value
            pairs = headers.raw
            encoding = headers.encoding  # what multi_items() decodes with, looked up once
        else:
            # New names with ASCII values: appended (the same list that setting them one by
            # one makes, without a scan of all headers for each), in one new Headers made
            # below with the Authorization header last, as setting it would put it.
            pairs = signed = raw + [(n.encode(), v.encode()) for n, v in added]
            # What httpx.Headers.encoding finds for them: ASCII, else what it says.
            encoding = (
                "ascii"
                if all(n.isascii() and v.isascii() for n, v in pairs)
                else type(headers)(pairs).encoding
            )

        # Utils.get_authorization: values of one name (any case) stripped, sorted, comma-joined.
        grouped: dict[str, list[str]] = {}
        for raw_name, raw_value in pairs:
            name = raw_name.decode(encoding).lower()
            if name not in _UNSIGNED:
                grouped.setdefault(name, []).append(raw_value.decode(encoding).strip())
        signed_headers = ";".join(sorted(grouped))
        canonical_headers = "".join(
            f"{n}:{','.join(sorted(grouped[n]))}\n" for n in sorted(grouped)
        )
        # get_canonical_query_string: sorted by name, the name as is, the value quoted.
        canonical_query = "&".join(f"{k}={percent_encode(params[k])}" for k in sorted(params))
        canonical_request = "\n".join(
            (
                request.method,
                request.url.raw_path.split(b"?", 1)[0].decode("ascii") or "/",
                canonical_query,
                canonical_headers,
                signed_headers,
                payload_hash,
            )
        )
        string_to_sign = f"{ALGORITHM}\n{_sha256_hex(canonical_request)}"
        signature = hmac.new(
            self._secret.encode(), string_to_sign.encode(), hashlib.sha256
        ).hexdigest()
        authorization = (
            f"{ALGORITHM} Credential={self._key_id},"
            f"SignedHeaders={signed_headers},Signature={signature}"
        )
        if signed is None:
            headers["Authorization"] = authorization
        else:
            request.headers = type(headers)([*signed, (b"Authorization", authorization.encode())])
        # DaraCore.compose_url: the parameters in their order, through urlencode.
        query = urlencode_pairs(params.items())
        request.url = with_query(request.url, query)


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _random_nonce() -> str:
    return secrets.token_hex(16)


def _header_safe(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
