"""OpenAPI 3.0 and 3.1 read on purpose, Swagger 2.0 and other versions refused by every
subcommand with nothing written, and a 3.0 document's problems reported where it is written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.openapi import tree as tree_module
from generator.openapi.tree import SpecTree
from generator.validate import validate_tree

VERSIONS = Path(__file__).parent / "fixtures" / "versions"
SPECGEN = Path(sys.executable).parent / "specgen"


def _copy(case: str, tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    shutil.copytree(VERSIONS / case, specs)
    return specs


# Every subcommand that reads a spec folder, with an output it must not write.
def _commands(specs: Path, out: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", "--specs", str(specs)],
        "lint": ["lint", "--specs", str(specs)],
        "bundle": ["bundle", "--specs", str(specs), "--out", str(out)],
        "generate": [
            "generate",
            "--specs",
            str(specs),
            "--out",
            str(out),
            "--cache-dir",
            str(out.parent / "cache"),
        ],
        "check": [
            "check",
            "--specs",
            str(specs),
            "--out",
            str(out),
            "--update",
            "--cache-dir",
            str(out.parent / "cache"),
        ],
        "docs": ["docs", "--specs", str(specs), "--out", str(out)],
        "diff": ["diff", str(VERSIONS / "mixed"), str(specs)],
    }


@pytest.mark.parametrize(
    ("case", "rule", "says"),
    [
        ("swagger2", "oas-swagger2", ["Swagger 2.0 document", "swagger2openapi"]),
        ("versionless", "oas-version-missing", ["no `openapi` key", "openapi: 3.1.0"]),
        ("openapi32", "oas-version", ["'3.2.0'", "3.0.0 to 3.0.4 and 3.1.x"]),
    ],
)
@pytest.mark.parametrize(
    "command", ["validate", "lint", "bundle", "generate", "check", "docs", "diff"]
)
def test_every_subcommand_refuses_a_document_it_does_not_read(
    tmp_path: Path, case: str, rule: str, says: list[str], command: str
) -> None:
    specs = _copy(case, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, _commands(specs, out)[command])
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.output
    assert "api.yaml:" in text and (rule in text or command == "diff"), text
    for words in says:
        assert words in text, text
    assert not out.exists(), f"{command} wrote {out}"


def test_the_mock_refuses_it_too(tmp_path: Path) -> None:
    specs = _copy("swagger2", tmp_path)
    result = subprocess.run(
        [str(SPECGEN), "mock", "--specs", str(specs), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "oas-swagger2" in result.stderr and "swagger2openapi" in result.stderr


def test_a_large_document_of_the_wrong_version_is_refused_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    body = "".join(
        f"  /things{i}:\n    get:\n      responses:\n        '200': {{description: ok}}\n"
        for i in range(60_000)
    )
    (specs / "big.yaml").write_text(
        f'swagger: "2.0"\ninfo: {{title: t, version: "1"}}\npaths:\n{body}'
    )
    assert (specs / "big.yaml").stat().st_size > 4_000_000

    def no_parse(path: Path) -> Any:
        raise AssertionError(f"{path.name} was parsed")

    monkeypatch.setattr(tree_module, "load_file", no_parse)
    diagnostics = SpecTree.load(specs).diagnostics
    assert [(d.rule, d.location.line, d.location.col) for d in diagnostics] == [
        ("oas-swagger2", 1, 10)
    ]


def test_a_mixed_tree_validates_generates_and_calls(tmp_path: Path) -> None:
    result = validate_tree(VERSIONS / "mixed")
    assert result.ok, result.diagnostics
    from generator.generate import build

    built = build(VERSIONS / "mixed", "mixed", "mixed")
    assert built.ok, built.diagnostics
    client = built.files["mixed/pets30/_client.py"]
    for method in ("def list_pets(", "def get_pet(", "def delete_pet("):
        assert method in client
    assert "def get_store(" in built.files["mixed/stores31/_client.py"]
    models = built.files["mixed/pets30/models.py"]
    assert "tag: Annotated[StrictStr | None" in models
    assert "owner: Owner | None = None" in models
    assert "status: PetStatus | None = None" in models


def test_a_30_document_reads_as_its_31_meaning() -> None:
    tree = SpecTree.load(VERSIONS / "mixed")
    pets = tree.files[(VERSIONS / "mixed" / "pets30.yaml").resolve()]
    schema = pets.data["components"]["schemas"]["Pet"]["properties"]
    assert pets.data["openapi"] == "3.1.0" and pets.written["openapi"] == "3.0.3"
    assert schema["tag"] == {"type": ["string", "null"], "examples": ["dog"]}
    assert schema["owner"]["anyOf"][1] == {"type": "null"}
    assert schema["owner"]["description"] == "The owner, or null for a stray."
    limit = pets.data["paths"]["/pets"]["get"]["parameters"][0]["schema"]
    assert limit == {"type": "integer", "exclusiveMinimum": 0, "maximum": 100, "examples": [10]}
    owner = tree.files[(VERSIONS / "mixed" / "shared" / "owner.yaml").resolve()]
    assert owner.data["properties"]["name"]["type"] == ["string", "null"]
    # The file as written is untouched, for the 3.0 schema validation.
    assert pets.written["components"]["schemas"]["Pet"]["properties"]["tag"]["nullable"] is True


_BAD_30 = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  count:
                    type: integer
                    nullable: true
                    example: many
                  default:
                    $ref: "#/components/schemas/Missing"
"""


def test_problems_of_a_30_document_are_reported_where_written(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(_BAD_30)
    diags = validate_tree(tmp_path).diagnostics
    found = {(d.rule, d.location.line, d.location.col) for d in diags}
    # The example moved to ``examples`` and the nullable type changed; the error is at the
    # ``example`` the author wrote. The dangling $ref under a property named ``default`` is
    # a reference problem at its own line, not a validator failure at 1:1.
    assert any(rule.startswith("example") and line == 18 for rule, line, _ in found), found
    assert ("ref-unresolved", 20, 27) in found, found
    assert not any(d.location.line <= 1 for d in diags), diags


def test_a_30_document_is_validated_against_the_30_schema(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        _BAD_30.replace("nullable: true", 'type: [integer, "null"]')
        .replace("                    type: integer\n", "")
        .replace('$ref: "#/components/schemas/Missing"', "type: string")
    )
    diags = validate_tree(tmp_path).diagnostics
    assert any(
        d.rule == "oas-schema-type" and d.location.line == 16 and "nullable: true" in d.message
        for d in diags
    ), diags


def test_the_problem_list_is_capped_with_a_count(tmp_path: Path) -> None:
    params = "".join(
        f"        - {{name: p{i}, in: query, schema: {{type: string, default: {i}}}}}\n"
        for i in range(150)
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        f"      parameters:\n{params}      responses:\n        '200': {{description: ok}}\n"
    )
    result = CliRunner().invoke(main, ["validate", "--specs", str(tmp_path)])
    lines = [line for line in result.stderr.splitlines() if "api.yaml:" in line]
    assert len(lines) == 100
    assert "... and 50 more problems not shown (--max-problems 0 shows all)" in result.stderr
    everything = CliRunner().invoke(
        main, ["validate", "--specs", str(tmp_path), "--max-problems", "0", "--format", "json"]
    )
    assert len(json.loads(everything.stdout)) == 150
