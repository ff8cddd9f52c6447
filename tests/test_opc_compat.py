"""openapi-python-client as a compatibility gate: every API document, bundled, must generate a
client with no warning and no skipped piece, and that client must import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir.parse import is_api_document
from generator.openapi.bundle import bundle_document
from generator.openapi.tree import SpecTree

from .specs_inventory import PAGES, SPECS

API_FILES = sorted(PAGES.values())
# The smallest API: the one a developer's run sends through the gate.
QUICK = "zstack/vpc.yaml"
VENV_BIN = Path(sys.executable).parent
OPC = VENV_BIN / "openapi-python-client"
# openapi-python-client reports problems on lines like "Warning(s) encountered …",
# "Skipping Integration", "Unable to parse …: error …" while still exiting 0.
_PROBLEM = re.compile(r"warning|skipping|error", re.IGNORECASE)
_PACKAGE = "opc_client"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Its post-hooks run `ruff`: without it on PATH the hook is skipped with a warning.
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    env.update(extra)
    return env


def test_the_gate_covers_every_api_document() -> None:
    tree = SpecTree.load(SPECS)
    found = sorted(
        path.relative_to(SPECS.resolve()).as_posix()
        for path, file in tree.files.items()
        if is_api_document(file)
    )
    assert found == API_FILES


# A developer's run tries the gate on one API; CI on every one.
@pytest.mark.parametrize(
    "api", [pytest.param(a, marks=[] if a == QUICK else [pytest.mark.full]) for a in API_FILES]
)
def test_openapi_python_client_generates_without_warnings(api: str, tmp_path: Path) -> None:
    tree = SpecTree.load(SPECS)
    document = bundle_document(tree, tree.files[(SPECS / api).resolve()]).document
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / _PACKAGE

    run = subprocess.run(
        [str(OPC), "generate", "--path", str(spec), "--output-path", str(out), "--meta", "none"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    problems = [line for line in output.splitlines() if _PROBLEM.search(line)]
    assert problems == [], output
    assert (out / "client.py").is_file(), output
    assert any((out / "api").rglob("*.py")), output

    # With --meta none the output folder is the package itself: import it from its parent.
    imported = subprocess.run(
        [sys.executable, "-c", f"import {_PACKAGE}; import {_PACKAGE}.client"],
        cwd=tmp_path,
        env=_env(PYTHONPATH=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
