"""The client in production (issue 15): errors that say what happened, credentials from the
environment, per-call options. Over ``httpx.MockTransport``, and over real loopback HTTP (the
mock server, a closed port) where the socket matters."""

from __future__ import annotations

import asyncio
import gzip
import inspect
import logging
import platform
import re
import socket
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import cloudnet
import httpx
import pytest
from cloudnet import (
    AlibabaAcs3,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    CloudnetError,
    HuaweiAkSk,
    HuaweiIamToken,
    InvalidRequestError,
    MissingCredentialsError,
    MissingOptionError,
    ServiceUnavailableError,
    ZStackSession,
)
from cloudnet._core import AsyncAPIClient, Model, Operation, SyncAPIClient
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.huawei.dc import HuaweiDcClient
from cloudnet.huawei.roma import HuaweiRomaClient
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.zstack.vpc import AsyncZstackVpcClient, ZstackVpcClient

from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_TOKEN,
    ZSTACK_SESSION,
)

SECRET = "s3cr3t-credential-value"
PROJECT = "b197c48159d44a66b32c538c3f8da89a"
SERVICE = "4189d3c2-8882-4871-a3c2-d380272eed88"
VIF_PEER = "3284c6e2-a803-4108-8496-ed3f150697d6"
ENVIRONMENT = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_AUTH_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ZSTACK_SESSION_UUID",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential variable of the machine running the tests leaks into them."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


class Thing(Model):
    name: str


GET = Operation(operation_id="GetThing", method="GET", path="/thing")
SIGNED = Operation(operation_id="GetSigned", method="GET", path="/thing", security=(("Key",),))
OPEN = Operation(operation_id="GetOpen", method="GET", path="/thing", security=())
OPTIONAL = Operation(
    operation_id="GetOptional", method="GET", path="/thing", security=((), ("Key",))
)


