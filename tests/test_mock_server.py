"""The mock server over real HTTP (loopback, a free port): every operation of the specs answers
its examples, every declared status on request, bodies built from the schemas, and the vendors'
errors for bad parameters and bad credentials; every response is checked against the spec."""

from __future__ import annotations

import json
import shutil
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from generator.mock import MockConfig, MockServer
from generator.mock.errors import GENERAL_CODES, parameter_error
from generator.mock.spec import MockOperation
from generator.runtime._alibaba import AlibabaAcs3
from generator.runtime._auth import HuaweiIamToken, ZStackSession
from generator.runtime._huawei import HuaweiAkSk
from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_TOKEN,
    KEYS,
    SPECS,
    ZSTACK_SESSION,
    assert_conforms,
    running_mock,
    spec_operations,
)

OPERATIONS = sorted(spec_operations())


def credential(api: str, *, ak: str | None = None, sk: str | None = None) -> httpx.Auth:
    vendor = api.split("/")[0]
    if vendor == "huawei":
        return HuaweiAkSk(ak or HUAWEI_AK, sk or HUAWEI_SK)
    if vendor == "alibaba":
        return AlibabaAcs3(ak or ALIBABA_ID, sk or ALIBABA_SECRET)
    return ZStackSession(ZSTACK_SESSION)


def example_arguments(op: MockOperation) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """The path, query and headers of a valid request, from the parameters' examples."""
    path = op.path
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    for param in op.parameters:
        raw = op.api.at(param.schema.rsplit("/", 1)[0])
        schema = op.api.resolve(raw["schema"])
        value = raw.get("example", schema.get("default"))
        if value is None:
            if not param.required:
                continue
            value = "x" * max(1, int(schema.get("minLength", 1)))
        if param.location == "path":
            path = path.replace("{" + param.name + "}", str(value))
        elif param.location == "query":
            query.append((param.name, str(value)))
        elif param.location == "header":
            headers[param.name] = str(value)
    return path, query, headers


def call(
    url: str,
    op: MockOperation,
    *,
    auth: httpx.Auth | None = None,
    prefer: str | None = None,
    query: dict[str, str | None] | None = None,
) -> httpx.Response:
    path, pairs, headers = example_arguments(op)
    for name, value in (query or {}).items():
        pairs = [(k, v) for k, v in pairs if k != name]
        if value is not None:
            pairs.append((name, value))
    if prefer:
        headers["Prefer"] = prefer
    with httpx.Client(base_url=url, auth=auth or credential(op.api.name)) as client:
        return client.request(
            op.method, path, params=httpx.QueryParams(tuple(pairs)), headers=headers
        )


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_its_example(mock_url: str, operation_id: str) -> None:
    op = spec_operations()[operation_id]
    response = call(mock_url, op)
    assert response.status_code == 200, response.text
    assert response.json() == next(iter(op.responses["200"].examples.values()))
    assert response.headers["x-request-id"]
    assert_conforms(operation_id, response)


def _mutated(response: httpx.Response, change: str) -> httpx.Response:
    """A copy of a ListServiceConnections answer with one thing wrong."""
    body = response.json()
    status, headers = response.status_code, dict(response.headers)
    first = body["connections"][0]
    if change == "integer-as-string":
        first["marker_id"] = str(first["marker_id"])
    elif change == "not-a-date-time":
        first["created_at"] = "yesterday"
    elif change == "object-for-array":
        body["connections"] = {}
    elif change == "status-not-declared":
        status = 299
    elif change == "media-type":
        headers["content-type"] = "text/plain"
    return httpx.Response(status, headers=headers, content=json.dumps(body).encode())


_CHANGES = {
    "integer-as-string": "is not of type 'integer'",
    "not-a-date-time": "is not a 'date-time'",
    "object-for-array": "is not of type 'array'",
    "status-not-declared": "status 299 is not declared",
    "media-type": "text/plain is not one of",
}


