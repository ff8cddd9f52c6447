"""Generation speed, against openapi-python-client in the same run: `make bench`.

Each case is a whole command (start-up included), run several times in turn with its peer;
wall time is the median, peak memory is the process's own (``os.wait4``). Cases:

- the five specs: a cold regeneration (no cache) and an unchanged tree (the `make` no-op);
- a synthetic spec of 1,000 operations (``bench/synth.py``): specgen cold, specgen with the
  models cache warm (an edit that leaves the schemas alone), and openapi-python-client 0.29.

    .venv/bin/python bench/generate_speed.py [--runs 3] [--operations 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "bench"))

from synth import spec  # noqa: E402 - the bench folder is not a package


@dataclass
class Case:
    name: str
    command: list[str]
    before: Callable[[], None] = lambda: None
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def run(case: Case, env: dict[str, str]) -> None:
    case.before()
    start = time.perf_counter()
    proc = subprocess.Popen(
        case.command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    _, status, usage = os.wait4(proc.pid, 0)
    case.walls.append(time.perf_counter() - start)
    case.peaks.append(usage.ru_maxrss / 1024)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{case.name}: exit {os.waitstatus_to_exitcode(status)}")


def table(title: str, cases: list[Case], peer: Case | None) -> None:
    print(f"\n{title}\n")
    print("| case | median s | min s | max s | peak MiB | peer / case |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for case in cases:
        median = statistics.median(case.walls)
        ratio = f"{statistics.median(peer.walls) / median:.2f}x" if peer else ""
        print(
            f"| {case.name} | {median:.2f} | {min(case.walls):.2f} | {max(case.walls):.2f} "
            f"| {max(case.peaks):.0f} | {ratio} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--operations", type=int, default=1000)
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    specgen = str(BIN / "specgen")
    with tempfile.TemporaryDirectory(prefix="cloudnet-bench-") as raw:
        tmp = Path(raw)
        synth_dir = tmp / "synth"
        synth_dir.mkdir()
        (synth_dir / "api.json").write_text(json.dumps(spec(args.operations)))

        def clear(path: Path) -> Callable[[], None]:
            return lambda: shutil.rmtree(path, ignore_errors=True)

        five = [
            Case(
                "five specs, cold (no cache)",
                [
                    specgen,
                    "generate",
                    "--force",
                    "--out",
                    str(tmp / "five"),
                    "--cache-dir",
                    str(tmp / "five-cache"),
                ],
                clear(tmp / "five-cache"),
            ),
            Case(
                "five specs, unchanged tree",
                [
                    specgen,
                    "generate",
                    "--out",
                    str(tmp / "five"),
                    "--cache-dir",
                    str(tmp / "five-cache"),
                ],
            ),
        ]
        synth_args = ["generate", "--force", "--specs", str(synth_dir), "--package", "synth"]
        big = [
            Case(
                f"specgen, {args.operations} operations, cold",
                [
                    specgen,
                    *synth_args,
                    "--out",
                    str(tmp / "s1"),
                    "--cache-dir",
                    str(tmp / "cold-cache"),
                ],
                clear(tmp / "cold-cache"),
            ),
            Case(
                f"specgen, {args.operations} operations, models cached",
                [
                    specgen,
                    *synth_args,
                    "--out",
                    str(tmp / "s2"),
                    "--cache-dir",
                    str(tmp / "warm-cache"),
                ],
            ),
        ]
        peer = Case(
            "openapi-python-client 0.29",
            [
                str(BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(synth_dir / "api.json"),
                "--output-path",
                str(tmp / "opc"),
                "--meta",
                "none",
            ],
            clear(tmp / "opc"),
        )
        run(five[0], env)  # warm the unchanged-tree case's output and the page cache
        run(big[1], env)  # fill the warm cache
        for warmed in (five[0], big[1]):
            warmed.walls.clear()
            warmed.peaks.clear()
        for _ in range(args.runs):
            for case in (*five, *big, peer):
                run(case, env)
        table("The five specs (targets: cold < 3 s, unchanged < 0.5 s)", five, None)
        table(
            f"Synthetic spec, {args.operations} operations (target: peer / case >= 3x)",
            [*big, peer],
            peer,
        )


if __name__ == "__main__":
    main()
