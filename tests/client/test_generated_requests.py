"""The generated clients against the vendor pages: the exact request, the typed result, the errors.

Every operation of the five APIs is called, synchronously and asynchronously, through an
``httpx.MockTransport`` (no network) with the argument values of the vendor page's example request.
The test asserts the request the client sent (method, URL, query pairs, headers, body), then that
the page's example response parses into the documented model and dumps back to the same JSON.

The response bodies are read from the specs' examples (``specs/…``), which copy the pages; the
values asserted field by field are typed here from the pages (``../shared/seeds/``), so an example
that drifted from its page fails too. Then, per API: a vendor error body raises the exception of
its status with the vendor code and request id, a malformed 200 (an HTML page) raises
``APIResponseValidationError`` with the raw text, and a field of the wrong type is kept as sent
and listed by ``validation_issues`` (the lenient default; ``strict=True`` is tested in
tests/test_response_reading.py). Each wrong-typed body is first shown to be invalid by the spec's
own example validator, so the client is held to the spec.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
import pytest
from cloudnet import (
    AlibabaAcs3,
    APIResponseValidationError,
    APIStatusError,
    BadGatewayError,
    BadRequestError,
    HuaweiIamToken,
    InternalServerError,
    Model,
    NotFoundError,
    ServiceUnavailableError,
    ZStackSession,
    validation_issues,
)
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.alibaba.vpc.models import (
    DescribeVcoRouteEntriesResponse,
    VcoRouteEntrySource,
    VcoRouteEntryState,
    VpnRouteCountSource,
)
from cloudnet.alibaba.vpc.models import ErrorResponse as AlibabaErrorResponse
from cloudnet.huawei.dc import AsyncHuaweiDcClient, HuaweiDcClient
from cloudnet.huawei.dc.models import ErrorCodeMsg as DcErrorCodeMsg
from cloudnet.huawei.dc.models import ShowVifPeerDetectionResponseBody, VifPeerDetectionStatus
from cloudnet.huawei.roma import AsyncHuaweiRomaClient, HuaweiRomaClient
from cloudnet.huawei.roma.models import ErrorCodeMsg as RomaErrorCodeMsg
from cloudnet.huawei.roma.models import (
    MicroServiceInfoServiceType,
    ShowDetailsOfVpcChannelV2Response,
    ShowDetailsOfVpcChannelV2ResponseBalanceStrategy,
    ShowDetailsOfVpcChannelV2ResponseMemberType,
    ShowDetailsOfVpcChannelV2ResponseStatus,
    ShowDetailsOfVpcChannelV2ResponseType,
)
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.huawei.vpcep.models import (
    ConnectionEndpointsStatus,
    ErrorObject,
    ListServiceConnectionsResponseBody,
)
from cloudnet.zstack.vpc import AsyncZstackVpcClient, ZstackVpcClient
from cloudnet.zstack.vpc.models import ErrorResponse as ZstackErrorResponse
from cloudnet.zstack.vpc.models import GetVpcVRouterDistributedRoutingConnectionsReply

from .specdata import SPECS, document, have_toolchain

Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")

# --- the spec examples ----------------------------------------------------------------------------


def example(name: str, *pointer: str) -> Any:
    """A deep copy of the value at ``pointer`` (keys, in order) of the spec file ``name``."""
    node = document(name)
    for key in pointer:
        node = node[key]
    return node


def response_example(name: str, route: str, method: str, status: str, example_name: str) -> Any:
    """The JSON example ``example_name`` of the ``status`` response of an operation."""
    content = ("content", "application/json", "examples", example_name, "value")
    return example(name, "paths", route, method, "responses", status, *content)


def success_example(name: str, route: str, method: str, example_name: str) -> Any:
    return response_example(name, route, method, "200", example_name)


# --- a fake service -------------------------------------------------------------------------------


@dataclass
class Service:
    """Answers every request with one canned response and records the requests it got."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    @classmethod
    def json(
        cls, value: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Service:
        body = json.dumps(value, ensure_ascii=False).encode()
        return cls(status, body, {"Content-Type": "application/json", **(headers or {})})

    @classmethod
    def text(
        cls, text: str, status: int = 200, content_type: str = "text/html; charset=utf-8"
    ) -> Service:
        return cls(status, text.encode(), {"Content-Type": content_type})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, content=self.body, headers=self.headers)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return self.requests[0]


