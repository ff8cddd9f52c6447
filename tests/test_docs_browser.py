"""The docs site in headless Chromium: every page served from localhost renders every operation,
parameter, example, code sample and vendor error code, requests nothing from outside localhost
and logs no console error. A screenshot of each page is kept in ``test-artifacts/docs/``.

Chromium is Debian's (``make test`` installs the package ``chromium`` when it is missing), driven
by Playwright (``playwright`` from PyPI, which downloads nothing here: it is pointed at
``/usr/bin/chromium``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, sync_playwright

from generator.docs import build_site
from generator.output import replace_tree
from tests.conftest import FULL

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
REDOC = REPO / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"
ARTIFACTS = REPO / "test-artifacts" / "docs"
# The flags the issue names; without the background-networking ones Chromium reaches out to
# Google's hosts at start.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = os.environ.get("CLOUDNET_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail(
            "Chromium is missing: `make test` installs Debian's package chromium "
            "(or set CLOUDNET_CHROMIUM to a Chromium binary)"
        )
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The site, built from the specs (with a changelog page), on a free localhost port."""
    root = tmp_path_factory.mktemp("site") / "site"
    changelog = root.parent / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.1.0\n\n- The first release.\n", encoding="utf-8")
    result = build_site(SPECS, REDOC, changelog)
    assert result.ok, result.diagnostics
    replace_tree(root, result.files)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    page: Page
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _open(browser: Browser, base: str, name: str) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    visit = Visit(page)
    local = urlsplit(base).netloc

    def gate(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == local:
            route.continue_()
        else:
            visit.outside.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"uncaught: {e}"))
    page.goto(f"{base}/{name}")
    page.wait_for_selector("body[data-rendered=true]", timeout=30_000)
    try:
        yield visit
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # The whole page in CI; a developer's run keeps the first screen (a third of the time).
        shot = ARTIFACTS / f"{name.removesuffix('.html')}.png"
        page.screenshot(path=str(shot), full_page=FULL)
        context.close()


def _pages(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("*.html"))


