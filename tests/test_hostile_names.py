"""The generator survives hostile names: keywords, punctuation, case-only differences, non-ASCII,
schema names that clash with the imports of the generated modules, operation ids that clash with
client attributes, awkward enum values.

Each case is a small, valid OpenAPI 3.1 document at the root of a spec tree (so its API is
``hostile.hostile``). The output must build, import, pass ruff and ``mypy --strict`` with its
own configuration, and behave: the wire names survive a parse and a dump, and reach the HTTP
request. The generated code runs in subprocesses, so each case has its own ``hostile`` package.
mypy checks every case in one run (``mypy_batch``), each case built again under a package name
of its own for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import format_diagnostic
from generator.generate import GenerateResult, build
from generator.output import replace_tree

VENV_BIN = Path(sys.executable).parent
PACKAGE = "hostile"
API = f"{PACKAGE}.hostile"  # hostile.yaml at the root of the spec tree

# -- spec builders ---------------------------------------------------------------------------

STRING: dict[str, Any] = {"type": "string"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def strings(*names: str) -> dict[str, Any]:
    return obj({name: STRING for name in names})


def param(name: str, where: str = "query", schema: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": where, "schema": schema or STRING}
    if where == "path":
        out["required"] = True
    return out


def operation(
    operation_id: str,
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    result: str = "Thing",
) -> dict[str, Any]:
    """An operation. Each has a parameter or a body: see the case "operation-without-arguments"."""
    op: dict[str, Any] = {
        "operationId": operation_id,
        "parameters": params if params is not None else [param("q")],
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": ref(result)}}}
        },
    }
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(body)}},
        }
    return op


def document(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A valid OpenAPI 3.1 document; it always has a schema (see the case "api-without-schemas")."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hostile", "version": "1"},
        "servers": [{"url": "https://api.test"}],
        "paths": paths,
        "components": {"schemas": {"Thing": strings("v"), **(schemas or {})}},
        **extra,
    }


# -- the cases -------------------------------------------------------------------------------

KEYWORDS = ["class", "from", "import", "def", "None", "True", "lambda", "async", "match", "type"]
SCHEMA_CLASHES = ["Model", "Field", "Enum", "StrEnum", "Literal", "Any", "Annotated", "RootModel"]
CLIENT_CLASHES = ["Operation", "Mapping", "ErrorFields", "SyncAPIClient", "HostileClient"]

# The client of a case, talking to a mock transport that records each request.
_CLIENT = """
import httpx
from hostile.hostile import HostileClient, models
sent = []
def handler(request):
    sent.append(request)
    return httpx.Response(200, json={"v": "ok"})
