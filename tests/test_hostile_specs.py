"""Specs that try to break the generator, and a generation killed with SIGKILL halfway.

tests/test_hostile_names.py covers hostile *names* and tests/fixtures/broken/ broken YAML and
``$ref`` trees; this file covers the rest: free text (descriptions, summaries, titles, examples,
enum values, defaults) full of quotes, backslashes, template syntax, control characters and
Python code, and schema shapes at the edge of what the model generator takes (recursion,
composition with and without a discriminator, additionalProperties, 3.1 nullability, a 2,000
value enum, deep nesting, arrays of arrays, const, formats).

Each case of CORPUS has an expected outcome. ``generate``: the case builds, and the output
compiles, imports without doing anything but defining things (an audit hook in a fresh
subprocess blocks and records processes, sockets, writes and executed spec text), passes ruff
and ``mypy --strict`` with its own configuration, never turns a spec string into code (checked
on the syntax tree), and its models parse an instance and dump it back unchanged. ``refuse``:
the build fails with a diagnostic naming file:line:col and the expected rule. ``either``: one
of the two, a refusal never being one of the generator's own "this is a bug" rules. No outcome
may be a traceback.

Every case is built alone (that decides its outcome); the cases that build are then built
together, one folder per case so one subpackage per case, for a single ruff and mypy run.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
import traceback
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic, format_diagnostic
from generator.generate import GenerateResult, build
from generator.output import read_tree, replace_tree, restore_interrupted

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
PACKAGE = "hostile"
# The generator's own rules for output it could not make valid: always a generator bug.
BUG_RULES = frozenset({"generate-syntax", "generate-format"})

# -- hostile text ----------------------------------------------------------------------------

PWN = "__import__('os').system('echo pwned')"
HOSTILE: list[str] = [
    '"""',
    "'''",
    '"',
    "\\",
    "ends with a backslash \\",
    'ends with a quote "',
    "\\N{BULLET} \\x41 \\u0041 \\n \\",
    "{{ 7 * 7 }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{# a jinja comment #}",
    "${HOME} $(id) `id` %s %(x)s {0}",
    "line one\nline two\r\nline three",
    "tab\there\vvt\fff",
    "bell\x07 soh\x01 esc\x1b[31mred\x1b[0m",
    "rlo \u202eevil\u202c isolate \u2066x\u2069",
    "ls\u2028ps\u2029nel\x85",
    "# not a comment",
    PWN,
]
EVERYTHING = " | ".join(HOSTILE)


def norm(text: str) -> str:
    """Whitespace-insensitive form: docstrings are rewrapped."""
    return " ".join(text.split())


# -- spec builders ---------------------------------------------------------------------------


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, **extra}


STRING: dict[str, Any] = {"type": "string"}


