"""Retries, idempotency tokens, credentials, pagination, logging and raw responses, over
httpx.MockTransport (sync and async), with a fake clock."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs

import httpx
import pytest
from cloudnet import (
    AlibabaAcs3,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HuaweiAkSk,
    HuaweiIamToken,
    MissingCredentialsError,
    ServiceUnavailableError,
    ZStackSession,
    response_of,
)
from cloudnet._core import AsyncAPIClient, Model, Operation, SyncAPIClient
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.zstack.vpc import ZstackVpcClient

SECRET = "s3cr3t-t0ken-value"


class Thing(Model):
    name: str


GET = Operation(operation_id="GetThing", method="GET", path="/thing")
POST = Operation(operation_id="MakeThing", method="POST", path="/thing")
POST_WITH_TOKEN = Operation(
    operation_id="MakeThingOnce", method="POST", path="/thing", idempotency_token="ClientToken"
)


class Script:
    """A mock service answering with the responses given, in turn; records the requests."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok() -> httpx.Response:
    return httpx.Response(200, json={"name": "x"})


def unavailable(**headers: str) -> httpx.Response:
    return httpx.Response(503, json={"error_code": "SYS.503"}, headers=headers)


def sync_client(script: Script, sleeps: list[float], **kw: object) -> SyncAPIClient:
    return SyncAPIClient(
        base_url="https://api.example",
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        sleep=sleeps.append,
        rng=random.Random(7),
        **kw,
    )


def test_server_errors_are_retried_with_growing_jittered_waits() -> None:
    sleeps: list[float] = []
    script = Script(unavailable(), unavailable(), ok())
    result = sync_client(script, sleeps)._request(GET, cast_to=Thing)
    assert result.name == "x" and len(script.requests) == 3
    assert len(sleeps) == 2
    assert 0.25 <= sleeps[0] < 0.5 and 0.5 <= sleeps[1] < 1.0  # initial 0.5 s, doubled, jitter


def test_retries_stop_at_max_retries_and_raise_the_last_error() -> None:
    sleeps: list[float] = []
    script = Script(unavailable())
    with pytest.raises(ServiceUnavailableError) as caught:
        sync_client(script, sleeps, max_retries=3)._request(GET, cast_to=Thing)
    assert len(script.requests) == 4 and len(sleeps) == 3
    assert caught.value.code == "SYS.503"


def test_retry_after_is_honoured_in_seconds_and_as_a_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    sleeps: list[float] = []
    script = Script(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(503, headers={"Retry-After": later}),
        ok(),
    )
    sync_client(script, sleeps)._request(GET, cast_to=Thing)
    assert sleeps[0] == 7.0
    assert 25 < sleeps[1] <= 30


def test_client_errors_are_not_retried() -> None:
    sleeps: list[float] = []
    script = Script(httpx.Response(400, json={}))
    with pytest.raises(BadRequestError):
        sync_client(script, sleeps)._request(GET, cast_to=Thing)
    assert len(script.requests) == 1 and sleeps == []


def test_a_post_is_repeated_only_with_an_idempotency_token_which_stays_the_same() -> None:
    sleeps: list[float] = []
    plain = Script(unavailable(), ok())
    with pytest.raises(ServiceUnavailableError):
        sync_client(plain, sleeps)._request(POST, cast_to=Thing)
    assert len(plain.requests) == 1
    once = Script(unavailable(), unavailable(), ok())
    sync_client(once, sleeps)._request(POST_WITH_TOKEN, cast_to=Thing)
    tokens = [parse_qs(r.url.query.decode())["ClientToken"][0] for r in once.requests]
    assert len(tokens) == 3 and len(set(tokens)) == 1 and len(tokens[0]) == 36
    given = Script(ok())
    sync_client(given, sleeps)._request(POST_WITH_TOKEN, cast_to=Thing, query={"ClientToken": "t1"})
    assert parse_qs(given.requests[0].url.query.decode())["ClientToken"] == ["t1"]


