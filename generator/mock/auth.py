"""Each vendor's authentication, as the service checks it.

The operation's security requirements (the spec's ``security``) are alternatives; a request is
let through when it meets one of them. Each scheme is checked by the kind its
``x-cloudnet-auth`` names:

- ``zstack-session``: ``Authorization: OAuth <session uuid>``, one of the configured sessions.
- ``huawei-iam-token``: ``X-Auth-Token``, one of the configured tokens.
- ``huawei-aksk`` and ``alibaba-acs3``: the signature is recomputed from the request as
  received, with the runtime's own signers (``generator/runtime/_huawei.py`` and
  ``_alibaba.py``, which the signer tests hold byte for byte to the vendors' SDKs) and the
  configured test key of the access key ID the request names, and compared.

A failure carries the vendor's code, message and status (see ``_HUAWEI``, ``_ALIBABA`` and
``_ZSTACK`` below for the sources).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ..runtime._alibaba import AlibabaAcs3
from ..runtime._auth import Credential
from ..runtime._huawei import HuaweiAkSk
from .spec import MockOperation
from .validation import ReceivedRequest

__all__ = [
    "DEFAULT_ALIBABA_KEYS",
    "DEFAULT_HUAWEI_KEYS",
    "DEFAULT_HUAWEI_TOKENS",
    "DEFAULT_ZSTACK_SESSIONS",
    "AuthFailure",
    "TestKeys",
    "check_auth",
]

#: The test keys the mock accepts unless told otherwise (documented in the README).
DEFAULT_HUAWEI_KEYS = {"MOCKHUAWEIAK00000000": "mock-huawei-secret-key"}
DEFAULT_ALIBABA_KEYS = {"MOCKALIBABAAK0000000": "mock-alibaba-secret"}
DEFAULT_HUAWEI_TOKENS = ("mock-iam-token",)
DEFAULT_ZSTACK_SESSIONS = ("mock-zstack-session",)

# Both vendors refuse a request signed more than 15 minutes away from the server's clock.
MAX_SKEW = timedelta(minutes=15)


@dataclass(frozen=True)
class TestKeys:
    """Access key ID -> secret, per vendor."""

    __test__ = False  # not a pytest test class

    huawei: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_HUAWEI_KEYS))
    alibaba: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ALIBABA_KEYS))
    #: The IAM tokens (``X-Auth-Token``) and ZStack session UUIDs the mock accepts.
    huawei_tokens: tuple[str, ...] = DEFAULT_HUAWEI_TOKENS
    zstack_sessions: tuple[str, ...] = DEFAULT_ZSTACK_SESSIONS


@dataclass(frozen=True)
class AuthFailure:
    code: str
    message: str
    #: The vendor's status first; the error is sent with the first the operation declares.
    statuses: tuple[int, ...]


# Huawei Cloud API Gateway, in front of every Huawei service: "APIGW.0301 Incorrect IAM
# authentication information: <reason>", HTTP 401 (API Request Signing Guide, FAQ "Common Errors
# Related to IAM Authentication Information", support.huaweicloud.com/devg-apisign/api-sign-0001;
# the reasons "x-auth-token not found", "verify aksk signature fail", "Get secretKey failed,ak:
# ...,err:ak not exist" are the ones those pages quote).
_HUAWEI = ("APIGW.0301", "Incorrect IAM authentication information", (401, 403, 400))
# Alibaba Cloud RPC common error codes (help.aliyun.com/document_detail/435312, "Error codes"):
# SignatureDoesNotMatch 403, InvalidAccessKeyId.NotFound 404 (document_detail/51132),
# IncompleteSignature 400 ("The request signature does not conform to Aliyun standards."),
# InvalidTimeStamp.Expired 400.
_ALIBABA_INCOMPLETE = AuthFailure(
    "IncompleteSignature",
    "The request signature does not conform to Aliyun standards.",
    (400, 403),
)
_ALIBABA_MISMATCH = (
    "SignatureDoesNotMatch",
    "The signature we calculated does not match the one you provided. Please refer to the API "
    "reference about authentication for details.",
    (403, 400),
)
# ZStack: IdentityErrors.INVALID_SESSION is "ID.1001" (org.zstack.header.identity). ZStack sends
# the failure of an API call with its error body; the ZStack spec declares 400, 404 and 503, and
# a request without a valid session is a bad request there.
_ZSTACK = ("ID.1001", "Invalid session", (401, 400, 503))


def check_auth(op: MockOperation, request: ReceivedRequest, keys: TestKeys) -> AuthFailure | None:
    """None when the request meets one of the operation's security requirements and every
    credential it sent is good (a wrong signature is refused even beside a good token); else
    the failure to report: the first credential that was sent and is wrong, else the first
    requirement's missing one."""
    if not op.security or any(not requirement for requirement in op.security):
        return None
    checked: dict[str, tuple[bool, AuthFailure | None]] = {}
    for requirement in op.security:
        for name in requirement:
            if name not in checked:
                scheme = op.api.security_schemes.get(name, {})
                checked[name] = _check_scheme(scheme, request, keys)
    wrong = [failure for sent, failure in checked.values() if sent and failure is not None]
    if wrong:
        return wrong[0]
    for requirement in op.security:
        if all(checked[name][1] is None for name in requirement):
            return None
    missing = [failure for _, failure in checked.values() if failure is not None]
    return missing[0]


