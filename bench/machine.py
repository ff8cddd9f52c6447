"""What every bench records of the machine it ran on, beside its figures, and how it runs a
command: wall time, and the peak memory of the command's whole process tree."""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

__all__ = ["Finished", "machine", "run_command"]


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


@dataclass(frozen=True)
class Finished:
    code: int
    wall: float
    cpu: float  # user + system seconds of the command and every process it waited for
    peak_process_mib: float  # the largest single process (sampled high-water marks)
    peak_tree_mib: float  # the largest sum over the tree at one moment (sampled, PSS)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        found.append(here)
        try:
            for task in os.listdir(f"/proc/{here}/task"):
                children = Path(f"/proc/{here}/task/{task}/children").read_text()
                todo.extend(int(child) for child in children.split())
        except OSError:
            continue  # ended meanwhile
    return found


def _proc_kib(path: str, key: str) -> int:
    """The kibibytes a ``/proc`` file gives for ``key`` (0 once the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kib(pid: int) -> int:
    """The proportional set size: a page shared by forked processes counts once over them."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:")


def _hwm_kib(pid: int) -> int:
    """The process's peak resident set size so far (``VmHWM``), which exec starts anew.

    ``os.wait4``'s ``ru_maxrss`` is no use here: Linux carries the largest resident set of a
    process across exec and fork, so every command reported at least the bench's own size."""
    return _proc_kib(f"/proc/{pid}/status", "VmHWM:")


def run_command(
    command: Sequence[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    stderr: IO[bytes] | None = None,
) -> Finished:
    """Run ``command`` to its end; a thread samples the memory of its process tree every 20 ms
    (psutil is not a dependency: /proc is read directly, so the tree figure is Linux only)."""
    # Bytecode is written and read as on a maintainer's machine, whatever this shell says: with
    # PYTHONDONTWRITEBYTECODE every run compiled the toolchain's sources again (its editable
    # install has no compiled files of its own), which is no user's case. Both sides alike.
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr or subprocess.DEVNULL,
    )
    peak = largest = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest
        while not done.wait(0.02):
            pids = _tree(proc.pid)
            peak = max(peak, sum(_pss_kib(pid) for pid in pids))
            largest = max([largest, *(_hwm_kib(pid) for pid in pids)])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    # A command too short to be sampled falls back on ru_maxrss (at least the bench's own size).
    process = (largest or usage.ru_maxrss) / 1024
    return Finished(
        os.waitstatus_to_exitcode(status),
        wall,
        usage.ru_utime + usage.ru_stime,
        process,
        max(peak / 1024, process if peak == 0 else 0.0),
    )
