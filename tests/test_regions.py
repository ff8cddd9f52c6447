"""Every region the official SDKs list reaches, from a client built with ``region=``, exactly the
host the SDK uses (issue 15, "Hosts").

The SDKs' tables are read by the SDKs themselves, in .venv-vendor (tests/vendor_regions.py): the
Huawei region classes (``DcRegion``, ``VpcepRegion``, ``RomaRegion``) and the Alibaba VPC
client's endpoint map; the full run (``CLOUDNET_FULL=1``) also has the Alibaba client compute
the host of every region, its regional rule included. Calls go over ``httpx.MockTransport``.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import typing
from collections.abc import Callable
from typing import Any

import cloudnet
import httpx
import pytest
from cloudnet import AlibabaAcs3, HuaweiAkSk, ServerVariableError
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.huawei.dc import AsyncHuaweiDcClient, HuaweiDcClient
from cloudnet.huawei.roma import AsyncHuaweiRomaClient, HuaweiRomaClient
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient

from tests.vendor_worker import ROOT, VENDOR_PYTHON

WORKER = ROOT / "tests" / "vendor_regions.py"
PROJECT = "b197c48159d44a66b32c538c3f8da89a"
UNKNOWN = "mars-north-1"
#: The Huawei clients by spec file (the keys of vendor_regions.py), sync and async.
HUAWEI: dict[str, tuple[type[Any], type[Any]]] = {
    "huawei/dc": (HuaweiDcClient, AsyncHuaweiDcClient),
    "huawei/vpcep": (HuaweiVpcepClient, AsyncHuaweiVpcepClient),
    "huawei/roma": (HuaweiRomaClient, AsyncHuaweiRomaClient),
}
#: Regions outside the Alibaba client's endpoint map: its regional rule answers for them.
ALIBABA_RULE_REGIONS = [
    "cn-beijing",
    "cn-shanghai",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-southeast-1",
    "eu-central-1",
    "us-west-1",
    "me-east-1",
    UNKNOWN,
]


def official(*, full: bool) -> dict[str, Any]:
    if not VENDOR_PYTHON.exists():
        pytest.fail(f"{VENDOR_PYTHON} is missing: run make test (it installs .venv-vendor)")
    request = {"full": full, "alibaba_extra": ALIBABA_RULE_REGIONS, "unknown": UNKNOWN}
    done = subprocess.run(
        [str(VENDOR_PYTHON), str(WORKER), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


@pytest.fixture(scope="module")
def sdk() -> dict[str, Any]:
    return official(full=False)


# One httpx client for the clients that only show their base URL: a client that makes its own
# loads the CA bundle (a tenth of a second each, hundreds of them here).
_HTTP = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(500)))
_AHTTP = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(500)))


def _make(client_class: type[Any], **settings: Any) -> Any:
    http = _AHTTP if client_class.__name__.startswith("Async") else _HTTP
    return client_class(http_client=http, **settings)


def _regions(client_class: type[Any]) -> set[str]:
    """The values the constructor's ``region`` takes, as a type checker reads them."""
    return set(typing.get_args(typing.get_type_hints(client_class.__init__)["region"]))


@pytest.mark.parametrize("api", sorted(HUAWEI))
def test_huawei_client_reaches_the_sdk_host_of_every_sdk_region(
    sdk: dict[str, Any], api: str
) -> None:
    table: dict[str, list[str]] = sdk[api]["regions"]
    sync_class, async_class = HUAWEI[api]
    assert _regions(sync_class) == _regions(async_class) == set(table)
    for region, endpoints in table.items():
        assert len(endpoints) == 1, (region, endpoints)  # one host each, no failover list
        assert _make(sync_class, region=region).base_url == endpoints[0], region
        assert _make(async_class, region=region).base_url == endpoints[0], region
        assert _make(sync_class).with_options(region=region).base_url == endpoints[0], region


def test_the_hosts_off_the_pattern_are_those_of_the_issue(sdk: dict[str, Any]) -> None:
    """The two facts issue 15 reports, through the SDKs' own tables."""
    dc = sdk["huawei/dc"]["regions"]["ap-southeast-1"][0]
    assert _make(HuaweiDcClient, region="ap-southeast-1").base_url == dc
    assert dc == "https://dcaas.ap-southeast-1.myhuaweicloud.com"
    eu = sdk["huawei/vpcep"]["regions"]["eu-west-101"][0]
    assert _make(HuaweiVpcepClient, region="eu-west-101").base_url == eu
    assert eu == "https://vpcep.eu-west-101.myhuaweicloud.eu"


@pytest.mark.parametrize("api", sorted(HUAWEI))
def test_a_region_the_huawei_sdk_refuses_is_refused(sdk: dict[str, Any], api: str) -> None:
    assert UNKNOWN in sdk[api]["unknown"]  # the SDK's KeyError: not in its supported regions
    sync_class, async_class = HUAWEI[api]
    makers: list[Callable[[], object]] = [
        lambda: _make(sync_class, region=UNKNOWN),
        lambda: _make(async_class, region=UNKNOWN),
        lambda: _make(sync_class).with_options(region=UNKNOWN),
    ]
    for make in makers:
        with pytest.raises(ServerVariableError) as caught:
            make()
        message = str(caught.value)
        assert f"region {UNKNOWN!r}" in message and "base_url=" in message
        assert sync_class.__name__ in message and "cn-north-4" in message
    assert isinstance(caught.value, cloudnet.CloudnetError) and isinstance(caught.value, ValueError)
    # base_url reaches any host, whatever region the client was built for.
    assert _make(sync_class, base_url="https://example.test/").base_url == "https://example.test"