def assert_request(
    request: httpx.Request,
    *,
    method: str,
    url: str,
    query: list[tuple[str, str]],
    headers: Mapping[str, str] | None = None,
    absent_headers: tuple[str, ...] = ("content-type",),
) -> None:
    """The request, exactly: ``url`` is scheme, host and path; ``query`` every (key, value) pair,
    repeated keys included, in any order; no body."""
    assert request.method == method
    assert str(request.url).partition("?")[0] == url
    assert sorted(request.url.params.multi_items()) == sorted(query)
    for name, value in (headers or {}).items():
        assert request.headers.get_list(name) == [value], name
    for name in absent_headers:
        assert name not in request.headers, name
    assert request.content == b""


# Each API's credentials (the clients send no operation that needs them without them). The
# signatures themselves are tested in tests/test_signer_*.py against the vendors' SDKs.
ZSTACK_CREDENTIALS = ZStackSession("zstack-session-uuid")
ALIBABA_CREDENTIALS = AlibabaAcs3("LTAI-example-id", "alibaba-example-secret")
HUAWEI_CREDENTIALS = HuaweiIamToken("huawei-iam-token")


# --- ZStack: GetVpcVRouterDistributedRoutingConnections -----------------------------------------

ZSTACK_SPEC = "zstack/vpc.yaml"
ZSTACK_ROUTE = "/zstack/v1/vpc/virtual-routers/{uuid}/tracked-connections"
# The page's request is a template (`{uuid}`, `?systemTags=<systemTags>&userTags=<userTags>`): the
# uuid is the spec's example, the tags two system tags (a repeated key) and one user tag.
ZSTACK_UUID = "2b7c1d3f9e2a4b5c8d7e6f5a4b3c2d1e"
ZSTACK_SYSTEM_TAGS = ["distributedRouting::true", "resourceConfig::vpc::ha=enable"]
ZSTACK_USER_TAGS = ["team-network"]


def call_zstack(mode: Mode, service: Service) -> GetVpcVRouterDistributedRoutingConnectionsReply:
    if mode == "sync":
        with httpx.Client(transport=service.transport()) as http:
            client = ZstackVpcClient(
                http_client=http, credentials=ZSTACK_CREDENTIALS, max_retries=0
            )
            return client.get_vpc_v_router_distributed_routing_connections(
                uuid=ZSTACK_UUID, system_tags=ZSTACK_SYSTEM_TAGS, user_tags=ZSTACK_USER_TAGS
            )

    async def run() -> GetVpcVRouterDistributedRoutingConnectionsReply:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            client = AsyncZstackVpcClient(
                http_client=http, credentials=ZSTACK_CREDENTIALS, max_retries=0
            )
            return await client.get_vpc_v_router_distributed_routing_connections(
                uuid=ZSTACK_UUID, system_tags=ZSTACK_SYSTEM_TAGS, user_tags=ZSTACK_USER_TAGS
            )

    return asyncio.run(run())


@pytest.mark.parametrize("mode", MODES)
def test_zstack_get_vpc_v_router_distributed_routing_connections(mode: Mode) -> None:
    body = success_example(ZSTACK_SPEC, ZSTACK_ROUTE, "get", "trackedConnections")
    service = Service.json(body)

    result = call_zstack(mode, service)

    assert_request(
        service.request,
        method="GET",
        url=f"http://localhost:8080/zstack/v1/vpc/virtual-routers/{ZSTACK_UUID}/tracked-connections",
        query=[
            ("systemTags", "distributedRouting::true"),
            ("systemTags", "resourceConfig::vpc::ha=enable"),
            ("userTags", "team-network"),
        ],
    )
    # Repeated keys keep the caller's order.
    assert service.request.url.params.get_list("systemTags") == ZSTACK_SYSTEM_TAGS
    assert type(result) is GetVpcVRouterDistributedRoutingConnectionsReply
    assert result.error is None
    assert list(result.inventories) == ["192.168.31.156,192.168.105.175"]
    connection = result.inventories["192.168.31.156,192.168.105.175"]
    assert connection.source_l2_network_type == "L2VlanNetwork"
    assert connection.source_mac == "fa:bf:6e:37:c3:00"
    assert connection.destination_mac == "fa:3a:b3:ae:f4:00"
    # The page sends the VNIs as floats (3101.0); they are integers.
    assert connection.source_l2_network_vni == 3101
    assert type(connection.source_l2_network_vni) is int
    assert connection.destination_l2_network_vni == 3105
    assert connection.last_op_date == "2017-12-02 15:23:44.872099448 +0800 CST m=+70467.712498312"
    assert connection.status == "ZSNP_DST_SUCC"
    assert result.to_dict() == body


# --- Alibaba: DescribeVcoRouteEntries -------------------------------------------------------------