def document(
    schemas: dict[str, Any],
    top: str,
    *,
    params: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A valid OpenAPI 3.1 document with one operation that takes and returns ``top``."""
    op: dict[str, Any] = {
        "operationId": "roundTrip",
        "parameters": params
        if params is not None
        else [{"name": "q", "in": "query", "schema": STRING}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref(top)}}},
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ref(top)}}}
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hostile", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": {"/round-trip": {"post": op}},
        "components": {"schemas": schemas},
        **extra,
    }


def as_json(spec: dict[str, Any], name: str = "api.json") -> dict[str, str]:
    # Indented, so that positions in diagnostics mean something.
    return {name: json.dumps(spec, ensure_ascii=False, indent=1) + "\n"}


def fixture(name: str) -> dict[str, str]:
    root = FIXTURES / name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Case:
    #: The spec files of the case, by name relative to the case's folder.
    files: dict[str, str]
    #: "generate", "refuse" or "either" (see the module docstring).
    expect: str = "generate"
    #: refuse: the rule of the expected diagnostic, and its line when it is known (0: any).
    rule: str = ""
    line: int = 0
    #: generate: the model class that parses each instance and must dump it back unchanged.
    model: str = ""
    instances: tuple[Any, ...] = ()
    #: generate: more Python, run with ``models`` and ``api`` (the API's package) imported.
    check: str = ""


# -- the corpus ------------------------------------------------------------------------------


def _hostile_strings() -> Case:
    thing = obj(
        {
            "v": {
                "type": "string",
                "title": EVERYTHING,
                "description": EVERYTHING,
                "examples": HOSTILE,
                "default": EVERYTHING,
            },
            "code": {"type": "string", "description": PWN},
            "backslash": {"type": "string", "description": "\\"},
            "choice": {**ref("Choice"), "description": EVERYTHING},
            "choices": {"type": "array", "items": ref("Choice")},
            "fixed": {"const": EVERYTHING},
            "quoted": {"type": "string", "pattern": "^(\"\"\"|'''|\\\\|\\{\\{|\\$\\{)*$"},
        },
        title=EVERYTHING,
        description=EVERYTHING,
        examples=[{"v": EVERYTHING}],
    )
    spec = document(
        {"Thing": thing, "Choice": {"type": "string", "enum": HOSTILE, "description": PWN}},
        "Thing",
        params=[
            {"name": "q", "in": "query", "description": EVERYTHING, "schema": ref("Choice")},
            {
                "name": "d",
                "in": "query",
                "description": PWN,
                "schema": {"type": "string", "default": EVERYTHING},
            },
        ],
        tags=[{"name": "t", "description": EVERYTHING}],
    )
    spec["info"] = {
        "title": "Hostile " + EVERYTHING,
        "version": "1 " + EVERYTHING,
        "summary": EVERYTHING,
        "description": PWN,
    }
    spec["servers"] = [
        {
            "url": "https://api.test/{stage}",
            "description": EVERYTHING,
            "variables": {"stage": {"default": "v1", "description": EVERYTHING}},
        }
    ]
    op = spec["paths"]["/round-trip"]["post"]
    op.update(summary=EVERYTHING, description=PWN, tags=["t"])
    op["requestBody"]["description"] = EVERYTHING
    op["responses"]["200"]["description"] = PWN
    return Case(
        as_json(spec),
        model="Thing",
        instances=(
            {
                "v": EVERYTHING,
                "choice": HOSTILE[7],
                "choices": HOSTILE,
                "fixed": EVERYTHING,
                "quoted": "'''\\{{${",
            },
        ),
        check="""
        assert [m.value for m in models.Choice] == HOSTILE, list(models.Choice)
        assert not any(models.Choice(v).is_unknown for v in HOSTILE)
        field = models.Thing.model_fields["v"]
        assert field.examples == HOSTILE, field.examples
        assert field.title == EVERYTHING and field.default == EVERYTHING, field
        assert models.Thing().v == EVERYTHING
        assert norm(EVERYTHING) in norm(models.Thing.__doc__ or ""), models.Thing.__doc__
        client = [c for n, c in vars(api).items() if n.endswith("Client")
                  and not n.startswith("Async")][0]
        assert norm(EVERYTHING) in norm(client.round_trip.__doc__ or "")
        assert norm(PWN) in norm(client.round_trip.__doc__ or "")
        assert norm(EVERYTHING) in norm(client.__doc__ or ""), client.__doc__
        assert client().base_url == "https://api.test/v1", client().base_url
        """,
    )


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = obj({"leaf": STRING})
    for _ in range(depth - 1):
        node = obj({"depth": {"type": "integer"}, "next": node}, required=["depth"])
    return node


def _nested_instance(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"leaf": "bottom"}
    for level in range(depth - 1, 0, -1):
        node = {"depth": level, "next": node}
    return node


BIG_ENUM = [f"value-{i:04d}" for i in range(2000)]

CORPUS: dict[str, Case] = {
    # -- free text ---------------------------------------------------------------------------
    "hostile-strings": _hostile_strings(),
    "hostile-strings-yaml": Case(
        fixture("strings-yaml"),
        model="Thing",
        instances=({"text": "x", "mood": "{{ 7 * 7 }}"}, {"mood": "\x1b[31m"}),
        check=r"""
        moods = ['"' * 3, "'''", "\\", "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "${x}",
                 "a\nb", "\x1b[31m", "\x01", "\u202e", PWN]
        assert [m.value for m in models.ThingMood] == moods, list(models.ThingMood)
        examples = ['"' * 3, "'''", "\\", "\x1b[31m\x01\u202e", PWN, "{{ 7 * 7 }}"]
        assert models.Thing.model_fields["text"].examples == examples
        assert "{{ config.__class__.__init__.__globals__ }}" in (api.__doc__ or ""), api.__doc__
        """,
    ),
    "nul-in-strings": Case(
        as_json(
            {
                **document(
                    {
                        "Thing": obj(
                            {
                                "v": {
                                    "type": "string",
                                    "description": "a\x00b",
                                    "examples": ["\x00"],
                                }
                            },
                            description="before\x00after",
                        )
                    },
                    "Thing",
                ),
                "info": {"title": "Nul", "version": "1", "description": "nul \x00 here"},
            }
        ),
        model="Thing",
        instances=({"v": "\x00"},),
    ),
    "del-in-title": Case(
        as_json(
            {
                **document({"Thing": obj({"v": STRING})}, "Thing"),
                "info": {"title": "Delete\x7fme", "version": "1"},
            }
        ),
        model="Thing",
        instances=({"v": "x"},),
    ),
    # -- schema shapes -----------------------------------------------------------------------
    "recursive-schemas": Case(
        as_json(
            document(
                {
                    "Node": obj(
                        {
                            "name": STRING,
                            "children": {"type": "array", "items": ref("Node")},
                            "parent": ref("Node"),
                            "index": {"type": "object", "additionalProperties": ref("Node")},
                        },
                        required=["name"],
                    ),
                    "A": obj({"label": STRING, "b": ref("B")}),
                    "B": obj({"a": ref("A"), "many": {"type": "array", "items": ref("A")}}),
                    "Json": {"type": "array", "items": {"oneOf": [STRING, ref("Json")]}},
                    "Tree": obj({"root": ref("Node"), "a": ref("A"), "json": ref("Json")}),
                },
                "Tree",
            )
        ),
        model="Tree",
        instances=(
            {
                "root": {
                    "name": "r",
                    "children": [
                        {"name": "c1", "children": [{"name": "g"}]},
                        {"name": "c2", "parent": {"name": "r"}},
                    ],
                    "index": {"k": {"name": "i"}},
                },
                "a": {"label": "a1", "b": {"a": {"label": "a2"}, "many": [{"b": {}}]}},
                "json": ["a", ["b", ["c", []]]],
            },
        ),
        check="""
        m = models.Tree.model_validate(INSTANCES[0])
        assert type(m.root.children[0].children[0]) is models.Node
        assert type(m.a.b.many[0].b) is models.B
        """,
    ),
    "composition": Case(
        as_json(
            document(
                {
                    "Base": obj({"id": STRING}, required=["id"]),
                    "Extended": {
                        "allOf": [ref("Base"), obj({"extra": {"type": "integer"}})],
                    },
                    "Cat": obj(
                        {"petType": STRING, "meow": {"type": "boolean"}}, required=["petType"]
                    ),
                    "Dog": obj({"petType": STRING, "bark": STRING}, required=["petType"]),
                    "Pet": {
                        "oneOf": [ref("Cat"), ref("Dog")],
                        "discriminator": {
                            "propertyName": "petType",
                            "mapping": {
                                "cat": "#/components/schemas/Cat",
                                "dog": "#/components/schemas/Dog",
                            },
                        },
                    },
                    "AnyPet": {
                        "anyOf": [ref("Cat"), ref("Dog")],
                        "discriminator": {
                            "propertyName": "petType",
                            "mapping": {
                                "cat": "#/components/schemas/Cat",
                                "dog": "#/components/schemas/Dog",
                            },
                        },
                    },
                    "Lizard": obj(
                        {"kind": STRING, "scales": {"type": "integer"}}, required=["kind"]
                    ),
                    "Snake": obj({"kind": STRING, "length": {"type": "number"}}, required=["kind"]),
                    "Reptile": {
                        "oneOf": [ref("Lizard"), ref("Snake")],
                        "discriminator": {"propertyName": "kind"},
                    },
                    "Scalarish": {"anyOf": [STRING, {"type": "integer"}, ref("Base")]},
                    "Square": obj({"side": {"type": "number"}}, required=["side"]),
                    "Circle": obj({"radius": {"type": "number"}}, required=["radius"]),
                    "Shape": {"oneOf": [ref("Square"), ref("Circle")]},
                    "Vehicle": obj(
                        {"vehicleType": STRING},
                        required=["vehicleType"],
                        discriminator={
                            "propertyName": "vehicleType",
                            "mapping": {
                                "car": "#/components/schemas/Car",
                                "bike": "#/components/schemas/Bike",
                            },
                        },
                    ),
                    "Car": {"allOf": [ref("Vehicle"), obj({"doors": {"type": "integer"}})]},
                    "Bike": {"allOf": [ref("Vehicle"), obj({"gears": {"type": "integer"}})]},
                    "Zoo": obj(
                        {
                            "extended": ref("Extended"),
                            "pets": {"type": "array", "items": ref("Pet")},
                            "any_pets": {"type": "array", "items": ref("AnyPet")},
                            "reptiles": {"type": "array", "items": ref("Reptile")},
                            "scalars": {"type": "array", "items": ref("Scalarish")},
                            "shapes": {"type": "array", "items": ref("Shape")},
                            "car": ref("Car"),
                            "inline": {
                                "oneOf": [obj({"x": {"type": "integer"}}, required=["x"]), STRING]
                            },
                        }
                    ),
                },
                "Zoo",
            )
        ),
        model="Zoo",
        instances=(
            {
                "extended": {"id": "e", "extra": 1},
                "pets": [{"petType": "cat", "meow": True}, {"petType": "dog", "bark": "woof"}],
                "any_pets": [{"petType": "dog"}, {"petType": "cat"}],
                "reptiles": [{"kind": "Lizard", "scales": 3}, {"kind": "Snake", "length": 1.5}],
                "scalars": ["s", 2, {"id": "b"}],
                "shapes": [{"side": 2.0}, {"radius": 1.0}],
                "car": {"vehicleType": "car", "doors": 4},
                "inline": {"x": 1},
            },
            {"inline": "text", "pets": [{"petType": "dog"}]},
        ),
        check="""
        m = models.Zoo.model_validate(INSTANCES[0])
        def name(x):
            return type(getattr(x, "root", x)).__name__
        assert [name(p) for p in m.pets] == ["Cat", "Dog"], m.pets
        assert [name(p) for p in m.any_pets] == ["Dog", "Cat"], m.any_pets
        assert [name(r) for r in m.reptiles] == ["Lizard", "Snake"], m.reptiles
        assert [name(s) for s in m.shapes] == ["Square", "Circle"], m.shapes
        """,
    ),
    "additional-properties": Case(
        as_json(
            document(
                {
                    "Open": obj({"a": STRING}, additionalProperties=True),
                    "Closed": obj({"a": STRING}, additionalProperties=False),
                    "Typed": obj({"a": STRING}, additionalProperties={"type": "integer"}),
                    "Absent": obj({"a": STRING}),
                    "MapOfClosed": {"type": "object", "additionalProperties": ref("Closed")},
                    "Bag": obj(
                        {
                            "open": ref("Open"),
                            "closed": ref("Closed"),
                            "typed": ref("Typed"),
                            "absent": ref("Absent"),
                            "map": ref("MapOfClosed"),
                            "free": {"type": "object"},
                            "lists": {
                                "type": "object",
                                "additionalProperties": {"type": "array", "items": STRING},
                            },
                        }
                    ),
                },
                "Bag",
            )
        ),
        model="Bag",
        instances=(
            {
                "open": {"a": "x", "zz": [1, {"y": None}]},
                "closed": {"a": "x"},
                "typed": {"a": "x", "n": 1},
                "absent": {"a": "x", "unknown": True},
                "map": {"k": {"a": "v"}},
                "free": {"anything": [1, 2]},
                "lists": {"k": ["a", "b"]},
            },
        ),
    ),
    "nullable-3-1": Case(
        as_json(
            document(
                {
                    "Inner": obj({"x": STRING}),
                    "Nullables": obj(
                        {
                            "s": {"type": ["string", "null"]},
                            "i": {"type": ["integer", "null"], "minimum": 0},
                            "required_nullable": {"type": ["string", "null"]},
                            "ref_or_null": {"anyOf": [ref("Inner"), {"type": "null"}]},
                            "one_of_null": {"oneOf": [STRING, {"type": "null"}]},
                            "items": {
                                "type": ["array", "null"],
                                "items": {"type": ["string", "null"]},
                            },
                            "enum_or_null": {"type": ["string", "null"], "enum": ["a", "b", None]},
                            "only_null": {"type": "null"},
                        },
                        required=["required_nullable"],
                    ),
                },
                "Nullables",
                params=[{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}],
            )
        ),
        model="Nullables",
        instances=(
            {
                "s": None,
                "i": None,
                "required_nullable": None,
                "ref_or_null": None,
                "one_of_null": None,
                "items": [None, "x"],
                "enum_or_null": None,
                "only_null": None,
            },
            {
                "s": "s",
                "i": 1,
                "required_nullable": "r",
                "ref_or_null": {"x": "y"},
                "one_of_null": "o",
                "items": None,
                "enum_or_null": "b",
            },
        ),
    ),
    "huge-enum": Case(
        as_json(
            document(
                {
                    "Big": {"type": "string", "enum": BIG_ENUM},
                    "Holder": obj(
                        {"big": ref("Big"), "many": {"type": "array", "items": ref("Big")}}
                    ),
                },
                "Holder",
                params=[{"name": "big", "in": "query", "schema": ref("Big")}],
            )
        ),
        model="Holder",
        instances=({"big": "value-1999", "many": ["value-0000", "value-1000"]},),
        check="""
        assert len(models.Big.__members__) == 2000, len(models.Big.__members__)
        assert not models.Big("value-1999").is_unknown
        """,
    ),
    "deep-nesting-30": Case(
        as_json(document({"Deep": _nested(30)}, "Deep")),
        model="Deep",
        instances=(_nested_instance(30),),
        check="""
        m = models.Deep.model_validate(INSTANCES[0])
        for _ in range(29):
            m = m.next
        assert m.leaf == "bottom", m
        """,
    ),
    "arrays-of-arrays": Case(
        as_json(
            document(
                {
                    "Cell": obj({"v": STRING}),
                    "Rows": {"type": "array", "items": {"type": "array", "items": STRING}},
                    "Matrix": obj(
                        {
                            "grid": {
                                "type": "array",
                                "items": {"type": "array", "items": {"type": "integer"}},
                            },
                            "cube": {
                                "type": "array",
                                "items": {
                                    "type": "array",
                                    "items": {"type": "array", "items": {"type": "number"}},
                                },
                            },
                            "cells": {
                                "type": "array",
                                "items": {"type": "array", "items": ref("Cell")},
                            },
                            "maybe": {
                                "type": "array",
                                "items": {"type": "array", "items": {"type": ["string", "null"]}},
                            },
                            "rows": ref("Rows"),
                            "pair": {
                                "type": "array",
                                "prefixItems": [STRING, {"type": "integer"}],
                                "items": False,
                            },
                        }
                    ),
                },
                "Matrix",
            )
        ),
        model="Matrix",
        instances=(
            {
                "grid": [[1, 2], [], [3]],
                "cube": [[[1.5], []]],
                "cells": [[{"v": "a"}, {"v": "b"}]],
                "maybe": [["a", None]],
                "rows": [["r"]],
                "pair": ["a", 1],
            },
        ),
        check="""
        m = models.Matrix.model_validate(INSTANCES[0])
        assert type(m.cells[0][1]) is models.Cell
        assert models.Rows.model_validate([["x", "y"]]).model_dump() == [["x", "y"]]
        """,
    ),
    "const": Case(
        as_json(
            document(
                {
                    "Consts": obj(
                        {
                            "kind": {"const": "fixed"},
                            "version": {"type": "integer", "const": 2},
                            "flag": {"const": True},
                            "nothing": {"const": None},
                            "shape": {"const": {"a": [1, "b"]}},
                            "quote": {"type": "string", "const": 'say "hi" \\ {{ x }}'},
                        },
                        required=["kind"],
                    )
                },
                "Consts",
            )
        ),
        model="Consts",
        instances=(
            {
                "kind": "fixed",
                "version": 2,
                "flag": True,
                "nothing": None,
                "shape": {"a": [1, "b"]},
                "quote": 'say "hi" \\ {{ x }}',
            },
        ),
        check="""
        import pydantic
        for bad in ({"kind": "other"}, {"kind": "fixed", "version": 3}):
            try:
                models.Consts.model_validate(bad)
            except pydantic.ValidationError:
                pass
            else:
                raise AssertionError(f"const not enforced: {bad}")
        """,
    ),
    "formats": Case(
        as_json(
            document(
                {
                    "Formats": obj(
                        {
                            "day": {"type": "string", "format": "date"},
                            "at": {"type": "string", "format": "date-time"},
                            "id": {"type": "string", "format": "uuid"},
                            "blob": {"type": "string", "format": "byte"},
                            "raw": {"type": "string", "format": "binary"},
                            "days": {
                                "type": "array",
                                "items": {"type": "string", "format": "date"},
                            },
                        }
                    )
                },
                "Formats",
                params=[
                    {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                ],
            )
        ),
        model="Formats",
        instances=(
            {
                "day": "2024-02-29",
                "at": "2024-02-29T23:59:59.123456789+05:30",
                "id": "123e4567-e89b-12d3-a456-426614174000",
                "blob": "aGVsbG8gd29ybGQ=",
                "raw": "not base64 at all",
                "days": ["1999-12-31"],
            },
        ),
        check="""
        import datetime
        m = models.Formats.model_validate(INSTANCES[0])
        assert isinstance(m.day, datetime.date), m
        # A uuid stays the text that was sent: uuid.UUID would change its case on the way back.
        upper = models.Formats.model_validate({"id": "123E4567-E89B-12D3-A456-426614174000"})
        assert upper.to_dict() == {"id": "123E4567-E89B-12D3-A456-426614174000"}, upper
        """,
    ),
    "format-email": Case(
        as_json(
            document({"Contact": obj({"mail": {"type": "string", "format": "email"}})}, "Contact")
        ),
        model="Contact",
        instances=({"mail": "a@example.com"},),
    ),
    "format-uri": Case(
        as_json(document({"Link": obj({"href": {"type": "string", "format": "uri"}})}, "Link")),
        model="Link",
        instances=({"href": "https://example.com"}, {"href": "urn:isbn:0451450523"}),
    ),
    # -- found by reading the generator: text that reaches the output unescaped -----------------
    "error-fields-keys": Case(
        # x-cloudnet-error-fields keys become keyword arguments in _client.py.
        as_json(
            {
                **document({"Thing": obj({"v": STRING})}, "Thing"),
                "paths": {
                    "/round-trip": {
                        "post": {
                            "operationId": "roundTrip",
                            "parameters": [{"name": "q", "in": "query", "schema": STRING}],
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": ref("Thing")}},
                                },
                                "400": {
                                    "description": "bad",
                                    "content": {"application/json": {"schema": ref("Error")}},
                                },
                            },
                        }
                    }
                },
                "components": {
                    "schemas": {
                        "Thing": obj({"v": STRING}),
                        "Error": obj(
                            {"code": STRING},
                            **{"x-cloudnet-error-fields": {f"code={PWN}, message": "code"}},
                        ),
                    }
                },
            }
        ),
        expect="either",
        model="Thing",
        instances=({"v": "x"},),
    ),
    "newline-in-spec-file-name": Case(
        # The spec's file name is printed in the header comment of each generated module.
        as_json(document({"Thing": obj({"v": STRING})}, "Thing"), name=f"api\n{PWN}\n#.json"),
        expect="either",
        model="Thing",
        instances=({"v": "x"},),
    ),
    # -- found by reading the generator: shapes it does not expect ------------------------------
    "boolean-enum-parameter": Case(
        as_json(
            document(
                {"Thing": obj({"v": STRING})},
                "Thing",
                params=[
                    {"name": "only", "in": "query", "schema": {"type": "boolean", "enum": [True]}}
                ],
            )
        ),
        model="Thing",
        instances=({"v": "x"},),
    ),
    "response-ref-into-a-schema": Case(
        as_json(
            {
                **document(
                    {"Page": obj({"item": obj({"v": STRING})}), "Thing": obj({"v": STRING})},
                    "Thing",
                ),
                "paths": {
                    "/item": {
                        "get": {
                            "operationId": "getItem",
                            "parameters": [{"name": "q", "in": "query", "schema": STRING}],
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {
                                                "$ref": "#/components/schemas/Page/properties/item"
                                            }
                                        }
                                    },
                                }
                            },
                        }
                    }
                },
            }
        ),
        model="Page",
        instances=({"item": {"v": "x"}},),
    ),
    "required-array-parameter-with-default": Case(
        as_json(
            document(
                {"Thing": obj({"v": STRING})},
                "Thing",
                params=[
                    {
                        "name": "tags",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "array", "items": STRING, "default": ["a"]},
                    }
                ],
            )
        ),
        model="Thing",
        instances=({"v": "x"},),
    ),
    "discriminator-names-a-missing-property": Case(
        as_json(
            document(
                {
                    "A": obj({"x": STRING}),
                    "B": obj({"y": STRING}),
                    "Thing": obj(
                        {
                            "p": {
                                "oneOf": [ref("A"), ref("B")],
                                "discriminator": {"propertyName": "kind"},
                            }
                        }
                    ),
                },
                "Thing",
            )
        ),
        expect="either",
        model="Thing",
        instances=({}, {"p": {"kind": "A", "x": "1"}}, {"p": {"kind": "B"}}),
    ),
    "deep-nesting-200": Case(
        as_json(document({"Deep": _nested(200)}, "Deep")),
        expect="either",
        model="Deep",
        instances=(_nested_instance(200),),
    ),
    # -- refused -------------------------------------------------------------------------------
    "raw-escape-character-in-yaml": Case(
        {
            "api.yaml": textwrap.dedent(
                """\
                openapi: "3.1.0"
                info:
                  title: Raw
                  version: "1"
                paths:
                  /x:
                    get:
                      operationId: x
                      description: "a raw \x1b[31m escape"
                      responses:
                        "204":
                          description: ok
                """
            )
        },
        expect="refuse",
        rule="yaml-syntax",
        line=9,
    ),
}
GENERATING = sorted(name for name, case in CORPUS.items() if case.expect != "refuse")


def folder(name: str) -> str:
    return name.replace("-", "_")


# -- building --------------------------------------------------------------------------------


@dataclass
class Built:
    result: GenerateResult | None
    crash: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok


def _write_case(specs: Path, name: str) -> None:
    for rel, text in CORPUS[name].files.items():
        path = specs / folder(name) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _build(specs: Path) -> Built:
    try:
        return Built(build(specs, PACKAGE, "hostile-client"))
    except Exception:
        return Built(None, traceback.format_exc(limit=-3))


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Each case built on its own."""
    out: dict[str, Built] = {}
    for name in CORPUS:
        specs = tmp_path_factory.mktemp("alone") / "specs"
        _write_case(specs, name)
        out[name] = _build(specs)
    return out


@dataclass
class Together:
    out: Path
    #: case -> the import name of its API package (``hostile.<case>.<file>``)
    api: dict[str, str]


@pytest.fixture(scope="module")
def together(alone: dict[str, Built], tmp_path_factory: pytest.TempPathFactory) -> Together:
    """The cases that build alone, built as one distribution and written out."""
    root = tmp_path_factory.mktemp("together")
    specs = root / "specs"
    names = [n for n in GENERATING if alone[n].ok]
    for name in names:
        _write_case(specs, name)
    built = _build(specs)
    assert built.result is not None and built.result.ok, built.crash or _report(built.result)
    out = root / "out"
    replace_tree(out, built.result.files)
    api = {}
    for item in built.result.apis:
        case = next(n for n in names if item.spec_file.startswith(folder(n) + "/"))
        api[case] = f"{PACKAGE}.{item.package}"
    return Together(out, api)


def _report(result: GenerateResult | None) -> str:
    if result is None:
        return "no result"
    return "\n".join(format_diagnostic(d) for d in result.diagnostics)


def _generated(alone: dict[str, Built], together: Together, name: str) -> tuple[str, Path]:
    """The case's API package and its folder in the shared output. A case that did not build
    is skipped: test_outcome says whether that was right."""
    if not alone[name].ok:
        pytest.skip("did not build; see test_outcome")
    package = together.api[name]
    return package, together.out / Path(*package.split(".")[:2])


def _proper_refusal(result: GenerateResult | None) -> list[Diagnostic]:
    """The errors that name a file, a line, a column and a rule that is not a generator bug."""
    if result is None:
        return []
    return [
        d
        for d in result.diagnostics
        if d.is_error
        and d.rule not in BUG_RULES
        and d.location.file.is_file()
        and d.location.line >= 1
        and d.location.col >= 1
    ]


# -- running the generated code --------------------------------------------------------------


def _env(out: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    env["PYTHONPATH"] = str(out)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    return env


def _run(out: Path, *command: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=out,
        env=_env(out),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# Installed first in every subprocess that imports generated code: records, and blocks by
# raising, what a module that only defines things never does. ``exec`` fires for every module
# body and for pydantic's evaluation of annotations: only code that calls the builtins a spec
# string would need to do harm counts.
_GUARD = r"""
import os, sys
EVENTS = []
CURRENT = ["-"]
OUT = os.environ["PYTHONPATH"]
_BANNED = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
           "os.kill", "os.killpg", "pty.spawn", "subprocess.Popen", "socket.connect",
           "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
           "socket.gethostbyname", "http.client.connect", "urllib.Request", "ctypes.dlopen",
           "webbrowser.open", "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod",
           "os.truncate", "shutil.rmtree", "shutil.copyfile", "shutil.move", "os.putenv")
_DANGEROUS_NAMES = {"__import__", "system", "popen", "exec", "eval", "breakpoint", "compile"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def _names(code):
    found = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            found |= _names(const)
    return found

def _hook(event, args):
    bad = event in _BANNED
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        if isinstance(mode, str):
            bad = any(c in mode for c in "wax+")
        elif isinstance(flags, int):
            bad = bool(flags & _WRITE_FLAGS)
    elif event == "exec" and args and hasattr(args[0], "co_filename"):
        code = args[0]
        name = code.co_filename
        if (name.startswith(OUT) and "/_core/" not in name) or not name.endswith(".py"):
            bad = bool(_names(code) & _DANGEROUS_NAMES)
    if bad:
        EVENTS.append([CURRENT[0], event, repr(args)[:300]])
        raise RuntimeError(f"blocked while importing generated code: {event}")

sys.addaudithook(_hook)
"""

_MARK = "\x1e@@result@@"

_IMPORT_EVERYTHING = (
    _GUARD
    + r"""
import importlib, json
for name in sys.argv[1:]:
    CURRENT[0] = name
    try:
        importlib.import_module(name)
    except BaseException as exc:
        EVENTS.append([name, "import-failed", f"{type(exc).__name__}: {exc}"[:500]])
CURRENT[0] = "-"
sys.stdout.flush()
print(MARK + json.dumps(EVENTS))
""".replace("MARK", repr(_MARK))
)


def _modules(out: Path, package_dir: Path) -> list[str]:
    """Every module of the case: the package root, the runtime, the case's subpackage."""
    roots = [out / PACKAGE / "__init__.py", *sorted((out / PACKAGE / "_core").glob("*.py"))]
    paths = roots + sorted(package_dir.rglob("*.py"))
    names = []
    for path in paths:
        parts = list(path.relative_to(out).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


@pytest.fixture(scope="module")
def imported(alone: dict[str, Built], together: Together) -> dict[str, tuple[str, str, list[Any]]]:
    """case -> (stdout before the result, stderr, recorded events) of importing every module
    of the case in a fresh interpreter. The interpreters run side by side."""
    running: dict[str, subprocess.Popen[str]] = {}
    for name, package in together.api.items():
        package_dir = together.out / Path(*package.split(".")[:2])
        running[name] = subprocess.Popen(
            [sys.executable, "-c", _IMPORT_EVERYTHING, *_modules(together.out, package_dir)],
            cwd=together.out,
            env=_env(together.out),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results: dict[str, tuple[str, str, list[Any]]] = {}
    for name, proc in running.items():
        stdout, stderr = proc.communicate(timeout=300)
        before, _, after = stdout.partition(_MARK)
        events = json.loads(after) if after else [["-", "no-result", f"exit {proc.returncode}"]]
        results[name] = (before, stderr, events)
    return results


_ROUND_TRIP = (
    _GUARD
    + r"""
import importlib, json, textwrap, traceback
cases = json.loads(sys.stdin.read())
results = {}
for name, case in cases.items():
    CURRENT[0] = name
    try:
        api = importlib.import_module(case["api"])
        models = importlib.import_module(case["api"] + ".models")
        cls = getattr(models, case["model"])
        for instance in case["instances"]:
            for parsed in (cls.model_validate(instance),
                           cls.model_validate_json(json.dumps(instance))):
                dumped = parsed.to_dict() if hasattr(parsed, "to_dict") else parsed.model_dump(
                    mode="json", by_alias=True, exclude_unset=True)
                assert dumped == instance, f"dumped {dumped!r}\n     sent {instance!r}"
        scope = {"models": models, "api": api, "INSTANCES": case["instances"], "json": json}
        scope.update(case["constants"])
        exec(textwrap.dedent(case["check"]), scope)
        results[name] = "ok"
    except BaseException:
        results[name] = traceback.format_exc(limit=-1)
CURRENT[0] = "-"
print(MARK + json.dumps(results))
""".replace("MARK", repr(_MARK))
)

_CHECK_CONSTANTS = {"HOSTILE": HOSTILE, "EVERYTHING": EVERYTHING, "PWN": PWN}
_NORM_SOURCE = 'def norm(text):\n    return " ".join(text.split())\n'


@pytest.fixture(scope="module")
def round_trips(together: Together) -> dict[str, str]:
    """case -> "ok" or the traceback of parsing and dumping its instances and of its check,
    all cases in one interpreter."""
    cases = {
        name: {
            "api": package,
            "model": CORPUS[name].model,
            "instances": list(CORPUS[name].instances),
            "check": _NORM_SOURCE + textwrap.dedent(CORPUS[name].check),
            "constants": _CHECK_CONSTANTS,
        }
        for name, package in together.api.items()
    }
    run = _run(together.out, sys.executable, "-c", _ROUND_TRIP, stdin=json.dumps(cases))
    _, _, after = run.stdout.partition(_MARK)
    assert after, run.stdout + run.stderr
    results: dict[str, str] = json.loads(after)
    return results


@pytest.fixture(scope="module")
def mypy_output(together: Together) -> str:
    run = _run(together.out, str(VENV_BIN / "mypy"), "--no-error-summary", PACKAGE)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return run.stdout + run.stderr


@pytest.fixture(scope="module")
def ruff_output(together: Together) -> str:
    run = _run(
        together.out,
        str(VENV_BIN / "ruff"),
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        ".",
    )
    return run.stdout + run.stderr


def _lines_about(output: str, package_dir: Path, out: Path) -> list[str]:
    prefix = package_dir.relative_to(out).as_posix() + "/"
    return [line for line in output.splitlines() if line.startswith(prefix)]


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_outcome(name: str, alone: dict[str, Built]) -> None:
    """The case generates, or is refused with file:line:col and a rule; never a traceback."""
    case, built = CORPUS[name], alone[name]
    assert not built.crash, f"build() raised instead of reporting:\n{built.crash}"
    assert built.result is not None
    bugs = [d for d in built.result.diagnostics if d.rule in BUG_RULES]
    assert not bugs, "the generator reports its own bug:\n" + _report(built.result)
    if case.expect == "generate":
        assert built.ok, _report(built.result)
        return
    if case.expect == "either" and built.ok:
        return
    assert not built.ok, "expected a refusal, the case generated"
    refusals = _proper_refusal(built.result)
    assert refusals, "no error names file:line:col and a rule:\n" + _report(built.result)
    if case.rule:
        wanted = [d for d in refusals if d.rule == case.rule]
        assert wanted, f"no {case.rule} error:\n" + _report(built.result)
        if case.line:
            lines = [d.location.line for d in wanted]
            assert case.line in lines, f"the error is not on line {case.line}:\n" + _report(
                built.result
            )


# Names whose appearance in generated code (not in a string or a comment) means that a spec
# string became code: the generated modules never call them.
_FORBIDDEN_NAMES = frozenset({"__import__", "eval", "exec", "compile", "breakpoint", "os"})
_FORBIDDEN_ATTRIBUTES = frozenset({"system", "popen", "Popen", "spawn"})


@pytest.mark.parametrize("name", GENERATING)
def test_no_spec_string_becomes_code(
    name: str, alone: dict[str, Built], together: Together
) -> None:
    """Every generated module of the case parses, and no spec text is code in it: the names a
    payload needs occur only inside string literals, docstrings and comments."""
    _, package_dir = _generated(alone, together, name)
    found = [f for path in sorted(package_dir.rglob("*.py")) for f in _code_from_text(path)]
    assert not found, "spec text became code:\n" + "\n".join(found)


def _code_from_text(path: Path) -> list[str]:
    """Where the module at ``path`` has code a spec string would need to do harm, and a
    header comment that does not look like one."""
    text = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Name) and node.id in _FORBIDDEN_NAMES:
            found.append(f"{path.name}:{node.lineno}: name {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in _FORBIDDEN_ATTRIBUTES:
            found.append(f"{path.name}:{node.lineno}: attribute .{node.attr}")
    header = text.splitlines()[:2]
    if not all(line.startswith("# ") for line in header):
        found.append(f"{path.name}: header is not two comment lines: {header!r}")
    return found


@pytest.mark.parametrize("name", GENERATING)
def test_import_only_defines_things(
    name: str,
    alone: dict[str, Built],
    together: Together,
    imported: dict[str, tuple[str, str, list[Any]]],
) -> None:
    """Importing every module of the case, in a fresh interpreter with an audit hook, prints
    nothing, starts no process, opens no socket, writes no file and runs no spec text."""
    _generated(alone, together, name)
    stdout, stderr, events = imported[name]
    assert not events, "\n".join(" | ".join(map(str, e)) for e in events)
    assert stdout == "" and stderr == "", f"stdout: {stdout!r}\nstderr: {stderr!r}"


def test_the_import_guard_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The import check can fail: modules that print, start processes, open sockets, write
    files or run code they build are all caught (and stopped)."""
    bodies = {
        "prints": "print('hello')",
        # Spelled so that the exec check (names a payload needs) does not stop it first.
        "system": "import os\ngetattr(os, 'sys' + 'tem')('true')",
        "popen": "import subprocess\nsubprocess.run(['true'])",
        "writes": "open(__file__ + '.written', 'w')",
        "connects": "import socket\nsocket.socket().connect(('127.0.0.1', 9))",
        "evaluates": "exec(\"__import__('os')\")",
    }
    package = tmp_path / "evil"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name, body in bodies.items():
        (package / f"{name}.py").write_text(body + "\n", encoding="utf-8")
    modules = [f"evil.{name}" for name in bodies]
    run = _run(tmp_path, sys.executable, "-c", _IMPORT_EVERYTHING, *modules)
    before, _, after = run.stdout.partition(_MARK)
    assert before == "hello\n", run.stdout + run.stderr
    caught = {(module, event) for module, event, _ in json.loads(after)}
    expected = {
        ("evil.system", "os.system"),
        ("evil.popen", "subprocess.Popen"),
        ("evil.writes", "open"),
        ("evil.connects", "socket.connect"),
        ("evil.evaluates", "exec"),
    }
    assert expected <= caught, caught
    assert not (package / "writes.py.written").exists()


@pytest.mark.parametrize("name", GENERATING)
def test_models_parse_and_dump_back(
    name: str, alone: dict[str, Built], together: Together, round_trips: dict[str, str]
) -> None:
    """Each instance parses (from Python data and from JSON) and to_dict() gives it back; then
    the case's own checks."""
    _generated(alone, together, name)
    assert round_trips[name] == "ok", round_trips[name]


@pytest.mark.parametrize("name", GENERATING)
def test_ruff_passes(
    name: str, alone: dict[str, Built], together: Together, ruff_output: str
) -> None:
    _, package_dir = _generated(alone, together, name)
    problems = _lines_about(ruff_output, package_dir, together.out)
    assert not problems, "\n".join(problems)


@pytest.mark.full  # mypy --strict over every case's package: CI
@pytest.mark.parametrize("name", GENERATING)
def test_mypy_strict_passes(
    name: str, alone: dict[str, Built], together: Together, mypy_output: str
) -> None:
    _, package_dir = _generated(alone, together, name)
    problems = _lines_about(mypy_output, package_dir, together.out)
    assert not problems, "\n".join(problems)


@pytest.mark.full  # needs the same mypy run
def test_shared_files_pass_ruff_and_mypy_and_parse(
    together: Together, ruff_output: str, mypy_output: str
) -> None:
    """What the cases feed into the distribution's own files (their titles reach the package
    docstring, the README and pyproject.toml) breaks none of them."""
    config = tomllib.loads((together.out / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["strict"] is True
    case_dirs = {"/".join(package.split(".")[:2]) + "/" for package in together.api.values()}
    shared = [
        line
        for output in (ruff_output, mypy_output)
        for line in output.splitlines()
        if (line.startswith(PACKAGE + "/") and not any(line.startswith(d) for d in case_dirs))
        or line.startswith(("pyproject.toml", "README"))
    ]
    shared += _code_from_text(together.out / PACKAGE / "__init__.py")
    assert not shared, "\n".join(shared)


# Characters that make a source file lie about itself (bidirectional overrides, CVE-2021-42574)
# or act on the terminal that shows it (escape sequences); ruff's PLE2502 and PLE251x rules,
# which the output's own configuration does not select, flag them too.


@pytest.mark.parametrize("name", GENERATING)
def test_no_raw_control_or_bidi_characters(
    name: str, alone: dict[str, Built], together: Together
) -> None:
    """Control characters and bidirectional marks of the spec are escaped in the generated
    source, not written raw (a stricter bar than the output's own ruff configuration)."""
    _, package_dir = _generated(alone, together, name)
    found = [f for p in sorted(package_dir.rglob("*.py")) for f in _raw_characters(p, together.out)]
    assert not found, f"{len(found)} lines with raw characters:\n" + "\n".join(found[:20])


def test_shared_files_have_no_raw_control_or_bidi_characters(together: Together) -> None:
    found = _raw_characters(together.out / PACKAGE / "__init__.py", together.out)
    assert not found, f"{len(found)} lines with raw characters:\n" + "\n".join(found[:20])


def _raw_characters(path: Path, out: Path) -> list[str]:
    found = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        raw = {
            f"U+{ord(c):04X}"
            for c in line
            if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
        }
        if raw:
            found.append(f"{path.relative_to(out).as_posix()}:{lineno}: {' '.join(sorted(raw))}")
    return found


# -- atomicity under SIGKILL -----------------------------------------------------------------

SEED = 20240229
RANDOM_KILLS = 3
KILLS_WHILE_WRITING = 2
OPERATIONS = 100  # bench/synth.py operations: enough files that a kill can land while writing


def _synth(operations: int) -> dict[str, Any]:
    """bench/synth.py's spec of ``operations`` operations."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synth import spec
    finally:
        sys.path.remove(str(REPO / "bench"))
    document: dict[str, Any] = spec(operations)
    return document


def _synth_specs(root: Path, *, old: bool) -> Path:
    document = _synth(OPERATIONS)
    specs = root / ("specs-old" if old else "specs-new")
    specs.mkdir()
    if old:
        # Another server (the models, and so the cache, are shared) and one more API: old and
        # new differ in content and in their set of files.
        document["servers"] = [{"url": "https://old.example.com"}]
        legacy = _synth(8)
        legacy["info"]["title"] = "Legacy"
        (specs / "legacy.json").write_text(json.dumps(legacy, indent=1), encoding="utf-8")
    (specs / "api.json").write_text(json.dumps(document, indent=1), encoding="utf-8")
    return specs


def _specgen(
    cwd: Path, specs: Path, out: Path, cache: Path, fault: str = ""
) -> subprocess.Popen[str]:
    # Scratch folders of a killed run stay where pytest cleans up.
    scratch = cwd / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "CLOUDNET_FAULT"}
    if fault:
        env["CLOUDNET_FAULT"] = fault  # generator/output.py, replace_tree
    return subprocess.Popen(
        [
            str(VENV_BIN / "specgen"),
            "generate",
            "--specs",
            str(specs),
            "--out",
            str(out),
            "--package",
            "x",
            "--cache-dir",
            str(cache),
        ],
        cwd=cwd,
        env={**env, "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes its children too
    )


def _generate(cwd: Path, specs: Path, out: Path, cache: Path) -> None:
    proc = _specgen(cwd, specs, out, cache)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stdout + stderr


def _difference(tree: dict[str, str], old: dict[str, str], new: dict[str, str]) -> str:
    """Each file of the three trees: as in the old tree, the new one, both, neither, absent."""
    lines = []
    for rel in sorted(set(tree) | set(old) | set(new)):
        if rel not in tree:
            state = "absent"
        else:
            found = [name for name, t in (("old", old), ("new", new)) if t.get(rel) == tree[rel]]
            state = "+".join(found) or "neither"
        lines.append(f"{state:8} {rel}")
    return "\n".join(lines)


@dataclass
class Kill:
    after: float  # seconds, or -1: as soon as the new tree starts being written
    state: str = ""

    @property
    def when(self) -> str:
        return f"{self.after:.2f}s" if self.after >= 0 else "while writing"


def _kills(duration: float) -> Iterator[Kill]:
    """Kills at random points of a run that takes ``duration`` seconds (measured, so that the
    points spread over the run however busy the machine is), then as the tree is written."""
    rng = random.Random(SEED)
    for _ in range(RANDOM_KILLS):
        yield Kill(rng.uniform(0.0, duration))
    for _ in range(KILLS_WHILE_WRITING):
        yield Kill(-1)


def _wait_for_writing(parent: Path, proc: subprocess.Popen[str], limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".out.new-") for p in parent.iterdir()):
            return
        time.sleep(0.0005)


@pytest.mark.full  # test_sigkill_between_the_two_renames_is_undone_by_the_next_run stays quick
def test_sigkill_leaves_the_old_tree_or_the_new_one(tmp_path: Path) -> None:
    """`specgen generate` killed with SIGKILL at random points (and as the new tree is being
    written) over an older output leaves exactly the old tree or exactly the new one (or, cut
    between the two renames of the swap, no output and the old tree in ``.out.old``); what the
    next run does first (``restore_interrupted``) leaves exactly one of the two and nothing
    beside it, and a next run, not killed, ends with exactly the new tree. The kill between the
    two renames, which random kills rarely hit, has a test of its own below."""
    cache = tmp_path / "cache"
    old_specs = _synth_specs(tmp_path, old=True)
    new_specs = _synth_specs(tmp_path, old=False)
    _generate(tmp_path, old_specs, tmp_path / "ref-old" / "out", cache)
    # The new tree continues the old one's version and changelog, as every run below does (it
    # also warms the cache, and times a run).
    shutil.copytree(tmp_path / "ref-old" / "out", tmp_path / "ref-new" / "out")
    started = time.monotonic()
    _generate(tmp_path, new_specs, tmp_path / "ref-new" / "out", cache)
    duration = time.monotonic() - started
    new = read_tree(tmp_path / "ref-new" / "out")
    old = read_tree(tmp_path / "ref-old" / "out")
    assert old != new and set(old) != set(new)

    seen = []
    for i, kill in enumerate(_kills(duration)):
        parent = tmp_path / f"run{i}"
        out = parent / "out"
        shutil.copytree(tmp_path / "ref-old" / "out", out)
        proc = _specgen(parent, new_specs, out, cache)
        if kill.after >= 0:
            time.sleep(kill.after)
        else:
            _wait_for_writing(parent, proc, limit=30)
        finished = proc.poll() is not None
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)

        swapped_out = parent / ".out.old"
        if out.exists():
            tree = read_tree(out)
            assert tree in (old, new), f"kill {i} ({kill.when}) left a mixed tree:\n" + _difference(
                tree, old, new
            )
            kill.state = "finished" if finished else ("old" if tree == old else "new")
        else:
            assert swapped_out.is_dir(), f"kill {i}: no {out.name} and no {swapped_out.name}"
            assert read_tree(swapped_out) == old, (
                f"kill {i}: {swapped_out.name} is not the old tree"
            )
            kill.state = "between renames"
        seen.append(kill)

        restore_interrupted(out.resolve())
        assert read_tree(out) in (old, new), f"kill {i}: restored to a mixed tree"
        assert sorted(p.name for p in parent.iterdir()) == ["out", "tmp"], f"kill {i}: leftovers"
    # The next run after the last kill, in full.
    _generate(parent, new_specs, out, cache)
    assert read_tree(out) == new, "the next run did not give the new tree"
    # Not an assertion: where the kills landed, shown with -rA or on failure.
    print(f"run {duration:.2f}s; kills:", ", ".join(f"{k.when} -> {k.state}" for k in seen))


def test_sigkill_between_the_two_renames_is_undone_by_the_next_run(tmp_path: Path) -> None:
    """`specgen generate` killed exactly between the two renames of the swap (the test-only
    fault hook of ``replace_tree``, ``CLOUDNET_FAULT=after-first-rename``): the old tree is
    whole in ``.out.old``, the new one whole in its scratch folder, and no ``out`` is there
    (the one window in which a reader finds no output); the next run puts the old tree back
    before anything else and ends with exactly the new one, nothing left beside it."""
    cache = tmp_path / "cache"
    old_specs, new_specs = tmp_path / "specs-old", tmp_path / "specs-new"
    for specs, servers in ((old_specs, "https://old.example.com"), (new_specs, None)):
        document = _synth(6)
        if servers:
            document["servers"] = [{"url": servers}]
        specs.mkdir()
        (specs / "api.json").write_text(json.dumps(document, indent=1), encoding="utf-8")
    _generate(tmp_path, old_specs, tmp_path / "ref-new" / "out", cache)
    _generate(tmp_path, new_specs, tmp_path / "ref-new" / "out", cache)
    new = read_tree(tmp_path / "ref-new" / "out")
    parent = tmp_path / "run"
    out, aside = parent / "out", parent / ".out.old"
    _generate(parent, old_specs, out, cache)
    old = read_tree(out)
    assert old != new

    proc = _specgen(parent, new_specs, out, cache, fault="after-first-rename")
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, stdout, stderr)
    assert not out.exists()
    assert read_tree(aside) == old, "the old tree moved aside is not whole:\n" + _difference(
        read_tree(aside), old, new
    )
    [scratch] = parent.glob(".out.new-*")
    assert read_tree(scratch) == new, "the new tree was not whole before the swap"

    _generate(parent, new_specs, out, cache)
    assert read_tree(out) == new, _difference(read_tree(out), old, new)
    assert sorted(p.name for p in parent.iterdir()) == ["out", "tmp"]
