"""The generated clients against hostile services: every bad answer is a typed, bounded error.

Every operation of the five APIs is called, synchronously and asynchronously, through an
``httpx.MockTransport`` (no network) that answers with something a broken gateway, proxy or
service sends: JSON cut in half, an HTML page (200 and 502), an empty body, an array where an
object is expected, a nested field of the wrong type, 10 MB bodies, bytes that are not UTF-8,
no ``Content-Type``, JSON nested past any parser's recursion limit, an integer of 5,000 digits.
Each must end, fast, in a ``cloudnet.CloudnetError`` subclass that keeps the raw body (or, where
the body is a valid answer, in the typed result), and the credential's secret must not appear in
the exception's text, its ``repr`` or its formatted traceback. A transport that times out must
end in ``APITimeoutError``.

Each call runs in a worker thread with a deadline, so a client that hangs fails the test
instead of stalling the run. The valid bodies are the specs' own response examples.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
from cloudnet import (
    AlibabaAcs3,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadGatewayError,
    CloudnetError,
    HuaweiIamToken,
    InternalServerError,
    Model,
    ZStackSession,
    validation_issues,
)
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.alibaba.vpc.models import DescribeVcoRouteEntriesResponse
from cloudnet.huawei.dc import AsyncHuaweiDcClient, HuaweiDcClient
from cloudnet.huawei.dc.models import ShowVifPeerDetectionResponseBody
from cloudnet.huawei.roma import AsyncHuaweiRomaClient, HuaweiRomaClient
from cloudnet.huawei.roma.models import ShowDetailsOfVpcChannelV2Response
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.huawei.vpcep.models import ListServiceConnectionsResponseBody
from cloudnet.zstack.vpc import AsyncZstackVpcClient, ZstackVpcClient
from cloudnet.zstack.vpc.models import GetVpcVRouterDistributedRoutingConnectionsReply

from generator.openapi.yamlload import load_file

SPECS = Path(__file__).resolve().parent.parent / "specs"

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

# Distinctive, so that a leak cannot be a coincidence; every credential carries it.
SECRET = "hostile-SECRET-9f3a7c1e5b2d4086"
ALIBABA_KEY_ID = "LTAI5tHostileKeyId000"
PROJECT_ID = "b197c48159d44a66b32c538c3f8da89a"

# A call must be over in this many seconds (10 MB bodies included); past it, it is a hang.
DEADLINE = 5.0
TEN_MB = 10 * 1024 * 1024

# --- the APIs -------------------------------------------------------------------------------------

SyncCall = Callable[[httpx.Client], Model]
AsyncCall = Callable[[httpx.AsyncClient], Awaitable[Model]]


@dataclass(frozen=True)
class Api:
    spec: str
    route: str
    method: str
    example: str  # the name of the 200 example in the spec
    #: The path in the example body of a string field inside a nested object or list item.
    nested_string: tuple[str | int, ...]
    result_type: type[Model]
    call_sync: SyncCall
    call_async: AsyncCall

    def body(self) -> Any:
        """A deep copy of the spec's 200 example."""
        return copy.deepcopy(_success_example(self.spec, self.route, self.method, self.example))

    def body_bytes(self) -> bytes:
        return json.dumps(self.body(), ensure_ascii=False).encode()


@functools.cache
def _success_example(spec: str, route: str, method: str, name: str) -> Any:
    loaded = load_file(SPECS / spec)
    assert loaded.ok, loaded.diagnostics
    response = loaded.data["paths"][route][method]["responses"]["200"]
    return response["content"]["application/json"]["examples"][name]["value"]


def _zstack(http: httpx.Client) -> Model:
    client = ZstackVpcClient(credentials=ZStackSession(SECRET), http_client=http, max_retries=0)
    return client.get_vpc_v_router_distributed_routing_connections(
        uuid="2b7c1d3f9e2a4b5c8d7e6f5a4b3c2d1e"
    )


async def _zstack_async(http: httpx.AsyncClient) -> Model:
    client = AsyncZstackVpcClient(
        credentials=ZStackSession(SECRET), http_client=http, max_retries=0
    )
    return await client.get_vpc_v_router_distributed_routing_connections(
        uuid="2b7c1d3f9e2a4b5c8d7e6f5a4b3c2d1e"
    )


ALIBABA_ARGS: dict[str, Any] = {
    "region_id": "cn-hangzhou",
    "vpn_connection_id": "vco-p0w2jpkhi2eeop6q6****",
}