ALIBABA_SPEC = "alibaba/vpc.yaml"
ALIBABA_ROUTE = "/#Action=DescribeVcoRouteEntries"
# The page has no request example: these are the "樣本值" (example value) column of its table.
ALIBABA_CONNECTION = "vco-p0w2jpkhi2eeop6q6****"
ALIBABA_CLIENT_TOKEN = "123e4567-e89b-12d3-a456-4266****"


def call_alibaba(mode: Mode, service: Service) -> DescribeVcoRouteEntriesResponse:
    if mode == "sync":
        with httpx.Client(transport=service.transport()) as http:
            return AlibabaVpcClient(
                http_client=http, credentials=ALIBABA_CREDENTIALS, max_retries=0
            ).describe_vco_route_entries(
                region_id="cn-hangzhou",
                vpn_connection_id=ALIBABA_CONNECTION,
                route_entry_type="custom",
                page_number=1,
                page_size=10,
                client_token=ALIBABA_CLIENT_TOKEN,
            )

    async def run() -> DescribeVcoRouteEntriesResponse:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            return await AsyncAlibabaVpcClient(
                http_client=http, credentials=ALIBABA_CREDENTIALS, max_retries=0
            ).describe_vco_route_entries(
                region_id="cn-hangzhou",
                vpn_connection_id=ALIBABA_CONNECTION,
                route_entry_type="custom",
                page_number=1,
                page_size=10,
                client_token=ALIBABA_CLIENT_TOKEN,
            )

    return asyncio.run(run())


@pytest.mark.parametrize("mode", MODES)
def test_alibaba_describe_vco_route_entries(mode: Mode) -> None:
    body = success_example(ALIBABA_SPEC, ALIBABA_ROUTE, "post", "success")
    service = Service.json(body)

    result = call_alibaba(mode, service)

    assert_request(
        service.request,
        method="POST",
        url="https://vpc.aliyuncs.com/",
        # Signature V3 moves the RPC action and version from the query to x-acs-* headers.
        headers={"x-acs-action": "DescribeVcoRouteEntries", "x-acs-version": "2016-04-28"},
        query=[
            ("RegionId", "cn-hangzhou"),
            ("VpnConnectionId", ALIBABA_CONNECTION),
            ("RouteEntryType", "custom"),
            ("PageNumber", "1"),
            ("PageSize", "10"),
            ("ClientToken", ALIBABA_CLIENT_TOKEN),
        ],
    )
    # The "/#Action=…" path key of the spec is a convention: no fragment goes on the wire.
    assert service.request.url.fragment == ""
    assert service.request.url.raw_path.startswith(b"/?")
    assert type(result) is DescribeVcoRouteEntriesResponse
    assert result.total_count == 1
    assert result.page_number == 1
    assert result.page_size == 10
    assert result.request_id == "E18980E8-C8C2-31BD-8156-AE2BBDEC87E1"
    assert result.vco_route_entries is not None
    assert len(result.vco_route_entries) == 1
    entry = result.vco_route_entries[0]
    assert entry.vpn_connection_id == ALIBABA_CONNECTION
    assert entry.route_dest == "192.168.10.0/24"
    assert entry.weight == 100
    assert entry.state is VcoRouteEntryState.PUBLISHED
    assert entry.create_time == 1658217008000
    assert entry.as_path == "[12000]"
    assert entry.source is VcoRouteEntrySource.CLOUD
    assert entry.next_hop_tunnel_id_list == ["tun-0jothw962cp3bvhbw****"]
    assert result.vpn_route_counts is not None
    assert result.vpn_route_counts[0].route_count == 3
    assert result.vpn_route_counts[0].source is VpnRouteCountSource.VPN_BGP
    assert result.to_dict() == body


# --- Huawei VPC Endpoint: ListServiceConnections --------------------------------------------------

VPCEP_SPEC = "huawei/vpcep.yaml"
VPCEP_ROUTE = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections"
PROJECT_ID = "b197c48159d44a66b32c538c3f8da89a"
VPCEP_SERVICE_ID = "4189d3c2-8882-4871-a3c2-d380272eed88"
VPCEP_URL = (
    f"https://vpcep.cn-north-4.myhuaweicloud.com/v1/{PROJECT_ID}"
    f"/vpc-endpoint-services/{VPCEP_SERVICE_ID}/connections"
)


