"""Types that fit together (issue 15): what a response gives, a request takes.

- Enum parameters take the literal strings and the models' enums (a status read from one
  response filters the next request); request-only models' enum fields take the literals too.
- Integer enum members are named by ``x-enum-varnames`` (and NSwag's ``x-enumNames``), in
  OpenAPI 3.0 and 3.1 documents, and by the vendor's own words in the ROMA spec.
- A vendor value ``UNKNOWN`` (or ``UNKNOWN_X``) is a listed value; ``is_unknown`` is for values
  the spec does not list.
- Parameter docstrings give the spec's bounds and the default once.
- Pages as objects: ``client.<operation>_pages(...)``, sync and async.
- A user's script that round-trips enums from responses into requests passes ``mypy --strict``
  and pyright, and misuse in another script is an error for both (``full``: about 15 s of CPU).

Calls go over ``httpx.MockTransport``. The five APIs are the committed ``generated/`` package;
the inline documents are ``tests/types_spec.py``, generated once for the module.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from cloudnet import AlibabaAcs3, HuaweiIamToken, Page, response_of
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.alibaba.vpc.models import VcoRouteEntryRouteEntryType
from cloudnet.huawei.roma.models import (
    ShowDetailsOfVpcChannelV2Response,
    ShowDetailsOfVpcChannelV2ResponseBalanceStrategy,
    ShowDetailsOfVpcChannelV2ResponseStatus,
    ShowDetailsOfVpcChannelV2ResponseType,
    VpcHealthConfigInfo,
    VpcMemberInfo,
    VpcMemberInfoHealthStatus,
)
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.huawei.vpcep.models import ConnectionEndpointsStatus

from tests.types_spec import PACKAGE, build_fitted

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent / "fixtures" / "typecheck"
SERVICE = "4189d3c2-8882-4871-a3c2-d380272eed88"
ALIBABA = AlibabaAcs3("LTAI5tExampleKeyId", "example-secret")
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The inline documents' package (``fitted.v31``, ``fitted.v30``), importable."""
    out = build_fitted(tmp_path_factory.mktemp("fitted"))
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _module(name: str) -> ModuleType:
    __import__(name)
    return sys.modules[name]