client = HostileClient(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
# The arguments every method takes besides the operation's parameters.
CALL_OPTIONS = ("body", "timeout", "max_retries", "extra_headers", "extra_query", "strict")
"""


@dataclass(frozen=True)
class Case:
    spec: dict[str, Any]
    #: Python run against the generated package (in a subprocess); asserts what must hold.
    behaviour: str = ""


CASES: dict[str, Case] = {
    "keywords": Case(
        document(
            {"/kw": {"post": operation("kw", [param(n) for n in KEYWORDS], "Keywords")}},
            {"Keywords": strings(*KEYWORDS, "self")},
        ),
        _CLIENT
        + """
m = models.Keywords.model_validate({"class": "c", "from": "f", "import": "i", "self": "s"})
assert m.class_ == "c" and m.from_ == "f" and m.import_ == "i", m
assert m.to_dict() == {"class": "c", "from": "f", "import": "i", "self": "s"}, m.to_dict()
assert models.Keywords(class_="x").to_dict() == {"class": "x"}
client.kw(class_="1", from_="2", none="3", body=models.Keywords(def_="d"))
(request,) = sent
assert request.url.params["class"] == "1" and request.url.params["from"] == "2", request.url
assert request.url.params["None"] == "3", request.url
assert json.loads(request.content) == {"def": "d"}, request.content
""",
    ),
    "hyphens-and-dots": Case(
        document(
            {
                "/things/{thing-id}": {
                    "post": operation(
                        "punctuation",
                        [param("thing-id", "path"), param("x-request-id", "header"), param("a.b")],
                        "Punctuation",
                    )
                }
            },
            {"Punctuation": strings("x-request-id", "a.b", "a-b")},
        ),
        _CLIENT
        + """
m = models.Punctuation.model_validate({"x-request-id": "r", "a.b": "dot", "a-b": "dash"})
assert m.to_dict() == {"x-request-id": "r", "a.b": "dot", "a-b": "dash"}, m.to_dict()
assert m.x_request_id == "r" and sorted(vars(m).values()) == ["dash", "dot", "r"], vars(m)
client.punctuation(thing_id="t", x_request_id="r", a_b="d", body=m)
(request,) = sent
assert request.url.path == "/things/t", request.url
assert request.headers["x-request-id"] == "r" and request.url.params["a.b"] == "d"
""",
    ),
    "differ-only-in-case": Case(
        document(
            {
                "/users/{id}": {
                    "post": operation(
                        "caseOnly",
                        [
                            param("id", "path"),
                            param("Id"),
                            param("id"),
                            param("userName"),
                            param("username"),
                        ],
                        "CaseOnly",
                    )
                }
            },
            {"CaseOnly": strings("Id", "id", "userName", "username")},
        ),
        _CLIENT
        + """
wire = {"Id": "upper", "id": "lower", "userName": "camel", "username": "flat"}
m = models.CaseOnly.model_validate_json(json.dumps(wire))
assert m.to_dict() == wire, m.to_dict()
values = [v for v in vars(m).values() if v is not None]
assert sorted(values) == sorted(wire.values()), vars(m)
assert m.model_extra == {}, m.model_extra
import inspect
names = [p for p in inspect.signature(client.case_only).parameters if p not in CALL_OPTIONS]
assert len(names) == 5, names
args = dict(zip(names, ["P", "Q1", "Q2", "Q3", "Q4"]))
client.case_only(**args, body=m)
(request,) = sent
assert request.url.path == "/users/P", request.url
assert sorted(request.url.params.multi_items()) == sorted(
    [("Id", "Q1"), ("id", "Q2"), ("userName", "Q3"), ("username", "Q4")]
), request.url
""",
    ),
    "non-ascii": Case(
        document(
            {
                "/n": {
                    "post": operation(
                        "nonAscii", [param("名前"), param("值"), param("café")], "NonAscii"
                    )
                }
            },
            {"NonAscii": strings("名前", "值", "café", "cafe", "Ωmega")},
        ),
        _CLIENT
        + """
wire = {"名前": "a", "值": "b", "café": "c", "cafe": "d", "Ωmega": "e"}
m = models.NonAscii.model_validate(wire)
assert m.to_dict() == wire, m.to_dict()
assert m.model_extra == {}, m.model_extra
import inspect
names = [p for p in inspect.signature(client.non_ascii).parameters if p not in CALL_OPTIONS]
assert len(names) == 3 and all(n.isascii() for n in names), names
client.non_ascii(**dict(zip(names, ["x", "y", "z"])), body=m)
(request,) = sent
assert sorted(request.url.params.multi_items()) == [("café", "z"), ("值", "y"), ("名前", "x")]
""",
    ),
    "schema-names-clash-with-model-imports": Case(
        document(
            {
                # Bodies and results are objects (see the case "non-object-bodies").
                f"/{name.lower()}": {"post": operation(name.lower(), [param("q")], name, name)}
                for name in SCHEMA_CLASHES
                if name not in ("Enum", "StrEnum")
            },
            {
                **{
                    name: obj(
                        {
                            "kind": ref("Enum"),
                            "tags": {"type": "array", "items": ref("StrEnum")},
                            "at": {"type": "string", "format": "date-time"},
                            "next": ref("Model"),
                            "extra": {"type": "object", "additionalProperties": ref("Any")},
                            "fixed": {"type": "string", "const": "x"},
                            "size": {"type": "integer", "minimum": 0},
                        }
                    )
                    for name in SCHEMA_CLASHES
                    if name not in ("Enum", "StrEnum", "Any")
                },
                "Enum": {"type": "string", "enum": ["x", "y"]},
                "StrEnum": {"type": "string", "enum": ["p", "q"]},
                "Any": {"type": "object", "properties": {"any": STRING}},
            },
        ),
        _CLIENT
        + """
import datetime
body = {"kind": "x", "tags": ["p", "zz"], "at": "2024-01-02T03:04:05Z", "next": {"kind": "y"},
        "extra": {"k": {"any": "v"}}, "fixed": "x", "size": 1}
classes = [c for c in vars(models).values() if isinstance(c, type)
           and issubclass(c, models.Model) and c is not models.Model]
assert len(classes) >= 6, classes
for cls in classes:
    if "kind" in cls.model_fields:
        m = cls.model_validate(body)
        assert m.to_dict() == body, (cls, m.to_dict())
        assert isinstance(m.at, datetime.datetime)
""",
    ),
    "schema-names-clash-with-client-imports": Case(
        document(
            {
                f"/{name.lower()}": {"post": operation(name.lower(), [param("q")], name, name)}
                for name in CLIENT_CLASHES
            },
            {name: strings("v") for name in CLIENT_CLASHES},
        ),
        _CLIENT
        + """
from hostile.hostile import AsyncHostileClient
assert issubclass(HostileClient, object) and client.base_url == "https://api.test"
assert callable(client.operation) and callable(client.hostileclient)
result = client.operation(q="1", body=models.OperationSchema(v="x")
                          if hasattr(models, "OperationSchema") else models.Operation(v="x"))
assert result.to_dict() == {"v": "ok"}, result
""",
    ),
    "operation-ids-clash": Case(
        document(
            {
                "/import": {"post": operation("import")},
                "/close": {"post": operation("close")},
                "/Close": {"post": operation("Close")},
                "/base-url": {"post": operation("base_url")},
                "/timeout": {"post": operation("timeout")},
                "/class": {"post": operation("class")},
            }
        ),
        _CLIENT
        + """
import inspect
ops = sorted(n for n, f in inspect.getmembers(client, inspect.ismethod)
             if not n.startswith("_") and n not in ("close", "with_options"))
assert len(ops) == 6, ops
for name in ops:
    getattr(client, name)(q=name)
assert sorted(r.url.path for r in sent) == sorted(
    ["/import", "/close", "/Close", "/base-url", "/timeout", "/class"]), sent
assert client.base_url == "https://api.test" and isinstance(client.timeout, httpx.Timeout)
client.close()  # still the client's own close
""",
    ),
    "enum-values": Case(
        document(
            {
                "/e": {
                    "post": operation(
                        "enums",
                        [param("mode", schema={"type": "string", "enum": ["", "1", "a", "A"]})],
                        "Enums",
                    )
                }
            },
            {
                "Enums": obj({"mode": ref("Mode"), "level": ref("Level")}),
                "Mode": {"type": "string", "enum": ["", "1", "2", "a", "A", "b-c", "b_c"]},
                "Level": {"type": "integer", "enum": [0, 1, -1, 10]},
            },
        ),
        _CLIENT
        + """
values = ["", "1", "2", "a", "A", "b-c", "b_c"]
members = [models.Mode(v) for v in values]
assert len(set(members)) == len(values), members
assert not any(m.is_unknown for m in members), members
assert [m.value for m in members] == values
assert len(models.Mode.__members__) == len(values), list(models.Mode.__members__)
assert len(models.Level.__members__) == 4, list(models.Level.__members__)
for v in values:
    m = models.Enums.model_validate({"mode": v, "level": -1})
    assert m.to_dict() == {"mode": v, "level": -1}, m.to_dict()
client.enums(mode="", body=models.Enums(mode=models.Mode("A")))
client.enums(mode="A", body=models.Enums(mode=models.Mode("a")))
assert [r.url.params["mode"] for r in sent] == ["", "A"], sent
assert [json.loads(r.content) for r in sent] == [{"mode": "A"}, {"mode": "a"}]
""",
    ),
    "parameters-named-like-call-options": Case(
        document(
            {
                "/o": {
                    "get": operation(
                        "options",
                        [
                            param(n)
                            for n in ("timeout", "max_retries", "extra_headers", "extra_query")
                        ],
                    )
                }
            }
        ),
        _CLIENT
        + """
import inspect
names = list(inspect.signature(client.options).parameters)
assert names[:4] == ["timeout_", "max_retries_", "extra_headers_", "extra_query_"], names
client.options(timeout_="t", max_retries_="m", extra_headers_="h", extra_query_="q", timeout=5)
(request,) = sent
assert sorted(request.url.params.multi_items()) == [
    ("extra_headers", "h"), ("extra_query", "q"), ("max_retries", "m"), ("timeout", "t")
], request.url
assert request.extensions["timeout"]["read"] == 5, request.extensions
""",
    ),
    "path-parameter-self": Case(
        document(
            {
                "/things/{self}": {
                    "get": operation("getThing", [param("self", "path"), param("cls")])
                }
            }
        ),
        _CLIENT
        + """
import inspect
names = [p for p in inspect.signature(client.get_thing).parameters if p not in CALL_OPTIONS]
assert len(names) == 2 and "self" not in names, names
client.get_thing(**dict(zip(names, ["a b", "c"])))
(request,) = sent
assert request.url.raw_path == b"/things/a%20b?cls=c", request.url
""",
    ),
    "properties-named-like-model-methods": Case(
        document(
            {"/m": {"post": operation("methods", body="Methods")}},
            {
                "Methods": strings(
                    "to_dict", "to_json", "model_config", "model_dump", "model_extra", "json"
                )
            },
        ),
        _CLIENT
        + """
wire = {"to_dict": "a", "to_json": "b", "model_config": "c", "model_dump": "d",
        "model_extra": "e", "json": "f"}
m = models.Methods.model_validate(wire)
assert m.to_dict() == wire, m.to_dict()
assert json.loads(m.to_json()) == wire
""",
    ),
    "server-variables-named-like-client-arguments": Case(
        document(
            {"/p": {"get": operation("p")}},
            servers=[
                {
                    "url": "https://{timeout}.{auth}.{headers}.test/{base_url}/{http_client}",
                    "variables": {
                        name: {"default": name[0]}
                        for name in ("timeout", "auth", "headers", "base_url", "http_client")
                    },
                }
            ],
        ),
        _CLIENT.replace("HostileClient(", "HostileClient(base_url='https://x.test', ")
        + """
client.p(q="1")
assert str(sent[0].url) == "https://x.test/p?q=1", sent
default = HostileClient()
assert default.base_url == "https://t.a.h.test/b/h", default.base_url
""",
    ),
    "server-variables-named-like-names-the-client-calls": Case(
        document(
            {"/p": {"get": operation("p")}},
            servers=[
                {
                    "url": "https://{super}.test/{server_url}/{self}",
                    "variables": {
                        "super": {"default": "s"},
                        "server_url": {"default": "u"},
                        "self": {"default": "m"},
                    },
                }
            ],
        ),
        _CLIENT
        + """
assert HostileClient().base_url == "https://s.test/u/m", HostileClient().base_url
import inspect
names = [p for p in inspect.signature(HostileClient).parameters if p not in (
    "base_url", "auth", "timeout", "headers", "http_client", "credentials", "max_retries",
    "strict")]
assert len(names) == 3, names
other = HostileClient(**dict(zip(names, ["x", "y", "z"])))
assert other.base_url == "https://x.test/y/z", other.base_url
""",
    ),
    "server-variable-enum-and-urls-with-hostile-values": Case(
        document(
            {"/p": {"get": operation("p")}},
            servers=[
                {
                    "url": "https://{zone}.test",
                    "variables": {
                        "zone": {
                            # Quotes and a backslash; the default is not in the enum.
                            "enum": ['a"b', "c\\d"],
                            "default": "home",
                            "x-cloudnet-server-urls": {'a"b': 'https://q"uote.test/', "c\\d": 5},
                        }
                    },
                }
            ],
        ),
        _CLIENT
        + """
import typing
from hostile import ServerVariableError
assert HostileClient().base_url == "https://home.test", HostileClient().base_url
hint = typing.get_type_hints(HostileClient.__init__)["zone"]
assert set(typing.get_args(hint)) == {'a"b', "c\\\\d", "home"}, hint
assert HostileClient(zone='a"b').base_url == 'https://q"uote.test', HostileClient(zone='a"b')
assert HostileClient(zone="c\\\\d").base_url == "https://c\\\\d.test"  # 5 is no URL
try:
    HostileClient(zone="elsewhere")
except ServerVariableError as error:
    assert "'elsewhere'" in str(error), error
else:
    raise AssertionError("a value outside the enum was taken")
""",
    ),
    "api-title-with-backslashes-and-quotes": Case(
        {
            **document({"/p": {"get": operation("p")}}),
            "info": {"title": 'C:\\Users\\net """quoted""" \\N', "version": "1"},
        },
        _CLIENT
        + """
import hostile.hostile._client as c
assert "C:\\\\Users" in (c.__doc__ or ""), c.__doc__
""",
    ),
    "api-summary-ending-in-a-quote": Case(
        {
            **document({"/p": {"get": operation("p")}}),
            "info": {"title": "Hostile", "version": "1", "summary": 'ends with "a quote"'},
        },
        _CLIENT
        + """
import hostile.hostile
assert (hostile.hostile.__doc__ or "").endswith('"a quote"'), hostile.hostile.__doc__
""",
    ),
    "schema-names-with-digits-and-punctuation": Case(
        document(
            {
                f"/{i}": {"post": operation(f"op{i}", body=name, result=name)}
                for i, name in enumerate(["1", "2xx", "a.b", "a-b", "a_b", "thing"])
            },
            {name: strings(name) for name in ["1", "2xx", "a.b", "a-b", "a_b", "thing"]},
        ),
        _CLIENT
        + """
classes = {c.__name__ for c in vars(models).values() if isinstance(c, type)
           and issubclass(c, models.Model) and c is not models.Model}
assert len(classes) == 7, classes  # with Thing
""",
    ),
}

# Not hostile names: plain specs the hostile cases above avoid, so that their failures stay
# about names. An API without any schema, bodies that are not objects, and an operation without
# parameters or body.
PLAIN_CASES: dict[str, Case] = {
    "api-without-schemas": Case(
        {
            "openapi": "3.1.0",
            "info": {"title": "Plain", "version": "1"},
            "paths": {
                "/ping": {
                    "post": {
                        "operationId": "ping",
                        "parameters": [param("q")],
                        "responses": {"204": {"description": "no content"}},
                    }
                }
            },
        },
        _CLIENT.replace("HostileClient(", "HostileClient(base_url='https://x.test', ")
        + """
assert client.ping(q="1") is None
assert str(sent[0].url) == "https://x.test/ping?q=1", sent
""",
    ),
    "non-object-bodies": Case(
        document(
            {
                "/enum": {"post": operation("enumResult", result="Color")},
                "/array": {"post": operation("arrayResult", result="Things")},
                "/string": {"post": operation("stringResult", result="Name")},
            },
            {
                "Color": {"type": "string", "enum": ["red", "blue"]},
                "Things": {"type": "array", "items": ref("Thing")},
                "Name": {"type": "string"},
            },
        ),
    ),
    "operation-without-arguments": Case(
        {
            **document({"/ping": {"get": operation("ping", params=[])}}),
        },
        _CLIENT
        + """
assert client.ping().to_dict() == {"v": "ok"}
""",
    ),
}
ALL_CASES = {**CASES, **PLAIN_CASES}

# -- running the generated code --------------------------------------------------------------


def _env(out: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    env["PYTHONPATH"] = str(out)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    return env


def _run(out: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=out,
        env=_env(out),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@dataclass(frozen=True)
class Generated:
    name: str
    result: GenerateResult
    out: Path

    def require_ok(self) -> Path:
        if not self.result.ok:
            report = "\n".join(format_diagnostic(d) for d in self.result.diagnostics)
            pytest.fail(f"build() failed:\n{report}", pytrace=False)
        return self.out


@pytest.fixture(scope="module", params=sorted(ALL_CASES))
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    """The case built once (by build(), written by replace_tree), shared by the checks."""
    name: str = request.param
    root = tmp_path_factory.mktemp(name)
    specs = _write_spec(root / "specs", name)
    out = root / "out"
    result = build(specs, PACKAGE, "hostile-client")
    if result.ok:
        replace_tree(out, result.files)
    return Generated(name, result, out)


def _write_spec(specs: Path, name: str) -> Path:
    specs.mkdir(parents=True)
    # JSON is YAML: the spec tree loads it like any other spec file.
    text = json.dumps(ALL_CASES[name].spec, ensure_ascii=False, indent=1)
    (specs / "hostile.yaml").write_text(text, encoding="utf-8")
    return specs


# A package that mypy --strict must reject, checked along with the cases: proof that the batch
# run below does check the files, with the strict configuration, and maps its output by folder.
_CANARY = "hostile_canary"
_CANARY_SOURCE = 'COUNT: int = "not a number"\n\n\ndef untyped(value):\n    return value\n'


@dataclass(frozen=True)
class MypyBatch:
    #: ``[tool.mypy]`` of the generated pyproject.toml the run used
    config: dict[str, Any]
    #: case -> its mypy lines (errors and notes), for every case that built
    lines: dict[str, list[str]]
    canary: list[str]
    output: str


@pytest.fixture(scope="module")
def mypy_batch(tmp_path_factory: pytest.TempPathFactory) -> MypyBatch:
    """``mypy --strict`` over every case in one process (most of a run is loading pydantic,
    httpx and the plugin, so one run instead of one per case). One package name cannot be
    checked twice in one run, so each case is built again here as ``hostile_<n>`` in a folder
    of its own, all folders on MYPYPATH; the generated configuration is the same for every case
    (checked by the test) and is the one used. Output lines are mapped back by folder; a line
    about no case's folder is given to every case."""
    root = tmp_path_factory.mktemp("mypy-batch")
    folders: dict[str, str] = {}
    config_file: Path | None = None
    for index, name in enumerate(sorted(ALL_CASES)):
        result = build(
            _write_spec(root / "specs" / str(index), name), f"{PACKAGE}_{index}", "hostile-client"
        )
        if not result.ok:
            continue  # test_builds reports it
        folders[name] = f"case{index}"
        replace_tree(root / folders[name], result.files)
        config_file = config_file or root / folders[name] / "pyproject.toml"
    assert config_file is not None, "no case built"
    (root / "canary" / _CANARY).mkdir(parents=True)
    (root / "canary" / _CANARY / "__init__.py").write_text(_CANARY_SOURCE, encoding="utf-8")
    env = _env(root)
    env["MYPYPATH"] = os.pathsep.join(str(root / f) for f in [*folders.values(), "canary"])
    packages = [p.name for f in folders.values() for p in (root / f).glob(f"{PACKAGE}_*")]
    command = [str(VENV_BIN / "mypy"), "--config-file", str(config_file), "--no-error-summary"]
    for package in [*packages, _CANARY]:
        command += ["-p", package]
    run = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    output = run.stdout + run.stderr
    lines: dict[str, list[str]] = {name: [] for name in folders}
    canary, elsewhere = [], []
    for line in output.splitlines():
        owners = [name for name, folder in folders.items() if line.startswith(folder + "/")]
        if line.startswith("canary/"):
            canary.append(line)
        elif owners:
            lines[owners[0]].append(line)
        else:
            elsewhere.append(line)
    for found in lines.values():
        found += elsewhere
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))["tool"]["mypy"]
    return MypyBatch(config, lines, canary, output)