class Recorder:
    """A MockTransport handler: records each request, answers with ``answer`` (a response, an
    exception to raise, or a function of the request)."""

    def __init__(
        self, answer: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
    ) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.answer, Exception):
            raise self.answer
        if isinstance(self.answer, httpx.Response):
            return self.answer
        return self.answer(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def ok(request: httpx.Request | None = None) -> httpx.Response:
    return httpx.Response(200, json={"name": "x"})


def connections_page(request: httpx.Request | None = None) -> httpx.Response:
    return httpx.Response(200, json={"connections": [], "total_count": 0})


def caused_by(cause: BaseException, error: type[httpx.TransportError]) -> httpx.TransportError:
    """An httpx error chained as httpx chains it (httpx's from httpcore's from the OS's)."""
    try:
        try:
            raise cause
        except BaseException as exc:
            raise error(str(exc)) from exc
    except httpx.TransportError as raised:
        return raised


def sync_call(transport_error: Exception, base_url: str = "https://api.example") -> CloudnetError:
    client = SyncAPIClient(
        base_url=base_url, http_client=Recorder(transport_error).client(), max_retries=0
    )
    with pytest.raises(CloudnetError) as raised:
        client._request(GET, cast_to=Thing)
    return raised.value


# -- connection errors ---------------------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_refused_connection_names_host_port_and_kind_and_keeps_its_cause() -> None:
    port = closed_port()
    client = SyncAPIClient(base_url=f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(APIConnectionError) as raised:
        client._request(GET, cast_to=Thing)
    error = raised.value
    assert error.kind == "refused"
    assert str(error).startswith(f"Connection refused by 127.0.0.1:{port}: "), str(error)
    assert isinstance(error.__cause__, httpx.ConnectError)

    async def run() -> APIConnectionError:
        aclient = AsyncAPIClient(base_url=f"http://127.0.0.1:{port}", max_retries=0)
        with pytest.raises(APIConnectionError) as raised:
            await aclient._request(GET, cast_to=Thing)
        return raised.value

    async_error = asyncio.run(run())
    assert async_error.kind == "refused", str(async_error)
    assert f"127.0.0.1:{port}" in str(async_error)
    assert isinstance(async_error.__cause__, httpx.ConnectError)


def test_a_dns_failure_names_the_host_and_the_default_port() -> None:
    gaierror = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    error = sync_call(caused_by(gaierror, httpx.ConnectError), "https://vpc.nowhere.example")
    assert isinstance(error, APIConnectionError) and error.kind == "dns"
    assert str(error) == (
        f"DNS lookup failed for vpc.nowhere.example:443: {gaierror} (ConnectError)"
    )
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert error.__cause__.__cause__ is gaierror


def test_a_base_url_without_a_scheme_is_a_connection_error_that_shows_it() -> None:
    client = SyncAPIClient(base_url="vpc.example.com", max_retries=0)
    with pytest.raises(APIConnectionError) as raised:
        client._request(GET, cast_to=Thing)
    assert raised.value.kind == "protocol"
    assert str(raised.value).startswith("HTTP protocol error talking to '/vpc.example.com/thing'")
    assert "missing an 'http://' or 'https://' protocol" in str(raised.value)


def test_a_tls_failure_against_a_plain_http_server_is_tls(mock_url: str) -> None:
    https = mock_url.replace("http://", "https://")
    client = SyncAPIClient(base_url=https, max_retries=0)
    with pytest.raises(APIConnectionError) as raised:
        client._request(GET, cast_to=Thing)
    port = httpx.URL(mock_url).port
    assert raised.value.kind == "tls", str(raised.value)
    assert str(raised.value).startswith(f"TLS handshake with 127.0.0.1:{port} failed: ")
    assert isinstance(raised.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(
    ("cause", "error", "kind", "text"),
    [
        (
            ssl.SSLCertVerificationError("certificate verify failed"),
            httpx.ConnectError,
            "tls",
            "TLS handshake with api.example:443 failed",
        ),
        (
            ConnectionResetError(104, "Connection reset by peer"),
            httpx.ReadError,
            "reset",
            "Connection to api.example:443 was reset",
        ),
        (
            ConnectionRefusedError(111, "Connection refused"),
            httpx.ConnectError,
            "refused",
            "Connection refused by api.example:443",
        ),
        (OSError("proxy said no"), httpx.ProxyError, "proxy", "Proxy error"),
        (OSError("odd"), httpx.ConnectError, "other", "Connection to api.example:443 failed"),
    ],
)
def test_each_kind_of_connection_failure_is_named(
    cause: BaseException, error: type[httpx.TransportError], kind: str, text: str
) -> None:
    raised = sync_call(caused_by(cause, error))
    assert isinstance(raised, APIConnectionError) and raised.kind == kind
    assert str(raised).startswith(text), str(raised)
    assert raised.__cause__ is not None and raised.__cause__.__cause__ is cause


def test_a_refusal_grouped_by_anyio_is_still_refused() -> None:
    group = ExceptionGroup("attempts", [ConnectionRefusedError(111, "Connection refused")])
    try:
        raise OSError("All connection attempts failed") from group
    except OSError as exc:
        wrapped = caused_by(exc, httpx.ConnectError)
    raised = sync_call(wrapped)
    assert isinstance(raised, APIConnectionError) and raised.kind == "refused"


@pytest.mark.parametrize(
    ("timeout", "text"),
    [
        (httpx.ConnectTimeout, "Timed out connecting to api.example:443 (connect timeout 10 s)"),
        (httpx.ReadTimeout, "Timed out waiting for api.example:443 to answer (read timeout 60 s)"),
        (httpx.PoolTimeout, "Timed out waiting for a free connection to api.example:443"),
    ],
)
def test_timeouts_say_which_and_how_long(timeout: type[httpx.TimeoutException], text: str) -> None:
    raised = sync_call(timeout("timed out"))
    assert isinstance(raised, APITimeoutError) and raised.kind == "timeout"
    assert str(raised).startswith(text), str(raised)
    assert isinstance(raised.__cause__, timeout)


# -- every exception is a CloudnetError ----------------------------------------------------------


class NotGzip(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent as it is: a Response built with ``content=`` would be decoded at once."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"this is not gzip"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"this is not gzip"


def not_gzip(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=NotGzip())


def test_a_body_marked_gzip_that_is_not_is_a_response_validation_error() -> None:
    client = SyncAPIClient(base_url="https://api.example", http_client=Recorder(not_gzip).client())
    with pytest.raises(APIResponseValidationError) as raised:
        client._request(GET, cast_to=Thing)
    assert isinstance(raised.value, CloudnetError)
    assert isinstance(raised.value.__cause__, httpx.DecodingError)
    assert raised.value.status_code == 200 and "'gzip'" in str(raised.value)

    async def run() -> APIResponseValidationError:
        aclient = AsyncAPIClient(
            base_url="https://api.example", http_client=Recorder(not_gzip).async_client()
        )
        with pytest.raises(APIResponseValidationError) as raised:
            await aclient._request(GET, cast_to=Thing)
        return raised.value

    assert isinstance(asyncio.run(run()).__cause__, httpx.DecodingError)
    # A real gzip body still reads.
    body = gzip.compress(b'{"name": "zipped"}')
    zipped = Recorder(httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=body))
    client = SyncAPIClient(base_url="https://api.example", http_client=zipped.client())
    assert client._request(GET, cast_to=Thing).name == "zipped"


def test_a_call_after_close_is_a_client_closed_error() -> None:
    recorder = Recorder(connections_page)
    with HuaweiVpcepClient(
        project_id="p", credentials=HuaweiIamToken(SECRET), http_client=recorder.client()
    ) as client:
        client.list_service_connections(vpc_endpoint_service_id="s")
    client._client.close()  # the caller's http_client, closed by the caller
    with pytest.raises(ClientClosedError) as raised:
        client.list_service_connections(vpc_endpoint_service_id="s")
    assert isinstance(raised.value, CloudnetError) and isinstance(raised.value, RuntimeError)
    owned = SyncAPIClient(base_url="https://api.example")
    owned.close()
    with pytest.raises(ClientClosedError, match="GetThing: the client is closed"):
        owned._request(GET, cast_to=Thing)

    async def run() -> None:
        async with AsyncAPIClient(base_url="https://api.example") as aclient:
            pass
        with pytest.raises(ClientClosedError):
            await aclient._request(GET, cast_to=Thing)

    asyncio.run(run())
    assert len(recorder.requests) == 1


def test_a_header_value_httpx_cannot_send_is_an_invalid_request_error() -> None:
    recorder = Recorder(ok)
    client = SyncAPIClient(base_url="https://api.example", http_client=recorder.client())
    with pytest.raises(InvalidRequestError) as raised:
        client._request(GET, cast_to=Thing, extra_headers={"X-Name": "café"})
    assert isinstance(raised.value, CloudnetError) and isinstance(raised.value, ValueError)
    assert recorder.requests == []


# -- secrets -------------------------------------------------------------------------------------


def secret_clients() -> list[tuple[str, Callable[[Recorder], Any], str]]:
    """Each vendor's credential with ``SECRET`` in every secret header it sets: the client,
    and the name of its first operation's method."""
    return [
        (
            "huawei-iam-token",
            lambda r: HuaweiVpcepClient(
                project_id="p", credentials=HuaweiIamToken(SECRET), http_client=r.client()
            ),
            "list_service_connections",
        ),
        (
            "huawei-aksk",
            lambda r: HuaweiVpcepClient(
                project_id="p",
                credentials=HuaweiAkSk("AK", SECRET, security_token=SECRET),
                http_client=r.client(),
            ),
            "list_service_connections",
        ),
        (
            "alibaba-acs3",
            lambda r: AlibabaVpcClient(
                credentials=AlibabaAcs3("LTAI", SECRET, security_token=SECRET),
                http_client=r.client(),
            ),
            "describe_vco_route_entries",
        ),
        (
            "zstack-session",
            lambda r: ZstackVpcClient(credentials=ZStackSession(SECRET), http_client=r.client()),
            "get_vpc_v_router_distributed_routing_connections",
        ),
    ]


ARGUMENTS: dict[str, dict[str, Any]] = {
    "list_service_connections": {"vpc_endpoint_service_id": "s"},
    "describe_vco_route_entries": {"region_id": "cn-hangzhou", "vpn_connection_id": "vco-1"},
    "get_vpc_v_router_distributed_routing_connections": {"uuid": "u"},
}


@pytest.mark.parametrize(
    ("make", "method"),
    [(make, method) for _, make, method in secret_clients()],
    ids=[kind for kind, _, _ in secret_clients()],
)
def test_errors_their_requests_and_log_lines_hide_every_secret_header(
    make: Callable[[Recorder], Any], method: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(httpx.Response(503, json={"code": "Busy"}))
    client = make(recorder)
    client._sleep = lambda seconds: None
    with (
        caplog.at_level(logging.DEBUG, logger="cloudnet"),
        pytest.raises(ServiceUnavailableError) as raised,
    ):
        getattr(client, method)(**ARGUMENTS[method], max_retries=1)
    sent = recorder.requests[-1]
    assert SECRET in "".join(sent.headers.values()), "the secret was sent"
    error = raised.value
    assert error.request is sent
    for text in (str(error), repr(error), repr(error.request), repr(error.request.headers)):
        assert SECRET not in text, text
    assert "[secure]" in repr(error.request.headers)
    assert repr(error).startswith("ServiceUnavailableError('503 Service Unavailable")
    assert ", request=<Request('" in repr(error)
    levels = {r.levelno for r in caplog.records}
    assert levels == {logging.DEBUG, logging.INFO}, "request lines and the retry line"
    for record in caplog.records:
        assert SECRET not in record.getMessage()


def test_secret_query_values_are_hidden_in_the_repr_of_the_request() -> None:
    recorder = Recorder(httpx.Response(500))
    client = SyncAPIClient(
        base_url="https://api.example", http_client=recorder.client(), max_retries=0
    )
    with pytest.raises(CloudnetError) as raised:
        client._request(GET, cast_to=Thing, extra_query={"SecurityToken": SECRET, "page": 2})
    assert isinstance(raised.value, APIStatusError) and raised.value.request is not None
    assert SECRET in str(raised.value.request.url), "the secret was sent"
    shown = repr(raised.value.request)
    assert shown == "<Request('GET', 'https://api.example/thing?SecurityToken=%2A%2A%2A&page=2')>"
    assert SECRET not in repr(raised.value)
    assert isinstance(raised.value.request, httpx.Request)


def test_the_debug_line_of_an_alibaba_call_names_the_action(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder(httpx.Response(200, json={"TotalCount": 0, "VcoRouteEntries": []}))
    client = AlibabaVpcClient(
        credentials=AlibabaAcs3("LTAI", SECRET), http_client=recorder.client()
    )
    with caplog.at_level(logging.DEBUG, logger="cloudnet"):
        client.describe_vco_route_entries(region_id="cn-hangzhou", vpn_connection_id="vco-1")
    (line,) = [r.getMessage() for r in caplog.records]
    # The signer moved Action out of the URL: the line names it all the same.
    assert "Action=" not in str(recorder.requests[0].url)
    assert re.fullmatch(
        r"POST https://vpc\.aliyuncs\.com/\?\S+ -> 200 in \d+ ms "
        r"\(DescribeVcoRouteEntries, attempt 1\)",
        line,
    ), line


# -- User-Agent ----------------------------------------------------------------------------------


def test_user_agent_names_cloudnet_httpx_and_python_and_can_be_overridden() -> None:
    recorder = Recorder(connections_page)
    expected = (
        f"cloudnet/{cloudnet.__version__} httpx/{httpx.__version__} "
        f"python/{platform.python_version()}"
    )
    client = HuaweiVpcepClient(
        project_id="p", credentials=HuaweiIamToken("t"), http_client=recorder.client()
    )
    client.list_service_connections(vpc_endpoint_service_id="s")
    client.list_service_connections(
        vpc_endpoint_service_id="s", extra_headers={"User-Agent": "per-call/1"}
    )
    mine = HuaweiVpcepClient(
        project_id="p",
        credentials=HuaweiIamToken("t"),
        headers={"User-Agent": "mine/2"},
        http_client=recorder.client(),
    )
    mine.list_service_connections(vpc_endpoint_service_id="s")
    agents = [r.headers.get_list("User-Agent") for r in recorder.requests]
    assert agents == [[expected], ["per-call/1"], ["mine/2"]]
    assert re.fullmatch(r"cloudnet/\S+ httpx/\S+ python/\d+\.\d+\.\d+", expected)


def test_the_user_agent_is_signed_and_accepted_by_the_mock(mock_url: str) -> None:
    with HuaweiDcClient(
        base_url=mock_url,
        project_id=PROJECT,
        credentials=HuaweiAkSk(HUAWEI_AK, HUAWEI_SK),
        max_retries=0,
    ) as client:
        result = client.show_vif_peer_detection(
            vif_peer_id=VIF_PEER, extra_headers={"User-Agent": "per-call/1"}
        )
    assert result.vif_peer_detection is not None


# -- credentials from the environment ------------------------------------------------------------


def test_a_client_without_credentials_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "ENVAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SECRET)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "envproject")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENVID")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "ali-sts")
    monkeypatch.setenv("ZSTACK_SESSION_UUID", "env-session")
    huawei = Recorder(connections_page)
    HuaweiVpcepClient(http_client=huawei.client()).list_service_connections(
        vpc_endpoint_service_id="s"
    )
    (sent,) = huawei.requests
    assert sent.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=ENVAK, ")
    assert sent.headers["X-Security-Token"] == "sts-token"
    assert sent.url.path == "/v1/envproject/vpc-endpoint-services/s/connections"
    alibaba = Recorder(httpx.Response(200, json={"TotalCount": 0}))
    AlibabaVpcClient(http_client=alibaba.client()).describe_vco_route_entries(
        region_id="cn-hangzhou", vpn_connection_id="v"
    )
    (sent,) = alibaba.requests
    assert sent.headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=ENVID,")
    assert sent.headers["x-acs-security-token"] == "ali-sts"
    zstack = Recorder(httpx.Response(200, json={"inventories": {}}))
    ZstackVpcClient(http_client=zstack.client()).get_vpc_v_router_distributed_routing_connections(
        uuid="u"
    )
    assert zstack.requests[0].headers["Authorization"] == "OAuth env-session"
    # An IAM token alone, and the async client.
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AUTH_TOKEN", "env-iam-token")
    token = Recorder(connections_page)

    async def run() -> None:
        async with AsyncHuaweiVpcepClient(
            project_id="p", http_client=token.async_client()
        ) as client:
            await client.list_service_connections(vpc_endpoint_service_id="s")

    asyncio.run(run())
    assert token.requests[0].headers["X-Auth-Token"] == "env-iam-token"
    assert "Authorization" not in token.requests[0].headers


def test_environment_credentials_are_accepted_by_the_mock(
    mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", HUAWEI_AK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", HUAWEI_SK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", ALIBABA_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ALIBABA_SECRET)
    monkeypatch.setenv("ZSTACK_SESSION_UUID", ZSTACK_SESSION)
    with HuaweiVpcepClient(base_url=mock_url, max_retries=0) as vpcep:
        assert vpcep.list_service_connections(vpc_endpoint_service_id=SERVICE).connections
    with AlibabaVpcClient(base_url=mock_url, max_retries=0) as alibaba:
        page = alibaba.describe_vco_route_entries(
            region_id="cn-hangzhou", vpn_connection_id="vco-p0w2jpkhi2eeop6q6****"
        )
        assert page.request_id
    with ZstackVpcClient(base_url=mock_url, max_retries=0) as zstack:
        assert zstack.get_vpc_v_router_distributed_routing_connections(uuid="u").inventories
    monkeypatch.setenv("HUAWEICLOUD_SDK_AUTH_TOKEN", IAM_TOKEN)
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
        monkeypatch.delenv(name)

    async def run() -> None:
        async with AsyncZstackVpcClient(base_url=mock_url, max_retries=0) as client:
            await client.get_vpc_v_router_distributed_routing_connections(uuid="u")

    asyncio.run(run())
    with HuaweiRomaClient(base_url=mock_url, project_id=PROJECT, max_retries=0) as roma:
        channel = roma.show_details_of_vpc_channel_v2(
            instance_id="f0fa1789-3b76-433b-a787-9892951c620e",
            vpc_channel_id="56a7d7358e1b42459c9d730d65b14e59",
        )
        assert channel.id


def test_no_credentials_means_no_request_for_an_operation_that_needs_them() -> None:
    recorder = Recorder(connections_page)
    client = HuaweiVpcepClient(project_id="p", http_client=recorder.client())
    with pytest.raises(MissingCredentialsError) as raised:
        client.list_service_connections(vpc_endpoint_service_id="s")
    assert isinstance(raised.value, CloudnetError)
    assert str(raised.value) == (
        "ListServiceConnections needs IamToken or AkSkSignature and the client has no "
        "credentials: pass credentials=, or set HUAWEICLOUD_SDK_AUTH_TOKEN or "
        "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK"
    )
    alibaba = Recorder(ok)

    async def run() -> None:
        client = AsyncAlibabaVpcClient(http_client=alibaba.async_client())
        with pytest.raises(MissingCredentialsError, match="ALIBABA_CLOUD_ACCESS_KEY_ID"):
            await client.describe_vco_route_entries(region_id="r", vpn_connection_id="v")

    asyncio.run(run())
    # Half a key pair in the environment is no credential either.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HUAWEICLOUD_SDK_AK", "AK-without-SK")
        with pytest.raises(MissingCredentialsError):
            HuaweiVpcepClient(
                project_id="p", http_client=recorder.client()
            ).list_service_connections(vpc_endpoint_service_id="s")
    assert recorder.requests == [] and alibaba.requests == []


def test_security_requirements_decide_what_goes_unsigned() -> None:
    recorder = Recorder(ok)

    def client(**kw: Any) -> SyncAPIClient:
        return SyncAPIClient(
            base_url="https://api.example",
            schemes={"Key": "huawei-iam-token"},
            http_client=recorder.client(),
            **kw,
        )

    with pytest.raises(MissingCredentialsError, match="GetSigned needs Key"):
        client()._request(SIGNED, cast_to=Thing)
    assert recorder.requests == []
    # security: [] and an optional requirement ({}) go unsigned.
    client()._request(OPEN, cast_to=Thing)
    client()._request(OPTIONAL, cast_to=Thing)
    assert [r.headers.get("X-Auth-Token") for r in recorder.requests] == [None, None]
    client(credentials=HuaweiIamToken("t"))._request(SIGNED, cast_to=Thing)
    assert recorder.requests[-1].headers["X-Auth-Token"] == "t"
    # An auth of the caller's does not stand in for a vendor's credentials...
    with pytest.raises(MissingCredentialsError):
        client(auth=httpx.Auth())._request(SIGNED, cast_to=Thing)
    assert len(recorder.requests) == 3
    # ... only for a scheme the runtime has no credential class for.
    custom = SyncAPIClient(
        base_url="https://api.example",
        schemes={"Key": "custom-signer"},
        http_client=recorder.client(),
        auth=httpx.Auth(),
    )
    custom._request(SIGNED, cast_to=Thing)
    assert len(recorder.requests) == 4
    with pytest.raises(MissingCredentialsError):
        SyncAPIClient(
            base_url="https://api.example",
            schemes={"Key": "custom-signer"},
            http_client=recorder.client(),
        )._request(SIGNED, cast_to=Thing)


# -- project_id ----------------------------------------------------------------------------------


def test_project_id_comes_from_the_call_the_client_or_the_aksk_credential(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder(connections_page)
    keyed = HuaweiAkSk("AK", SECRET, project_id="from-credential")

    def path(client: HuaweiVpcepClient, **kw: Any) -> str:
        client.list_service_connections(vpc_endpoint_service_id="s", **kw)
        return recorder.requests[-1].url.path.split("/")[2]

    assert path(HuaweiVpcepClient(credentials=keyed, http_client=recorder.client())) == (
        "from-credential"
    )
    with_option = HuaweiVpcepClient(
        project_id="from-client", credentials=keyed, http_client=recorder.client()
    )
    assert path(with_option) == "from-client"
    assert path(with_option, project_id="from-call") == "from-call"
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "from-environment")
    from_env = HuaweiAkSk("AK", SECRET)
    assert path(HuaweiVpcepClient(credentials=from_env, http_client=recorder.client())) == (
        "from-environment"
    )
    token = HuaweiIamToken("t")  # the environment's project too
    assert path(HuaweiVpcepClient(credentials=token, http_client=recorder.client())) == (
        "from-environment"
    )
    assert "X-Project-Id" not in recorder.requests[-1].headers
    monkeypatch.delenv("HUAWEICLOUD_SDK_PROJECT_ID")
    given = HuaweiIamToken("t", project_id="given-to-token")
    assert path(HuaweiVpcepClient(credentials=given, http_client=recorder.client())) == (
        "given-to-token"
    )
    # Without one anywhere, the project ID must be given: nothing is sent.
    sent = len(recorder.requests)
    with pytest.raises(MissingOptionError, match="project_id"):
        HuaweiVpcepClient(
            credentials=HuaweiIamToken("t"), http_client=recorder.client()
        ).list_service_connections(vpc_endpoint_service_id="s")
    assert len(recorder.requests) == sent


# -- per-call options ----------------------------------------------------------------------------


def test_every_generated_method_takes_the_per_call_options_keyword_only() -> None:
    clients = [
        HuaweiVpcepClient,
        AsyncHuaweiVpcepClient,
        AlibabaVpcClient,
        AsyncAlibabaVpcClient,
        ZstackVpcClient,
        HuaweiDcClient,
        HuaweiRomaClient,
    ]
    options = ["timeout", "max_retries", "extra_headers", "extra_query", "strict"]
    checked = 0
    for cls in clients:
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_") or name in ("close", "with_options"):
                continue
            parameters = inspect.signature(method).parameters
            assert list(parameters)[-5:] == options, (cls.__name__, name)
            for option in options:
                assert parameters[option].kind is inspect.Parameter.KEYWORD_ONLY
            checked += 1
    assert checked >= 9  # five operations, two of them with an iter_ method, and async ones


def test_per_call_options_apply_to_that_call_only() -> None:
    answers = iter([httpx.Response(503), connections_page(), connections_page()])
    recorder = Recorder(lambda request: next(answers))
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=HuaweiIamToken("t"),
        headers={"X-Team": "net"},
        max_retries=0,
        http_client=recorder.client(),
    )
    client._sleep = lambda seconds: None
    client.list_service_connections(
        vpc_endpoint_service_id="s",
        limit=5,
        timeout=httpx.Timeout(3.0, connect=1.0),
        max_retries=1,
        extra_headers={"X-Team": "edge", "X-Trace": "t1"},
        extra_query={"limit": 7, "flavor": "x"},
    )
    first, second = recorder.requests
    assert first.extensions["timeout"] == {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert second.headers["X-Team"] == "edge" and second.headers["X-Trace"] == "t1"
    assert second.url.params.get_list("limit") == ["7"] and second.url.params["flavor"] == "x"
    client.list_service_connections(vpc_endpoint_service_id="s", timeout=None)
    third = recorder.requests[2]
    assert third.extensions["timeout"] == {
        "connect": None,
        "read": None,
        "write": None,
        "pool": None,
    }
    assert third.headers["X-Team"] == "net" and "X-Trace" not in third.headers
    assert "flavor" not in third.url.params
    # max_retries=0 for one call: a 503 is not repeated.
    recorder.answer = httpx.Response(503)
    with pytest.raises(ServiceUnavailableError):
        client.with_options(max_retries=3).list_service_connections(
            vpc_endpoint_service_id="s", max_retries=0
        )
    assert len(recorder.requests) == 4


def test_extra_query_is_signed_for_alibaba(mock_url: str) -> None:
    with AlibabaVpcClient(
        base_url=mock_url, credentials=AlibabaAcs3(ALIBABA_ID, ALIBABA_SECRET), max_retries=0
    ) as client:
        page = client.describe_vco_route_entries(
            region_id="cn-hangzhou",
            vpn_connection_id="vco-p0w2jpkhi2eeop6q6****",
            extra_query={"PageSize": 20},
            extra_headers={"X-Caller": "tests"},
            timeout=5,
        )
    assert page.request_id


def test_iterating_passes_the_per_call_options_to_every_page() -> None:
    bodies = iter(
        [
            {"connections": [{"id": "a"}, {"id": "b"}], "total_count": 3},
            {"connections": [{"id": "c"}], "total_count": 3},
        ]
    )
    recorder = Recorder(lambda request: httpx.Response(200, json=next(bodies)))
    client = HuaweiVpcepClient(
        project_id="p", credentials=HuaweiIamToken("t"), http_client=recorder.client()
    )
    items = client.iter_list_service_connections(
        vpc_endpoint_service_id="s", extra_headers={"X-Trace": "walk"}, timeout=2
    )
    assert [c.id for c in items] == ["a", "b", "c"]
    assert [r.headers["X-Trace"] for r in recorder.requests] == ["walk", "walk"]
    assert {r.extensions["timeout"]["read"] for r in recorder.requests} == {2}


# -- with_options --------------------------------------------------------------------------------


def test_with_options_takes_base_url_region_and_client_options() -> None:
    recorder = Recorder(connections_page)
    client = HuaweiVpcepClient(
        project_id="p", credentials=HuaweiIamToken("t"), http_client=recorder.client()
    )
    assert client.base_url == "https://vpcep.cn-north-4.myhuaweicloud.com"
    elsewhere = client.with_options(region="ap-southeast-1", project_id="q")
    assert elsewhere.base_url == "https://vpcep.ap-southeast-1.myhuaweicloud.com"
    elsewhere.list_service_connections(vpc_endpoint_service_id="s")
    assert str(recorder.requests[-1].url) == (
        "https://vpcep.ap-southeast-1.myhuaweicloud.com/v1/q/vpc-endpoint-services/s/connections"
    )
    local = client.with_options(base_url="http://127.0.0.1:4010/")
    local.list_service_connections(vpc_endpoint_service_id="s")
    assert str(recorder.requests[-1].url).startswith("http://127.0.0.1:4010/v1/p/")
    # The original keeps its own; a base_url wins over a region given with it.
    assert client.base_url == "https://vpcep.cn-north-4.myhuaweicloud.com"
    both = client.with_options(region="ap-southeast-1", base_url="https://proxy.example")
    assert both.base_url == "https://proxy.example"
    # Alibaba's takes region too (tests/test_regions.py has every region's host).
    alibaba = AlibabaVpcClient(credentials=AlibabaAcs3("id", "secret"))
    assert alibaba.with_options(region="cn-beijing").base_url == (
        "https://vpc.cn-beijing.aliyuncs.com"
    )
    assert alibaba.with_options(base_url="https://vpc.cn-hangzhou.aliyuncs.com").base_url == (
        "https://vpc.cn-hangzhou.aliyuncs.com"
    )
