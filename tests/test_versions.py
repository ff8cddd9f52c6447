"""OpenAPI 3.0 and 3.1 read on purpose (a mixed tree), and a 3.0 document's problems reported
where it is written. The refusals of other versions by every subcommand are in
``test_realworld.py``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.openapi.tree import SpecTree
from generator.validate import validate_tree

VERSIONS = Path(__file__).parent / "fixtures" / "versions"
SPECGEN = Path(sys.executable).parent / "specgen"


def _copy(case: str, tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    shutil.copytree(VERSIONS / case, specs)
    return specs


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


_LEFT_OUT = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /subs:
    servers: [{url: "https://other.example"}]
    post:
      operationId: subscribe
      callbacks:
        onEvent:
          "{$request.body#/url}":
            post:
              responses: {"200": {description: ok}}
      responses: {"200": {description: ok}}
"""


def test_what_the_client_leaves_out_is_reported_where_written(tmp_path: Path) -> None:
    from generator.generate import build

    (tmp_path / "api.yaml").write_text(_LEFT_OUT)
    result = build(tmp_path, "left", "left")
    assert result.ok
    found = {(d.rule, d.location.line, d.severity.value) for d in result.diagnostics}
    assert found == {
        ("generate-servers-ignored", 5, "warning"),
        ("generate-callbacks-ignored", 9, "warning"),
    }
    assert "def subscribe(" in result.files["left/api/_client.py"]