@pytest.mark.parametrize("change", sorted(_CHANGES))
def test_the_conformance_check_rejects_a_mutated_response(mock_url: str, change: str) -> None:
    """assert_conforms (jsonschema over the bundled spec, not the mock's code) can fail: the
    mock's own answer passes it, the same answer with one thing wrong does not."""
    response = call(mock_url, spec_operations()["ListServiceConnections"])
    assert response.status_code == 200, response.text
    assert_conforms("ListServiceConnections", response)
    with pytest.raises(AssertionError, match=_CHANGES[change]):
        assert_conforms("ListServiceConnections", _mutated(response, change))


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_declared_status_and_example_on_request(mock_url: str, operation_id: str) -> None:
    op = spec_operations()[operation_id]
    for declared, response in op.responses.items():
        status = int(declared.replace("XX", "00")) if declared != "default" else 500
        answer = call(mock_url, op, prefer=f"code={status}")
        assert answer.status_code == status, answer.text
        assert_conforms(operation_id, answer)
        for name, value in response.examples.items():
            named = call(mock_url, op, prefer=f"code={status}, example={name}")
            assert named.status_code == status
            assert named.json() == as_sent(op, status, value, named)
    unknown = call(mock_url, op, prefer="code=299")
    assert unknown.status_code == 400
    assert_conforms(operation_id, unknown)
    assert "299" in unknown.text


# Where each API's error body keeps its code and request id, as its spec's
# x-cloudnet-error-fields say (written out here, not read through the mock's code).
CODE_FIELD = {
    "alibaba/vpc": "Code",
    "huawei/dc": "error_code",
    "huawei/roma": "error_code",
    "huawei/vpcep": "error.code",
    "zstack/vpc": "error.code",
}
REQUEST_ID_FIELD = {
    "alibaba/vpc": "RequestId",
    "huawei/dc": "request_id",
    "huawei/roma": "request_id",
}


def as_sent(op: MockOperation, status: int, example: Any, response: httpx.Response) -> Any:
    """An example as the mock must send it: an error example with the request id field (where
    the shape has one) set to the response's X-Request-Id."""
    field = REQUEST_ID_FIELD.get(op.api.name)
    if status < 400 or field is None:
        return example
    return {**example, field: response.headers["x-request-id"]}


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_dynamic_bodies_validate(mock_url: str, operation_id: str) -> None:
    op = spec_operations()[operation_id]
    response = call(mock_url, op, prefer="dynamic=true")
    assert response.status_code == 200
    assert_conforms(operation_id, response)
    assert response.json() != next(iter(op.responses["200"].examples.values()))


def test_dynamic_pages_follow_the_query() -> None:
    for server in running_mock(dynamic=True):
        vpcep = spec_operations()["ListServiceConnections"]
        pages = [
            call(server.url, vpcep, query={"limit": "10", "offset": str(offset)}).json()
            for offset in (0, 10, 20, 30)
        ]
        assert [len(p["connections"]) for p in pages] == [10, 10, 5, 0]
        assert {p["total_count"] for p in pages} == {25}
        ids = [c["id"] for p in pages for c in p["connections"]]
        assert len(set(ids)) == 25
        alibaba = spec_operations()["DescribeVcoRouteEntries"]
        page = call(server.url, alibaba, query={"PageNumber": "3", "PageSize": "7"})
        assert_conforms("DescribeVcoRouteEntries", page)
        body = page.json()
        assert (body["PageNumber"], body["PageSize"], body["TotalCount"]) == (3, 7, 25)
        assert len(body["VcoRouteEntries"]) == 7
        last = call(server.url, alibaba, query={"PageNumber": "4", "PageSize": "7"}).json()
        assert len(last["VcoRouteEntries"]) == 4


ROUTE_ENTRY_TYPE = "IllegalParam.RouteEntryType"

# (operation, query change, expected status, where the code is, expected code)
BAD_PARAMETERS: list[tuple[str, dict[str, str | None], int, str, str]] = [
    ("ListServiceConnections", {"limit": "0"}, 400, "error.code", "EndPoint.0001"),
    ("ListServiceConnections", {"limit": "1001"}, 400, "error.code", "EndPoint.0001"),
    ("ListServiceConnections", {"offset": "-1"}, 400, "error.code", "EndPoint.0001"),
    ("ListServiceConnections", {"limit": "ten"}, 400, "error.code", "EndPoint.0001"),
    ("ListServiceConnections", {"status": "rejected"}, 400, "error.code", "EndPoint.0001"),
    ("ListServiceConnections", {"sort_dir": "up"}, 400, "error.code", "EndPoint.0001"),
    ("DescribeVcoRouteEntries", {"PageSize": "51"}, 400, "Code", "InvalidParameter"),
    ("DescribeVcoRouteEntries", {"PageNumber": "0"}, 400, "Code", "InvalidParameter"),
    # Documented for the parameter (x-cloudnet-error-codes, the vendor page's table).
    (
        "DescribeVcoRouteEntries",
        {"RouteEntryType": "static"},
        400,
        "Code",
        "IllegalParam.RouteEntryType",
    ),
    (
        "DescribeVcoRouteEntries",
        {"RouteEntryType": "Custom"},
        400,
        "Code",
        "IllegalParam.RouteEntryType",
    ),
    ("DescribeVcoRouteEntries", {"ClientToken": "\u00e9"}, 400, "Code", "InvalidParameter"),
    ("DescribeVcoRouteEntries", {"RegionId": None}, 400, "Code", "MissingParameter"),
    ("DescribeVcoRouteEntries", {"VpnConnectionId": None}, 400, "Code", "MissingParameter"),
]


