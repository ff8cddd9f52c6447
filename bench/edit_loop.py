"""The maintainer's edit loop, `make check`, timed end to end: `make bench`.

`make check` runs `specgen check --lint --strict --update` in one process: lint the specs,
validate and regenerate only what changed, and fail on a hand edit under generated/. It is run
in a scratch copy of the repository (the specs, generated/, the Makefile and pyproject.toml; the
virtualenv is the repository's own, linked), so the checkout is never written. Cases:

- unchanged: nothing changed since generated/ was made;
- one spec's description changed: ``info.description`` of huawei/dc.yaml (the API's client
  docstrings change, its models do not), then a property description of the same spec (its
  models are made again by datamodel-code-generator); a new text on every run, so no run finds
  the previous one's output in the cache;
- a hand edit in generated/: a line appended to one client module; `make check` must fail;
- on one synthetic YAML spec of 1,000 operations (``bench/synth.py``, ``--operations``):
  unchanged, and one operation's summary edited;
- for comparison, the unchanged case as three commands (`specgen validate`, `specgen lint`,
  `specgen check`), each paying Python's start-up and loading the specs again.

Each case starts from the same state (the scratch specs and generated/ restored) with the
caches warm, as they are on a maintainer's machine. Wall time is the median of the runs,
CPU the user + system seconds of the run's processes; memory is the peak of the process tree
(``machine.run_command``).

    .venv/bin/python bench/edit_loop.py [--runs 5]

Results are printed as a table and written to ``bench/results/edit_loop.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from machine import machine, run_command  # the bench folder is not a package
from synth import write  # the bench folder is not a package

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results"
# `make check` must not reinstall the linked virtualenv: its stamp is taken as up to date.
MAKE = ["make", "--no-print-directory", "-s", "-o", ".venv/bin/.installed"]


@dataclass
class Case:
    name: str
    commands: list[list[str]]
    before: Callable[[int], None]
    expect_failure: bool = False
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


class Scratch:
    """A copy of what `make check` reads and writes, restorable to one state."""

    def __init__(self, root: Path, operations: int = 0) -> None:
        """The repository's specs and generated/, or with ``operations``, one synthetic YAML
        spec of that many operations (``bench/synth.py``) and no generated/ yet."""
        self.root = root
        if operations:
            write(operations, root / "specs" / "api.yaml")
        else:
            for name in ("specs", "generated"):
                shutil.copytree(
                    REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
                )
        for name in ("Makefile", "pyproject.toml", "requirements.lock"):
            shutil.copy2(REPO / name, root / name)
        (root / ".venv").symlink_to(REPO / ".venv")
        self.pristine = root.parent / f"{root.name}-pristine"

    def freeze(self) -> None:
        """Remember the current specs and generated/ as the state every run starts from."""
        shutil.rmtree(self.pristine, ignore_errors=True)
        for name in ("specs", "generated"):
            shutil.copytree(self.root / name, self.pristine / name)

    def restore(self) -> None:
        for name in ("specs", "generated"):
            shutil.rmtree(self.root / name)
            shutil.copytree(self.pristine / name, self.root / name)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"bench: {old!r} is not once in {rel}")
        path.write_text(text.replace(old, new), encoding="utf-8")


def run(case: Case, scratch: Scratch, index: int, record: bool = True) -> None:
    case.before(index)
    start = time.perf_counter()
    peak, cpu, code, errors = 0.0, 0.0, 0, b""
    for command in case.commands:
        with tempfile.TemporaryFile() as stderr:
            finished = run_command(command, scratch.root, stderr=stderr)
            stderr.seek(0)
            errors += stderr.read()
        code = code or finished.code
        peak = max(peak, finished.peak_tree_mib)
        cpu += finished.cpu
    wall = time.perf_counter() - start
    if (code != 0) != case.expect_failure:
        raise SystemExit(
            f"{case.name}: exit status {code} (expected failure: {case.expect_failure})\n"
            + errors.decode(errors="replace")[-3000:]
        )
    if record:
        case.walls.append(wall)
        case.cpus.append(cpu)
        case.peaks.append(peak)
        case.codes.append(code)


def cases(scratch: Scratch) -> list[Case]:
    specgen = str(BIN / "specgen")
    check = [*MAKE, "check"]

    def unchanged(_: int) -> None:
        scratch.restore()

    def info_description(i: int) -> None:
        scratch.restore()
        scratch.edit(
            "specs/huawei/dc.yaml",
            "peers. Requests are authenticated",
            f"peers (edit {i}). Requests are authenticated",
        )

    def property_description(i: int) -> None:
        scratch.restore()
        scratch.edit(
            "specs/huawei/dc.yaml",
            "description: Specifies the account ID.",
            f"description: Specifies the account ID (edit {i}).",
        )

    def hand_edit(_: int) -> None:
        scratch.restore()
        client = scratch.root / "generated" / "cloudnet" / "huawei" / "dc" / "_client.py"
        client.write_text(client.read_text(encoding="utf-8") + "# a hand edit\n")

    return [
        Case("make check, unchanged", [check], unchanged),
        Case("make check, one spec's info.description changed", [check], info_description),
        Case("make check, one spec's property description changed", [check], property_description),
        Case("make check, hand edit in generated/ (fails)", [check], hand_edit, True),
        Case(
            "unchanged, as three commands (validate; lint; check)",
            [
                [specgen, "validate", "--specs", "specs"],
                [specgen, "lint", "--specs", "specs", "--strict"],
                [specgen, "check", "--specs", "specs", "--out", "generated"],
            ],
            unchanged,
        ),
    ]


def synthetic_cases(scratch: Scratch, operations: int) -> list[Case]:
    """`make check` on one YAML spec of ``operations`` operations: one operation's summary
    edited (its client method's docstring changes, the models do not), and unchanged."""
    check = [*MAKE, "check"]

    def unchanged(_: int) -> None:
        scratch.restore()

    def one_operation(i: int) -> None:
        scratch.restore()
        scratch.edit(
            "specs/api.yaml",
            "summary: List the channels of kind 7\n",
            f"summary: List the channels of kind 7 (edit {i})\n",
        )

    return [
        Case(f"make check, {operations}-operation YAML spec, unchanged", [check], unchanged),
        Case(
            f"make check, {operations}-operation YAML spec, one operation's summary changed",
            [check],
            one_operation,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--operations", type=int, default=1000, help="0: the five specs alone")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": machine(),
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory(prefix="cloudnet-editloop-") as raw:
        scratch = Scratch(Path(raw) / "repo")
        # generated/ as the specs make it, and warm caches: the maintainer's steady state.
        subprocess.run(
            [str(BIN / "specgen"), "generate", "--specs", "specs", "--out", "generated"],
            cwd=scratch.root,
            check=True,
            capture_output=True,
        )
        scratch.freeze()
        pairs = [(case, scratch) for case in cases(scratch)]
        if args.operations:
            big = Scratch(Path(raw) / "synth", args.operations)
            subprocess.run(
                [str(BIN / "specgen"), "generate", "--specs", "specs", "--out", "generated"],
                cwd=big.root,
                check=True,
                capture_output=True,
            )
            big.freeze()
            pairs += [(case, big) for case in synthetic_cases(big, args.operations)]
        for case, where in pairs:
            run(case, where, -1, record=False)  # warm-up, not recorded
        for i in range(args.runs):
            for case, where in pairs:
                run(case, where, i)
        for _, where in pairs:
            shutil.rmtree(where.pristine, ignore_errors=True)
    loop = [case for case, _ in pairs]
    print(
        "\nThe edit loop (targets after a one-line edit: `make check` < 1.5 s on the five specs, "
        f"< 3 s on a {args.operations}-operation YAML spec)\n"
    )
    print("| case | median s | min s | max s | CPU s | peak tree MiB | exit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in loop:
        print(
            f"| {c.name} | {c.median:.2f} | {min(c.walls):.2f} | {max(c.walls):.2f} "
            f"| {statistics.median(c.cpus):.2f} | {max(c.peaks):.0f} | {c.codes[0]} |"
        )
    results["cases"] = {
        c.name: {"walls": c.walls, "cpu": c.cpus, "peak_tree_mib": max(c.peaks), "exit": c.codes}
        for c in loop
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "edit_loop.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {(RESULTS / 'edit_loop.json').relative_to(REPO)}")


if __name__ == "__main__":
    main()
