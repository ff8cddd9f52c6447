"""The five vendor specs: clean, every example valid, and every example guarded by its schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.checks import Example, collect_examples
from generator.checks.examples import validate_example
from generator.diagnostics import format_diagnostic
from generator.openapi.tree import SpecTree
from generator.validate import validate_tree

from .specs_inventory import PAGES, SEEDS, SPECS, page_field_names, spec_names

API_FILES = sorted(PAGES.values())


def test_specs_validate_without_any_diagnostic() -> None:
    result = validate_tree(SPECS)
    assert [format_diagnostic(d) for d in result.diagnostics] == []
    assert len(result.tree.files) == len(API_FILES) + 3  # plus one common file per vendor


@pytest.fixture(scope="module")
def loaded() -> tuple[SpecTree, list[Example]]:
    """The specs and their examples, read once for the module (a test that changes an example
    puts it back before it asserts)."""
    tree = SpecTree.load(SPECS)
    return tree, collect_examples(tree)


@pytest.mark.parametrize("api", API_FILES)
def test_every_operation_has_a_success_example(
    api: str, loaded: tuple[SpecTree, list[Example]]
) -> None:
    tree, examples = loaded
    doc = tree.files[(SPECS / api).resolve()]
    operations = [
        (route, method)
        for route, item in doc.data["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert operations
    for route, method in operations:
        prefix = ("paths", route, method, "responses")
        ok = [
            e
            for e in examples
            if e.file is doc
            and e.path[: len(prefix)] == prefix
            and str(e.path[len(prefix)])[0] == "2"
        ]
        assert ok, f"{api} {method.upper()} {route} has no 2xx example"


def _leaves(
    value: Any, path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [] if value is None else [(path, value)]


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "not-a-number"
    return 12345


def _set(container: Any, path: tuple[str | int, ...], value: Any) -> Any:
    *head, last = path
    for part in head:
        container = container[part]
    old = container[last]
    container[last] = value
    return old


def _example_ids() -> list[Example]:
    return collect_examples(SpecTree.load(SPECS))


EXAMPLES = _example_ids()


@pytest.mark.parametrize(
    "index",
    range(len(EXAMPLES)),
    ids=[f"{e.file.path.parent.name}/{e.file.path.name}:{e.what}" for e in EXAMPLES],
)
def test_changing_any_value_of_an_example_breaks_it(
    index: int, loaded: tuple[SpecTree, list[Example]]
) -> None:
    """Every scalar in every example is guarded: give it the wrong type and validation fails,
    pointing at that value's own line."""
    tree, examples = loaded
    example = examples[index]
    assert validate_example(tree, example) == []
    leaves = _leaves(example.value)
    assert leaves or example.value is None
    holder = example.file.data
    for part in example.path[:-1]:
        holder = holder[part]
    for leaf_path, original in leaves:
        full = (*example.path, *leaf_path)
        if leaf_path:
            _set(holder[example.path[-1]], leaf_path, _wrong_type(original))
        else:
            holder[example.path[-1]] = _wrong_type(original)
        mutated = Example(
            example.file,
            example.path,
            holder[example.path[-1]],
            example.schema_file,
            example.schema_path,
            example.what,
        )
        diags = validate_example(tree, mutated)
        if leaf_path:
            _set(holder[example.path[-1]], leaf_path, original)
        else:
            holder[example.path[-1]] = original
        assert diags, f"{example.what}: changing {'/'.join(map(str, leaf_path))} went unnoticed"
        expected = example.file.location(full)
        assert any(d.location == expected and d.rule == "example-invalid" for d in diags), diags


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds (the vendor pages) is not beside the repo"
)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_field_on_the_vendor_page_is_in_the_spec(
    page: str, loaded: tuple[SpecTree, list[Example]]
) -> None:
    on_page = page_field_names(page)
    assert len(on_page) >= 3, f"the page parser found too little on {page}: {on_page}"
    tree = loaded[0]
    doc = tree.files[(SPECS / PAGES[page]).resolve()]
    missing = on_page - spec_names(tree, doc)
    assert not missing, f"{PAGES[page]} lacks {sorted(missing)} from {page}"


def test_seed_pages_are_mapped_to_existing_specs() -> None:
    for api in PAGES.values():
        assert Path(SPECS / api).is_file(), api
