"""The hypothesis seed of a run (tests/hypothesis_seed.py): fixed when CI is set, printed in
the header, and the printed seed gives the same examples again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import core

from tests.hypothesis_seed import CI_SEED, SEED_ENV, choose_seed, chosen_seed

REPO = Path(__file__).resolve().parent.parent

_DRAWING_TEST = """
import os
from hypothesis import given, settings, strategies as st

@settings(max_examples=15, database=None)
@given(st.binary(min_size=8, max_size=8))
def test_draw(value):
    with open(os.environ["DRAWS"], "a") as out:
        out.write(value.hex() + "\\n")
"""


def test_the_seed_comes_from_the_option_the_variable_ci_or_chance() -> None:
    assert choose_seed("7", {"CI": "true", SEED_ENV: "8"}) == ("7", "from --hypothesis-seed")
    assert choose_seed(None, {"CI": "true", SEED_ENV: "8"}) == ("8", f"from {SEED_ENV}")
    assert choose_seed(None, {"CI": "true"}) == (str(CI_SEED), "fixed: CI is set")
    assert choose_seed(None, {"CI": "1"})[0] == str(CI_SEED)
    unset = [choose_seed(None, env) for env in ({}, {"CI": ""}, {"CI": "false"}, {"CI": "0"})]
    assert {source for _, source in unset} == {"random"}
    # Four draws from 2**32: equal only by a 1 in a billion chance.
    assert len({seed for seed, _ in unset}) == 4


def test_this_run_forces_its_seed_on_hypothesis(request: pytest.FixtureRequest) -> None:
    """tests/conftest.py took the hooks: this very run has a seed, and hypothesis uses it."""
    seed = chosen_seed(request.config)
    assert str(core.global_force_seed) == seed


# The installed plugins this check does not need: each costs a second of start-up.
_QUICK = ("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:typeguard", "-p", "no:anyio")


def _run(tmp: Path, name: str, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *_QUICK, "test_draw.py", *args],
        cwd=tmp,
        env={**env, "DRAWS": str(tmp / f"{name}.txt"), "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, output
    return output


def _header_seed(output: str) -> str:
    found = re.search(r"^hypothesis seed: (\S+) \(", output, flags=re.MULTILINE)
    assert found, output
    return found.group(1)


@pytest.mark.full  # four pytest runs; choose_seed's cases are tested above in-process
def test_ci_runs_draw_the_same_and_a_printed_seed_draws_them_again(tmp_path: Path) -> None:
    """In pytest processes of their own, with the same hooks as tests/conftest.py: two runs
    with CI set draw the same examples; a run without CI prints its random seed, and a run with
    that seed draws what it drew."""
    (tmp_path / "conftest.py").write_text(
        "from tests.hypothesis_seed import pytest_configure, pytest_report_header\n"
    )
    (tmp_path / "test_draw.py").write_text(_DRAWING_TEST)
    base = {k: v for k, v in os.environ.items() if k not in ("CI", SEED_ENV)}
    ci_runs = [_run(tmp_path, f"ci{i}", {**base, "CI": "true"}) for i in (1, 2)]
    local = _run(tmp_path, "local", base)
    outputs = [_finish(p) for p in [*ci_runs, local]]
    assert [_header_seed(o) for o in outputs[:2]] == [str(CI_SEED)] * 2
    seed = _header_seed(outputs[2])
    assert "(random)" in outputs[2]
    again = _finish(_run(tmp_path, "again", base, f"--hypothesis-seed={seed}"))
    assert _header_seed(again) == seed

    def draws(name: str) -> list[str]:
        return (tmp_path / f"{name}.txt").read_text().split()

    assert len(draws("ci1")) >= 10
    assert draws("ci1") == draws("ci2")
    assert draws("again") == draws("local")
    assert draws("local") != draws("ci1")  # another seed: other examples


@pytest.mark.full
def test_every_xdist_worker_draws_from_the_printed_seed(tmp_path: Path) -> None:
    """`make test` runs the suite on two workers: each draws from the seed the controller
    printed (without the hand-over each would pick its own), so a serial run with that seed
    draws the same examples."""
    (tmp_path / "conftest.py").write_text(
        "from tests.hypothesis_seed import pytest_configure, pytest_configure_node, "
        "pytest_report_header\n"
    )
    (tmp_path / "test_draw.py").write_text(_DRAWING_TEST)
    (tmp_path / "test_draw_too.py").write_text(_DRAWING_TEST)
    base = {k: v for k, v in os.environ.items() if k not in ("CI", SEED_ENV)}

    def run(name: str, *args: str) -> str:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pytest", *_QUICK, "test_draw.py", "test_draw_too.py", *args],
            cwd=tmp_path,
            env={**base, "DRAWS": str(tmp_path / f"{name}.txt"), "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return _finish(proc)

    seed = _header_seed(run("parallel", "-n", "2", "--dist", "loadfile"))
    run("serial", f"--hypothesis-seed={seed}")
    parallel = sorted((tmp_path / "parallel.txt").read_text().split())
    assert len(parallel) >= 20
    assert parallel == sorted((tmp_path / "serial.txt").read_text().split())
