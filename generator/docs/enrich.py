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
from ..openapi.pointer import resolve_local
from ..openapi.walk import document_operations
from ..parse import ParsedApi
from .samples import example_values, samples_for

__all__ = ["docs_document", "error_table"]


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


def _cell(value: Any) -> str:
    """Markdown table cell text: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def error_table(api: Api, op: Operation) -> str:
    """Markdown: the vendor's error codes of ``op``, else its error statuses."""
    if op.error_codes:
        rows = [
            "| HTTP status | Error code | Error message | Meaning |",
            "| --- | --- | --- | --- |",
        ]
        for entry in op.error_codes:
            code = _cell(entry.get("code", ""))
            rows.append(
                f"| {_cell(entry.get('status', ''))} | `{code}` | "
                f"{_cell(entry.get('message', ''))} | {_cell(entry.get('description', ''))} |"
            )
        return "### Error codes\n\n" + "\n".join(rows)
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
        + "\n".join(rows)
    )