def test_connection_errors_and_timeouts_are_retried_then_typed() -> None:
    sleeps: list[float] = []
    script = Script(httpx.ConnectError("refused"), ok())
    assert sync_client(script, sleeps)._request(GET, cast_to=Thing).name == "x"
    timeouts = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        sync_client(timeouts, sleeps)._request(GET, cast_to=Thing)
    assert len(timeouts.requests) == 3
    refused = Script(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        sync_client(refused, sleeps, max_retries=0)._request(GET, cast_to=Thing)
    assert len(refused.requests) == 1


def test_with_options_changes_retries_and_timeout_for_its_calls_only() -> None:
    sleeps: list[float] = []
    script = Script(unavailable())
    client = sync_client(script, sleeps)
    quick = client.with_options(max_retries=0, timeout=3.0)
    with pytest.raises(ServiceUnavailableError):
        quick._request(GET, cast_to=Thing)
    assert len(script.requests) == 1 and quick.timeout.read == 3.0
    assert client.retry.max_retries == 2 and client.timeout.read == 60.0
    quick.close()
    assert not client._client.is_closed


def test_async_client_retries_the_same_way() -> None:
    sleeps: list[float] = []
    script = Script(unavailable(), ok())

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def run() -> str:
        client = AsyncAPIClient(
            base_url="https://api.example",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
            async_sleep=fake_sleep,
        )
        return (await client._request(GET, cast_to=Thing)).name

    assert asyncio.run(run()) == "x"
    assert len(script.requests) == 2 and len(sleeps) == 1


# -- credentials -----------------------------------------------------------------------------


def test_the_credential_that_meets_the_operations_requirement_is_used() -> None:
    script = Script(httpx.Response(200, json={"connections": [], "total_count": 0}))
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=HuaweiIamToken(SECRET),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    client.list_service_connections(vpc_endpoint_service_id="svc")
    assert script.requests[0].headers["X-Auth-Token"] == SECRET


def test_a_credential_the_operation_does_not_accept_is_an_error_naming_both() -> None:
    client = HuaweiVpcepClient(project_id="p", credentials=ZStackSession("session-1"))
    with pytest.raises(MissingCredentialsError) as caught:
        client.list_service_connections(vpc_endpoint_service_id="svc")
    assert "IamToken or AkSkSignature" in str(caught.value)
    assert "zstack-session" in str(caught.value) and "session-1" not in str(caught.value)


def test_zstack_session_header_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZSTACK_SESSION_UUID", SECRET)
    script = Script(httpx.Response(200, json={"inventories": {}}))
    client = ZstackVpcClient(
        credentials=ZStackSession(), http_client=httpx.Client(transport=httpx.MockTransport(script))
    )
    client.get_vpc_v_router_distributed_routing_connections(uuid="u")
    assert script.requests[0].headers["Authorization"] == f"OAuth {SECRET}"
    monkeypatch.delenv("ZSTACK_SESSION_UUID")
    with pytest.raises(MissingCredentialsError, match="ZSTACK_SESSION_UUID"):
        ZStackSession()


def test_secrets_stay_out_of_repr_logs_and_errors(caplog: pytest.LogCaptureFixture) -> None:
    credential = HuaweiIamToken(SECRET)
    script = Script(
        httpx.Response(401, json={"error": {"code": "APIGW.0301", "message": "bad token"}})
    )
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=credential,
        headers={"X-Extra": SECRET},
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        max_retries=0,
    )
    with (
        caplog.at_level(logging.DEBUG, logger="cloudnet"),
        pytest.raises(AuthenticationError) as caught,
    ):
        client.list_service_connections(vpc_endpoint_service_id="svc")
    assert SECRET not in repr(credential) and SECRET not in repr(client)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    assert caplog.records, "the request line is logged at debug level"
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_the_request_line_and_timing_are_logged_and_secret_query_values_hidden(
    caplog: pytest.LogCaptureFixture,
) -> None:
    script = Script(ok())
    client = sync_client(script, [])
    with caplog.at_level(logging.DEBUG, logger="cloudnet"):
        client._request(GET, cast_to=Thing, query={"SecurityToken": SECRET, "page": 2})
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith(
        "GET https://api.example/thing?SecurityToken=%2A%2A%2A&page=2 -> 200 in "
    )
    assert SECRET not in line


def test_the_raw_response_stays_reachable() -> None:
    script = Script(httpx.Response(200, json={"name": "x"}, headers={"X-Request-Id": "r-9"}))
    thing = sync_client(script, [])._request(GET, cast_to=Thing)
    response = response_of(thing)
    assert response is not None and response.headers["X-Request-Id"] == "r-9"
    assert response.status_code == 200 and thing.name == "x"
    assert response_of(Thing(name="made here")) is None


# -- pagination ------------------------------------------------------------------------------


# The generated clients never send an operation that needs signing unsigned.
TOKEN = HuaweiIamToken("iam-token")
ALIBABA_KEY = AlibabaAcs3("LTAI-id", "alibaba-secret")


def pages(*bodies: dict[str, object]) -> Callable[[httpx.Request], httpx.Response]:
    answers = list(bodies)

    def handler(request: httpx.Request) -> httpx.Response:
        handler.requests.append(request)  # type: ignore[attr-defined]
        return httpx.Response(200, json=answers.pop(0))

    handler.requests = []  # type: ignore[attr-defined]
    return handler


def connections(*ids: str, total: int | None) -> dict[str, object]:
    body: dict[str, object] = {"connections": [{"id": i} for i in ids]}
    if total is not None:
        body["total_count"] = total
    return body


def test_offset_pagination_walks_to_an_empty_last_page() -> None:
    handler = pages(
        connections("a", "b", total=99), connections("c", "d", total=99), connections(total=99)
    )
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    ids = [c.id for c in client.iter_list_service_connections(vpc_endpoint_service_id="s")]
    assert ids == ["a", "b", "c", "d"]
    offsets = [r.url.params.get("offset") for r in handler.requests]  # type: ignore[attr-defined]
    assert offsets == ["0", "2", "4"]