def _vpcep(handler: Handler) -> HuaweiVpcepClient:
    return HuaweiVpcepClient(
        project_id="p",
        credentials=HuaweiIamToken("t"),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def _connections(statuses: list[str]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {
            "connections": [{"id": f"c{i}", "status": s} for i, s in enumerate(statuses)],
            "total_count": len(statuses),
        }
        return httpx.Response(200, json=body)

    return handler


# -- enums in requests --------------------------------------------------------------------------


def test_a_status_read_from_a_response_filters_the_next_request() -> None:
    sent: list[httpx.Request] = []
    answer = _connections(["accepted", "pendingAcceptance"])

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    client = _vpcep(handler)
    first = client.list_service_connections(vpc_endpoint_service_id=SERVICE)
    statuses = [c.status for c in first.connections or []]
    assert statuses == [ConnectionEndpointsStatus.ACCEPTED, "pendingAcceptance"]
    for status in statuses:
        client.list_service_connections(vpc_endpoint_service_id=SERVICE, status=status)
    client.list_service_connections(vpc_endpoint_service_id=SERVICE, status="failed")
    assert [r.url.params.get("status") for r in sent] == [
        None,
        "accepted",
        "pendingAcceptance",
        "failed",
    ]
    # The signature says so (the type checkers read it; test_scripts_type_check runs them).
    for method in (
        HuaweiVpcepClient.list_service_connections,
        HuaweiVpcepClient.list_service_connections_pages,
        HuaweiVpcepClient.iter_list_service_connections,
        AsyncHuaweiVpcepClient.list_service_connections,
    ):
        annotation = inspect.signature(method).parameters["status"].annotation
        assert annotation == (
            "Literal['pendingAcceptance', 'creating', 'accepted', 'failed']"
            " | ConnectionEndpointsStatus | None"
        ), annotation


def test_a_route_entry_type_read_from_a_response_goes_back() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        body = {
            "RequestId": "r",
            "TotalCount": 1,
            "PageNumber": 1,
            "PageSize": 10,
            "VcoRouteEntries": [{"RouteEntryType": "bgp", "Weight": 0}],
        }
        return httpx.Response(200, json=body)

    client = AlibabaVpcClient(
        credentials=ALIBABA, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    page = client.describe_vco_route_entries(region_id="cn-hangzhou", vpn_connection_id="v")
    entry_type = (page.vco_route_entries or [])[0].route_entry_type
    assert entry_type is VcoRouteEntryRouteEntryType.BGP
    client.describe_vco_route_entries(
        region_id="cn-hangzhou", vpn_connection_id="v", route_entry_type=entry_type
    )
    assert sent[-1].url.params["RouteEntryType"] == "bgp"
    annotation = inspect.signature(AlibabaVpcClient.describe_vco_route_entries).parameters[
        "route_entry_type"
    ]
    assert "VcoRouteEntryRouteEntryType" in annotation.annotation


def test_enum_parameters_take_the_enums_that_list_their_values(fitted: Path) -> None:
    client_module = _module(f"{PACKAGE}.v31._client")
    models = _module(f"{PACKAGE}.v31.models")
    params = inspect.signature(client_module.V31Client.list_channels).parameters
    # state: up, down; the response's ChannelState adds deleting, so it lists both.
    assert params["state"].annotation == "Literal['up', 'down'] | ChannelState | None"
    # algo refers to the component Algo.
    assert params["algo"].annotation == "Literal[1, 2, 3] | Algo | None"
    # No model field is named sort: the literals alone.
    assert params["sort"].annotation == "Literal['asc', 'desc'] | None"
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"state": "deleting", "algo": 3, "mode": "slow"})

    client = client_module.V31Client(
        http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    channel = client.list_channels(state="up", algo=1)
    assert channel.algo is models.Algo.SH and channel.state is models.ChannelState.DELETING
    client.list_channels(state=models.ChannelState.DOWN, algo=channel.algo)
    assert [str(r.url.params) for r in sent] == ["state=up&algo=1", "state=down&algo=3"]


def test_request_only_models_take_the_literal_values(fitted: Path) -> None:
    client_module = _module(f"{PACKAGE}.v31._client")
    models = _module(f"{PACKAGE}.v31.models")
    body = models.CreateChannel(mode="fast", algo=2, modes=["slow", models.Mode.FAST], kind="b")
    # The values become the members: the model holds what a response would give.
    assert body.mode is models.Mode.FAST and body.algo is models.Algo.WLC
    assert body.modes == [models.Mode.SLOW, models.Mode.FAST]
    assert body.kind is models.CreateChannelKind.B
    assert models.CreateChannel.model_validate({"mode": "turbo"}).mode.is_unknown
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"mode": "fast"})

    client = client_module.V31Client(
        http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    client.create_channel(body=body)
    assert json.loads(sent[0].content) == {
        "mode": "fast",
        "algo": 2,
        "modes": ["slow", "fast"],
        "kind": "b",
    }
    assert models.__file__ is not None
    source = Path(models.__file__).read_text(encoding="utf-8")
    # Only the request-only model is widened: Channel (a response) keeps the enums alone.
    assert "    mode: _ModeValue\n" in source
    assert "    mode: Mode | None = None\n" in source
    assert "    state: ChannelState | None = None\n" in source


# -- enum member names ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v31", "v30"])
def test_x_enum_varnames_name_integer_members(fitted: Path, version: str) -> None:
    models = _module(f"{PACKAGE}.{version}.models")
    assert [(m.name, m.value) for m in models.Algo] == [("WRR", 1), ("WLC", 2), ("SH", 3)]
    # NSwag's x-enumNames, read as x-enum-varnames.
    assert [(m.name, m.value) for m in models.Level] == [("LOW", 0), ("HIGH", 5)]
    channel = models.Channel.model_validate({"algo": 1, "level": 5, "note": None})
    assert channel.algo is models.Algo.WRR and channel.level is models.Level.HIGH


def test_roma_integer_enums_have_the_pages_names() -> None:
    assert [m.name for m in ShowDetailsOfVpcChannelV2ResponseBalanceStrategy] == [
        "WRR",
        "WLC",
        "SH",
        "URI_HASHING",
    ]
    assert [m.name for m in ShowDetailsOfVpcChannelV2ResponseType] == [
        "EMPTY",
        "BUILTIN",
        "MICROSERVICE",
    ]
    assert [m.name for m in ShowDetailsOfVpcChannelV2ResponseStatus] == ["NORMAL", "ABNORMAL"]
    channel = ShowDetailsOfVpcChannelV2Response.model_validate(
        {"balance_strategy": 2, "type": 3, "status": 1}
    )
    assert channel.balance_strategy is ShowDetailsOfVpcChannelV2ResponseBalanceStrategy.WLC
    assert channel.type is ShowDetailsOfVpcChannelV2ResponseType.MICROSERVICE
    assert channel.status is ShowDetailsOfVpcChannelV2ResponseStatus.NORMAL
    member = VpcMemberInfo.model_validate({"status": 2})
    assert member.status is not None and member.status.name == "UNAVAILABLE"
    health = VpcHealthConfigInfo.model_validate({"status": 1})
    assert health.status is not None and health.status.name == "AVAILABLE"


# -- UNKNOWN is a value, is_unknown is for unlisted values --------------------------------------


def test_a_vendor_value_unknown_is_not_an_unlisted_value() -> None:
    member = VpcMemberInfo.model_validate({"health_status": "unknown"})
    assert member.health_status is VpcMemberInfoHealthStatus.UNKNOWN
    assert not member.health_status.is_unknown
    newer = VpcMemberInfo.model_validate({"health_status": "degraded"})
    assert newer.health_status is not None and newer.health_status.is_unknown
    assert newer.health_status.name not in VpcMemberInfoHealthStatus.__members__
    assert newer.health_status != VpcMemberInfoHealthStatus.UNKNOWN
    assert newer.to_dict() == {"health_status": "degraded"}


def test_names_like_an_unlisted_values_are_listed_values(fitted: Path) -> None:
    health = _module(f"{PACKAGE}.v31.models").Health
    # The spec lists UNKNOWN and UNKNOWN_X; "X" is not listed.
    assert not health("UNKNOWN").is_unknown and health("UNKNOWN") is health.UNKNOWN
    assert not health("UNKNOWN_X").is_unknown and health("UNKNOWN_X") is health.UNKNOWN_X
    unlisted = health("X")
    assert unlisted.is_unknown and unlisted.value == "X" and unlisted == "X"
    assert unlisted is not health.UNKNOWN_X and unlisted.name not in health.__members__
    assert repr(unlisted) == "<Health.<unlisted 'X'>: 'X'>"


# -- parameter docstrings ---------------------------------------------------------------------


def _arg_doc(method: Callable[..., Any], name: str) -> str:
    """The ``Args:`` entry of ``name`` in ``method``'s docstring, on one line."""
    lines = (method.__doc__ or "").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}:"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    entry = [lines[start].strip()]
    for line in lines[start + 1 :]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        entry.append(line.strip())
    return " ".join(entry)


