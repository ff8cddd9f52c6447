"""`specgen diff`: $refs across files, cycles, positions, git revisions, the command line and
its three formats, and properties of the comparison on generated documents."""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.diff import Change, compare, diff_sides, load_dir, load_git
from generator.diff.sides import ApiDoc, Side, snapshot_side, snapshot_text
from tests.conftest import examples

from .diff_cases import document, get, obj, with_body, with_param, with_response, write

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"


def _ids(changes: list[Change]) -> list[str]:
    return [c.rule_id for c in changes]


def _side(doc: dict[str, Any]) -> Side:
    return Side("mem", {"api": ApiDoc(copy.deepcopy(doc))})


@contextlib.contextmanager
def _every_api_walked() -> Iterator[list[str]]:
    """Inside: diff_sides walks every API with its rules, the unchanged ones too (its shortcut
    for an API that is the same on both sides, ``compare._same``, is turned off). Yields the
    keys of the APIs walked, so a test can tell that the rules did run.

    Without this, a diff of a document against an equal one reports nothing because nothing is
    compared, and "no change against itself" could not fail."""
    walked: list[str] = []
    real_run = compare._ApiDiff.run

    def run(self: compare._ApiDiff) -> None:
        walked.append(self.key)
        real_run(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compare, "_same", lambda _a, _b: False)
        patch.setattr(compare._ApiDiff, "run", run)
        yield walked


# -- the real specs -----------------------------------------------------------------------------


def test_the_specs_against_themselves_and_their_snapshot() -> None:
    """Every rule runs over every API of the specs against a second load of them and against
    their snapshot (JSON text read back, no positions): none reports a change."""
    side = load_dir(SPECS)
    assert len(side.apis) == 5
    with _every_api_walked() as walked:
        assert diff_sides(side, load_dir(SPECS)) == []
        assert diff_sides(snapshot_side(snapshot_text(side), "snapshot"), side) == []
    assert walked == sorted(side.apis) * 2


def test_the_walk_over_equal_specs_sees_a_one_word_change() -> None:
    """The walk the test above relies on does compare the real specs: the same sides with one
    description changed report exactly that."""
    side = load_dir(SPECS)
    edited = snapshot_side(snapshot_text(side), "edited")
    key = sorted(edited.apis)[0]
    route, item = next(iter(edited.apis[key].document["paths"].items()))
    method, op = next((m, o) for m, o in item.items() if isinstance(o, dict) and "responses" in o)
    op["description"] = str(op.get("description", "")) + " Edited."
    with _every_api_walked() as walked:
        changes = diff_sides(side, edited)
    assert walked == sorted(side.apis)
    assert [(c.api, c.rule_id) for c in changes] == [(key, "description-changed")], changes
    assert changes[0].operation.startswith(f"{method.upper()} {route} (")


# -- $ref across files, cycles ------------------------------------------------------------------

API_WITH_REF = {
    "openapi": "3.1.0",
    "info": {"title": "T", "version": "1"},
    "paths": {
        "/x": {
            "get": {
                "operationId": "op",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "./common.yaml#/components/schemas/Thing"}
                            }
                        },
                    }
                },
            }
        }
    },
}

COMMON = """openapi: 3.1.0
info: {title: C, version: "1"}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id:
          type: %s
        parent:
          $ref: "#/components/schemas/Thing"
"""


def test_a_change_in_another_file_is_followed_and_located_there(tmp_path: Path) -> None:
    base = write(tmp_path / "base", {"api.yaml": API_WITH_REF, "common.yaml": COMMON % "string"})
    head = write(tmp_path / "head", {"api.yaml": API_WITH_REF, "common.yaml": COMMON % "integer"})
    changes = diff_sides(load_dir(base), load_dir(head))
    assert _ids(changes) == ["response-property-type-changed"]
    change = changes[0]
    assert change.message.endswith("field `id`: type string -> integer")
    assert change.file.endswith("head/common.yaml")
    assert (change.line, change.col) == (10, 11)  # the schema of `id` in head's common.yaml
    assert change.operation == "GET /x (op)"


