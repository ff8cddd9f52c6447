"""Write a synthetic OpenAPI 3.1 spec of N operations, for the speed comparisons, as YAML (what
maintainers write) or JSON (the same document).

Modelled on the ROMA page (``specs/huawei/roma.yaml``). Four operations per resource kind (list,
create, show, delete), each with two path parameters (the shared project ID and an instance ID)
and three query parameters. Each kind has a response model of 13 properties: bounds, enums,
nullable fields, a date-time, a map, a nested object and an array of objects (each a model of
its own) and a shared reference (``Owner``); the list, show and create responses carry an
example of it. Every operation refers to the shared error responses (one error body). About
7 KB of YAML per operation. Deterministic: the same N gives the same file.

    python bench/synth.py 1000 bench/out/synth-1000/api.yaml     # YAML
    python bench/synth.py 1000 bench/out/synth-1000/api.json     # the same document as JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

__all__ = ["dump", "spec", "write"]


def _model(i: int) -> dict[str, Any]:
    """The response model of resource kind ``i``: 13 properties, as the ROMA VPC channel."""
    return {
        "type": "object",
        "description": f"A load balance channel of kind {i}: its backends and health check.",
        "required": ["id", "name", "port", "status"],
        "properties": {
            "id": {
                "type": "string",
                "minLength": 32,
                "maxLength": 32,
                "description": "The channel ID.",
            },
            "name": {
                "type": "string",
                "minLength": 3,
                "maxLength": 64,
                "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
                "description": "The channel name: letters, digits and underscores.",
            },
            "port": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": 65535,
                "description": "The host port of the backends.",
            },
            "balance_strategy": {
                "type": "integer",
                "format": "int32",
                "enum": [1, 2, 3, 4],
                "description": "1: weighted round robin. 2: least connections. 3: source IP. "
                "4: URI hashing.",
            },
            "member_type": {
                "type": "string",
                "enum": ["ip", "ecs"],
                "description": "Member type: ip or ecs.",
            },
            "status": {
                "type": "integer",
                "format": "int32",
                "enum": [1, 2],
                "description": "1: normal. 2: abnormal.",
            },
            "create_time": {
                "type": "string",
                "format": "date-time",
                "description": "When the channel was created (UTC).",
            },
            "remark": {
                "type": ["string", "null"],
                "maxLength": 255,
                "description": "A note on the channel; null when none was set.",
            },
            "weight": {
                "type": ["integer", "null"],
                "minimum": 0,
                "maximum": 100,
                "description": "The default member weight; null for the service default.",
            },
            "labels": {
                "type": "object",
                "additionalProperties": {"type": "string", "maxLength": 128},
                "description": "Labels by key.",
            },
            "health_config": {
                "type": "object",
                "description": "The health check of the channel.",
                "properties": {
                    "protocol": {"type": "string", "enum": ["tcp", "http", "https"]},
                    "path": {"type": "string", "maxLength": 128},
                    "port": {"type": "integer", "minimum": 0, "maximum": 65535},
                    "threshold_normal": {"type": "integer", "minimum": 2, "maximum": 10},
                    "time_interval": {"type": "integer", "minimum": 5, "maximum": 300},
                },
            },
            "members": {
                "type": "array",
                "maxItems": 100,
                "description": "The backend instances.",
                "items": {
                    "type": "object",
                    "required": ["host"],
                    "properties": {
                        "host": {"type": "string", "description": "IP address or ECS ID."},
                        "weight": {"type": "integer", "minimum": 0, "maximum": 100},
                        "is_backup": {"type": "boolean", "default": False},
                        "health_status": {
                            "type": "string",
                            "enum": ["healthy", "unhealthy", "unknown"],
                        },
                        "create_time": {"type": "string", "format": "date-time"},
                    },
                },
            },
            "owner": {"$ref": "#/components/schemas/Owner"},
        },
    }


def _example(i: int) -> dict[str, Any]:
    """An instance of ``_model(i)``, as the page's response examples."""
    channel = f"c{i:031x}"
    return {
        "id": channel,
        "name": f"channel_{i}",
        "port": 443,
        "balance_strategy": 1,
        "member_type": "ip",
        "status": 1,
        "create_time": "2020-07-23T07:11:57Z",
        "remark": None,
        "weight": 10,
        "labels": {"team": "network", "env": "prod"},
        "health_config": {
            "protocol": "http",
            "path": "/health",
            "port": 443,
            "threshold_normal": 2,
            "time_interval": 10,
        },
        "members": [
            {
                "host": f"192.168.{i % 256}.{k}",
                "weight": k,
                "is_backup": False,
                "health_status": "healthy",
                "create_time": "2020-07-23T07:11:57Z",
            }
            for k in (1, 2)
        ],
        "owner": {"domain_id": "d" * 32, "project_id": "p" * 32},
    }


_ERRORS = {
    status: {"$ref": f"#/components/responses/{name}"}
    for status, name in (
        ("400", "BadRequest"),
        ("401", "Unauthorized"),
        ("404", "NotFound"),
        ("500", "ServerError"),
    )
}


def _error_codes(i: int) -> list[dict[str, Any]]:
    """The vendor's error codes of one operation, as the ROMA page lists them."""
    return [
        {
            "status": int(status),
            "code": f"APIG.{code}",
            "message": f"{message} (kind {i})",
            "description": f"{message}; see the error code reference of the service.",
        }
        for status, code, message in (
            ("400", 2012, "Invalid parameter value,parameterName:id"),
            ("401", 1002, "Incorrect token or token resolution failed"),
            ("404", 3023, "The VPC channel does not exist"),
            ("500", 9999, "System error"),
        )
    ]


