"""Toolchain speed, against openapi-python-client in the same run: `make bench`.

Each case is a whole command (start-up included); the cases take turns, run after run, so a
drift of the shared machine's speed touches all of them alike. Wall time is the median; CPU
the user + system seconds of the command and its processes; memory both the largest single
process (``os.wait4``) and the peak of the whole process tree (``machine.run_command``, the
proportional set size summed over the tree, sampled every 20 ms). Two groups:

- the five specs: a cold regeneration (no cache) and an unchanged tree (the `make` no-op);
- synthetic specs of N operations (``bench/synth.py``, shaped like the ROMA page; N = 100,
  1000, 3000 by default), each written as YAML and as JSON: ``specgen generate`` cold and
  unchanged, and openapi-python-client ``generate`` on the same file. The growth exponent
  between the two largest sizes says how each scales (1 = linear).

    .venv/bin/python bench/generate_speed.py [--runs 3] [--sizes 100 1000 3000]

Results are printed as tables and written to ``bench/results/generate_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results"
sys.path.insert(0, str(REPO / "bench"))

from machine import Finished, machine, run_command  # noqa: E402 - bench is not a package
from synth import write  # noqa: E402 - the bench folder is not a package

FORMATS = ("yaml", "json")
PEER = "openapi-python-client"


@dataclass
class Case:
    name: str
    command: list[str]
    before: Callable[[], None] = lambda: None
    runs: list[Finished] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def summary(self) -> dict[str, object]:
        return {
            "walls": [r.wall for r in self.runs],
            "cpu": [r.cpu for r in self.runs],
            "peak_process_mib": max(r.peak_process_mib for r in self.runs),
            "peak_tree_mib": max(r.peak_tree_mib for r in self.runs),
        }


def run(case: Case, env: dict[str, str], record: bool = True) -> None:
    case.before()
    finished = run_command(case.command, REPO, env)
    if finished.code != 0:
        raise SystemExit(f"{case.name}: exit {finished.code}: {' '.join(case.command)}")
    if record:
        case.runs.append(finished)


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


def synthetic_cases(tmp: Path, n: int, fmt: str, peer: bool = True) -> dict[str, Case]:
    """The cases on the spec of ``n`` operations written as ``fmt`` (``peer``: with
    openapi-python-client's)."""
    folder = tmp / f"synth-{n}-{fmt}"
    api = write(n, folder / "specs" / f"api.{fmt}")
    specgen = str(BIN / "specgen")
    gen = [specgen, "generate", "--specs", str(api.parent), "--package", "synth"]
    cases = {
        "specgen generate, cold": Case(
            "specgen generate, cold",
            [*gen, "--force", "--out", str(folder / "cold"), "--cache-dir", str(folder / "c1")],
            clear(folder / "c1"),
        ),
        "specgen generate, unchanged": Case(
            "specgen generate, unchanged",
            [*gen, "--out", str(folder / "cold"), "--cache-dir", str(folder / "c1")],
        ),
        PEER: Case(
            PEER,
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
    if not peer:
        del cases[PEER]
    return cases


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def growth(sizes: list[int], medians: list[float]) -> str:
    if len(sizes) < 2:
        return "-"
    return f"{math.log(medians[-1] / medians[-2]) / math.log(sizes[-1] / sizes[-2]):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument(
        "--peer-sizes",
        type=int,
        nargs="+",
        help="the sizes openapi-python-client runs at too (default: every size); at 3,000 "
        "operations it takes tens of minutes on two cores",
    )
    args = parser.parse_args()
    peer_sizes = set(args.sizes if args.peer_sizes is None else args.peer_sizes)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    results: dict[str, object] = {"machine": machine(), "runs": args.runs}
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory(prefix="cloudnet-bench-") as raw:
        tmp = Path(raw)
        five = five_spec_cases(tmp)
        synth = {
            (n, fmt): synthetic_cases(tmp, n, fmt, n in peer_sizes)
            for n in sizes
            for fmt in FORMATS
        }
        run(five[0], env, record=False)  # the output of the unchanged-tree case
        for cases in synth.values():  # the output of the unchanged cases
            run(cases["specgen generate, cold"], env, record=False)
        for _ in range(args.runs):
            for case in five:
                run(case, env)
            for cases in synth.values():
                for case in cases.values():
                    run(case, env)
    table(
        "The five specs (targets: cold < 1 s, unchanged < 0.5 s)",
        ["case", "median s", "min s", "max s", "CPU s", "peak tree MiB"],
        [
            [
                c.name,
                f"{c.median:.2f}",
                f"{min(r.wall for r in c.runs):.2f}",
                f"{max(r.wall for r in c.runs):.2f}",
                f"{statistics.median(r.cpu for r in c.runs):.2f}",
                f"{max(r.peak_tree_mib for r in c.runs):.0f}",
            ]
            for c in five
        ],
    )
    big = 1000 if 1000 in sizes else sizes[-1]
    rows = []

    def ratio(peer: Case | None, wall: float) -> str:
        return "-" if peer is None else f"{peer.median / wall:.2f}x"

    def cpu(case: Case) -> float:
        return statistics.median(r.cpu for r in case.runs)

    for fmt in FORMATS:
        names = dict.fromkeys(name for n in sizes for name in synth[(n, fmt)])
        for name in names:
            known = [n for n in sizes if name in synth[(n, fmt)]]
            medians = [synth[(n, fmt)][name].median for n in known]
            at = synth[(big, fmt)].get(name)
            peer_at = synth[(big, fmt)].get(PEER)
            rows.append(
                [
                    f"{name}, {fmt.upper()}",
                    *(
                        f"{synth[(n, fmt)][name].median:.2f}" if name in synth[(n, fmt)] else "-"
                        for n in sizes
                    ),
                    growth(known, medians),
                    "-" if at is None else f"{cpu(at):.1f}",
                    "-" if at is None else f"{max(r.peak_process_mib for r in at.runs):.0f}",
                    "-" if at is None else f"{max(r.peak_tree_mib for r in at.runs):.0f}",
                    *(
                        ratio(synth[(n, fmt)].get(PEER), synth[(n, fmt)][name].median)
                        if name in synth[(n, fmt)]
                        else "-"
                        for n in sizes
                    ),
                    "-" if at is None or peer_at is None else f"{cpu(peer_at) / cpu(at):.2f}x",
                ]
            )
    table(
        f"Synthetic specs, median wall seconds by number of operations (targets at N={big}, "
        f"YAML: {PEER} / specgen generate cold >= 3x, peak tree memory <= the peer's; "
        "growth linear)",
        [
            "case",
            *(f"N={n}" for n in sizes),
            "growth",
            f"CPU s (N={big})",
            f"peak process MiB (N={big})",
            f"peak tree MiB (N={big})",
            *(f"opc / case N={n}" for n in sizes),
            f"opc / case, CPU (N={big})",
        ],
        rows,
    )
    results["five_specs"] = {c.name: c.summary() for c in five}
    results["synthetic"] = {
        f"{fmt}-{n}": {name: c.summary() for name, c in cases.items()}
        for (n, fmt), cases in synth.items()
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "generate_speed.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {(RESULTS / 'generate_speed.json').relative_to(REPO)}")


if __name__ == "__main__":
    main()
