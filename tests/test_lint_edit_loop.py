"""The edit loop: incremental generation (only the changed API is made again) is byte-identical to
a full build, and `specgen check` answers an unchanged tree from the manifest, still finds a hand
edit, and with --update regenerates what changed but never writes over a hand edit."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator import apicache, generate, render
from generator.cli import main
from generator.generate import build
from generator.ir import Api
from generator.output import read_tree
from generator.render import ModelFiles, models

from .specs_inventory import SPECS

DC_INFO = "peers. Requests are authenticated"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _spy_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The packages of the APIs rendered (``render_api``) from now on."""
    rendered: list[str] = []
    original = render.render_api

    def spy(api: Api, *args: Any) -> render.RenderedApi:
        rendered.append(api.package)
        return original(api, *args)

    monkeypatch.setattr(render, "render_api", spy)
    return rendered


def test_incremental_build_equals_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    cache = tmp_path / "cache"
    full = build(specs, "cloudnet", "cloudnet")
    assert full.ok, full.diagnostics
    assert build(specs, "cloudnet", "cloudnet", cache).files == full.files  # fills the cache
    assert len(list((cache / "apis").iterdir())) == 5

    rendered = _spy_renders(monkeypatch)
    assert build(specs, "cloudnet", "cloudnet", cache).files == full.files
    assert rendered == []  # nothing changed: every API came from the cache

    _edit(specs / "huawei" / "dc.yaml", DC_INFO, "peers (edited). Requests are authenticated")
    incremental = build(specs, "cloudnet", "cloudnet", cache)
    assert rendered == ["huawei.dc"]
    monkeypatch.undo()
    changed = build(specs, "cloudnet", "cloudnet")  # a full build of the edited tree
    assert incremental.files == changed.files
    assert incremental.files != full.files
    differing = {rel for rel in changed.files if changed.files[rel] != full.files.get(rel)}
    assert any(rel.startswith("cloudnet/huawei/dc/") for rel in differing)
    assert not any(
        rel.startswith(f"cloudnet/{api}/")
        for rel in differing
        for api in ("zstack/vpc", "alibaba/vpc", "huawei/vpcep", "huawei/roma")
    )
    # An edit of the API's description leaves its models as they were: no module carries a
    # hash of the spec, so a one-line edit is a diff of the files that say the line.
    assert differing & {"cloudnet/huawei/dc/__init__.py", "cloudnet/huawei/dc/_client.py"}
    assert not any(rel.startswith("cloudnet/huawei/dc/models") for rel in differing), differing


def test_a_damaged_api_cache_entry_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = build(SPECS, "cloudnet", "cloudnet", cache)
    entries = sorted((cache / "apis").iterdir())
    entries[0].write_text(entries[0].read_text().replace("class ", "klass ", 1))
    rendered = _spy_renders(monkeypatch)
    assert build(SPECS, "cloudnet", "cloudnet", cache).files == first.files
    assert len(rendered) == 1  # the damaged one only
    assert "klass " not in entries[0].read_text()


