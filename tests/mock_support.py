"""Shared by the mock server tests: the server on a free loopback port, and the check that a
response is one the spec declares for the operation (made without the mock's code)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator.ir.parse import api_name, is_api_document
from generator.mock import MockConfig, MockServer, TestKeys
from generator.mock.spec import MockOperation, load_apis
from generator.openapi.bundle import bundle_document
from generator.openapi.tree import SpecTree

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


# -- what the spec declares, read without the mock --------------------------------------------
#
# The mock builds its responses from the spec and validates them with its own code
# (generator/mock); judging it by that code would only show that it agrees with itself. So
# assert_conforms reads the bundled documents here and validates with jsonschema, $refs resolved
# by referencing, statuses matched as OpenAPI says (exact, then 4XX, then default).


JsonPath = tuple[str, ...]


@dataclass(frozen=True)
class _Declared:
    uri: str  # of the API's bundle in the registry
    document: dict[str, Any]
    responses: JsonPath  # where the operation's responses are in the bundle


@cache
def _declared() -> dict[str, _Declared]:
    """Every operation of the bundled specs, by operationId."""
    tree = SpecTree.load(SPECS)
    found: dict[str, _Declared] = {}
    for file in tree.documents():
        if not is_api_document(file):
            continue
        document = json.loads(json.dumps(bundle_document(tree, file).document))
        uri = f"urn:cloudnet-test:{api_name(tree, file)}"
        for route, item in document["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    where = ("paths", route, method, "responses")
                    found[op["operationId"]] = _Declared(uri, document, where)
    return found


@cache
def _registry() -> Registry[Any]:
    bundles = {d.uri: d.document for d in _declared().values()}
    return Registry().with_resources(
        (uri, DRAFT202012.create_resource(document)) for uri, document in bundles.items()
    )


def _pointer(path: JsonPath) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path)


def _follow(document: dict[str, Any], path: JsonPath) -> tuple[JsonPath, Any]:
    """The node at ``path`` with its local ``$ref``s followed, and where it really is."""
    node: Any = document
    for part in path:
        node = node[part]
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        path = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))
        node = document
        for part in path:
            node = node[part]
    return path, node


def _openapi_formats() -> FormatChecker:
    """jsonschema's format checks and OpenAPI's two integer formats (as ranges)."""
    checker = FormatChecker()

    @checker.checks("int32")
    def int32(value: object) -> bool:
        return not isinstance(value, int) or -(2**31) <= value < 2**31

    @checker.checks("int64")
    def int64(value: object) -> bool:
        return not isinstance(value, int) or -(2**63) <= value < 2**63

    return checker


_FORMATS = _openapi_formats()


def assert_conforms(operation_id: str, response: httpx.Response) -> None:
    """``response`` is one the spec declares for the operation: its status, its media type and
    a body that validates against the response's schema (jsonschema, formats checked)."""
    declared = _declared()[operation_id]
    responses = _follow(declared.document, declared.responses)[1]
    status = str(response.status_code)
    keys = {key.upper(): key for key in responses}
    key = next((keys[k] for k in (status, status[0] + "XX", "DEFAULT") if k in keys), None)
    assert key is not None, f"{operation_id}: status {status} is not declared"
    where, answer = _follow(declared.document, (*declared.responses, key))
    content = answer.get("content")
    if not content:
        assert not response.content, f"{operation_id} {status}: a body where none is declared"
        return
    media = response.headers["content-type"].split(";")[0].strip()
    assert media in content, f"{operation_id} {status}: {media} is not one of {sorted(content)}"
    body = json.loads(response.content)
    if "schema" not in content[media]:
        return
    schema = {"$ref": declared.uri + "#" + _pointer((*where, "content", media, "schema"))}
    validator = Draft202012Validator(schema, registry=_registry(), format_checker=_FORMATS)
    error = best_match(validator.iter_errors(body))
    assert error is None, f"{operation_id} {status}: {error.json_path}: {error.message}"


def running_mock(dynamic: bool = False) -> Iterator[MockServer]:
    """The mock on a free port for the duration of a fixture."""
    with MockServer(MockConfig(specs=SPECS, dynamic=dynamic, keys=KEYS)) as server:
        yield server
    assert not server.thread.is_alive(), "the mock server thread did not stop"
