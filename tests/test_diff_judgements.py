"""The severities of `specgen diff` follow what the generated client does: models are generated
from a small spec with each keyword a rule judges, and what they accept is compared with the
severity of the rule (and the class names the diff expects with the names generated)."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator.diff import RULES, Severity
from generator.ir.naming import class_name
from generator.ir.parse import ParsedApi, is_api_document, parse_api
from generator.openapi.tree import SpecTree
from generator.render.models import render_models

# datamodel-code-generator's run makes the module's fixture take about 2.5 s.
pytestmark = pytest.mark.full

B, N = Severity.BREAKING, Severity.NON_BREAKING

S = {"type": "string"}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "T", "version": "1"},
    "paths": {
        "/x": {
            "post": {
                "operationId": "makeThing",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "additionalProperties": False,
                                "dependentRequired": {"a": ["b"]},
                                "properties": {
                                    "a": S,
                                    "b": S,
                                    "ro": {**S, "readOnly": True},
                                    "inner": {"type": "object", "properties": {"c": S}},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["req", "pet"],
                                    "properties": {
                                        "req": S,
                                        "opt": S,
                                        "wo": {**S, "writeOnly": True},
                                        "tags": {
                                            "type": "array",
                                            "items": S,
                                            "uniqueItems": True,
                                        },
                                        "five": {"type": "integer", "multipleOf": 5},
                                        "pet": {"$ref": "#/components/schemas/Pet"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {
                        "cat": "#/components/schemas/Cat",
                        "dog": "#/components/schemas/Dog",
                    },
                },
            },
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": S}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": S}},
        }
    },
}


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ParsedApi, types.ModuleType]]:
    root: Path = tmp_path_factory.mktemp("spec")
    (root / "api.json").write_text(json.dumps(SPEC), encoding="utf-8")
    tree = SpecTree.load(root)
    (parsed,) = [parse_api(tree, f) for f in tree.documents() if is_api_document(f)]
    module = types.ModuleType("judged_models")
    sys.modules[module.__name__] = module  # pydantic looks its generic classes up there
    try:
        exec(compile(render_models(parsed, "cloudnet"), module.__name__, "exec"), module.__dict__)
        yield parsed, module
    finally:
        del sys.modules[module.__name__]


def _accepts(model: Any, data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except pydantic.ValidationError:
        return False
    return True


def test_body_classes_are_named_as_the_diff_expects(
    generated: tuple[ParsedApi, types.ModuleType],
) -> None:
    """api-schema-moved-*: an inline body's class is the operationId's + Request/Response,
    an inline object's inside it the parent's + the field's."""
    parsed, module = generated
    base = class_name("makeThing", fallback="Call")
    assert {f"{base}Request", f"{base}Response"} <= set(parsed.model_names)
    assert hasattr(module, f"{base}RequestInner")  # the inline `inner` object's class
    assert hasattr(module, base + "Request" + class_name("inner", fallback="Field"))


def test_what_response_models_accept_matches_the_severities(
    generated: tuple[ParsedApi, types.ModuleType],
) -> None:
    _, module = generated
    response = module.MakeThingResponse
    ok = {"req": "r", "pet": {"kind": "cat"}}
    assert _accepts(response, ok)
    # null in an optional field is read already; in a required one it is refused
    assert _accepts(response, {**ok, "opt": None})
    assert RULES["response-optional-property-became-nullable"].severity is N
    assert not _accepts(response, {**ok, "req": None})
    assert RULES["response-property-became-nullable"].severity is B
    # uniqueItems is not checked, multipleOf is
    assert _accepts(response, {**ok, "tags": ["a", "a"]})
    assert RULES["response-property-unique-items-unset"].severity is N
    assert not _accepts(response, {**ok, "five": 7})
    assert RULES["response-property-multiple-of-unset"].severity is B
    # a write-only field that is required: the body without it is refused
    assert not _accepts(response, {"pet": {"kind": "cat"}})
    assert RULES["response-required-property-became-write-only"].severity is B
    # the discriminator value is pinned: a value outside the mapping is refused
    assert not _accepts(response, {**ok, "pet": {"kind": "fox"}})
    assert RULES["response-property-discriminator-mapping-added"].severity is B


def test_what_request_models_accept_matches_the_severities(
    generated: tuple[ParsedApi, types.ModuleType],
) -> None:
    _, module = generated
    request = module.MakeThingRequest
    # additionalProperties: false forbids extras in the model
    assert not _accepts(request, {"a": "x", "b": "y", "extra": 1})
    assert RULES["request-property-additional-properties-forbidden"].severity is B
    # a read-only field can still be set (the service then ignores it): breaking
    assert request(ro="x").to_dict() == {"ro": "x"}
    assert RULES["request-optional-property-became-read-only"].severity is B
    # dependentRequired is not checked by the model (the service refuses the request)
    assert _accepts(request, {"a": "x"})
    assert RULES["request-property-dependent-required-added"].severity is B
    assert RULES["response-property-dependent-required-removed"].severity is N
