"""A small spec tree for the type tests (``tests/test_types.py``, ``tests/test_user_typecheck.py``):
one OpenAPI 3.1 document and one 3.0 document, each with integer enums named by
``x-enum-varnames`` (and NSwag's ``x-enumNames``), a vendor value ``UNKNOWN`` beside names that
look like an unlisted value's, an enum parameter whose values a response enum includes, a
request body model that only requests use, and a paginated operation with no total beside an
operation named like its pages method. Built once per test module with ``build``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.diagnostics import format_diagnostic
from generator.generate import GenerateResult, _generate_apis
from generator.openapi.tree import SpecTree
from generator.output import replace_tree
from generator.render import render_package

PACKAGE = "fitted"


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _document(version: str) -> dict[str, Any]:
    nullable: dict[str, Any] = {"nullable": True} if version.startswith("3.0") else {}
    return {
        "openapi": version,
        "info": {"title": "Fitted", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": {
            "/channels": {
                "get": {
                    "operationId": "listChannels",
                    "parameters": [
                        {
                            "name": "state",
                            "in": "query",
                            "description": "Only channels in this state.",
                            "schema": {"type": "string", "enum": ["up", "down"]},
                        },
                        {
                            "name": "algo",
                            "in": "query",
                            "description": "Only channels with this algorithm.",
                            "schema": {"$ref": "#/components/schemas/Algo"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "description": "Page size. Default value 20.",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 500,
                                "default": 20,
                            },
                        },
                        {
                            "name": "tags",
                            "in": "query",
                            "description": "Tags.",
                            "schema": {
                                "type": "array",
                                "maxItems": 5,
                                "items": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8},
                            },
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "description": "Sort order.",
                            "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"},
                        },
                    ],
                    "responses": {"200": {"description": "ok", "content": _json("Channel")}},
                },
                "post": {
                    "operationId": "createChannel",
                    "requestBody": {"required": True, "content": _json("CreateChannel")},
                    "responses": {"200": {"description": "ok", "content": _json("Channel")}},
                },
            },
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "x-cloudnet-pagination": {
                        "style": "page",
                        "page": "page",
                        "size": "per_page",
                        "items": "items",
                    },
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "ok", "content": _json("Items")}},
                }
            },
            # Named like listItems' pages method: it takes list_items_pages_ instead.
            "/items/pages": {
                "get": {
                    "operationId": "listItemsPages",
                    "responses": {"200": {"description": "ok", "content": _json("Items")}},
                }
            },
        },
        "components": {
            "schemas": {
                "Algo": {
                    "type": "integer",
                    "enum": [1, 2, 3],
                    "x-enum-varnames": ["WRR", "WLC", "SH"],
                },
                "Level": {"type": "integer", "enum": [0, 5], "x-enumNames": ["LOW", "HIGH"]},
                "Health": {"type": "string", "enum": ["UNKNOWN", "UNKNOWN_X", "healthy"]},
                "Mode": {"type": "string", "enum": ["fast", "slow"]},
                "Channel": {
                    "type": "object",
                    "properties": {
                        "state": {"type": "string", "enum": ["up", "down", "deleting"]},
                        "algo": {"$ref": "#/components/schemas/Algo"},
                        "level": {"$ref": "#/components/schemas/Level"},
                        "health": {"$ref": "#/components/schemas/Health"},
                        "mode": {"$ref": "#/components/schemas/Mode"},
                        "note": {"type": "string", **nullable},
                    },
                },
                "Items": {
                    "type": "object",
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Mode"}}
                    },
                },
                "CreateChannel": {
                    "type": "object",
                    "required": ["mode"],
                    "properties": {
                        "mode": {"$ref": "#/components/schemas/Mode"},
                        "algo": {"$ref": "#/components/schemas/Algo"},
                        "modes": {"type": "array", "items": {"$ref": "#/components/schemas/Mode"}},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                },
            }
        },
    }


def build_fitted(root: Path) -> Path:
    """The package ``fitted`` (``fitted.v31`` and ``fitted.v30``) generated under ``root/out``.

    The generation steps of ``build`` without validation (in a second process) and ruff's
    formatting, which change nothing these tests look at and would take most of the time."""
    specs = root / "specs"
    specs.mkdir(parents=True)
    for name, version in (("v31", "3.1.0"), ("v30", "3.0.3")):
        text = json.dumps(_document(version), indent=1)
        (specs / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = GenerateResult()
    files = _generate_apis(
        SpecTree.load(specs), PACKAGE, result, None, toolchain="", lazy_models=None
    )
    if not result.ok or len(result.apis) != 2:
        raise AssertionError("\n".join(format_diagnostic(d) for d in result.diagnostics))
    files.update(render_package(result.apis, PACKAGE, "fitted-client"))
    out = root / "out"
    replace_tree(out, files)
    return out
