"""README's table of contents lists every `##` and `###` heading, in order, with GitHub's anchors.

After adding or renaming a section: ``.venv/bin/python -m tests.test_readme_toc --regen``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- toc -->", "<!-- /toc -->"


def _anchor(title: str, seen: dict[str, int]) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes, and -1, -2
    for repeats."""
    slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return f"{slug}-{count}" if count else slug


def expected_toc(text: str) -> str:
    lines: list[str] = []
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"(#{2,3}) (.+)", line)
        if heading:
            title = heading[2]
            indent = "  " * (len(heading[1]) - 2)
            lines.append(f"{indent}- [{title}](#{_anchor(title.replace('`', ''), seen)})")
    return "\n".join(lines)


def _current(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n")


def test_the_table_of_contents_lists_every_section() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "README has no table of contents"
    assert _current(text) == expected_toc(text), (
        "README's table of contents is stale: .venv/bin/python -m tests.test_readme_toc --regen"
    )


def test_the_anchor_of_a_repeated_heading_is_numbered() -> None:
    seen: dict[str, int] = {}
    assert _anchor("Quick start: API maintainers", seen) == "quick-start-api-maintainers"
    assert _anchor("Generating", seen) == "generating"
    assert _anchor("Generating", seen) == "generating-1"
    assert _anchor("specgen diff (breaking changes)", seen) == "specgen-diff-breaking-changes"


if __name__ == "__main__" and sys.argv[1:] == ["--regen"]:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    toc = "\n" + expected_toc(text) + "\n"
    README.write_text(text[:start] + toc + text[end:], encoding="utf-8")
    print("regenerated README's table of contents")
