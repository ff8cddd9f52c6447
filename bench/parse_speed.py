"""Response parsing speed: the generated models against json.loads and the peers' models.

Two bodies, built from the spec's response example by copying its list item with varied values
(deterministic: the same sizes give the same bytes):

- Alibaba DescribeVcoRouteEntries with 10,000 route entries (about 3 MB);
- Huawei ROMA ShowDetailsOfVpcChannelV2 with 2,000 members.

Each parser takes the body as bytes, as it comes off the wire; the time is the best of --runs
rounds in one process, garbage collector on, the parsers interleaved within each round (so a
neighbour's load on a shared machine falls on all of them alike). Parsers:

- ``json.loads`` and ``orjson.loads``: the floor, no model;
- cloudnet, as a call reads it: the client's response reading (lenient, the default: the body is
  checked against the spec, values that break it would be kept as sent and listed), from the
  ``httpx.Response`` to the typed result;
- cloudnet ``Model.model_validate_json(body)`` alone (pydantic-core parses and validates in one
  pass), and the lenient read of the same body with one entry broken (a string where the spec
  says integer): what a body that breaks the spec costs;
- two floors of a pydantic read: a plain pydantic model of the same fields and wire names
  (pydantic's own lax ``str``/``int``/``datetime``, enums as their value type, no custom types,
  unknown fields ignored: ``plain_model``), and pydantic-core's ``validate_json`` into plain
  dicts and lists (``TypeAdapter(Any)``: the parse without any model object);
- ``--baseline DIR``: before and after: the client read of another generated tree (before a
  change) and of this one, each timed by a process of its own against its own ``json.loads``,
  five processes of each in turn (their ``best ms`` is that ratio times this process's
  ``json.loads``);
- openapi-python-client 0.29: ``Model.from_dict(json.loads(body))`` on its attrs models, from a
  client it generates at start-up, into a temporary folder, from the same bundled spec;
- the official Alibaba SDK (alibabacloud-vpc20160428, in .venv-vendor):
  ``DescribeVcoRouteEntriesResponseBody().from_map(json.loads(body))``, timed by a subprocess
  in that venv against its own ``json.loads`` (there is no official ROMA SDK there).

Ratios are to ``json.loads`` in the same process. Target (issue 17): cloudnet's read at most
1.4x ``json.loads`` on the 10,000-entry body and ahead of the official SDK, 1.2x the aim.
``--profile`` adds cProfile's top frames of the cloudnet read of each body.

    .venv/bin/python bench/parse_speed.py [--runs 15] [--entries 10000] [--members 2000]
        [--profile] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import datetime
import enum
import hashlib
import importlib
import io
import json
import logging
import os
import pstats
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import orjson
import pydantic

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VENDOR_PYTHON = REPO / ".venv-vendor" / "bin" / "python"
RESULTS = REPO / "bench" / "results"
sys.path[:0] = [str(REPO), str(REPO / "generated")]

import httpx  # noqa: E402
from cloudnet._core import Operation, SyncAPIClient  # noqa: E402
from cloudnet.alibaba.vpc.models import DescribeVcoRouteEntriesResponse  # noqa: E402
from cloudnet.huawei.roma.models import ShowDetailsOfVpcChannelV2Response  # noqa: E402
from machine import machine  # noqa: E402 - the bench folder is not a package

from generator.openapi.bundle import bundle_document  # noqa: E402
from generator.openapi.tree import SpecTree  # noqa: E402

TARGET, AIM = 1.4, 1.2
#: ``time.thread_time`` (CPU time of the thread: what the parse costs, whatever the machine's
#: other load) or ``time.perf_counter`` (wall clock); ``--clock``.
CLOCKS = {"cpu": "thread_time", "wall": "perf_counter"}
CLOCK: list[Callable[[], float]] = [time.thread_time]

# Run by .venv-vendor/bin/python with the body file and the number of runs; prints JSON.
VENDOR_SNIPPET = """
import json, sys, time
from alibabacloud_vpc20160428.models import DescribeVcoRouteEntriesResponseBody as Body