def _parameters(i: int) -> list[dict[str, Any]]:
    """Two path parameters (the shared project ID, an instance ID) and three query ones."""
    return [
        {"$ref": "#/components/parameters/ProjectId"},
        {
            "name": "instance_id",
            "in": "path",
            "required": True,
            "description": "The instance ID.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            "example": f"f0fa1789-3b76-433b-a787-{i:012d}",
        },
        {
            "name": "limit",
            "in": "query",
            "description": "How many items one page holds.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 20},
        },
        {
            "name": "offset",
            "in": "query",
            "description": "The index of the first item of the page.",
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
        {
            "name": "name",
            "in": "query",
            "description": "Only the channels whose name contains this text.",
            "schema": {"type": "string", "maxLength": 64},
        },
    ]


def _json_body(schema: dict[str, Any], summary: str, value: Any) -> dict[str, Any]:
    return {
        "application/json": {
            "schema": schema,
            "examples": {"example": {"summary": summary, "value": value}},
        }
    }


def operations(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two paths of resource kind ``i`` (list and create, show and delete) and its schema."""
    name = f"Channel{i}"
    ref = {"$ref": f"#/components/schemas/{name}"}
    base = f"/v2/{{project_id}}/instances/{{instance_id}}/kind{i}"

    def operation(verb: str, text: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
        return {
            "operationId": f"{verb.title()}{name}",
            "x-cloudnet-vendor-name": f"{verb.title()}{name}",
            "summary": f"{text} of kind {i}",
            "description": f"{text} of kind {i} in the given ROMA Connect instance.",
            "tags": [f"Kind {i}"],
            "x-cloudnet-error-codes": _error_codes(i),
            "parameters": _parameters(i),
            **more,
            "responses": {**responses, **_ERRORS},
        }

    page = {
        "type": "object",
        "properties": {
            "total": {"type": "integer", "minimum": 0, "description": "All matching channels."},
            "channels": {"type": "array", "items": ref},
        },
    }
    create_body = {
        "type": "object",
        "required": ["name", "port"],
        "properties": {
            "name": {"type": "string", "minLength": 3, "maxLength": 64},
            "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "member_type": {"type": "string", "enum": ["ip", "ecs"]},
            "remark": {"type": ["string", "null"], "maxLength": 255},
        },
    }
    example = _example(i)
    collection = {
        "get": operation(
            "list",
            "List the channels",
            {
                "200": {
                    "description": "OK",
                    "content": _json_body(page, "One page", {"total": 1, "channels": [example]}),
                }
            },
        ),
        "post": operation(
            "create",
            "Create a channel",
            {"201": {"description": "Created", "content": _json_body(ref, "Created", example)}},
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": create_body}},
            },
        ),
    }
    single = {
        "get": operation(
            "show",
            "Show the default channel",
            {"200": {"description": "OK", "content": _json_body(ref, "The channel", example)}},
        ),
        "delete": operation(
            "delete", "Delete the default channel", {"204": {"description": "Deleted"}}
        ),
    }
    return {f"{base}/channels": collection, f"{base}/default-channel": single}, {name: _model(i)}


def _error(description: str, code: str) -> dict[str, Any]:
    example = {"error_code": code, "error_msg": description, "request_id": "0" * 32}
    return {
        "description": description,
        "content": _json_body({"$ref": "#/components/schemas/Error"}, description, example),
    }


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
            "description": "The error body every operation shares.",
            "required": ["error_code", "error_msg"],
            "properties": {
                "error_code": {"type": "string", "description": "e.g. APIG.2012"},
                "error_msg": {"type": "string"},
                "request_id": {"type": "string"},
            },
        },
    }
    for i in range(n // 4):
        more_paths, more_schemas = operations(i)
        paths.update(more_paths)
        schemas.update(more_schemas)
    document: dict[str, Any] = _described(
        {
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
                        "description": "The project ID.",
                        "schema": {"type": "string", "minLength": 1},
                    }
                },
                "responses": {
                    "BadRequest": _error("A parameter is invalid.", "APIG.2012"),
                    "Unauthorized": _error("The token is missing or invalid.", "APIG.1002"),
                    "NotFound": _error("No such resource.", "APIG.3023"),
                    "ServerError": _error("Internal error.", "APIG.9999"),
                },
                "schemas": schemas,
            },
        }
    )
    return document


class _Dumper(yaml.CSafeDumper):  # type: ignore[misc]  # PyYAML has no stubs here
    """Every node written out in full: a shared Python object is not an anchor and alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _described(node: Any, name: str = "") -> Any:
    """Every property described and every enum value too, as the project's lint asks of a
    spec (``x-enum-descriptions``): the synthetic spec passes `specgen lint --strict`."""
    if isinstance(node, list):
        return [_described(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _described(value, key) for key, value in node.items()}
    if "properties" in node:
        out["properties"] = {
            key: {"description": f"The {key}.", **_described(value)}
            for key, value in node["properties"].items()
        }
    if len(node.get("enum", ())) > 1 and name != "x-cloudnet-error-codes":
        out["x-enum-descriptions"] = [
            f"{value}: as the vendor page says." for value in node["enum"]
        ]
    return out


def dump(document: dict[str, Any], suffix: str) -> str:
    """``document`` as YAML (block style, keys in order) or as JSON, by the file ``suffix``.

    PyYAML's C emitter writes the YAML (ruamel.yaml's pure-Python one takes about a minute for
    3,000 operations); its strings are quoted wherever YAML 1.1 or 1.2 would read them as
    something else, so both parsers read the same document."""
    if suffix == ".json":
        return json.dumps(document, indent=1) + "\n"
    text: str = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )
    return text


def write(n: int, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(spec(n), out.suffix), encoding="utf-8")
    return out


def main() -> None:
    write(int(sys.argv[1]), Path(sys.argv[2]))


if __name__ == "__main__":
    main()
