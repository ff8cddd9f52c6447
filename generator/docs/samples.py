"""Code samples for the docs: a Python call of the generated client and a curl command.

Both are computed from the IR (the names the generated client really has) and the example
values of the spec's parameters, so a renamed parameter or client changes the samples with the
code. The tests run each Python sample against the mock server and check that the curl command
names the same method, URL and headers as the request the client sends.
"""

from __future__ import annotations

import json
import shlex
import textwrap
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..ir import Api, Operation, Parameter
from ..openapi.pointer import resolve_local
from ..openapi.walk import OperationView
from ..runtime._servers import Server as RuntimeServer

__all__ = [
    "CREDENTIALS",
    "Credential",
    "Samples",
    "example_values",
    "samples_for",
    "server_url",
]


@dataclass(frozen=True)
class Credential:
    """How a sample authenticates for one ``x-cloudnet-auth`` kind."""

    #: The runtime class (exported by the generated package).
    python_class: str
    #: Where the class reads its secret when called without arguments.
    environment: tuple[str, ...]
    #: The header a curl command sends, with shell variables for the secret.
    curl_headers: tuple[str, ...]
    #: A comment for the curl command when curl cannot compute the header itself.
    curl_note: str = ""
    #: Query parameters the signer sends as headers instead (query name, header name).
    query_to_headers: tuple[tuple[str, str], ...] = ()


# The runtime's credential classes by scheme kind (README, "Credentials"); a test checks that
# each class is exported by the generated package and reads the environment named here.
CREDENTIALS: dict[str, Credential] = {
    "zstack-session": Credential(
        "ZStackSession",
        ("ZSTACK_SESSION_UUID",),
        ("Authorization: OAuth $ZSTACK_SESSION_UUID",),
    ),
    "huawei-iam-token": Credential(
        "HuaweiIamToken",
        ("HUAWEICLOUD_SDK_AUTH_TOKEN",),
        ("X-Auth-Token: $HUAWEICLOUD_SDK_AUTH_TOKEN",),
    ),
    "huawei-aksk": Credential(
        "HuaweiAkSk",
        ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
        ("X-Sdk-Date: $X_SDK_DATE", "Authorization: $SDK_HMAC_SHA256_AUTHORIZATION"),
        "AK/SK signing (SDK-HMAC-SHA256) is computed per request: use an SDK or the client",
    ),
    "alibaba-acs3": Credential(
        "AlibabaAcs3",
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        (
            "x-acs-date: $X_ACS_DATE",
            "x-acs-signature-nonce: $X_ACS_SIGNATURE_NONCE",
            "x-acs-content-sha256: $X_ACS_CONTENT_SHA256",
            "Authorization: $ACS3_HMAC_SHA256_AUTHORIZATION",
        ),
        "signature V3 (ACS3-HMAC-SHA256) is computed per request: use an SDK or the client",
        # As the runtime's signer does (generator/runtime/_alibaba.py, _PINNED).
        (("Action", "x-acs-action"), ("Version", "x-acs-version")),
    ),
}


@dataclass(frozen=True)
class Samples:
    python: str
    curl: str


def samples_for(
    api: Api, op: Operation, values: dict[tuple[str, str], Any], package: str
) -> Samples:
    """The samples of ``op``; ``values`` maps (wire name, location) to an example value."""
    credential = _credential(api, op)
    return Samples(
        _python(api, op, values, package, credential), _curl(api, op, values, credential)
    )


def example_values(document: dict[str, Any], view: OperationView) -> dict[tuple[str, str], Any]:
    """An example value for each parameter of an operation of a bundled document: its
    ``example``, its first ``examples`` entry, its schema's example, default or first enum
    value. Parameters with none of these are left out (a sample shows a placeholder)."""
    values: dict[tuple[str, str], Any] = {}
    for param in view.parameters:
        value = _example_of(param.data, resolve_local(document, param.data.get("schema", {})))
        if value is not _NONE:
            values[(param.name, param.location)] = value
    return values


_NONE = object()


def _example_of(param: dict[str, Any], schema: Any) -> Any:
    if "example" in param:
        return param["example"]
    examples = param.get("examples")
    if isinstance(examples, dict):
        for named in examples.values():
            if isinstance(named, dict) and "value" in named:
                return named["value"]
    if isinstance(schema, dict):
        if "example" in schema:
            return schema["example"]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if "default" in schema:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
    return _NONE


def _credential(api: Api, op: Operation) -> Credential | None:
    """The credential of the operation's first security requirement the runtime knows."""
    kinds = {scheme.name: scheme.kind for scheme in api.security_schemes}
    for requirement in op.security:
        for name in requirement:
            credential = CREDENTIALS.get(kinds.get(name, ""))
            if credential is not None:
                return credential
    return None