def _scalars(value: Any) -> Iterator[str]:
    """How each scalar of a JSON example reads in Redoc's sample (JavaScript's number form)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif isinstance(value, bool):
        yield "true" if value else "false"
    elif value is None:
        yield "null"
    elif isinstance(value, float) and value.is_integer():
        yield str(int(value))
    else:
        yield str(value)


def _text(locator: Locator) -> str:
    return " ".join(locator.inner_text().split())


def _squash(text: str) -> str:
    return " ".join(text.split())


def _property_names(
    document: dict[str, Any], schema: Any, seen: frozenset[str] = frozenset()
) -> set[str]:
    """Every property name below a schema, through references, compositions and arrays."""
    names: set[str] = set()
    if isinstance(schema, dict) and "$ref" in schema:
        if schema["$ref"] in seen:
            return names
        seen = seen | {schema["$ref"]}
        schema = _deref(document, schema)
    if not isinstance(schema, dict):
        return names
    for name, sub in (schema.get("properties") or {}).items():
        names.add(name)
        names |= _property_names(document, sub, seen)
    for key in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for sub in schema.get(key, []):
            names |= _property_names(document, sub, seen)
    for key in ("items", "additionalProperties"):
        names |= _property_names(document, schema.get(key), seen)
    return names


def _deref(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _check_operation(
    page: Page, document: dict[str, Any], op: dict[str, Any], route: str, method: str
) -> None:
    section = page.locator(f'[data-section-id="operation/{op["operationId"]}"]').first
    section.scroll_into_view_if_needed()
    text = _text(section)
    where = op["operationId"]
    assert _squash(op["summary"]) in text, where
    assert method.upper() in text and route.split("#")[0] in text, where
    for param in (_deref(document, p) for p in op.get("parameters", [])):
        name = param["name"]
        assert name in text, (where, name)
        if "example" in param:
            assert all(s in text for s in _scalars(param["example"])), (where, name)
        # Type, bounds, enum and default, as the vendor page's table gives them.
        schema = _deref(document, param.get("schema", {}))
        kinds = schema.get("type", [])
        # Redoc writes an array as "Array of <items>".
        facts = [
            "Array of" if kind == "array" else kind
            for kind in ([kinds] if isinstance(kinds, str) else kinds)
        ]
        facts += [
            str(schema[key])
            for key in ("minimum", "maximum", "minLength", "maxLength")
            if key in schema
        ]
        facts += list(_scalars(schema.get("enum", [])))
        if "default" in schema:
            # Redoc quotes a string default when the schema also has an enum, not otherwise.
            value = next(_scalars(schema["default"]))
            if f'Default: "{value}"' not in text:
                facts.append(f"Default: {value}")
        missing = [s for s in facts if s not in text]
        assert not missing, (where, name, missing)
    # The nested response structure: every property name of every success body, expanded.
    for status, response in op["responses"].items():
        if status.startswith("2"):
            for media in (_deref(document, response).get("content") or {}).values():
                missing = [
                    n for n in _property_names(document, media.get("schema")) if n not in text
                ]
                assert not missing, (where, status, missing)
    for entry in op.get("x-cloudnet-error-codes", []):
        assert entry["code"] in text, (where, entry["code"])
    # The code samples: each tab shows its source.
    samples = section.locator("[role=tablist]").first
    for sample in op["x-codeSamples"]:
        samples.locator("[role=tab]", has_text=sample["label"]).first.click()
        shown = _text(section.locator(".react-tabs__tab-panel--selected").first)
        assert _squash(sample["source"]) in shown, (where, sample["label"])
    # The response samples: each status tab, each example of it.
    responses = section.locator("[role=tablist]").nth(1)
    for status, response in op["responses"].items():
        response = _deref(document, response)
        examples = (response.get("content") or {}).get("application/json", {}).get("examples")
        if not examples:
            continue
        responses.locator("[role=tab]", has_text=status).first.click()
        panel = section.locator(".react-tabs__tab-panel--selected").nth(1)
        choose = panel.locator("select.dropdown-select")
        for index, example in enumerate(examples.values()):
            if len(examples) > 1:
                choose.select_option(index=index)
            shown = _text(panel)
            missing = [s for s in _scalars(example["value"]) if s not in shown]
            assert not missing, (where, status, index, missing[:5])


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for route, item in document["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                yield route, method, op


def test_every_page_renders_everything_offline_and_without_console_errors(
    served: tuple[str, Path], browser: Browser
) -> None:
    base, root = served
    pages = _pages(root)
    assert "index.html" in pages and "changelog.html" in pages and len(pages) >= 8
    for name in pages:
        with _open(browser, base, name) as visit:
            stem = name.removesuffix(".html")
            spec = root / "specs" / f"{stem}.json"
            if spec.exists():
                document = json.loads(spec.read_text(encoding="utf-8"))
                operations = list(_operations(document))
                assert operations, name
                for route, method, op in operations:
                    _check_operation(visit.page, document, op, route, method)
            elif name == "index.html":
                text = _text(visit.page.locator("body"))
                for other in pages:
                    if other != "index.html":
                        assert visit.page.locator(f'a[href="{other}"]').count() >= 1, other
                assert "cloudnet API reference" in text
            else:
                assert "The first release." in _text(visit.page.locator("body"))
            assert visit.outside == [], (name, visit.outside)
            assert visit.errors == [], (name, visit.errors)
    shots = {p.name for p in ARTIFACTS.glob("*.png")}
    assert {n.replace(".html", ".png") for n in pages} <= shots


def test_the_gate_would_see_a_request_to_the_outside(
    served: tuple[str, Path], browser: Browser, tmp_path: Path
) -> None:
    """The offline check can fail: a page that loads an outside image is caught, and so is a
    console error."""
    base, root = served
    probe = root / "probe.html"
    probe.write_text(
        '<!doctype html><body data-rendered="true"><img src="https://cdn.example.com/x.png">'
        "<script>console.error('boom')</script></body>",
        encoding="utf-8",
    )
    try:
        with _open(browser, base, "probe.html") as visit:
            visit.page.wait_for_timeout(200)
            assert visit.outside == ["https://cdn.example.com/x.png"]
            assert "boom" in visit.errors
    finally:
        probe.unlink()
        (ARTIFACTS / "probe.png").unlink(missing_ok=True)
