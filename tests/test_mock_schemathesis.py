"""schemathesis against the running mock, every operation: generated requests (valid ones and,
separately, ones that break the spec), signed for real where the vendor signs, and every check
schemathesis has (server errors, status codes, content types, response schemas, that invalid
data is rejected and valid data accepted, that authentication is enforced).

Signing: the generated case carries a marker in ``Authorization``; the requests session signs
any request that has it with the runtime's signer, on the request as it goes out (its final URL
and query). schemathesis' own probes that drop or replace the credentials carry no marker, so
they reach the mock unsigned, as they must to prove the mock refuses them.
"""

from __future__ import annotations

import copy
import os
import time
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth

from generator.runtime._alibaba import AlibabaAcs3
from generator.runtime._auth import Credential, SigningError
from generator.runtime._huawei import HuaweiAkSk
from tests.conftest import examples
from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_TOKEN,
    ZSTACK_SESSION,
    spec_operations,
)

MARKER = "cloudnet-mock-sign-me"
EXAMPLES = int(os.environ.get("CLOUDNET_MOCK_EXAMPLES", examples(10, 100)))
# Per operation and mode: the run stops generating after this many seconds (it still has to
# reach EXAMPLES cases; the assertion below says so when it does not).
TIME_BUDGET = 30.0


class _SignMarked(requests.auth.AuthBase):
    def __init__(self, signer: Credential | None) -> None:
        self.signer = signer

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.signer is None or request.headers.get("Authorization") != MARKER:
            return request
        del request.headers["Authorization"]
        body = request.body or b""
        outgoing = httpx.Request(
            str(request.method),
            str(request.url),
            headers=[
                (k, v if isinstance(v, str) else v.decode("latin-1"))
                for k, v in request.headers.items()
            ],
            content=body.encode()
            if isinstance(body, str)
            else body
            if isinstance(body, bytes)
            else b"",
        )
        try:
            self.signer.apply(outgoing)
        except SigningError:  # a repeated RPC parameter: no signature V3 can carry it
            return request
        if not all(_latin1(value) for value in outgoing.headers.values()):
            # A negative case's Action or Version (which signature V3 moves into headers) that
            # no header can carry: sent unsigned, and refused for that.
            return request
        request.url = str(outgoing.url)
        request.headers.clear()
        request.headers.update(dict(outgoing.headers.items()))
        return request


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _session(vendor: str) -> requests.Session:
    session = requests.Session()
    signer: Credential | None = None
    if vendor == "huawei":
        signer = HuaweiAkSk(HUAWEI_AK, HUAWEI_SK)
    elif vendor == "alibaba":
        signer = AlibabaAcs3(ALIBABA_ID, ALIBABA_SECRET)
    session.auth = _SignMarked(signer)
    return session


# schemathesis' ignored_auth check wants 401 or 403 for a request without credentials. Alibaba
# answers a request without a signature with IncompleteSignature, HTTP 400 (RPC common error
# codes), and the ZStack spec declares 400 for it (no 401); test_mock_server.py holds both to
# their vendor errors instead. Huawei's APIGW.0301 is a 401, and the check runs there.
_UNCHECKED = {"alibaba": [ignored_auth], "zstack": [ignored_auth]}


def _credentials(vendor: str) -> dict[str, str]:
    if vendor == "zstack":
        return {"Authorization": f"OAuth {ZSTACK_SESSION}"}
    if vendor == "huawei":
        # Both of the operation's schemes, so that schemathesis generates neither: the mock
        # checks every credential sent, the token and the AK/SK signature.
        return {"Authorization": MARKER, "X-Auth-Token": IAM_TOKEN}
    return {"Authorization": MARKER}


def _broken_parts(case: Any) -> set[str]:
    """The locations (``query``, ``header``...) of the parts schemathesis made invalid."""
    meta = case.meta
    if meta is None:
        return set()
    return {
        str(getattr(location, "value", location))
        for location, info in meta.components.items()
        if info.mode is GenerationMode.NEGATIVE
    }


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation_id", sorted(spec_operations()))
def test_schemathesis(mock_url: str, operation_id: str, mode: GenerationMode) -> None:
    op = spec_operations()[operation_id]
    vendor = op.api.name.split("/")[0]
    schema = schemathesis.openapi.from_dict(copy.deepcopy(op.api.document))
    schema.config.update(base_url=mock_url)
    operation = schema.find_operation_by_id(operation_id)
    session = _session(vendor)
    credentials = _credentials(vendor)
    statuses: dict[int, int] = {}
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        if time.monotonic() - started > TIME_BUDGET:
            return
        broken = _broken_parts(case)
        # A case whose headers break the spec may have dropped the credentials on purpose (a
        # required Authorization): it is sent as generated, without them.
        headers = {} if "header" in broken else credentials
        response = case.call_and_validate(
            session=session, headers=headers, excluded_checks=_UNCHECKED.get(vendor, [])
        )
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    try:
        run()
    except Unsatisfiable:
        if mode is GenerationMode.NEGATIVE:
            pytest.skip(f"{operation_id}: schemathesis finds no request that breaks its schema")
        raise
    sent = sum(statuses.values())
    assert sent >= EXAMPLES, f"{operation_id} {mode.value}: {sent} cases ({statuses})"
    if mode is GenerationMode.POSITIVE:
        assert statuses.get(200, 0) >= EXAMPLES * 0.9, statuses
    else:
        # Whether each invalid case was refused is schemathesis' negative_data_rejection check;
        # some cases of a negative run are valid (a part that cannot be broken in a URL).
        assert any(400 <= status < 500 for status in statuses), statuses
    assert all(status < 500 for status in statuses), statuses
