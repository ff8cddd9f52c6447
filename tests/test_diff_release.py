"""The version and CHANGELOG.md of the generated distribution follow the specs (``specgen
generate`` diffs them against the snapshot of the last version)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from generator.diff.compare import Change
from generator.diff.release import CHANGELOG, PYPROJECT, SNAPSHOT, bump, release
from generator.diff.sides import ApiDoc, Side

from .diff_cases import get, with_param

REPO = Path(__file__).resolve().parent.parent
GOLDEN_SPECS = REPO / "tests" / "fixtures" / "golden" / "features" / "specs"
SPECGEN = Path(sys.executable).parent / "specgen"


def _side(doc: dict[str, Any]) -> Side:
    return Side("specs", {"api": ApiDoc(copy.deepcopy(doc))})


def _pyproject(version: str) -> str:
    return f'# header\n[project]\nname = "x"\nversion = "{version}"\n'


def _next(previous: dict[str, str], doc: dict[str, Any]) -> dict[str, str]:
    """The release files after generating ``doc`` over ``previous``, as an output folder."""
    done = release(_side(doc), previous, "0.1.0", "cloudnet")
    return {**done.files, PYPROJECT: _pyproject(done.version)}


def _version(files: dict[str, str]) -> str:
    version = tomllib.loads(files[PYPROJECT])["project"]["version"]
    assert isinstance(version, str)
    return version


def test_first_release_uses_the_folders_version_or_the_toolchains() -> None:
    fresh = release(_side(get()), {}, "0.1.0", "cloudnet")
    assert fresh.version == "0.1.0"
    assert (
        "## 0.1.0\n\nThe first version with a changelog, generated from `api`."
        in (fresh.files[CHANGELOG])
    )
    assert set(fresh.files) == {CHANGELOG, SNAPSHOT}
    kept = release(_side(get()), {PYPROJECT: _pyproject("2.3.4")}, "0.1.0", "cloudnet")
    assert kept.version == "2.3.4"


_BREAKING = (
    "Breaking changes:\n\n"
    "- api, GET /x (op): required parameter `p` (query) added (`new-required-request-parameter`)\n"
)
_ADDITION = (
    "Additions and other compatible changes:\n\n"
    "- api, GET /x (op): optional parameter `p` (query) added (`new-optional-request-parameter`)\n"
)
_DOCUMENTATION = (
    "Documentation and other changes:\n\n"
    "- api, GET /x (op): the operation's summary changed (`description-changed`)\n"
)


@pytest.mark.parametrize(
    ("version", "head", "expected", "body"),
    [
        ("0.1.0", with_param(required=True), "0.2.0", _BREAKING),  # below 1.0: minor
        ("1.4.2", with_param(required=True), "2.0.0", _BREAKING),
        ("1.4.2", with_param(), "1.5.0", _ADDITION),
        ("1.4.2", get(summary="Get x"), "1.4.3", _DOCUMENTATION),
    ],
    ids=["breaking-below-1", "breaking", "addition", "documentation"],
)
def test_a_spec_change_puts_its_entry_on_top_with_the_bumped_version(
    version: str, head: dict[str, Any], expected: str, body: str
) -> None:
    """The changelog after a change is the one before with exactly one entry more, on top of
    the entries: the new version and, in words, the change made (written out here, not taken
    from the generator)."""
    start = {
        **release(_side(get()), {}, version, "cloudnet").files,
        PYPROJECT: _pyproject(version),
    }
    after = _next(start, head)
    assert _version(after) == expected
    before = start[CHANGELOG]
    top = before.index(f"## {version}\n")
    assert after[CHANGELOG] == before[:top] + f"## {expected}\n\n{body}\n" + before[top:]
    # Regenerating from the same specs (what `specgen check` does) changes nothing.
    assert _next(after, head) == after


def test_no_change_keeps_version_and_changelog_and_output_is_deterministic() -> None:
    start = {**release(_side(get()), {}, "0.3.0", "cloudnet").files, PYPROJECT: _pyproject("0.3.0")}
    assert _next(start, get()) == start
    first = _next(start, with_param())
    assert _next(start, with_param()) == first  # no clock, no randomness


def test_entries_accumulate_newest_first() -> None:
    """Three releases, each entry saying what its own change was."""
    files = {**release(_side(get()), {}, "1.0.0", "cloudnet").files, PYPROJECT: _pyproject("1.0.0")}
    files = _next(files, with_param())
    files = _next(files, with_param(required=True))
    files = _next(files, with_param(required=True, description="The p."))
    changelog = files[CHANGELOG]
    assert changelog[changelog.index("## ") :] == (
        "## 2.0.1\n\nDocumentation and other changes:\n\n"
        "- api, GET /x (op): parameter `p` (query): description changed (`description-changed`)\n"
        "\n## 2.0.0\n\nBreaking changes:\n\n"
        "- api, GET /x (op): parameter `p` (query) became required"
        " (`request-parameter-became-required`)\n"
        "\n## 1.1.0\n\n" + _ADDITION + "\n## 1.0.0\n\n"
        "The first version with a changelog, generated from `api`.\n"
    )


def test_bump_rules() -> None:
    def change(rule_id: str) -> Change:
        return Change(rule_id, "api", "", "m")

    assert bump("0.9.3", []) == "0.9.3"
    assert bump("0.9.3", [change("description-changed"), change("api-removed")]) == "0.10.0"
    assert bump("3.9.3", [change("endpoint-added"), change("api-removed")]) == "4.0.0"
    assert bump("3.9.3", [change("endpoint-added"), change("description-changed")]) == "3.10.0"
    assert bump("3.9.3", [change("api-other-change")]) == "3.9.4"
    with pytest.raises(ValueError):
        bump("3.9", [change("api-removed")])


def _generate(specs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SPECGEN), *extra, "--specs", str(specs), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=out.parent,
    )


def test_generate_and_check_keep_version_and_changelog_in_step(tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    shutil.copytree(GOLDEN_SPECS, specs)
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first = subprocess.run(
        [str(SPECGEN), "generate", "--specs", str(specs), "--out", str(out), *cache],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert (out / SNAPSHOT).is_file()
    assert 'version = "0.1.0"' in (out / PYPROJECT).read_text()
    # An optional query parameter added: a minor version, with the change in the entry.
    shop = specs / "shop.yaml"
    text = shop.read_text()
    assert "      parameters:\n        - name: tags\n" in text
    shop.write_text(
        text.replace(
            "      parameters:\n        - name: tags\n",
            "      parameters:\n        - name: sort\n          in: query\n"
            "          schema:\n            type: string\n        - name: tags\n",
            1,
        )
    )
    for command in ("generate", "check", "generate"):
        done = subprocess.run(
            [str(SPECGEN), command, "--specs", str(specs), "--out", str(out), *cache],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert 'version = "0.2.0"' in (out / PYPROJECT).read_text()
    changelog = (out / CHANGELOG).read_text()
    assert "## 0.2.0\n\nAdditions and other compatible changes:\n\n- shop, GET" in changelog
    assert "optional parameter `sort` (query) added (`new-optional-request-parameter`)" in (
        changelog
    )
    assert changelog.count("## ") == 2
