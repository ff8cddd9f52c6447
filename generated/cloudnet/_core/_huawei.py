# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_huawei.py.
# Do not edit here: edit generator/runtime/_huawei.py, then run `make`.
"""Huawei Cloud AK/SK request signing (``SDK-HMAC-SHA256``), exactly as the official SDK does it.

Why this is hand-written: the official signer is part of ``huaweicloudsdkcore``, which pulls
requests, simplejson, urllib3 and more into every program that imports it, while this runtime
depends on httpx and pydantic only. This module mirrors ``huaweicloudsdkcore`` 3.1.219:
``signer.signer.Signer.sign`` plus what ``auth.credentials.BasicCredentials.sign_request`` adds
before it (X-Project-Id, X-Security-Token). tests/test_signer_huawei.py checks our output against
that SDK, byte for byte. Where the SDK does something odd, we do it too, and say so below.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import unquote

import httpx

from ._auth import (
    Credential,
    UtcStamp,
    from_env,
    percent_encode,
    query_of,
    require,
    with_query,
)

__all__ = ["HuaweiAkSk"]

_ALGORITHM = "SDK-HMAC-SHA256"
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

#: Headers owned by the transport, not by the caller: message framing, hop-by-hop headers
#: (a proxy may drop or rewrite them) and content-coding negotiation. The official SDK never
#: signs them because requests/urllib3 add them only after it has signed; an httpx client has
#: them on the request already when the auth flow runs, so we leave them out explicitly.
_TRANSPORT_HEADERS = frozenset(
    {
        "accept-encoding",
        "connection",
        "content-length",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


#: A path that unquote leaves as it is and percent_encode keeps segment by segment.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.~/-]*")
_STAMP = UtcStamp(_DATE_FORMAT)


class HuaweiAkSk(Credential):
    """Huawei Cloud: an access key pair, signing each request with ``SDK-HMAC-SHA256``.

    Sets ``X-Sdk-Date``, ``X-Project-Id`` and ``X-Security-Token`` (when given) and
    ``Authorization: SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<...>, Signature=<hex>``.
    Like the official SDK, it also rewrites the URL's query string into its canonical form
    (sorted, percent-encoded), so that what is sent is what was signed.

    Args:
        ak: The access key ID; default ``$HUAWEICLOUD_SDK_AK``.
        sk: The secret access key; default ``$HUAWEICLOUD_SDK_SK``.
        security_token: The token of temporary credentials; default
            ``$HUAWEICLOUD_SDK_SECURITY_TOKEN``.
        project_id: Sent as ``X-Project-Id``, and the ``{project_id}`` of the path of a call
            that gives no other (neither to the call nor to the client); default
            ``$HUAWEICLOUD_SDK_PROJECT_ID``.
        clock: Returns the signing time (naive means UTC); default the current time.
    """

    scheme = "huawei-aksk"
    environment = ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")

    def __init__(
        self,
        ak: str | None = None,
        sk: str | None = None,
        *,
        security_token: str | None = None,
        project_id: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._ak = require(ak, "Huawei access key ID", "HUAWEICLOUD_SDK_AK")
        self._sk = require(sk, "Huawei secret access key", "HUAWEICLOUD_SDK_SK").encode()
        self._security_token = from_env(security_token, "HUAWEICLOUD_SDK_SECURITY_TOKEN")
        self._project_id = from_env(project_id, "HUAWEICLOUD_SDK_PROJECT_ID")
        self._clock = clock

    def option(self, name: str) -> str | None:
        # As huaweicloudsdkcore's BasicCredentials.process_auth_params: the project ID fills
        # the {project_id} path parameter (here only when the call and the client give none).
        return self._project_id if name == "project_id" else None

    def apply(self, request: httpx.Request) -> None:
        headers = request.headers
        # Deliberately unlike the SDK, a request signed before (a retry) is signed afresh: the
        # SDK sends one that has an Authorization unsigned, and keeps a preset X-Sdk-Date.
        # (The headers are read once, as raw pairs: each lookup by name scans them all.)
        raw = headers.raw
        lowered = {name.lower() for name, _ in raw}
        if b"authorization" in lowered:
            del headers["Authorization"]
        if self._project_id:
            headers["X-Project-Id"] = self._project_id
        if self._security_token:
            headers["X-Security-Token"] = self._security_token
        # SDK quirk: it looks for a header spelled exactly "Content-Type" (a dict lookup, not
        # case-insensitive) and, when its value does not start with application/json or
        # application/bson (case-sensitive), signs "UNSIGNED-PAYLOAD" instead of the body.
        content_type = next((v for k, v in reversed(raw) if k == b"Content-Type"), b"")
        if content_type and not content_type.startswith((b"application/json", b"application/bson")):
            headers[_CONTENT_SHA256] = "UNSIGNED-PAYLOAD"
        if self._clock is None:
            date = _STAMP()
        else:
            when = self._clock()
            date = (when.astimezone(UTC) if when.tzinfo else when).strftime(_DATE_FORMAT)
        headers["X-Sdk-Date"] = date
        if b"host" not in lowered:
            headers["Host"] = request.url.netloc.decode("ascii")

        # The SDK signs every header it holds but those whose name has a "_", by lowercased
        # name, sorted, each value stripped (str.strip: any Unicode whitespace).
        signed: dict[str, str] = {}
        for raw_name, raw_value in headers.raw:
            name = raw_name.decode("latin-1").lower()
            if "_" in name or name in _TRANSPORT_HEADERS:
                continue
            value = raw_value.decode("utf-8", "surrogateescape").strip()
            signed[name] = f"{signed[name]}, {value}" if name in signed else value
        names = sorted(signed)

        # SDK quirk: the path is percent-decoded before it is split, so an encoded "%2F" counts
        # as a separator; each segment is then re-encoded, and a "/" is always appended.
        path = request.url.raw_path.partition(b"?")[0].decode("ascii")
        if not _PLAIN_PATH.fullmatch(path):  # else decoding and encoding leave it as it is
            path = "/".join(percent_encode(segment) for segment in unquote(path).split("/"))
        uri = path if path.endswith("/") else path + "/"
        # SDK quirk: the decoded (key, value) pairs are sorted before encoding, by code point,
        # so repeated keys are ordered by value; a key without "=" signs as "key=". Decoding
        # is parse_qsl's, as httpx's own: "+" is a space. Encoding is the SDK's
        # Signer._url_encode: only the unreserved characters stay ("%20", never "+").
        pairs = sorted(query_of(request))
        query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)

        body = request.content
        # SDK quirks: an empty body hashes as empty even when UNSIGNED-PAYLOAD was set above;
        # a preset X-Sdk-Content-Sha256 replaces the body's hash, read after its value was
        # stripped and, for the sake of requests, turned into its UTF-8 bytes read as Latin-1.
        if body:
            preset = signed.get(_CONTENT_SHA256.lower(), "")
            preset = preset.encode("utf-8", "surrogateescape").decode("latin-1")
            payload = preset or hashlib.sha256(body).hexdigest()
        else:
            payload = _EMPTY_SHA256
        signed_names = ";".join(names)
        canonical = (
            f"{request.method.upper()}\n{uri}\n{query}\n"
            + "".join(f"{name}:{signed[name]}\n" for name in names)
            + f"\n{signed_names}\n{payload}"
        )
        digest = hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()
        to_sign = f"{_ALGORITHM}\n{date}\n{digest}"
        signature = hmac.new(self._sk, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = (
            f"{_ALGORITHM} Access={self._ak}, SignedHeaders={signed_names}, Signature={signature}"
        )
        # As the SDK (Signer.process_request_uri): send the query exactly as it was signed.
        request.url = with_query(request.url, query)
