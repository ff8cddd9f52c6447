"""The specs' data the client tests need, read without the toolchain where it is not installed.

The tests in ``tests/client/`` import only the client (``cloudnet``), httpx, pydantic, pytest
and hypothesis, so that ``tests/test_dependency_ranges.py`` can run them in a virtualenv that
holds nothing else. What they need from the specs (the spec files as loaded, and every response
example with the model its status parses into) comes from the toolchain when it is importable,
and otherwise from the JSON file named by ``CLOUDNET_SPEC_DATA``, which that test writes first
with ``python -m tests.client.specdata OUT`` in the toolchain's environment.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

SPECS = Path(__file__).resolve().parent.parent.parent / "specs"
ENV = "CLOUDNET_SPEC_DATA"


def have_toolchain() -> bool:
    """True when the generator package (the toolchain) can be imported here."""
    try:
        import generator  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _data() -> dict[str, Any]:
    path = os.environ.get(ENV)
    if path:
        loaded: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        return loaded
    return collect()


def collect() -> dict[str, Any]:
    """The data, read from ``specs/`` with the toolchain: ``documents`` (each spec file as
    loaded, by its path under specs/) and ``examples`` (every response example of every
    operation, with the module and class of the model the client parses it into)."""
    from generator.ir.parse import is_api_document, parse_api
    from generator.openapi.pointer import pointer_to_path
    from generator.openapi.tree import SpecTree
    from generator.openapi.yamlload import load_file

    documents = {}
    for path in sorted(SPECS.rglob("*.yaml")):
        loaded = load_file(path)
        assert loaded.ok, loaded.diagnostics
        documents[path.relative_to(SPECS).as_posix()] = loaded.data

    def deref(doc: dict[str, Any], node: Any) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target: Any = doc
            for part in pointer_to_path(node["$ref"][1:]):
                target = target[str(part)]
            node = target
        return node

    examples = []
    tree = SpecTree.load(SPECS)
    for file in tree.documents():
        if not is_api_document(file):
            continue
        parsed = parse_api(tree, file)
        doc = parsed.bundle.document
        by_id = {op.operation_id: op for op in parsed.api.operations}
        for item in doc["paths"].values():
            for raw in item.values():
                if not isinstance(raw, dict) or raw.get("operationId") not in by_id:
                    continue
                op = by_id[raw["operationId"]]
                models_by_status = {e.status: e.model for e in op.errors}
                for status, response in raw["responses"].items():
                    name = op.result if status.startswith("2") else models_by_status[status.upper()]
                    content = deref(doc, response).get("content", {})
                    for media in content.values():
                        for key, example in media.get("examples", {}).items():
                            examples.append(
                                {
                                    "api": parsed.api.package,
                                    "operation": op.operation_id,
                                    "status": status,
                                    "name": key,
                                    "model": str(name),
                                    "value": deref(doc, example)["value"],
                                }
                            )
    return {"documents": documents, "examples": examples}


def document(name: str) -> Any:
    """A deep copy of the spec file ``name`` (its path under specs/) as loaded."""
    return copy.deepcopy(_data()["documents"][name])


def response_examples() -> list[dict[str, Any]]:
    """Every response example: api, operation, status, name, model (a class name of
    ``cloudnet.<api>.models``) and value."""
    return copy.deepcopy(_data()["examples"])


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(collect(), ensure_ascii=False), encoding="utf-8")