def test_a_cyclic_schema_is_walked_once(tmp_path: Path) -> None:
    """Thing.parent is a Thing: the walk ends, and the change inside is reported once."""
    base = write(tmp_path / "base", {"api.yaml": API_WITH_REF, "common.yaml": COMMON % "string"})
    head = write(tmp_path / "head", {"api.yaml": API_WITH_REF, "common.yaml": COMMON % "number"})
    changes = diff_sides(load_dir(base), load_dir(head))
    assert _ids(changes) == ["response-property-type-changed"]


def test_a_cycle_through_two_schemas_and_a_change_deep_inside(tmp_path: Path) -> None:
    def doc(kind: str) -> dict[str, Any]:
        return {
            **with_response({"$ref": "#/components/schemas/A"}),
            "components": {
                "schemas": {
                    "A": obj({"b": {"$ref": "#/components/schemas/B"}}),
                    "B": obj({"a": {"$ref": "#/components/schemas/A"}, "n": {"type": kind}}),
                }
            },
        }

    changes = diff_sides(_side(doc("string")), _side(doc("boolean")))
    assert _ids(changes) == ["response-property-type-changed"]
    assert "field `b.n`" in changes[0].message


def test_removal_is_located_in_base(tmp_path: Path) -> None:
    base = write(tmp_path / "b", {"api.yaml": with_response(obj({"f": {"type": "string"}}))})
    head = write(tmp_path / "h", {"api.yaml": with_response(obj({}))})
    [change] = diff_sides(load_dir(base), load_dir(head))
    assert change.rule_id == "response-optional-property-removed"
    assert change.file.endswith("b/api.yaml")


def test_a_schema_in_a_request_and_a_response_is_judged_in_each() -> None:
    def doc(values: list[str]) -> dict[str, Any]:
        enum = {"type": "string", "enum": values}
        d = document(
            {
                "/x": {
                    "post": {
                        "operationId": "op",
                        "requestBody": {
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/E"}}
                            }
                        },
                        "responses": {
                            "200": {
                                "description": "OK",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/E"}
                                    }
                                },
                            }
                        },
                    }
                }
            }
        )
        d["components"] = {"schemas": {"E": enum}}
        return d

    added = diff_sides(_side(doc(["a"])), _side(doc(["a", "b"])))
    assert sorted((c.rule_id, c.severity.value) for c in added) == [
        ("request-property-enum-value-added", "non-breaking"),
        ("response-property-enum-value-added", "breaking"),
    ]
    removed = diff_sides(_side(doc(["a", "b"])), _side(doc(["a"])))
    assert sorted((c.rule_id, c.severity.value) for c in removed) == [
        ("request-property-enum-value-removed", "breaking"),
        ("response-property-enum-value-removed", "non-breaking"),
    ]


def test_moved_operation_is_matched_by_operation_id_and_compared() -> None:
    base = with_param()
    head = copy.deepcopy(base)
    head["paths"]["/y"] = {"post": head["paths"].pop("/x")["get"]}
    head["paths"]["/y"]["post"]["parameters"][0]["required"] = True
    assert sorted(_ids(diff_sides(_side(base), _side(head)))) == [
        "api-method-changed",
        "api-path-changed",
        "request-parameter-became-required",
    ]


def test_a_renamed_path_parameter_is_a_rename_not_a_new_path() -> None:
    def doc(name: str) -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        return document(
            {f"/v/{{{name}}}": {"get": {**get()["paths"]["/x"]["get"], "parameters": [param]}}}
        )

    changes = diff_sides(_side(doc("id")), _side(doc("vid")))
    assert _ids(changes) == ["request-parameter-renamed"]
    assert changes[0].message == "parameter `id` (path) renamed to `vid`"