def _dig(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[part]
    return body


@pytest.mark.parametrize(("operation_id", "change", "status", "field", "code"), BAD_PARAMETERS)
def test_bad_parameters_get_the_vendor_error(
    mock_url: str,
    operation_id: str,
    change: dict[str, str | None],
    status: int,
    field: str,
    code: str,
) -> None:
    op = spec_operations()[operation_id]
    response = call(mock_url, op, query=change)
    assert response.status_code == status, response.text
    assert _dig(response.json(), field) == code
    assert next(iter(change)) in response.text
    assert_request_id(op.api.name, response)
    assert_conforms(operation_id, response)


def assert_request_id(api: str, response: httpx.Response) -> None:
    """The body's request id (where the API's error shape has one) is the X-Request-Id header."""
    header = response.headers["x-request-id"]
    assert header
    if api in REQUEST_ID_FIELD:
        assert _dig(response.json(), REQUEST_ID_FIELD[api]) == header


def test_a_parameter_code_is_picked_by_the_parameter_it_names() -> None:
    """The code documented for a parameter wins over the product-wide one, a Missing... code only
    for a missing value; Huawei falls back to the operation's documented 400 code."""
    alibaba = spec_operations()["DescribeVcoRouteEntries"]
    documented = "The specified RouteEntryType is invalid."
    assert parameter_error(alibaba, "invalid", "RouteEntryType") == (ROUTE_ENTRY_TYPE, documented)
    assert parameter_error(alibaba, "invalid", "PageSize") == ("InvalidParameter", None)
    assert parameter_error(alibaba, "missing", "RegionId") == ("MissingParameter", None)
    missing = {"status": 400, "code": "MissingParameter.RegionId", "message": "No region."}
    more = replace(alibaba, error_codes=(*alibaba.error_codes, missing))
    assert parameter_error(more, "missing", "RegionId") == (
        "MissingParameter.RegionId",
        "No region.",
    )
    assert parameter_error(more, "invalid", "RegionId") == ("InvalidParameter", None)
    assert parameter_error(more, "missing", "Region") == ("MissingParameter", None)
    roma = spec_operations()["ShowDetailsOfVpcChannelV2"]
    assert parameter_error(roma, "invalid", "vpc_channel_id") == ("APIG.2012", None)
    dc = spec_operations()["ShowVifPeerDetection"]
    assert parameter_error(dc, "missing", "vif_peer_id") == ("APIGW.0201", None)


def test_bad_path_parameters(mock_url: str) -> None:
    dc = spec_operations()["ShowVifPeerDetection"]
    with httpx.Client(base_url=mock_url, auth=credential("huawei/dc")) as client:
        response = client.get("/v3/p1/dcaas/vif-peer-detections/too-short")
    assert response.status_code == 400
    # Direct Connect documents no 400 code: the gateway's general one.
    assert response.json()["error_code"] == "APIGW.0201"
    assert "vif_peer_id" in response.json()["error_msg"]
    assert_request_id("huawei/dc", response)
    assert_conforms(dc.operation_id, response)


def test_rpc_action_may_travel_in_the_query_or_the_v3_headers(mock_url: str) -> None:
    op = spec_operations()["DescribeVcoRouteEntries"]
    # The runtime signer moves Action and Version to x-acs-action / x-acs-version; a call that
    # leaves them in the query string (signature V2 style) reaches the same operation.
    signed = call(mock_url, op)
    assert signed.status_code == 200
    unsigned = httpx.post(
        mock_url + "/",
        params={"Action": "DescribeVcoRouteEntries", "Version": "2016-04-28"},
    )
    assert unsigned.status_code == 400
    assert unsigned.json()["Code"] == "IncompleteSignature"
    wrong = httpx.post(
        mock_url + "/", params={"Action": "DescribeNothing", "Version": "2016-04-28"}
    )
    assert wrong.status_code == 404
    assert wrong.json()["Code"] == "InvalidAction.NotFound"
    assert_conforms("DescribeVcoRouteEntries", wrong)


# (operation, credential, status, where the code is, code, text in the message)
BAD_CREDENTIALS: list[tuple[str, httpx.Auth | None, int, str, str, str]] = [
    ("ListServiceConnections", None, 401, "error.code", "APIGW.0301", "x-auth-token not found"),
    (
        "ListServiceConnections",
        HuaweiAkSk(HUAWEI_AK, "not-the-secret"),
        401,
        "error.code",
        "APIGW.0301",
        "verify aksk signature fail",
    ),
    (
        "ShowVifPeerDetection",
        HuaweiAkSk("UNKNOWNAK", HUAWEI_SK),
        401,
        "error_code",
        "APIGW.0301",
        "ak not exist",
    ),
    (
        "ShowDetailsOfVpcChannelV2",
        HuaweiAkSk(HUAWEI_AK, HUAWEI_SK + "x"),
        401,
        "error_code",
        "APIGW.0301",
        "verify aksk signature fail",
    ),
    (
        "DescribeVcoRouteEntries",
        AlibabaAcs3(ALIBABA_ID, "not-the-secret"),
        403,
        "Code",
        "SignatureDoesNotMatch",
        "does not match",
    ),
    (
        "DescribeVcoRouteEntries",
        AlibabaAcs3("LTAIUNKNOWN", ALIBABA_SECRET),
        404,
        "Code",
        "InvalidAccessKeyId.NotFound",
        "access key",
    ),
    (
        "DescribeVcoRouteEntries",
        None,
        400,
        "Code",
        "IncompleteSignature",
        "does not conform",
    ),
    (
        "GetVpcVRouterDistributedRoutingConnections",
        None,
        400,
        "error.code",
        "ID.1001",
        "Invalid session",
    ),
]


class _NoAuth(httpx.Auth):
    pass


@pytest.mark.parametrize(
    ("operation_id", "auth", "status", "field", "code", "text"), BAD_CREDENTIALS
)
def test_bad_credentials_get_the_vendor_error(
    mock_url: str,
    operation_id: str,
    auth: httpx.Auth | None,
    status: int,
    field: str,
    code: str,
    text: str,
) -> None:
    op = spec_operations()[operation_id]
    response = call(mock_url, op, auth=auth or _NoAuth())
    assert response.status_code == status, response.text
    assert _dig(response.json(), field) == code
    assert text in response.text
    assert_conforms(operation_id, response)


class _Tamper(httpx.Auth):
    """Signs the request, then changes it the way a proxy or a bug would."""

    def __init__(self, inner: httpx.Auth, change: str) -> None:
        self.inner = inner
        self.change = change

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        signed = next(self.inner.sync_auth_flow(request))
        if self.change == "query":
            signed.url = signed.url.copy_add_param("extra", "1")
        elif self.change == "header":
            signed.headers["x-sdk-date" if "X-Sdk-Date" in signed.headers else "x-acs-date"] = (
                "20200101T000000Z" if "X-Sdk-Date" in signed.headers else "2020-01-01T00:00:00Z"
            )
        yield signed


@pytest.mark.parametrize("operation_id", ["ListServiceConnections", "DescribeVcoRouteEntries"])
@pytest.mark.parametrize("change", ["query", "header"])
def test_a_changed_request_fails_its_signature(
    mock_url: str, operation_id: str, change: str
) -> None:
    op = spec_operations()[operation_id]
    good = call(mock_url, op)
    assert good.status_code == 200
    bad = call(mock_url, op, auth=_Tamper(credential(op.api.name), change))
    assert bad.status_code in (400, 401, 403), bad.text
    assert_conforms(operation_id, bad)


def test_iam_token_and_session_are_enough(mock_url: str) -> None:
    for operation_id in ("ListServiceConnections", "ShowVifPeerDetection"):
        op = spec_operations()[operation_id]
        response = call(mock_url, op, auth=HuaweiIamToken(IAM_TOKEN))
        assert response.status_code == 200
        wrong = call(mock_url, op, auth=HuaweiIamToken("not-a-token"))
        assert wrong.status_code == 401
        assert "decrypt token fail" in wrong.text
        assert_conforms(operation_id, wrong)
    zstack = spec_operations()["GetVpcVRouterDistributedRoutingConnections"]
    assert call(mock_url, zstack, auth=ZStackSession(ZSTACK_SESSION)).status_code == 200
    refused = call(mock_url, zstack, auth=ZStackSession("expired-session"))
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "ID.1001"


VPCEP_PATH = "/v1/p/vpc-endpoint-services/{}/connections"
ZSTACK_PATH = "/zstack/v1/vpc/virtual-routers/{}/tracked-connections"

# (README situation row, vendor column, method, path, the API whose error shape it gets)
SITUATIONS: list[tuple[str, str, str, str, str]] = [
    ("a path under", "ZStack", "GET", ZSTACK_PATH.format(""), "zstack/vpc"),
    ("a path under", "Huawei Cloud", "GET", VPCEP_PATH.format(""), "huawei/vpcep"),
    # The flat shape of Direct Connect and ROMA Connect, with its request_id.
    ("a path under", "Huawei Cloud", "GET", "/v3/p/dcaas/vif-peer-detections/", "huawei/dc"),
    ("a path under", "Huawei Cloud", "GET", "/v2/p/apic/instances//vpc-channels/c", "huawei/roma"),
    ("a path under", "Huawei Cloud", "GET", "/v1/p/no-such-resource", "huawei/vpcep"),
    ("a path under", "ZStack", "GET", "/zstack/v1/no-such-resource", "zstack/vpc"),
    (
        "a path under",
        "Alibaba Cloud",
        "POST",
        "/vpc?Action=DescribeVcoRouteEntries&Version=2016-04-28",
        "alibaba/vpc",
    ),
    (
        "an RPC action",
        "Alibaba Cloud",
        "POST",
        "/?Action=DescribeNothing&Version=2016-04-28",
        "alibaba/vpc",
    ),
    ("a method", "ZStack", "DELETE", ZSTACK_PATH.format("r1"), "zstack/vpc"),
    (
        "a method",
        "Alibaba Cloud",
        "GET",
        "/?Action=DescribeVcoRouteEntries&Version=2016-04-28",
        "alibaba/vpc",
    ),
    ("a method", "Huawei Cloud", "DELETE", VPCEP_PATH.format("s"), "huawei/vpcep"),
]


def _readme_table(header: str) -> list[list[str]]:
    """The rows of the README table whose header row is ``header``, as cells."""
    lines = (SPECS.parent / "README.md").read_text().splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


SITUATION_HEADER = "| situation | ZStack | Alibaba Cloud | Huawei Cloud |"
CODES_HEADER = "| vendor | status | code | message |"


@pytest.mark.parametrize(("row", "vendor", "method", "path", "api"), SITUATIONS)
def test_no_operation_gets_the_vendor_error_the_readme_names(
    mock_url: str, row: str, vendor: str, method: str, path: str, api: str
) -> None:
    """A request no operation matches, under an API: that API's error body with the status and
    code the README's table of mock error codes names, and the request id of the header."""
    rows = [r for r in _readme_table(SITUATION_HEADER) if r[0].startswith(row)]
    assert len(rows) == 1, row
    cell = rows[0][[c.strip() for c in SITUATION_HEADER.strip("|").split("|")].index(vendor)]
    status, code = cell.split(" ", 1)
    response = httpx.request(method, mock_url + path)
    assert response.status_code == int(status), response.text
    assert _dig(response.json(), CODE_FIELD[api]) == code.strip("`")
    assert_request_id(api, response)
    op = next(o for o in spec_operations().values() if o.api.name == api)
    if op.declares(response.status_code):  # not every API declares 405
        assert_conforms(op.operation_id, response)


def test_a_path_under_no_api_gets_no_invented_code(mock_url: str) -> None:
    response = httpx.get(mock_url + "/v9/nothing")
    assert response.status_code == 404
    assert response.json() == {
        "message": "No API of the mock serves GET /v9/nothing",
        "request_id": response.headers["x-request-id"],
    }


def _general_codes() -> dict[tuple[str, str], tuple[str, str]]:
    """The README's table of general codes: (vendor folder, status) -> (code, message)."""
    folders = {"ZStack": "zstack", "Alibaba Cloud": "alibaba", "Huawei Cloud": "huawei"}
    return {
        (folders[vendor], status): (code.strip("`"), message)
        for vendor, status, code, message in _readme_table(CODES_HEADER)
    }


def test_the_readme_table_of_general_codes_is_exact() -> None:
    table = {
        (vendor, status): entry
        for vendor, codes in GENERAL_CODES.items()
        for status, entry in codes.items()
    }
    assert _general_codes() == table


def _documented(op: MockOperation, status: int) -> set[str]:
    """The codes the spec documents for exactly ``status``: x-cloudnet-error-codes and the
    examples of the response declared for it."""
    codes = {str(e["code"]) for e in op.error_codes if str(e.get("status")) == str(status)}
    response = op.responses.get(str(status))
    for example in response.examples.values() if response else ():
        codes.add(_dig(example, CODE_FIELD[op.api.name]))
    return codes


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_built_errors_carry_documented_or_general_codes(mock_url: str, operation_id: str) -> None:
    """Every declared error status, built from the schema: the code the operation documents for
    the status, else the vendor's general one from the README's table; never one of the mock's
    own. The request id is the header's and differs per request."""
    op = spec_operations()[operation_id]
    general = _general_codes()
    vendor = op.api.name.split("/")[0]
    seen: set[str] = set()
    for declared in op.responses:
        if declared[0] not in "45":
            continue
        status = int(declared.replace("XX", "00"))
        answer = call(mock_url, op, prefer=f"code={status}, dynamic=true")
        assert answer.status_code == status, answer.text
        code = _dig(answer.json(), CODE_FIELD[op.api.name])
        documented = _documented(op, status)
        fallback = general.get((vendor, str(status))) or general[(vendor, f"{status // 100}XX")]
        if documented:
            assert code in documented, (status, code, documented)
        else:
            assert code == fallback[0], (status, code)
        assert_request_id(op.api.name, answer)
        assert_conforms(operation_id, answer)
        seen.add(answer.headers["x-request-id"])
    assert len(seen) == sum(1 for d in op.responses if d[0] in "45")


def test_errors_never_leak_a_stack_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    server = MockServer(MockConfig(specs=SPECS, keys=KEYS))

    def explode(*args: object) -> None:
        raise RuntimeError("secret internals")

    app = cast(Any, server.server.config.app)
    monkeypatch.setattr(app.state.mock, "handle", explode)
    with server:
        response = httpx.get(server.url + "/v3/p/dcaas/vif-peer-detections/" + "a" * 36)
    assert response.status_code == 500
    body = json.loads(response.content)
    # Direct Connect documents no 500 code: the general one of Huawei's gateway (5XX).
    assert body["error_code"] == "APIGW.0202"
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text and "secret internals" not in response.text


NEW_OPERATION = """
  /zstack/v1/vpc/virtual-routers/{uuid}/mock-probe:
    get:
      operationId: ProbeVirtualRouter
      summary: A probe added by the test
      description: Added by tests/test_mock_server.py; served with no code for it.
      parameters:
        - name: uuid
          in: path
          required: true
          description: The vRouter UUID.
          schema:
            type: string
        - name: depth
          in: query
          required: true
          description: How deep to probe.
          schema:
            type: integer
            minimum: 1
            maximum: 3
      responses:
        "200":
          description: The probe.
          content:
            application/json:
              schema:
                type: object
                required: [reachable]
                properties:
                  reachable:
                    type: boolean
                    description: Whether the vRouter answered.
              examples:
                probe:
                  summary: A reachable vRouter
                  value:
                    reachable: true
        "400":
          $ref: "./common.yaml#/components/responses/Error"
"""


def test_an_operation_added_to_a_spec_is_served(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    zstack = specs / "zstack" / "vpc.yaml"
    text = zstack.read_text()
    assert text.count("\npaths:\n") == 1
    zstack.write_text(text.replace("\npaths:\n", "\npaths:" + NEW_OPERATION, 1))
    session = {"Authorization": f"OAuth {ZSTACK_SESSION}"}
    with MockServer(MockConfig(specs=specs, keys=KEYS)) as server:
        url = server.url + "/zstack/v1/vpc/virtual-routers/r1/mock-probe"
        assert httpx.get(url, params={"depth": 2}, headers=session).json() == {"reachable": True}
        refused = httpx.get(url, params={"depth": 9}, headers=session)
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "SYS.1007"
        assert "depth" in refused.json()["error"]["description"]
        built = httpx.get(url, params={"depth": 1}, headers={**session, "Prefer": "dynamic=true"})
        assert built.json() == {"reachable": True} or isinstance(built.json()["reachable"], bool)
