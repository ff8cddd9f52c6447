"""The models of a large API in chunks (``generator/render/modelchunks.py``, ``models``):
rendered side by side, merged, they define exactly what one datamodel-code-generator run
defines."""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import forked
from generator.ir.parse import ParsedApi, is_api_document, parse_api
from generator.openapi.tree import SpecTree
from generator.render import modelchunks, models
from generator.render.modelchunks import merge, partition
from tests.conftest import examples

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"


def _synth(operations: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synth import spec
    finally:
        sys.path.remove(str(REPO / "bench"))
    return spec(operations)


def _parsed_tree(root: Path) -> list[ParsedApi]:
    tree = SpecTree.load(root)
    return [parse_api(tree, file) for file in tree.documents() if is_api_document(file)]


def _parsed(tmp_path: Path, document: dict[str, Any]) -> ParsedApi:
    (tmp_path / "api.json").write_text(json.dumps(document), encoding="utf-8")
    (parsed,) = _parsed_tree(tmp_path)
    return parsed


def _definitions(source: str) -> list[str]:
    """Every top-level statement but the imports, as source, sorted."""
    tree = ast.parse(source)
    return sorted(
        ast.get_source_segment(source, node) or ""
        for node in tree.body
        if not isinstance(node, ast.Import | ast.ImportFrom)
    )


def _schemas(parsed: ParsedApi) -> dict[str, Any]:
    schemas: dict[str, Any] = parsed.models_document["components"]["schemas"]
    return schemas


# -- partition ---------------------------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_small_schema_set_is_one_chunk() -> None:
    schemas = {"A": {"type": "object"}, "B": {"properties": {"a": _ref("A")}}}
    assert partition(schemas, size=2) == [modelchunks.Chunk(("A", "B"), ("A", "B"))]


@pytest.mark.parametrize(
    "ref", ["#/components/schemas/Missing", "other.yaml#/Thing", "#/$defs/Thing"]
)
def test_a_reference_the_partition_cannot_follow_keeps_one_chunk(ref: str) -> None:
    schemas: dict[str, Any] = {f"S{i}": {"type": "object"} for i in range(6)}
    schemas["S0"] = {"properties": {"x": {"$ref": ref}}}
    assert len(partition(schemas, size=1)) == 1


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    count = draw(st.integers(1, 30))
    names = [f"S{i}" for i in range(count)]
    schemas: dict[str, Any] = {}
    for name in names:
        targets = draw(st.lists(st.sampled_from(names), max_size=3))
        schemas[name] = {"type": "object", "properties": {t.lower(): _ref(t) for t in targets}}
    return schemas, draw(st.integers(1, 12))


@settings(max_examples=examples(50, 200), deadline=None)
@given(_graphs())
def test_partition_invariants(graph: tuple[dict[str, Any], int]) -> None:
    schemas, size = graph
    chunks = partition(schemas, size=size)
    order = list(schemas)
    # Every schema is the root of exactly one chunk.
    roots = [name for chunk in chunks for name in chunk.roots]
    assert sorted(roots) == sorted(order)
    assert len(chunks) <= max(1, -(-len(schemas) // size))
    home = {name: i for i, chunk in enumerate(chunks) for name in chunk.roots}
    referrers = {name: 0 for name in order}
    for schema in schemas.values():
        for prop in schema["properties"].values():
            referrers[prop["$ref"].rsplit("/", 1)[1]] += 1
    for chunk in chunks:
        members = set(chunk.members)
        # Roots and members in document order; the members hold everything the roots reference.
        assert list(chunk.roots) == sorted(chunk.roots, key=order.index)
        assert list(chunk.members) == sorted(chunk.members, key=order.index)
        assert set(chunk.roots) <= members
        for name in chunk.members:
            for prop in schemas[name]["properties"].values():
                assert prop["$ref"].rsplit("/", 1)[1] in members
    # A schema referenced by at most one other is never a hub: it stays with its referrer.
    for name, schema in schemas.items():
        for prop in schema["properties"].values():
            target = prop["$ref"].rsplit("/", 1)[1]
            if referrers[name] <= 1 and referrers[target] <= 1:
                assert home[name] == home[target]


def test_the_synthetic_spec_splits_into_balanced_chunks_that_share_only_hubs(
    tmp_path: Path,
) -> None:
    parsed = _parsed(tmp_path, _synth(400))
    schemas = _schemas(parsed)
    chunks = partition(schemas)
    assert len(chunks) == -(-len(schemas) // modelchunks.CHUNK_SCHEMAS)
    sizes = [len(chunk.roots) for chunk in chunks]
    assert max(sizes) - min(sizes) <= 4  # a resource kind's group is 3 schemas
    shared = set.intersection(*(set(chunk.members) for chunk in chunks))
    assert shared == {"Owner"}  # the one hub (every resource has an owner), in every chunk


# -- merge -------------------------------------------------------------------------------------


def test_merge_keeps_each_definition_once_and_gathers_the_imports() -> None:
    first = (
        "from __future__ import annotations\nfrom x import A\n\n\n"
        "class Shared(A):\n    a: int\n\n\nclass One(Shared):\n    pass\n\n\n"
        "One.model_rebuild()\n"
    )
    second = (
        "from __future__ import annotations\nfrom x import B\n\n\n"
        "class Shared(A):\n    a: int\n\n\n# a comment\nclass Two(B):\n    pass\n"
    )
    merged = merge([first, second])
    assert merged is not None
    assert merged.startswith(
        "from __future__ import annotations\nfrom x import A\nfrom x import B\n"
    )
    assert merged.count("class Shared") == 1
    assert "# a comment\nclass Two(B)" in merged
    assert _definitions(merged) == sorted(set(_definitions(first)) | set(_definitions(second)))


def test_merge_refuses_one_name_defined_two_ways() -> None:
    assert merge(["class A:\n    a: int\n", "class A:\n    b: int\n"]) is None
    assert merge(["X = 1\n", "X = 2\n"]) is None


# -- rendering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cores", [1, 2], ids=["one process", "forked"])
def test_chunks_define_what_one_run_defines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    parsed = _parsed(tmp_path, _synth(60))
    monkeypatch.setattr(modelchunks, "CHUNK_SCHEMAS", 12)
    monkeypatch.setattr(models, "_cores", lambda: cores)
    assert len(partition(_schemas(parsed))) > 3
    once = models.render_models(parsed, "synth")
    chunked = models.render_models_cached(parsed, "synth", None, "toolchain")
    assert chunked != once  # merged: same definitions, another order
    assert _definitions(chunked) == _definitions(once)
    compile(chunked, "models.py", "exec", dont_inherit=True)


@pytest.mark.parametrize("index", range(5), ids=["api0", "api1", "api2", "api3", "api4"])
def test_vendor_schemas_in_small_chunks_define_what_one_run_defines(
    monkeypatch: pytest.MonkeyPatch, index: int
) -> None:
    apis = _parsed_tree(SPECS)
    assert len(apis) == 5
    parsed = apis[index]
    monkeypatch.setattr(modelchunks, "CHUNK_SCHEMAS", 4)
    once = models.render_models(parsed, "cloudnet")
    chunked = models.render_models_cached(parsed, "cloudnet", None, "toolchain")
    assert _definitions(chunked) == _definitions(once)


def _get(name: str) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(name)}}
    return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _document(schemas: dict[str, Any]) -> dict[str, Any]:
    """An API with one operation per schema."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {f"/{name.lower()}": _get(name) for name in schemas},
        "components": {"schemas": schemas},
    }


#: Parent's inline ``child`` object is named ParentChild, like the schema after it.
PARENT_CHILD = {
    "Parent": _object(child=_object(a={"type": "string"})),
    "ParentChild": _object(b={"type": "integer"}),
}


def _fields(source: str, name: str) -> list[str]:
    (cls,) = (n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == name)
    return [
        f.target.id
        for f in cls.body
        if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
    ]


def test_a_schema_keeps_its_name_when_an_inline_object_wants_it(tmp_path: Path) -> None:
    source = models.render_models(_parsed(tmp_path, _document(PARENT_CHILD)), "x")
    assert _fields(source, "ParentChild") == ["b"]
    assert _fields(source, "Parent") == ["child"]
    assert "child: ParentChild1 | None" in source and _fields(source, "ParentChild1") == ["a"]


#: A chain: A's inline object wants AB, AB's wants ABC.
CHAIN = {
    "A": _object(b=_object(x={"type": "string"})),
    "AB": _object(c=_object(y={"type": "string"})),
    "ABC": _object(z={"type": "integer"}),
}


def test_every_schema_of_a_chain_keeps_its_name(tmp_path: Path) -> None:
    source = models.render_models(_parsed(tmp_path, _document(CHAIN)), "x")
    assert [_fields(source, name) for name in CHAIN] == [["b"], ["c"], ["z"]]


def test_a_name_that_stays_taken_is_an_error_naming_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsed(tmp_path, _document(CHAIN))
    monkeypatch.setattr(models, "_MAX_REORDERS", 1)  # the first, displaced, rendering stays
    with pytest.raises(models.ModelsError, match=r"gave these schemas' names .*: AB"):
        models.render_models(parsed, "x")


def test_two_chunks_naming_one_class_two_ways_fall_back_to_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alone, each chunk names its class ParentChild: Parent's inline `child` object in one,
    # the schema in the other.
    document = _document(PARENT_CHILD)
    parsed = _parsed(tmp_path, document)
    monkeypatch.setattr(modelchunks, "CHUNK_SCHEMAS", 1)
    assert len(partition(_schemas(parsed))) == 2
    merges: list[str | None] = []

    def spy(sources: list[str]) -> str | None:
        merges.append(merge(sources))
        return merges[-1]

    monkeypatch.setattr(models, "merge", spy)
    assert models.render_models_cached(parsed, "x", None, "toolchain") == models.render_models(
        parsed, "x"
    )
    assert merges == [None]


def test_a_chunk_that_fails_falls_back_to_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsed(tmp_path, _synth(40))
    monkeypatch.setattr(modelchunks, "CHUNK_SCHEMAS", 12)
    monkeypatch.setattr(models, "_cores", lambda: 2)
    render = models._render
    everything = len(parsed.model_names)

    def only_whole(job: Any) -> str:
        if len(job.names) < everything and job.names != ("WarmUp",):
            raise models.ModelsError("a chunk failed")  # in a forked process, too
        return render(job)

    monkeypatch.setattr(models, "_render", only_whole)
    assert models.render_models_cached(parsed, "synth", None, "toolchain") == (
        models.render_models(parsed, "synth")
    )


def test_an_edit_renders_only_its_chunk_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _synth(60)
    monkeypatch.setattr(modelchunks, "CHUNK_SCHEMAS", 12)
    monkeypatch.setattr(models, "_cores", lambda: 1)  # every render in this process: counted
    cache = tmp_path / "cache"
    (tmp_path / "a").mkdir()
    first = models.render_models_cached(_parsed(tmp_path / "a", document), "synth", cache, "t")
    chunks = len(list((cache / "models").iterdir()))
    assert chunks > 3

    document["components"]["schemas"]["Channel7"]["description"] = "Edited."
    (tmp_path / "b").mkdir()
    edited = _parsed(tmp_path / "b", document)
    rendered: list[tuple[str, ...]] = []
    render = models._render

    def counted(job: Any) -> str:
        rendered.append(job.names)
        return render(job)

    monkeypatch.setattr(models, "_render", counted)
    second = models.render_models_cached(edited, "synth", cache, "t")
    assert len(rendered) == 1 and "Channel7" in rendered[0]
    assert len(list((cache / "models").iterdir())) == chunks + 1
    assert second != first
    assert second == models.render_models_cached(edited, "synth", None, "t")
    rendered.clear()
    assert models.render_models_cached(edited, "synth", cache, "t") == second
    assert rendered == []  # every chunk from the cache


# -- forked ------------------------------------------------------------------------------------


def test_forked_returns_the_result_and_raises_what_the_child_raised() -> None:
    assert forked.start(sum, [1, 2, 3])() == 6

    def fails() -> None:
        raise ValueError("in the child")

    with pytest.raises(ValueError, match="in the child"):
        forked.start(fails)()


@pytest.mark.skipif(
    not forked.can_fork() or not Path("/proc/self/status").exists(),
    reason="needs fork and /proc",
)
def test_a_child_of_a_killed_parent_exits() -> None:
    """The parent is killed while its child computes a result larger than a pipe holds; the
    child's write then fails and it ends (an executor's worker would block for ever)."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, signal, time\n"
            "from generator import forked\n"
            "def big():\n"
            "    print(os.getpid(), flush=True)\n"
            "    time.sleep(1)\n"
            "    return 'x' * 10_000_000\n"
            "forked.start(big)\n"
            "time.sleep(0.3)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert parent.wait(timeout=30) == -signal.SIGKILL

    def running() -> bool:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            return False  # gone
        return "State:\tZ" not in status  # a zombie has ended; only its parent may reap it

    deadline = time.monotonic() + 20
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = running()
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive, "the child outlived its parent"
