"""Write a synthetic OpenAPI 3.1 spec of N operations, for the speed comparisons.

Four operations per resource kind (list, create, show, delete) with path, query and header
parameters, an inline request body, inline and shared response models (nested objects, enums,
arrays, maps, date-times, bounds) and a shared error body: about what the vendor specs hold per
operation. Deterministic: the same N gives the same file.

    python bench/synth.py 1000 bench/out/synth-1000/api.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _resource(i: int) -> dict[str, Any]:
    """A resource with what vendor schemas carry: bounds, enums, a timestamp, a map, an inline
    object and an array of inline objects (each a model of its own), a shared reference."""
    return {
        "type": "object",
        "description": f"Resource {i}.",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "minLength": 36, "maxLength": 36, "description": "The ID."},
            "name": {"type": "string", "maxLength": 64, "description": "The name."},
            "description": {"type": "string", "maxLength": 255},
            "status": {"type": "string", "enum": ["active", "pending", "error", "deleting"]},
            "size": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 1_000_000},
            "ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "enabled": {"type": "boolean", "default": True},
            "created_at": {"type": "string", "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "spec": {
                "type": "object",
                "description": "The configuration.",
                "properties": {
                    "cidr": {"type": "string", "pattern": "^[0-9./]+$"},
                    "mode": {"type": "string", "enum": ["static", "bgp"]},
                    "priority": {"type": "integer", "minimum": 1, "maximum": 100},
                    "health": {
                        "type": "object",
                        "properties": {
                            "interval": {"type": "integer"},
                            "threshold": {"type": "integer"},
                        },
                    },
                },
            },
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "value": {"type": "number"},
                        "kind": {"type": "string", "enum": ["a", "b", "c"]},
                    },
                },
            },
            "owner": {"$ref": "#/components/schemas/Owner"},
        },
    }


def operations(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two paths for resource kind ``i``: list and create, show and update."""
    name = f"Resource{i}"
    ref = {"$ref": f"#/components/schemas/{name}"}
    errors = {
        "400": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"},
        "500": {"$ref": "#/components/responses/Error"},
    }
    query = [
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10},
        },
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {
            "name": "sort_key",
            "in": "query",
            "schema": {"type": "string", "enum": ["created_at", "name"]},
        },
        {"name": "sort_dir", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {
            "name": "status",
            "in": "query",
            "schema": {"type": "string", "enum": ["active", "pending"]},
        },
        {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}},
    ]
    project = {"$ref": "#/components/parameters/ProjectId"}
    item_id = {"name": "resource_id", "in": "path", "required": True, "schema": {"type": "string"}}
    collection = {
        "get": {
            "operationId": f"list{name}s",
            "summary": f"List resources of kind {i}",
            "parameters": [project, *query],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "items": {"type": "array", "items": ref},
                                    "total_count": {"type": "integer"},
                                },
                            }
                        }
                    },
                },
                **errors,
            },
        },
        "post": {
            "operationId": f"create{name}",
            "summary": f"Create a resource of kind {i}",
            "parameters": [project],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {
                                "name": {"type": "string", "maxLength": 64},
                                "description": {"type": "string"},
                                "spec": {
                                    "type": "object",
                                    "properties": {
                                        "cidr": {"type": "string"},
                                        "mode": {"type": "string", "enum": ["static", "bgp"]},
                                    },
                                },
                                "tags": {"type": "array", "items": {"type": "string"}},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {"description": "Created", "content": {"application/json": {"schema": ref}}},
                **errors,
            },
        },
    }
    single = {
        "get": {
            "operationId": f"show{name}",
            "summary": f"Show a resource of kind {i}",
            "parameters": [project, item_id],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": ref}}},
                **errors,
            },
        },
        "delete": {
            "operationId": f"delete{name}",
            "summary": f"Delete a resource of kind {i}",
            "parameters": [project, item_id],
            "responses": {"204": {"description": "Deleted"}, **errors},
        },
    }
    return {
        f"/v1/{{project_id}}/kind{i}": collection,
        f"/v1/{{project_id}}/kind{i}/{{resource_id}}": single,
    }, {name: _resource(i)}


def spec(n: int) -> dict[str, Any]:
    """``n`` operations (four per resource kind)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Owner": {
            "type": "object",
            "properties": {"domain_id": {"type": "string"}, "project_id": {"type": "string"}},
        },
        "Error": {
            "type": "object",
            "properties": {
                "error_code": {"type": "string"},
                "error_msg": {"type": "string"},
                "request_id": {"type": "string"},
            },
        },
    }
    for i in range(n // 4):
        more_paths, more_schemas = operations(i)
        paths.update(more_paths)
        schemas.update(more_schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic {n}", "version": "1.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "parameters": {
                "ProjectId": {
                    "name": "project_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1},
                }
            },
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
            "schemas": schemas,
        },
    }


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(spec(n), indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
