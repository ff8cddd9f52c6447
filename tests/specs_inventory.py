"""What the vendor pages name and what the specs declare, for the fidelity tests."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.openapi.tree import RefError, SpecTree
from generator.openapi.yamlload import LoadedFile

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
SEEDS = REPO.parent / "shared" / "seeds"

# Which spec document models which vendor page (shared/seeds/README.md).
PAGES = {
    "000_f3402dca95e71f60.txt": "zstack/vpc.yaml",
    "001_d929ab70a922f098.txt": "alibaba/vpc.yaml",
    "002_6412252bc3b5c2d2.txt": "huawei/vpcep.yaml",
    "003_af522c53930e5de3.txt": "huawei/dc.yaml",
    "004_3012d0ea9978728c.txt": "huawei/roma.yaml",
}

_HUAWEI_TYPE = re.compile(
    r"(String|Integer|Long|Boolean|Number|Float|Double|Object|Array of \w+( objects)?|\w+ object)"
)
_ALIBABA_TYPE = re.compile(
    r"(string|integer|long|boolean|object|array|array<object>|array<string>)"
)
_ZSTACK_ROW = re.compile(
    r"•\s*([a-z][A-Za-z]*?)(String|List|Map|LinkedHashMap|ErrorCode|Integer|Long|Boolean|Timestamp)"
    r"(Required)?"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_HEADINGS = {"Parameter", "Mandatory", "Type", "Description", "Status", "Code", "Yes", "No"}


def page_field_names(page: str) -> set[str]:
    """Names of the parameters and fields in the page's tables."""
    text = (SEEDS / page).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    names: set[str] = set()
    if page.startswith("000"):
        return {m.group(1) for line in lines if (m := _ZSTACK_ROW.fullmatch(line))}
    for here, after in itertools.pairwise(lines):
        if not _NAME.fullmatch(here) or here in _HEADINGS:
            continue
        if page.startswith("001"):
            if _ALIBABA_TYPE.fullmatch(after):
                names.add(here)
        elif after in ("Yes", "No") or _HUAWEI_TYPE.fullmatch(after):
            names.add(here)
    return names


def spec_names(tree: SpecTree, file: LoadedFile) -> set[str]:
    """Every parameter name, property name and auth header name reachable from ``file``."""
    names: set[str] = set()
    for node in _reachable(tree, file):
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("name"), str) and node.get("in") in (
            "query",
            "path",
            "header",
            "cookie",
        ):
            names.add(node["name"])
        if node.get("type") == "apiKey" and isinstance(node.get("name"), str):
            names.add(node["name"])
        props = node.get("properties")
        if isinstance(props, dict):
            names.update(props)
    return names


def _reachable(tree: SpecTree, file: LoadedFile) -> Iterator[Any]:
    seen: set[int] = set()
    stack: list[tuple[Any, LoadedFile]] = [(file.data, file)]
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                try:
                    target = tree.resolve(ref, where)
                except RefError:
                    continue
                stack.append((target.value, target.file))
            stack.extend(
                (v, where) for k, v in node.items() if not k.startswith("x-") and k != "examples"
            )
        elif isinstance(node, list):
            stack.extend((v, where) for v in node)
