"""The docs copy of a bundled API document: what a reader of the vendor page also needs.

Each operation gains ``x-codeSamples`` (Python with the generated client, then curl; Redoc and
Scalar show them beside the operation) and, in its description, a table of the error codes the
vendor documents (``x-cloudnet-error-codes``) or, where the page only points to a general list,
of the error statuses and where their body keeps the code. The source specs stay as they are:
samples depend on the generator's names, which belong to the output, not to the spec.
"""

from __future__ import annotations

import copy
from typing import Any

from ..ir import Api, Operation
from ..ir.parse import ParsedApi
from ..openapi.pointer import resolve_local
from ..openapi.walk import document_operations
from .samples import example_values, samples_for

__all__ = ["docs_document", "error_table", "security_headers"]


def docs_document(parsed: ParsedApi, package: str) -> dict[str, Any]:
    """A deep copy of the API's bundle with samples and error tables on every operation."""
    document = copy.deepcopy(parsed.bundle.document)
    api = parsed.api
    paths = document.get("paths", {})
    for route, item in list(paths.items()):  # each path item its own copy, to carry samples
        paths[route] = copy.deepcopy(resolve_local(document, item))
    views = {(v.route, v.method): v for v in document_operations(document)}
    for op in api.operations:
        view = views.get((op.route, op.http_method.lower()))
        if view is None:
            continue
        raw = view.data
        headers = security_headers(document, raw)
        if headers:
            raw["parameters"] = [*raw.get("parameters", []), *headers]
        samples = samples_for(api, op, example_values(document, view), package)
        raw["x-codeSamples"] = [
            {"lang": "Python", "label": "Python (cloudnet)", "source": samples.python},
            {"lang": "Shell", "label": "curl", "source": samples.curl},
        ]
        table = error_table(api, op)
        if table:
            description = str(raw.get("description", "")).rstrip()
            raw["description"] = (description + "\n\n" if description else "") + table
    return document


def security_headers(document: dict[str, Any], raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The request headers of the operation's security schemes, as the vendor pages list them
    (Huawei's ``X-Auth-Token``, String, 0 to 10,240 characters): a header parameter for each
    ``apiKey`` header scheme that records ``x-cloudnet-header-schema``, shown by Redoc under the
    scheme's "Authorizations" line. Required when every security requirement has the scheme.
    The client's credentials send the header, so it is no method argument: only the docs copy
    has the parameter, marked ``x-cloudnet-security-scheme``."""
    requirements = raw.get("security", document.get("security", []))
    schemes = document.get("components", {}).get("securitySchemes", {})
    declared = {
        str(param.get("name", "")).lower()
        for param in (resolve_local(document, p) for p in raw.get("parameters", []))
        if isinstance(param, dict) and param.get("in") == "header"
    }
    headers: list[dict[str, Any]] = []
    for name in dict.fromkeys(name for requirement in requirements for name in requirement):
        scheme = resolve_local(document, schemes.get(name, {}))
        schema = scheme.get("x-cloudnet-header-schema")
        header = str(scheme.get("name", ""))
        if scheme.get("type") != "apiKey" or scheme.get("in") != "header":
            continue
        if not isinstance(schema, dict) or not header or header.lower() in declared:
            continue
        required = all(name in requirement for requirement in requirements)
        others = [f"`{n}`" for n in dict.fromkeys(n for r in requirements for n in r) if n != name]
        when = "" if required else f"; required unless the request uses {' or '.join(others)}"
        description = str(scheme.get("description", "")).strip()
        headers.append(
            {
                "name": header,
                "in": "header",
                "required": required,
                "description": f"Security scheme `{name}`, sent by the client's credentials (no "
                f"method argument){when}. {description}".strip(),
                "schema": copy.deepcopy(schema),
                "x-cloudnet-security-scheme": name,
            }
        )
    return headers


def _cell(value: Any) -> str:
    """Markdown table cell text: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def error_table(api: Api, op: Operation) -> str:
    """Markdown: the vendor's error codes of ``op``, else its error statuses."""
    if op.error_codes:
        # Two columns: the code, the message the service sends and the vendor's meaning share
        # one, so the code stays on one line and the prose wraps under it at any width (four
        # columns squeezed InvalidVpnConnectionInstanceId.NotFound onto five lines).
        rows = ["| HTTP status | Error code, message and meaning |", "| --- | --- |"]
        for entry in op.error_codes:
            lines = [f"`{_cell(entry.get('code', ''))}`"]
            message, meaning = _cell(entry.get("message", "")), _cell(entry.get("description", ""))
            lines += [message] if message else []
            lines += [f"*{meaning}*"] if meaning and meaning != message else []
            rows.append(f"| {_cell(entry.get('status', ''))} | {'<br>'.join(lines)} |")
        return "### Error codes\n\n" + _wrapped("\n".join(rows))
    if not op.errors:
        return ""
    rows = ["| HTTP status | Meaning | Vendor code in the body |", "| --- | --- | --- |"]
    for error in op.errors:
        fields = (op.error_fields or {}).get("code")
        where = "`" + ".".join(fields) + "`" if fields else "(none)"
        rows.append(f"| {_cell(error.status)} | {_cell(error.description)} | {where} |")
    return (
        "### Error codes\n\nThe vendor page lists no codes for this operation and refers to the "
        f"service's general error-code list; {api.title} sends these statuses:\n\n"
        + _wrapped("\n".join(rows))
    )


def _wrapped(table: str) -> str:
    """The table in an element of its own, for the site's style (``site.css``: each code on one
    line); Markdown renders the table inside it, the blank lines ending the HTML block."""
    return f'<div class="cloudnet-error-codes">\n\n{table}\n\n</div>'