def test_parameter_docstrings_give_bounds_and_the_default_once(fitted: Path) -> None:
    vpcep = HuaweiVpcepClient.list_service_connections
    limit = _arg_doc(vpcep, "limit")
    assert limit.endswith("generally 10, 20 or 50. From 1 to 1000. Default: 10."), limit
    assert _arg_doc(vpcep, "offset").endswith("At least 0.")
    alibaba = AlibabaVpcClient.describe_vco_route_entries
    page_number = _arg_doc(alibaba, "page_number")
    assert page_number == "page_number: The page number. Default value 1. At least 1."
    page_size = _arg_doc(alibaba, "page_size")
    # The description gives the range and the default already: nothing is said twice.
    assert page_size == (
        "page_size: The number of entries per page. Default value 10. Valid values 1 to 50."
    )
    fitted_list = _module(f"{PACKAGE}.v30._client").V30Client.list_channels
    assert _arg_doc(fitted_list, "tags") == (
        "tags: Tags. At most 5 items. Each item: Length at most 8. Pattern: ``^[a-z]+$``."
    )
    assert _arg_doc(fitted_list, "limit") == "limit: Page size. Default value 20. From 1 to 500."
    assert _arg_doc(fitted_list, "sort") == "sort: Sort order. Default: 'asc'."


