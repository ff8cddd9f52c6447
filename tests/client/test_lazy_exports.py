"""The package root and the runtime core export their names lazily (PEP 562): every name is
there (``__all__``, ``dir()``, attribute access), and importing the package loads none of
the runtime's modules."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import cloudnet
import pytest
from cloudnet import _core

ROOT = Path(cloudnet.__file__).resolve().parent.parent


@pytest.mark.parametrize("module", [cloudnet, _core], ids=["package", "core"])
def test_every_exported_name_is_there(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    assert set(names) <= set(dir(module))
    for name in names:
        assert getattr(module, name) is not None
    with pytest.raises(AttributeError, match="has no attribute 'NotFoundErorr'"):
        getattr(module, "NotFoundErorr")  # noqa: B009 - the point is the lookup


def test_the_package_root_gives_the_core_objects() -> None:
    for name in cloudnet.__all__:
        if name != "__version__":
            assert getattr(cloudnet, name) is getattr(_core, name), name


def test_the_core_map_matches_the_imports_type_checkers_read() -> None:
    """``_MODULES`` (what runs) names the module of each import under TYPE_CHECKING (what
    type checkers and IDEs read), and nothing else."""
    tree = ast.parse(Path(_core.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    imported = {
        alias.asname or alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {name: module.lstrip(".") for name, module in _core._MODULES.items()}
    assert set(_core.__all__) <= set(imported)


def _loaded(statement: str) -> list[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_importing_the_package_loads_nothing_of_the_runtime() -> None:
    loaded = _loaded("import cloudnet")
    assert [m for m in loaded if m.startswith("cloudnet")] == ["cloudnet"]
    assert not [m for m in loaded if m.split(".")[0] in ("httpx", "pydantic")]
    errors = _loaded("from cloudnet import NotFoundError")
    assert "cloudnet._core._exceptions" in errors
    assert "cloudnet._core._client" not in errors and "cloudnet._core._models" not in errors
