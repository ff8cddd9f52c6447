"""Ctrl-C (SIGINT) during a subcommand: one line on stderr, exit 130, never a traceback, and the
output whole or untouched (``generator/console.py``).

The signal is sent at several moments of a cold ``specgen generate`` (loading modules,
validating in the forked process, rendering models in forked workers, writing); each run is
judged by what it left, whichever moment the signal met. At least one run must have been
interrupted (a machine fast enough to finish before every signal would prove nothing).

A signal that lands while the interpreter itself starts (importing ``site``, before any line of
specgen runs), or while ``generator/console.py`` is imported before its handler is installed,
gets CPython's own fatal error or traceback; no program can handle that one, so such a run is
sent again a little later rather than judged.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FULL

ROOT = Path(__file__).resolve().parent.parent
SPECGEN = Path(sys.executable).parent / "specgen"
SPECS = ROOT / "specs"
# Seconds after the start; the first lands while the modules load (the handler is installed
# before they are imported), the later ones in validation, model rendering and writing.
DELAYS = (0.3, 0.7, 1.2, 2.0, 3.5, 6.0) if FULL else (0.3, 1.2, 3.5)


def _interrupt(args: list[str], delay: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    for attempt in range(5):
        proc = subprocess.Popen(
            [str(SPECGEN), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay + 0.2 * attempt)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        if "init_import_site" not in err and not _before_the_handler(err):
            break
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _before_the_handler(err: str) -> bool:
    """Whether the signal landed while ``generator/console.py`` itself was being imported,
    before its first line installs the handler (a fast command leaves a window of a few
    milliseconds there, as the interpreter's start does): sent again later, not judged."""
    frames = [line for line in err.splitlines() if line.strip().startswith("File ")]
    return "KeyboardInterrupt" in err and any(
        'console.py", line' in line and line.endswith("in <module>") for line in frames
    )


def _assert_one_line(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert "Aborted" not in run.stderr, run.stderr
    if run.returncode == 130:
        assert run.stderr.strip().splitlines()[-1] == "specgen: interrupted", run.stderr


def test_ctrl_c_during_generate_is_one_line_and_leaves_whole_or_nothing(tmp_path: Path) -> None:
    interrupted = 0
    for n, delay in enumerate(DELAYS):
        out, cache = tmp_path / f"out{n}", tmp_path / f"cache{n}"
        args = ["generate", "--specs", str(SPECS), "--out", str(out), "--cache-dir", str(cache)]
        run = _interrupt(args, delay, tmp_path)
        _assert_one_line(run)
        assert run.returncode in (0, 130), (delay, run.returncode, run.stderr)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".out{n}")]
        assert leftovers == [], (delay, leftovers)
        if run.returncode == 130:
            interrupted += 1
        if run.returncode == 0 or out.exists():
            # Finished before the signal, or the signal met the last moments after the tree
            # was in place: the whole tree, as the specs produce it.
            check = subprocess.run(
                [str(SPECGEN), "check", "--specs", str(SPECS), "--out", str(out)],
                capture_output=True,
                text=True,
            )
            assert check.returncode == 0, (delay, check.stdout + check.stderr)
            break  # later signals would land after the end too
    assert interrupted, "every run finished before its signal: nothing was interrupted"


@pytest.mark.parametrize("command", ["validate", "lint", "bundle"])
def test_ctrl_c_while_loading_is_one_line(command: str, tmp_path: Path) -> None:
    args = [command, "--specs", str(SPECS)]
    if command == "bundle":
        args += ["--out", str(tmp_path / "b")]
    # These commands take well under a second: earlier and earlier until one is interrupted.
    for delay in (0.3, 0.2, 0.15, 0.1, 0.07, 0.05, 0.04, 0.035, 0.03):
        run = _interrupt(args, delay, tmp_path)
        _assert_one_line(run)
        assert run.returncode in (0, 130), (delay, run.returncode, run.stderr)
        if run.returncode == 130:
            return
    pytest.fail(f"specgen {command} finished before every signal: nothing was interrupted")
