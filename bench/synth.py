"""Write a synthetic OpenAPI 3.1 spec of N operations, for the speed comparisons.

Each operation has path, query and header parameters, its own response model (nested object,
enum, array, date-time, bounds) and a shared error body: about what the vendor specs hold per
operation. Deterministic: the same N gives the same file.

    python bench/synth.py 1000 bench/out/synth-1000/api.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def operation(i: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
    name = f"Resource{i}"
    path = f"/v1/{{project_id}}/resources{i}/{{resource_id}}"
    op = {
        "get": {
            "operationId": f"showResource{i}",
            "summary": f"Show resource {i}",
            "description": f"Returns resource {i} with its items.",
            "parameters": [
                {"$ref": "#/components/parameters/ProjectId"},
                {
                    "name": "resource_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "minLength": 36, "maxLength": 36},
                },
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                {"name": "sort_dir", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                },
                "4XX": {"$ref": "#/components/responses/Error"},
                "5XX": {"$ref": "#/components/responses/Error"},
            },
        }
    }
    schemas = {
        name: {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "description": "The ID."},
                "name": {"type": "string", "maxLength": 64},
                "status": {"type": "string", "enum": ["active", "pending", "error"]},
                "size": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
                "created_at": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}Item"}},
            },
        },
        f"{name}Item": {
            "type": "object",
            "properties": {
                "key": {"type": "string"},
                "value": {"type": "number"},
                "enabled": {"type": "boolean"},
            },
        },
    }
    return path, op, schemas


def spec(n: int) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}},
        }
    }
    for i in range(n):
        path, op, more = operation(i)
        paths[path] = op
        schemas.update(more)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic {n}", "version": "1.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "parameters": {
                "ProjectId": {"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}
            },
            "responses": {
                "Error": {
                    "description": "Error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
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
