"""The official SDKs' region tables and hosts, for tests/test_regions.py.

Run with .venv-vendor/bin/python (the SDKs' pins clash with .venv's). Takes one JSON object as
its argument: {"full": false, "alibaba_extra": ["cn-beijing", ...], "unknown": "mars-1"};
prints one JSON object:

    {"huawei/dc": {"regions": {"cn-north-4": ["https://dcaas.cn-north-4...."], ...},
                   "unknown": "<the KeyError value_of raises for the unknown region>"},
     "huawei/vpcep": ..., "huawei/roma": ...,
     "alibaba/vpc": {"map": {"cn-hangzhou": "https://vpc.aliyuncs.com", ...},
                     "hosts": {"<region>": "https://...", ...}}}

Huawei: every region of the service's region class (``static_fields``), looked up as its client
builder does (``value_of``; no HUAWEICLOUD_SDK_REGION_* variables or region profile are set in
the test's environment, so only the table answers). The region module is loaded from its file,
without its package's ``__init__`` (which imports every model of the service: seconds).

Alibaba: the VPC client's endpoint map. Without ``full`` it is read from the client's source
(``ast.literal_eval`` of the dict display; importing the client takes seconds) and ``hosts`` is
empty; with ``full``, ``hosts`` is the host the client itself computes for each region of the map
and of ``alibaba_extra`` (``Client(Config(region_id=...))._endpoint``: its map, else the
regional endpoint rule).

Only the standard library is imported at the top, so that mypy and pytest in .venv can load this
file; the SDKs are imported inside the functions.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import sys
import sysconfig
from pathlib import Path
from typing import Any

SITE = Path(sysconfig.get_paths()["purelib"])
#: API (spec file) -> the region module of its official SDK (a file under SITE) and its class.
HUAWEI = {
    "huawei/dc": ("huaweicloudsdkdc/v3/region/dc_region.py", "DcRegion"),
    "huawei/vpcep": ("huaweicloudsdkvpcep/v1/region/vpcep_region.py", "VpcepRegion"),
    "huawei/roma": ("huaweicloudsdkroma/v2/region/roma_region.py", "RomaRegion"),
}
ALIBABA_CLIENT = "alibabacloud_vpc20160428/client.py"


def huawei(path: str, name: str, unknown: str) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location(f"_regions_{name}", SITE / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table: Any = getattr(module, name)
    regions = {r: list(table.value_of(r).endpoints) for r in table.static_fields}
    try:
        table.value_of(unknown)
    except KeyError as exc:
        refused = str(exc)
    else:
        refused = ""
    return {"regions": regions, "unknown": refused}


def alibaba_map() -> dict[str, str]:
    """``self._endpoint_map = {...}`` of the client's ``__init__``, read from its source."""
    source = (SITE / ALIBABA_CLIENT).read_text(encoding="utf-8")
    start = source.index("{", source.index("self._endpoint_map = {"))
    end = source.index("}", start)
    table: dict[str, str] = ast.literal_eval(source[start : end + 1])
    return table


def alibaba_hosts(regions: list[str]) -> dict[str, str]:
    config: Any = importlib.import_module("alibabacloud_tea_openapi.utils_models").Config
    client: Any = importlib.import_module("alibabacloud_vpc20160428.client").Client
    # The client's calls go out over HTTPS (protocol="HTTPS" in each *_with_options call).
    return {r: "https://" + client(config(region_id=r))._endpoint for r in regions}


def main() -> None:
    request = json.loads(sys.argv[1])
    answer: dict[str, Any] = {
        api: huawei(path, name, request["unknown"]) for api, (path, name) in HUAWEI.items()
    }
    table = alibaba_map()
    hosts = alibaba_hosts([*table, *request["alibaba_extra"]]) if request["full"] else {}
    answer["alibaba/vpc"] = {"map": {k: "https://" + v for k, v in table.items()}, "hosts": hosts}
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
