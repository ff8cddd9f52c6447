"""The vendors' official SDKs as a signing oracle, for the signer tests.

Run with .venv-vendor/bin/python (the SDKs' pins clash with .venv's, so they live apart). Reads
one JSON request per line on stdin and writes one JSON line per request on stdout:

    in:  {"vendor": "huawei", "method": "POST", "url": "https://host/path?q=1",
          "headers": [["Name", "value"], ...], "body": "text" | "body_b64": "...",
          "ak": "...", "sk": "...", "security_token": null, "project_id": null,
          "timestamp": "20240102T030405Z"}
    out: {"ok": true, "headers": {...the signed headers...}, "uri": "/path?q=1"}
      or {"ok": false, "error": "<traceback>"}

Each vendor is one function in HANDLERS. Only the standard library is imported at the top, so
that mypy and pytest in .venv can load this file; the SDKs are imported inside the handlers.
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _body(req: dict[str, Any]) -> bytes:
    if req.get("body_b64") is not None:
        return base64.b64decode(req["body_b64"])
    return str(req.get("body") or "").encode()


def huawei(req: dict[str, Any]) -> dict[str, Any]:
    """huaweicloudsdkcore: BasicCredentials.sign_request, which adds X-Project-Id and
    X-Security-Token, then runs the SDK-HMAC-SHA256 Signer, on the SdkRequest its client
    would build for this URL."""
    credentials: Any = importlib.import_module("huaweicloudsdkcore.auth.credentials")
    sdk_request: Any = importlib.import_module("huaweicloudsdkcore.sdk_request")
    url = urlsplit(req["url"])
    headers = {name: value for name, value in req["headers"]}
    # The signer keeps an X-Sdk-Date it finds (else it takes utcnow): that fixes the time.
    headers["X-Sdk-Date"] = req["timestamp"]
    request = sdk_request.SdkRequest(
        method=req["method"],
        schema=url.scheme,
        host=url.netloc,
        # An HTTP request target is never empty ("https://h" sends "/"); the SDK's resource
        # paths always start with "/".
        resource_path=url.path or "/",
        # The SDK's client holds decoded (key, value) tuples; decode as httpx does.
        query_params=parse_qsl(url.query, keep_blank_values=True),
        header_params=headers,
        body=_body(req),
    )
    cred = credentials.BasicCredentials(req["ak"], req["sk"], req.get("project_id"))
    if req.get("security_token") is not None:
        cred.with_security_token(req["security_token"])
    signed = cred.sign_request(request)
    # header_params values come back as the SDK leaves them for requests: UTF-8 bytes read as
    # Latin-1 (only matters for non-ASCII values).
    return {"headers": dict(signed.header_params), "uri": signed.uri}


def alibaba(req: dict[str, Any]) -> dict[str, Any]:
    """alibabacloud-tea-openapi: Client.call_api for an RPC-style action with signature V3
    (do_request, ACS3-HMAC-SHA256), as a product SDK calls it: the action and version as
    Params, the other parameters as the query, a form (or byte) body. x-acs-date and the nonce
    are fixed, and the network is replaced by a capture of the request the SDK would send.

    In: "method", "url" (scheme, host and path; its query is not read), "action", "version",
    "query": [[name, value], ...], "headers": [[name, value], ...] (the caller's),
    "form": [[name, value], ...] or "body"/"body_b64" (raw bytes) or neither, "ak", "sk",
    "security_token", "timestamp" ("2024-01-02T03:04:05Z"), "nonce".
    Out: "headers" (as the SDK hands them to requests), "url" (as requests sends it),
    "canonical_query" (the one signed), "body_b64" (null for no body).
    """
    client_mod: Any = importlib.import_module("alibabacloud_tea_openapi.client")
    models: Any = importlib.import_module("alibabacloud_tea_openapi.utils_models")
    utils_mod: Any = importlib.import_module("alibabacloud_tea_openapi.utils")
    core: Any = importlib.import_module("darabonba.core").DaraCore
    response_mod: Any = importlib.import_module("darabonba.response")
    runtime_mod: Any = importlib.import_module("darabonba.runtime")
    requests_models: Any = importlib.import_module("requests.models")
    utils = utils_mod.Utils
    url = urlsplit(req["url"])
    captured: list[Any] = []

    def do_action(request: Any, runtime_option: Any = None) -> Any:
        captured.append(request)
        response = response_mod.DaraResponse()
        response.status_code, response.headers, response.body = 200, {}, b"{}"
        return response

    saved = (utils.get_timestamp, utils.get_nonce, core.do_action)
    utils.get_timestamp = staticmethod(lambda: req["timestamp"])
    utils.get_nonce = staticmethod(lambda: req["nonce"])
    core.do_action = staticmethod(do_action)
    try:
        client = client_mod.Client(
            models.Config(
                access_key_id=req["ak"],
                access_key_secret=req["sk"],
                security_token=req.get("security_token"),
                endpoint=url.netloc,
                protocol=url.scheme.upper(),
            )
        )
        body: Any = None
        body_type = "formData"
        if req.get("form") is not None:
            body = {name: value for name, value in req["form"]}
        elif req.get("body") is not None or req.get("body_b64") is not None:
            body_type, body = "byte", _body(req)
        params = models.Params(
            action=req["action"],
            version=req["version"],
            protocol=url.scheme.upper(),
            pathname=url.path or "/",
            method=req["method"],
            auth_type="AK",
            style="RPC",
            req_body_type=body_type,
            body_type="json",
        )
        request = models.OpenApiRequest(
            query={name: value for name, value in req["query"]},
            headers={name: value for name, value in req["headers"]},
            body=body,
        )
        client.call_api(params, request, runtime_mod.RuntimeOptions())
    finally:
        utils.get_timestamp, utils.get_nonce, core.do_action = saved
    (sent,) = captured
    raw = sent.body.encode() if isinstance(sent.body, str) else sent.body
    # What DaraCore.do_action does with it: compose_url, then requests prepares the request.
    prepared = requests_models.PreparedRequest()
    prepared.prepare(
        method=sent.method.upper(), url=core.compose_url(sent), data=raw, headers=sent.headers
    )
    return {
        "headers": dict(sent.headers),
        "url": prepared.url,
        "canonical_query": utils_mod.get_canonical_query_string(sent.query),
        "body_b64": None if raw is None else base64.b64encode(raw).decode(),
    }


HANDLERS: dict[str, Handler] = {
    "huawei": huawei,
    "alibaba": alibaba,
}


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            out: dict[str, Any] = {"ok": True, **HANDLERS[req["vendor"]](req)}
        except Exception:
            out = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
