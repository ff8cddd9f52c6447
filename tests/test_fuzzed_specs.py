"""Fuzzed specs: hypothesis builds valid OpenAPI 3.1 documents; each must generate a package that
compiles, imports, and parses an instance of every schema, dumping it back unchanged.

Each of the ``EXAMPLES`` examples is a document of ``SCHEMAS_PER_SPEC`` schemas and as many
operations; each is validated, generated, compiled, imported, and every schema parses an
instance and dumps it back.

``EXAMPLES`` is 50 by default, which keeps ``make test`` short; the environment variable
``CLOUDNET_FUZZ_EXAMPLES`` sets it for a longer run (before a release, or after a change to the
model generator), e.g. ``CLOUDNET_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzzed_specs.py``.
Which documents are drawn follows the run's hypothesis seed (printed in the pytest header, fixed
when ``CI`` is set; see tests/conftest.py), so a failure reproduces with the same seed.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.generate import build
from generator.output import replace_tree
from tests.conftest import examples

EXAMPLES = int(os.environ.get("CLOUDNET_FUZZ_EXAMPLES", examples(5, 50)))
SCHEMAS_PER_SPEC = 3
_PACKAGES = itertools.count()

NAMES = st.from_regex(r"[a-zA-Z][a-zA-Z0-9_-]{0,12}", fullmatch=True)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


def scalar_schemas() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(
            lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span},
            st.integers(-1000, 1000),
            st.integers(0, 1000),
        ),
        st.just({"type": "number"}),
        st.just({"type": "boolean"}),
        st.builds(lambda n: {"type": "string", "maxLength": n}, st.integers(1, 40)),
        st.just({"type": "string", "format": "date-time"}),
        st.lists(TEXT, min_size=1, max_size=6, unique=True).map(
            lambda values: {"type": "string", "enum": values}
        ),
        st.lists(st.integers(-5, 50), min_size=1, max_size=5, unique=True).map(
            lambda values: {"type": "integer", "enum": values}
        ),
        st.just({"type": ["string", "null"]}),
    )


def schemas(earlier: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """An object schema whose properties are scalars, arrays, maps, nested objects and
    references to schemas defined before it."""
    leaf: st.SearchStrategy[dict[str, Any]] = scalar_schemas()
    if earlier:
        leaf = st.one_of(
            leaf, st.sampled_from(earlier).map(lambda n: {"$ref": f"#/components/schemas/{n}"})
        )
    nested = st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda item: {"type": "array", "items": item}, inner),
            st.builds(lambda value: {"type": "object", "additionalProperties": value}, inner),
            st.dictionaries(NAMES, inner, min_size=1, max_size=3).map(
                lambda props: {"type": "object", "properties": props}
            ),
        ),
        max_leaves=4,
    )
    return st.dictionaries(NAMES, nested, min_size=1, max_size=6).flatmap(
        lambda props: st.lists(st.sampled_from(sorted(props)), unique=True).map(
            lambda required: {"type": "object", "properties": props, "required": required}
        )
    )


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    components: dict[str, Any] = {}
    for index in range(SCHEMAS_PER_SPEC):
        components[f"Schema{index}"] = draw(schemas(sorted(components)))
    paths = {
        f"/things{index}/{{id}}": {
            "get": {
                "operationId": f"getThing{index}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": draw(NAMES), "in": "query", "schema": draw(scalar_schemas())},
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }
                },
            }
        }
        for index, name in enumerate(components)
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Fuzzed", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def instance(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A small value valid for ``schema``."""
    if "$ref" in schema:
        return instance(components[schema["$ref"].rsplit("/", 1)[1]], components, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        return None
    if kind == "object":
        props = schema.get("properties", {})
        if "additionalProperties" in schema:
            return {"k": instance(schema["additionalProperties"], components, depth + 1)}
        keep = set(schema.get("required", [])) | ({*props} if depth < 3 else set())
        return {k: instance(v, components, depth + 1) for k, v in props.items() if k in keep}
    if kind == "array":
        return [instance(schema["items"], components, depth + 1)] if depth < 3 else []
    if kind == "integer":
        return schema.get("minimum", 0)
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return "2024-05-06T07:08:09.123456789Z"
    return "x"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Shrinking a whole document takes minutes; the failing document is printed as it is.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_a_fuzzed_spec_generates_imports_and_round_trips(
    tmp_path_factory: Any, document: dict[str, Any]
) -> None:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    (tmp / "specs").mkdir()
    (tmp / "specs" / "fuzz.json").write_text(json.dumps(document))
    package = f"fuzzed{next(_PACKAGES)}"  # each example imports as a package of its own
    result = build(tmp / "specs", package, package)
    assert result.ok, [f"{d.rule}: {d.message}" for d in result.diagnostics]
    replace_tree(tmp / "out", result.files)
    components = document["components"]["schemas"]
    sys.path.insert(0, str(tmp / "out"))
    try:
        models = importlib.import_module(f"{package}.fuzz.models")
        importlib.import_module(f"{package}.fuzz")
    finally:
        sys.path.remove(str(tmp / "out"))
    for name, schema in components.items():
        value = instance(schema, components)
        # The instance must be valid for the schema itself, or the test would prove nothing.
        jsonschema.Draft202012Validator({**schema, "components": {"schemas": components}}).validate(
            value
        )
        model = getattr(models, name).model_validate_json(json.dumps(value))
        assert model.to_dict() == value, (name, model.to_dict(), value)


def generate_and_probe(tmp: Path, document: dict[str, Any], probe: str) -> str:
    (tmp / "specs").mkdir()
    (tmp / "specs" / "fuzz.json").write_text(json.dumps(document))
    result = build(tmp / "specs", "fuzzed", "fuzzed")
    assert result.ok, [f"{d.rule}: {d.message}" for d in result.diagnostics]
    replace_tree(tmp / "out", result.files)
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(tmp / "out")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_regression_a_wire_name_that_is_another_fields_python_name(tmp_path: Path) -> None:
    """Found by the fuzzer: properties "I" and "i" become fields ``i`` (wire "I") and ``i_1``
    (wire "i"); reading by Python name too made the key "i" fill both."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Fuzzed", "version": "1"},
        "paths": {
            "/t": {
                "get": {
                    "operationId": "getT",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/T"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "T": {
                    "type": "object",
                    "properties": {"I": {"type": "object"}, "i": {"type": "object"}},
                }
            }
        },
    }
    probe = (
        "from fuzzed.fuzz.models import T\n"
        'print(T.model_validate_json(\'{"i": {"x": 1}}\').to_dict())\n'
        "print(T.model_validate({'I': {}}).to_dict())\n"
    )
    assert generate_and_probe(tmp_path, document, probe).splitlines() == [
        "{'i': {'x': 1}}",
        "{'I': {}}",
    ]