def _alibaba(http: httpx.Client) -> Model:
    client = AlibabaVpcClient(
        credentials=AlibabaAcs3(ALIBABA_KEY_ID, SECRET), http_client=http, max_retries=0
    )
    return client.describe_vco_route_entries(**ALIBABA_ARGS)


async def _alibaba_async(http: httpx.AsyncClient) -> Model:
    client = AsyncAlibabaVpcClient(
        credentials=AlibabaAcs3(ALIBABA_KEY_ID, SECRET), http_client=http, max_retries=0
    )
    return await client.describe_vco_route_entries(**ALIBABA_ARGS)


VPCEP_SERVICE_ID = "4189d3c2-8882-4871-a3c2-d380272eed88"


def _vpcep(http: httpx.Client) -> Model:
    client = HuaweiVpcepClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return client.list_service_connections(vpc_endpoint_service_id=VPCEP_SERVICE_ID)


async def _vpcep_async(http: httpx.AsyncClient) -> Model:
    client = AsyncHuaweiVpcepClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return await client.list_service_connections(vpc_endpoint_service_id=VPCEP_SERVICE_ID)


DC_DETECTION_ID = "3284c6e2-a803-4108-8496-ed3f150697d6"


def _dc(http: httpx.Client) -> Model:
    client = HuaweiDcClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return client.show_vif_peer_detection(vif_peer_id=DC_DETECTION_ID)


async def _dc_async(http: httpx.AsyncClient) -> Model:
    client = AsyncHuaweiDcClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return await client.show_vif_peer_detection(vif_peer_id=DC_DETECTION_ID)


ROMA_ARGS: dict[str, Any] = {
    "instance_id": "f0fa1789-3b76-433b-a787-9892951c620e",
    "vpc_channel_id": "56a7d7358e1b42459c9d730d65b14e59",
}


def _roma(http: httpx.Client) -> Model:
    client = HuaweiRomaClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return client.show_details_of_vpc_channel_v2(**ROMA_ARGS)


async def _roma_async(http: httpx.AsyncClient) -> Model:
    client = AsyncHuaweiRomaClient(
        project_id=PROJECT_ID,
        credentials=HuaweiIamToken(SECRET),
        http_client=http,
        max_retries=0,
    )
    return await client.show_details_of_vpc_channel_v2(**ROMA_ARGS)


APIS: dict[str, Api] = {
    "zstack": Api(
        "zstack/vpc.yaml",
        "/zstack/v1/vpc/virtual-routers/{uuid}/tracked-connections",
        "get",
        "trackedConnections",
        ("inventories", "192.168.31.156,192.168.105.175", "sourceMac"),
        GetVpcVRouterDistributedRoutingConnectionsReply,
        _zstack,
        _zstack_async,
    ),
    "alibaba": Api(
        "alibaba/vpc.yaml",
        "/#Action=DescribeVcoRouteEntries",
        "post",
        "success",
        ("VcoRouteEntries", 0, "RouteDest"),
        DescribeVcoRouteEntriesResponse,
        _alibaba,
        _alibaba_async,
    ),
    "vpcep": Api(
        "huawei/vpcep.yaml",
        "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections",
        "get",
        "connections",
        ("connections", 1, "domain_id"),
        ListServiceConnectionsResponseBody,
        _vpcep,
        _vpcep_async,
    ),
    "dc": Api(
        "huawei/dc.yaml",
        "/v3/{project_id}/dcaas/vif-peer-detections/{vif_peer_id}",
        "get",
        "vifPeerDetection",
        ("vif_peer_detection", "start_time"),
        ShowVifPeerDetectionResponseBody,
        _dc,
        _dc_async,
    ),
    "roma": Api(
        "huawei/roma.yaml",
        "/v2/{project_id}/apic/instances/{instance_id}/vpc-channels/{vpc_channel_id}",
        "get",
        "builtinChannel",
        ("members", 1, "host"),
        ShowDetailsOfVpcChannelV2Response,
        _roma,
        _roma_async,
    ),
}

# --- running a call -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How a call ended: a result or an exception (never both), and how long it took."""

    result: Model | None = None
    error: BaseException | None = None
    elapsed: float = 0.0


