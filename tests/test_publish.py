"""specgen bundle: self-contained, valid, deterministic bundles and one combined document."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir.parse import api_name, is_api_document
from generator.openapi.bundle import bundle_document
from generator.openapi.tree import SpecTree
from generator.publish import CombineError, bundle_files, combine
from generator.validate import validate_tree

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
SPECGEN = Path(sys.executable).parent / "specgen"


def _files() -> dict[str, str]:
    tree = SpecTree.load(SPECS)
    return bundle_files(
        {
            api_name(tree, f): bundle_document(tree, f)
            for f in tree.documents()
            if is_api_document(f)
        }
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "dist"
    done = subprocess.run(
        [str(SPECGEN), "bundle", "--out", str(out)], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return out


def test_every_api_and_the_combined_document_in_yaml_and_json(dist: Path) -> None:
    names = sorted(p.name for p in dist.iterdir())
    stems = ["alibaba-vpc", "cloudnet", "huawei-dc", "huawei-roma", "huawei-vpcep", "zstack-vpc"]
    assert names == sorted(f"{s}.{ext}" for s in stems for ext in ("json", "yaml"))
    for path in dist.glob("*.json"):
        assert "./common.yaml" not in path.read_text()


def test_the_bundles_validate_like_the_sources_examples_included(dist: Path) -> None:
    result = validate_tree(dist)
    assert [f"{d.location.display()}: {d.rule}: {d.message}" for d in result.diagnostics] == []
    assert len(result.tree.files) == 12


def test_bundles_are_deterministic(dist: Path) -> None:
    again = _files()
    assert {name: (dist / name).read_text() for name in again} == again


def test_the_combined_document_keeps_every_api_apart_and_tagged(dist: Path) -> None:
    combined = json.loads((dist / "cloudnet.json").read_text())
    operations = {
        op["operationId"]: op
        for item in combined["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert sorted(operations) == [
        "DescribeVcoRouteEntries",
        "GetVpcVRouterDistributedRoutingConnections",
        "ListServiceConnections",
        "ShowDetailsOfVpcChannelV2",
        "ShowVifPeerDetection",
    ]
    vpcep = operations["ListServiceConnections"]
    assert vpcep["tags"][0] == "Huawei Cloud VPC Endpoint"
    assert vpcep["security"] == [{"HuaweiVpcepIamToken": []}, {"HuaweiVpcepAkSkSignature": []}]
    schemes = combined["components"]["securitySchemes"]
    assert schemes["HuaweiVpcepIamToken"]["name"] == "X-Auth-Token"
    # Each API's ErrorResponse is its own component.
    assert {"ZstackVpcErrorResponse", "AlibabaVpcErrorResponse"} <= set(
        combined["components"]["schemas"]
    )
    groups = {g["name"]: g["tags"] for g in combined["x-tagGroups"]}
    assert sorted(groups) == ["Alibaba", "Huawei", "Zstack"]
    assert "Huawei Cloud Direct Connect" in groups["Huawei"]
    route = "/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections"
    assert combined["paths"][route]["servers"][0]["url"].startswith("https://vpcep.")


def test_two_apis_with_one_path_cannot_be_combined() -> None:
    doc = {"openapi": "3.1.0", "info": {"title": "A", "version": "1"}, "paths": {"/x": {}}}
    with pytest.raises(CombineError, match="'/x'"):
        combine({"a/one": doc, "b/two": doc})


def test_a_broken_tree_writes_no_bundle(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    dc = specs / "huawei" / "dc.yaml"
    dc.write_text(dc.read_text().replace("loss_ratio: 0", "loss_ratio: 150"))
    done = subprocess.run(
        [str(SPECGEN), "bundle", "--specs", str(specs), "--out", str(tmp_path / "dist")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "example-invalid" in done.stderr
    assert not (tmp_path / "dist").exists()
