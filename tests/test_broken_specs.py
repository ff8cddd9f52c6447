"""Each folder under fixtures/broken is a spec tree with a known defect; `expected.txt` holds the
exact diagnostics `specgen validate` must print for it (paths relative to the folder).

Regenerate the expectations after an intended message change with:
    .venv/bin/python -m tests.test_broken_specs --regen
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.diagnostics import format_diagnostic
from generator.validate import validate_tree

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())


def render(case: Path) -> str:
    result = validate_tree(case)
    return "".join(format_diagnostic(d, relative_to=case) + "\n" for d in result.diagnostics)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_spec_reports_exact_diagnostics(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert render(case) == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_spec_fails_the_command(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = CliRunner().invoke(main, ["validate", "--specs", "."])
    assert result.exit_code == 1
    first = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first in result.output
    assert "0 errors" not in result.output


def test_every_case_has_an_error_with_file_line_and_column() -> None:
    for case in CASES:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            where = line.split(": ", 1)[0]
            name, row, col = where.rsplit(":", 2)
            assert (case / name).is_file(), line
            assert int(row) > 0 and int(col) > 0, line


def test_problems_in_several_files_are_reported_in_one_run() -> None:
    result = validate_tree(BROKEN / "many-problems")
    assert {d.location.file.name for d in result.diagnostics} == {"a.yaml", "b.yaml", "c.yaml"}
    assert {d.rule for d in result.diagnostics} == {
        "ref-unresolved",
        "example-invalid",
        "yaml-syntax",
    }


def test_validate_writes_nothing(tmp_path: Path) -> None:
    case = BROKEN / "example-breaks-schema"
    before = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    validate_tree(case)
    after = {p: p.read_bytes() for p in case.rglob("*") if p.is_file()}
    assert before == after


if __name__ == "__main__" and "--regen" in sys.argv:
    for case in CASES:
        (case / "expected.txt").write_text(render(case), encoding="utf-8")
        print(f"wrote {case / 'expected.txt'}")