def run(api: Api, mode: Mode, transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> Outcome:
    """Call ``api``'s operation over ``transport`` in a worker thread; fail if it is not over
    within ``DEADLINE`` seconds (the thread is a daemon: a hung call cannot stall the run)."""
    outcome = Outcome()

    def sync_call() -> Model:
        assert isinstance(transport, httpx.BaseTransport)
        with httpx.Client(transport=transport) as http:
            return api.call_sync(http)

    async def async_call() -> Model:
        assert isinstance(transport, httpx.AsyncBaseTransport)
        async with httpx.AsyncClient(transport=transport) as http:
            return await api.call_async(http)

    def work() -> None:
        started = time.perf_counter()
        try:
            outcome.result = sync_call() if mode == "sync" else asyncio.run(async_call())
        except BaseException as exc:  # anything at all, to be judged by the test
            outcome.error = exc
        outcome.elapsed = time.perf_counter() - started

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(DEADLINE * 2)
    assert not worker.is_alive(), f"the {mode} call did not return within {DEADLINE * 2} s"
    return outcome


def assert_no_secret(exc: BaseException) -> None:
    """The secret is in none of the texts a caller logs: ``str``, ``repr``, the traceback (with
    its chained exceptions)."""
    for what, text in (
        ("str", str(exc)),
        ("repr", repr(exc)),
        ("traceback", "".join(traceback.format_exception(exc))),
    ):
        assert SECRET not in text, f"the secret is in {what}(exc)"


def typed_error(outcome: Outcome) -> CloudnetError:
    """The exception of ``outcome``, which must be a ``CloudnetError``; an untyped one fails
    the test with its type, message and where it was raised."""
    assert outcome.result is None, f"expected an error, got a result: {outcome.result!r}"
    error = outcome.error
    assert error is not None
    if not isinstance(error, CloudnetError):
        frames = traceback.extract_tb(error.__traceback__)
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[::-1])
        pytest.fail(
            f"untyped {type(error).__name__} escaped: {str(error)[:300]} (raised at {where})",
            pytrace=False,
        )
    return error


# --- the hostile responses ------------------------------------------------------------------------