def test_the_cache_key_changes_with_every_input_of_an_api() -> None:
    from generator.ir.parse import parse_api
    from generator.openapi.tree import SpecTree

    tree = SpecTree.load(SPECS)
    dc = tree.files[(SPECS / "huawei" / "dc.yaml").resolve()]
    parsed = parse_api(tree, dc)
    schemas = apicache.schemas_digest(parsed)
    for key_of in (apicache.api_key, apicache.models_key):
        key = key_of(parsed, schemas, "cloudnet", "toolchain")
        assert key_of(parsed, schemas, "cloudnet", "toolchain") == key
        assert key_of(parsed, "other schemas", "cloudnet", "toolchain") != key
        assert key_of(parsed, schemas, "other", "toolchain") != key
        assert key_of(parsed, schemas, "cloudnet", "newer toolchain") != key
        for changed in (
            replace(parsed.api, title="Other"),
            replace(parsed.api, spec_file="huawei/dc2.yaml"),
        ):
            other = replace(parsed, api=changed)
            assert key_of(other, schemas, "cloudnet", "toolchain") != key, changed
    # An operation's summary is the client's alone: the model modules keep their key.
    op = parsed.api.operations[0]
    edited = replace(op, summary=op.summary + " (edited)")
    other = replace(parsed, api=replace(parsed.api, operations=(edited,)))
    assert apicache.api_key(other, schemas, "cloudnet", "t") != apicache.api_key(
        parsed, schemas, "cloudnet", "t"
    )
    assert apicache.models_key(other, schemas, "cloudnet", "t") == apicache.models_key(
        parsed, schemas, "cloudnet", "t"
    )
    # The response models are what the model modules take from the IR (request-only models'
    # enum fields take literals too).
    assert any(o.result for o in parsed.api.operations)
    no_results = tuple(replace(o, result=None) for o in parsed.api.operations)
    other = replace(parsed, api=replace(parsed.api, operations=no_results))
    assert apicache.models_key(other, schemas, "cloudnet", "t") != apicache.models_key(
        parsed, schemas, "cloudnet", "t"
    )


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def loop(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Specs, a generated output folder current with them, and the cache, in ``tmp_path``."""
    specs, out, cache = tmp_path / "specs", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(SPECS, specs)
    done = _invoke("generate", "--specs", str(specs), "--out", str(out), "--cache-dir", str(cache))
    assert done.exit_code == 0, done.output
    return specs, out, cache


def _check(specs: Path, out: Path, cache: Path, *extra: str) -> Result:
    return _invoke(
        "check", "--specs", str(specs), "--out", str(out), "--cache-dir", str(cache), *extra
    )


def test_an_unchanged_tree_is_answered_from_the_manifest(
    loop: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, out, cache = loop

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the unchanged tree was generated again")

    monkeypatch.setattr(generate, "build", no_build)
    done = _check(specs, out, cache, "--lint", "--strict", "--update")
    assert done.exit_code == 0, done.output
    assert "up to date" in done.stdout and "specs unchanged" in done.stdout


def test_a_hand_edit_fails_the_check_and_is_never_overwritten(
    loop: tuple[Path, Path, Path],
) -> None:
    specs, out, cache = loop
    client = out / "cloudnet" / "huawei" / "dc" / "_client.py"
    edited = client.read_text() + "# a hand edit\n"
    client.write_text(edited)
    for extra in ((), ("--lint", "--update")):
        done = _check(specs, out, cache, *extra)
        assert done.exit_code == 1, done.output
        assert f"{out}/cloudnet/huawei/dc/_client.py: changed" in done.stderr
        assert "-# a hand edit" in done.stderr
        assert "edited by hand (not what the manifest records)" in done.stderr
        assert client.read_text() == edited
    # Even when the specs changed too, --update leaves the edited tree alone.
    _edit(specs / "huawei" / "dc.yaml", DC_INFO, "peers (edited). Requests are authenticated")
    done = _check(specs, out, cache, "--update")
    assert done.exit_code == 1 and client.read_text() == edited


def test_update_regenerates_a_changed_spec_and_check_alone_reports_it(
    loop: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    specs, out, cache = loop
    _edit(specs / "huawei" / "dc.yaml", DC_INFO, "peers (edited). Requests are authenticated")
    stale = _check(specs, out, cache)
    assert stale.exit_code == 1
    assert f"{out}/cloudnet/huawei/dc/_client.py: changed" in stale.stderr
    assert "dc/models.py" not in stale.stderr  # the models say nothing of the description
    assert "edited by hand (not what the manifest records)" not in stale.stderr
    # What `specgen generate` (an empty cache) makes of the same output folder.
    generated = tmp_path / "generated"
    shutil.copytree(out, generated)
    cold = str(tmp_path / "cold-cache")
    done = _invoke("generate", "--specs", str(specs), "--out", str(generated), "--cache-dir", cold)
    assert done.exit_code == 0, done.output
    updated = _check(specs, out, cache, "--lint", "--strict", "--update")
    assert updated.exit_code == 0, updated.output
    assert "regenerated" in updated.stdout
    assert read_tree(out) == read_tree(generated)
    assert "specs unchanged" in _check(specs, out, cache).stdout


def test_check_lint_reports_spec_rules(loop: tuple[Path, Path, Path]) -> None:
    specs, out, cache = loop
    _edit(
        specs / "huawei" / "dc.yaml",
        "      x-cloudnet-vendor-name: ShowVifPeerDetection\n",
        "      x-cloudnet-vendor-name: ShowVifPeerDetections\n",
    )
    done = _check(specs, out, cache, "--lint")
    assert done.exit_code == 1
    assert "cloudnet/operation-id-vendor-name: operationId 'ShowVifPeerDetection'" in done.stderr


def test_the_models_cache_is_still_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the API cache emptied, an API whose schemas did not change reuses its models."""
    cache = tmp_path / "cache"
    first = build(SPECS, "cloudnet", "cloudnet", cache)
    shutil.rmtree(cache / "apis")

    def no_generator(*args: object, **kwargs: object) -> str:
        raise AssertionError("datamodel-code-generator ran although its output was cached")

    monkeypatch.setattr(models, "render_models", no_generator)
    assert build(SPECS, "cloudnet", "cloudnet", cache).files == first.files


def test_the_model_files_cache_serves_an_edit_that_leaves_the_schemas_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of an API's description renders its client again, not its model modules: they
    come finished from ``<cache>/models-files`` (a damaged entry is made again)."""
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    cache = tmp_path / "cache"
    assert build(specs, "cloudnet", "cloudnet", cache).ok
    _edit(specs / "huawei" / "dc.yaml", DC_INFO, "peers (edited). Requests are authenticated")
    full = build(specs, "cloudnet", "cloudnet")
    made: list[str] = []
    original = render.render_model_files

    def spy(api: Api, *args: object) -> ModelFiles:
        made.append(api.package)
        return original(api, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_model_files", spy)
    assert build(specs, "cloudnet", "cloudnet", cache).files == full.files
    assert made == []
    _edit(specs / "huawei" / "dc.yaml", "peers (edited).", "peers (edited twice).")
    entries = list((cache / "models-files").iterdir())
    for entry in entries:
        entry.write_text(entry.read_text().replace("class ", "klass ", 1))
    monkeypatch.undo()
    full = build(specs, "cloudnet", "cloudnet")
    monkeypatch.setattr(render, "render_model_files", spy)
    assert build(specs, "cloudnet", "cloudnet", cache).files == full.files
    assert made == ["huawei.dc"]


def test_an_operation_edit_renders_that_operation_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each operation's parts of the client module (its constants, its sync and async methods)
    are kept (``render.OperationTexts``): an edit of one operation's summary renders its three
    parts again, and the module is the one a full build makes."""
    ok = {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/S"}}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            f"/{name}": {"get": {"operationId": name, "summary": f"Get {name}", "responses": {}}}
            for name in ("alpha", "beta", "gamma")
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}
        },
    }
    for item in doc["paths"].values():
        item["get"]["responses"]["200"] = json.loads(
            json.dumps(ok).replace("#/S", "#/components/schemas/Thing")
        )
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "api.yaml").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    cache = tmp_path / "cache"
    assert build(specs, "cloudnet", "cloudnet", cache).ok
    _edit(specs / "api.yaml", '"Get beta"', '"Get the beta"')
    full = build(specs, "cloudnet", "cloudnet")
    assert full.ok, full.diagnostics
    template = render._env().get_template("client_operation.py.j2")
    parts: list[str] = []
    original = type(template).render

    def spy(self: Any, *args: Any, **kwargs: Any) -> str:
        if self is template:
            parts.append(f"{kwargs['part']} {kwargs['op'].operation_id}")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(template), "render", spy)
    assert build(specs, "cloudnet", "cloudnet", cache).files == full.files
    assert parts == ["constant beta", "method beta", "method beta"]
    assert "Get the beta" in full.files["cloudnet/api/_client.py"]
