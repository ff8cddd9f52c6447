"""Toolchain speed, against the peers in the same run: `make bench`.

Each case is a whole command (start-up included), run several times in turn with the others;
wall time is the median, peak memory the command's own (``os.wait4``). Two groups:

- the five specs: a cold regeneration (no models cache) and an unchanged tree (the `make` no-op);
- synthetic specs of N operations (``bench/synth.py``; N = 10, 100, 1000 by default):
  ``specgen validate``, ``specgen generate`` cold, with the models cache warm (an edit that leaves
  the schemas alone) and with nothing changed; openapi-spec-validator alone;
  datamodel-code-generator alone (its defaults, formatters included); openapi-python-client
  ``generate``. The growth exponent between sizes says how each scales (1 = linear).

    .venv/bin/python bench/generate_speed.py [--runs 3] [--sizes 10 100 1000]

Results are printed as tables and written to ``bench/results/generate_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import math
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
RESULTS = REPO / "bench" / "results"
sys.path.insert(0, str(REPO / "bench"))

from machine import machine  # noqa: E402 - the bench folder is not a package
from synth import spec  # noqa: E402 - the bench folder is not a package


@dataclass
class Case:
    name: str
    command: list[str]
    before: Callable[[], None] = lambda: None
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def run(case: Case, env: dict[str, str], record: bool = True) -> None:
    case.before()
    start = time.perf_counter()
    proc = subprocess.Popen(
        case.command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{case.name}: exit {code}: {' '.join(case.command)}")
    if record:
        case.walls.append(wall)
        case.peaks.append(usage.ru_maxrss / 1024)


def clear(path: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(path, ignore_errors=True)


def five_spec_cases(tmp: Path) -> list[Case]:
    specgen = str(BIN / "specgen")
    out, cache = str(tmp / "five"), str(tmp / "five-cache")
    return [
        Case(
            "five specs, cold (no cache)",
            [specgen, "generate", "--force", "--out", out, "--cache-dir", cache],
            clear(tmp / "five-cache"),
        ),
        Case(
            "five specs, unchanged tree", [specgen, "generate", "--out", out, "--cache-dir", cache]
        ),
    ]


def synthetic_cases(tmp: Path, n: int) -> dict[str, Case]:
    folder = tmp / f"synth-{n}"
    (folder / "specs").mkdir(parents=True)
    api = folder / "specs" / "api.json"
    api.write_text(json.dumps(spec(n)), encoding="utf-8")
    specgen = str(BIN / "specgen")
    gen = [specgen, "generate", "--specs", str(api.parent), "--package", "synth"]
    return {
        "specgen validate": Case(
            "specgen validate", [specgen, "validate", "--specs", str(api.parent)]
        ),
        "specgen generate, cold": Case(
            "specgen generate, cold",
            [*gen, "--force", "--out", str(folder / "cold"), "--cache-dir", str(folder / "c1")],
            clear(folder / "c1"),
        ),
        # The finished API files are cached too (generator/apicache.py): dropping them leaves
        # the models cache, as after an edit that leaves the schemas alone.
        "specgen generate, models cached": Case(
            "specgen generate, models cached",
            [*gen, "--force", "--out", str(folder / "warm"), "--cache-dir", str(folder / "c2")],
            clear(folder / "c2" / "apis"),
        ),
        "specgen generate, unchanged": Case(
            "specgen generate, unchanged",
            [*gen, "--out", str(folder / "warm"), "--cache-dir", str(folder / "c2")],
        ),
        "openapi-spec-validator": Case(
            "openapi-spec-validator", [str(BIN / "openapi-spec-validator"), str(api)]
        ),
        "datamodel-code-generator": Case(
            "datamodel-code-generator",
            [
                str(BIN / "datamodel-codegen"),
                "--input",
                str(api),
                "--input-file-type",
                "openapi",
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--output",
                str(folder / "dcg.py"),
            ],
        ),
        "openapi-python-client": Case(
            "openapi-python-client",
            [
                str(BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(api),
                "--output-path",
                str(folder / "opc"),
                "--meta",
                "none",
            ],
            clear(folder / "opc"),
        ),
    }


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    results: dict[str, object] = {
        "machine": machine(),
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory(prefix="cloudnet-bench-") as raw:
        tmp = Path(raw)
        five = five_spec_cases(tmp)
        by_size = {n: synthetic_cases(tmp, n) for n in args.sizes}
        run(five[0], env, record=False)  # output for the unchanged-tree case
        for cases in by_size.values():  # fill the models caches and the unchanged outputs
            run(cases["specgen generate, models cached"], env, record=False)
        for _ in range(args.runs):
            for case in five:
                run(case, env)
            for cases in by_size.values():
                for case in cases.values():
                    run(case, env)
    table(
        "The five specs (targets: cold < 3 s, unchanged < 0.5 s)",
        ["case", "median s", "min s", "max s", "peak MiB"],
        [
            [
                c.name,
                f"{c.median:.2f}",
                f"{min(c.walls):.2f}",
                f"{max(c.walls):.2f}",
                f"{max(c.peaks):.0f}",
            ]
            for c in five
        ],
    )
    names = list(next(iter(by_size.values())))
    sizes = sorted(by_size)
    rows = []
    for name in names:
        medians = [by_size[n][name].median for n in sizes]
        growth = (
            math.log(medians[-1] / medians[-2]) / math.log(sizes[-1] / sizes[-2])
            if len(sizes) > 1
            else float("nan")
        )
        peer = by_size[sizes[-1]]["openapi-python-client"].median
        rows.append(
            [
                name,
                *(f"{m:.2f}" for m in medians),
                f"{growth:.2f}",
                f"{max(by_size[sizes[-1]][name].peaks):.0f}",
                f"{peer / medians[-1]:.2f}x",
            ]
        )
    table(
        "Synthetic specs: median seconds by number of operations (target at the largest size: "
        "openapi-python-client / specgen generate >= 3x)",
        ["case", *(f"N={n}" for n in sizes), "growth", f"peak MiB (N={sizes[-1]})", "opc / case"],
        rows,
    )
    results["five_specs"] = {c.name: {"walls": c.walls, "peak_mib": max(c.peaks)} for c in five}
    results["synthetic"] = {
        str(n): {name: {"walls": c.walls, "peak_mib": max(c.peaks)} for name, c in cases.items()}
        for n, cases in by_size.items()
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "generate_speed.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {(RESULTS / 'generate_speed.json').relative_to(REPO)}")


if __name__ == "__main__":
    main()
