"""The hand-written runtime core, as shipped in generated/cloudnet/_core, tested directly."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from cloudnet import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadGatewayError,
    ClientError,
    CloudnetError,
    MissingOptionError,
    Model,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from cloudnet._core import AsyncAPIClient, ErrorFields, Operation, SyncAPIClient, make_status_error
from cloudnet._core._client import server_url
from hypothesis import given
from hypothesis import strategies as st


class Thing(Model):
    name: str


OP = Operation(
    operation_id="GetThing",
    method="GET",
    path="/things/{id}",
    errors={"404": Thing},
    error_fields=ErrorFields(code=("error.code",), message=("error.message",)),
)


def _client(handler: httpx.MockTransport | None = None, **kw: object) -> SyncAPIClient:
    transport = handler or httpx.MockTransport(lambda r: httpx.Response(200, json={"name": "x"}))
    return SyncAPIClient(
        base_url="https://api.example/",
        http_client=httpx.Client(transport=transport),
        **kw,
    )


@given(st.integers(min_value=100, max_value=599))
def test_every_status_maps_to_its_family(status: int) -> None:
    response = httpx.Response(status, request=httpx.Request("GET", "https://x/"))
    error = make_status_error(response, body=None, code="C", message="m", request_id="r")
    assert isinstance(error, APIStatusError) and isinstance(error, CloudnetError)
    assert error.status_code == status and error.code == "C" and error.request_id == "r"
    assert isinstance(error, ClientError) == (400 <= status < 500)
    assert isinstance(error, ServerError) == (500 <= status < 600)
    assert str(status) in str(error) and "[C]" in str(error) and "request id r" in str(error)


def test_documented_statuses_have_their_own_class() -> None:
    request = httpx.Request("GET", "https://x/")
    for status, cls in ((404, NotFoundError), (429, RateLimitError), (502, BadGatewayError)):
        error = make_status_error(
            httpx.Response(status, request=request),
            body=None,
            code=None,
            message=None,
            request_id=None,
        )
        assert type(error) is cls


def test_path_query_and_headers_are_encoded() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"name": "x"})

    client = _client(httpx.MockTransport(handler), headers={"X-Default": "1"})
    client._request(
        OP,
        cast_to=Thing,
        path={"id": "a/b c"},
        query={"tag": ["x", "y"], "flag": True, "skip": None, "n": 0},
        headers={"X-One": "v", "X-None": None},
    )
    request = seen[0]
    assert request.url.raw_path == b"/things/a%2Fb%20c?tag=x&tag=y&flag=true&n=0"
    assert request.headers["X-One"] == "v" and request.headers["X-Default"] == "1"
    assert "X-None" not in request.headers


def test_error_body_is_parsed_and_its_fields_read() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error": {"code": "E.1", "message": "gone"}, "name": "n"}
        return httpx.Response(404, json=body, headers={"X-Request-Id": "rid"})

    with pytest.raises(NotFoundError) as caught:
        _client(httpx.MockTransport(handler))._request(OP, cast_to=Thing, path={"id": "1"})
    error = caught.value
    assert error.code == "E.1" and error.request_id == "rid"
    assert isinstance(error.body, Thing) and error.body.name == "n"
    assert "gone" in str(error)


def test_an_html_error_page_keeps_its_text() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad Gateway</html>")

    with pytest.raises(BadGatewayError) as caught:
        _client(httpx.MockTransport(handler))._request(OP, cast_to=Thing, path={"id": "1"})
    assert caught.value.body == "<html>Bad Gateway</html>" and caught.value.code is None


@pytest.mark.parametrize(
    "content", [b"<html>proxy</html>", b'{"name": 5}', b"", b'{"other": 1}', b"\xff\xfe"]
)
def test_a_malformed_success_body_is_a_typed_error(content: bytes) -> None:
    # strict: a body that is JSON of the right shape but breaks the spec ({"name": 5}) raises
    # only then (tests/test_response_reading.py has the lenient default); the others always.
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=content))
    with pytest.raises(APIResponseValidationError) as caught:
        _client(transport)._request(OP, cast_to=Thing, path={"id": "1"}, strict=True)
    assert caught.value.status_code == 200
    assert caught.value.body == httpx.Response(200, content=content).text
    assert "GetThing" in str(caught.value)


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
    ],
)
def test_transport_failures_are_typed(raised: Exception, expected: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise raised

    with pytest.raises(expected):
        _client(httpx.MockTransport(handler))._request(OP, cast_to=Thing, path={"id": "1"})


def test_async_client_behaves_the_same() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/missing"):
            return httpx.Response(404, json={"error": {"code": "E.404"}})
        return httpx.Response(200, json={"name": request.url.path})

    async def run() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncAPIClient(
            base_url="https://api.example", http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            thing = await client._request(OP, cast_to=Thing, path={"id": "7"})
            assert thing.name == "/things/7"
            with pytest.raises(NotFoundError) as caught:
                await client._request(OP, cast_to=Thing, path={"id": "missing"})
            assert caught.value.code == "E.404"

    asyncio.run(run())


def test_options_come_from_the_call_or_the_client() -> None:
    client = _client(options={"project_id": "p-client"})
    assert client._option("project_id", None) == "p-client"
    assert client._option("project_id", "p-call") == "p-call"
    with pytest.raises(MissingOptionError, match="region is required"):
        client._option("region", None)


def test_repr_shows_no_headers() -> None:
    client = _client(headers={"X-Auth-Token": "secret-token"})
    assert "secret-token" not in repr(client)


def test_only_an_owned_http_client_is_closed() -> None:
    mine = httpx.Client()
    with SyncAPIClient(base_url="https://x", http_client=mine):
        pass
    assert not mine.is_closed
    owned = SyncAPIClient(base_url="https://x")
    owned.close()
    assert owned._client.is_closed


def test_server_url_fills_its_variables() -> None:
    url = "https://vpcep.{region}.myhuaweicloud.com"
    assert (
        server_url(url, {"region": "ap-southeast-1"})
        == "https://vpcep.ap-southeast-1.myhuaweicloud.com"
    )
    assert server_url("http://{host}", {}) == "http://{host}"