def test_offset_pagination_stops_at_a_short_page_or_the_total() -> None:
    short = pages(connections("a", "b", total=None), connections("c", total=None))
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(short)),
    )
    items = list(client.iter_list_service_connections(vpc_endpoint_service_id="s", limit=2))
    assert [c.id for c in items] == ["a", "b", "c"] and len(short.requests) == 2  # type: ignore[attr-defined]
    # The total grows from 3 to 4 while walking: the latest total is the one that counts.
    growing = pages(connections("a", "b", total=3), connections("c", "d", total=4))
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(growing)),
    )
    items = list(client.iter_list_service_connections(vpc_endpoint_service_id="s"))
    assert [c.id for c in items] == ["a", "b", "c", "d"] and len(growing.requests) == 2  # type: ignore[attr-defined]


def entries(*dests: str, total: int, page: int) -> dict[str, object]:
    return {
        "TotalCount": total,
        "PageNumber": page,
        "PageSize": 2,
        "RequestId": f"r{page}",
        "VcoRouteEntries": [{"RouteDest": d} for d in dests],
    }


def test_page_number_pagination_sync_and_async() -> None:
    bodies = [
        entries("10.0.0.0/24", "10.0.1.0/24", total=3, page=1),
        entries("10.0.2.0/24", total=3, page=2),
    ]
    handler = pages(*bodies)
    client = AlibabaVpcClient(
        credentials=ALIBABA_KEY, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    dests = [
        e.route_dest
        for e in client.iter_describe_vco_route_entries(
            region_id="cn-hangzhou", vpn_connection_id="vco-1", page_size=2
        )
    ]
    assert dests == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    numbers = [r.url.params["PageNumber"] for r in handler.requests]  # type: ignore[attr-defined]
    assert numbers == ["1", "2"]

    async_handler = pages(*bodies)

    async def walk() -> list[str | None]:
        client = AsyncAlibabaVpcClient(
            credentials=ALIBABA_KEY,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(async_handler)),
        )
        return [
            e.route_dest
            async for e in client.iter_describe_vco_route_entries(
                region_id="cn-hangzhou", vpn_connection_id="vco-1", page_size=2
            )
        ]

    assert asyncio.run(walk()) == dests


def test_async_offset_pagination() -> None:
    handler = pages(connections("a", total=2), connections("b", total=2))

    async def walk() -> list[str | None]:
        client = AsyncHuaweiVpcepClient(
            project_id="p",
            credentials=TOKEN,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        )
        return [
            c.id async for c in client.iter_list_service_connections(vpc_endpoint_service_id="s")
        ]

    assert asyncio.run(walk()) == ["a", "b"]


# -- the generated clients sign with the vendors' schemes ----------------------------------------


def test_alibaba_client_signs_with_v3_and_moves_the_action_to_headers() -> None:
    script = Script(httpx.Response(200, json=entries(total=0, page=1)))
    client = AlibabaVpcClient(
        credentials=AlibabaAcs3("LTAI-id", SECRET),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    client.describe_vco_route_entries(region_id="cn-hangzhou", vpn_connection_id="vco-1")
    sent = script.requests[0]
    assert sent.headers["x-acs-action"] == "DescribeVcoRouteEntries"
    assert sent.headers["x-acs-version"] == "2016-04-28"
    assert "Action" not in sent.url.params and sent.url.params["RegionId"] == "cn-hangzhou"
    assert sent.headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=LTAI-id,")
    assert SECRET not in str(sent.headers) and SECRET not in str(sent.url)


def test_huawei_client_signs_every_attempt_afresh() -> None:
    clock = iter(
        [datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC), datetime(2026, 1, 1, 0, 0, 9, tzinfo=UTC)]
    )
    script = Script(unavailable(), httpx.Response(200, json=connections(total=0)))
    client = HuaweiVpcepClient(
        project_id="p",
        credentials=HuaweiAkSk("AK", SECRET, clock=lambda: next(clock)),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    client._sleep = lambda seconds: None
    client.list_service_connections(vpc_endpoint_service_id="svc")
    first, second = script.requests
    assert first.headers["X-Sdk-Date"] == "20260101T000000Z"
    assert second.headers["X-Sdk-Date"] == "20260101T000009Z"
    assert first.headers["Authorization"] != second.headers["Authorization"]
    assert second.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=AK, SignedHeaders=")


def test_async_timeouts_are_retried_then_typed_and_the_token_is_kept() -> None:
    timeouts = Script(httpx.ReadTimeout("slow"))
    tokened = Script(unavailable(), ok())
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    def client(script: Script) -> AsyncAPIClient:
        return AsyncAPIClient(
            base_url="https://api.example",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
            async_sleep=fake_sleep,
        )

    async def run() -> None:
        with pytest.raises(APITimeoutError):
            await client(timeouts)._request(GET, cast_to=Thing)
        await client(tokened)._request(POST_WITH_TOKEN, cast_to=Thing)

    asyncio.run(run())
    assert len(timeouts.requests) == 3 and len(waits) == 3
    tokens = {r.url.params["ClientToken"] for r in tokened.requests}
    assert len(tokened.requests) == 2 and len(tokens) == 1