def _check_scheme(
    scheme: dict[str, Any], request: ReceivedRequest, keys: TestKeys
) -> tuple[bool, AuthFailure | None]:
    """(whether a credential of this scheme was sent, the failure or None)."""
    kind = str(scheme.get("x-cloudnet-auth", ""))
    if kind == "zstack-session":
        value = request.header("authorization") or ""
        if not value:
            return False, AuthFailure(_ZSTACK[0], f"{_ZSTACK[1]}: no session", _ZSTACK[2])
        session = re.fullmatch(r"OAuth\s+(\S+)", value.strip())
        if session is None:
            return True, AuthFailure(
                _ZSTACK[0],
                f"{_ZSTACK[1]}: the Authorization header is not 'OAuth <uuid>'",
                _ZSTACK[2],
            )
        if session.group(1) not in keys.zstack_sessions:
            return True, AuthFailure(_ZSTACK[0], f"{_ZSTACK[1]}: unknown session", _ZSTACK[2])
        return True, None
    if kind == "huawei-iam-token":
        token = request.header("x-auth-token")
        if not token:
            return False, _huawei("x-auth-token not found")
        if token not in keys.huawei_tokens:
            return True, _huawei("decrypt token fail")
        return True, None
    if kind == "huawei-aksk":
        return _check_huawei_aksk(request, keys)
    if kind == "alibaba-acs3":
        return _check_alibaba_acs3(request, keys)
    return _check_plain(scheme, request)


def _check_plain(
    scheme: dict[str, Any], request: ReceivedRequest
) -> tuple[bool, AuthFailure | None]:
    """A scheme without a vendor signer: the credential must be present."""
    missing = AuthFailure("Unauthorized", "Missing credentials", (401, 403, 400))
    if scheme.get("type") == "apiKey":
        name = str(scheme.get("name", ""))
        where = scheme.get("in")
        if where == "header":
            present = bool(request.header(name))
        elif where == "query":
            present = bool(request.query_values(name))
        else:
            present = name in request.cookies()
        return present, None if present else missing
    if scheme.get("type") == "http":
        value = request.header("authorization") or ""
        wanted = str(scheme.get("scheme", "")).lower()
        present = value.lower().startswith(wanted + " ") and bool(value[len(wanted) + 1 :].strip())
        return bool(value), None if present else missing
    return False, None  # oauth2 / openIdConnect: nothing a mock can check


def _huawei(reason: str) -> AuthFailure:
    return AuthFailure(_HUAWEI[0], f"{_HUAWEI[1]}: {reason}", _HUAWEI[2])


_HUAWEI_AUTH = re.compile(
    r"SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)"
)
_ALIBABA_AUTH = re.compile(
    r"ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*"
    r"Signature=([0-9a-fA-F]+)"
)


