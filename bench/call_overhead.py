"""Per-call overhead of the generated clients, against bare httpx on the same transport.

Every case makes --calls calls (default 10,000) of one operation, one after another, over an
``httpx.MockTransport`` that answers 200 with the spec's small response example, and again over
loopback TCP to a small HTTP/1.1 server in another process (keep-alive; the same answer); the
time is the best of --runs, after one untimed warm-up run, the runs of a case and of its bare
call interleaved. No network, no retries (``max_retries=0``, so nothing sleeps). Cases, each
against its bare call (the same request by hand, then ``json.loads`` of the body):

- sync: ``HuaweiVpcepClient.list_service_connections`` with an IAM token (one header), bare
  ``httpx.Client.get``;
- async: ``AsyncHuaweiVpcepClient`` in one event loop, bare ``httpx.AsyncClient.get``;
- sync, Huawei AK/SK: the sync client with ``HuaweiAkSk`` signing every request;
- sync, Alibaba ACS3: ``AlibabaVpcClient.describe_vco_route_entries`` with ``AlibabaAcs3``,
  bare ``httpx.Client.post`` with the same query.

The bare calls are never signed. Targets (the issue): a signed call at most 1.5x the bare call
over ``MockTransport`` and 1.25x over loopback TCP, signing included; an unsigned one 1.1x.
``--profile`` adds cProfile's top frames of each cloudnet case.

    .venv/bin/python bench/call_overhead.py [--runs 5] [--calls 10000] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
sys.path[:0] = [str(REPO), str(REPO / "generated")]

from cloudnet import AlibabaAcs3, HuaweiAkSk, HuaweiIamToken  # noqa: E402
from cloudnet.alibaba.vpc import AlibabaVpcClient  # noqa: E402
from cloudnet.huawei.vpcep import AsyncHuaweiVpcepClient, HuaweiVpcepClient  # noqa: E402
from machine import machine  # noqa: E402 - the bench folder is not a package

from generator.openapi.bundle import bundle_document  # noqa: E402
from generator.openapi.tree import SpecTree  # noqa: E402

UNSIGNED = 1.1
SIGNED = {"MockTransport": 1.5, "loopback TCP": 1.25}
#: A keep-alive HTTP/1.1 server answering every request with the body in argv[1] (hex); it
#: prints its port.
SERVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
body = bytes.fromhex(sys.argv[1])
head = b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n"
answer = head % len(body) + body
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        # One write: headers and body in separate segments would meet delayed ACKs (40 ms).
        self.wfile.write(answer)
    do_GET = do_POST = answer
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""
PROJECT = "0c1b2a3d4e5f60718293a4b5c6d7e8f9"
SERVICE = "4189d3c2-8882-4871-a3c2-d380272eed88"
VPCEP = "https://vpcep.cn-north-4.myhuaweicloud.com"
VPCEP_URL = f"{VPCEP}/v1/{PROJECT}/vpc-endpoint-services/{SERVICE}/connections"
VPCEP_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
ALIBABA = "https://vpc.aliyuncs.com"
ALIBABA_QUERY = {
    "Action": "DescribeVcoRouteEntries",
    "Version": "2016-04-28",
    "RegionId": "cn-hangzhou",
    "VpnConnectionId": "vco-p0w2jpkhi2eeop6q6****",
}

#: The "unsigned" cases: an IAM token, one header (the clients send no operation that needs
#: credentials without them).
TOKEN = HuaweiIamToken("MIIEXAMPLE-iam-token")

#: A function making ``n`` calls and returning the seconds they took.
Timed = Callable[[int], float]


def example(spec: str, operation_id: str) -> bytes:
    """The first example of the operation's 200 response, as compact JSON."""
    tree = SpecTree.load(REPO / "specs")
    document = bundle_document(tree, tree.files[(REPO / "specs" / spec).resolve()]).document
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                examples = op["responses"]["200"]["content"]["application/json"]["examples"]
                value = next(iter(examples.values()))["value"]
                return json.dumps(value, separators=(",", ":")).encode()
    raise LookupError(operation_id)


def transport(body: bytes) -> httpx.MockTransport:
    headers = {"Content-Type": "application/json"}
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers=headers))


