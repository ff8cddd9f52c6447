"""AlibabaAcs3 against the official SDK (alibabacloud-tea-openapi, in .venv-vendor), byte for byte.

The expected values are never written down here: every request is also signed by the official
SDK, run by tests/vendor_reference.py in its own virtualenv, as a product SDK calls an RPC
action (the action and version as parameters of the call, the other parameters in the query
string); the headers, the URL and the body it would send must be the ones we send.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime._alibaba import AlibabaAcs3
from generator.runtime._auth import MissingCredentialsError, SigningError
from tests.conftest import examples

from .vendor_worker import TRANSPORT, Official, official_signer

AK = "LTAI5tEXAMPLEaccessKeyId"
SK = "sEcReTExampleAccessKeySecretDoNotLeak01"
FIXED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
NONCE = "3c2f0f4e9a5d4b0e8e1f2a3b4c5d6e7f"
HOST = "vpc.aliyuncs.com"
ENV = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
)
PINNED = ("Action", "Version")
DESCRIBE = (
    f"https://{HOST}/?Action=DescribeVcoRouteEntries&Version=2016-04-28&RegionId=cn-hangzhou"
    "&VpnConnectionId=vco-bp1k5kp3ghkrqq4e0nnr7&PageNumber=1"
)


@pytest.fixture(scope="session")
def official() -> Iterator[Official]:
    with official_signer("alibaba") as signer:
        yield signer


def build(
    method: str,
    url: str | httpx.URL,
    *,
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Request:
    """The request as the generated client builds it: through an httpx.Client, whose default
    headers (Accept, User-Agent, and the transport's own) it carries."""
    with httpx.Client() as client:
        return client.build_request(method, url, headers=headers, data=data, content=content)


def _sdk_time(when: datetime) -> str:
    return (when.astimezone(UTC) if when.tzinfo else when).strftime("%Y-%m-%dT%H:%M:%SZ")


def check(
    official: Official,
    request: httpx.Request,
    *,
    when: datetime = FIXED,
    nonce: str = NONCE,
    security_token: str | None = None,
    form: list[tuple[str, str]] | None = None,
    cred: AlibabaAcs3 | None = None,
    ak: str = AK,
    sk: str = SK,
) -> dict[str, Any]:
    """Sign ``request`` with AlibabaAcs3 and, as it was before, with the official SDK (``form``:
    the parameters of a form body, which the SDK encodes itself); assert the headers, the URL
    and the body agree. Returns the SDK's answer."""
    query = parse_qsl(request.url.query.decode(), keep_blank_values=True)
    pinned = {name: value for name, value in query if name in PINNED}
    payload: dict[str, Any] = {
        "method": request.method,
        "url": str(request.url.copy_with(query=None, fragment=None)),
        "action": pinned["Action"],
        "version": pinned["Version"],
        "query": [[name, value] for name, value in query if name not in PINNED],
        # What the caller sets, as a product SDK names headers (lower case); the SDK sets Host.
        "headers": [
            [name.lower(), value]
            for name, value in request.headers.multi_items()
            if name.lower() not in TRANSPORT | {"host"}
        ],
        "ak": ak,
        "sk": sk,
        "security_token": security_token,
        "timestamp": _sdk_time(when),
        "nonce": nonce,
    }
    if form is not None:
        payload["form"] = [list(pair) for pair in form]
    elif request.content:
        payload["body_b64"] = base64.b64encode(request.content).decode()
    cred = cred or AlibabaAcs3(
        ak, sk, security_token=security_token, clock=lambda: when, nonce=lambda: nonce
    )
    cred.apply(request)
    answer = official.sign(payload)
    ours = {
        name.lower(): value
        for name, value in request.headers.multi_items()
        if name.lower() not in TRANSPORT
    }
    theirs = {name.lower(): value for name, value in answer["headers"].items()}
    assert ours == theirs
    assert str(request.url.copy_with(fragment=None)) == answer["url"]
    sent_body = base64.b64decode(answer["body_b64"]) if answer["body_b64"] is not None else b""
    assert request.content == sent_body
    return answer


def signed_headers(request: httpx.Request) -> list[str]:
    return request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")


# --- explicit cases -------------------------------------------------------------------------


def test_describe_vco_route_entries(official: Official) -> None:
    """The request the generated client sends today, signed as the SDK signs the action."""
    assert not any(name.startswith("alibabacloud") for name in sys.modules)  # .venv stays clean
    request = build("POST", DESCRIBE)
    answer = check(official, request)
    assert answer["canonical_query"] == (
        "PageNumber=1&RegionId=cn-hangzhou&VpnConnectionId=vco-bp1k5kp3ghkrqq4e0nnr7"
    )
    assert str(request.url) == (
        f"https://{HOST}/?RegionId=cn-hangzhou&VpnConnectionId=vco-bp1k5kp3ghkrqq4e0nnr7"
        "&PageNumber=1"
    )
    assert request.headers["x-acs-action"] == "DescribeVcoRouteEntries"
    assert request.headers["x-acs-version"] == "2016-04-28"
    assert request.headers["x-acs-date"] == "2024-05-06T07:08:09Z"
    assert request.headers["x-acs-signature-nonce"] == NONCE
    assert request.headers["x-acs-content-sha256"] == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert request.headers["Authorization"].startswith(f"ACS3-HMAC-SHA256 Credential={AK},")
    assert signed_headers(request) == [
        "accept",
        "host",
        "user-agent",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-credentials-provider",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ]


PIN = "Action=DescribeVpcs&Version=2016-04-28"

CASES = {
    "only-action-and-version": f"https://{HOST}/?{PIN}",
    "pinned-anywhere": f"https://{HOST}/?b=2&Action=DescribeVpcs&a=1&Version=2016-04-28&c=3",
    "fragment-of-the-spec-path": f"https://{HOST}/?{PIN}&RegionId=cn-beijing#Action=DescribeVpcs",
    "empty-value": f"https://{HOST}/?{PIN}&a=&b=1",
    "key-without-value": f"https://{HOST}/?{PIN}&flag&b=1",
    "empty-key": f"https://{HOST}/?{PIN}&=x&a=1",
    "empty-pairs": f"https://{HOST}/?&{PIN}&&a=1&",
    "numbered-list": f"https://{HOST}/?{PIN}&VpcId.2=vpc-b&VpcId.1=vpc-a&Tag.1.Key=k",
    "case-sorting": f"https://{HOST}/?{PIN}&b=1&B=2&a=3&_=4&Z=5",
    "reserved-characters": (
        f"https://{HOST}/?{PIN}&k=%21%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D"
        "&%25=%25&slash=/&eq=a=b"
    ),
    "tilde-star-space": f"https://{HOST}/?{PIN}&t=~&s=*&sp=a b&plus=a+b&pct=a%20b&mix=~*+%2A%7E",
    "unicode": f"https://{HOST}/?{PIN}&name=%E5%90%8D%E5%AD%97&e=%C3%A9&emoji=%F0%9F%98%80&z=ü",
    "unicode-and-reserved-keys": f"https://{HOST}/?{PIN}&a%20b=1&%C3%A9=2&k~=3&k*=4&k%2F=5",
    "bad-escape": f"https://{HOST}/?{PIN}&bad=%zz&cut=%&ff=%ff",
    "regional-endpoint": f"https://vpc.cn-hangzhou.aliyuncs.com/?{PIN}&a=1",
    "port": f"https://127.0.0.1:8443/?{PIN}&a=1",
}


@pytest.mark.parametrize("url", CASES.values(), ids=CASES.keys())
def test_matches_the_official_signer(official: Official, url: str) -> None:
    check(official, build("POST", url))


def test_get_request(official: Official) -> None:
    request = build("GET", f"https://{HOST}/?{PIN}&a=1")
    check(official, request)
    assert "content-length" not in request.headers


def test_the_query_is_sent_as_the_sdk_sends_it(official: Official) -> None:
    request = build("POST", f"https://{HOST}/?b=a%20b&{PIN}&a=~*&c=%C3%A9&d")
    answer = check(official, request)
    # In its order, urlencoded ("+" for a space, "*" escaped, "~" kept); signed sorted, quoted.
    assert request.url.query == b"b=a+b&a=~%2A&c=%C3%A9&d="
    assert answer["canonical_query"] == "a=~%2A&b=a%20b&c=%C3%A9&d="


def test_parameter_names_are_signed_unencoded(official: Official) -> None:
    """The SDK's quirk, kept: only the values are percent-encoded in the canonical query."""
    answer = check(official, build("POST", f"https://{HOST}/?{PIN}&a%20b=x%20y&%C3%A9=1"))
    assert answer["canonical_query"] == "a b=x%20y&é=1"


def test_form_body(official: Official) -> None:
    form = [("Description", "a b~*"), ("Name", "vpc/é"), ("Tag.1.Key", "k")]  # sorted, as the SDK
    request = build("POST", f"https://{HOST}/?{PIN}&RegionId=cn-hangzhou", data=dict(form))
    check(official, request, form=form)
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"Description=a+b~%2A&Name=vpc%2F%C3%A9&Tag.1.Key=k"
    assert "content-type" in signed_headers(request)


def test_raw_body(official: Official) -> None:
    request = build(
        "POST",
        f"https://{HOST}/?{PIN}",
        headers={"Content-Type": "application/octet-stream"},
        content=b"\x00\xffbody",
    )
    check(official, request)


def test_empty_body_is_the_hash_of_nothing(official: Official) -> None:
    request = build("POST", f"https://{HOST}/?{PIN}", content=b"")
    check(official, request)
    assert request.headers["x-acs-content-sha256"] == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_security_token(official: Official) -> None:
    request = build("POST", DESCRIBE)
    check(official, request, security_token="CAIS+token/with=chars")
    assert request.headers["x-acs-security-token"] == "CAIS+token/with=chars"
    assert request.headers["x-acs-accesskey-id"] == AK
    assert request.headers["x-acs-credentials-provider"] == "static_sts"
    assert {"x-acs-security-token", "x-acs-accesskey-id"} <= set(signed_headers(request))


def test_caller_headers_are_signed(official: Official) -> None:
    headers = {"X-Acs-Custom": "padded  ", "X-Trace": "t-1", "Accept": "application/json"}
    request = build("POST", f"https://{HOST}/?{PIN}", headers=headers)
    check(official, request)
    assert {"x-acs-custom", "x-trace", "accept", "user-agent"} <= set(signed_headers(request))
    assert not TRANSPORT & set(signed_headers(request))


def test_repeated_parameter_is_refused() -> None:
    """The SDK cannot send a parameter twice (its query is a dict): RPC APIs number them."""
    request = build("POST", f"https://{HOST}/?{PIN}&VpcId=a&VpcId=b")
    with pytest.raises(SigningError, match=r"'VpcId' is given more than once.*Key\.1"):
        AlibabaAcs3(AK, SK).apply(request)
    with pytest.raises(SigningError, match="'Action' is given more than once"):
        AlibabaAcs3(AK, SK).apply(build("POST", f"https://{HOST}/?{PIN}&Action=X"))


def test_action_and_version_are_required() -> None:
    with pytest.raises(SigningError, match="no Action query parameter and no x-acs-action header"):
        AlibabaAcs3(AK, SK).apply(build("POST", f"https://{HOST}/?Version=2016-04-28"))
    with pytest.raises(
        SigningError, match="no Version query parameter and no x-acs-version header"
    ):
        AlibabaAcs3(AK, SK).apply(build("POST", f"https://{HOST}/?Action=X"))


def test_signing_twice_signs_afresh(official: Official) -> None:
    request = build("POST", DESCRIBE)
    AlibabaAcs3(
        "OLDID", "old", security_token="old", clock=lambda: FIXED - timedelta(hours=1)
    ).apply(request)
    # Action and Version are now headers; the old Authorization is replaced, not signed.
    resigned = httpx.Request(request.method, request.url, headers=request.headers)
    for name in ("Authorization", "x-acs-security-token", "x-acs-accesskey-id"):
        del resigned.headers[name]
    once = build("POST", DESCRIBE)
    check(official, once)
    AlibabaAcs3(AK, SK, clock=lambda: FIXED, nonce=lambda: NONCE).apply(resigned)
    assert resigned.url == once.url
    assert resigned.headers["Authorization"] == once.headers["Authorization"]


def test_aware_clock_is_converted_to_utc(official: Official) -> None:
    when = datetime(2024, 1, 1, 7, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    request = build("POST", DESCRIBE)
    check(official, request, when=when)
    assert request.headers["x-acs-date"] == "2023-12-31T23:00:00Z"


def test_defaults_clock_and_nonce() -> None:
    first, second = build("POST", DESCRIBE), build("POST", DESCRIBE)
    cred = AlibabaAcs3(AK, SK)
    cred.apply(first)
    cred.apply(second)
    sent = datetime.strptime(first.headers["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(datetime.now(UTC) - sent.replace(tzinfo=UTC)) < timedelta(minutes=1)
    nonces = {first.headers["x-acs-signature-nonce"], second.headers["x-acs-signature-nonce"]}
    assert len(nonces) == 2
    assert all(len(n) == 32 and int(n, 16) >= 0 for n in nonces)


def test_through_an_httpx_client(official: Official) -> None:
    """The auth flow in a real client: what reaches the transport is what the SDK sends."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"RequestId": "r"})

    cred = AlibabaAcs3(AK, SK, clock=lambda: FIXED, nonce=lambda: NONCE)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        params = {"Action": "DescribeVpcs", "Version": "2016-04-28", "a": "x y"}
        request = client.build_request("POST", f"https://{HOST}/", params=params)
        unsigned = httpx.Request(request.method, request.url, headers=request.headers)
        client.send(request, auth=cred)
    check(official, unsigned)
    (sent,) = seen
    assert sent.url == unsigned.url
    assert dict(sent.headers) == dict(unsigned.headers)


# --- property: any parameters and body ------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=8)  # any character but a surrogate
KEYS = st.one_of(
    st.sampled_from(["a", "A", "b", "", "a b", "é", "~", "*", "x+y", "a%20", "Tag.1.Key"]), TEXT
).filter(lambda name: name not in PINNED)
VALUES = st.one_of(st.sampled_from(["", "1", "a b", "~*", "ü", "/", "%", "+"]), TEXT)
# requests (the SDK's transport) refuses a header value with leading whitespace.
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12).filter(
    lambda value: not value.startswith(" ")
)
HEADER_NAMES = ["X-Hyp-A", "x-hyp-b", "X-Acs-Hyp", "Accept", "User-Agent"]
TOKENS = st.one_of(st.none(), st.text("abcXYZ0129-._+/=", min_size=1, max_size=12))
BODIES = st.one_of(
    st.none(),
    st.tuples(st.just("form"), st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=5)),
    st.tuples(
        st.sampled_from(["application/octet-stream", "application/json", "text/plain"]),
        st.binary(max_size=64),
    ),
)


@settings(max_examples=examples(40, 200), deadline=None)
@given(
    method=st.sampled_from(["GET", "POST"]),
    host=st.sampled_from([HOST, "vpc.cn-hangzhou.aliyuncs.com", "127.0.0.1:8443"]),
    query=st.lists(st.tuples(KEYS, VALUES), max_size=6, unique_by=lambda pair: pair[0]),
    action=st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,30}", fullmatch=True),
    version=st.from_regex(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
    where=st.tuples(st.integers(0, 6), st.integers(0, 7)),
    headers=st.dictionaries(st.sampled_from(HEADER_NAMES), HEADER_TEXT),
    body=BODIES,
    when=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    nonce=st.text("0123456789abcdef", min_size=1, max_size=32),
    security_token=TOKENS,
)
def test_any_request_matches_the_official_signer(
    official: Official,
    method: str,
    host: str,
    query: list[tuple[str, str]],
    action: str,
    version: str,
    where: tuple[int, int],
    headers: dict[str, str],
    body: tuple[str, Any] | None,
    when: datetime,
    nonce: str,
    security_token: str | None,
) -> None:
    params = list(query)
    params.insert(min(where[0], len(params)), ("Action", action))
    params.insert(min(where[1], len(params)), ("Version", version))
    url = httpx.URL(f"https://{host}/").copy_with(params=params)
    form: list[tuple[str, str]] | None = None
    if body is None:
        request = build(method, url, headers=headers)
    elif body[0] == "form":
        form = sorted(dict(body[1]).items())  # the SDK sends its form sorted by name
        request = build(method, url, headers=headers, data=dict(form))
    else:
        request = build(method, url, headers={**headers, "Content-Type": body[0]}, content=body[1])
    check(
        official,
        request,
        when=when,
        nonce=nonce,
        security_token=security_token,
        form=form,
    )


# --- secrets and environment ----------------------------------------------------------------


def test_secrets_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    cred = AlibabaAcs3(AK, SK, security_token="tok", clock=lambda: FIXED)
    assert SK not in repr(cred) and SK not in str(cred) and AK not in repr(cred)
    assert "tok" not in repr(cred)
    request = build("POST", DESCRIBE)
    cred.apply(request)
    assert all(SK not in value for _, value in request.headers.multi_items())
    assert SK not in str(request.url)

    errors: list[BaseException] = []
    with pytest.raises(SigningError) as repeated:
        cred.apply(build("POST", f"https://{HOST}/?{PIN}&a=1&a=2"))
    errors.append(repeated.value)
    with pytest.raises(SigningError) as no_action:
        cred.apply(build("POST", f"https://{HOST}/?a=1"))
    errors.append(no_action.value)
    stream = httpx.Request("POST", f"https://{HOST}/?{PIN}", content=iter([b"x"]))
    with pytest.raises(httpx.RequestNotRead) as not_read:
        cred.apply(stream)
    errors.append(not_read.value)
    with pytest.raises(MissingCredentialsError) as no_secret:
        AlibabaAcs3(AK, None)
    errors.append(no_secret.value)
    bad_secret = SK + "\ud800"  # not encodable: the codec's error would hold the whole value
    with pytest.raises(SigningError, match="secret: not encodable") as unencodable:
        AlibabaAcs3(AK, bad_secret)
    errors.append(unencodable.value)
    assert unencodable.value.__context__ is None and unencodable.value.__cause__ is None
    with pytest.raises(SigningError, match="security token: not printable ASCII") as bad_token:
        AlibabaAcs3(AK, SK, security_token="tök")
    errors.append(bad_token.value)

    def broken_clock() -> datetime:
        raise RuntimeError("clock failed")

    with pytest.raises(RuntimeError) as clock_error:
        AlibabaAcs3(AK, SK, clock=broken_clock).apply(build("POST", DESCRIBE))
    errors.append(clock_error.value)
    for error in errors:
        assert SK not in str(error) and SK not in repr(error)


def test_reads_the_environment(official: Official, monkeypatch: pytest.MonkeyPatch) -> None:
    values = dict(zip(ENV, ("ENVAKID", "ENVSECRET", "env-token"), strict=True))
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    request = build("POST", DESCRIBE)
    cred = AlibabaAcs3(clock=lambda: FIXED, nonce=lambda: NONCE)
    check(
        official,
        request,
        cred=cred,
        ak="ENVAKID",
        sk="ENVSECRET",
        security_token="env-token",
    )
    assert request.headers["x-acs-security-token"] == "env-token"


def test_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.setenv(name, "from-env")
    request = build("POST", DESCRIBE)
    AlibabaAcs3(AK, SK, security_token="arg-token").apply(request)
    assert request.headers["Authorization"].startswith(f"ACS3-HMAC-SHA256 Credential={AK},")
    assert request.headers["x-acs-security-token"] == "arg-token"


def test_no_token_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", AK)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SK)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    request = build("POST", DESCRIBE)
    AlibabaAcs3().apply(request)
    assert "x-acs-security-token" not in request.headers
    assert request.headers["x-acs-credentials-provider"] == "static_ak"


@pytest.mark.parametrize("missing", ENV[:2])
def test_missing_credentials(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    for name in ENV:
        monkeypatch.setenv(name, "x")
    monkeypatch.delenv(missing)
    with pytest.raises(MissingCredentialsError, match=missing):
        AlibabaAcs3()