HTML_LOGIN = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>…</body></html>"
HTML_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
JSON = {"Content-Type": "application/json"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
# Past the recursion limit of every JSON parser in the path (jiter: 200, json: ~1000).
NESTING = 100_000


def _truncated(api: Api) -> bytes:
    whole = api.body_bytes()
    return whole[: len(whole) // 2]


def _array(api: Api) -> bytes:
    return json.dumps([api.body()], ensure_ascii=False).encode()


def _nested_wrong_type(api: Api) -> bytes:
    body = api.body()
    holder = body
    for key in api.nested_string[:-1]:
        holder = holder[key]
    assert isinstance(holder[api.nested_string[-1]], str), "the example's field is a string"
    holder[api.nested_string[-1]] = {"unexpected": ["object", 1]}
    return json.dumps(body, ensure_ascii=False).encode()


def _padded(api: Api) -> bytes:
    """The example plus a 10 MB string under a key the spec does not know: valid JSON."""
    body = api.body()
    body["xPadding"] = "x" * TEN_MB
    return json.dumps(body, ensure_ascii=False).encode()


def _junk(api: Api) -> bytes:
    """10 MB that is neither JSON nor text."""
    return (b"\x00<junk\xff>{[" * (TEN_MB // 10 + 1))[:TEN_MB]


def _invalid_utf8_in_string(api: Api) -> bytes:
    """The example with bytes that are not UTF-8 inside a string value: not valid JSON."""
    whole = api.body_bytes()
    at = whole.index(b'":"') if b'":"' in whole else whole.index(b'": "')
    at = whole.index(b'"', at + 2) + 1  # just inside the first string value
    return whole[:at] + b"\xff\xfe\xc3\x28" + whole[at:]


def _invalid_utf8(api: Api) -> bytes:
    return b"\xff\xfe\xfd\xc3\x28\xa0\xa1\x80"


def _deeply_nested(api: Api) -> bytes:
    return b"[" * NESTING + b"]" * NESTING


def _huge_integer(api: Api) -> bytes:
    """An error body whose code is a 5,000-digit integer (Python's int parsing stops at 4,300)."""
    return b'{"error_code": ' + b"7" * 5000 + b', "code": ' + b"7" * 5000 + b"}"


@dataclass(frozen=True)
class Hostile:
    status: int
    content: Callable[[Api], bytes]
    headers: Mapping[str, str] = field(default_factory=dict)
    #: The exception class; None: the body is a valid answer and parses to the typed result.
    raises: type[CloudnetError] | None = APIResponseValidationError
    #: The wrong field is kept as sent and listed by validation_issues (the lenient default;
    #: strict mode is in tests/test_response_reading.py).
    names_field: bool = False

    def transport(self, api: Api) -> tuple[httpx.MockTransport, bytes]:
        content = self.content(api)

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(self.status, content=content, headers=dict(self.headers))

        return httpx.MockTransport(handler), content


HOSTILE: dict[str, Hostile] = {
    "truncated-json-200": Hostile(200, _truncated, JSON),
    "html-200": Hostile(200, lambda api: HTML_LOGIN.encode(), HTML),
    "html-502": Hostile(502, lambda api: HTML_GATEWAY.encode(), HTML, raises=BadGatewayError),
    "empty-200": Hostile(200, lambda api: b"", JSON),
    "array-not-object-200": Hostile(200, _array, JSON),
    "nested-wrong-type-200": Hostile(200, _nested_wrong_type, JSON, raises=None, names_field=True),
    "10mb-padded-json-200": Hostile(200, _padded, JSON, raises=None),
    "10mb-junk-200": Hostile(200, _junk, JSON),
    "10mb-junk-502": Hostile(502, _junk, HTML, raises=BadGatewayError),
    "invalid-utf8-200": Hostile(200, _invalid_utf8, JSON),
    "invalid-utf8-in-string-200": Hostile(200, _invalid_utf8_in_string, JSON),
    "invalid-utf8-502": Hostile(502, _invalid_utf8, JSON, raises=BadGatewayError),
    "no-content-type-json-200": Hostile(200, lambda api: api.body_bytes(), raises=None),
    "no-content-type-html-200": Hostile(200, lambda api: HTML_LOGIN.encode()),
    # Beyond the obvious: parser limits reached by a body a few hundred kilobytes long.
    "deeply-nested-json-200": Hostile(200, _deeply_nested, JSON),
    "deeply-nested-json-502": Hostile(502, _deeply_nested, JSON, raises=BadGatewayError),
    "huge-integer-200": Hostile(200, _huge_integer, JSON),
    "huge-integer-500": Hostile(500, _huge_integer, JSON, raises=InternalServerError),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("api", APIS.values(), ids=APIS.keys())
def test_hostile_response(api: Api, case: Hostile, mode: Mode) -> None:
    transport, content = case.transport(api)

    outcome = run(api, mode, transport)

    assert outcome.elapsed < DEADLINE, f"took {outcome.elapsed:.2f} s"
    if case.raises is None:
        assert outcome.error is None, f"{type(outcome.error).__name__}: {outcome.error}"
        assert type(outcome.result) is api.result_type
        expected = json.loads(content)
        assert outcome.result.to_dict() == expected
        issues = validation_issues(outcome.result)
        if case.names_field:
            assert [i.location for i in issues] == [tuple(api.nested_string)]
        else:
            assert issues == ()
        return
    error = typed_error(outcome)
    assert type(error) is case.raises, f"{type(error).__name__}: {error}"
    assert_no_secret(error)
    # The raw body is kept, as text (what httpx decodes: UTF-8, bad bytes replaced).
    text = content.decode("utf-8", errors="replace")
    assert isinstance(error, APIResponseValidationError | APIStatusError)
    assert error.status_code == case.status
    assert error.response.status_code == case.status
    assert isinstance(error.body, str)
    assert error.body == text
    if isinstance(error, APIResponseValidationError):
        assert error.errors, "pydantic's errors are kept"


def test_the_valid_bodies_parse() -> None:
    """The control: each example, as sent with ``Content-Type``, is the typed result, so the
    failures above come from the hostile part of each body."""
    for api in APIS.values():
        transport = httpx.MockTransport(
            lambda request, api=api: httpx.Response(200, content=api.body_bytes(), headers=JSON)
        )
        outcome = run(api, "sync", transport)
        assert outcome.error is None, outcome.error
        assert type(outcome.result) is api.result_type
        assert outcome.result.to_dict() == api.body()


# --- a service that never answers ---------------------------------------------------------------


class TimingOut(httpx.BaseTransport):
    """A server that never answers, as httpx reports it once the read timeout is over."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise httpx.ReadTimeout("timed out", request=request)


class AsyncTimingOut(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise httpx.ReadTimeout("timed out", request=request)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("api", APIS.values(), ids=APIS.keys())
def test_read_timeout_raises_api_timeout_error(api: Api, mode: Mode) -> None:
    transport = TimingOut() if mode == "sync" else AsyncTimingOut()

    outcome = run(api, mode, transport)

    assert outcome.elapsed < DEADLINE
    error = typed_error(outcome)
    assert type(error) is APITimeoutError, f"{type(error).__name__}: {error}"
    assert_no_secret(error)
    assert len(transport.requests) == 1  # max_retries=0: one attempt
    assert error.request is transport.requests[0]
    # The httpx exception is kept as the cause (assert_no_secret above read the whole chain).
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert "read timeout" in str(error)