@contextlib.contextmanager
def server(body: bytes) -> Iterator[str]:
    """The base URL of a loopback server answering ``body`` (a process of its own, so that it
    shares no interpreter lock with the calls)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, body.hex()], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        yield f"http://127.0.0.1:{int(proc.stdout.readline())}"
    finally:
        proc.terminate()
        proc.wait()


def loop(call: Callable[[], object]) -> Timed:
    def timed(n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            call()
        return time.perf_counter() - start

    return timed


def sync_cases(
    over: str,
    vpcep_http: Callable[[], httpx.Client],
    alibaba_http: Callable[[], httpx.Client],
    base: str | None,
    ali_base: str | None,
) -> list[Case]:
    """The sync cases over the transports of the clients ``vpcep_http`` and ``alibaba_http``
    make; ``base`` and ``ali_base`` replace the vendors' URLs (loopback TCP). The bare calls
    have an httpx client of their own: the generated clients change theirs (the class of its
    ``cookies``, ``_client._ResponseCookies``), and the bare call is httpx as it comes."""
    vpcep, alibaba = vpcep_http(), alibaba_http()
    bare_vpcep, bare_alibaba = vpcep_http(), alibaba_http()
    vpcep_url = VPCEP_URL.replace(VPCEP, base) if base else VPCEP_URL
    plain = HuaweiVpcepClient(
        project_id=PROJECT, http_client=vpcep, credentials=TOKEN, max_retries=0, base_url=base
    )
    aksk = HuaweiAkSk("HPUAEXAMPLEAK0000000", "example-secret-key-0000000000000000000000")
    signed = HuaweiVpcepClient(
        project_id=PROJECT, credentials=aksk, http_client=vpcep, max_retries=0, base_url=base
    )
    acs3 = AlibabaAcs3("LTAI5tEXAMPLEKEYID000000", "example-access-key-secret-00000")
    ali = AlibabaVpcClient(credentials=acs3, http_client=alibaba, max_retries=0, base_url=ali_base)

    bare = loop(lambda: json.loads(bare_vpcep.get(vpcep_url, headers=VPCEP_HEADERS).content))
    ali_url = (ali_base or ALIBABA) + "/"
    ali_bare = loop(lambda: json.loads(bare_alibaba.post(ali_url, params=ALIBABA_QUERY).content))
    region, vco = ALIBABA_QUERY["RegionId"], ALIBABA_QUERY["VpnConnectionId"]
    return [
        Case(
            f"sync, {over}",
            loop(lambda: plain.list_service_connections(vpc_endpoint_service_id=SERVICE)),
            bare,
            UNSIGNED,
        ),
        Case(
            f"sync, Huawei AK/SK signed, {over}",
            loop(lambda: signed.list_service_connections(vpc_endpoint_service_id=SERVICE)),
            bare,
            SIGNED[over],
        ),
        Case(
            f"sync, Alibaba ACS3 signed, {over}",
            loop(lambda: ali.describe_vco_route_entries(region_id=region, vpn_connection_id=vco)),
            ali_bare,
            SIGNED[over],
        ),
    ]


def async_case(vpcep: bytes) -> Case:
    async def ours(n: int) -> float:
        async with httpx.AsyncClient(transport=transport(vpcep)) as http:
            client = AsyncHuaweiVpcepClient(
                project_id=PROJECT, http_client=http, credentials=TOKEN, max_retries=0
            )
            start = time.perf_counter()
            for _ in range(n):
                await client.list_service_connections(vpc_endpoint_service_id=SERVICE)
            return time.perf_counter() - start

    async def bare(n: int) -> float:
        async with httpx.AsyncClient(transport=transport(vpcep)) as http:
            start = time.perf_counter()
            for _ in range(n):
                json.loads((await http.get(VPCEP_URL, headers=VPCEP_HEADERS)).content)
            return time.perf_counter() - start

    return Case(
        "async, MockTransport",
        lambda n: asyncio.run(ours(n)),
        lambda n: asyncio.run(bare(n)),
        UNSIGNED,
    )


def best(case: Case, calls: int, runs: int) -> tuple[float, float]:
    """The best time of ``case``'s calls and of its bare calls, the runs of the two
    interleaved: on a shared machine a busy moment then slows both, not one side's runs."""
    case.ours(calls)  # warm-up: adapters built, caches filled
    case.bare(calls)
    ours, bare = [], []
    for _ in range(runs):
        ours.append(case.ours(calls))
        bare.append(case.bare(calls))
    return min(ours), min(bare)


def profile(name: str, timed: Timed, calls: int) -> None:
    """cProfile's top frames by own time, then the runtime's own frames by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(timed, calls)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(12)
    stats.sort_stats("cumulative").print_stats(r"generated/cloudnet/", 12)
    site = str(Path(httpx.__file__).parent.parent) + os.sep
    text = stream.getvalue().replace(site, "").replace(str(REPO / "generated") + os.sep, "")
    print(f"\ncProfile, cloudnet {name}, {calls:,} calls\n\n```\n{text.strip()}\n```")


@dataclass
class Case:
    name: str
    ours: Timed
    bare: Timed
    target: float


@dataclass
class Row:
    case: str
    ours_us: float
    bare_us: float
    target: float

    @property
    def ratio(self) -> float:
        return self.ours_us / self.bare_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    vpcep = example("huawei/vpcep.yaml", "ListServiceConnections")
    alibaba = example("alibaba/vpc.yaml", "DescribeVcoRouteEntries")
    with contextlib.ExitStack() as stack:
        base, ali_base = stack.enter_context(server(vpcep)), stack.enter_context(server(alibaba))
        cases = [
            *sync_cases(
                "MockTransport",
                lambda: httpx.Client(transport=transport(vpcep)),
                lambda: httpx.Client(transport=transport(alibaba)),
                None,
                None,
            ),
            async_case(vpcep),
            *sync_cases("loopback TCP", httpx.Client, httpx.Client, base, ali_base),
        ]
        per_call = 1e6 / args.calls
        rows = []
        for case in cases:
            ours, bare = best(case, args.calls, args.runs)
            rows.append(Row(case.name, ours * per_call, bare * per_call, case.target))
        if args.profile:
            for case in cases:
                profile(case.name, case.ours, min(args.calls, 2_000))

    print(f"\n{args.calls:,} calls, best of {args.runs}\n")
    print("| case | cloudnet us/call | bare us/call | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for row in rows:
        missed = row.ratio / row.target - 1
        verdict = "met" if missed <= 0 else f"missed by {missed:.0%}"
        print(
            f"| {row.case} | {row.ours_us:.1f} | {row.bare_us:.1f} | {row.ratio:.2f}x "
            f"| <= {row.target}x: {verdict} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {
        "machine": machine(),
        "runs": args.runs,
        "calls": args.calls,
        "cases": [{**vars(row), "ratio": row.ratio} for row in rows],
    }
    (RESULTS / "call_overhead.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
