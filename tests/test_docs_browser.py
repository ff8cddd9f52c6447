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
from playwright.sync_api import Browser, ElementHandle, Locator, Page, Route, sync_playwright

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
        # Scrollbars drawn and measurable (Playwright hides them in headless Chromium), for
        # the clipping test: a box that scrolls must show its scrollbar.
        launched = playwright.chromium.launch(
            executable_path=_chromium(), args=FLAGS, ignore_default_args=["--hide-scrollbars"]
        )
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
    # Every page in CI; a developer's run visits the index, the changelog and one API page (the
    # pages come from one template).
    visited = pages if FULL else ["changelog.html", "huawei-dc.html", "index.html"]
    assert "index.html" in pages and "changelog.html" in pages and len(pages) >= 8
    for name in visited:
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
    assert {n.replace(".html", ".png") for n in visited} <= shots


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


# -- nothing a reader needs is clipped ----------------------------------------------------------
#
# Every text node under ``root`` is measured against each box above it that clips (overflow not
# visible): the text, with room below for the descent of an underscore, lies inside the box, or
# the box scrolls that way and shows a scrollbar that takes room (offsetHeight > clientHeight).
# Then each vendor error code must sit on one line. Returns the problems, one line each.
CLIPPED = """
(root, codes) => {
  const problems = [];
  const shown = (el) => {
    const style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden" && el.getClientRects().length;
  };
  const scrollbar = (el, style, axis) => {
    const overflow = axis === "x" ? style.overflowX : style.overflowY;
    const room = axis === "x"
      ? el.offsetHeight - el.clientHeight - parseFloat(style.borderTopWidth)
        - parseFloat(style.borderBottomWidth)
      : el.offsetWidth - el.clientWidth - parseFloat(style.borderLeftWidth)
        - parseFloat(style.borderRightWidth);
    return (overflow === "auto" || overflow === "scroll") && room > 0;
  };
  const range = document.createRange();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !shown(parent)) continue;
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const descent = 0.2 * parseFloat(getComputedStyle(parent).fontSize);
    let left = Math.min(...rects.map((r) => r.left));
    let right = Math.max(...rects.map((r) => r.right));
    let top = Math.min(...rects.map((r) => r.top));
    let bottom = Math.max(...rects.map((r) => r.bottom)) + descent;
    for (let box = parent; box && box !== root.parentElement; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const edge = box.getBoundingClientRect();
      const x0 = edge.left + box.clientLeft, y0 = edge.top + box.clientTop;
      const x1 = x0 + box.clientWidth, y1 = y0 + box.clientHeight;
      const wide = left < x0 - 1 || right > x1 + 1;
      const tall = top < y0 - 1 || bottom > y1 + 1;
      if (wide && !scrollbar(box, style, "x")) {
        problems.push(`cut at the side: ${text.slice(0, 60)}`);
        break;
      }
      if (tall && !scrollbar(box, style, "y")) {
        problems.push(`cut below: ${text.slice(0, 60)}`);
        break;
      }
      // What scrolls into this box is seen through it: the boxes above see the box.
      [left, right] = [Math.max(left, x0), Math.min(right, x1)];
      [top, bottom] = [Math.max(top, y0), Math.min(bottom, y1)];
    }
  }
  for (const el of root.querySelectorAll("code")) {
    if (!codes.includes(el.textContent) || !shown(el)) continue;
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    if (lines > 1) problems.push(`on ${lines} lines: ${el.textContent}`);
  }
  return problems;
}
"""


def _clipped(page: Page, document: dict[str, Any]) -> list[str]:
    """The problems of a rendered API page, every tab of every sample shown in turn."""
    codes = [
        entry["code"]
        for _, _, op in _operations(document)
        for entry in op.get("x-cloudnet-error-codes", [])
    ]
    problems: list[str] = page.locator(".api-content").evaluate(CLIPPED, codes)
    for _, _, op in _operations(document):
        section = page.locator(f'[data-section-id="operation/{op["operationId"]}"]').first
        tablists = section.locator("[role=tablist]")
        for index in range(tablists.count()):
            tabs = tablists.nth(index).locator("[role=tab]")
            for tab in range(1, tabs.count()):  # the first is open already
                tabs.nth(tab).click()
                panel: ElementHandle = (
                    section.locator(".react-tabs__tab-panel--selected").nth(index).element_handle()
                )
                problems += [f"{op['operationId']}: {p}" for p in panel.evaluate(CLIPPED, [])]
    return problems


