"""generated/ is an installable distribution: `pip install ./generated` with runtime deps only."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


# The wheel's metadata is checked in every run (tests/test_dependency_ranges.py); installing it
# with pip is a CI run, as the lowest/highest matrix is.
@pytest.mark.full
def test_generated_builds_a_wheel_that_installs_and_imports(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    # No build isolation and no dependencies: the test must not need the network; the build
    # backend (hatchling) is pinned in the toolchain's own environment.
    subprocess.run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(REPO / "generated"),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("cloudnet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = [
            line.split(":", 1)[1].strip()
            for line in archive.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    assert "cloudnet/py.typed" in names
    assert "cloudnet/huawei/vpcep/_client.py" in names and "cloudnet/_core/_client.py" in names
    assert sorted(re.split(r"[<>=!~;\s]", r)[0] for r in requires) == ["httpx", "pydantic"]
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    probe = (
        "import cloudnet, cloudnet.huawei.vpcep as v, cloudnet.zstack.vpc as z;"
        "print(cloudnet.__file__, v.HuaweiVpcepClient.__name__, z.AsyncZstackVpcClient.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    where, *classes = done.stdout.split()
    assert Path(where).is_relative_to(site)
    assert classes == ["HuaweiVpcepClient", "AsyncZstackVpcClient"]
