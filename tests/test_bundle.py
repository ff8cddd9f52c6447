"""The bundler: one self-contained document per API, names kept stable, origins kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from generator.openapi.bundle import bundle_document
from generator.openapi.tree import SpecTree

SPECS = Path(__file__).resolve().parent.parent / "specs"


def _write(root: Path, files: dict[str, dict[str, Any]]) -> SpecTree:
    for name, content in files.items():
        (root / name).write_text(json.dumps(content))
    return SpecTree.load(root)


def _api(**components: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "A", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "parameters": [{"$ref": "./common.json#/components/parameters/Id"}],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "./common.json#/components/schemas/Error"}
                                }
                            },
                        },
                        "404": {"$ref": "./common.json#/components/responses/Missing"},
                    },
                }
            }
        },
        "components": components,
    }


COMMON = {
    "openapi": "3.1.0",
    "info": {"title": "common", "version": "1"},
    "components": {
        "parameters": {"Id": {"name": "id", "in": "query", "schema": {"type": "string"}}},
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {"detail": {"$ref": "#/components/schemas/Detail"}},
            },
            "Detail": {"type": "string"},
        },
        "responses": {
            "Missing": {
                "description": "Not found",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
        "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
    },
}


def test_other_files_are_pulled_in_and_the_result_is_self_contained(tmp_path: Path) -> None:
    tree = _write(tmp_path, {"api.json": _api(), "common.json": COMMON})
    bundle = bundle_document(tree, tree.files[(tmp_path / "api.json").resolve()])
    text = json.dumps(bundle.document)
    assert "common.json" not in text
    validate(bundle.document)
    parts = bundle.document["components"]
    assert sorted(parts["schemas"]) == ["Detail", "Error"]
    assert parts["parameters"]["Id"]["name"] == "id"
    assert parts["responses"]["Missing"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    # The Error schema written once, whether reached from the response or the operation.
    assert text.count('"detail"') == 1


def test_a_name_taken_by_a_different_local_component_gets_a_suffix(tmp_path: Path) -> None:
    local = {"schemas": {"Error": {"type": "integer"}}}
    tree = _write(tmp_path, {"api.json": _api(**local), "common.json": COMMON})
    bundle = bundle_document(tree, tree.files[(tmp_path / "api.json").resolve()])
    schemas = bundle.document["components"]["schemas"]
    assert schemas["Error"] == {"type": "integer"}
    assert schemas["Error2"]["properties"]["detail"] == {"$ref": "#/components/schemas/Detail"}
    ok = bundle.document["paths"]["/x"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error2"}


def test_a_local_alias_of_another_files_component_takes_its_content(tmp_path: Path) -> None:
    local = {"securitySchemes": {"Key": {"$ref": "./common.json#/components/securitySchemes/Key"}}}
    tree = _write(tmp_path, {"api.json": _api(**local), "common.json": COMMON})
    bundle = bundle_document(tree, tree.files[(tmp_path / "api.json").resolve()])
    assert bundle.document["components"]["securitySchemes"]["Key"]["name"] == "X-Key"


def test_locations_of_pulled_in_nodes_point_at_their_own_file() -> None:
    tree = SpecTree.load(SPECS)
    vpcep = tree.files[(SPECS / "huawei" / "vpcep.yaml").resolve()]
    bundle = bundle_document(tree, vpcep)
    where = bundle.location_of(("components", "schemas", "ErrorDetail", "properties", "code"))
    assert where.file.name == "common.yaml" and where.line > 1
    own = bundle.location_of(("components", "schemas", "QueryError"))
    assert own.file.name == "vpcep.yaml" and own.line > 1


def test_bundling_is_deterministic() -> None:
    first = SpecTree.load(SPECS)
    second = SpecTree.load(SPECS)
    for path, file in first.files.items():
        if isinstance(file.data, dict) and file.data.get("paths"):
            a = bundle_document(first, file).document
            b = bundle_document(second, second.files[path]).document
            assert json.dumps(a) == json.dumps(b)
