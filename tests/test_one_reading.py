"""One reading of the document: the checks, lint, the IR, the mock, the diff and the docs see
the same operations, whatever shape the paths take (inline path items, ``$ref``s to another
file or to ``components/pathItems``, path-level parameters overridden by an operation's,
OpenAPI 3.0 or 3.1). Each stage is asked through its own output, not through the shared walk:
a lint finding per operation, an example error per operation, a client method, a mock route,
a diff change, a docs code sample."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diff.compare import diff_sides
from generator.diff.sides import ApiDoc, Side, side_of
from generator.docs.enrich import docs_document
from generator.ir.parse import parse_api
from generator.lint import lint_tree
from generator.mock.spec import load_apis
from generator.openapi.tree import SpecTree
from generator.validate import validate_tree

METHODS = ("get", "put", "post", "delete", "patch")
SHAPES = ("inline", "file", "component")


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, list[str]]]]:
    """A version and, per route, its shape and methods."""
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    shapes = SHAPES if version.startswith("3.1") else SHAPES[:2]
    routes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(shapes),
                st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return version, [(f"/r{i}/{{id}}", shape, methods) for i, (shape, methods) in enumerate(routes)]


def _op_id(route: str, method: str) -> str:
    return f"{method}R{route.split('/')[1][1:]}"


def _path_item(route: str, methods: list[str], schema_ref: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    }
    for method in methods:
        item[method] = {
            "operationId": _op_id(route, method),
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": schema_ref},
                            # Wrong on purpose: validation reports one error per operation.
                            "example": {"n": "not a number"},
                        }
                    },
                }
            },
        }
    return item


def _write(root: Path, version: str, routes: list[tuple[str, str, list[str]]]) -> None:
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {
        "schemas": {"Thing": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    }
    (root / "items").mkdir(parents=True)
    for route, shape, methods in routes:
        name = route.split("/")[1]
        if shape == "inline":
            paths[route] = _path_item(route, methods, "#/components/schemas/Thing")
        elif shape == "file":
            item = _path_item(route, methods, "../api.json#/components/schemas/Thing")
            (root / "items" / f"{name}.json").write_text(json.dumps(item))
            paths[route] = {"$ref": f"items/{name}.json"}
        else:
            components.setdefault("pathItems", {})[name] = _path_item(
                route, methods, "#/components/schemas/Thing"
            )
            paths[route] = {"$ref": f"#/components/pathItems/{name}"}
    document = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://t.example"}],
        "paths": paths,
        "components": components,
    }
    (root / "api.json").write_text(json.dumps(document))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents())
def test_every_stage_sees_the_same_operations(
    tmp_path_factory: Any, case: tuple[str, list[tuple[str, str, list[str]]]]
) -> None:
    version, routes = case
    root = tmp_path_factory.mktemp("one-reading")
    _write(root, version, routes)
    expected = {(m.upper(), r) for r, _, methods in routes for m in methods}
    ids = {_op_id(r, m) for r, _, methods in routes for m in methods}

    # The checks: one example error per operation, at the operation's own file.
    validated = validate_tree(root)
    example_errors = [d for d in validated.diagnostics if d.rule.startswith("example")]
    assert len(example_errors) == len(expected), validated.diagnostics
    assert not [d for d in validated.diagnostics if not d.rule.startswith("example")]

    tree = SpecTree.load(root)
    api = next(f for f in tree.documents() if f.path.name == "api.json")

    # Lint: the vendor-name rule names each operation once.
    named = {
        d.message.split(":")[0]
        for d in lint_tree(tree).diagnostics
        if d.rule == "cloudnet/operation-id-vendor-name"
    }
    assert named == ids

    # The IR: one client method per operation, with its merged path parameter (the
    # operation's integer wins over the path item's string).
    parsed = parse_api(tree, api)
    assert {(o.http_method, o.route) for o in parsed.api.operations} == expected
    for op in parsed.api.operations:
        assert [(p.name, p.annotation) for p in op.parameters] == [("id", "int")]

    # The docs: a code sample on each operation.
    document = docs_document(parsed, "t")
    sampled = {
        (method.upper(), route)
        for route, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "x-codeSamples" in op
    }
    assert sampled == expected

    # The diff: each operation added to an API that had none.
    head = side_of(tree, "head", str)
    empty = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    base = Side("base", {key: ApiDoc(empty) for key in head.apis})
    added = {c.operation for c in diff_sides(base, head) if c.rule_id == "endpoint-added"}
    assert {label.split(" (")[0] for label in added} == {f"{m} {r}" for m, r in expected}

    # The mock: a route per operation (it also validates, so the examples are made valid).
    for path in [root / "api.json", *(root / "items").glob("*.json")]:
        path.write_text(path.read_text().replace('"not a number"', "1"))
    served = {(o.method, o.path) for a in load_apis(root) for o in a.operations}
    assert served == expected
    shutil.rmtree(root)
