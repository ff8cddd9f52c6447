"""`pip install .` of the toolchain alone runs every subcommand: each package of generator/ is
in the wheel, the templates too, and every library the toolchain imports is a dependency (not
only a dev one). The toolchain hash covers exactly what shapes the output."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from generator import generate

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _closure(names: set[str]) -> set[str]:
    """``names`` and everything they require, by installed metadata."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # a requirement for other Pythons (its marker is not met here)
        for req in requires:
            if "extra ==" not in req:
                todo.append(_name(req))
    return seen


def test_every_package_and_the_templates_are_in_the_wheel() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    packages = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in GENERATOR.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert packages <= listed, f"not in [tool.setuptools] packages: {sorted(packages - listed)}"
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["generator.templates"] == "templates"
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["generator.templates"]
    for template in (REPO / "templates").rglob("*"):
        if template.is_file():
            rel = template.relative_to(REPO / "templates").as_posix()
            assert any(Path(rel).match(p) for p in patterns), f"{rel} is not packaged"


def test_every_imported_library_is_a_runtime_dependency() -> None:
    direct = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    allowed = _closure(direct)
    by_module = metadata.packages_distributions()
    missing = {}
    for source in GENERATOR.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "generator":
                    continue
                dists = {_name(d) for d in by_module.get(top, [top])}
                if not dists & allowed:
                    missing[top] = source.relative_to(REPO).as_posix()
    assert not missing, f"imported but not a dependency of the toolchain: {missing}"


def test_the_toolchain_hash_covers_what_shapes_the_output_only() -> None:
    files = {p.relative_to(REPO).as_posix() for p in generate._toolchain_files()}
    for shaping in (
        "generator/ir/parse.py",
        "generator/render/__init__.py",
        "generator/openapi/normalize.py",
        "generator/runtime/_client.py",
        "generator/diff/release.py",  # the changelog
        "templates/client.py.j2",
    ):
        assert shaping in files
    for not_shaping in ("generator/lint/rules.py", "generator/mock/app.py", "generator/cli.py"):
        assert not_shaping not in files
