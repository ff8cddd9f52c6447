"""`specgen docs`: a static site of the APIs that works with no network access.

One page per API and one of every API together, rendered in the browser by Redoc's standalone
bundle (installed from npm, copied into ``assets/``), with the docs copy of each bundle inlined
in the page, so the site works from any static server and from ``file://``. An index lists the
APIs and their operations; a changelog page renders ``CHANGELOG.md`` of the generated package
when there is one. Deterministic: the same specs and assets give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__
from ..diagnostics import Diagnostic
from ..ir.parse import ParsedApi, parse_api
from ..openapi.documents import api_documents, api_name
from ..publish import CombineError, combine, dump_json, dump_yaml
from ..render import TEMPLATES_DIR
from ..validate import validate_tree
from .enrich import docs_document

__all__ = ["REDOC_OPTIONS", "ApiPage", "DocsError", "SiteResult", "build_site"]


class DocsError(Exception):
    """An input of the site is missing (the Redoc bundle, most likely)."""


# Redoc's options (https://redocly.com/docs/redoc/config): the success responses and every
# schema and example expanded so a reader (and the browser test) finds them without clicking; the
# error responses folded to one line each (status and meaning; the error-code table and the
# response samples show them too), as fourteen expanded copies of one error body made VPC
# Endpoint's page 10,000 px tall. No fonts from the web.
REDOC_OPTIONS: dict[str, Any] = {
    "expandResponses": "200,201,202,203,204,206",
    "schemaExpansionLevel": "all",
    "jsonSampleExpandLevel": "all",
    "requiredPropsFirst": True,
    "pathInMiddlePanel": True,
    "showExtensions": ["x-cloudnet-pagination", "x-cloudnet-rpc", "x-cloudnet-since"],
    "hideHostname": False,
    "theme": {
        "typography": {
            "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "headings": {"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
            "code": {"fontFamily": "ui-monospace, 'DejaVu Sans Mono', monospace"},
        }
    },
}


@dataclass(frozen=True)
class ApiPage:
    """One API's page: its file stem (``huawei-vpcep``) and what the index says of it."""

    stem: str
    title: str
    version: str
    summary: str
    #: (operationId, method, the spec's path key, summary) of each operation.
    operations: tuple[tuple[str, str, str, str], ...]


@dataclass
class SiteResult:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spec_count: int = 0
    pages: list[ApiPage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "docs"),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<`` can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _page(parsed: ParsedApi, stem: str) -> ApiPage:
    api = parsed.api
    operations = tuple(
        (op.operation_id, op.http_method.upper(), op.route, op.summary) for op in api.operations
    )
    return ApiPage(stem, api.title, api.version, api.summary, operations)


def build_site(
    specs_dir: Path, redoc_bundle: Path, changelog: Path | None = None, package: str = "cloudnet"
) -> SiteResult:
    """Every file of the site, in memory (nothing is written here)."""
    if not redoc_bundle.is_file():
        raise DocsError(
            f"{redoc_bundle}: Redoc's standalone bundle is missing; run `make` (npm ci installs "
            "redoc from package.json)"
        )
    result = SiteResult()
    validation = validate_tree(specs_dir)
    result.spec_count = len(validation.tree.files)
    result.diagnostics = list(validation.diagnostics)
    if not validation.ok:
        return result
    tree = validation.tree
    documents: dict[str, dict[str, Any]] = {}
    for file in api_documents(tree):
        key = api_name(tree, file)
        parsed = parse_api(tree, file)
        documents[key] = docs_document(parsed, package)
        result.pages.append(_page(parsed, key.replace("/", "-")))
    env = _env()
    files = result.files
    shared = {
        "nav": [(page.stem, page.title) for page in result.pages],
        "has_changelog": changelog is not None and changelog.is_file(),
        "version": __version__,
    }

    def api_page(stem: str, title: str, document: dict[str, Any]) -> None:
        files[f"specs/{stem}.yaml"] = dump_yaml(document)
        files[f"specs/{stem}.json"] = dump_json(document)
        files[f"{stem}.html"] = env.get_template("api.html.j2").render(
            title=title,
            stem=stem,
            spec=script_json(document),
            options=script_json(REDOC_OPTIONS),
            **shared,
        )

    for key, document in sorted(documents.items()):
        stem = key.replace("/", "-")
        api_page(stem, str(document.get("info", {}).get("title", stem)), document)
    try:
        api_page("cloudnet", "Every cloudnet API", combine(documents))
    except CombineError as exc:
        raise DocsError(f"the page of every API: {exc}") from None
    files["index.html"] = env.get_template("index.html.j2").render(
        pages=sorted(result.pages, key=lambda p: p.stem), **shared
    )
    if changelog is not None and shared["has_changelog"]:
        files["changelog.html"] = env.get_template("changelog.html.j2").render(
            body=_markdown(changelog.read_text(encoding="utf-8")), **shared
        )
    files["assets/redoc.standalone.js"] = redoc_bundle.read_text(encoding="utf-8")
    license_file = redoc_bundle.with_name(redoc_bundle.name + ".LICENSE.txt")
    if license_file.is_file():
        files[f"assets/{license_file.name}"] = license_file.read_text(encoding="utf-8")
    for asset in ("site.css", "offline.js"):
        files[f"assets/{asset}"] = (TEMPLATES_DIR / "docs" / asset).read_text(encoding="utf-8")
    return result


def _markdown(text: str) -> str:
    """HTML of a Markdown document, raw HTML in it escaped (CommonMark, markdown-it-py)."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).enable("table").render(text))