body = open(sys.argv[1], "rb").read()
runs = int(sys.argv[2])

clock = getattr(time, sys.argv[3])
items = len(Body().from_map(json.loads(body)).vco_route_entries)
base, sdk = [], []
for _ in range(runs):  # interleaved, as in the main process
    pairs = ((base, lambda: json.loads(body)), (sdk, lambda: Body().from_map(json.loads(body))))
    for times, fn in pairs:
        start = clock()
        fn()
        times.append(clock() - start)
print(json.dumps({"items": items, "json.loads": min(base), "sdk": min(sdk)}))
"""

# Run with this venv's python, a generated tree first on sys.path: its client's read of the body
# (``_result``, the same call before and after the lenient reading), against json.loads.
TREE_SNIPPET = """
import importlib, json, sys, time
sys.path.insert(0, sys.argv[1])
import httpx
from cloudnet._core import Operation, SyncAPIClient
model = getattr(importlib.import_module(sys.argv[2]), sys.argv[3])
body = open(sys.argv[4], "rb").read()
runs = int(sys.argv[5])
clock = getattr(time, sys.argv[6])
client = SyncAPIClient(base_url="https://bench.invalid", credentials=[])
op = Operation(operation_id="Bench", method="GET", path="/")
response = httpx.Response(200, content=body, request=httpx.Request("GET", "https://b.invalid/"))
read = lambda: client._result(op, response, model)
base, ours = [], []
for _ in range(runs):
    for times, fn in ((base, lambda: json.loads(body)), (ours, read)):
        start = clock()
        fn()
        times.append(clock() - start)
print(json.dumps({"json.loads": min(base), "model": min(ours)}))
"""


@dataclass
class Api:
    spec: str  # below specs/
    operation_id: str
    ours: type[Any]
    opc_class: str  # openapi-python-client's name for the response model
    items: str  # the list the body is made big with


ALIBABA = Api(
    "alibaba/vpc.yaml",
    "DescribeVcoRouteEntries",
    DescribeVcoRouteEntriesResponse,
    "DescribeVcoRouteEntriesResponse",
    "VcoRouteEntries",
)
ROMA = Api(
    "huawei/roma.yaml",
    "ShowDetailsOfVpcChannelV2",
    ShowDetailsOfVpcChannelV2Response,
    "ShowDetailsOfVpcChannelV2Response",
    "members",
)


def _hex(prefix: str, i: int, length: int) -> str:
    return prefix + hashlib.sha256(f"{prefix}{i}".encode()).hexdigest()[:length]


def route_entry(template: dict[str, Any], i: int) -> dict[str, Any]:
    bgp = i % 2 == 1
    return {
        **template,
        "VpnConnectionId": _hex("vco-", i % 64, 21),
        "RouteDest": f"10.{i >> 8 & 255}.{i & 255}.0/24",
        "NextHop": _hex("vco-", i % 64, 21),
        "Weight": 0 if bgp else 100,
        "State": "Active" if bgp else "published",
        "RouteEntryType": "bgp" if bgp else "custom",
        "CreateTime": template["CreateTime"] + i * 1000,
        "AsPath": f"[{12000 + i % 1000}]",
        "Community": f"65535:{65000 + i % 500}",
        "Source": "VPN_BGP" if i % 4 == 1 else "CLOUD",
        "NextHopTunnelIdList": [_hex("tun-", i % 128, 21)],
    }


def member(template: dict[str, Any], i: int) -> dict[str, Any]:
    host = f"192.168.{i >> 8 & 255}.{i & 255}"
    return {
        **template,
        "host": host,
        "weight": 1 + i % 10,
        "is_backup": i % 7 == 0,
        "status": 1 + i % 2,
        "port": (22, 80, 443)[i % 3],
        "ecs_id": host,
        "ecs_name": host,
        "id": _hex("", i, 32),
        "create_time": f"2020-07-23T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
        "health_status": ("healthy", "unhealthy", "unknown")[i % 3],
    }


def example(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    """The first example of the operation's 200 response."""
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                examples = op["responses"]["200"]["content"]["application/json"]["examples"]
                value: dict[str, Any] = next(iter(examples.values()))["value"]
                return copy.deepcopy(value)
    raise LookupError(operation_id)


