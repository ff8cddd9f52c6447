"""Each spec file is parsed once per run: `specgen generate` shares its tree with the forked
validation, and `specgen check --lint --update` hands the tree lint loaded to generation
(issue 17: reading a large YAML spec twice, once in each process, cost as much CPU as the
rest of the run). Counted with fork switched off, so that every reading happens here."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from generator import forked
from generator.editloop import run_check
from generator.generate import build
from generator.openapi import tree as tree_module
from generator.openapi.yamlload import LoadedFile
from generator.openapi.yamlload import load_file as load_file_as_is

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synth import write
    finally:
        sys.path.remove(str(REPO / "bench"))
    folder = tmp_path / "specs"
    write(4, folder / "api.yaml")
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    real = load_file_as_is

    def load_file(path: Path) -> LoadedFile:
        counted[path.name] += 1
        return real(path)

    monkeypatch.setattr(tree_module, "load_file", load_file)
    monkeypatch.setattr(forked, "can_fork", lambda: False)  # validation runs here, counted
    return counted


def test_generate_parses_each_spec_once(specs: Path, reads: Counter[str]) -> None:
    result = build(specs, "synth", "synth")
    assert result.ok and result.files
    assert reads == {"api.yaml": 1}


def test_the_edit_loop_parses_each_spec_once(
    specs: Path, reads: Counter[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status = run_check(
        specs, out, "synth", "synth", tmp_path / "cache", 10, lint=True, strict=True, update=True
    )
    assert status == 0 and (out / "specgen-manifest.json").is_file()
    assert reads == {"api.yaml": 1}
