"""The generated client against the mock over real HTTP: every operation, sync and async, signed
for real (Huawei AK/SK, Alibaba signature V3, ZStack session), gets the typed result of the spec's
example; error statuses raise the typed errors with the vendor's code; a wrong key is refused."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
from cloudnet import (
    AlibabaAcs3,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    HuaweiAkSk,
    HuaweiIamToken,
    InternalServerError,
    Model,
    NotFoundError,
    PermissionDeniedError,
    ServiceUnavailableError,
    ZStackSession,
    response_of,
)
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.huawei.dc import AsyncHuaweiDcClient, HuaweiDcClient
from cloudnet.huawei.roma import AsyncHuaweiRomaClient, HuaweiRomaClient
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.zstack.vpc import AsyncZstackVpcClient, ZstackVpcClient

from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_TOKEN,
    ZSTACK_SESSION,
    assert_conforms,
    running_mock,
    spec_operations,
)

PROJECT = "b197c48159d44a66b32c538c3f8da89a"


@dataclass(frozen=True)
class Case:
    operation_id: str
    sync: type[Any]
    asynchronous: type[Any]
    method: str
    arguments: dict[str, Any]
    options: dict[str, Any]
    credentials: Callable[[], Any]


def huawei() -> HuaweiAkSk:
    return HuaweiAkSk(HUAWEI_AK, HUAWEI_SK)


CASES = [
    Case(
        "ListServiceConnections",
        HuaweiVpcepClient,
        AsyncHuaweiVpcepClient,
        "list_service_connections",
        {"vpc_endpoint_service_id": "4189d3c2-8882-4871-a3c2-d380272eed88", "limit": 10},
        {"project_id": PROJECT},
        huawei,
    ),
    Case(
        "ShowVifPeerDetection",
        HuaweiDcClient,
        AsyncHuaweiDcClient,
        "show_vif_peer_detection",
        {"vif_peer_id": "3284c6e2-a803-4108-8496-ed3f150697d6"},
        {"project_id": PROJECT},
        huawei,
    ),
    Case(
        "ShowDetailsOfVpcChannelV2",
        HuaweiRomaClient,
        AsyncHuaweiRomaClient,
        "show_details_of_vpc_channel_v2",
        {
            "instance_id": "f0fa1789-3b76-433b-a787-9892951c620e",
            "vpc_channel_id": "56a7d7358e1b42459c9d730d65b14e59",
        },
        {"project_id": PROJECT},
        huawei,
    ),
    Case(
        "DescribeVcoRouteEntries",
        AlibabaVpcClient,
        AsyncAlibabaVpcClient,
        "describe_vco_route_entries",
        {
            "region_id": "cn-hangzhou",
            "vpn_connection_id": "vco-p0w2jpkhi2eeop6q6****",
            "page_size": 10,
            "route_entry_type": "custom",
        },
        {},
        lambda: AlibabaAcs3(ALIBABA_ID, ALIBABA_SECRET),
    ),
    Case(
        "GetVpcVRouterDistributedRoutingConnections",
        ZstackVpcClient,
        AsyncZstackVpcClient,
        "get_vpc_v_router_distributed_routing_connections",
        {"uuid": "2b7c1d3f9e2a4b5c8d7e6f5a4b3c2d1e", "system_tags": ["a", "b"]},
        {},
        lambda: ZStackSession(ZSTACK_SESSION),
    ),
]
IDS = [case.operation_id for case in CASES]


def test_every_operation_has_a_case() -> None:
    assert sorted(IDS) == sorted(spec_operations())


def example(operation_id: str, status: str = "200") -> Any:
    return next(iter(spec_operations()[operation_id].responses[status].examples.values()))


def _client(case: Case, url: str, asynchronous: bool = False, **extra: Any) -> Any:
    cls = case.asynchronous if asynchronous else case.sync
    options = {"credentials": case.credentials(), **case.options, **extra}
    return cls(base_url=url, max_retries=0, **options)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_sync_call_gets_the_typed_example(mock_url: str, case: Case) -> None:
    with _client(case, mock_url) as client:
        result = getattr(client, case.method)(**case.arguments)
    assert isinstance(result, Model)
    assert result.to_dict() == example(case.operation_id)
    response = response_of(result)
    assert response is not None
    assert response.status_code == 200
    assert_conforms(case.operation_id, response)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_async_call_gets_the_typed_example(mock_url: str, case: Case) -> None:
    async def run() -> Any:
        async with _client(case, mock_url, asynchronous=True) as client:
            return await getattr(client, case.method)(**case.arguments)

    result = asyncio.run(run())
    assert isinstance(result, Model)
    assert result.to_dict() == example(case.operation_id)


# Per operation: a status it declares, the typed error, and the code its example carries.
ERRORS: list[tuple[str, int, type[APIStatusError], str]] = [
    ("ListServiceConnections", 400, BadRequestError, "EndPoint.0001"),
    # VPC Endpoint documents no 500 code: the general one of Huawei's gateway.
    ("ListServiceConnections", 500, InternalServerError, "APIGW.0202"),
    ("ShowVifPeerDetection", 404, NotFoundError, "DCAAS.0001"),
    ("ShowDetailsOfVpcChannelV2", 404, NotFoundError, "APIG.3023"),
    ("ShowDetailsOfVpcChannelV2", 500, InternalServerError, "APIG.9999"),
    ("DescribeVcoRouteEntries", 404, NotFoundError, "InvalidVpnConnectionInstanceId.NotFound"),
    ("DescribeVcoRouteEntries", 403, PermissionDeniedError, "Forbbiden.SubUser"),
    ("GetVpcVRouterDistributedRoutingConnections", 503, ServiceUnavailableError, "SYS.1000"),
]


@pytest.mark.parametrize(("operation_id", "status", "error", "code"), ERRORS)
@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_error_statuses_raise_the_typed_errors(
    mock_url: str,
    operation_id: str,
    status: int,
    error: type[APIStatusError],
    code: str,
    asynchronous: bool,
) -> None:
    case = next(c for c in CASES if c.operation_id == operation_id)
    headers = {"Prefer": f"code={status}"}

    async def run() -> None:
        async with _client(case, mock_url, asynchronous=True, headers=headers) as client:
            await getattr(client, case.method)(**case.arguments)

    with pytest.raises(error) as raised:
        if asynchronous:
            asyncio.run(run())
        else:
            with _client(case, mock_url, headers=headers) as client:
                getattr(client, case.method)(**case.arguments)
    assert raised.value.status_code == status
    assert raised.value.code == code
    # The request id the error carries (from the body where the shape has one, Alibaba's
    # RequestId, Huawei's flat request_id; else the header) is this response's.
    assert raised.value.request_id == raised.value.response.headers["x-request-id"]
    assert_conforms(operation_id, raised.value.response)


def test_a_bad_parameter_raises_the_code_documented_for_it(mock_url: str) -> None:
    """RouteEntryType=static is refused with the code the vendor page documents for that
    parameter, not the product-wide InvalidParameter; two calls, two request ids."""
    case = next(c for c in CASES if c.operation_id == "DescribeVcoRouteEntries")
    ids = set()
    with _client(case, mock_url) as client:
        for _ in range(2):
            with pytest.raises(BadRequestError) as raised:
                client.describe_vco_route_entries(
                    **{**case.arguments, "route_entry_type": cast(Any, "static")}
                )
            assert raised.value.code == "IllegalParam.RouteEntryType"
            assert raised.value.request_id == raised.value.response.headers["x-request-id"]
            ids.add(raised.value.request_id)
    assert len(ids) == 2


WRONG_KEYS: list[tuple[str, Callable[[], Any], type[APIStatusError], str]] = [
    (
        "ListServiceConnections",
        lambda: HuaweiAkSk(HUAWEI_AK, "wrong"),
        AuthenticationError,
        "APIGW.0301",
    ),
    (
        "ShowVifPeerDetection",
        lambda: HuaweiAkSk("NOSUCHAK", HUAWEI_SK),
        AuthenticationError,
        "APIGW.0301",
    ),
    (
        "ShowDetailsOfVpcChannelV2",
        lambda: HuaweiAkSk(HUAWEI_AK, HUAWEI_SK + "0"),
        AuthenticationError,
        "APIGW.0301",
    ),
    (
        "DescribeVcoRouteEntries",
        lambda: AlibabaAcs3(ALIBABA_ID, "wrong"),
        PermissionDeniedError,
        "SignatureDoesNotMatch",
    ),
    (
        "DescribeVcoRouteEntries",
        lambda: AlibabaAcs3("NOSUCHKEY", ALIBABA_SECRET),
        NotFoundError,
        "InvalidAccessKeyId.NotFound",
    ),
]


@pytest.mark.parametrize(("operation_id", "credentials", "error", "code"), WRONG_KEYS)
def test_a_wrong_key_is_refused_with_the_vendor_error(
    mock_url: str,
    operation_id: str,
    credentials: Callable[[], Any],
    error: type[APIStatusError],
    code: str,
) -> None:
    case = next(c for c in CASES if c.operation_id == operation_id)
    with (
        _client(case, mock_url, credentials=credentials()) as client,
        pytest.raises(error) as raised,
    ):
        getattr(client, case.method)(**case.arguments)
    assert raised.value.code == code
    assert_conforms(operation_id, raised.value.response)


def test_wrong_token_and_session_are_refused(mock_url: str) -> None:
    with (
        HuaweiDcClient(
            base_url=mock_url, project_id=PROJECT, credentials=HuaweiIamToken("t"), max_retries=0
        ) as client,
        pytest.raises(AuthenticationError) as raised,
    ):
        client.show_vif_peer_detection(vif_peer_id="3284c6e2-a803-4108-8496-ed3f150697d6")
    assert raised.value.code == "APIGW.0301"
    with (
        ZstackVpcClient(
            base_url=mock_url, credentials=ZStackSession("expired"), max_retries=0
        ) as zstack,
        pytest.raises(BadRequestError) as refused,
    ):
        zstack.get_vpc_v_router_distributed_routing_connections(uuid="u")
    assert refused.value.code == "ID.1001"


def test_iam_token_credentials(mock_url: str) -> None:
    with HuaweiDcClient(
        base_url=mock_url, project_id=PROJECT, credentials=HuaweiIamToken(IAM_TOKEN), max_retries=0
    ) as client:
        result = client.show_vif_peer_detection(vif_peer_id="3284c6e2-a803-4108-8496-ed3f150697d6")
    assert result.to_dict() == example("ShowVifPeerDetection")


def test_bad_argument_is_refused_by_the_mock(mock_url: str) -> None:
    case = CASES[0]
    with _client(case, mock_url) as client, pytest.raises(BadRequestError) as raised:
        client.list_service_connections(vpc_endpoint_service_id="s", limit=5000)
    assert raised.value.code == "EndPoint.0001"
    assert "limit" in str(raised.value.body)


@pytest.fixture(scope="module")
def dynamic_url() -> Iterator[str]:
    for server in running_mock(dynamic=True):
        yield server.url


def test_pagination_walks_every_page_sync_and_async(dynamic_url: str) -> None:
    vpcep, alibaba = CASES[0], CASES[3]
    with _client(vpcep, dynamic_url) as client:
        ids = [
            c.id
            for c in client.iter_list_service_connections(vpc_endpoint_service_id="s", limit=10)
        ]
    assert len(ids) == len(set(ids)) == 25
    with _client(alibaba, dynamic_url) as client:
        entries = list(
            client.iter_describe_vco_route_entries(
                region_id="r", vpn_connection_id="v", page_size=7
            )
        )
    assert len(entries) == 25

    async def run() -> int:
        async with _client(vpcep, dynamic_url, asynchronous=True) as client:
            return len(
                [
                    c
                    async for c in client.iter_list_service_connections(
                        vpc_endpoint_service_id="s", limit=4
                    )
                ]
            )

    assert asyncio.run(run()) == 25
