"""HuaweiAkSk against the official SDK (huaweicloudsdkcore, in .venv-vendor), byte for byte.

The expected values are never written down here: every request is also signed by the official
SDK, run by tests/vendor_reference.py in its own virtualenv, and the two must agree.
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime._auth import MissingCredentialsError
from generator.runtime._huawei import HuaweiAkSk
from tests.conftest import examples

from .vendor_worker import TRANSPORT, Official, official_signer

AK = "HPUAEXAMPLEACCESSKEY"
SK = "sK3xampleSecretKeyDoNotLeak0123456789abcd"
FIXED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
HOST = "vpc.cn-north-4.myhuaweicloud.com"
ENV = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
)
#: What the SDK adds or rewrites when it signs; each must come out the same from both.
SIGNING_HEADERS = (
    "Authorization",
    "X-Sdk-Date",
    "X-Security-Token",
    "X-Project-Id",
    "X-Sdk-Content-Sha256",
)


@pytest.fixture(scope="session")
def official() -> Iterator[Official]:
    with official_signer("huawei") as signer:
        yield signer


def _sdk_time(when: datetime) -> str:
    return (when.astimezone(UTC) if when.tzinfo else when).strftime("%Y%m%dT%H%M%SZ")


def check(
    official: Official,
    request: httpx.Request,
    *,
    when: datetime = FIXED,
    security_token: str | None = None,
    project_id: str | None = None,
    cred: HuaweiAkSk | None = None,
    ak: str = AK,
    sk: str = SK,
) -> dict[str, Any]:
    """Sign ``request`` with HuaweiAkSk and, as it was before, with the official SDK; assert
    the signing headers and the request target agree. Returns the SDK's answer."""
    payload: dict[str, Any] = {
        "method": request.method,
        "url": str(request.url),
        "headers": [
            [name.decode(), value.decode()]
            for name, value in request.headers.raw
            if name.decode().lower() not in TRANSPORT
        ],
        "body_b64": base64.b64encode(request.content).decode(),
        "ak": ak,
        "sk": sk,
        "security_token": security_token,
        "project_id": project_id,
        "timestamp": _sdk_time(when),
    }
    cred = cred or HuaweiAkSk(
        ak, sk, security_token=security_token, project_id=project_id, clock=lambda: when
    )
    cred.apply(request)
    answer = official.sign(payload)
    # Those the caller set are only compared through the signature (the SDK rewrites every
    # header value it holds: stripped, UTF-8 read as Latin-1 for requests' sake).
    preset = {name.lower() for name, _ in payload["headers"]}
    added = [h for h in SIGNING_HEADERS if h.lower() not in preset]
    ours = {h: request.headers.get(h) for h in added}
    theirs = {h: answer["headers"].get(h) for h in added}
    assert ours == theirs
    assert request.url.raw_path.decode() == answer["uri"]
    return answer


# --- explicit cases -------------------------------------------------------------------------

