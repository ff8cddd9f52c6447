"""The Makefile's bootstrap says what to do before a step would fail later: a Node.js older than
the pinned front-end tools need is refused by name (`make node-version`, run before `npm ci`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _make_node_version(tmp_path: Path, version: str) -> subprocess.CompletedProcess[str]:
    """`make node-version` with a `node` on PATH that reports ``version``."""
    fake = tmp_path / "bin"
    fake.mkdir()
    node = fake / "node"
    node.write_text(f"#!/bin/sh\necho {version}\n", encoding="utf-8")
    node.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    make = shutil.which("make")
    assert make, "make is missing"
    return subprocess.run(
        [make, "-s", "--no-print-directory", "node-version"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("version", ["v18.19.0", "v20.18.1", "v21.7.3", "v22.11.0"])
def test_an_old_node_is_refused_with_what_to_do(tmp_path: Path, version: str) -> None:
    run = _make_node_version(tmp_path, version)
    assert run.returncode != 0
    assert f"Node.js {version} is too old" in run.stdout
    assert "20.19" in run.stdout and "22.12" in run.stdout and "run make again" in run.stdout


@pytest.mark.parametrize("version", ["v20.19.0", "v20.20.2", "v22.12.0", "v24.1.0"])
def test_a_recent_node_passes(tmp_path: Path, version: str) -> None:
    run = _make_node_version(tmp_path, version)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""