def call_vpcep(
    mode: Mode, service: Service, *, filtered: bool = False
) -> ListServiceConnectionsResponseBody:
    """The page's example request; ``filtered`` adds every query parameter of its template, with
    the spec's example values (offset 0 must still be sent)."""
    query: dict[str, Any] = (
        {
            "id": "adb7b229-bb11-4072-bcc0-3327cd784263",
            "marker_id": "16777510",
            "status": "accepted",
            "sort_key": "create_at",
            "sort_dir": "desc",
            "limit": 10,
            "offset": 0,
        }
        if filtered
        else {}
    )
    if mode == "sync":
        with httpx.Client(transport=service.transport()) as http:
            client = HuaweiVpcepClient(
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return client.list_service_connections(
                vpc_endpoint_service_id=VPCEP_SERVICE_ID, **query
            )

    async def run() -> ListServiceConnectionsResponseBody:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            client = AsyncHuaweiVpcepClient(
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return await client.list_service_connections(
                vpc_endpoint_service_id=VPCEP_SERVICE_ID, **query
            )

    return asyncio.run(run())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("filtered", [False, True], ids=["page-example", "every-filter"])
def test_huawei_vpcep_list_service_connections(mode: Mode, filtered: bool) -> None:
    body = success_example(VPCEP_SPEC, VPCEP_ROUTE, "get", "connections")
    service = Service.json(body)

    result = call_vpcep(mode, service, filtered=filtered)

    query = [
        ("id", "adb7b229-bb11-4072-bcc0-3327cd784263"),
        ("marker_id", "16777510"),
        ("status", "accepted"),
        ("sort_key", "create_at"),
        ("sort_dir", "desc"),
        ("limit", "10"),
        ("offset", "0"),
    ]
    assert_request(
        service.request,
        method="GET",
        url=VPCEP_URL,
        query=query if filtered else [],
        # Table 3 makes Content-Type mandatory although the request has no body.
        headers={"Content-Type": "application/json"},
        absent_headers=(),
    )
    assert type(result) is ListServiceConnectionsResponseBody
    assert result.total_count == 2
    assert result.connections is not None
    assert [c.id for c in result.connections] == [
        "adb7b229-bb11-4072-bcc0-3327cd784263",
        "fd69d29f-dc29-4a9b-80d8-b51d1e7e58ea",
    ]
    assert [c.marker_id for c in result.connections] == [16777510, 16777513]
    first = result.connections[0]
    assert first.status is ConnectionEndpointsStatus.ACCEPTED
    assert first.domain_id == "5fc973eea581490997e82ea11a1df31f"
    assert first.created_at == datetime(2018, 9, 17, 11, 10, 11, tzinfo=UTC)
    assert first.updated_at == datetime(2018, 9, 17, 11, 10, 12, tzinfo=UTC)
    assert result.to_dict() == body


# --- Huawei Direct Connect: ShowVifPeerDetection --------------------------------------------------

DC_SPEC = "huawei/dc.yaml"
DC_ROUTE = "/v3/{project_id}/dcaas/vif-peer-detections/{vif_peer_id}"
DC_DETECTION_ID = "3284c6e2-a803-4108-8496-ed3f150697d6"
DC_URL = (
    f"https://dcaas.cn-north-4.myhuaweicloud.com/v3/{PROJECT_ID}"
    f"/dcaas/vif-peer-detections/{DC_DETECTION_ID}"
)


def call_dc(mode: Mode, service: Service) -> ShowVifPeerDetectionResponseBody:
    if mode == "sync":
        with httpx.Client(transport=service.transport()) as http:
            client = HuaweiDcClient(
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return client.show_vif_peer_detection(vif_peer_id=DC_DETECTION_ID)

    async def run() -> ShowVifPeerDetectionResponseBody:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            client = AsyncHuaweiDcClient(
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return await client.show_vif_peer_detection(vif_peer_id=DC_DETECTION_ID)

    return asyncio.run(run())


@pytest.mark.parametrize("mode", MODES)
def test_huawei_dc_show_vif_peer_detection(mode: Mode) -> None:
    body = success_example(DC_SPEC, DC_ROUTE, "get", "vifPeerDetection")
    service = Service.json(body)

    result = call_dc(mode, service)

    assert_request(service.request, method="GET", url=DC_URL, query=[])
    assert type(result) is ShowVifPeerDetectionResponseBody
    assert result.request_id == "ecf6442668da7d4adf0dfaf4bded8840"
    detection = result.vif_peer_detection
    assert detection is not None
    assert detection.id == DC_DETECTION_ID
    assert detection.vif_peer_id == "747c8f2b-3dd9-43b4-a7b4-7533ec6cb6c1"
    assert detection.project_id == PROJECT_ID
    assert detection.start_time == "2025-07-05 15:11:14"
    assert detection.end_time == "2025-07-05 15:15:14"
    assert detection.status is VifPeerDetectionStatus.COMPLETE
    assert detection.loss_ratio == 0
    assert result.to_dict() == body


# --- Huawei ROMA Connect: ShowDetailsOfVpcChannelV2 -----------------------------------------------

ROMA_SPEC = "huawei/roma.yaml"
ROMA_ROUTE = "/v2/{project_id}/apic/instances/{instance_id}/vpc-channels/{vpc_channel_id}"
# The page's example request is "None": the path values are the spec's parameter examples.
ROMA_INSTANCE_ID = "f0fa1789-3b76-433b-a787-9892951c620e"
ROMA_CHANNEL_ID = "56a7d7358e1b42459c9d730d65b14e59"
ROMA_URL = (
    f"https://roma.ap-southeast-1.myhuaweicloud.com/v2/{PROJECT_ID}"
    f"/apic/instances/{ROMA_INSTANCE_ID}/vpc-channels/{ROMA_CHANNEL_ID}"
)


def call_roma(mode: Mode, service: Service) -> ShowDetailsOfVpcChannelV2Response:
    if mode == "sync":
        with httpx.Client(transport=service.transport()) as http:
            client = HuaweiRomaClient(
                region="ap-southeast-1",
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return client.show_details_of_vpc_channel_v2(
                instance_id=ROMA_INSTANCE_ID, vpc_channel_id=ROMA_CHANNEL_ID
            )

    async def run() -> ShowDetailsOfVpcChannelV2Response:
        async with httpx.AsyncClient(transport=service.transport()) as http:
            client = AsyncHuaweiRomaClient(
                region="ap-southeast-1",
                project_id=PROJECT_ID,
                http_client=http,
                credentials=HUAWEI_CREDENTIALS,
                max_retries=0,
            )
            return await client.show_details_of_vpc_channel_v2(
                instance_id=ROMA_INSTANCE_ID, vpc_channel_id=ROMA_CHANNEL_ID
            )

    return asyncio.run(run())


NANOSECOND_TIME = "2020-07-23T07:11:57.244829604Z"


@pytest.mark.parametrize("mode", MODES)
def test_huawei_roma_show_details_of_vpc_channel_v2_builtin(mode: Mode) -> None:
    body = success_example(ROMA_SPEC, ROMA_ROUTE, "get", "builtinChannel")
    service = Service.json(body)

    result = call_roma(mode, service)

    assert_request(service.request, method="GET", url=ROMA_URL, query=[])
    assert type(result) is ShowDetailsOfVpcChannelV2Response
    assert result.id == "56a7d7358e1b42459c9d730d65b14e59"
    assert result.name == "VPC_demo"
    assert result.port == 22
    assert result.balance_strategy is ShowDetailsOfVpcChannelV2ResponseBalanceStrategy.WRR
    assert result.member_type is ShowDetailsOfVpcChannelV2ResponseMemberType.IP
    assert result.type is ShowDetailsOfVpcChannelV2ResponseType.BUILTIN
    assert result.status is ShowDetailsOfVpcChannelV2ResponseStatus.NORMAL
    assert result.create_time == datetime(2020, 7, 23, 7, 11, 57, 244829, tzinfo=UTC)
    assert result.member_groups == []
    assert result.members is not None
    assert [m.id for m in result.members] == [
        "be63c6260a1043888187f84af39c9f0e",
        "a57b13f1b89b417ca8acd76909e6df67",
    ]
    assert [m.host for m in result.members] == ["192.168.0.5", "192.168.1.124"]
    assert [m.weight for m in result.members] == [1, 2]
    assert result.vpc_health_config is not None
    assert result.vpc_health_config.id == "3b3d02026c5f402d85e8645ea95b0816"
    assert result.vpc_health_config.threshold_abnormal == 5
    assert result.microservice_info is not None
    # A channel without a microservice still sends the object, with every string empty.
    service_type = result.microservice_info.service_type
    assert service_type is not None
    assert service_type is MicroServiceInfoServiceType("")
    assert not service_type.is_unknown  # "" is a listed value
    assert result.microservice_info.create_time == ""
    dumped = result.to_dict()
    assert dumped["create_time"] == NANOSECOND_TIME  # the wire text, nanoseconds kept
    assert dumped == body


@pytest.mark.parametrize("mode", MODES)
def test_huawei_roma_show_details_of_vpc_channel_v2_microservice(mode: Mode) -> None:
    body = success_example(ROMA_SPEC, ROMA_ROUTE, "get", "microserviceChannel")
    service = Service.json(body)

    result = call_roma(mode, service)

    assert_request(service.request, method="GET", url=ROMA_URL, query=[])
    assert type(result) is ShowDetailsOfVpcChannelV2Response
    assert result.id == "105c6902457144a4820dff8b1ad63331"
    assert result.type is ShowDetailsOfVpcChannelV2ResponseType.MICROSERVICE
    assert result.members is None
    assert result.member_groups is not None
    assert [g.member_group_id for g in result.member_groups] == [
        "c1ce135c705c4066853a0460b318fe16",
        "c1ce135c705c4066853a0460b318fe17",
    ]
    assert [g.microservice_version for g in result.member_groups] == ["v1", "v2"]
    assert [g.microservice_port for g in result.member_groups] == [80, 80]
    info = result.microservice_info
    assert info is not None
    assert info.service_type is MicroServiceInfoServiceType.CCE
    assert info.instance_id == ROMA_INSTANCE_ID
    assert info.cce_info is not None
    assert info.cce_info.cluster_name == "cce-test"
    assert info.cce_info.app_name == "testapp"
    assert result.to_dict() == body


# --- errors ---------------------------------------------------------------------------------------

Call = Callable[[Mode, Service], Model]


@dataclass(frozen=True)
class ErrorCase:
    call: Call
    status: int
    body: Any
    headers: Mapping[str, str]
    exception: type[APIStatusError]
    code: str | None
    request_id: str | None
    body_type: type[Model] | None  # the parsed error model; None: the body is kept as sent


ZSTACK_ERROR = example(
    "zstack/common.yaml",
    *("components", "responses", "Error", "content", "application/json"),
    *("examples", "operationFailed", "value"),
)
ALIBABA_NOT_FOUND = response_example(
    ALIBABA_SPEC, ALIBABA_ROUTE, "post", "404", "VpnConnectionNotFound"
)
ALIBABA_REQUEST_ID = "E18980E8-C8C2-31BD-8156-AE2BBDEC87E1"
ROMA_NOT_FOUND = response_example(ROMA_SPEC, ROMA_ROUTE, "get", "404", "APIG.3023")
HEADER_REQUEST_ID = "7f3d4c2a9e1b4f6d8a0c5e2b1d9f8a7c"

ERROR_CASES = {
    # ZStack: {"error": {"code", "description", …, "cause"}}; the top error's code, not the cause's.
    "zstack-503": ErrorCase(
        call_zstack,
        503,
        ZSTACK_ERROR,
        {"X-Request-Id": HEADER_REQUEST_ID},
        ServiceUnavailableError,
        "SYS.1000",
        HEADER_REQUEST_ID,
        ZstackErrorResponse,
    ),
    # Alibaba: {"RequestId", "HostId", "Code", "Message", "Recommend"}.
    "alibaba-404": ErrorCase(
        call_alibaba,
        404,
        {
            **ALIBABA_NOT_FOUND,
            "Recommend": "https://api.aliyun.com/troubleshoot?q="
            f"InvalidVpnConnectionInstanceId.NotFound&product=Vpc&requestId={ALIBABA_REQUEST_ID}",
        },
        {},
        NotFoundError,
        "InvalidVpnConnectionInstanceId.NotFound",
        ALIBABA_REQUEST_ID,
        AlibabaErrorResponse,
    ),
    # A status the spec does not list (5xx): the class of the status, the fields still read.
    "alibaba-503": ErrorCase(
        call_alibaba,
        503,
        {
            "RequestId": "A1B2C3D4-0000-4000-8000-000000000503",
            "HostId": "vpc.aliyuncs.com",
            "Code": "ServiceUnavailable",
            "Message": "The request has failed due to a temporary failure of the server.",
        },
        {},
        ServiceUnavailableError,
        "ServiceUnavailable",
        "A1B2C3D4-0000-4000-8000-000000000503",
        None,
    ),
    # Huawei VPCEP: {"error": {"code", "message"}}, the request id in a header.
    "vpcep-400": ErrorCase(
        call_vpcep,
        400,
        {"error": {"code": "EndPoint.0001", "message": "The request parameter is invalid."}},
        {"X-Request-Id": HEADER_REQUEST_ID},
        BadRequestError,
        "EndPoint.0001",
        HEADER_REQUEST_ID,
        ErrorObject,
    ),
    "vpcep-503": ErrorCase(
        call_vpcep,
        503,
        {"error": {"code": "EndPoint.0503", "message": "The system is unavailable."}},
        {"X-Request-Id": HEADER_REQUEST_ID},
        ServiceUnavailableError,
        "EndPoint.0503",
        HEADER_REQUEST_ID,
        ErrorObject,
    ),
    # Huawei DC: {"error_code", "error_msg", "request_id"}; the body's id wins over the header.
    "dc-404": ErrorCase(
        call_dc,
        404,
        {
            "error_code": "DCAAS.0001",
            "error_msg": "The resource does not exist.",
            "request_id": "ecf6442668da7d4adf0dfaf4bded8840",
        },
        {"X-Request-Id": HEADER_REQUEST_ID},
        NotFoundError,
        "DCAAS.0001",
        "ecf6442668da7d4adf0dfaf4bded8840",
        DcErrorCodeMsg,
    ),
    # Huawei ROMA: the page's 404 has no request_id in the body: the header's is used.
    "roma-404": ErrorCase(
        call_roma,
        404,
        ROMA_NOT_FOUND,
        {"X-Request-Id": HEADER_REQUEST_ID},
        NotFoundError,
        "APIG.3023",
        HEADER_REQUEST_ID,
        RomaErrorCodeMsg,
    ),
    "roma-500": ErrorCase(
        call_roma,
        500,
        {
            "error_code": "APIG.9999",
            "error_msg": "System error",
            "request_id": "0d3f6ab1c2e94d5e8f7a6b5c4d3e2f10",
        },
        {},
        InternalServerError,
        "APIG.9999",
        "0d3f6ab1c2e94d5e8f7a6b5c4d3e2f10",
        RomaErrorCodeMsg,
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_vendor_error_body_raises_the_status_exception(mode: Mode, case: ErrorCase) -> None:
    service = Service.json(case.body, case.status, case.headers)

    with pytest.raises(APIStatusError) as caught:
        case.call(mode, service)

    error = caught.value
    assert type(error) is case.exception
    assert error.status_code == case.status
    assert error.code == case.code
    assert error.request_id == case.request_id
    assert error.response.status_code == case.status
    assert error.request is service.request
    if case.body_type is None:
        assert error.body == case.body
    else:
        assert type(error.body) is case.body_type
        assert isinstance(error.body, Model)
        assert error.body.to_dict() == case.body
    assert f"[{case.code}]" in str(error)
    assert f"(request id {case.request_id})" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_zstack_error_keeps_the_root_cause(mode: Mode) -> None:
    service = Service.json(ZSTACK_ERROR, 404)

    with pytest.raises(NotFoundError) as caught:
        call_zstack(mode, service)

    body = caught.value.body
    assert isinstance(body, ZstackErrorResponse)
    assert body.error.code == "SYS.1000"
    assert body.error.cause is not None
    assert body.error.cause.code == "HOST.1001"
    assert body.error.cause.cause is None
    assert caught.value.request_id is None  # no id in a ZStack body, and no header sent


CALLS: dict[str, Call] = {
    "zstack": call_zstack,
    "alibaba": call_alibaba,
    "vpcep": call_vpcep,
    "dc": call_dc,
    "roma": call_roma,
}

GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_html_error_page_raises_the_status_exception_with_the_text(mode: Mode, call: Call) -> None:
    service = Service.text(GATEWAY_PAGE, 502)

    with pytest.raises(BadGatewayError) as caught:
        call(mode, service)

    assert caught.value.status_code == 502
    assert caught.value.code is None
    assert caught.value.request_id is None
    assert caught.value.body == GATEWAY_PAGE


# --- malformed success responses ------------------------------------------------------------------

LOGIN_PAGE = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>…</body></html>"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_html_200_raises_response_validation_error(mode: Mode, call: Call) -> None:
    service = Service.text(LOGIN_PAGE)

    with pytest.raises(APIResponseValidationError) as caught:
        call(mode, service)

    assert caught.value.status_code == 200
    assert caught.value.body == LOGIN_PAGE
    assert caught.value.response.status_code == 200
    assert caught.value.errors


@dataclass(frozen=True)
class WrongType:
    """A success example with one value replaced by a value of another JSON type."""

    call: Call
    spec: str
    route: str
    method: str
    example: str
    where: tuple[str | int, ...]  # the path of the value in the body
    value: Any

    def body(self) -> Any:
        body = success_example(self.spec, self.route, self.method, self.example)
        holder = body
        for key in self.where[:-1]:
            holder = holder[key]
        holder[self.where[-1]] = self.value
        return body

    def spec_diagnostics(self) -> list[str]:
        """What ``specgen validate`` says of the body, as the example of its operation."""
        from generator.checks import collect_examples
        from generator.checks.examples import validate_example

        tree = _tree()
        doc = tree.file_for(SPECS / self.spec)
        path: tuple[str, ...] = ("paths", self.route, self.method, "responses", "200", "content")
        path += ("application/json", "examples", self.example, "value")
        (found,) = [e for e in collect_examples(tree) if e.file is doc and e.path == path]
        return [d.message for d in validate_example(tree, replace(found, value=self.body()))]


@functools.cache
def _tree() -> Any:  # generator.openapi.tree.SpecTree, where the toolchain is installed
    from generator.openapi.tree import SpecTree

    return SpecTree.load(SPECS)


def assert_invalid_per_spec(case: WrongType) -> None:
    """The mutated body must be invalid per the spec's own example validator. Only where the
    toolchain is installed: the compatibility venvs (tests/test_dependency_ranges.py) hold the
    client alone, and `make test` checks this precondition of the same cases."""
    if have_toolchain():
        assert case.spec_diagnostics(), "the mutated body must be invalid per the spec"


VNI = ("inventories", "192.168.31.156,192.168.105.175", "sourceL2NetworkVni")

WRONG_TYPES = {
    "zstack": WrongType(
        call_zstack, ZSTACK_SPEC, ZSTACK_ROUTE, "get", "trackedConnections", VNI, "vxlan"
    ),
    # The XML shape of Alibaba lists, sent as JSON: an object where an array is expected.
    "alibaba": WrongType(
        call_alibaba,
        ALIBABA_SPEC,
        ALIBABA_ROUTE,
        "post",
        "success",
        ("VcoRouteEntries",),
        {"VcoRouteEntry": []},
    ),
    "vpcep": WrongType(
        call_vpcep,
        VPCEP_SPEC,
        VPCEP_ROUTE,
        "get",
        "connections",
        ("connections", 1, "created_at"),
        "yesterday",
    ),
    "dc": WrongType(
        call_dc,
        DC_SPEC,
        DC_ROUTE,
        "get",
        "vifPeerDetection",
        ("vif_peer_detection", "loss_ratio"),
        "none",
    ),
    "roma": WrongType(
        call_roma, ROMA_SPEC, ROMA_ROUTE, "get", "builtinChannel", ("members", 1, "port"), [22]
    ),
}


def assert_kept_and_listed(case: WrongType, result: Model) -> None:
    """The call returned the model with the wrong value kept as sent, at its place, and listed
    (path, what the spec says, what came)."""
    assert result.to_dict() == case.body()
    dumped: Any = result.to_dict()
    for key in case.where:
        dumped = dumped[key]
    assert type(dumped) is type(case.value) and dumped == case.value  # no conversion
    (issue,) = validation_issues(result)
    assert issue.location == case.where
    assert issue.got == case.value
    assert issue.expected


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_typed_field_is_kept_and_listed(mode: Mode, case: WrongType) -> None:
    assert_invalid_per_spec(case)

    result = case.call(mode, Service.json(case.body()))

    assert_kept_and_listed(case, result)


# JSON values of the wrong type that pydantic's lax mode would convert: a boolean or a numeric
# string where the spec says integer. (A float with a zero fraction, such as ZStack's 3101.0, is
# an integer in JSON Schema, and is accepted above.)
COERCIBLE = {
    "zstack-string-vni": WrongType(
        call_zstack, ZSTACK_SPEC, ZSTACK_ROUTE, "get", "trackedConnections", VNI, "3101"
    ),
    "alibaba-string-total": WrongType(
        call_alibaba, ALIBABA_SPEC, ALIBABA_ROUTE, "post", "success", ("TotalCount",), "1"
    ),
    "vpcep-string-total": WrongType(
        call_vpcep, VPCEP_SPEC, VPCEP_ROUTE, "get", "connections", ("total_count",), "2"
    ),
    "dc-boolean-loss-ratio": WrongType(
        call_dc,
        DC_SPEC,
        DC_ROUTE,
        "get",
        "vifPeerDetection",
        ("vif_peer_detection", "loss_ratio"),
        True,
    ),
    "roma-string-port": WrongType(
        call_roma, ROMA_SPEC, ROMA_ROUTE, "get", "builtinChannel", ("port",), "22"
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", COERCIBLE.values(), ids=COERCIBLE.keys())
def test_coercible_wrong_type_is_kept_as_sent(mode: Mode, case: WrongType) -> None:
    """The spec rejects these bodies, so the client must not convert them (``true`` to 1,
    ``"2"`` to 2): that would hide a service that broke its contract, and ``to_dict`` would no
    longer give the body the service sent."""
    assert_invalid_per_spec(case)

    result = case.call(mode, Service.json(case.body()))

    assert_kept_and_listed(case, result)
