"""The vendors' official Python SDKs (huaweicloudsdkvpcep, huaweicloudsdkdc, huaweicloudsdkroma,
alibabacloud-vpc20160428), pointed at the mock as their endpoint, make the call of each operation,
signed their own way, and parse the mock's answer; with a wrong secret they get the vendor's
error. They run in .venv-vendor (tests/vendor_mock_calls.py), one process per call."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    ROOT,
    spec_operations,
)

VENDOR_PYTHON = ROOT / ".venv-vendor" / "bin" / "python"
WORKER = ROOT / "tests" / "vendor_mock_calls.py"
PROJECT = "b197c48159d44a66b32c538c3f8da89a"
SDK_OPERATIONS = [
    "ListServiceConnections",
    "ShowVifPeerDetection",
    "ShowDetailsOfVpcChannelV2",
    "DescribeVcoRouteEntries",
]


def sdk_call(url: str, operation_id: str, *, wrong_secret: bool = False) -> dict[str, Any]:
    if not VENDOR_PYTHON.exists():
        pytest.fail(f"{VENDOR_PYTHON} is missing: run make test (it installs .venv-vendor)")
    alibaba = operation_id == "DescribeVcoRouteEntries"
    request = {
        "endpoint": url,
        "operation": operation_id,
        "ak": ALIBABA_ID if alibaba else HUAWEI_AK,
        "sk": (ALIBABA_SECRET if alibaba else HUAWEI_SK) + ("-wrong" if wrong_secret else ""),
        "project_id": PROJECT,
    }
    done = subprocess.run(
        [str(VENDOR_PYTHON), str(WORKER), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def _without_nulls(value: Any) -> Any:
    """The SDKs' dicts list every model field, None when absent; the example has no such keys."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


@pytest.mark.parametrize("operation_id", SDK_OPERATIONS)
def test_official_sdk_parses_the_mock_answer(mock_url: str, operation_id: str) -> None:
    answer = sdk_call(mock_url, operation_id)
    assert answer["ok"], answer
    example = json.loads(
        json.dumps(next(iter(spec_operations()[operation_id].responses["200"].examples.values())))
    )
    if operation_id == "ShowDetailsOfVpcChannelV2":
        # huaweicloudsdkroma 3.1.219's VpcMemberInfo model has no health_status (the page's
        # Table 13 and its examples do): the SDK drops the field when it parses the answer.
        for member in example["members"]:
            del member["health_status"]
    assert _without_nulls(answer["body"]) == example


@pytest.mark.parametrize(
    ("operation_id", "status", "code"),
    [
        ("ListServiceConnections", 401, "APIGW.0301"),
        ("ShowVifPeerDetection", 401, "APIGW.0301"),
        ("ShowDetailsOfVpcChannelV2", 401, "APIGW.0301"),
        ("DescribeVcoRouteEntries", 403, "SignatureDoesNotMatch"),
    ],
)
def test_official_sdk_with_a_wrong_secret_gets_the_vendor_error(
    mock_url: str, operation_id: str, status: int, code: str
) -> None:
    answer = sdk_call(mock_url, operation_id, wrong_secret=True)
    assert not answer["ok"], answer
    assert answer["status"] == status, answer
    assert answer["code"] == code, answer