def test_builds(generated: Generated) -> None:
    out = generated.require_ok()
    assert (out / PACKAGE / "hostile" / "_client.py").is_file()


# One interpreter per case for the import and the behaviour (a start-up with pydantic and httpx
# costs more than either): it imports the API, says so, then runs the case's behaviour script
# as its own module would.
_IMPORT_THEN_BEHAVE = f"""
import sys
import {API}
import {API}.models
print("imports ok", flush=True)
if sys.argv[1:]:
    exec(compile(sys.argv[1], "<behaviour>", "exec"), {{"__name__": "__main__"}})
    print("behaviour ok")
"""


@pytest.fixture(scope="module")
def ran(generated: Generated) -> subprocess.CompletedProcess[str]:
    """The case's package imported, then its behaviour script run, in one fresh interpreter."""
    out = generated.require_ok()
    script = ALL_CASES[generated.name].behaviour
    behaviour = ["import json\n" + textwrap.dedent(script)] if script else []
    return _run(out, sys.executable, "-c", _IMPORT_THEN_BEHAVE, *behaviour)


def test_imports(generated: Generated, ran: subprocess.CompletedProcess[str]) -> None:
    generated.require_ok()
    assert "imports ok" in ran.stdout.splitlines(), ran.stdout + ran.stderr