def _check_huawei_aksk(request: ReceivedRequest, keys: TestKeys) -> tuple[bool, AuthFailure | None]:
    value = (request.header("authorization") or "").strip()
    if not value.startswith("SDK-HMAC-SHA256"):
        return False, _huawei("x-auth-token not found")
    parsed = _HUAWEI_AUTH.fullmatch(value)
    if parsed is None:
        return True, _huawei("verify aksk signature fail (malformed Authorization header)")
    access, signed_headers, signature = parsed.groups()
    secret = keys.huawei.get(access)
    if secret is None:
        return True, _huawei(f"Get secretKey failed,ak:{access},err:ak not exist")
    when = _parse_time(request.header("x-sdk-date"), "%Y%m%dT%H%M%SZ")
    if when is None:
        return True, _huawei("verify aksk signature fail (X-Sdk-Date missing or malformed)")
    if abs(datetime.now(UTC) - when) > MAX_SKEW:
        return True, _huawei("verify aksk signature fail (X-Sdk-Date is more than 15 minutes off)")
    preset = request.header("x-sdk-content-sha256")
    if preset and preset != "UNSIGNED-PAYLOAD" and preset != _sha256(request.body):
        return True, _huawei("verify aksk signature fail (X-Sdk-Content-Sha256 is not the body's)")
    signer = HuaweiAkSk(
        access,
        secret,
        security_token=request.header("x-security-token"),
        project_id=request.header("x-project-id"),
        clock=lambda: when,
    )
    expected = _recompute(signer, request, signed_headers)
    if expected is None or not _same(expected, signed_headers, signature):
        return True, _huawei("verify aksk signature fail")
    return True, None


def _check_alibaba_acs3(
    request: ReceivedRequest, keys: TestKeys
) -> tuple[bool, AuthFailure | None]:
    value = (request.header("authorization") or "").strip()
    if not value:
        return False, _ALIBABA_INCOMPLETE
    parsed = _ALIBABA_AUTH.fullmatch(value)
    nonce = request.header("x-acs-signature-nonce")
    when = _parse_time(request.header("x-acs-date"), "%Y-%m-%dT%H:%M:%SZ")
    if parsed is None or not nonce or when is None:
        return True, _ALIBABA_INCOMPLETE
    key_id, signed_headers, signature = parsed.groups()
    secret = keys.alibaba.get(key_id)
    if secret is None:
        return True, AuthFailure(
            "InvalidAccessKeyId.NotFound", "Specified access key is not found.", (404, 400)
        )
    if abs(datetime.now(UTC) - when) > MAX_SKEW:
        return True, AuthFailure(
            "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", (400,)
        )
    if request.header("x-acs-content-sha256") != _sha256(request.body):
        return True, AuthFailure(*_ALIBABA_MISMATCH)
    signer = AlibabaAcs3(
        key_id,
        secret,
        security_token=request.header("x-acs-security-token"),
        clock=lambda: when,
        nonce=lambda: nonce,
    )
    expected = _recompute(signer, request, signed_headers)
    if expected is None or not _same(expected, signed_headers, signature):
        return True, AuthFailure(*_ALIBABA_MISMATCH)
    return True, None


class _AsReceived(httpx.Headers):
    """The received headers, which the signer may read but not change: everything a signer
    would set (date, nonce, content hash, project, token, provider) is already what the client
    sent and signed. Only the Authorization it computes is kept."""

    def __setitem__(self, key: str, value: str) -> None:
        if key.lower() == "authorization":
            super().__setitem__(key, value)


def _recompute(signer: Credential, request: ReceivedRequest, signed: str) -> str | None:
    """The Authorization the signer computes for the request as received, over exactly the
    headers the client says it signed; None when one of them was not received."""
    names = [name for name in signed.lower().split(";") if name]
    headers: list[tuple[bytes, bytes]] = []
    for name in names:
        values = [v for k, v in request.headers if k == name.encode("latin-1")]
        if not values:
            return None
        headers += [(name.encode("latin-1"), v) for v in values]
    target = request.raw_path + (b"?" + request.query_string if request.query_string else b"")
    url = httpx.URL("http://mock.invalid/").copy_with(raw_path=target)
    outgoing = httpx.Request(request.method, url, content=request.body)
    outgoing.headers = _AsReceived(headers)
    try:
        signer.apply(outgoing)
    except Exception:  # a request the signer cannot sign cannot have been signed by it
        return None
    value = outgoing.headers.get("authorization")
    return value if isinstance(value, str) else None


def _same(expected: str, signed_headers: str, signature: str) -> bool:
    parts = dict(
        piece.strip().split("=", 1)
        for piece in expected.split(" ", 1)[1].split(",")
        if "=" in piece
    )
    return parts.get("SignedHeaders", "").lower() == signed_headers.lower() and hmac.compare_digest(
        parts.get("Signature", "").lower(), signature.lower()
    )


def _parse_time(text: str | None, layout: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), layout).replace(tzinfo=UTC)
    except ValueError:
        return None


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
