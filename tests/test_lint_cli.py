"""`specgen lint` on the command line (exit status, streams, --format json, --strict, --config),
and the commands the pre-commit hooks and `make check` run."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.cli import main

from .specs_inventory import REPO, SPECS
from .test_lint import CLEAN


def _specs(tmp_path: Path, text: str = CLEAN) -> Path:
    spec = tmp_path / "specs" / "acme" / "things.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(text, encoding="utf-8")
    return tmp_path / "specs"


def _lint(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["lint", *args])


def test_the_five_specs_pass_strict() -> None:
    result = _lint("--specs", str(SPECS), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "0 errors, 0 warnings in 8 files"


def test_an_error_exits_1_on_stderr_with_its_location(tmp_path: Path) -> None:
    specs = _specs(tmp_path, CLEAN.replace("operationId: ListThings", "operationId: listThings"))
    result = _lint("--specs", str(specs))
    assert result.exit_code == 1
    assert "acme/things.yaml:6:20: cloudnet/operation-id-vendor-name: " in result.stderr
    assert "1 error, 0 warnings in 1 file" in result.stderr
    assert result.stdout == ""


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    orphan = "    Orphan: {type: object, description: Unused.}\n    Owner:\n"
    specs = _specs(tmp_path, CLEAN.replace("    Owner:\n", orphan))
    relaxed = _lint("--specs", str(specs))
    assert relaxed.exit_code == 0, relaxed.output
    assert "cloudnet/no-unused-components: warning: " in relaxed.stdout
    assert _lint("--specs", str(specs), "--strict").exit_code == 1


def test_json_lists_every_problem(tmp_path: Path) -> None:
    text = CLEAN.replace("operationId: ListThings", "operationId: listThings").replace(
        "thingId: {type: string, description: The ID of the thing.}", "thingId: {type: string}"
    )
    result = _lint("--specs", str(_specs(tmp_path, text)), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["rule"], p["line"], p["col"], p["severity"]) for p in problems] == [
        ("cloudnet/operation-id-vendor-name", 6, 20, "error"),
        ("cloudnet/description-required", 58, 18, "error"),
    ]
    assert all(p["file"].endswith("acme/things.yaml") for p in problems)


def test_config_file_switches_rules_and_a_bad_one_exits_2(tmp_path: Path) -> None:
    specs = _specs(tmp_path, CLEAN.replace("operationId: ListThings", "operationId: listThings"))
    good = tmp_path / "lint.toml"
    good.write_text('[tool.specgen.lint.rules]\n"operation-id-vendor-name" = "off"\n')
    assert _lint("--specs", str(specs), "--config", str(good)).exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[tool.specgen.lint.rules]\n"operation-id" = "off"\n')
    result = _lint("--specs", str(specs), "--config", str(bad))
    assert result.exit_code == 2
    assert "unknown lint rule 'operation-id'" in result.stderr


def test_list_rules_shows_the_configured_severities(tmp_path: Path) -> None:
    config = tmp_path / "lint.toml"
    config.write_text('[tool.specgen.lint.rules]\n"cloudnet/vendor-casing" = "off"\n')
    result = _lint("--list-rules", "--config", str(config))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert "cloudnet/vendor-casing  off  " in result.stdout
    assert "cloudnet/no-unused-components  warning  " in result.stdout


def _check_command(line: str) -> None:
    """``line`` runs `.venv/bin/specgen <command> [options]` with options that command has."""
    words = shlex.split(line)
    assert words[0] in (".venv/bin/specgen", "$(BIN)/specgen"), line
    command = main.commands.get(words[1])
    assert command is not None, f"no command {words[1]!r}: {line}"
    options = {opt for param in command.params for opt in param.opts}
    for word in words[2:]:
        if word.startswith("-"):
            assert word in options, f"{words[1]} has no option {word}: {line}"


def test_pre_commit_config_runs_validate_lint_and_the_drift_check() -> None:
    config = YAML(typ="safe").load(REPO / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = repo["hooks"]
    assert [shlex.split(h["entry"])[1] for h in hooks] == ["validate", "lint", "check"]
    for hook in hooks:
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False
        _check_command(hook["entry"])
        assert "--update" not in hook["entry"]  # hooks never write


@pytest.mark.parametrize("target", ["check", "lint-specs", "stale", "validate"])
def test_make_targets_run_existing_commands(target: str) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(makefile) if line.startswith(f"{target}:"))
    recipe = []
    for line in makefile[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    assert recipe, target
    for line in recipe:
        _check_command(line.replace("$(SPECS)", "specs"))
