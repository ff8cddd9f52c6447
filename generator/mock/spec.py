"""The specs as the mock serves them: each API document bundled (``generator.openapi.bundle``),
and one ``MockOperation`` per operation with its parameters, body, responses and security.

Schemas stay in their document and are addressed by JSON pointer; ``Schemas`` validates an
instance against any of them with ``jsonschema`` (draft 2020-12, the OpenAPI 3.1 dialect), with
the document's own ``$ref``s resolved in a registry that holds every API (never fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..diagnostics import format_diagnostic
from ..openapi import extensions as x
from ..openapi.bundle import bundle_document
from ..openapi.documents import api_documents, api_name
from ..openapi.pointer import follow_local, path_to_pointer, resolve_local
from ..openapi.walk import document_operations
from ..validate import validate_tree

__all__ = [
    "MockApi",
    "MockOperation",
    "MockParameter",
    "MockResponse",
    "Schemas",
    "SpecError",
    "load_apis",
]

# OpenAPI says header parameters named Accept, Content-Type or Authorization are ignored. The
# mock still checks a declared Content-Type: the specs declare it only where the vendor's page
# lists it as mandatory (VPCEP), and schemathesis holds the server to it. Authorization belongs
# to the security schemes and Accept to content negotiation.
IGNORED_HEADERS = frozenset({"accept", "authorization"})


class SpecError(Exception):
    """The specs do not validate; the mock serves nothing from a broken tree."""


@dataclass(frozen=True)
class MockParameter:
    name: str
    location: str
    required: bool
    #: JSON pointer of the parameter's schema in its document.
    schema: str
    style: str
    explode: bool


@dataclass(frozen=True)
class MockResponse:
    #: ``"200"``, ``"4XX"`` or ``"default"``, as the spec writes it.
    status: str
    media_type: str | None
    #: JSON pointer of the body schema, None for a response without a body.
    schema: str | None
    #: The named examples (``examples``), or ``{"example": value}`` for a lone ``example``.
    examples: dict[str, Any]


@dataclass(frozen=True)
class MockOperation:
    api: MockApi = field(repr=False, compare=False)
    operation_id: str
    method: str
    #: The path key without its fragment (``/`` for ``/#Action=X``).
    path: str
    #: ``(action, version)`` of an RPC-style action (``x-cloudnet-rpc``).
    rpc: tuple[str, str] | None
    parameters: tuple[MockParameter, ...]
    body_schema: str | None
    body_required: bool
    body_media_type: str | None
    responses: dict[str, MockResponse]
    #: Alternatives, each a list of security scheme names that must all be met.
    security: tuple[tuple[str, ...], ...]
    pagination: x.Paging | None
    error_codes: tuple[dict[str, Any], ...]

    def response_for(self, status: int) -> MockResponse | None:
        """The response object that covers ``status``: exact, then ``4XX``, then ``default``."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            for declared, response in self.responses.items():
                if declared.upper() == key.upper():
                    return response
        return None

    def declares(self, status: int) -> bool:
        return self.response_for(status) is not None


@dataclass
class MockApi:
    #: The spec file relative to the spec root, without suffix (``huawei/vpcep``).
    name: str
    document: dict[str, Any]
    uri: str
    #: Security scheme name -> the resolved scheme object.
    security_schemes: dict[str, dict[str, Any]]
    operations: list[MockOperation] = field(default_factory=list)

    def resolve(self, node: Any) -> Any:
        """``node`` with its ``$ref`` chain followed inside the document."""
        return resolve_local(self.document, node)

    def at(self, pointer: str) -> Any:
        """The node at a JSON pointer of the document (``{}`` when there is none)."""
        return resolve_local(self.document, {"$ref": "#" + pointer})

    def error_fields(self, schema_pointer: str | None) -> dict[str, tuple[str, ...]] | None:
        """``x-cloudnet-error-fields`` of the schema at ``schema_pointer``, through its $refs:
        each field's dotted paths, in order."""
        if schema_pointer is None:
            return None
        return x.error_fields(self.resolve(self.at(schema_pointer)))