CASES = {
    "get-no-query": ("GET", f"https://{HOST}/v1/proj/vpcs", {}, b""),
    "host-only": ("GET", f"https://{HOST}", {}, b""),
    "port": ("GET", "https://127.0.0.1:8443/v1/x/", {}, b""),
    "repeated-keys": ("GET", f"https://{HOST}/v1/vpcs?a=2&b=0&a=1&a=10", {}, b""),
    "empty-value": ("GET", f"https://{HOST}/v1/vpcs?a=&b=1", {}, b""),
    "key-without-value": ("GET", f"https://{HOST}/v1/vpcs?flag&b=1&flag", {}, b""),
    "empty-pairs": ("GET", f"https://{HOST}/v1/vpcs?&a=1&&=x&", {}, b""),
    "percent-and-unicode": (
        "GET",
        f"https://{HOST}/v1/caf%C3%A9/名字/a%2Fb/x%20y/~t?name=%E5%90%8D&q=a+b%20c&t=~&s=/&é=ü",
        {},
        b"",
    ),
    "reserved-in-query": ("GET", f"https://{HOST}/p?k=%26%3D%2B%3B&%25=%25zz&~=*'()", {}, b""),
    "bad-escape-in-path": ("GET", f"https://{HOST}/p/%zz/%ff/%", {}, b""),
    "post-json": (
        "POST",
        f"https://{HOST}/v1/proj/vpcs",
        {"Content-Type": "application/json;charset=UTF-8"},
        b'{"vpc": {"name": "v\xc3\xa9", "cidr": "10.0.0.0/8"}}',
    ),
    "post-empty-json": ("POST", f"https://{HOST}/v1/x", {"Content-Type": "application/json"}, b""),
    "put-text": ("PUT", f"https://{HOST}/v1/x", {"Content-Type": "text/plain"}, b"hello"),
    "post-empty-text": ("POST", f"https://{HOST}/v1/x", {"Content-Type": "text/plain"}, b""),
    "empty-content-type": ("POST", f"https://{HOST}/v1/x", {"Content-Type": ""}, b"hi"),
    "lowercase-content-type": ("POST", f"https://{HOST}/v1/x", {"content-type": "text/x"}, b"<a/>"),
    "bson": ("POST", f"https://{HOST}/v1/x", {"Content-Type": "application/bson"}, b"\x05\0\0\0\0"),
    "preset-payload-hash": (
        "POST",
        f"https://{HOST}/v1/x",
        {"Content-Type": "application/json", "X-Sdk-Content-Sha256": " abc123 "},
        b"{}",
    ),
    "preset-payload-hash-unicode": (
        "POST",
        f"https://{HOST}/v1/x",
        {"X-Sdk-Content-Sha256": "h\u00e9".encode()},
        b"{}",
    ),
    "header-values": (
        "DELETE",
        f"https://{HOST}/v1/x",
        {"X-Padded": "  v  ", "X-Tab": "\tt\t", "X-Uni": "zé\u3000".encode(), "X_Under": "no"},
        b"",
    ),
    "hop-by-hop": (
        "GET",
        f"https://{HOST}/v1/x",
        {"Connection": "keep-alive", "Keep-Alive": "5", "TE": "trailers", "Upgrade": "h2c"},
        b"",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_matches_the_official_signer(
    official: Official, case: tuple[str, str, dict[str, Any], bytes]
) -> None:
    method, url, headers, body = case
    check(official, httpx.Request(method, url, headers=headers, content=body))


@pytest.mark.parametrize(
    ("security_token", "project_id"),
    [("tok-ABC.123/+=", None), (None, "0a1b2c3d4e5f"), ("tok", "0a1b2c3d4e5f")],
)
def test_token_and_project_id(
    official: Official, security_token: str | None, project_id: str | None
) -> None:
    request = httpx.Request("POST", f"https://{HOST}/v1/x?b=1", json={"a": 1})
    check(official, request, security_token=security_token, project_id=project_id)
    assert request.headers.get("X-Security-Token") == security_token
    assert request.headers.get("X-Project-Id") == project_id


def test_the_query_is_sent_as_signed(official: Official) -> None:
    request = httpx.Request("GET", f"https://{HOST}/p?b=2&a=x+y&a=1&c")
    answer = check(official, request)
    assert answer["uri"] == "/p?a=1&a=x%20y&b=2&c="  # sorted and re-encoded, as the SDK sends


def test_signing_twice_signs_afresh(official: Official) -> None:
    """A retried request is signed as if new: its old Authorization is not signed (the SDK
    would not re-sign at all) and its old X-Sdk-Date is replaced."""
    fresh = httpx.Request("GET", f"https://{HOST}/v1/x?b=1&a=1")
    check(official, fresh, security_token="t")
    again = httpx.Request("GET", f"https://{HOST}/v1/x?b=1&a=1")
    HuaweiAkSk(AK, SK, security_token="old", clock=lambda: FIXED - timedelta(hours=1)).apply(again)
    HuaweiAkSk(AK, SK, security_token="t", clock=lambda: FIXED).apply(again)
    for name in (*SIGNING_HEADERS, "Host"):
        assert again.headers.get(name) == fresh.headers.get(name)
    assert again.url == fresh.url


def test_aware_clock_is_converted_to_utc(official: Official) -> None:
    when = datetime(2024, 1, 1, 7, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    request = httpx.Request("GET", f"https://{HOST}/v1/x")
    check(official, request, when=when)
    assert request.headers["X-Sdk-Date"] == "20231231T230000Z"


def test_default_clock_is_utc_now() -> None:
    request = httpx.Request("GET", f"https://{HOST}/v1/x")
    HuaweiAkSk(AK, SK).apply(request)
    sent = datetime.strptime(request.headers["X-Sdk-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - sent) < timedelta(minutes=1)


def test_through_an_httpx_client(official: Official) -> None:
    """The auth flow in a real client: its default headers that the transport owns
    (Accept-Encoding, Connection, Content-Length) are not signed, its others are."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    cred = HuaweiAkSk(AK, SK, project_id="p1", clock=lambda: FIXED)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        request = client.build_request("POST", f"https://{HOST}/v1/x?z=1&a=2", json={"k": "v"})
        unsigned = httpx.Request(  # the same request, for the official signer
            request.method, request.url, headers=request.headers, content=request.content
        )
        client.send(request, auth=cred)
    check(official, unsigned, project_id="p1")
    (sent,) = seen
    for name in (*SIGNING_HEADERS, "Host"):
        assert sent.headers.get(name) == unsigned.headers.get(name)
    assert sent.url == unsigned.url
    signed = sent.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {"accept", "user-agent", "content-type", "host"} <= set(signed)
    assert not TRANSPORT & set(signed)


# --- property: any request ------------------------------------------------------------------


@st.composite
def paths(draw: st.DrawFn) -> str:
    parts = []
    for segment in draw(st.lists(st.text(st.characters(codec="utf-8")), max_size=4)):
        raw_ok = not any(c in "?#" or unicodedata.category(c) == "Cc" for c in segment)
        if raw_ok and draw(st.booleans()):
            parts.append(segment)  # httpx percent-encodes what it must, keeps "%xx"
        else:
            parts.append(quote(segment, safe=draw(st.sampled_from(["", "/", "@:+$,;=%"]))))
    return "/" + "/".join(parts)


TEXT = st.text(st.characters(codec="utf-8"), max_size=8)  # any character but surrogates
KEYS = st.one_of(st.sampled_from(["a", "A", "b", "", "a b", "é", "~", "x+y", "a%20"]), TEXT)
VALUES = st.one_of(st.sampled_from(["", "1", "10", "2", "a b", "ü", "/"]), TEXT)
RAW_QUERY = st.lists(st.sampled_from([*"ab=&+%2F~é; ", "%20", "%C3%A9", "%zz"]), max_size=12).map(
    "".join
)
HEADER_NAMES = ["X-Hyp-A", "x-hyp-b", "X_Hyp_Under", "User-Agent", "Accept", "X-Sdk-Content-Sha256"]
TOKENS = st.one_of(st.none(), st.text("abcXYZ0129-._", min_size=1, max_size=12))


@settings(max_examples=examples(40, 200), deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    host=st.sampled_from([HOST, "127.0.0.1:8443", "Example.COM"]),
    path=paths(),
    query=st.one_of(st.lists(st.tuples(KEYS, VALUES), max_size=6), RAW_QUERY),
    headers=st.dictionaries(st.sampled_from(HEADER_NAMES), TEXT),
    content_type=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(["Content-Type", "content-type"]),
            st.sampled_from(
                [
                    *("application/json", "application/json; charset=utf-8", "application/bson"),
                    *("text/plain", "application/octet-stream", "Application/JSON", "", " x "),
                ]
            ),
        ),
    ),
    body=st.binary(max_size=64),
    when=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2099, 12, 31)),
    security_token=TOKENS,
    project_id=TOKENS,
)
def test_any_request_matches_the_official_signer(
    official: Official,
    method: str,
    host: str,
    path: str,
    query: list[tuple[str, str]] | str,
    headers: dict[str, str],
    content_type: tuple[str, str] | None,
    body: bytes,
    when: datetime,
    security_token: str | None,
    project_id: str | None,
) -> None:
    url = httpx.URL(f"https://{host}").copy_with(path=path)
    url = httpx.URL(f"{url}?{query}") if isinstance(query, str) else url.copy_with(params=query)
    sent = {name.encode(): value.encode() for name, value in headers.items()}
    if content_type is not None:
        sent[content_type[0].encode()] = content_type[1].encode()
    request = httpx.Request(method, url, headers=sent, content=body)
    check(
        official,
        request,
        when=when,
        security_token=security_token,
        project_id=project_id,
    )


# --- secrets and environment ----------------------------------------------------------------


def test_secrets_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    cred = HuaweiAkSk(AK, SK, security_token="tok", project_id="p", clock=lambda: FIXED)
    assert SK not in repr(cred) and SK not in str(cred) and AK not in repr(cred)
    request = httpx.Request("GET", f"https://{HOST}/v1/x")
    cred.apply(request)
    assert all(SK not in value for _, value in request.headers.items())

    errors: list[BaseException] = []
    stream = httpx.Request("POST", f"https://{HOST}/", content=iter([b"x"]))
    with pytest.raises(httpx.RequestNotRead) as not_read:
        cred.apply(stream)
    errors.append(not_read.value)
    with pytest.raises(MissingCredentialsError) as no_ak:
        HuaweiAkSk(None, SK)
    errors.append(no_ak.value)

    def broken_clock() -> datetime:
        raise RuntimeError("clock failed")

    with pytest.raises(RuntimeError) as clock_error:
        HuaweiAkSk(AK, SK, clock=broken_clock).apply(httpx.Request("GET", f"https://{HOST}/"))
    errors.append(clock_error.value)
    for error in errors:
        assert SK not in str(error) and SK not in repr(error)


def test_reads_the_environment(official: Official, monkeypatch: pytest.MonkeyPatch) -> None:
    values = dict(zip(ENV, ("ENVAK", "ENVSECRET", "env-token", "env-project"), strict=True))
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    request = httpx.Request("GET", f"https://{HOST}/v1/x?a=1")
    cred = HuaweiAkSk(clock=lambda: FIXED)
    check(
        official,
        request,
        cred=cred,
        ak="ENVAK",
        sk="ENVSECRET",
        security_token="env-token",
        project_id="env-project",
    )
    assert "Access=ENVAK," in request.headers["Authorization"]

    # Arguments win over the environment.
    request = httpx.Request("GET", f"https://{HOST}/v1/x")
    cred = HuaweiAkSk(AK, SK, security_token="t", project_id="p", clock=lambda: FIXED)
    check(official, request, cred=cred, security_token="t", project_id="p")


def test_optional_values_stay_unset(official: Official, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    request = httpx.Request("GET", f"https://{HOST}/v1/x")
    check(official, request)
    assert "X-Security-Token" not in request.headers and "X-Project-Id" not in request.headers


@pytest.mark.parametrize(
    ("present", "missing"),
    [((), "HUAWEICLOUD_SDK_AK"), (("HUAWEICLOUD_SDK_AK",), "HUAWEICLOUD_SDK_SK")],
)
def test_missing_credentials(
    monkeypatch: pytest.MonkeyPatch, present: tuple[str, ...], missing: str
) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    for name in present:
        monkeypatch.setenv(name, "x")
    with pytest.raises(MissingCredentialsError, match=missing):
        HuaweiAkSk()
    monkeypatch.setenv(missing, "")  # empty counts as absent
    with pytest.raises(MissingCredentialsError, match=missing):
        HuaweiAkSk()
