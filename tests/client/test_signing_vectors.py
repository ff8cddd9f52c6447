"""The client's request signers against vectors recorded from the vendors' official SDKs.

``signing_vectors.json`` holds requests as they are about to be signed (method, URL, every
header, body, time, nonce, token) and what the official SDK added to each and sent. The file is
recorded by ``python -m tests.test_signing_vectors``, and tests/test_signing_vectors.py signs
every vector again with the official SDK (in .venv-vendor) to prove it still holds. Here only
the client is needed, so the check also runs in the compatibility venvs of
tests/test_dependency_ranges.py, at both ends of the httpx range.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cloudnet import AlibabaAcs3, HuaweiAkSk

FILE = Path(__file__).with_name("signing_vectors.json")
VECTORS: list[dict[str, Any]] = json.loads(FILE.read_text(encoding="utf-8"))
AKSK = {
    "huawei": ("HPUAEXAMPLEACCESSKEY", "sK3xampleSecretKeyDoNotLeak0123456789abcd"),
    "alibaba": ("LTAI5tEXAMPLEaccessKeyId", "sEcReTExampleAccessKeySecretDoNotLeak01"),
}


def request_of(vector: dict[str, Any]) -> httpx.Request:
    """The recorded request, before signing."""
    headers = [(k.encode(), v.encode("latin-1")) for k, v in vector["headers"]]
    return httpx.Request(
        vector["method"],
        vector["url"],
        headers=headers,
        content=base64.b64decode(vector["body_b64"]),
    )


def sign(vector: dict[str, Any]) -> dict[str, Any]:
    """What the client's signer adds to the recorded request, and the target it sends."""
    request = request_of(vector)
    when = datetime.fromisoformat(vector["when"])
    ak, sk = AKSK[vector["vendor"]]
    before = {k.lower() for k, _ in vector["headers"]}
    if vector["vendor"] == "huawei":
        HuaweiAkSk(
            ak,
            sk,
            security_token=vector["security_token"],
            project_id=vector["project_id"],
            clock=lambda: when,
        ).apply(request)
        names = [n for n in vector["expect"]["headers"] if n.lower() not in before]
        return {
            "headers": {n: request.headers[n] for n in names if n in request.headers},
            "target": request.url.raw_path.decode(),
        }
    AlibabaAcs3(
        ak,
        sk,
        security_token=vector["security_token"],
        clock=lambda: when,
        nonce=lambda: vector["nonce"],
    ).apply(request)
    return {
        "headers": {
            k.lower(): v
            for k, v in request.headers.multi_items()
            if k.lower() in vector["expect"]["headers"] or k.lower().startswith("x-acs-")
        },
        "target": str(request.url.copy_with(fragment=None)),
    }


def test_there_are_vectors_of_both_vendors() -> None:
    assert {v["vendor"] for v in VECTORS} == {"huawei", "alibaba"}


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v['vendor']}:{v['name']}" for v in VECTORS])
def test_the_client_signs_as_the_official_sdk_did(vector: dict[str, Any]) -> None:
    assert sign(vector) == vector["expect"]
