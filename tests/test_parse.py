"""Parsing an API into the IR leaves the bundled document as it was bundled: the changelog's diff
and the spec snapshot read it after the IR is made, and the parser adds the request bodies it
hoists into components, and renames schemas to class names, in documents of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ir.parse import parse_api
from generator.openapi.bundle import bundle_document
from generator.openapi.documents import api_documents
from generator.openapi.tree import SpecTree

from .specs_inventory import SPECS

REALWORLD = Path(__file__).parent / "fixtures" / "realworld"
TREES = [SPECS, *sorted(p for p in REALWORLD.iterdir() if p.is_dir() and p.name != "negative")]

# A schema whose key is no class name (renamed), and an inline body (hoisted).
RENAMED = """\
openapi: 3.1.0
info: {title: Renamed, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/thing-body"}
components:
  schemas:
    thing-body:
      type: object
      properties:
        id: {type: string}
"""


def _assert_bundle_untouched(root: Path) -> int:
    """Parse every API of ``root``, checking each bundle against a fresh one; how many of the
    APIs had schemas added or renamed by the parser (the case the check is about)."""
    tree = SpecTree.load(root)
    added = 0
    for file in api_documents(tree):
        made = parse_api(tree, file)
        assert made.bundle.document == bundle_document(tree, file).document, file.path
        bundled = made.bundle.document.get("components", {}).get("schemas", {})
        added += bool(set(made.model_names) - set(bundled))
    return added


@pytest.mark.parametrize("root", TREES, ids=lambda p: p.name)
def test_parsing_leaves_the_bundled_document_as_bundled(root: Path) -> None:
    _assert_bundle_untouched(root)


def test_the_trees_hoist_bodies_so_the_check_above_means_something() -> None:
    assert sum(_assert_bundle_untouched(root) for root in TREES) >= 3


def test_a_renamed_schema_and_a_hoisted_body_stay_out_of_the_bundle(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(RENAMED, encoding="utf-8")
    assert _assert_bundle_untouched(tmp_path) == 1
    tree = SpecTree.load(tmp_path)
    parsed = parse_api(tree, *api_documents(tree))
    assert "ThingBody" in parsed.model_names and "thing-body" not in parsed.model_names
    assert "thing-body" in parsed.bundle.document["components"]["schemas"]
