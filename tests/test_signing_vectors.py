"""The recorded signing vectors (tests/client/signing_vectors.json) are the official SDKs' answers.

tests/client/test_signing_vectors.py checks the client's signers against that file where the
official SDKs are not installed (the compatibility venvs of tests/test_dependency_ranges.py).
Here each vector is signed again by the official SDK (.venv-vendor, through the signer tests'
``check``, which also holds our signer to it) and must be what was recorded.
``python -m tests.test_signing_vectors`` records the file anew.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

import httpx
import pytest

from . import test_signer_alibaba as alibaba
from . import test_signer_huawei as huawei
from .client.test_signing_vectors import FILE, VECTORS, request_of
from .vendor_worker import TRANSPORT, Official, official_signer

Vector = dict[str, Any]


# Not recorded: URLs with malformed percent escapes (%zz, a lone %). httpx 0.28 sends them as
# they are, older releases escape the "%" (%25zz), so the request differs on the wire with the
# httpx release; the signer tests hold both signers to the SDK on them (with .venv's httpx).
_HTTPX_DEPENDENT = {"bad-escape-in-path", "bad-escape"}


def _inputs() -> Iterator[Vector]:
    """What is recorded: the signer tests' explicit cases, with and without a token."""
    for name, (method, url, headers, body) in huawei.CASES.items():
        if name in _HTTPX_DEPENDENT:
            continue
        request = httpx.Request(method, url, headers=cast(dict[str, str], headers), content=body)
        yield _input("huawei", name, request, when=huawei.FIXED)
    for token, project in (("tok-ABC.123/+=", None), (None, "0a1b2c3d4e5f"), ("t", "0a1b")):
        request = httpx.Request("POST", f"https://{huawei.HOST}/v1/x?b=1", json={"a": 1})
        name = f"token-{token}-project-{project}"
        yield _input("huawei", name, request, when=huawei.FIXED, token=token, project=project)
    requests = {
        name: alibaba.build("POST", url)
        for name, url in alibaba.CASES.items()
        if name not in _HTTPX_DEPENDENT
    }
    requests["get"] = alibaba.build("GET", f"https://{alibaba.HOST}/?{alibaba.PIN}&a=1")
    requests["raw-body"] = alibaba.build(
        "POST",
        f"https://{alibaba.HOST}/?{alibaba.PIN}",
        headers={"Content-Type": "application/octet-stream"},
        content=b"\x00\xffbody",
    )
    for name, request in requests.items():
        yield _input("alibaba", name, request, when=alibaba.FIXED, nonce=alibaba.NONCE)
    yield _input(
        "alibaba",
        "security-token",
        alibaba.build("POST", alibaba.DESCRIBE),
        when=alibaba.FIXED,
        nonce=alibaba.NONCE,
        token="CAIS+token/with=chars",
    )


def _input(
    vendor: str,
    name: str,
    request: httpx.Request,
    *,
    when: datetime,
    nonce: str | None = None,
    token: str | None = None,
    project: str | None = None,
) -> Vector:
    """The request as it is about to be signed: every header it holds (httpx's defaults,
    User-Agent with httpx's version among them, are written down, so a replay with another
    httpx signs the same headers)."""
    return {
        "vendor": vendor,
        "name": name,
        "method": request.method,
        "url": str(request.url),
        "headers": [[k.decode(), v.decode("latin-1")] for k, v in request.headers.raw],
        "body_b64": base64.b64encode(request.content).decode(),
        "when": when.isoformat(),
        "nonce": nonce,
        "security_token": token,
        "project_id": project,
    }


def _sign(official: Official, vector: Vector) -> Vector:
    """The official SDK's signature of ``vector``: the headers it adds and what it sends."""
    request = request_of(vector)
    when = datetime.fromisoformat(vector["when"])
    if vector["vendor"] == "huawei":
        answer = huawei.check(
            official,
            request,
            when=when,
            security_token=vector["security_token"],
            project_id=vector["project_id"],
        )
        preset = {name.lower() for name, _ in vector["headers"]}
        return {
            "headers": {
                h: answer["headers"][h]
                for h in huawei.SIGNING_HEADERS
                if h.lower() not in preset and h in answer["headers"]
            },
            "target": answer["uri"],
        }
    answer = alibaba.check(
        official, request, when=when, nonce=vector["nonce"], security_token=vector["security_token"]
    )
    return {
        "headers": {
            name.lower(): value
            for name, value in answer["headers"].items()
            if name.lower() not in TRANSPORT
        },
        "target": answer["url"],
    }


@pytest.fixture(scope="module")
def officials() -> Iterator[dict[str, Official]]:
    with official_signer("huawei") as h, official_signer("alibaba") as a:
        yield {"huawei": h, "alibaba": a}


def test_the_recorded_vectors_cover_both_signers() -> None:
    vendors = [v["vendor"] for v in VECTORS]
    assert vendors.count("huawei") >= 20 and vendors.count("alibaba") >= 15


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v['vendor']}:{v['name']}" for v in VECTORS])
def test_each_vector_is_what_the_official_sdk_signs(
    officials: dict[str, Official], vector: Vector
) -> None:
    assert _sign(officials[vector["vendor"]], vector) == vector["expect"]


if __name__ == "__main__":
    recorded = []
    with official_signer("huawei") as h, official_signer("alibaba") as a:
        for vector in _inputs():
            vector["expect"] = _sign({"huawei": h, "alibaba": a}[vector["vendor"]], vector)
            recorded.append(vector)
    text = json.dumps(recorded, indent=1, ensure_ascii=False) + "\n"
    FILE.write_text(text, encoding="utf-8")
    print(f"{FILE}: {len(recorded)} vectors")