def _plain(value: Any) -> Any:
    """The loader's YAML nodes as plain JSON data (ruamel's scalar subclasses included)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def load_apis(specs_dir: Path) -> list[MockApi]:
    """Validate the tree below ``specs_dir`` and read every API document in it."""
    result = validate_tree(specs_dir)
    if not result.ok:
        errors = [d for d in result.diagnostics if d.is_error]
        # The problems themselves, as `specgen validate` prints them: the file and the line.
        shown = "".join(f"\n{format_diagnostic(d)}" for d in errors[:20])
        raise SpecError(f"{specs_dir}: {len(errors)} error(s); run specgen validate{shown}")
    tree = result.tree
    apis = []
    for file in api_documents(tree):
        name = api_name(tree, file)
        document = _plain(bundle_document(tree, file).document)
        api = MockApi(
            name=name,
            document=document,
            uri=f"https://cloudnet.mock/{name}.json",
            security_schemes={},
        )
        schemes = document.get("components", {}).get("securitySchemes", {})
        api.security_schemes = {n: api.resolve(s) for n, s in schemes.items()}
        api.operations = list(_operations(api))
        apis.append(api)
    return apis


def _operations(api: MockApi) -> Iterator[MockOperation]:
    doc = api.document
    default_security = doc.get("security", [])
    for view in document_operations(doc):
        op, here = view.data, view.path
        params = tuple(_parameter(p.data, p.path) for p in view.parameters)
        body_schema, body_required, body_type = _body(api, op, here)
        rpc = x.rpc(op)
        yield MockOperation(
            api=api,
            operation_id=str(op.get("operationId") or f"{view.method} {view.route}"),
            method=view.method.upper(),
            path=view.route.partition("#")[0] or "/",
            rpc=(rpc.action, rpc.version) if rpc is not None else None,
            parameters=params,
            body_schema=body_schema,
            body_required=body_required,
            body_media_type=body_type,
            responses=dict(_responses(api, op, here)),
            security=tuple(
                tuple(requirement) for requirement in op.get("security", default_security)
            ),
            pagination=x.paging(op),
            error_codes=x.error_codes(op),
        )


def _pointer_of(api: MockApi, node: Any, path: tuple[str | int, ...]) -> tuple[Any, str]:
    """The node behind ``node``'s $ref chain and its pointer (``path`` when no $ref)."""
    value, where = follow_local(api.document, node, path)
    return value, path_to_pointer(where)


def _parameter(param: dict[str, Any], path: tuple[str | int, ...]) -> MockParameter:
    """A parameter (references followed) written at ``path`` of the document."""
    pointer = path_to_pointer(path)
    location = str(param["in"])
    default_style = {"query": "form", "cookie": "form"}.get(location, "simple")
    style = str(param.get("style", default_style))
    return MockParameter(
        name=str(param["name"]),
        location=location,
        required=bool(param.get("required", location == "path")),
        schema=f"{pointer}/schema",
        style=style,
        explode=bool(param.get("explode", style == "form")),
    )


def _json_media(content: dict[str, Any]) -> str | None:
    for media in content:
        if media == "application/json" or media.endswith("+json"):
            return str(media)
    return next(iter(content), None)


def _body(
    api: MockApi, op: dict[str, Any], here: tuple[str | int, ...]
) -> tuple[str | None, bool, str | None]:
    if "requestBody" not in op:
        return None, False, None
    body, pointer = _pointer_of(api, op["requestBody"], (*here, "requestBody"))
    content = body.get("content", {})
    media = _json_media(content)
    if media is None:
        return None, bool(body.get("required")), None
    schema = f"{pointer}/content/{path_to_pointer((media,))[1:]}/schema"
    return (schema if "schema" in content[media] else None), bool(body.get("required")), media


def _responses(
    api: MockApi, op: dict[str, Any], here: tuple[str | int, ...]
) -> Iterator[tuple[str, MockResponse]]:
    for status, raw in op.get("responses", {}).items():
        response, pointer = _pointer_of(api, raw, (*here, "responses", str(status)))
        content = response.get("content", {})
        media = _json_media(content)
        if media is None:
            yield str(status), MockResponse(str(status), None, None, {})
            continue
        entry = content[media]
        examples: dict[str, Any] = {}
        for name, example in entry.get("examples", {}).items():
            example = api.resolve(example)
            if isinstance(example, dict) and "value" in example:
                examples[str(name)] = example["value"]
        if not examples and "example" in entry:
            examples["example"] = entry["example"]
        media_pointer = f"{pointer}/content/{path_to_pointer((media,))[1:]}"
        schema = f"{media_pointer}/schema" if "schema" in entry else None
        yield str(status), MockResponse(str(status), media, schema, examples)


# OpenAPI's integer formats, as bounds: jsonschema does not know them.
_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    for name, (low, high) in _INT_BOUNDS.items():

        def check(value: object, low: int = low, high: int = high) -> bool:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return True
            return low <= value <= high

        checker.checks(name)(check)
    return checker


_FORMATS = _format_checker()


class Schemas:
    """Validators for the schemas of every API, by (API, JSON pointer)."""

    def __init__(self, apis: list[MockApi]) -> None:
        resources = [
            (api.uri, Resource.from_contents(api.document, default_specification=DRAFT202012))
            for api in apis
        ]
        self.registry: Registry[Any] = Registry().with_resources(resources)
        self._validator = cache(self._make)

    def _make(self, uri: str, pointer: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": f"{uri}#{pointer}"}, registry=self.registry, format_checker=_FORMATS
        )

    def errors(self, api: MockApi, pointer: str, instance: Any) -> list[ValidationError]:
        validator = self._validator(api.uri, pointer)
        return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def describe(error: ValidationError) -> str:
    """One line for a schema error: where, then what."""
    where = "/".join(str(p) for p in error.absolute_path)
    message = re.sub(r"\s+", " ", error.message)
    if len(message) > 300:
        message = message[:297] + "..."
    return f"{where}: {message}" if where else message