def _py(value: Any) -> str:
    """Python source of a JSON value, strings in double quotes as ruff writes them."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(str(k))}: {_py(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _value(param: Parameter, values: dict[tuple[str, str], Any]) -> Any:
    return values.get((param.name, param.location), "...")


def _call_arguments(op: Operation) -> list[Parameter]:
    """The arguments a sample passes: those without a default, client options aside."""
    return [p for p in op.arguments if p.default is None and not p.client_option]


def _python(
    api: Api,
    op: Operation,
    values: dict[tuple[str, str], Any],
    package: str,
    credential: Credential | None,
) -> str:
    lines: list[str] = []
    if credential is not None:
        lines.append(f"from {package} import {credential.python_class}")
    lines += [f"from {package}.{api.package} import {api.client_class}", ""]
    options: list[str] = [f"{v.python_name}={_py(v.default)}" for v in api.server.variables]
    by_option = {p.python_name: p for p in op.parameters if p.client_option}
    for option in api.client_options:
        param = by_option.get(option.python_name)
        shown = _value(param, values) if param is not None else "..."
        options.append(f"{option.python_name}={_py(shown)}")
    if credential is not None:
        names = " and ".join(credential.environment)
        comment = f"{credential.python_class}() reads {names} from the environment."
        lines += ["# " + line for line in textwrap.wrap(comment, 86)]
        options.append(f"credentials={credential.python_class}()")
    lines.append(f"with {api.client_class}(")
    lines += [f"    {option}," for option in options]
    lines.append(") as client:")
    arguments = [f"{p.python_name}={_py(_value(p, values))}" for p in _call_arguments(op)]
    if arguments:
        lines.append(f"    result = client.{op.method_name}(")
        lines += [f"        {argument}," for argument in arguments]
        lines.append("    )")
    else:
        lines.append(f"    result = client.{op.method_name}()")
    lines.append("    print(result.to_json())" if op.result is not None else "    print(result)")
    return "\n".join(lines) + "\n"


def server_url(api: Api) -> str:
    """The API's first server with its variables at their defaults: the URL the client calls
    when given none (``x-cloudnet-server-urls`` applied: Alibaba's central host)."""
    server = RuntimeServer(api.server.url, urls=api.server.urls)
    return server.resolve({v.name: v.default for v in api.server.variables})


def _curl(
    api: Api, op: Operation, values: dict[tuple[str, str], Any], credential: Credential | None
) -> str:
    sent = {p.name for p in op.parameters if p.constant is not None or _sent(p)}
    path = op.path.split("#", 1)[0]  # an RPC action's fragment is never sent
    for param in op.located("path"):
        path = path.replace("{" + param.name + "}", quote(str(_value(param, values)), safe=""))
    moved = dict(credential.query_to_headers) if credential is not None else {}
    query = [
        (p.name, _wire(_constant_or_value(p, values)))
        for p in op.located("query")
        if p.name in sent and p.name not in moved
    ]
    url = server_url(api) + path + ("?" + urlencode(query, doseq=True) if query else "")
    lines = [f"curl -X {op.http_method.upper()} {shlex.quote(url)}"]
    headers = [
        f"{moved[p.name]}: {_wire(_constant_or_value(p, values))}"
        for p in op.located("query")
        if p.name in sent and p.name in moved
    ]
    headers += [
        f"{p.name}: {_wire(_constant_or_value(p, values))}"
        for p in op.located("header")
        if p.name in sent
    ]
    if op.body is not None and not any(p.name.lower() == "content-type" for p in op.parameters):
        headers.append(f"Content-Type: {op.body.content_type}")
    lines += [f"-H {shlex.quote(header)}" for header in headers]
    if credential is not None:
        # Double quotes: the shell fills in the variables.
        lines += [f'-H "{header}"' for header in credential.curl_headers]
    text = " \\\n  ".join(lines) + "\n"
    if credential is not None and credential.curl_note:
        text = f"# {credential.curl_note}.\n" + text
    return text


def _sent(param: Parameter) -> bool:
    """Whether the curl sample sends ``param``: what the Python sample passes (an argument
    without a default, a client option) and every required parameter, also one with a default
    that the client fills in by itself (VPC Endpoint's ``Content-Type``), since curl does not."""
    return param.default is None or param.client_option or param.required


def _constant_or_value(param: Parameter, values: dict[tuple[str, str], Any]) -> Any:
    if param.constant is not None:
        return values.get((param.name, param.location), param.constant.raw)
    return _value(param, values)


def _wire(value: Any) -> Any:
    """A query or header value as a client writes it (booleans in lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value
