"""`specgen validate`: exit status, output streams, --format json and --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import main

from .specs_inventory import SPECS

BROKEN = Path(__file__).parent / "fixtures" / "broken"

_MINIMAL = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
"""


def test_clean_tree_exits_zero_and_prints_the_summary() -> None:
    result = CliRunner().invoke(main, ["validate", "--specs", str(SPECS)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("0 errors, 0 warnings in ")


def test_json_format_lists_every_problem_with_its_location(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = BROKEN / "many-problems"
    monkeypatch.chdir(case)
    result = CliRunner().invoke(main, ["validate", "--specs", ".", "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert len(problems) == len(expected) > 1
    for problem, line in zip(problems, expected, strict=True):
        assert set(problem) == {"file", "line", "col", "rule", "severity", "message"}
        assert line.startswith(f"{problem['file']}:{problem['line']}:{problem['col']}: ")
        assert f": {problem['rule']}: " in line
        assert problem["message"] in line


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    # An unquoted integer mapping key is legal YAML but not a JSON key: a warning.
    (tmp_path / "api.yaml").write_text(
        _MINIMAL.replace('"200":', "200:"),
        encoding="utf-8",
    )
    runner = CliRunner()
    relaxed = runner.invoke(main, ["validate", "--specs", str(tmp_path)])
    assert relaxed.exit_code == 0
    assert "yaml-key-type: warning:" in relaxed.output
    strict = runner.invoke(main, ["validate", "--specs", str(tmp_path), "--strict"])
    assert strict.exit_code == 1


def test_errors_go_to_stderr(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(_MINIMAL.replace("3.1.0", "3.2.0"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "api.yaml:1:10: oas-version:" in result.stderr


def test_version_and_missing_folder() -> None:
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    missing = runner.invoke(main, ["validate", "--specs", "/nonexistent/specs"])
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


@pytest.mark.parametrize(
    ("name", "suggested"),
    [("my-pkg", "my_pkg"), ("class", "class_"), ("Cloud.Net", "cloud_net"), ("9lives", "lives")],
)
@pytest.mark.parametrize("command", ["generate", "check", "docs"])
def test_a_bad_package_name_is_one_line_with_a_suggestion(
    tmp_path: Path, name: str, suggested: str, command: str
) -> None:
    out = tmp_path / "out"
    args = [command, "--specs", str(SPECS), "--out", str(out), "--package", name]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"specgen {command}: --package {name!r} is not a Python import name (letters, digits "
        f"and _, not a keyword); try --package {suggested}"
    ]
    assert not out.exists()


def test_a_batch_command_runs_without_full_collections_and_gives_the_setting_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import generator.validate

    seen: list[tuple[int, int, int]] = []
    real = generator.validate.validate_tree

    def spy(specs_dir: Path) -> generator.validate.ValidationResult:
        seen.append(gc.get_threshold())
        return real(specs_dir)

    monkeypatch.setattr(generator.validate, "validate_tree", spy)
    (tmp_path / "api.yaml").write_text(_MINIMAL, encoding="utf-8")
    before = gc.get_threshold()
    result = CliRunner().invoke(main, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(seen) == 1
    assert seen[0][:2] == before[:2]  # young collections as before
    assert seen[0][2] >= 10**9  # the full one never comes
    assert gc.get_threshold() == before


def test_the_console_script_leaves_with_each_status_and_all_its_output(tmp_path: Path) -> None:
    """``specgen`` exits without the interpreter's shutdown (``console._leave``): the status is
    the command's, and what it printed to a pipe is all there."""
    import subprocess
    import sys

    specgen = Path(sys.executable).parent / "specgen"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(specgen), *args], capture_output=True, text=True, check=False)

    (tmp_path / "api.yaml").write_text(_MINIMAL.replace("3.1.0", "3.2.0"), encoding="utf-8")
    broken = run("validate", "--specs", str(tmp_path), "--format", "json")
    assert broken.returncode == 1
    assert [p["rule"] for p in json.loads(broken.stdout)] == ["oas-version"]
    usage = run("validate", "--specs", "/nonexistent/specs")
    assert usage.returncode == 2 and "does not exist" in usage.stderr
    clean = run("validate", "--specs", str(SPECS))
    assert clean.returncode == 0 and clean.stdout.startswith("0 errors, 0 warnings in ")