# -- pages as objects -----------------------------------------------------------------------------


def _vpcep_pages(total: int | None, count: int = 5) -> tuple[Handler, list[httpx.Request]]:
    """Connections c0..c<count-1>, served by offset and limit, with ``total_count`` unless
    ``total`` is None."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "10"))
        body: dict[str, Any] = {
            "connections": [{"id": f"c{i}"} for i in range(offset, min(offset + limit, count))]
        }
        if total is not None:
            body["total_count"] = total
        return httpx.Response(200, json=body, headers={"X-Request-Id": f"r{offset}"})

    return handler, sent


def test_pages_of_an_offset_api() -> None:
    handler, sent = _vpcep_pages(total=5)
    client = _vpcep(handler)
    pages = list(client.list_service_connections_pages(vpc_endpoint_service_id=SERVICE, limit=2))
    assert [[c.id for c in page.items] for page in pages] == [["c0", "c1"], ["c2", "c3"], ["c4"]]
    assert [page.total for page in pages] == [5, 5, 5]
    assert [page.has_next_page() for page in pages] == [True, True, False]
    assert [page.next_page_params() for page in pages] == [{"offset": 2}, {"offset": 4}, None]
    assert all(isinstance(page, Page) for page in pages)
    responses = [page.response for page in pages]
    assert [r.headers["X-Request-Id"] if r else None for r in responses] == ["r0", "r2", "r4"]
    assert pages[1].result.connections == pages[1].items
    assert response_of(pages[1].result) is responses[1]
    assert [r.url.params.get("offset") for r in sent] == ["0", "2", "4"]
    # next_page_params() is what the method takes to ask for that page.
    again = client.list_service_connections(
        vpc_endpoint_service_id=SERVICE, limit=2, **pages[0].next_page_params() or {}
    )
    assert again.connections == pages[1].items
    # The item iterator stays, and walks the same pages.
    items = client.iter_list_service_connections(vpc_endpoint_service_id=SERVICE, limit=2)
    assert [c.id for c in items] == ["c0", "c1", "c2", "c3", "c4"]


def test_pages_without_a_total_end_at_a_short_page() -> None:
    handler, _ = _vpcep_pages(total=None, count=3)
    client = _vpcep(handler)
    pages = list(client.list_service_connections_pages(vpc_endpoint_service_id=SERVICE, limit=2))
    assert [(len(p.items), p.total, p.has_next_page()) for p in pages] == [
        (2, None, True),
        (1, None, False),
    ]


def _route_entries(sent: list[httpx.Request]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        number = int(request.url.params.get("PageNumber", "1"))
        size = int(request.url.params.get("PageSize", "10"))
        first = (number - 1) * size
        body = {
            "RequestId": f"r{number}",
            "TotalCount": 3,
            "PageNumber": number,
            "PageSize": size,
            "VcoRouteEntries": [
                {"RouteDest": f"10.0.{i}.0/24"} for i in range(first, min(first + size, 3))
            ],
        }
        return httpx.Response(200, json=body)

    return handler


def test_pages_of_a_page_number_api_sync_and_async() -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(_route_entries(sent))
    client = AlibabaVpcClient(credentials=ALIBABA, http_client=httpx.Client(transport=transport))
    pages = list(
        client.describe_vco_route_entries_pages(
            region_id="cn-hangzhou", vpn_connection_id="v", page_size=2
        )
    )
    assert [[e.route_dest for e in p.items] for p in pages] == [
        ["10.0.0.0/24", "10.0.1.0/24"],
        ["10.0.2.0/24"],
    ]
    assert [(p.total, p.next_page_params()) for p in pages] == [(3, {"page_number": 2}), (3, None)]
    assert [p.result.request_id for p in pages] == ["r1", "r2"]

    async def walk() -> list[tuple[int, int | None, bool]]:
        async_transport = httpx.MockTransport(_route_entries(sent))
        async with AsyncAlibabaVpcClient(
            credentials=ALIBABA, http_client=httpx.AsyncClient(transport=async_transport)
        ) as aclient:
            return [
                (len(p.items), p.total, p.has_next_page())
                async for p in aclient.describe_vco_route_entries_pages(
                    region_id="cn-hangzhou", vpn_connection_id="v", page_size=2
                )
            ]

    assert asyncio.run(walk()) == [(2, 3, True), (1, 3, False)]
    assert [r.url.params["PageNumber"] for r in sent] == ["1", "2", "1", "2"]


def test_pages_of_an_api_without_a_total(fitted: Path) -> None:
    client_module = _module(f"{PACKAGE}.v31._client")
    mode = _module(f"{PACKAGE}.v31.models").Mode
    stored = ["fast", "slow", "fast"]
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/items/pages":
            return httpx.Response(200, json={"items": []})
        page, size = int(request.url.params["page"]), int(request.url.params["per_page"])
        return httpx.Response(200, json={"items": stored[(page - 1) * size : page * size]})

    client = client_module.V31Client(
        http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    pages = list(client.list_items_pages(per_page=2))
    assert [(p.items, p.total, p.next_page_params()) for p in pages] == [
        ([mode.FAST, mode.SLOW], None, {"page": 2}),
        ([mode.FAST], None, None),
    ]
    # The operation named like list_items' pages method is still there, under another name.
    assert client.list_items_pages_().items == []
    assert [r.url.path for r in sent] == ["/items", "/items", "/items/pages"]


def test_async_pages_of_an_offset_api() -> None:
    handler, sent = _vpcep_pages(total=5)

    async def walk() -> list[list[str | None]]:
        async with AsyncHuaweiVpcepClient(
            project_id="p",
            credentials=HuaweiIamToken("t"),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        ) as client:
            out = []
            async for page in client.list_service_connections_pages(
                vpc_endpoint_service_id=SERVICE, limit=3
            ):
                out.append([c.id for c in page.items])
                assert page.response is not None and page.total == 5
            return out

    assert asyncio.run(walk()) == [["c0", "c1", "c2"], ["c3", "c4"]]
    assert [r.url.params["offset"] for r in sent] == ["0", "3"]


# -- the user's script, type-checked ----------------------------------------------------------


def _diagnostics_by_line(lines: list[tuple[str, int]]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for file, line in lines:
        out.setdefault(Path(file).name, set()).add(line)
    return out


def _expected() -> dict[str, set[int]]:
    text = (SCRIPTS / "rejected.py").read_text(encoding="utf-8").splitlines()
    return {"rejected.py": {i for i, line in enumerate(text, 1) if line.endswith("# rejected")}}


@pytest.mark.full
def test_scripts_type_check(fitted: Path, tmp_path: Path) -> None:
    """``roundtrip.py`` passes ``mypy --strict`` and pyright (strict); every line of
    ``rejected.py`` marked ``# rejected``, and no other, is an error for both. Both checkers
    run at once (about 7 and 9 s of CPU)."""
    pyright = ROOT / "node_modules" / ".bin" / "pyright"
    if not pyright.exists():
        pytest.fail("node_modules/.bin/pyright is missing: run `make` (npm ci)")
    paths = [str(ROOT / "generated"), str(fitted)]
    settings = {"extraPaths": paths, "typeCheckingMode": "strict", "pythonVersion": "3.11"}
    config = str(tmp_path / "pyrightconfig.json")
    Path(config).write_text(json.dumps(settings), encoding="utf-8")
    scripts = [str(SCRIPTS / "roundtrip.py"), str(SCRIPTS / "rejected.py")]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(paths)}
    mypy_options = ["--strict", "--config-file", os.devnull, "--follow-imports=silent"]
    mypy = subprocess.Popen(
        [sys.executable, "-m", "mypy", *mypy_options, "--cache-dir", str(tmp_path / "m"), *scripts],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    checked = subprocess.run(
        [str(pyright), "--outputjson", "--pythonpath", sys.executable, "-p", config, *scripts],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    mypy_out, _ = mypy.communicate(timeout=300)
    mypy_errors = [
        (line.split(":")[0], int(line.split(":")[1]))
        for line in mypy_out.splitlines()
        if ": error:" in line
    ]
    assert _diagnostics_by_line(mypy_errors) == _expected(), mypy_out
    report = json.loads(checked.stdout)
    pyright_errors = [
        (d["file"], d["range"]["start"]["line"] + 1)
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert _diagnostics_by_line(pyright_errors) == _expected(), checked.stdout
