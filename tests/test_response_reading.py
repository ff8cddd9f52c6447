"""Reading responses: never lose, never coerce, and don't fail the call by default.

The vendor examples of the five specs are mutated field by field (hypothesis, one seed per run;
see tests/hypothesis_seed.py) and sent to the generated clients over ``httpx.MockTransport``:

- lenient (the default): the call returns the model; ``to_dict()`` gives back the body as sent,
  value for value and type for type (no ``"1"`` read as 1, no ``true`` as 1, no number as a
  date); every value the spec's own example validator rejects is listed by
  ``validation_issues`` at its path, and nothing else is; every other value is typed exactly as
  the clean example parses;
- strict (client option, per call, ``with_options``): the same body raises
  ``APIResponseValidationError`` carrying the same list.

The oracle is the spec (``generator.checks.examples.validate_example``, jsonschema with formats
asserted), not the models: the client is held to what the spec says.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import functools
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from cloudnet import (
    AlibabaAcs3,
    APIResponseValidationError,
    HuaweiIamToken,
    Model,
    ValidationIssue,
    ZStackSession,
    validation_issues,
)
from cloudnet.alibaba.vpc import AlibabaVpcClient, AsyncAlibabaVpcClient
from cloudnet.huawei.dc import AsyncHuaweiDcClient, HuaweiDcClient
from cloudnet.huawei.roma import AsyncHuaweiRomaClient, HuaweiRomaClient
from cloudnet.huawei.roma.models import (
    ShowDetailsOfVpcChannelV2ResponseBalanceStrategy,
    VpcMemberInfo,
)
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient
from cloudnet.zstack.vpc import AsyncZstackVpcClient, ZstackVpcClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import collect_examples
from generator.checks.examples import Example, validate_example
from generator.openapi.tree import SpecTree
from tests.client.specdata import SPECS
from tests.client.test_generated_models import CASES

PROJECT = "b197c48159d44a66b32c538c3f8da89a"
HUAWEI = HuaweiIamToken("huawei-iam-token")


@dataclass(frozen=True)
class Api:
    """One operation of each spec, its clients and the arguments of a call."""

    operation: str
    sync_client: type[Any]
    async_client: type[Any]
    method: str
    arguments: dict[str, Any]
    settings: dict[str, Any]


APIS = {
    "GetVpcVRouterDistributedRoutingConnections": Api(
        "GetVpcVRouterDistributedRoutingConnections",
        ZstackVpcClient,
        AsyncZstackVpcClient,
        "get_vpc_v_router_distributed_routing_connections",
        {"uuid": "2b7c1d3f9e2a4b5c8d7e6f5a4b3c2d1e"},
        {"credentials": ZStackSession("zstack-session-uuid")},
    ),
    "DescribeVcoRouteEntries": Api(
        "DescribeVcoRouteEntries",
        AlibabaVpcClient,
        AsyncAlibabaVpcClient,
        "describe_vco_route_entries",
        {"region_id": "cn-hangzhou", "vpn_connection_id": "vco-1"},
        {"credentials": AlibabaAcs3("LTAI-example-id", "alibaba-example-secret")},
    ),
    "ListServiceConnections": Api(
        "ListServiceConnections",
        HuaweiVpcepClient,
        AsyncHuaweiVpcepClient,
        "list_service_connections",
        {"vpc_endpoint_service_id": "4189d3c2-8882-4871-a3c2-d380272eed88"},
        {"credentials": HUAWEI, "project_id": PROJECT},
    ),
    "ShowVifPeerDetection": Api(
        "ShowVifPeerDetection",
        HuaweiDcClient,
        AsyncHuaweiDcClient,
        "show_vif_peer_detection",
        {"vif_peer_id": "3284c6e2-a803-4108-8496-ed3f150697d6"},
        {"credentials": HUAWEI, "project_id": PROJECT},
    ),
    "ShowDetailsOfVpcChannelV2": Api(
        "ShowDetailsOfVpcChannelV2",
        HuaweiRomaClient,
        AsyncHuaweiRomaClient,
        "show_details_of_vpc_channel_v2",
        {"instance_id": "f0fa1789", "vpc_channel_id": "56a7d735"},
        {"credentials": HUAWEI, "project_id": PROJECT},
    ),
}

# Every success example of the five specs, with the model the client returns for it.
SUCCESS = [c for c in CASES if c.status.startswith("2") and c.operation in APIS]


def transport(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=body, headers={"Content-Type": "application/json"}
        )
    )


def call(
    api: Api,
    body: bytes,
    *,
    client_strict: bool | None = None,
    strict: bool | None = None,
    mode: str = "sync",
) -> Any:
    """One call of ``api`` answered with ``body``; ``client_strict`` is given to the client,
    ``strict`` to the call (None: not given at all)."""
    settings = dict(api.settings, max_retries=0)
    if client_strict is not None:
        settings["strict"] = client_strict
    arguments = dict(api.arguments)
    if strict is not None:
        arguments["strict"] = strict
    if mode == "sync":
        with httpx.Client(transport=transport(body)) as http:
            client = api.sync_client(http_client=http, **settings)
            return getattr(client, api.method)(**arguments)

    async def run() -> Any:
        async with httpx.AsyncClient(transport=transport(body)) as http:
            client = api.async_client(http_client=http, **settings)
            return await getattr(client, api.method)(**arguments)

    return asyncio.run(run())


# --- the oracle: the spec's own example validator ---------------------------------------------


@functools.cache
def _tree() -> SpecTree:
    return SpecTree.load(SPECS)


@functools.cache
def _examples() -> dict[str, Example]:
    """The response examples of the specs by their JSON value (each is unique)."""
    return {
        json.dumps(e.value, sort_keys=True): e
        for e in collect_examples(_tree())
        if "responses" in e.path and "examples" in e.path
    }


def spec_rejects(original: Any, mutated: Any, replacement: Any) -> bool:
    """Whether the spec rejects ``mutated``, where the one value changed is ``replacement``.

    A value of an enum's type that the enum does not list is accepted: the enums are open (a
    newer service's value parses to a member whose ``is_unknown`` is true)."""
    example = _examples()[json.dumps(original, sort_keys=True)]
    found = validate_example(_tree(), replace(example, value=mutated))
    if len(found) == 1 and " is not one of " in found[0].message:
        listed = ast.literal_eval(found[0].message.rpartition(" is not one of ")[2])
        kinds = {_json_type(v) for v in listed if v is not None}
        return _json_type(replacement) not in kinds
    return bool(found)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    return type(value).__name__


