"""Shared by the mock server tests: the server on a free loopback port, and the check that a
response is one the spec declares for the operation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import httpx

from generator.mock import MockConfig, MockServer, TestKeys
from generator.mock.spec import MockOperation, Schemas, describe, load_apis

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"

HUAWEI_AK, HUAWEI_SK = "MOCKHUAWEIAK00000000", "mock-huawei-secret-key"
ALIBABA_ID, ALIBABA_SECRET = "MOCKALIBABAAK0000000", "mock-alibaba-secret"
IAM_TOKEN, ZSTACK_SESSION = "mock-iam-token", "mock-zstack-session"
KEYS = TestKeys(
    huawei={HUAWEI_AK: HUAWEI_SK},
    alibaba={ALIBABA_ID: ALIBABA_SECRET},
    huawei_tokens=(IAM_TOKEN,),
    zstack_sessions=(ZSTACK_SESSION,),
)


@cache
def spec_operations() -> dict[str, MockOperation]:
    """Every operation of the specs, by operationId."""
    return {op.operation_id: op for api in load_apis(SPECS) for op in api.operations}


@cache
def _schemas() -> Schemas:
    return Schemas([op.api for op in {o.api.name: o for o in spec_operations().values()}.values()])


def assert_conforms(operation_id: str, response: httpx.Response) -> None:
    """``response`` is one the spec declares for the operation: its status, its media type and
    a body that validates against the response's schema."""
    op = spec_operations()[operation_id]
    declared = op.response_for(response.status_code)
    assert declared is not None, f"{operation_id}: status {response.status_code} is not declared"
    if declared.media_type is None:
        assert not response.content
        return
    assert response.headers["content-type"].split(";")[0] == declared.media_type
    body = json.loads(response.content)
    if declared.schema is not None:
        errors = _schemas().errors(op.api, declared.schema, body)
        assert not errors, f"{operation_id} {response.status_code}: {describe(errors[0])}"


def running_mock(dynamic: bool = False) -> Iterator[MockServer]:
    """The mock on a free port for the duration of a fixture."""
    with MockServer(MockConfig(specs=SPECS, dynamic=dynamic, keys=KEYS)) as server:
        yield server
    assert not server.thread.is_alive(), "the mock server thread did not stop"