def test_alibaba_client_reaches_the_host_of_every_region_of_the_sdk_map(
    sdk: dict[str, Any],
) -> None:
    table: dict[str, str] = sdk["alibaba/vpc"]["map"]
    assert len(table) > 30 and len(set(table.values())) > 1  # some share a host, some do not
    for region, host in table.items():
        assert _make(AlibabaVpcClient, region=region).base_url == host, region
        assert _make(AsyncAlibabaVpcClient, region=region).base_url == host, region
    # The default region is the SDK's first, cn-hangzhou, on the central host.
    default = _make(AlibabaVpcClient).base_url
    assert default == table["cn-hangzhou"] == "https://vpc.aliyuncs.com"


def test_alibaba_region_outside_the_map_takes_the_regional_rule() -> None:
    """As the SDK does (its "regional" endpoint rule), and for any region: no enum, so the
    constructor takes any string."""
    assert typing.get_type_hints(AlibabaVpcClient.__init__)["region"] is str
    for region in ALIBABA_RULE_REGIONS:
        expected = f"https://vpc.{region}.aliyuncs.com"
        assert _make(AlibabaVpcClient, region=region).base_url == expected
        assert _make(AlibabaVpcClient).with_options(region=region).base_url == expected


@pytest.mark.full
def test_alibaba_hosts_are_those_the_official_client_computes() -> None:
    """The Alibaba client itself, built for every region of its map and for regions outside
    it (its regional rule), against ours. (Importing the official client takes seconds.)"""
    hosts: dict[str, str] = official(full=True)["alibaba/vpc"]["hosts"]
    assert set(ALIBABA_RULE_REGIONS) <= set(hosts)
    for region, host in hosts.items():
        assert _make(AlibabaVpcClient, region=region).base_url == host, region


class Recorder:
    """A MockTransport handler: keeps each request, answers 404 with a vendor-like error."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(404, json={"error_code": "X.404", "Code": "NotFound"})


def _call(client: Any) -> None:
    """The client's one operation, with arguments that need no other set-up."""
    if isinstance(client, HuaweiDcClient):
        client.show_vif_peer_detection(vif_peer_id="v")
    elif isinstance(client, HuaweiVpcepClient):
        client.list_service_connections(vpc_endpoint_service_id="s")
    elif isinstance(client, HuaweiRomaClient):
        client.show_details_of_vpc_channel_v2(instance_id="i", vpc_channel_id="c")
    else:
        client.describe_vco_route_entries(region_id="cn-hangzhou", vpn_connection_id="vco-1")


def _client(api: str, region: str, recorder: Recorder) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    if api == "alibaba/vpc":
        return AlibabaVpcClient(
            region=region, credentials=AlibabaAcs3("id", "secret"), http_client=http, max_retries=0
        )
    return HUAWEI[api][0](
        region=region,
        project_id=PROJECT,
        credentials=HuaweiAkSk("ak", "sk"),
        http_client=http,
        max_retries=0,
    )


@pytest.mark.parametrize(
    ("api", "region"),
    [
        ("huawei/dc", "ap-southeast-1"),
        ("huawei/vpcep", "eu-west-101"),
        ("huawei/vpcep", "cn-north-4"),
        ("huawei/roma", "ru-northwest-2"),
        ("alibaba/vpc", "cn-hangzhou"),
        ("alibaba/vpc", "cn-edge-1"),
        ("alibaba/vpc", "cn-zhangjiakou-na62-a01"),
    ],
)
def test_a_call_goes_to_the_sdk_host(sdk: dict[str, Any], api: str, region: str) -> None:
    table = sdk[api]["map"] if api == "alibaba/vpc" else sdk[api]["regions"]
    expected = httpx.URL(table[region] if api == "alibaba/vpc" else table[region][0])
    recorder = Recorder()
    with pytest.raises(cloudnet.NotFoundError), _client(api, region, recorder) as client:
        _call(client)
    (sent,) = recorder.requests
    assert (sent.url.scheme, sent.url.host) == ("https", expected.host)
    assert sent.headers["Host"] == expected.host  # the host the request was signed for


def test_with_options_region_moves_the_calls_and_leaves_the_original(
    sdk: dict[str, Any],
) -> None:
    eu = httpx.URL(sdk["huawei/vpcep"]["regions"]["eu-west-101"][0]).host
    home = httpx.URL(sdk["huawei/vpcep"]["regions"]["cn-north-4"][0]).host
    recorder = Recorder()
    with _client("huawei/vpcep", "cn-north-4", recorder) as client:
        for target in (client.with_options(region="eu-west-101"), client):
            with pytest.raises(cloudnet.NotFoundError):
                _call(target)
        # base_url given with region: base_url wins.
        moved = client.with_options(region="eu-west-101", base_url="https://proxy.test")
        assert moved.base_url == "https://proxy.test"
    assert [r.url.host for r in recorder.requests] == [eu, home]


async def _async_call(recorder: Recorder) -> None:
    async with AsyncHuaweiVpcepClient(
        region="eu-west-101",
        project_id=PROJECT,
        credentials=HuaweiAkSk("ak", "sk"),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)),
        max_retries=0,
    ) as client:
        await client.list_service_connections(vpc_endpoint_service_id="s")


def test_an_async_call_goes_to_the_sdk_host(sdk: dict[str, Any]) -> None:
    recorder = Recorder()
    with pytest.raises(cloudnet.NotFoundError):
        asyncio.run(_async_call(recorder))
    expected = httpx.URL(sdk["huawei/vpcep"]["regions"]["eu-west-101"][0])
    assert [r.url.host for r in recorder.requests] == [expected.host]