# --- walking bodies and results --------------------------------------------------------------

Path = tuple[str | int, ...]


def leaves(value: Any, where: Path = ()) -> Iterator[Path]:
    """The path of every scalar in a JSON value (and of every empty list or object)."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, (*where, key))
    elif isinstance(value, list) and value:
        for i, item in enumerate(value):
            yield from leaves(item, (*where, i))
    else:
        yield where


def put(body: Any, where: Path, value: Any) -> Any:
    out = copy.deepcopy(body)
    holder = out
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = value
    return out


def at(node: Any, where: Path) -> Any:
    """The value at a wire path of a result: model fields by wire name, then unknown fields."""
    for key in where:
        if isinstance(node, Model):
            fields = type(node).model_fields
            name = next((n for n, f in fields.items() if (f.alias or n) == key), None)
            node = node.__dict__[name] if name is not None else (node.model_extra or {})[str(key)]
        else:
            node = node[key]
    return node


def same(a: Any, b: Any) -> bool:
    """Equal as JSON, type for type: a boolean is not a number, a string not a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return (
            list(a) == list(b) and all(same(a[k], b[k]) for k in a)
            if a.keys() == b.keys()
            else False
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def same_unordered(a: Any, b: Any) -> bool:
    """``same``, keys in any order (a model dumps its fields in the spec's order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_unordered(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_unordered(x, y) for x, y in zip(a, b, strict=True))
    return same(a, b)


def key(issue: ValidationIssue) -> tuple[Any, ...]:
    return (issue.location, issue.expected, issue.kind, json.dumps(issue.got))


# --- field by field, with hypothesis -------------------------------------------------------------

# Values of every JSON type, with the ones pydantic's lax mode would convert (numeric strings,
# booleans, whole floats, ISO dates, Unix times) well represented.
REPLACEMENTS = st.one_of(
    st.sampled_from(
        ["1", "0", "22", "true", "2020-07-23T07:11:57Z", "1658217008", "", "x" * 70, "Active"]
    ),
    st.booleans(),
    st.none(),
    st.integers(min_value=-3, max_value=70_000),
    # Whole floats past 2**63 are integers to JSON Schema, but pydantic-core converts a float
    # to an integer within 64 bits only: such a value is kept as sent and listed (README,
    # "Reading responses"), which this property does not cover.
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: abs(f) < 2.0**63),
    st.sampled_from([1.0, 22.0, 1658217008, 1658217008.5]),
    st.text(max_size=8),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["a", "Code"]), st.integers(0, 3), max_size=1),
)


def check_mutation(case_index: int, where_index: int, replacement: Any, mode: str) -> None:
    case = SUCCESS[case_index]
    api = APIS[case.operation]
    paths = list(leaves(case.value))
    where = paths[where_index % len(paths)]
    mutated = put(case.value, where, replacement) if where else replacement
    if not isinstance(mutated, dict):
        return  # the top level is never replaced: that is an error in both modes (below)
    body = json.dumps(mutated).encode()
    # The models read null in an object as the field not sent
    # (tests/client/test_generated_models.py:
    # services send null for "none"); the spec is asked about the body without it.
    judged = mutated
    if replacement is None and isinstance(where[-1], str):
        judged = copy.deepcopy(mutated)
        holder = judged
        for part in where[:-1]:
            holder = holder[part]
        del holder[where[-1]]
    rejected = spec_rejects(case.value, judged, replacement)

    result = call(api, body, mode=mode)

    # Never lost, never coerced: the body comes back as it was sent.
    assert type(result) is case.model
    assert same_unordered(result.to_dict(), mutated), (where, replacement)
    assert same_unordered(json.loads(result.to_json()), mutated), (where, replacement)
    # Listed exactly when the spec rejects it, at its path (no spec here has a oneOf/anyOf
    # that would move the report up to the union).
    issues = validation_issues(result)
    if rejected:
        # At the replaced value, or inside it (a list of integers where objects belong is
        # reported at each item that breaks the spec).
        assert issues, (where, replacement)
        for issue in issues:
            assert issue.location[: len(where)] == where, (where, replacement, issues)
            inner: Any = replacement
            for part in issue.location[len(where) :]:
                inner = inner[part]
            assert same(issue.got, inner) and issue.expected and issue.kind
            assert issue.path.startswith("$")
        assert same(at(result, where), replacement)  # kept raw, at its place
    else:
        assert issues == (), (where, replacement, issues)
    # Every other value is typed exactly as the clean example parses.
    clean = case.model.model_validate_json(json.dumps(case.value))
    for other in leaves(case.value):
        if other[: len(where)] != where and where[: len(other)] != other:
            mine, theirs = at(result, other), at(clean, other)
            assert type(mine) is type(theirs) and mine == theirs, other
    # strict: the same body raises, with the same list.
    if rejected:
        with pytest.raises(APIResponseValidationError) as raised:
            call(api, body, strict=True, mode=mode)
        assert [key(i) for i in raised.value.issues] == [key(i) for i in issues]
        assert raised.value.body == body.decode()
    else:
        assert call(api, body, strict=True, mode=mode) == result


SMALL = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@SMALL
@given(
    case_index=st.integers(0, len(SUCCESS) - 1),
    where_index=st.integers(0, 10_000),
    replacement=REPLACEMENTS,
)
def test_mutated_examples_are_kept_and_listed(
    case_index: int, where_index: int, replacement: Any
) -> None:
    check_mutation(case_index, where_index, replacement, "sync")


@pytest.mark.full
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case_index=st.integers(0, len(SUCCESS) - 1),
    where_index=st.integers(0, 10_000),
    replacement=REPLACEMENTS,
    mode=st.sampled_from(["sync", "async"]),
)
def test_mutated_examples_are_kept_and_listed_at_length(
    case_index: int, where_index: int, replacement: Any, mode: str
) -> None:
    check_mutation(case_index, where_index, replacement, mode)


# The examples of over 40 values take seconds each: CI sweeps them (CLOUDNET_FULL=1).
SWEEP = [
    pytest.param(i, id=c.name, marks=[pytest.mark.full] if len(list(leaves(c.value))) > 40 else [])
    for i, c in enumerate(SUCCESS)
]


@pytest.mark.parametrize("case_index", SWEEP)
def test_every_field_of_every_example_as_a_string_and_a_boolean(case_index: int) -> None:
    """Every leaf of every example, once as a numeric string and once as ``true`` (the two
    values lax parsing converts), async: the sweep hypothesis samples from."""
    for where_index in range(len(list(leaves(SUCCESS[case_index].value)))):
        for replacement in ("1", True):
            check_mutation(case_index, where_index, replacement, "async")


# --- no coercion, named cases ------------------------------------------------------------------

ROMA = APIS["ShowDetailsOfVpcChannelV2"]


def roma_body(**fields: Any) -> bytes:
    return json.dumps({"id": "56a7d735", **fields}).encode()


@pytest.mark.parametrize(
    ("field", "sent"),
    [
        ("balance_strategy", "1"),  # an integer enum: a numeric string
        ("balance_strategy", True),  # an integer enum: a boolean
        ("balance_strategy", 1.5),
        ("create_time", 1595488317),  # a date-time: a JSON number (a Unix time)
        ("create_time", "1595488317"),  # a date-time: a Unix time as text
        ("create_time", "2020-07-23T07:11:57"),  # a date-time without a time zone
        ("create_time", "2020-07-23 07:11:57Z"),  # not RFC 3339's T
        ("port", "22"),
        ("port", True),
        ("port", 0),  # below the minimum of 1
        ("name", "n" * 70),  # longer than the 64 the page says
    ],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_coercion_in_either_mode(field: str, sent: Any, mode: str) -> None:
    body = roma_body(**{field: sent})

    result = call(ROMA, body, mode=mode)

    assert same(getattr(result, field), sent)
    assert same_unordered(result.to_dict(), json.loads(body))
    (issue,) = validation_issues(result)
    assert (issue.location, issue.path) == ((field,), f"$.{field}")
    assert same(issue.got, sent)
    with pytest.raises(APIResponseValidationError) as raised:
        call(ROMA, body, strict=True, mode=mode)
    assert raised.value.issues == (issue,)
    assert field in str(raised.value)


def test_valid_values_are_typed() -> None:
    body = roma_body(balance_strategy=1, create_time="2020-07-23T07:11:57.244829604Z", port=22)

    result = call(ROMA, body, strict=True)

    assert result.balance_strategy is ShowDetailsOfVpcChannelV2ResponseBalanceStrategy(1)
    assert result.create_time.year == 2020 and result.create_time.tzinfo is not None
    assert result.to_dict()["create_time"] == "2020-07-23T07:11:57.244829604Z"
    assert validation_issues(result) == ()


def test_a_whole_float_is_an_integer_as_json_schema_says() -> None:
    """``22.0`` is an integer in JSON Schema (ZStack sends VNIs so): valid, read as 22."""
    result = call(ROMA, roma_body(port=22.0, balance_strategy=1.0), strict=True)
    assert result.port == 22 and result.balance_strategy == 1


def test_a_number_field_keeps_an_integer_an_integer() -> None:
    from cloudnet._core import Model as CoreModel
    from cloudnet._core import StrictFloat

    class Reading(CoreModel):
        value: StrictFloat | None = None

    parsed = Reading.model_validate_json('{"value": 1}')
    assert type(parsed.value) is int and parsed.to_json() == '{"value":1}'
    with pytest.raises(ValueError):
        Reading.model_validate_json('{"value": true}')


# --- nested values, lists, missing fields -----------------------------------------------------


def test_nested_offenders_are_listed_from_each_model() -> None:
    members = [
        {"host": "10.0.0.1", "port": 22, "create_time": "2020-07-23T07:11:57Z"},
        {"host": "10.0.0.2", "port": 70000, "create_time": 1595488317},
        {"host": "10.0.0.3", "weight": "5"},
    ]
    body = roma_body(members=members, port="80")

    result = call(ROMA, body)

    assert [i.path for i in validation_issues(result)] == [  # in the order of the body
        "$.members[1].port",
        "$.members[1].create_time",
        "$.members[2].weight",
        "$.port",
    ]
    first, second, third = result.members
    assert isinstance(first, VpcMemberInfo) and validation_issues(first) == ()
    assert first.create_time is not None and first.create_time.year == 2020
    assert [i.path for i in validation_issues(second)] == ["$.port", "$.create_time"]
    assert (second.port, second.create_time, second.host) == (70000, 1595488317, "10.0.0.2")
    assert third.weight == "5"
    assert same_unordered(result.to_dict(), json.loads(body))
    assert [i.location for i in validation_issues(result.members)] == [
        i.location[1:] for i in validation_issues(result)[:3]
    ]


def test_a_required_field_that_did_not_come_reads_as_none() -> None:
    from cloudnet.alibaba.vpc.models import ErrorResponse

    text = '{"RequestId": "r-1", "Message": "m", "Extra": 1}'
    error, issues, _ = _read(ErrorResponse, text)
    assert error.code is None and error.message == "m" and error.model_extra == {"Extra": 1}
    assert [(i.path, i.kind, i.got) for i in issues] == [("$.Code", "missing", None)]
    assert error.to_dict() == json.loads(text)
    assert str(issues[0]) == "$.Code: Field required"


def _read(model: Any, text: str) -> Any:
    from cloudnet._core._reading import read_body

    return read_body(model, text.encode())


def test_a_dict_key_that_breaks_its_pattern_is_listed_and_kept() -> None:
    from cloudnet.zstack.vpc.models import GetVpcVRouterDistributedRoutingConnectionsReply as Reply

    value = {"inventories": {"no-comma": {"protocol": "TCP"}, "a,b": {"protocol": "UDP"}}}
    reply, issues, _ = _read(Reply, json.dumps(value))
    assert [i.location for i in issues] == [("inventories", "no-comma")]
    assert reply.inventories is not None and list(reply.inventories) == ["no-comma", "a,b"]
    assert reply.to_dict() == value


# --- never lost, in both modes -----------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_unknown_fields_and_enum_values_are_kept_in_both_modes(strict: bool) -> None:
    body = roma_body(
        balance_strategy=9,
        member_type="k8s",
        brand_new={"x": [1, "2"]},
        members=[{"host": "h", "status": 5, "future": True}],
    )

    result = call(ROMA, body, strict=strict)

    assert validation_issues(result) == ()
    assert result.balance_strategy.is_unknown and result.balance_strategy == 9
    assert result.member_type.is_unknown
    assert result.model_extra == {"brand_new": {"x": [1, "2"]}}
    assert result.members[0].status.is_unknown
    assert same_unordered(result.to_dict(), json.loads(body))
    assert same_unordered(json.loads(result.to_json()), json.loads(body))


def test_dumping_a_leniently_read_model_does_not_warn() -> None:
    import warnings

    result = call(ROMA, roma_body(port=True, members=[{"weight": "x"}]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert result.to_dict()["port"] is True
        assert result.members[0].to_dict() == {"weight": "x"}
        assert result.model_dump()["port"] is True


# --- what is an error in both modes -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"<html>login</html>", b"", b'{"id": ', b"[1, 2]", b'"text"', b"null", b"\xff\xfe"],
    ids=["html", "empty", "truncated", "array", "string", "null", "not-utf8"],
)
@pytest.mark.parametrize("strict", [None, False, True])
def test_not_json_or_not_the_top_level_type_is_an_error_in_both_modes(
    body: bytes, strict: bool | None
) -> None:
    with pytest.raises(APIResponseValidationError) as raised:
        call(ROMA, body, strict=strict)
    assert raised.value.body == httpx.Response(200, content=body).text
    assert raised.value.errors and raised.value.issues == ()
    assert "ShowDetailsOfVpcChannelV2" in str(raised.value)


# --- where strict is set ------------------------------------------------------------------------

BAD = roma_body(port="22")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_strict_as_a_client_option_and_per_call(mode: str) -> None:
    with pytest.raises(APIResponseValidationError):
        call(ROMA, BAD, client_strict=True, mode=mode)
    with pytest.raises(APIResponseValidationError):
        call(ROMA, BAD, client_strict=False, strict=True, mode=mode)
    # The call's setting wins over the client's.
    assert call(ROMA, BAD, client_strict=True, strict=False, mode=mode).port == "22"
    assert call(ROMA, BAD, mode=mode).port == "22"


def test_strict_through_with_options() -> None:
    with httpx.Client(transport=transport(BAD)) as http:
        client = HuaweiRomaClient(http_client=http, max_retries=0, **ROMA.settings)
        strict = client.with_options(strict=True)
        with pytest.raises(APIResponseValidationError):
            strict.show_details_of_vpc_channel_v2(**ROMA.arguments)
        # The value kept as sent is not of the field's type: mypy knows port as an int.
        assert at(client.show_details_of_vpc_channel_v2(**ROMA.arguments), ("port",)) == "22"
        lenient = strict.with_options(strict=False)
        assert at(lenient.show_details_of_vpc_channel_v2(**ROMA.arguments), ("port",)) == "22"
    # A client without server variables or client options has the runtime's with_options.
    zstack = APIS["GetVpcVRouterDistributedRoutingConnections"]
    body = json.dumps({"inventories": {"a,b": {"sourceL2NetworkVni": "1"}}}).encode()
    with httpx.Client(transport=transport(body)) as http:
        plain = ZstackVpcClient(http_client=http, max_retries=0, **zstack.settings)
        with pytest.raises(APIResponseValidationError) as raised:
            getattr(plain.with_options(strict=True), zstack.method)(**zstack.arguments)
    assert [i.path for i in raised.value.issues] == ['$.inventories["a,b"].sourceL2NetworkVni']


def test_one_warning_to_the_cloudnet_logger(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="cloudnet"):
        call(ROMA, roma_body(port="22", name="n" * 70))
    (record,) = [r for r in caplog.records if r.name == "cloudnet"]
    assert record.levelno == logging.WARNING
    assert "ShowDetailsOfVpcChannelV2" in record.getMessage()
    assert "2 place(s)" in record.getMessage() and "validation_issues" in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cloudnet"):
        call(ROMA, roma_body(port=22))
    assert not [r for r in caplog.records if r.name == "cloudnet"]


def test_the_readme_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (SPECS.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Reading responses: lenient") :]
    block = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["1 False", "22 0"]
    assert [line.partition(":")[0] for line in out[2:5]] == [
        "$.name",
        "$.port",
        "$.members[0].create_time",
    ]
    assert out[5] == "['$.name', '$.port', '$.members[0].create_time']"


def test_a_date_takes_a_full_date_only() -> None:
    """``format: date`` (the realworld corpus has one): pydantic's ``date`` would take ``0`` as
    1970-01-01 and a date-time at midnight as its date."""
    import datetime

    from cloudnet._core import Model as CoreModel
    from cloudnet._core import date

    class Pet(CoreModel):
        born: date | None = None

    assert Pet.model_validate_json('{"born": "2020-07-23"}').born == datetime.date(2020, 7, 23)
    assert Pet.model_validate_json('{"born": "2020-07-23"}').to_json() == '{"born":"2020-07-23"}'
    for sent in ("0", '"2020-07-23T00:00:00Z"', '"2020-13-01"', '"20200723"'):
        with pytest.raises(ValueError):
            Pet.model_validate_json(f'{{"born": {sent}}}')
        pet, issues, _ = _read(Pet, f'{{"born": {sent}}}')
        assert pet.to_json() == f'{{"born":{sent}}}'.replace(": ", ":")
        assert [i.path for i in issues] == ["$.born"]
