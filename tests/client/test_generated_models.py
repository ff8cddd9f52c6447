"""The generated models: every vendor example round-trips, and they read what newer services send.

Each response example of the five specs is parsed with the model the generated client returns
(or raises with) for that status, and dumped back (by alias, unset fields left out): the JSON
must be the example's, value for value.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from typing import Any

import pytest
from cloudnet import Model, WireDatetime

from .specdata import response_examples


@dataclass(frozen=True)
class Case:
    api: str
    operation: str
    status: str
    name: str
    model: type[Model]
    value: Any


def _cases() -> list[Case]:
    return [
        Case(
            e["api"],
            e["operation"],
            e["status"],
            e["name"],
            getattr(importlib.import_module(f"cloudnet.{e['api']}.models"), e["model"]),
            e["value"],
        )
        for e in response_examples()
    ]


CASES = _cases()


def test_every_api_has_examples() -> None:
    assert {c.api for c in CASES} == {
        "alibaba.vpc",
        "huawei.dc",
        "huawei.roma",
        "huawei.vpcep",
        "zstack.vpc",
    }


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.api}:{c.operation}:{c.status}:{c.name}" for c in CASES]
)
def test_vendor_example_round_trips(case: Case) -> None:
    parsed = case.model.model_validate_json(json.dumps(case.value))
    assert parsed.to_dict() == case.value
    assert json.loads(parsed.to_json()) == case.value


def test_unknown_fields_are_kept_and_dumped() -> None:
    from cloudnet.huawei.vpcep.models import ListServiceConnectionsResponseBody

    body = {"connections": [{"id": "a", "ip": "10.0.0.1"}], "total_count": 1, "next": "x"}
    parsed = ListServiceConnectionsResponseBody.model_validate(body)
    assert parsed.model_extra == {"next": "x"}
    assert parsed.connections is not None
    assert parsed.connections[0].model_extra == {"ip": "10.0.0.1"}
    assert parsed.to_dict() == body


def test_unknown_enum_values_parse_and_say_so() -> None:
    from cloudnet.huawei.roma.models import VpcMemberInfo, VpcMemberInfoStatus
    from cloudnet.huawei.vpcep.models import ConnectionEndpoints, ConnectionEndpointsStatus

    known = ConnectionEndpoints.model_validate({"status": "accepted"})
    newer = ConnectionEndpoints.model_validate({"status": "migrating"})
    assert known.status is ConnectionEndpointsStatus.ACCEPTED
    assert known.status is not None and not known.status.is_unknown
    assert newer.status is not None and newer.status.is_unknown
    assert newer.status == "migrating" and newer.status.value == "migrating"
    assert newer.to_dict() == {"status": "migrating"}
    member = VpcMemberInfo.model_validate({"status": 7})
    assert member.status is not None and member.status.is_unknown and member.status == 7
    assert VpcMemberInfoStatus(1).is_unknown is False
    with pytest.raises(ValueError):
        ConnectionEndpoints.model_validate({"status": 12})  # a wrong type is still an error


def test_null_is_accepted_for_optional_fields() -> None:
    from cloudnet.huawei.dc.models import VifPeerDetection

    parsed = VifPeerDetection.model_validate({"id": None, "loss_ratio": None, "status": None})
    assert parsed.id is None and parsed.loss_ratio is None
    assert parsed.to_dict() == {"id": None, "loss_ratio": None, "status": None}


def test_timestamps_keep_their_wire_text() -> None:
    from cloudnet.huawei.roma.models import ShowDetailsOfVpcChannelV2Response

    text = "2020-07-23T07:11:57.244829604Z"
    parsed = ShowDetailsOfVpcChannelV2Response.model_validate({"create_time": text})
    assert isinstance(parsed.create_time, WireDatetime)
    assert parsed.create_time.year == 2020 and parsed.create_time.microsecond == 244829
    assert parsed.to_dict() == {"create_time": text}
    moved = parsed.model_copy(update={"create_time": parsed.create_time.replace(year=2021)})
    assert moved.to_dict()["create_time"].startswith("2021-07-23T07:11:57.244829")


def test_models_take_field_names_and_wire_names() -> None:
    from cloudnet.alibaba.vpc.models import VcoRouteEntry

    by_wire = VcoRouteEntry.model_validate({"NextHop": "vco-1"})
    by_name = VcoRouteEntry(next_hop="vco-1")
    assert by_wire.next_hop == by_name.next_hop == "vco-1"
    assert by_name.to_dict() == {"NextHop": "vco-1"}
