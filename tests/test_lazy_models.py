"""Large APIs' models as a package of modules imported on first use (``generator/lazymodels``).

The split itself (groups, hubs, no import circles, every name kept), and the package it makes,
imported from the golden output of the features spec split into modules
(``tests/fixtures/golden/features-lazy``): importing the API loads no model a call has not
asked for, a name loads its own module only, and the client's calls get their models.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.render import RUNTIME_DIR
from generator.render.lazymodels import split

LAZY = Path(__file__).resolve().parent / "fixtures" / "golden" / "features-lazy" / "expected"
FEATURES = LAZY.parent.parent / "features" / "specs"

SOURCE = textwrap.dedent(
    """\
    from __future__ import annotations

    from pydantic import Field

    from pkg._core import Model, StrEnum, StrictStr


    class Owner(Model):
        id: StrictStr | None = None


    class AStatus(StrEnum):
        UP = "up"


    class A(Model):
        owner: Owner | None = None
        status: AStatus | None = None
        b: B | None = None


    class B(Model):
        a: A | None = None


    class C(Model):
        owner: Owner | None = None


    class D(Model):
        owner: Owner | None = None


    class E(Model):
        owner: Owner | None = None
        name: StrictStr = Field("x", description="a forward reference: 'C'")


    class F(Model):
        owner: Owner | None = None


    A.model_rebuild()
    Owner.model_rebuild()
    """
)


def _imports(source: str) -> set[str]:
    return {
        node.module
        for node in ast.parse(source).body
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 1
    }


def test_a_small_module_stays_one() -> None:
    assert split(SOURCE, minimum=9) is None
    assert split(SOURCE, minimum=8) is not None


def test_groups_hubs_and_statements_that_define_nothing() -> None:
    parts = split(SOURCE, minimum=1)
    assert parts is not None
    # A and B reference each other, and A AStatus: one module, named after its first model
    # that no other of its models uses (AStatus is used by A; A and B use each other: none is,
    # so the first).
    assert parts.where["A"] == parts.where["B"] == parts.where["AStatus"] == "_a_status"
    # Owner is referenced by more than the square root of the definitions: a hub, alone.
    hub = parts.where["Owner"]
    assert {name for name, module in parts.where.items() if module == hub} == {"Owner"}
    # A string that names a model counts as a (forward) reference: E and C are one group.
    assert parts.where["E"] == parts.where["C"]
    # The others only share the hub: each a module of its own, that imports the hub.
    assert len({parts.where[n] for n in "ACDF"}) == 4
    for name in "ACDF":
        assert _imports(parts.modules[parts.where[name]]) == {hub}
    # Every definition once, in exactly the module ``where`` names.
    for name, module in parts.where.items():
        defined = [
            node.name
            for text in parts.modules.values()
            for node in ast.parse(text).body
            if isinstance(node, ast.ClassDef) and node.name == name
        ]
        assert defined == [name]
        assert f"class {name}(" in parts.modules[module]
    # ``X.model_rebuild()`` runs in X's module, after X, hub or not.
    assert parts.modules[hub].index("Owner.model_rebuild()") > parts.modules[hub].index(
        "class Owner("
    )
    group = parts.modules[parts.where["A"]]
    assert group.index("A.model_rebuild()") > group.index("class B(")
    assert sum(text.count("model_rebuild()") for text in parts.modules.values()) == 2


def test_modules_never_import_each_other_in_a_circle() -> None:
    # B is a hub that references a model of a group that references B back: the two would
    # import each other, so they become one module.
    users = "\n\n".join(f"class U{i}(Model):\n    b: B | None = None" for i in range(6))
    source = (
        "from pkg._core import Model\n\n\n"
        "class A(Model):\n    b: B | None = None\n\n\n"
        "class B(Model):\n    a: A | None = None\n\n\n" + users + "\n"
    )
    parts = split(source, minimum=1)
    assert parts is not None
    graph = {m: {i.lstrip(".") for i in _imports(t)} for m, t in parts.modules.items()}
    seen: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import circle: {(*path, module)}"
        if module not in seen:
            seen.add(module)
            for other in graph[module]:
                visit(other, (*path, module))

    for module in graph:
        visit(module, ())
    assert parts.where["A"] == parts.where["B"]


_PROBE = """
import json, sys
import httpx
import golden.shop
from golden.shop import ShopClient

loaded = lambda: sorted(m.rsplit(".", 1)[1] for m in sys.modules if ".shop.models." in m)
out = {"after_import": loaded()}
answer = {"items": [{"name": "a", "parent": {"name": "b"}}], "total": 1}
mock = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
http = httpx.Client(transport=mock)
client = ShopClient(base_url="https://shop.test", http_client=http, auth=httpx.Auth())
out["after_construct"] = loaded()
page = client.list_items(tenant="t")
out["result"] = [type(page).__module__, type(page.items[0].parent).__name__]
out["after_call"] = loaded()
from golden.shop.models import ListItemsError
out["by_from_import"] = ListItemsError.__module__
out["dir"] = sorted(n for n in dir(golden.shop.models) if not n.startswith("_"))
out["all"] = sorted(golden.shop.models.__all__)
try:
    golden.shop.models.Nothing
except AttributeError as exc:
    out["missing"] = str(exc)
print(json.dumps(out))
"""


def test_the_package_loads_a_module_on_first_use_only(tmp_path: Path) -> None:
    shutil.copytree(LAZY, tmp_path, dirs_exist_ok=True)
    shutil.copytree(RUNTIME_DIR, tmp_path / "golden" / "_core")  # the golden leaves it out
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env={"PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # The client's operation table names the error bodies (a few shared ones): only those.
    assert out["after_import"] == ["_list_items_error", "_problem"]
    assert out["after_construct"] == out["after_import"]
    assert out["result"] == ["golden.shop.models._list_items_response", "Item"]
    assert out["after_call"] == ["_list_items_error", "_list_items_response", "_problem"]
    assert out["by_from_import"] == "golden.shop.models._list_items_error"
    names = ["Item", "ItemKind", "ItemLevel", "ListItemsError", "ListItemsResponse", "Problem"]
    assert out["all"] == names
    assert set(names) <= set(out["dir"])
    assert out["missing"] == "module 'golden.shop.models' has no attribute 'Nothing'"


def test_the_models_are_parsed_once_for_the_enums_and_the_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading the enums and splitting the module share one syntax tree (parsing the models
    of a 1,000-operation API takes a quarter of a second); the split is what it is alone."""
    from generator.ir.parse import parse_api
    from generator.openapi.documents import api_documents
    from generator.openapi.tree import SpecTree
    from generator.render import render_model_files
    from generator.render.models import render_models

    tree = SpecTree.load(FEATURES)
    parsed = parse_api(tree, next(iter(api_documents(tree))))
    source = render_models(parsed, "golden")
    alone = split(source, minimum=1)
    parses: list[str] = []
    real = ast.parse

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        parses.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    made = render_model_files(parsed.api, "golden", source, lazy_models=1)
    assert len(parses) == 1
    assert alone is not None and made.lazy_names == frozenset(alone.where)