def body(api: Api, document: dict[str, Any], count: int) -> bytes:
    data = example(document, api.operation_id)
    template = data[api.items][0]
    make = route_entry if api is ALIBABA else member
    data[api.items] = [make(template, i) for i in range(count)]
    if api is ALIBABA:
        data.update(TotalCount=count, PageSize=count)
    return json.dumps(data, separators=(",", ":")).encode()


def opc_model(api: Api, document: dict[str, Any], tmp: Path) -> Any:
    """openapi-python-client's response model, generated from the bundled document."""
    package = "opc_" + api.spec.removesuffix(".yaml").replace("/", "_")
    spec = tmp / f"{package}.json"
    spec.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(BIN / "openapi-python-client"), "generate", "--path", str(spec)]
    command += ["--output-path", str(tmp / package), "--meta", "none"]
    subprocess.run(command, env=env, cwd=tmp, check=True, capture_output=True)
    if str(tmp) not in sys.path:
        sys.path.insert(0, str(tmp))
    return getattr(importlib.import_module(f"{package}.models"), api.opc_class)


def vendor_times(path: Path, runs: int) -> dict[str, float] | None:
    if not VENDOR_PYTHON.exists():
        return None
    run = subprocess.run(
        [str(VENDOR_PYTHON), "-c", VENDOR_SNIPPET, str(path), str(runs), CLOCK[0].__name__],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(run.stdout)
    return result


def interleaved(parsers: list[tuple[str, Callable[[], object]]], runs: int) -> dict[str, float]:
    """The best time of each parser over ``runs`` rounds, each round running every parser once."""
    times: dict[str, list[float]] = {name: [] for name, _ in parsers}
    for _ in range(runs):
        for name, fn in parsers:
            start = CLOCK[0]()
            fn()
            times[name].append(CLOCK[0]() - start)
    return {name: min(found) for name, found in times.items()}


READ = "cloudnet client read (lenient, the default)"
_OP = Operation(operation_id="Bench", method="GET", path="/")


def reader(api: Api, raw: bytes) -> Callable[[], object]:
    """What a call does with the body once it has arrived: the client's response reading."""
    client = SyncAPIClient(base_url="https://bench.invalid", credentials=[])
    response = httpx.Response(
        200, content=raw, request=httpx.Request("GET", "https://bench.invalid/")
    )
    return lambda: client._result(_OP, response, api.ours)


def _plain_type(tp: Any, made: dict[type[Any], type[pydantic.BaseModel]]) -> Any:
    """``tp`` with pydantic's own types in place of the runtime's (see ``plain_model``)."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _plain_type(get_args(tp)[0], made)
    if origin is Union or origin is types.UnionType:
        members = tuple(_plain_type(a, made) for a in get_args(tp))
        return Union[members]  # noqa: UP007 - built from a tuple
    if origin in (list, dict):
        return origin[tuple(_plain_type(a, made) for a in get_args(tp))]
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return plain_model(tp, made)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return int if issubclass(tp, int) else str if issubclass(tp, str) else Any
    if tp in (str, int, float, bool, datetime.datetime, datetime.date, type(None)):
        return tp
    return Any


def plain_model(
    model: type[pydantic.BaseModel], made: dict[type[Any], type[pydantic.BaseModel]] | None = None
) -> type[pydantic.BaseModel]:
    """A plain pydantic model of ``model``'s fields and wire names: pydantic's default
    configuration (unknown fields ignored) and its own lax types, no enums, no custom types.
    What pydantic costs for the same objects whatever the runtime adds (a floor of the read)."""
    made = {} if made is None else made
    if model not in made:
        fields: dict[str, Any] = {
            name: (
                _plain_type(info.annotation, made),
                pydantic.Field(default=info.default, alias=info.alias),
            )
            for name, info in model.model_fields.items()
        }
        made[model] = pydantic.create_model(f"Plain{model.__name__}", **fields)
    return made[model]


def broken(api: Api, raw: bytes) -> bytes:
    """The body with one entry's integer (``Weight``, ``weight``) sent as a string."""
    data = json.loads(raw)
    entry = data[api.items][len(data[api.items]) // 2]
    key = "Weight" if "Weight" in entry else "weight"
    entry[key] = str(entry[key])
    return json.dumps(data, separators=(",", ":")).encode()


def tree_ratio(tree: Path, api: Api, path: Path, runs: int) -> float:
    """The read of ``tree``'s client over json.loads, in a process of its own."""
    module, name = api.ours.__module__, api.ours.__name__
    command = [sys.executable, "-c", TREE_SNIPPET, str(tree), module, name, str(path)]
    run = subprocess.run(
        [*command, str(runs), CLOCK[0].__name__], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(run.stdout)
    return result["model"] / result["json.loads"]


def before_after(baseline: Path, api: Api, path: Path, runs: int) -> tuple[float, float]:
    """The baseline tree's read and this one's, each in a process of its own, five times in
    turn (a shared machine's load falls on both alike); the best ratio of each."""
    before, after = [], []
    for _ in range(5):
        before.append(tree_ratio(baseline, api, path, runs))
        after.append(tree_ratio(REPO / "generated", api, path, runs))
    return min(before), min(after)


def measure(
    api: Api, raw: bytes, count: int, opc: Any, tmp: Path, runs: int, baseline: Path | None
) -> dict[str, Any]:
    items = api.items
    read = reader(api, raw)
    ours = read()
    by_alias = {"VcoRouteEntries": "vco_route_entries"}.get(items, items)
    assert len(getattr(ours, by_alias)) == count
    assert len(getattr(opc.from_dict(json.loads(raw)), by_alias)) == count
    plain = plain_model(api.ours)
    dicts = pydantic.TypeAdapter(Any).validate_json
    assert len(getattr(plain.model_validate_json(raw), by_alias)) == count
    bad = broken(api, raw)
    read_bad = reader(api, bad)
    logging.getLogger("cloudnet").setLevel(logging.ERROR)  # the broken body's one warning
    assert len(getattr(read_bad(), by_alias)) == count

    parsers: list[tuple[str, Callable[[], object]]] = [
        ("json.loads", lambda: json.loads(raw)),
        ("orjson.loads", lambda: orjson.loads(raw)),
        (READ, read),
        ("cloudnet model_validate_json", lambda: api.ours.model_validate_json(raw)),
        ("floor: plain pydantic model of the same fields", lambda: plain.model_validate_json(raw)),
        ("floor: pydantic-core validate_json into dicts (no model)", lambda: dicts(raw)),
        ("openapi-python-client from_dict(json.loads)", lambda: opc.from_dict(json.loads(raw))),
        ("cloudnet client read, one entry breaking the spec", lambda: read_bad()),
    ]
    best = interleaved(parsers, runs)
    base = best["json.loads"]
    rows: list[dict[str, Any]] = [
        {"parser": name, "best_s": seconds, "vs_json_loads": seconds / base}
        for name, seconds in best.items()
    ]
    if baseline is not None:
        path = tmp / f"{api.operation_id}-body.json"
        path.write_bytes(raw)
        before, after = before_after(baseline, api, path, runs)
        for label, ratio in ((f"before [{baseline}]", before), ("after [generated]", after)):
            rows.append(
                {
                    "parser": f"client read, {label}, best of 5 processes in turn",
                    "best_s": ratio * base,
                    "vs_json_loads": ratio,
                }
            )
    if api is ALIBABA:
        path = tmp / "alibaba-body.json"
        path.write_bytes(raw)
        vendor = vendor_times(path, runs)
        if vendor is not None:
            assert vendor["items"] == count
            rows.append(
                {
                    "parser": "Alibaba SDK from_map(json.loads) [.venv-vendor]",
                    "best_s": vendor["sdk"],
                    "vs_json_loads": vendor["sdk"] / vendor["json.loads"],
                    "json_loads_s_in_that_process": vendor["json.loads"],
                }
            )
    for row in rows:
        row["mb_per_s"] = len(raw) / row["best_s"] / 1e6
    name = f"{api.operation_id}, {count:,} {items}"
    return {"body": name, "bytes": len(raw), "items": count, "parsers": rows}


def table(result: dict[str, Any]) -> None:
    print(f"\n{result['body']} ({result['bytes'] / 1e6:.2f} MB, {CLOCK[0].__name__})\n")
    print("| parser | best ms | MB/s | vs json.loads |")
    print("| --- | ---: | ---: | ---: |")
    for row in result["parsers"]:
        print(
            f"| {row['parser']} | {row['best_s'] * 1000:.1f} | {row['mb_per_s']:.0f} "
            f"| {row['vs_json_loads']:.2f}x |"
        )


def profile(api: Api, raw: bytes) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(reader(api, raw))
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(12)
    site = str(Path(orjson.__file__).parent.parent) + os.sep
    text = stream.getvalue().replace(site, "").replace(str(REPO / "generated") + os.sep, "")
    print(f"\ncProfile, cloudnet's read of {api.ours.__name__}, by own time:\n")
    print(f"```\n{text.strip()}\n```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another generated tree, timed alike")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    args = parser.parse_args()
    CLOCK[0] = getattr(time, CLOCKS[args.clock])
    tree = SpecTree.load(REPO / "specs")
    results = []
    with tempfile.TemporaryDirectory(prefix="cloudnet-parse-") as raw_tmp:
        tmp = Path(raw_tmp)
        for api, count in ((ALIBABA, args.entries), (ROMA, args.members)):
            file = tree.files[(REPO / "specs" / api.spec).resolve()]
            document = bundle_document(tree, file).document
            raw = body(api, document, count)
            opc = opc_model(api, document, tmp)
            results.append(measure(api, raw, count, opc, tmp, args.runs, args.baseline))
            table(results[-1])
            if args.profile:
                profile(api, raw)
    rows = {r["parser"]: r for r in results[0]["parsers"]}
    # A process of its own (--baseline) is the cleaner figure: here, the objects of the other
    # parsers and of the spec tree make each garbage collection of the read cost more.
    clean = next((r for name, r in rows.items() if "after [generated]" in name), None)
    ratio = (clean or rows[READ])["vs_json_loads"]
    sdk = next((r for name, r in rows.items() if name.startswith("Alibaba SDK")), None)
    ahead = sdk is None or ratio < sdk["vs_json_loads"]
    verdict = "met" if ratio <= TARGET and ahead else f"missed ({ratio / TARGET - 1:+.0%})"
    print(f"\ncloudnet's read of {results[0]['body']}: {ratio:.2f}x json.loads", end="")
    if sdk is not None:
        print(f", the official SDK {sdk['vs_json_loads']:.2f}x", end="")
    print(f" (target <= {TARGET}x and ahead of the SDK, aim {AIM}x): {verdict}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {
        "machine": machine(),
        "clock": args.clock,
        "runs": args.runs,
        "target": TARGET,
        "aim": AIM,
        "bodies": results,
    }
    (RESULTS / "parse_speed.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