def test_ruff_passes_with_the_generated_config(generated: Generated) -> None:
    out = generated.require_ok()
    run = _run(out, str(VENV_BIN / "ruff"), "check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.full  # mypy --strict over many generated packages: CI (make test checks generated/)
def test_mypy_batch_checks_strictly_and_maps_by_folder(mypy_batch: MypyBatch) -> None:
    """The one mypy run does report errors, strict ones too, and only for their folder."""
    assert any('"str", variable has type "int"' in line for line in mypy_batch.canary), (
        mypy_batch.output
    )
    assert any("missing a type annotation" in line for line in mypy_batch.canary), mypy_batch.output


@pytest.mark.full  # mypy --strict over many generated packages: CI (make test checks generated/)
def test_mypy_strict_passes_with_the_generated_config(
    generated: Generated, mypy_batch: MypyBatch
) -> None:
    out = generated.require_ok()
    config = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["strict"] is True
    assert "pydantic.mypy" in config["tool"]["mypy"]["plugins"]
    # The batch ran with this case's own configuration.
    assert config["tool"]["mypy"] == mypy_batch.config
    assert generated.name in mypy_batch.lines, "the case is missing from the mypy run"
    problems = mypy_batch.lines[generated.name]
    assert not problems, "\n".join(problems)


def test_behaviour(generated: Generated, ran: subprocess.CompletedProcess[str]) -> None:
    if not ALL_CASES[generated.name].behaviour:
        pytest.skip("no behaviour to check beyond building")
    generated.require_ok()
    assert ran.returncode == 0 and "behaviour ok" in ran.stdout.splitlines(), (
        ran.stdout + ran.stderr
    )
