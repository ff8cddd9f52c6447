"""Validation with a cache (``checks/memo.py``): the parts of a document found clean before are
not checked again, and the diagnostics are still exactly those of a validation without one,
whatever was edited: the edited path item, an unchanged one that a component edit breaks, an
operationId that an edit makes a duplicate, an example whose schema changed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.checks import structure
from generator.diagnostics import format_diagnostic
from generator.openapi.tree import SpecTree
from generator.validate import check_tree

from .test_broken_specs import CASES


def _report(root: Path, cache: Path | None) -> list[str]:
    result = check_tree(SpecTree.load(root), cache)
    return [format_diagnostic(d, relative_to=root) for d in result.diagnostics]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_spec_reports_the_same_with_a_cache(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert _report(case, tmp_path) == expected  # cold
    assert _report(case, tmp_path) == expected  # warm


def _operation(op_id: str, param: str | None = None) -> dict[str, Any]:
    response = {
        "description": "OK",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "example": {"name": "a"},
            }
        },
    }
    op: dict[str, Any] = {"operationId": op_id, "responses": {"200": response}}
    if param:
        op["parameters"] = [{"$ref": f"#/components/parameters/{param}"}]
    return {"get": op}


def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {f"/things{i}": _operation(f"list{i}") for i in range(5)}
        | {"/filtered": _operation("filtered", "Filter")},
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}},
            "parameters": {
                "Filter": {"name": "filter", "in": "query", "schema": {"type": "string"}}
            },
        },
    }


def test_each_edit_reports_what_a_validation_without_a_cache_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = tmp_path / "specs", tmp_path / "cache"
    root.mkdir()
    spec = root / "api.yaml"
    walked: list[list[str]] = []
    real = structure._validate

    def spy(file: Any, version: Any, document: Any = None) -> Any:
        walked.append(list((document or file.written)["paths"]))
        return real(file, version, document)

    monkeypatch.setattr(structure, "_validate", spy)

    def step(doc: dict[str, Any]) -> list[str]:
        """The report with the cache; ``walked`` then holds the path items it walked (one
        list per validation: none when every part was known clean)."""
        spec.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        walked.clear()
        cached = _report(root, cache)
        seen = list(walked)
        assert cached == _report(root, None), doc
        walked[:] = seen or [[]]
        return cached

    doc = _document()
    assert step(doc) == []
    assert walked[0] == list(doc["paths"])  # cold: the whole document
    assert step(doc) == [] and walked[0] == []  # warm: no path item walked again

    # One path item edited: it alone is walked; its error is reported.
    broken = copy.deepcopy(doc)
    broken["paths"]["/things1"]["get"]["parameters"] = 5
    assert step(broken)
    assert walked[0] == ["/things1"]
    # Put back: its text as it was is known clean already.
    assert step(doc) == [] and walked[0] == []

    # An edit makes an operationId a duplicate of an unchanged one's.
    twin = copy.deepcopy(doc)
    twin["paths"]["/things3"]["get"]["operationId"] = "list0"
    assert any("oas-duplicate-operation-id" in line for line in step(twin))

    # A component edit breaks an unchanged path item: every item is walked again.
    assert step(doc) == []
    moved = copy.deepcopy(doc)
    moved["components"]["parameters"]["Filter"]["in"] = "path"
    moved["components"]["parameters"]["Filter"]["required"] = True
    assert any("Path parameter 'filter'" in line for line in step(moved))
    assert walked[0] == list(doc["paths"])

    # An unchanged example whose schema changed is checked again.
    assert step(doc) == []
    typed = copy.deepcopy(doc)
    typed["components"]["schemas"]["Thing"]["properties"]["name"] = {"type": "integer"}
    assert sum("example-invalid" in line for line in step(typed)) == 6
    assert step(doc) == []


def test_a_reference_into_paths_validates_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``/b`` takes ``/a``'s parameters: an edit of ``/a`` can break ``/b``, so a document that
    refers into its own ``paths`` is never checked in parts."""
    root, cache = tmp_path / "specs", tmp_path / "cache"
    root.mkdir()
    doc = _document()
    doc["paths"]["/a/{id}"] = {
        "get": {
            "operationId": "a",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"204": {"description": "none"}},
        }
    }
    doc["paths"]["/b/{id}"] = {
        "get": {
            "operationId": "b",
            "parameters": [{"$ref": "#/paths/~1a~1{id}/get/parameters/0"}],
            "responses": {"204": {"description": "none"}},
        }
    }
    (root / "api.yaml").write_text(json.dumps(doc), encoding="utf-8")
    assert _report(root, cache) == _report(root, None) == []  # known clean from here on
    walked: list[int] = []
    real = structure._validate

    def spy(file: Any, version: Any, document: Any = None) -> Any:
        walked.append(len((document or file.written)["paths"]))
        return real(file, version, document)

    monkeypatch.setattr(structure, "_validate", spy)
    doc["paths"]["/a/{id}"]["get"]["parameters"][0]["name"] = "other"
    (root / "api.yaml").write_text(json.dumps(doc), encoding="utf-8")
    report = _report(root, cache)
    assert report == _report(root, None)
    assert any("/b/{id}" in line for line in report), report
    assert walked[0] == len(doc["paths"])


def test_path_items_written_in_other_files_validate_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path item written in another file may share an operationId with one written here;
    the document's text does not show it, so such a document is never checked in parts."""
    root, cache = tmp_path / "specs", tmp_path / "cache"
    root.mkdir()
    doc = _document()
    doc["paths"]["/other"] = {"$ref": "other.yaml"}

    def other(op_id: str) -> str:
        text = json.dumps(_operation(op_id))
        return text.replace('"#/components/', '"api.yaml#/components/')

    (root / "other.yaml").write_text(other("other"), encoding="utf-8")
    (root / "api.yaml").write_text(json.dumps(doc), encoding="utf-8")
    assert _report(root, cache) == _report(root, None) == []
    # An inline path item takes the other file's operationId: only this document changed.
    doc["paths"]["/things3"]["get"]["operationId"] = "other"
    (root / "api.yaml").write_text(json.dumps(doc), encoding="utf-8")
    report = _report(root, cache)
    assert report == _report(root, None)
    assert any("oas-duplicate-operation-id" in line for line in report), report
