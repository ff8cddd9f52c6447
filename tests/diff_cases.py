"""Small base/head spec pairs for `specgen diff`: one pair per rule (tests/test_diff_rules.py)
and helpers to write them to folders."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.diff import RULES
from generator.diff.rules import CONTEXTS

Doc = dict[str, Any]

OK = {"200": {"description": "OK"}}


def document(paths: dict[str, Any], **extra: Any) -> Doc:
    doc: Doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths}
    doc.update(extra)
    return doc


def write(folder: Path, files: dict[str, Any]) -> Path:
    """Write ``{relative path: document}`` below ``folder`` (JSON is YAML); returns it."""
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder


def get(**operation: Any) -> Doc:
    op = {"operationId": "op", "responses": copy.deepcopy(OK)}
    op.update(operation)
    return document({"/x": {"get": op}})


def with_param(schema: Any = None, **param: Any) -> Doc:
    p = {"name": "p", "in": "query", "schema": schema or {"type": "string"}}
    p.update(param)
    return get(parameters=[p])


def with_body(schema: Any, required: bool | None = None, media: str = "application/json") -> Doc:
    body: Doc = {"content": {media: {"schema": schema}}}
    if required is not None:
        body["required"] = required
    return document({"/x": {"post": {"operationId": "op", "requestBody": body, "responses": OK}}})


def with_response(schema: Any, status: str = "200", media: str = "application/json") -> Doc:
    responses = {status: {"description": "OK", "content": {media: {"schema": schema}}}}
    return get(responses=responses)


def obj(properties: dict[str, Any], required: list[str] | None = None) -> Doc:
    schema: Doc = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


# -- schema rules: one (base schema, head schema) per stem, placed in each context ----------

PLACE: dict[str, Callable[[Any], Doc]] = {
    "request-parameter": lambda s: with_param(s),
    "request-property": lambda s: with_body(obj({"f": s})),
    # required: an optional response field that becomes nullable is another rule
    "response-property": lambda s: with_response(obj({"f": s}, ["f"])),
}

S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number"}
ARR = {"type": "array", "items": S}
MAP = {"type": "object", "additionalProperties": S}
AB = {"type": "object", "properties": {"a": S, "b": S}}

SCHEMA_CASES: dict[str, tuple[Any, Any]] = {
    "type-changed": (S, I),
    "type-generalized": (I, N),
    "type-specialized": (N, I),
    "format-changed": (S, {"type": "string", "format": "date-time"}),
    "became-nullable": (S, {"type": ["string", "null"]}),
    "became-not-nullable": ({"type": ["string", "null"]}, S),
    "enum-value-removed": (
        {"type": "string", "enum": ["a", "b"]},
        {"type": "string", "enum": ["a"]},
    ),
    "enum-value-added": ({"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", "b"]}),
    "enum-member-renamed": (
        {"type": "integer", "enum": [1, 2]},
        {"type": "integer", "enum": [1, 2], "x-enum-varnames": ["WRR", "WLC"]},
    ),
    "became-enum": (S, {"type": "string", "enum": ["a"]}),
    "became-not-enum": ({"type": "string", "enum": ["a"]}, S),
    "max-decreased": ({**I, "maximum": 10}, {**I, "maximum": 5}),
    "max-increased": ({**I, "maximum": 5}, {**I, "maximum": 10}),
    "min-increased": ({**I, "minimum": 1}, {**I, "exclusiveMinimum": 1}),
    "min-decreased": ({**I, "minimum": 1}, I),
    "max-length-decreased": (S, {**S, "maxLength": 8}),
    "max-length-increased": ({**S, "maxLength": 8}, {**S, "maxLength": 9}),
    "min-length-increased": ({**S, "minLength": 1}, {**S, "minLength": 2}),
    "min-length-decreased": ({**S, "minLength": 2}, {**S, "minLength": 1}),
    "max-items-decreased": ({**ARR, "maxItems": 3}, {**ARR, "maxItems": 2}),
    "max-items-increased": ({**ARR, "maxItems": 2}, ARR),
    "min-items-increased": (ARR, {**ARR, "minItems": 1}),
    "min-items-decreased": ({**ARR, "minItems": 2}, {**ARR, "minItems": 1}),
    "pattern-added": (S, {**S, "pattern": "^a"}),
    "pattern-removed": ({**S, "pattern": "^a"}, S),
    "pattern-changed": ({**S, "pattern": "^a"}, {**S, "pattern": "^b"}),
    "default-value-changed": ({**S, "default": "a"}, {**S, "default": "b"}),
    "one-of-added": ({"oneOf": [S, I]}, {"oneOf": [S, I, {"type": "boolean"}]}),
    "one-of-removed": ({"oneOf": [S, I, {"type": "boolean"}]}, {"oneOf": [S, I]}),
    "any-of-added": ({"anyOf": [S, I]}, {"anyOf": [S, I, {"type": "boolean"}]}),
    "any-of-removed": ({"anyOf": [S, I, {"type": "boolean"}]}, {"anyOf": [S, I]}),
    "max-properties-decreased": (MAP, {**MAP, "maxProperties": 3}),
    "max-properties-increased": ({**MAP, "maxProperties": 3}, {**MAP, "maxProperties": 4}),
    "min-properties-increased": (MAP, {**MAP, "minProperties": 1}),
    "min-properties-decreased": ({**MAP, "minProperties": 2}, {**MAP, "minProperties": 1}),
    "unique-items-set": (ARR, {**ARR, "uniqueItems": True}),
    "unique-items-unset": ({**ARR, "uniqueItems": True}, {**ARR, "uniqueItems": False}),
    "multiple-of-set": (I, {**I, "multipleOf": 5}),
    "multiple-of-unset": ({**I, "multipleOf": 5}, I),
    "multiple-of-generalized": ({**N, "multipleOf": 0.2}, {**N, "multipleOf": 0.1}),
    "multiple-of-specialized": ({**I, "multipleOf": 5}, {**I, "multipleOf": 10}),
    "multiple-of-changed": ({**I, "multipleOf": 3}, {**I, "multipleOf": 5}),
    # bodies only (all_cases skips the parameter context, where these rules do not exist)
    "additional-properties-forbidden": (AB, {**AB, "additionalProperties": False}),
    "additional-properties-allowed": ({**AB, "additionalProperties": False}, AB),
    "dependent-required-added": (AB, {**AB, "dependentRequired": {"a": ["b"]}}),
    "dependent-required-removed": ({**AB, "dependentRequired": {"a": ["b"]}}, AB),
}

# What the issue asks of each stem, written here independently of the rule table:
# (severity in a request, severity in a response).
B, NB, INFO = "breaking", "non-breaking", "info"
SCHEMA_SEVERITY: dict[str, tuple[str, str]] = {
    "type-changed": (B, B),
    "type-generalized": (NB, NB),
    "type-specialized": (NB, NB),
    "format-changed": (B, B),
    "became-nullable": (NB, B),
    "became-not-nullable": (B, NB),
    "enum-value-removed": (B, NB),
    "enum-value-added": (NB, B),
    "enum-member-renamed": (B, B),
    "became-enum": (B, NB),
    "became-not-enum": (NB, B),
    "max-decreased": (B, NB),
    "max-increased": (NB, B),
    "min-increased": (B, NB),
    "min-decreased": (NB, B),
    "max-length-decreased": (B, NB),
    "max-length-increased": (NB, B),
    "min-length-increased": (B, NB),
    "min-length-decreased": (NB, B),
    "max-items-decreased": (B, NB),
    "max-items-increased": (NB, B),
    "min-items-increased": (B, NB),
    "min-items-decreased": (NB, B),
    "pattern-added": (B, NB),
    "pattern-removed": (NB, B),
    "pattern-changed": (B, B),
    "default-value-changed": (B, INFO),
    "one-of-added": (NB, B),
    "one-of-removed": (B, NB),
    "any-of-added": (NB, B),
    "any-of-removed": (B, NB),
    "max-properties-decreased": (B, NB),
    "max-properties-increased": (NB, B),
    "min-properties-increased": (B, NB),
    "min-properties-decreased": (NB, B),
    # the generated models do not check uniqueItems nor dependentRequired, but do check
    # multipleOf and additionalProperties: false
    "unique-items-set": (B, NB),
    "unique-items-unset": (NB, NB),
    "multiple-of-set": (B, NB),
    "multiple-of-unset": (NB, B),
    "multiple-of-generalized": (NB, B),
    "multiple-of-specialized": (B, NB),
    "multiple-of-changed": (B, B),
    "additional-properties-forbidden": (B, NB),
    "additional-properties-allowed": (NB, B),
    "dependent-required-added": (B, NB),
    "dependent-required-removed": (NB, NB),
    "discriminator-added": (B, B),
    "discriminator-removed": (NB, B),
    "discriminator-property-name-changed": (B, B),
    "discriminator-mapping-added": (NB, B),
    "discriminator-mapping-deleted": (B, NB),
    "discriminator-mapping-changed": (B, B),
}


def _pets(
    discriminator: dict[str, Any] | None, request: bool, variants: tuple[str, ...] = ("Cat", "Dog")
) -> Doc:
    """A body that is one of Cat, Dog (and Fox), told apart by ``discriminator``."""
    union: Doc = {"oneOf": [{"$ref": f"#/components/schemas/{v}"} for v in variants]}
    if discriminator is not None:
        union["discriminator"] = discriminator
    doc = with_body(union) if request else with_response(union)

    def pet(kind: str) -> Doc:
        return obj({"kind": {"type": "string"}, kind.lower(): S}, ["kind"])

    doc["components"] = {"schemas": {v: pet(v) for v in ("Cat", "Dog", "Fox")}}
    return doc


def _mapping(**values: str) -> dict[str, str]:
    return {k: f"#/components/schemas/{v}" for k, v in values.items()}


KIND = {"propertyName": "kind"}
CAT_DOG = {**KIND, "mapping": _mapping(cat="Cat", dog="Dog")}
DISCRIMINATOR_CASES: dict[str, tuple[Any, Any, tuple[str, ...]]] = {
    "discriminator-added": (None, CAT_DOG, ("Cat", "Dog")),
    "discriminator-removed": (CAT_DOG, None, ("Cat", "Dog")),
    "discriminator-property-name-changed": (
        CAT_DOG,
        {**CAT_DOG, "propertyName": "type"},
        ("Cat", "Dog"),
    ),
    "discriminator-mapping-added": (
        {**KIND, "mapping": _mapping(cat="Cat")},
        CAT_DOG,
        ("Cat", "Dog"),
    ),
    "discriminator-mapping-deleted": (
        CAT_DOG,
        {**KIND, "mapping": _mapping(cat="Cat")},
        ("Cat", "Dog"),
    ),
    "discriminator-mapping-changed": (
        CAT_DOG,
        {**KIND, "mapping": _mapping(cat="Cat", dog="Fox")},
        ("Cat", "Dog", "Fox"),
    ),
}


def _security(doc: Doc, security: Any, schemes: dict[str, Any] | None = None) -> Doc:
    doc = copy.deepcopy(doc)
    doc["security"] = security
    doc["components"] = {
        "securitySchemes": schemes
        or {
            "A": {"type": "apiKey", "in": "header", "name": "X-A"},
            "B": {"type": "apiKey", "in": "header", "name": "X-B"},
        }
    }
    return doc


def _servers(*servers: Any) -> Doc:
    return {**get(), "servers": list(servers)}


def _header(required: bool | None) -> Doc:
    header: Doc = {"schema": S}
    if required is not None:
        header["required"] = required
    return get(responses={"200": {"description": "OK", "headers": {"X-Id": header}}})


def _schemas(**schemas: Any) -> Doc:
    return {**get(), "components": {"schemas": schemas}}


_POST = {"operationId": "op", "responses": OK}


def _thing(doc: Doc, name: str = "Thing") -> Doc:
    """``doc`` with a component schema ``name``: an object with a string ``a``."""
    return {**doc, "components": {"schemas": {name: obj({"a": S})}}}


def _ref(name: str = "Thing") -> Doc:
    return {"$ref": f"#/components/schemas/{name}"}


def _access(request: bool, required: bool, keyword: str | None) -> Doc:
    field = {**S, keyword: True} if keyword else S
    schema = obj({"f": field}, ["f"] if required else None)
    return with_body(schema) if request else with_response(schema)


# Every other rule: (base document, head document).
CASES: dict[str, tuple[Doc, Doc]] = {
    "endpoint-added": (
        get(),
        document(
            {
                "/x": {"get": get()["paths"]["/x"]["get"]},
                "/y": {"get": {**_POST, "operationId": "op2"}},
            }
        ),
    ),
    "api-removed": (
        document({"/x": get()["paths"]["/x"], "/y": {"get": {**_POST, "operationId": "op2"}}}),
        get(),
    ),
    "api-path-changed": (get(), document({"/z": get()["paths"]["/x"]})),
    "api-method-changed": (get(), document({"/x": {"post": get()["paths"]["/x"]["get"]}})),
    "api-operation-id-changed": (get(), get(operationId="other")),
    "api-deprecated": (get(), get(deprecated=True)),
    "api-reactivated": (get(deprecated=True), get()),
    "api-pagination-added": (get(), get(**{"x-cloudnet-pagination": {"style": "page"}})),
    "api-pagination-removed": (get(**{"x-cloudnet-pagination": {"style": "page"}}), get()),
    "api-security-removed": (
        _security(get(), [{"A": []}, {"B": []}]),
        _security(get(), [{"A": []}]),
    ),
    "api-security-added": (_security(get(), [{"A": []}]), _security(get(), [{"A": []}, {"B": []}])),
    "api-security-scheme-changed": (
        _security(get(), [{"A": []}]),
        _security(get(), [{"A": []}], {"A": {"type": "apiKey", "in": "query", "name": "a"}}),
    ),
    "api-server-removed": (
        _servers({"url": "https://a"}, {"url": "https://b"}),
        _servers({"url": "https://a"}),
    ),
    "api-server-added": (
        _servers({"url": "https://a"}),
        _servers({"url": "https://a"}, {"url": "https://b"}),
    ),
    "api-server-variable-removed": (
        _servers(
            {"url": "https://{r}.a", "variables": {"r": {"default": "x"}, "s": {"default": "y"}}}
        ),
        _servers({"url": "https://{r}.a", "variables": {"r": {"default": "x"}}}),
    ),
    "api-server-variable-added": (
        _servers({"url": "https://{r}.a", "variables": {"r": {"default": "x"}}}),
        _servers(
            {"url": "https://{r}.a", "variables": {"r": {"default": "x"}, "s": {"default": "y"}}}
        ),
    ),
    "api-server-variable-default-changed": (
        _servers({"url": "https://{r}.a", "variables": {"r": {"default": "x"}}}),
        _servers({"url": "https://{r}.a", "variables": {"r": {"default": "y"}}}),
    ),
    "api-schema-removed": (_schemas(A=S, B=S), _schemas(A=S)),
    "api-schema-added": (_schemas(A=S), _schemas(A=S, B=S)),
    "description-changed": (get(summary="List"), get(summary="List them")),
    "api-other-change": (get(), get(**{"x-vendor": 1})),
    "new-required-request-parameter": (get(), with_param(required=True)),
    "new-optional-request-parameter": (get(), with_param()),
    "request-parameter-removed": (with_param(), get()),
    "request-parameter-renamed": (with_param(), with_param(name="q")),
    "request-parameter-became-required": (with_param(), with_param(required=True)),
    "request-parameter-became-optional": (with_param(required=True), with_param()),
    "request-body-added-required": (document({"/x": {"post": _POST}}), with_body(S, required=True)),
    "request-body-added-optional": (document({"/x": {"post": _POST}}), with_body(S)),
    "request-body-removed": (with_body(S), document({"/x": {"post": _POST}})),
    "request-body-became-required": (with_body(S), with_body(S, required=True)),
    "request-body-became-optional": (with_body(S, required=True), with_body(S, required=False)),
    "request-body-media-type-added": (
        with_body(S),
        document(
            {
                "/x": {
                    "post": {
                        **_POST,
                        "requestBody": {
                            "content": {
                                "application/json": {"schema": S},
                                "text/plain": {"schema": S},
                            }
                        },
                    }
                }
            }
        ),
    ),
    "request-body-media-type-removed": (with_body(S), with_body(S, media="text/plain")),
    "response-success-status-removed": (with_response(S), with_response(S, status="201")),
    "response-success-status-added": (
        get(),
        get(responses={**OK, "202": {"description": "Accepted"}}),
    ),
    "response-non-success-status-removed": (
        get(responses={**OK, "404": {"description": "No"}}),
        get(),
    ),
    "response-non-success-status-added": (
        get(),
        get(responses={**OK, "404": {"description": "No"}}),
    ),
    "response-media-type-removed": (with_response(S), with_response(S, media="text/plain")),
    "response-media-type-added": (
        with_response(S),
        get(
            responses={
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": S}, "text/plain": {"schema": S}},
                }
            }
        ),
    ),
    "required-response-header-removed": (_header(True), get()),
    "optional-response-header-removed": (_header(None), get()),
    "response-header-became-optional": (_header(True), _header(False)),
    "new-required-request-property": (with_body(obj({})), with_body(obj({"f": S}, ["f"]))),
    "new-optional-request-property": (with_body(obj({})), with_body(obj({"f": S}))),
    "request-property-removed": (with_body(obj({"f": S})), with_body(obj({}))),
    "request-property-became-required": (with_body(obj({"f": S})), with_body(obj({"f": S}, ["f"]))),
    "request-property-became-optional": (with_body(obj({"f": S}, ["f"])), with_body(obj({"f": S}))),
    "response-required-property-removed": (
        with_response(obj({"f": S}, ["f"])),
        with_response(obj({})),
    ),
    "response-optional-property-removed": (with_response(obj({"f": S})), with_response(obj({}))),
    "response-required-property-added": (
        with_response(obj({})),
        with_response(obj({"f": S}, ["f"])),
    ),
    "response-optional-property-added": (with_response(obj({})), with_response(obj({"f": S}))),
    "response-property-became-optional": (
        with_response(obj({"f": S}, ["f"])),
        with_response(obj({"f": S})),
    ),
    "response-property-became-required": (
        with_response(obj({"f": S})),
        with_response(obj({"f": S}, ["f"])),
    ),
    "response-optional-property-became-nullable": (
        with_response(obj({"f": S})),
        with_response(obj({"f": {"type": ["string", "null"]}})),
    ),
    "request-optional-property-became-read-only": (
        _access(True, False, None),
        _access(True, False, "readOnly"),
    ),
    "request-required-property-became-read-only": (
        _access(True, True, None),
        _access(True, True, "readOnly"),
    ),
    "request-optional-property-became-not-read-only": (
        _access(True, False, "readOnly"),
        _access(True, False, None),
    ),
    "request-required-property-became-not-read-only": (
        _access(True, True, "readOnly"),
        _access(True, True, None),
    ),
    "response-required-property-became-write-only": (
        _access(False, True, None),
        _access(False, True, "writeOnly"),
    ),
    "response-optional-property-became-write-only": (
        _access(False, False, None),
        _access(False, False, "writeOnly"),
    ),
    "response-required-property-became-not-write-only": (
        _access(False, True, "writeOnly"),
        _access(False, True, None),
    ),
    "response-optional-property-became-not-write-only": (
        _access(False, False, "writeOnly"),
        _access(False, False, None),
    ),
    "request-parameter-style-changed": (
        with_param(ARR, style="form"),
        with_param(ARR, style="pipeDelimited"),
    ),
    "request-parameter-explode-changed": (with_param(ARR), with_param(ARR, explode=False)),
    "request-parameter-became-allow-reserved": (with_param(), with_param(allowReserved=True)),
    "request-parameter-became-not-allow-reserved": (
        with_param(allowReserved=True),
        with_param(),
    ),
    "api-security-removed-anonymous-allowed": (
        _security(get(), [{"A": []}]),
        _security(get(security=[]), [{"A": []}]),
    ),
    "api-schema-moved-to-component": (
        with_body(obj({"a": S})),
        _thing(with_body(_ref())),
    ),
    "api-schema-moved-inline": (
        _thing(with_response(obj({"f": _ref()}))),
        with_response(obj({"f": obj({"a": S})})),
    ),
}
for _stem, (_old, _new, _variants) in DISCRIMINATOR_CASES.items():
    for _context in ("request-property", "response-property"):
        _request = _context.startswith("request")
        CASES[f"{_context}-{_stem}"] = (
            _pets(_old, _request, _variants),
            _pets(_new, _request, _variants),
        )

# The severity the issue asks for, for the rules it names (and the ones that follow from it).
SEVERITY: dict[str, str] = {
    "api-removed": B,
    "api-path-changed": B,
    "api-method-changed": B,
    "new-required-request-parameter": B,
    "request-parameter-removed": B,
    "request-parameter-renamed": B,
    "response-required-property-removed": B,
    "response-success-status-removed": B,
    "api-security-removed": B,
    "api-server-removed": B,
    "new-optional-request-parameter": NB,
    "new-optional-request-property": NB,
    "response-optional-property-added": NB,
    "description-changed": INFO,
    # the issue's new rules
    "request-optional-property-became-read-only": B,
    "request-required-property-became-read-only": B,
    "response-required-property-became-write-only": B,
    "request-parameter-style-changed": B,
    "request-parameter-explode-changed": B,
    "api-schema-moved-to-component": B,
    "api-schema-moved-inline": B,
    # its false alarms, now judged for what the client does
    "api-security-removed-anonymous-allowed": NB,
    "response-optional-property-became-nullable": NB,
}


def all_cases() -> dict[str, tuple[Doc, Doc, str | None]]:
    """Every rule id -> (base, head, the severity expected independently, when stated)."""
    cases: dict[str, tuple[Doc, Doc, str | None]] = {
        rule_id: (base, head, SEVERITY.get(rule_id)) for rule_id, (base, head) in CASES.items()
    }
    for stem, (old, new) in SCHEMA_CASES.items():
        for context, place in PLACE.items():
            request_sev, response_sev = SCHEMA_SEVERITY[stem]
            expected = response_sev if context.startswith("response") else request_sev
            if f"{context}-{stem}" in RULES:  # type-generalized is for requests only, ...
                cases[f"{context}-{stem}"] = (place(old), place(new), expected)
    for stem, (request_sev, response_sev) in SCHEMA_SEVERITY.items():
        if stem.startswith("discriminator-"):
            for context, expected in (
                ("request-property", request_sev),
                ("response-property", response_sev),
            ):
                base, head, _ = cases[f"{context}-{stem}"]
                cases[f"{context}-{stem}"] = (base, head, expected)
    return cases


# -- quiet cases: base/head pairs that must not report a rule, in either direction -----------
# The issue's false alarms first, then near misses of rules that fire both ways.


def _header_param(name: str) -> Doc:
    return with_param(name=name, **{"in": "header"})


_TEMPLATED = {"url": "https://{region}.example.com", "variables": {"region": {"default": "eu"}}}
_ANONYMOUS_BESIDE = _security(get(), [{"A": []}, {}])

#: rule id -> (why, [(base, head), ...]) that must not report it, either way.
QUIET: dict[str, tuple[str, list[tuple[Doc, Doc]]]] = {
    "request-parameter-renamed": (
        "a header renamed only in case: HTTP ignores case, the keyword argument is the same",
        [(_header_param("X-Trace-Id"), _header_param("x-trace-id"))],
    ),
    "api-security-removed": (
        "anonymous access added beside a scheme, or in its place: no caller is refused",
        [
            (_security(get(), [{"A": []}]), _ANONYMOUS_BESIDE),
            (_security(get(), [{"A": []}]), _security(get(security=[]), [{"A": []}])),
            (_ANONYMOUS_BESIDE, _security(get(security=[{}]), [{"A": []}])),
        ],
    ),
    "api-server-removed": (
        "a server URL turned into a template whose defaults give the same URL",
        [(_servers({"url": "https://eu.example.com"}), _servers(_TEMPLATED))],
    ),
    "response-property-became-nullable": (
        "an optional response field that may be null: its attribute reads None already",
        [(with_response(obj({"f": S})), with_response(obj({"f": {"type": ["string", "null"]}})))],
    ),
    "request-parameter-explode-changed": (
        "explode on a one-value parameter changes nothing on the wire",
        [(with_param(S), with_param(S, explode=False))],
    ),
    "request-parameter-style-changed": (
        "the default style written out is the same style; a one-value query parameter is "
        "written alike in form and spaceDelimited",
        [
            (with_param(ARR), with_param(ARR, style="form", explode=True)),
            (with_param(S), with_param(S, style="spaceDelimited")),
        ],
    ),
    "response-property-discriminator-property-name-changed": (
        "a mapping value added is not a new property name",
        [CASES["response-property-discriminator-mapping-added"]],
    ),
    "request-property-discriminator-property-name-changed": (
        "a mapping value removed is not a new property name",
        [CASES["request-property-discriminator-mapping-deleted"]],
    ),
    "response-property-discriminator-mapping-changed": (
        "a value added to the mapping changes no existing value",
        [CASES["response-property-discriminator-mapping-added"]],
    ),
    "request-property-discriminator-mapping-changed": (
        "a value removed from the mapping changes no other value",
        [CASES["request-property-discriminator-mapping-deleted"]],
    ),
    "api-schema-moved-to-component": (
        "an inline body moved to a component named as its class was: the class keeps its name",
        [(with_body(obj({"a": S})), _thing(with_body(_ref("OpRequest")), "OpRequest"))],
    ),
}
for _context in CONTEXTS:
    QUIET[f"{_context}-multiple-of-changed"] = (
        "the same number written another way",
        [(PLACE[_context]({**N, "multipleOf": 5}), PLACE[_context]({**N, "multipleOf": 5.0}))],
    )
    if f"{_context}-enum-member-renamed" in RULES:
        QUIET[f"{_context}-enum-member-renamed"] = (
            "the same names, given by the other extension, or a value added with its name",
            [
                (
                    PLACE[_context]({**I, "enum": [1], "x-enum-varnames": ["WRR"]}),
                    PLACE[_context]({**I, "enum": [1], "x-enumNames": ["WRR"]}),
                ),
                (
                    PLACE[_context]({**I, "enum": [1], "x-enum-varnames": ["WRR"]}),
                    PLACE[_context]({**I, "enum": [1, 2], "x-enum-varnames": ["WRR", "WLC"]}),
                ),
            ],
        )
    for _stem in ("type-changed", "pattern-changed", "format-changed", "default-value-changed"):
        if f"{_context}-{_stem}" in RULES:
            QUIET[f"{_context}-{_stem}"] = (
                "the same value written another way (or a description changed)",
                [
                    (
                        PLACE[_context]({**S, "description": "a"}),
                        PLACE[_context]({**S, "description": "b"}),
                    )
                ],
            )


def _path_param(name: str) -> Doc:
    param = {"name": name, "in": "path", "required": True, "schema": S}
    return document(
        {f"/v/{{{name}}}": {"get": {**get()["paths"]["/x"]["get"], "parameters": [param]}}}
    )


_SCHEME_A = {"type": "apiKey", "in": "header", "name": "X-A"}
QUIET.update(
    {
        "description-changed": (
            "an extension is no description",
            [(get(summary="a"), get(summary="a", **{"x-vendor": 1}))],
        ),
        "api-other-change": (
            "a change a rule reports is not reported as unexplained",
            [(get(), get(deprecated=True))],
        ),
        "api-security-scheme-changed": (
            "a scheme's description is no change in how it authenticates, nor its header's "
            "name written in another case",
            [
                (
                    _security(get(), [{"A": []}], {"A": _SCHEME_A}),
                    _security(get(), [{"A": []}], {"A": {**_SCHEME_A, "description": "d"}}),
                ),
                (
                    _security(get(), [{"A": []}], {"A": _SCHEME_A}),
                    _security(get(), [{"A": []}], {"A": {**_SCHEME_A, "name": "x-a"}}),
                ),
            ],
        ),
        "api-path-changed": (
            "a path parameter renamed keeps the path",
            [(_path_param("id"), _path_param("vid"))],
        ),
        "api-method-changed": ("a moved path keeps the method", [CASES["api-path-changed"]]),
        "api-operation-id-changed": (
            "a moved path keeps the operationId",
            [CASES["api-path-changed"]],
        ),
        "api-server-variable-default-changed": (
            "a variable's description is not its default",
            [
                (
                    _servers({"url": "https://{r}.a", "variables": {"r": {"default": "x"}}}),
                    _servers(
                        {
                            "url": "https://{r}.a",
                            "variables": {"r": {"default": "x", "description": "d"}},
                        }
                    ),
                )
            ],
        ),
        "response-success-status-removed": (
            "an error status removed is not a success status",
            [CASES["response-non-success-status-removed"]],
        ),
        "request-body-media-type-removed": (
            "a schema changed within the same media type",
            [(with_body(S), with_body(I))],
        ),
        "response-media-type-removed": (
            "a schema changed within the same media type",
            [(with_response(S), with_response(I))],
        ),
    }
)

#: Quiet cases that are quiet one way only, and why the other way reports the rule.
QUIET_ONE_WAY = {
    "api-security-removed": "swapped, anonymous access goes: callers without credentials fail",
}


#: Rules that honestly come with a case (a changed path also shows its operationId, ...).
COMPANIONS: dict[str, set[str]] = {
    # the status changed from 200 to 201: one removed, one added
    "response-success-status-removed": {"response-success-status-added"},
    "request-body-media-type-removed": {"request-body-media-type-added"},
    "response-media-type-removed": {"response-media-type-added"},
    # the component appears or goes with the move
    "api-schema-moved-to-component": {"api-schema-added"},
    "api-schema-moved-inline": {"api-schema-removed"},
    # the requirement goes as anonymous access comes
    "api-security-removed-anonymous-allowed": {"api-security-added"},
}