@contextlib.contextmanager
def _overlay_scrollbars(browser: Browser, base: str, name: str) -> Iterator[Page]:
    """The page at the default zoom (1400 px, scale 1) with overlay scrollbars, as on macOS
    and phones: a scrollbar the site does not style takes no room and stays hidden until the
    reader scrolls (Chromium's mobile emulation draws them so)."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, device_scale_factor=1, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(f"{base}/{name}")
        page.wait_for_selector("body[data-rendered=true]", timeout=30_000)
        yield page
    finally:
        context.close()


def _spec(root: Path, name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (root / "specs" / name.replace(".html", ".json")).read_text(encoding="utf-8")
    )
    return document


def test_nothing_is_clipped_on_the_direct_connect_page(
    served: tuple[str, Path], browser: Browser
) -> None:
    """The fast case: underscores in the path ({project_id}), the Python and curl samples
    (scrolling sideways with a scrollbar that shows), the X-Auth-Token header, the error
    samples."""
    base, root = served
    with _overlay_scrollbars(browser, base, "huawei-dc.html") as page:
        assert _clipped(page, _spec(root, "huawei-dc.html")) == []


@pytest.mark.full
def test_nothing_is_clipped_on_any_api_page(served: tuple[str, Path], browser: Browser) -> None:
    """Every API's page: long paths, code samples, the info block's URL,
    the error-code tables (InvalidVpnConnectionInstanceId.NotFound on one line). VPC Endpoint's
    fourteen error statuses no longer make its page 10,000 px tall."""
    base, root = served
    for name in _pages(root):
        # The page of all APIs shows the same operations in the same layout, five times slower.
        if (
            name == "cloudnet.html"
            or not (root / "specs" / name.replace(".html", ".json")).exists()
        ):
            continue
        with _overlay_scrollbars(browser, base, name) as page:
            assert _clipped(page, _spec(root, name)) == [], name
            if name == "huawei-vpcep.html":
                assert page.evaluate("document.documentElement.scrollHeight") < 7000


def test_the_clipping_check_sees_clipped_text(served: tuple[str, Path], browser: Browser) -> None:
    """The check can fail: a path clipped to one line, an underscore's descent cut, a sample
    that scrolls without a scrollbar, an error code broken over lines; a sample that scrolls
    with one passes."""
    base, root = served
    probe = root / "clip-probe.html"
    probe.write_text(
        '<!doctype html><body data-rendered="true"><div class="api-content">'
        '<div style="width:120px;overflow:hidden;white-space:nowrap">/v1/{a_very_long_path}</div>'
        '<div style="height:15px;line-height:15px;overflow:hidden;font:13px monospace">'
        "{project_id}</div>"
        '<pre style="width:100px;overflow:auto;padding:8px">a sample far wider than its box</pre>'
        '<pre class="bar" style="width:100px;overflow:auto;padding:8px">scrolls with a bar, '
        "which is fine</pre><style>.bar::-webkit-scrollbar{height:8px}"
        ".bar::-webkit-scrollbar-thumb{background:#999}</style>"
        '<p style="width:60px"><code style="word-break:break-all">Long.ErrorCode</code></p>'
        "</div></body>",
        encoding="utf-8",
    )
    try:
        with _overlay_scrollbars(browser, base, probe.name) as page:
            problems = page.locator(".api-content").evaluate(CLIPPED, ["Long.ErrorCode"])
    finally:
        probe.unlink()
    assert problems == [
        "cut at the side: /v1/{a_very_long_path}",
        "cut below: {project_id}",
        "cut at the side: a sample far wider than its box",
        "on 2 lines: Long.ErrorCode",
    ]
