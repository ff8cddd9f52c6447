"""Import time of the generated package, from ``python -X importtime``.

Two statements, each run --runs times (default 5) in a fresh interpreter with ``generated`` on
``PYTHONPATH``, after one untimed run that writes the bytecode caches:

- ``import cloudnet``: the shared core (httpx, pydantic, errors, signers);
- ``import cloudnet.huawei.vpcep``: the core plus one API's client and models.

The time of a statement is the sum of the cumulative microseconds of its top-level imports
(``cloudnet``, then ``cloudnet.huawei``, ``cloudnet.huawei.vpcep``): what the statement adds to
the interpreter's start-up. The best run is reported, with, for the subpackage import, the 10
modules with the most time of their own, and the own time of ``import cloudnet`` summed by
top-level package (httpx, pydantic, the standard library's modules, cloudnet itself). Target (the issue): ``import cloudnet`` under 150 ms.

    .venv/bin/python bench/import_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
TARGET_MS = 150.0
# "import time:       412 |       1337 |   cloudnet._core._models"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass
class Entry:
    module: str
    self_us: int
    cumulative_us: int
    depth: int


def run(statement: str) -> list[Entry]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "generated")}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = []
    for line in proc.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            self_us, cumulative, indent, module = match.groups()
            entries.append(Entry(module, int(self_us), int(cumulative), len(indent) // 2))
    return entries


def total_us(entries: list[Entry], module: str) -> int:
    """What ``import module`` added: its own line and those of its parent packages."""
    parents = {".".join(module.split(".")[: i + 1]) for i in range(module.count(".") + 1)}
    return sum(e.cumulative_us for e in entries if e.depth == 0 and e.module in parents)


def measure(module: str, runs: int) -> tuple[int, list[int], list[Entry]]:
    statement = f"import {module}"
    run(statement)  # writes the .pyc files; not counted
    results = [run(statement) for _ in range(runs)]
    totals = [total_us(entries, module) for entries in results]
    fastest = totals.index(min(totals))
    return totals[fastest], totals, results[fastest]


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out: dict[str, Any] = {"machine": machine(), "runs": args.runs, "target_ms": TARGET_MS}

    print(f"\n`python -X importtime`, best of {args.runs}\n")
    print("| statement | best ms | all runs ms | target |")
    print("| --- | ---: | --- | --- |")
    imports = []
    for module in ("cloudnet", "cloudnet.huawei.vpcep"):
        best, totals, entries = measure(module, args.runs)
        ms = best / 1000
        target = ""
        if module == "cloudnet":
            target = "met" if ms < TARGET_MS else f"missed by {ms / TARGET_MS - 1:.0%}"
            target = f"< {TARGET_MS:.0f} ms: {target}"
        runs_ms = ", ".join(f"{t / 1000:.1f}" for t in totals)
        print(f"| `import {module}` | {ms:.1f} | {runs_ms} | {target} |")
        imports.append({"statement": f"import {module}", "best_us": best, "runs_us": totals})
    out["imports"] = imports

    slowest = sorted(entries, key=lambda e: e.self_us, reverse=True)[:10]
    print("\nThe 10 modules with the most own time in `import cloudnet.huawei.vpcep`\n")
    print("| module | self ms | cumulative ms |")
    print("| --- | ---: | ---: |")
    for e in slowest:
        print(f"| {e.module} | {e.self_us / 1000:.1f} | {e.cumulative_us / 1000:.1f} |")
    out["slowest_modules"] = [vars(e) for e in slowest]

    # Own time summed by top-level package over the lines of the cloudnet import (importtime
    # writes a module after its imports: the lines since the previous top-level one).
    top = next(i for i, e in enumerate(entries) if e.depth == 0 and e.module == "cloudnet")
    start = max((i for i, e in enumerate(entries[:top]) if e.depth == 0), default=-1) + 1
    packages: dict[str, int] = {}
    for e in entries[start : top + 1]:
        package = e.module.split(".")[0]
        packages[package] = packages.get(package, 0) + e.self_us
    ranked = sorted(packages.items(), key=lambda item: -item[1])
    print("\nWhere `import cloudnet` goes: own time by top-level package\n")
    print("| package | self ms | share |")
    print("| --- | ---: | ---: |")
    whole = sum(packages.values())
    for package, us in ranked[:10]:
        print(f"| {package} | {us / 1000:.1f} | {us / whole:.0%} |")
    out["cloudnet_by_package_us"] = dict(ranked)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import_time.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
