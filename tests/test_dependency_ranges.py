"""The generated distribution's dependency ranges are the proven ones, and its wheel is fit to
publish.

- Its pyproject and its README state the same ranges and Pythons.
- The wheel and sdist `make dist` builds carry them, with the py.typed marker, the licence and
  a README that renders as PyPI renders it (readme_renderer).
- (long: CLOUDNET_FULL=1) The wheel is installed into fresh virtualenvs with the lowest and
  the highest allowed release of each runtime dependency, on the oldest and the newest Python
  the package declares, and the client's tests (tests/client/: vendor examples round trip,
  typed errors, signing against the recorded vectors, pagination) run there with nothing else
  installed. Wheels come from the package index through pip's cache.
"""

from __future__ import annotations

import email.parser
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from readme_renderer.markdown import render

from generator.dependencies import PYTHONS, RUNTIME

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated"
# The test tools installed beside the client, at the toolchain's pins.
TEST_TOOLS = ("pytest", "hypothesis")


def _lock_pin(name: str) -> str:
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith(f"{name}=="):
            return line
    raise AssertionError(f"{name} is not in requirements.lock")


def _ranges(requirements: list[str]) -> dict[str, str]:
    parsed = [Requirement(r) for r in requirements]
    return {r.name: ",".join(sorted(str(s) for s in r.specifier)) for r in parsed}


def _readme_ranges(readme: str) -> dict[str, str]:
    """The README's Compatibility table: dependency -> range."""
    section = readme.split("## Compatibility", 1)[1]
    rows = re.findall(r"^\| (\S+) \| `([^`]+)` \|", section, flags=re.MULTILINE)
    return {name: ",".join(sorted(spec.split(","))) for name, spec in rows}


def test_the_readme_states_the_ranges_pyproject_declares() -> None:
    project = tomllib.loads((GENERATED / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    declared = _ranges(project["dependencies"])
    assert sorted(declared) == ["httpx", "pydantic"]
    assert _readme_ranges(readme) == declared
    pythons = [c.rsplit(" ", 1)[1] for c in project["classifiers"] if re.search(r":: 3\.\d+$", c)]
    assert project["requires-python"] == f">={pythons[0]}"
    assert f"Python {', '.join(pythons)} (`requires-python {project['requires-python']}`)" in readme


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make dist`'s build (hatchling, from the toolchain's environment: no network)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)],
        cwd=GENERATED,
        check=True,
        capture_output=True,
    )
    return out


def test_the_wheel_metadata(dist: Path) -> None:
    (wheel,) = dist.glob("cloudnet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode())
    assert _ranges(metadata.get_all("Requires-Dist") or []) == {
        r.name: ",".join(sorted(r.range.split(","))) for r in RUNTIME
    }
    assert metadata["Requires-Python"] == f">={PYTHONS[0]}"
    assert [c for c in metadata.get_all("Classifier") or [] if c[-4:-2] == "3."] == [
        f"Programming Language :: Python :: {v}" for v in PYTHONS
    ]
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "cloudnet/py.typed" in names
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    assert metadata["Description-Content-Type"] == "text/markdown"
    description = metadata.get_payload()
    assert isinstance(description, str)
    # As PyPI renders it (twine check does the same): None means it would be refused.
    html = render(description)
    assert html is not None
    assert '<h2 id="user-content-compatibility">Compatibility' in html
    assert "<table>" in html and "&gt;=2.11.0,&lt;3" in html


def test_the_sdist_builds_the_same_package(dist: Path) -> None:
    (sdist,) = dist.glob("cloudnet-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "PKG-INFO", "cloudnet/py.typed"} <= names
    assert "cloudnet/_core/_client.py" in names and "cloudnet/huawei/vpcep/models.py" in names


# --- the lowest/highest matrix ----------------------------------------------------------------


def find_python(version: str) -> Path | None:
    """An interpreter of ``version``: on PATH (python3.11), else under pyenv's root, which
    is where the machines keep the Pythons Debian does not package (3.12, 3.13)."""
    found = shutil.which(f"python{version}")
    if found and "/shims/" not in found:  # a pyenv shim runs only the version pyenv selects
        return Path(found)
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}"))
    return Path(candidates[-1]) if candidates else None


@dataclass(frozen=True)
class Cell:
    end: str  # "lowest" or "highest"
    python: str

    @property
    def requirements(self) -> list[str]:
        if self.end == "lowest":
            return [r.pin_lowest for r in RUNTIME]
        return [r.specifier for r in RUNTIME]


CELLS = [Cell(end, python) for end in ("lowest", "highest") for python in (PYTHONS[0], PYTHONS[-1])]


def write_spec_data(path: Path) -> Path:
    """What the client's tests read from the specs, as JSON (tests/client/specdata.py)."""
    subprocess.run([sys.executable, "-m", "tests.client.specdata", str(path)], cwd=REPO, check=True)
    return path


def run_client_tests(
    python_version: str, requirements: list[str], wheel: Path, data: Path, work: Path
) -> tuple[dict[str, str], str]:
    """Install ``wheel`` with ``requirements`` into a new venv of Python ``python_version``
    and run the client's tests there (``data``: write_spec_data's file). Returns the versions
    installed and pytest's last line."""
    python = find_python(python_version)
    if python is None:
        pytest.fail(f"no Python {python_version} here (PATH or pyenv): the package declares it")
    venv = work / "venv"
    subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    tools = [_lock_pin(t) for t in TEST_TOOLS]
    done = subprocess.run(
        [*pip, "install", "--quiet", str(wheel), *requirements, *tools],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    frozen = subprocess.run(
        [*pip, "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    versions = {p["name"].lower(): p["version"] for p in json.loads(frozen)}
    # The client's tests, copied away from the repository: nothing of the toolchain (nor
    # generated/ on a path) can be imported there; the spec data they read is given as a file.
    tests = work / "tests"
    shutil.copytree(
        REPO / "tests" / "client", tests / "client", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tests / "__init__.py").write_text("", encoding="utf-8")
    run = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--hypothesis-seed=0",
            "tests/client",
        ],
        cwd=work,
        env={**os.environ, "CLOUDNET_SPEC_DATA": str(data), "PYTHONPATH": ""},
        capture_output=True,
        text=True,
    )
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    return versions, last


@pytest.fixture(scope="module")
def spec_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_spec_data(tmp_path_factory.mktemp("specdata") / "specdata.json")


# About 30 s of CPU per virtualenv (most of it pip), one to two minutes on a busy machine.
@pytest.mark.full
@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.end}-py{c.python}" for c in CELLS])
def test_the_client_tests_pass_at_each_end_of_the_ranges(
    cell: Cell, dist: Path, spec_data: Path, tmp_path: Path
) -> None:
    (wheel,) = dist.glob("cloudnet-*.whl")
    versions, last = run_client_tests(cell.python, cell.requirements, wheel, spec_data, tmp_path)
    for requirement in RUNTIME:
        installed = versions[requirement.name]
        assert Requirement(requirement.specifier).specifier.contains(installed), installed
        if cell.end == "lowest":
            assert installed == requirement.lowest
    assert "cloudnet" in versions and "generator" not in str(versions)
    assert re.fullmatch(r"\d+ passed in .*", last), last  # nothing failed, nothing skipped
    print(f"{cell}: {', '.join(f'{r.name} {versions[r.name]}' for r in RUNTIME)}: {last}")