def test_all_of_parts_are_merged() -> None:
    def doc(extra: dict[str, Any]) -> dict[str, Any]:
        return with_body(
            {"allOf": [obj({"a": {"type": "string"}}), obj({"b": {"type": "string"}, **extra})]}
        )

    changes = diff_sides(_side(doc({})), _side(doc({"c": {"type": "string"}})))
    assert _ids(changes) == ["new-optional-request-property"]


def test_security_anonymous_access_removed_is_breaking() -> None:
    head = {
        **get(),
        "security": [{"A": []}],
        "components": {"securitySchemes": {"A": {"type": "http", "scheme": "bearer"}}},
    }
    changes = diff_sides(_side(get()), _side(head))
    assert sorted((c.rule_id, c.severity.value) for c in changes) == [
        ("api-security-added", "non-breaking"),
        ("api-security-removed", "breaking"),
    ]
    assert "anonymous" in next(c for c in changes if c.rule_id == "api-security-removed").message


# -- git revisions ------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with specs/api.yaml committed, and a breaking edit in the work tree."""
    root = tmp_path / "repo"
    write(root / "specs", {"api.yaml": with_param()})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    write(root / "specs", {"api.yaml": with_param(required=True)})
    return root


def test_a_git_revision_is_read_without_touching_the_work_tree(repo: Path) -> None:
    old = load_git("HEAD", repo / "specs")
    new = load_dir(repo / "specs")
    [change] = diff_sides(old, new)
    assert change.rule_id == "request-parameter-became-required"
    assert json.loads((repo / "specs" / "api.yaml").read_text())["paths"]["/x"]["get"][
        "parameters"
    ][0]["required"]
    # A removal is located in the revision, as REV:path.
    [gone] = diff_sides(new, old)
    assert gone.rule_id == "request-parameter-became-optional"
    assert gone.file == "HEAD:specs/api.yaml"
    assert gone.line > 0


def test_cli_exit_codes_and_formats(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    runner = CliRunner()
    text = runner.invoke(main, ["diff", "HEAD"])
    assert text.exit_code == 1, text.output
    assert "specs/api.yaml:1:1" not in text.output  # located at the parameter, not the file start
    assert "breaking: request-parameter-became-required: api GET /x (op): " in text.output
    assert text.output.endswith("1 breaking, 0 non-breaking, 0 info change from HEAD to specs\n")
    assert runner.invoke(main, ["diff", "HEAD", "--allow-breaking"]).exit_code == 0
    md = runner.invoke(main, ["diff", "HEAD", "--format", "markdown"])
    assert md.exit_code == 1
    assert "#### Breaking changes (1)" in md.output
    assert "| `request-parameter-became-required` | api | GET /x (op) |" in md.output
    js = runner.invoke(main, ["diff", "HEAD", "--format", "json"])
    payload = json.loads(js.output)
    assert payload["summary"] == {"breaking": 1, "non-breaking": 0, "info": 0}
    assert payload["changes"][0]["id"] == "request-parameter-became-required"
    assert payload["changes"][0]["file"] == "specs/api.yaml"
    # Same revision on both sides: nothing, exit 0.
    same = runner.invoke(main, ["diff", "HEAD", "HEAD"])
    assert same.exit_code == 0 and same.output.startswith("0 breaking")
    # Two folders.
    (repo / "copy").mkdir()
    write(repo / "copy", {"api.yaml": with_param(required=True)})
    assert runner.invoke(main, ["diff", "copy", "specs"]).exit_code == 0
    # Not a folder nor a revision; a folder with a broken file.
    bad = runner.invoke(main, ["diff", "no-such-ref"])
    assert bad.exit_code == 2
    write(repo / "broken", {"api.yaml": "paths: [\n"})
    assert runner.invoke(main, ["diff", "broken"]).exit_code == 2


def test_non_breaking_changes_exit_zero(tmp_path: Path) -> None:
    base = write(tmp_path / "b", {"api.yaml": get()})
    head = write(tmp_path / "h", {"api.yaml": with_param()})
    done = CliRunner().invoke(main, ["diff", str(base), str(head)])
    assert done.exit_code == 0
    assert "non-breaking: new-optional-request-parameter" in done.output


# -- properties ---------------------------------------------------------------------------------

_NAMES = st.sampled_from(["a", "b", "c", "d"])


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["string", ["string", "null"]])},
            optional={
                "enum": st.lists(
                    st.sampled_from(["x", "y", "z"]), min_size=1, max_size=3, unique=True
                ),
                "maxLength": st.integers(1, 5),
                "minLength": st.integers(0, 3),
                "pattern": st.sampled_from(["^a", "^b"]),
                "format": st.sampled_from(["date-time", "uuid"]),
                "default": st.sampled_from(["x", "y"]),
                "description": st.sampled_from(["one", "two"]),
            },
        ),
        st.fixed_dictionaries(
            {"type": st.sampled_from(["integer", "number"])},
            optional={
                "maximum": st.integers(0, 9),
                "minimum": st.integers(0, 9),
                "exclusiveMaximum": st.integers(0, 9),
            },
        ),
    )


