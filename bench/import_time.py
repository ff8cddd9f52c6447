"""Import time: the generated package, and one operation of a 1,000-operation API, against
openapi-python-client's client for the same spec, in one run.

Every case is a statement run in a fresh interpreter, timed inside it (wall and CPU time of the
statement alone, not of the interpreter's start-up), --runs times (default 7) with the cases
interleaved, after one untimed run of each that writes the bytecode caches (to a temporary
``PYTHONPYCACHEPREFIX``: as with an installed package, nothing is compiled in the timed runs).
The best run of each case is reported:

- ``import httpx, pydantic``: the floor every client pays, and the targets' reference;
- the same with one pydantic model class defined: pydantic imports most of itself (fields,
  types, its plugin loader and ``importlib.metadata``) only when the first model class is
  made, which every client of pydantic models does; shown to tell pydantic's share from ours;
- ``import cloudnet`` (``generated/``, the five specs): the target is at most 60 ms over the
  floor;
- one operation of the 1,000-operation API of ``bench/synth.py``: import the client, construct
  it over an ``httpx.MockTransport`` and call ``ShowChannel0`` once (which loads the models the
  operation returns). The target is at most 300 ms over the floor;
- the same with openapi-python-client 0.29's client of the same spec (``Client``, the
  operation's module, ``sync``).

``python -X importtime`` then shows the modules with the most own time in the cloudnet case.
The two clients are generated into a temporary folder, or into --work, where a later run
reuses them when the spec is unchanged.

    .venv/bin/python bench/import_time.py [--runs 7] [--work DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from machine import machine  # the bench folder is not a package
from synth import spec

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
GENERATED = REPO / "generated"
BIN = Path(sys.executable).parent
OPERATIONS = 1000
PACKAGE_MS = 60.0  # `import cloudnet` over httpx + pydantic
ONE_OP_MS = 300.0  # one operation of the 1,000-operation API over httpx + pydantic
#: What the mock transport answers: a valid ``Channel0`` (``bench/synth.py``'s ShowChannel0).
BODY = {"id": "0" * 32, "name": "abc", "port": 80, "status": 1}
_MOCK = (
    "import httpx\n"
    f"mock = httpx.MockTransport(lambda request: httpx.Response(200, json={BODY!r}))\n"
)
OURS = _MOCK + (
    "from cloudnet.api import ApiClient\n"
    "client = ApiClient(base_url='https://api.example.com', "
    "http_client=httpx.Client(transport=mock))\n"
    "result = client.show_channel0(project_id='p', instance_id='i')\n"
    "assert result.id == '0' * 32 and result.port == 80, result\n"
)


def _opc_statement(opc: Path) -> str:
    """openapi-python-client's call of the same operation: its module is found where opc put
    it (it groups operations by tag)."""
    found = sorted(opc.glob("synthetic_1000_client/api/*/show_channel_0.py"))
    if len(found) != 1:
        sys.exit(f"openapi-python-client's show_channel_0 module: found {found}")
    module = ".".join(found[0].relative_to(opc).with_suffix("").parts)
    return _MOCK + (
        "from synthetic_1000_client import Client\n"
        f"from {module.rsplit('.', 1)[0]} import show_channel_0\n"
        "client = Client(base_url='https://api.example.com', httpx_args={'transport': mock})\n"
        "result = show_channel_0.sync(project_id='p', instance_id='i', client=client)\n"
        "assert result is not None and result.id == '0' * 32, result\n"
    )


_ONE_MODEL = "import httpx, pydantic\nclass One(pydantic.BaseModel):\n    x: int\n"
# Runs a statement and prints the wall and CPU seconds it took.
_TIMED = (
    "import json, time\n"
    "wall, cpu = time.perf_counter(), time.process_time()\n"
    "exec(compile({statement!r}, '<case>', 'exec'))\n"
    "print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))\n"
)
# "import time:       412 |       1337 |   cloudnet._core._models"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass
class Case:
    label: str
    statement: str
    path: Path | None  # PYTHONPATH
    wall: list[float]
    cpu: list[float]

    def env(self, pycache: Path) -> dict[str, str]:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(pycache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPATH", None)
        if self.path is not None:
            env["PYTHONPATH"] = str(self.path)
        return env

    def run(self, pycache: Path) -> tuple[float, float]:
        code = _TIMED.format(statement=self.statement)
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=self.env(pycache),
            cwd=tempfile.gettempdir(),  # nothing of the repository on sys.path
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"{self.label} failed:\n{done.stderr}")
        wall, cpu = json.loads(done.stdout.splitlines()[-1])
        return float(wall), float(cpu)

    @property
    def best_ms(self) -> float:
        return min(self.wall) * 1000

    @property
    def best_cpu_ms(self) -> float:
        return min(self.cpu) * 1000


def _generate(work: Path) -> tuple[Path, Path]:
    """The folders to put on PYTHONPATH for cloudnet's and openapi-python-client's client of
    the synthetic spec (made again only when the spec or the tools changed)."""
    document = json.dumps(spec(OPERATIONS), indent=1) + "\n"
    stamp = hashlib.sha256(
        (document + (REPO / "generated" / "specgen-manifest.json").read_text()).encode()
    ).hexdigest()
    specs, ours, opc = work / "specs", work / "cloudnet", work / "opc"
    if (work / "stamp").is_file() and (work / "stamp").read_text() == stamp:
        return ours, opc
    shutil.rmtree(work, ignore_errors=True)
    specs.mkdir(parents=True)
    (specs / "api.json").write_text(document, encoding="utf-8")
    print(f"generating the {OPERATIONS}-operation clients in {work} ...", file=sys.stderr)
    subprocess.run(
        [str(BIN / "specgen"), "generate", "--specs", str(specs), "--out", str(ours)],
        check=True,
        cwd=work,
        capture_output=True,
    )
    subprocess.run(
        [
            *(str(BIN / "openapi-python-client"), "generate", "--path", str(specs / "api.json")),
            *("--output-path", str(opc / "synthetic_1000_client"), "--meta", "none"),
        ],
        check=True,
        cwd=work,
        capture_output=True,
    )
    (work / "stamp").write_text(stamp)
    return ours, opc


def _slowest(case: Case, pycache: Path, count: int = 10) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", case.statement],
        env=case.env(pycache),
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[dict[str, Any]] = []
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            own, cumulative, _, module = match.groups()
            rows.append({"module": module, "self_us": int(own), "cumulative_us": int(cumulative)})
    return sorted(rows, key=lambda r: -r["self_us"])[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the generated clients here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cloudnet-import-") as raw:
        tmp = Path(raw)
        ours, opc = _generate(args.work.resolve() if args.work else tmp / "work")
        cases = [
            Case("`import httpx, pydantic`", "import httpx, pydantic", None, [], []),
            Case("httpx + pydantic, one model class", _ONE_MODEL, None, [], []),
            Case("`import cloudnet` (the five specs)", "import cloudnet", GENERATED, [], []),
            Case(f"cloudnet, 1 operation of {OPERATIONS}", OURS, ours, [], []),
            Case(
                f"openapi-python-client, 1 operation of {OPERATIONS}",
                _opc_statement(opc),
                opc,
                [],
                [],
            ),
        ]
        pycache = tmp / "pycache"
        for case in cases:
            case.run(pycache)  # writes the .pyc files; not counted
        for _ in range(args.runs):  # interleaved: a busy moment of the machine hits every case
            for case in cases:
                wall, cpu = case.run(pycache)
                case.wall.append(wall)
                case.cpu.append(cpu)
        slowest = _slowest(cases[3], pycache)

    # The verdicts are on CPU time: on a shared machine the wall time of an import is mostly
    # the wait for a core (both are printed).
    floor = min(cases[0].cpu) * 1000
    targets = {2: PACKAGE_MS, 3: ONE_OP_MS}
    print(f"\nBest of {args.runs} fresh interpreters (the statement alone, start-up excluded)\n")
    print("| case | wall ms | CPU ms | CPU over httpx+pydantic | target | opc / case (CPU) |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    out: dict[str, Any] = {"machine": machine(), "runs": args.runs, "cases": []}
    for k, case in enumerate(cases):
        over = case.best_cpu_ms - floor
        target = ""
        if k in targets:
            verdict = "met" if over <= targets[k] else f"missed by {over - targets[k]:.0f} ms"
            target = f"<= +{targets[k]:.0f} ms: {verdict}"
        ratio = f"{cases[4].best_cpu_ms / case.best_cpu_ms:.2f}x" if k >= 3 else ""
        extra = f"{over:+.1f}" if k else ""
        cpu = case.best_cpu_ms
        print(f"| {case.label} | {case.best_ms:.1f} | {cpu:.1f} | {extra} | {target} | {ratio} |")
        out["cases"].append(
            {
                "case": case.label,
                "statement": case.statement,
                "wall_s": case.wall,
                "cpu_s": case.cpu,
                "best_ms": case.best_ms,
                "best_cpu_ms": case.best_cpu_ms,
                "cpu_over_floor_ms": over,
                "target_over_floor_ms": targets.get(k),
            }
        )
    ours_over, opc_over = cases[3].best_cpu_ms - floor, cases[4].best_cpu_ms - floor
    print(
        f"\nCPU over the floor, 1 operation of {OPERATIONS}: cloudnet +{ours_over:.0f} ms, "
        f"openapi-python-client +{opc_over:.0f} ms ({opc_over / ours_over:.1f}x)."
    )
    print(f"\nThe 10 modules with the most own time in `{cases[3].label}` (-X importtime)\n")
    print("| module | self ms | cumulative ms |")
    print("| --- | ---: | ---: |")
    for row in slowest:
        own, cumulative = row["self_us"] / 1000, row["cumulative_us"] / 1000
        print(f"| {row['module']} | {own:.1f} | {cumulative:.1f} |")
    out["slowest_modules"] = slowest
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import_time.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
