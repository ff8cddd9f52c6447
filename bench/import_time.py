"""Import time of the generated package, from ``python -X importtime``.

Two statements, each run --runs times (default 5) in a fresh interpreter with ``generated`` on
``PYTHONPATH``, after one untimed run that writes the bytecode caches (to a temporary
``PYTHONPYCACHEPREFIX``, so nothing is written next to the sources; as with an installed
package, no module is compiled in the timed runs):

- ``import cloudnet``: the shared core (httpx, pydantic, errors, signers);
- ``import cloudnet.huawei.vpcep``: the core plus one API's client and models.

The time of a statement is the sum of the cumulative microseconds of its top-level imports
(``cloudnet``, then ``cloudnet.huawei``, ``cloudnet.huawei.vpcep``): what the statement adds to
the interpreter's start-up. The best run is reported, with, for the subpackage import, the 10
modules with the most time of their own, and the own time of ``import cloudnet`` summed by
top-level package. A third case imports cloudnet with ``click`` hidden: httpx then skips its
command-line client (click, rich, pygments), as where only cloudnet's own dependencies are
installed. Target (the issue): ``import cloudnet`` under 150 ms.

    .venv/bin/python bench/import_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from machine import machine  # the bench folder is not a package

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
TARGET_MS = 150.0
# "import time:       412 |       1337 |   cloudnet._core._models"
# (label, statement, the module whose cumulative time is the statement's)
CASES = [
    ("`import cloudnet`", "import cloudnet", "cloudnet"),
    ("`import cloudnet.huawei.vpcep`", "import cloudnet.huawei.vpcep", "cloudnet.huawei.vpcep"),
    (
        "`import cloudnet`, click hidden (httpx without its CLI)",
        "import sys; sys.modules['click'] = None; import cloudnet",
        "cloudnet",
    ),
]
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass
class Entry:
    module: str
    self_us: int
    cumulative_us: int
    depth: int


def run(statement: str, pycache: Path) -> list[Entry]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "generated"), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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


def subtree(entries: list[Entry], module: str) -> list[Entry]:
    """The line of the top-level import of ``module`` and the lines of what it imported (written
    before it, deeper)."""
    end = next(i for i, e in enumerate(entries) if e.depth == 0 and e.module == module)
    start = end
    while start > 0 and entries[start - 1].depth > 0:
        start -= 1
    return entries[start : end + 1]


def measure(statement: str, module: str, runs: int, pycache: Path) -> tuple[list[int], list[Entry]]:
    """The cumulative time of ``module`` in each run, and the lines of the fastest run."""
    run(statement, pycache)  # writes the .pyc files; not counted
    results = [run(statement, pycache) for _ in range(runs)]
    totals = [subtree(entries, module)[-1].cumulative_us for entries in results]
    return totals, results[totals.index(min(totals))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    out: dict[str, Any] = {"machine": machine(), "runs": args.runs, "target_ms": TARGET_MS}

    print(f"\n`python -X importtime`, best of {args.runs}\n")
    print("| statement | best ms | all runs ms | target |")
    print("| --- | ---: | --- | --- |")
    fastest: dict[str, list[Entry]] = {}
    out["imports"] = []
    for label, statement, module in CASES:
        with tempfile.TemporaryDirectory(prefix="cloudnet-pycache-") as pycache:
            totals, fastest[label] = measure(statement, module, args.runs, Path(pycache))
        ms = min(totals) / 1000
        verdict = "met" if ms < TARGET_MS else f"missed by {ms / TARGET_MS - 1:.0%}"
        target = f"< {TARGET_MS:.0f} ms: {verdict}" if module == "cloudnet" else ""
        runs_ms = ", ".join(f"{t / 1000:.1f}" for t in totals)
        print(f"| {label} | {ms:.1f} | {runs_ms} | {target} |")
        out["imports"].append({"case": label, "statement": statement, "runs_us": totals})

    entries = fastest[CASES[1][0]]
    slowest = sorted(entries, key=lambda e: e.self_us, reverse=True)[:10]
    print(f"\nThe 10 modules with the most own time in {CASES[1][0]}\n")
    print("| module | self ms | cumulative ms |")
    print("| --- | ---: | ---: |")
    for e in slowest:
        print(f"| {e.module} | {e.self_us / 1000:.1f} | {e.cumulative_us / 1000:.1f} |")
    out["slowest_modules"] = [vars(e) for e in slowest]

    packages: dict[str, int] = {}
    for e in subtree(fastest[CASES[0][0]], "cloudnet"):
        package = e.module.split(".")[0]
        packages[package] = packages.get(package, 0) + e.self_us
    ranked = sorted(packages.items(), key=lambda item: -item[1])
    whole = sum(packages.values())
    print("\nWhere `import cloudnet` goes: own time summed by top-level package\n")
    print("| package | self ms | share |")
    print("| --- | ---: | ---: |")
    for package, us in ranked[:10]:
        print(f"| {package} | {us / 1000:.1f} | {us / whole:.0%} |")
    out["cloudnet_by_package_us"] = dict(ranked)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import_time.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