_SCHEMAS = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        st.builds(
            lambda props, req: obj(props, sorted(set(req) & set(props))),
            st.dictionaries(_NAMES, inner, max_size=3),
            st.lists(_NAMES, max_size=3),
        ),
        st.fixed_dictionaries({"type": st.just("array"), "items": inner}),
        st.fixed_dictionaries(
            {"oneOf": st.lists(inner, min_size=1, max_size=3)},
        ),
    ),
    max_leaves=8,
)
_PLACES = st.sampled_from(
    [lambda s: with_param(s), lambda s: with_body(s), lambda s: with_response(s)]
)


@settings(
    max_examples=examples(50, 150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(_SCHEMAS, _PLACES)
def test_a_document_has_no_change_against_itself(schema: Any, place: Any) -> None:
    """Walked by every rule (not skipped as unchanged), an equal copy reports nothing."""
    doc = place(schema)
    with _every_api_walked() as walked:
        assert diff_sides(_side(doc), _side(doc)) == []
    assert walked == ["api"]


_INVERSE = {
    "enum-value-added": "enum-value-removed",
    "became-nullable": "became-not-nullable",
    "became-enum": "became-not-enum",
    "pattern-added": "pattern-removed",
    "max-decreased": "max-increased",
    "min-increased": "min-decreased",
    "max-length-decreased": "max-length-increased",
    "min-length-increased": "min-length-decreased",
    "one-of-added": "one-of-removed",
    "response-optional-property-added": "response-optional-property-removed",
    "response-required-property-added": "response-required-property-removed",
    "request-property-became-required": "request-property-became-optional",
    "response-property-became-required": "response-property-became-optional",
}
_INVERSE.update({v: k for k, v in _INVERSE.items()})


def _stem(rule_id: str) -> tuple[str, str]:
    if rule_id == "response-optional-property-became-nullable":
        # the same change as response-property-became-nullable, judged for an optional field
        # (its undoing is response-property-became-not-nullable either way)
        return "response-property-", "became-nullable"
    for context in ("request-parameter-", "request-property-", "response-property-"):
        if rule_id.startswith(context) and rule_id[len(context) :] in _INVERSE:
            return context, rule_id[len(context) :]
    return "", rule_id


@settings(
    max_examples=examples(50, 150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(_SCHEMAS, _SCHEMAS, _PLACES)
def test_a_change_and_its_undoing_mirror_each_other(a: Any, b: Any, place: Any) -> None:
    """What diff(A, B) reports as added, diff(B, A) reports as removed, as often."""
    forward = diff_sides(_side(place(a)), _side(place(b)))
    backward = diff_sides(_side(place(b)), _side(place(a)))
    assert (forward == []) == (backward == [])
    count_fwd: dict[tuple[str, str], int] = {}
    count_back: dict[tuple[str, str], int] = {}
    for change in forward:
        context, stem = _stem(change.rule_id)
        if stem in _INVERSE:
            key = (context, _INVERSE[stem])
            count_fwd[key] = count_fwd.get(key, 0) + 1
    for change in backward:
        context, stem = _stem(change.rule_id)
        if stem in _INVERSE:
            count_back[(context, stem)] = count_back.get((context, stem), 0) + 1
    assert count_fwd == count_back


def test_the_items_of_an_array_parameter_are_judged_as_the_parameter() -> None:
    def doc(values: list[str]) -> dict[str, Any]:
        return with_param({"type": "array", "items": {"type": "string", "enum": values}})

    [change] = diff_sides(_side(doc(["a", "b"])), _side(doc(["a"])))
    assert change.rule_id == "request-parameter-enum-value-removed"
    assert change.message == "parameter `p` (query), field `[]`: value `b` removed"


# -- schemas moved between inline and components (the model class name) ------------------------


def _inner(schema: dict[str, Any], components: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = with_response(obj({"inner": schema}))
    if components:
        doc["components"] = {"schemas": components}
    return doc


_INNER = obj({"c": {"type": "string"}})


@pytest.mark.parametrize(
    ("name", "renamed"),
    [("Inner", True), ("OpResponseInner", False)],  # the class of `inner` is OpResponseInner
)
def test_an_inline_object_moved_to_a_component_renames_its_class_unless_named_alike(
    name: str, renamed: bool
) -> None:
    inline = _inner(_INNER)
    moved = _inner({"$ref": f"#/components/schemas/{name}"}, {name: _INNER})
    forward = {c.rule_id for c in diff_sides(_side(inline), _side(moved))}
    back = {c.rule_id for c in diff_sides(_side(moved), _side(inline))}
    assert forward == {"api-schema-added"} | (
        {"api-schema-moved-to-component"} if renamed else set()
    )
    assert back == {"api-schema-removed"} | ({"api-schema-moved-inline"} if renamed else set())


def test_a_plain_value_moved_to_a_component_has_no_class_to_rename() -> None:
    """A string field makes no class of its own; moved to a component, no class is renamed
    (the component's own class is new: api-schema-added)."""
    inline = _inner({"type": "string"})
    moved = _inner({"$ref": "#/components/schemas/Name"}, {"Name": {"type": "string"}})
    assert _ids(diff_sides(_side(inline), _side(moved))) == ["api-schema-added"]


def test_a_change_inside_a_mapped_schema_is_reported_once() -> None:
    """The discriminator's mapped schemas are the oneOf's: a change in one is walked once."""

    def doc(kind: str) -> dict[str, Any]:
        union = {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Cat"},
            },
        }
        d = with_response(union)
        d["components"] = {
            "schemas": {"Cat": obj({"kind": {"type": "string"}, "n": {"type": kind}})}
        }
        return d

    changes = diff_sides(_side(doc("string")), _side(doc("integer")))
    assert _ids(changes) == ["response-property-type-changed"]


def test_a_schema_shared_by_a_required_and_an_optional_field() -> None:
    """Null allowed in a schema two fields share is judged per field (breaking for the
    required one only); any other change in it is reported once."""

    def doc(thing: dict[str, Any]) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/Thing"}
        d = with_response(obj({"a": ref, "b": ref}, ["a"]))
        d["components"] = {"schemas": {"Thing": thing}}
        return d

    nullable = diff_sides(_side(doc({"type": "string"})), _side(doc({"type": ["string", "null"]})))
    assert sorted((c.rule_id, c.severity.value) for c in nullable) == [
        ("response-optional-property-became-nullable", "non-breaking"),
        ("response-property-became-nullable", "breaking"),
    ]
    other = diff_sides(
        _side(doc({"type": "string"})), _side(doc({"type": "string", "format": "date-time"}))
    )
    assert _ids(other) == ["response-property-format-changed"]


def test_an_object_inside_a_component_is_named_after_the_component() -> None:
    """`Box.inner` is class BoxInner wherever Box is used: moved to a component `BoxInner`,
    its class keeps its name; to `Inner`, it is renamed."""

    def doc(inner: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        d = with_response(obj({"box": {"$ref": "#/components/schemas/Box"}}))
        d["components"] = {"schemas": {"Box": obj({"inner": inner}), **extra}}
        return d

    def moved(name: str) -> set[str]:
        head = doc({"$ref": f"#/components/schemas/{name}"}, {name: _INNER})
        return {c.rule_id for c in diff_sides(_side(doc(_INNER, {})), _side(head))}

    assert moved("BoxInner") == {"api-schema-added"}
    assert moved("Inner") == {"api-schema-added", "api-schema-moved-to-component"}


# -- operations left as they were ---------------------------------------------------------------


def _three_operations(b_type: str = "string", summary: str = "B") -> dict[str, Any]:
    def op(name: str, schema: Any, summary: str = "") -> dict[str, Any]:
        response = {"description": "OK", "content": {"application/json": {"schema": schema}}}
        return {"get": {"operationId": name, "summary": summary, "responses": {"200": response}}}

    return document(
        {
            "/a": op(
                "a", {"$ref": "#/paths/~1b/get/responses/200/content/application~1json/schema"}
            ),
            "/b": op("b", {"type": b_type}, summary),
            "/c": op("c", {"$ref": "#/components/schemas/C"}),
        },
        components={"schemas": {"C": {"type": "object"}}},
    )


def test_an_unchanged_operation_is_not_walked_and_its_references_still_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An operation whose text is the same in an unchanged rest of the document is not walked
    by the rules (``compare._unchanged``), unless a reference of its points outside the
    components: ``/a`` takes ``/b``'s response schema, so an edit of ``/b`` changes ``/a`` too."""
    walked: list[str] = []
    real_run = compare._OpDiff.run

    def run(self: compare._OpDiff) -> None:
        walked.append(self.h.path)
        real_run(self)

    monkeypatch.setattr(compare._OpDiff, "run", run)
    base = _side(_three_operations())
    changes = diff_sides(base, _side(_three_operations(summary="B, edited")))
    assert [(c.operation, c.rule_id) for c in changes] == [("GET /b (b)", "description-changed")]
    assert walked == ["/a", "/b"]  # /c is the same text with references into the components
    walked.clear()
    changes = diff_sides(base, _side(_three_operations(b_type="integer")))
    assert {c.operation for c in changes} == {"GET /a (a)", "GET /b (b)"}
    # A component's change reaches the operation that refers to it, though its text is equal.
    walked.clear()
    head = _three_operations()
    head["components"]["schemas"]["C"] = {"type": "string"}
    changes = diff_sides(base, _side(head))
    assert "GET /c (c)" in {c.operation for c in changes}
    assert walked == ["/a", "/b", "/c"]


_KEYS = st.one_of(st.text(), st.integers(), st.booleans(), st.none())
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
    lambda inner: st.one_of(st.lists(inner), st.dictionaries(_KEYS, inner)),
    max_leaves=30,
)


@settings(max_examples=examples(20, 300), deadline=None)
@given(st.dictionaries(st.text(), st.dictionaries(_KEYS, _VALUES), max_size=3))
def test_the_snapshot_reads_back_as_written(apis: dict[str, dict[Any, Any]]) -> None:
    """The snapshot's own layout (an operation or a schema a line) holds any document: YAML's
    integer, boolean and null keys come back as JSON writes them."""
    side = Side("mem", {key: ApiDoc(doc) for key, doc in apis.items()})
    text = snapshot_text(side)
    assert text.isascii()
    back = snapshot_side(text, "snapshot")
    assert {k: d.document for k, d in back.apis.items()} == json.loads(
        json.dumps({k: d.document for k, d in side.apis.items()})
    )


def test_the_snapshot_has_an_operation_a_line() -> None:
    doc = document(
        {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "x"}}}}}
    )
    text = snapshot_text(_side(doc))
    line = '     "get": {"operationId": "a", "responses": {"200": {"description": "x"}}}'
    assert line in text.splitlines()
