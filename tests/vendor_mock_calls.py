"""The vendors' official SDKs calling the mock server, for tests/test_mock_vendor_sdks.py.

Run with .venv-vendor/bin/python (the SDKs' pins clash with .venv's). Takes one JSON object as
its argument: {"endpoint": "http://127.0.0.1:PORT", "operation": "<operationId>", "ak": ...,
"sk": ..., "project_id": ...}; makes the SDK's call for that operation against the endpoint and
prints one JSON line: {"ok": true, "body": <the SDK's parsed response, as a dict>} or
{"ok": false, "status": <HTTP status>, "code": <vendor error code>, "error": "<text>"}.

Only the standard library is imported at the top, so that mypy and pytest in .venv can load this
file; the SDKs are imported inside the functions.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit


def _huawei(
    module: str, client_name: str, request_name: str, method: str, **arguments: Any
) -> Callable[[dict[str, Any]], Any]:
    def call(req: dict[str, Any]) -> Any:
        credentials: Any = importlib.import_module("huaweicloudsdkcore.auth.credentials")
        http_config: Any = importlib.import_module("huaweicloudsdkcore.http.http_config")
        sdk: Any = importlib.import_module(module)
        config = http_config.HttpConfig.get_default_config()
        config.ignore_ssl_verification = True
        config.timeout = (5, 10)
        client = (
            getattr(sdk, client_name)
            .new_builder()
            .with_http_config(config)
            .with_credentials(credentials.BasicCredentials(req["ak"], req["sk"], req["project_id"]))
            .with_endpoints([req["endpoint"]])
            .build()
        )
        response = getattr(client, method)(getattr(sdk, request_name)(**arguments))
        return response.to_dict()

    return call


def _alibaba(req: dict[str, Any]) -> Any:
    openapi: Any = importlib.import_module("alibabacloud_tea_openapi.models")
    client_module: Any = importlib.import_module("alibabacloud_vpc20160428.client")
    models: Any = importlib.import_module("alibabacloud_vpc20160428.models")
    config = openapi.Config(
        access_key_id=req["ak"],
        access_key_secret=req["sk"],
        endpoint=urlsplit(req["endpoint"]).netloc,
        protocol="http",
        read_timeout=10000,
        connect_timeout=5000,
    )
    client = client_module.Client(config)
    request = models.DescribeVcoRouteEntriesRequest(
        region_id="cn-hangzhou",
        vpn_connection_id="vco-p0w2jpkhi2eeop6q6****",
        page_number=1,
        page_size=10,
        route_entry_type="custom",
    )
    response = client.describe_vco_route_entries(request)
    return response.body.to_map()


CALLS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "ListServiceConnections": _huawei(
        "huaweicloudsdkvpcep.v1",
        "VpcepClient",
        "ListServiceConnectionsRequest",
        "list_service_connections",
        vpc_endpoint_service_id="4189d3c2-8882-4871-a3c2-d380272eed88",
        limit=10,
        offset=0,
    ),
    "ShowVifPeerDetection": _huawei(
        "huaweicloudsdkdc.v3",
        "DcClient",
        "ShowVifPeerDetectionRequest",
        "show_vif_peer_detection",
        vif_peer_id="3284c6e2-a803-4108-8496-ed3f150697d6",
    ),
    "ShowDetailsOfVpcChannelV2": _huawei(
        "huaweicloudsdkroma.v2",
        "RomaClient",
        "ShowDetailsOfVpcChannelV2Request",
        "show_details_of_vpc_channel_v2",
        instance_id="f0fa1789-3b76-433b-a787-9892951c620e",
        vpc_channel_id="56a7d7358e1b42459c9d730d65b14e59",
    ),
    "DescribeVcoRouteEntries": _alibaba,
}


def main() -> None:
    req = json.loads(sys.argv[1])
    try:
        body = CALLS[req["operation"]](req)
    except Exception as exc:  # the SDKs' own exception types, reported for the test to check
        status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
        code = getattr(exc, "error_code", None) or getattr(exc, "code", None)
        print(json.dumps({"ok": False, "status": status, "code": code, "error": repr(exc)}))
        return
    print(json.dumps({"ok": True, "body": body}, default=str))


if __name__ == "__main__":
    main()
