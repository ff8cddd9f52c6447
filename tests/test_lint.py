"""`specgen lint` rules: each one on a spec that passes and on one that fails, with the exact
`file:line:col: rule: message` it prints; the two switches (configuration and x-lint-ignore).

Each failing case is the clean spec below with one edit, so the expected line says where the
rule points.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Severity, format_diagnostic
from generator.lint import (
    RULES,
    LintConfig,
    LintConfigError,
    config_from_table,
    lint_tree,
    load_config,
)
from generator.openapi.tree import SpecTree

from .specs_inventory import SPECS

BROKEN = Path(__file__).parent / "fixtures" / "broken"

CLEAN = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Things, version: "1"}
    paths:
      /things:
        get:
          operationId: ListThings
          x-cloudnet-vendor-name: ListThings
          x-cloudnet-pagination:
            style: page
            page: pageNumber
            size: pageSize
            total: totalCount
            items: things
          x-cloudnet-error-codes:
            - status: 404
              code: Thing.NotFound
              message: The thing does not exist.
              description: The thing does not exist; check its ID.
          parameters:
            - name: pageNumber
              in: query
              description: The page number.
              schema: {type: integer}
            - name: pageSize
              in: query
              description: The number of things per page.
              schema: {type: integer}
            - name: state
              in: query
              description: Only things in this state.
              schema:
                type: string
                enum: [running, stopped]
                x-enum-descriptions: [The thing runs., The thing is stopped.]
          responses:
            "200":
              description: A page of things.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/ThingPage"}
            "404":
              description: No such thing.
    components:
      schemas:
        ThingPage:
          type: object
          description: A page of things.
          properties:
            totalCount: {type: integer, description: The number of things.}
            things:
              type: array
              description: The things on this page.
              items: {$ref: "#/components/schemas/Thing"}
        Thing:
          type: object
          description: A thing.
          properties:
            thingId: {type: string, description: The ID of the thing.}
            owner: {$ref: "#/components/schemas/Owner"}
        Owner:
          type: object
          description: Who owns a thing.
          properties:
            name: {type: string, description: The owner's name.}
    servers:
      - url: https://{region}.things.test
        variables:
          region:
            default: north
            enum: [north, south]
            x-cloudnet-server-urls:
              south: https://things.south.test
    """
)
CONFIG = LintConfig(casing={"acme": "camelCase"})


def _lint(
    tmp_path: Path, text: str, config: LintConfig = CONFIG, rule: str | None = None
) -> list[str]:
    spec = tmp_path / "acme" / "things.yaml"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(text, encoding="utf-8")
    result = lint_tree(SpecTree.load(tmp_path), config)
    return [
        format_diagnostic(d, relative_to=tmp_path)
        for d in result.diagnostics
        if rule is None or d.rule == rule
    ]


def _edit(old: str, new: str) -> str:
    assert CLEAN.count(old) == 1, old
    return CLEAN.replace(old, new)


def test_the_clean_spec_passes_every_rule(tmp_path: Path) -> None:
    assert _lint(tmp_path, CLEAN) == []


def test_every_rule_has_an_id_a_severity_and_an_explanation() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) == 9
    for rule in RULES:
        assert rule.id.startswith("cloudnet/") and rule.summary
        assert rule.severity in (Severity.ERROR, Severity.WARNING)


# Each case: the rule, the edit of the clean spec, the exact lines printed.
CASES = {
    "operation-id-differs": (
        "cloudnet/operation-id-vendor-name",
        ("operationId: ListThings", "operationId: listThings"),
        [
            "acme/things.yaml:6:20: cloudnet/operation-id-vendor-name: operationId 'listThings' "
            "is not the vendor's name 'ListThings'; use the vendor's name so docs, SDKs and "
            "error reports line up"
        ],
    ),
    "vendor-name-missing": (
        "cloudnet/operation-id-vendor-name",
        ("      x-cloudnet-vendor-name: ListThings\n", ""),
        [
            "acme/things.yaml:6:7: cloudnet/operation-id-vendor-name: ListThings: the vendor's "
            "name of this operation is not recorded; add x-cloudnet-vendor-name (the API name "
            "in the vendor's docs and SDKs)"
        ],
    ),
    "rpc-action-disagrees": (
        "cloudnet/operation-id-vendor-name",
        (
            "      x-cloudnet-vendor-name: ListThings\n",
            "      x-cloudnet-vendor-name: ListThings\n"
            "      x-cloudnet-rpc: {action: DescribeThings, version: '1'}\n",
        ),
        [
            "acme/things.yaml:7:31: cloudnet/operation-id-vendor-name: ListThings: "
            "x-cloudnet-vendor-name 'ListThings' differs from x-cloudnet-rpc.action "
            "'DescribeThings'; keep one vendor name"
        ],
    ),
    "property-description-missing": (
        "cloudnet/description-required",
        (
            "thingId: {type: string, description: The ID of the thing.}",
            "thingId: {type: string}",
        ),
        [
            "acme/things.yaml:58:18: cloudnet/description-required: property 'Thing.thingId' "
            "has no description; take it from the vendor page"
        ],
    ),
    "ref-property-without-any-description": (
        "cloudnet/description-required",
        ("      description: Who owns a thing.\n", ""),
        [
            "acme/things.yaml:59:16: cloudnet/description-required: property 'Thing.owner' "
            "has no description; take it from the vendor page"
        ],
    ),
    "parameter-description-missing": (
        "cloudnet/description-required",
        ("          description: The page number.\n", ""),
        [
            "acme/things.yaml:20:11: cloudnet/description-required: parameter 'pageNumber' "
            "(query) has no description; take it from the vendor page"
        ],
    ),
    "enum-not-described": (
        "cloudnet/enum-value-description",
        ("            x-enum-descriptions: [The thing runs., The thing is stopped.]\n", ""),
        [
            "acme/things.yaml:33:19: cloudnet/enum-value-description: parameter state: enum "
            "values 'running', 'stopped' are not described; add x-enum-descriptions (one per "
            "value, in order) from the vendor page"
        ],
    ),
    "enum-description-count": (
        "cloudnet/enum-value-description",
        (
            "x-enum-descriptions: [The thing runs., The thing is stopped.]",
            "x-enum-descriptions: [The thing runs.]",
        ),
        [
            "acme/things.yaml:34:34: cloudnet/enum-value-description: parameter state: "
            "x-enum-descriptions has 1 entries for 2 enum values; give one description per "
            "value, in order"
        ],
    ),
    "enum-description-map-incomplete": (
        "cloudnet/enum-value-description",
        (
            "x-enum-descriptions: [The thing runs., The thing is stopped.]",
            "x-enumDescriptions: {running: The thing runs.}",
        ),
        [
            "acme/things.yaml:34:33: cloudnet/enum-value-description: parameter state: "
            "x-enumDescriptions does not describe 'stopped'"
        ],
    ),
    "error-code-without-response": (
        "cloudnet/error-code-response",
        ("- status: 404", "- status: 409"),
        [
            "acme/things.yaml:15:19: cloudnet/error-code-response: ListThings: error code "
            "'Thing.NotFound' has status 409, which is not a documented response (responses: "
            "200, 404); add the response or fix the status"
        ],
    ),
    "error-example-contradicts-status": (
        "cloudnet/error-example-status",
        (
            '        "404":\n',
            '        "500":\n'
            "          description: The service failed.\n"
            "          content:\n"
            "            application/json:\n"
            "              examples:\n"
            "                failed:\n"
            "                  value: {code: Thing.NotFound, message: The thing does not exist.}\n"
            '        "404":\n',
        ),
        [
            "acme/things.yaml:47:26: cloudnet/error-example-status: ListThings: the example "
            "'failed' of status 500 says 'Not Found', an error of a 4xx status; give each status "
            "an example that fits it (the vendor page's error table)"
        ],
    ),
    "unused-component": (
        "cloudnet/no-unused-components",
        (
            "    Owner:\n",
            "    Orphan: {type: object, description: Nobody refers to me.}\n    Owner:\n",
        ),
        [
            "acme/things.yaml:60:13: cloudnet/no-unused-components: warning: "
            "components/schemas/Orphan is not used by any operation; remove it"
        ],
    ),
    "pagination-unknown-parameter": (
        "cloudnet/pagination-consistent",
        ("size: pageSize", "size: pageSze"),
        [
            "acme/things.yaml:11:15: cloudnet/pagination-consistent: ListThings: pagination "
            "size 'pageSze' is not a parameter of the operation; did you mean 'pageSize'?"
        ],
    ),
    "pagination-items-not-an-array": (
        "cloudnet/pagination-consistent",
        ("items: things", "items: totalCount"),
        [
            "acme/things.yaml:13:16: cloudnet/pagination-consistent: ListThings: pagination "
            "items 'totalCount' must be an array field (it is integer)"
        ],
    ),
    "pagination-key-of-the-other-style": (
        "cloudnet/pagination-consistent",
        ("style: page", "style: offset"),
        [
            "acme/things.yaml:9:9: cloudnet/pagination-consistent: ListThings: pagination style "
            "'offset' needs 'limit'",
            "acme/things.yaml:9:9: cloudnet/pagination-consistent: ListThings: pagination style "
            "'offset' needs 'offset'",
            "acme/things.yaml:10:15: cloudnet/pagination-consistent: ListThings: 'page' is not "
            "a key of pagination style 'offset' (keys: offset, limit, items, total)",
            "acme/things.yaml:11:15: cloudnet/pagination-consistent: ListThings: 'size' is not "
            "a key of pagination style 'offset' (keys: offset, limit, items, total)",
        ],
    ),
    "server-urls-value-outside-enum": (
        "cloudnet/server-urls",
        ("south: https://things.south.test", "west: https://things.west.test"),
        [
            "acme/things.yaml:72:17: cloudnet/server-urls: server variable region: 'west' is "
            "not a value of its enum; list it there or remove it here"
        ],
    ),
    "server-urls-not-a-url": (
        "cloudnet/server-urls",
        ("south: https://things.south.test", "south: things.south.test"),
        [
            "acme/things.yaml:72:18: cloudnet/server-urls: server variable region: 'south': "
            "'things.south.test' is not an absolute http(s) URL"
        ],
    ),
    "server-urls-unknown-variable": (
        "cloudnet/server-urls",
        ("south: https://things.south.test", "south: https://{zone}.south.test"),
        [
            "acme/things.yaml:72:18: cloudnet/server-urls: server variable region: 'south': "
            "https://{zone}.south.test has {zone}, which is not a variable of the server"
        ],
    ),
    "server-urls-not-a-mapping": (
        "cloudnet/server-urls",
        (
            "x-cloudnet-server-urls:\n          south: https://things.south.test",
            "x-cloudnet-server-urls: [https://things.south.test]",
        ),
        [
            "acme/things.yaml:71:33: cloudnet/server-urls: server variable region: "
            "x-cloudnet-server-urls must map a value of the variable to a server URL"
        ],
    ),
    "casing": (
        "cloudnet/vendor-casing",
        ("thingId:", "thing_id:"),
        [
            "acme/things.yaml:58:19: cloudnet/vendor-casing: property 'Thing.thing_id' is not "
            "camelCase, the casing of acme names"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_reports_the_defect_where_it_is(tmp_path: Path, case: str) -> None:
    rule, (old, new), expected = CASES[case]
    assert _lint(tmp_path, CLEAN, rule=rule) == []  # passing
    assert _lint(tmp_path, _edit(old, new)) == expected  # failing, and no other rule fires


def test_casing_leaves_headers_and_unconfigured_vendors_alone(tmp_path: Path) -> None:
    header = (
        "        - name: X-Request-Id\n"
        "          in: header\n"
        "          description: A request ID.\n"
        "          schema: {type: string}\n"
        "        - name: state\n"
    )
    text = _edit("        - name: state\n", header).replace("thingId:", "thing_id:")
    assert _lint(tmp_path, text, rule="cloudnet/vendor-casing") == [
        "acme/things.yaml:62:19: cloudnet/vendor-casing: property 'Thing.thing_id' is not "
        "camelCase, the casing of acme names"
    ]
    assert _lint(tmp_path, text, LintConfig(), rule="cloudnet/vendor-casing") == []


def test_error_code_status_may_fall_in_a_range_response(tmp_path: Path) -> None:
    text = _edit("- status: 404", "- status: 409").replace('"404":', "4XX:")
    assert _lint(tmp_path, text) == []


ERROR_RESPONSES = """\
        "404":
          $ref: "#/components/responses/Missing"
        "409":
          $ref: "#/components/responses/Missing"
        5XX:
          description: The service failed.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Failure"}
              examples:
                busy: {value: {error: {code: ServiceUnavailable, text: Try again later.}}}
components:
  responses:
    Missing:
      description: No such thing.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Failure"}
          examples:
            missing: {value: {error: {code: Thing.NotFound, text: No such thing.}}}
  schemas:
    Failure:
      type: object
      description: An error.
      x-cloudnet-error-fields: {code: error.code, message: error.text}
      properties:
        error:
          type: object
          description: The error.
          properties:
            code: {type: string, description: The code.}
            text: {type: string, description: The message.}
"""


def test_error_examples_read_by_the_error_fields_and_reported_once(tmp_path: Path) -> None:
    """Examples that fit their status pass, read where x-cloudnet-error-fields says the code and
    message are (a code's CamelCase split into words); one example shared by two 4xx statuses
    that reads as a 5xx error is reported once, where it is written."""
    text = _edit(
        '        "404":\n          description: No such thing.\ncomponents:\n  schemas:\n',
        ERROR_RESPONSES,
    )
    assert _lint(tmp_path, text) == []
    broken = "code: InternalError, text: Something broke."
    assert _lint(tmp_path, text.replace("code: Thing.NotFound, text: No such thing.", broken)) == [
        "acme/things.yaml:60:30: cloudnet/error-example-status: ListThings: the example "
        "'missing' of status 404 says 'Internal Error', an error of a 5xx status; give each "
        "status an example that fits it (the vendor page's error table)"
    ]
    # The message counts too: a 5xx that says what a client did wrong.
    client = "code: Thing.BadId, text: Invalid thing ID."
    found = _lint(
        tmp_path, text.replace("code: ServiceUnavailable, text: Try again later.", client)
    )
    assert [line.split(": the")[0] for line in found] == [
        "acme/things.yaml:51:31: cloudnet/error-example-status: ListThings"
    ]


def test_unused_components_follow_refs_across_files_and_security(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "common.yaml").write_text(
        textwrap.dedent(
            """\
            openapi: 3.1.0
            info: {title: shared, version: "1"}
            components:
              securitySchemes:
                Token: {type: http, scheme: bearer, description: A token.}
                Unused: {type: http, scheme: basic, description: Nobody asks for it.}
              schemas:
                Error: {type: object, description: An error.}
                Stale: {type: object, description: Used by nobody.}
            """
        )
    )
    api = textwrap.dedent(
        """\
        openapi: 3.1.0
        info: {title: Problems, version: "1"}
        security: [{Token: []}]
        paths:
          /problems:
            get:
              operationId: GetProblem
              x-cloudnet-vendor-name: GetProblem
              responses:
                "500":
                  description: A problem.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Problem"}
        components:
          securitySchemes:
            Token: {$ref: "./common.yaml#/components/securitySchemes/Token"}
          schemas:
            Problem: {$ref: "./common.yaml#/components/schemas/Error"}
        """
    )
    assert _lint(tmp_path, api, rule="cloudnet/no-unused-components") == [
        "acme/common.yaml:6:13: cloudnet/no-unused-components: warning: "
        "components/securitySchemes/Unused is not used by any operation; remove it",
        "acme/common.yaml:9:12: cloudnet/no-unused-components: warning: "
        "components/schemas/Stale is not used by any operation; remove it",
    ]


def test_inline_ignore_on_the_node_or_an_enclosing_one(tmp_path: Path) -> None:
    broken = _edit("operationId: ListThings", "operationId: listThings")
    assert _lint(tmp_path, broken)
    for value in (
        "cloudnet/operation-id-vendor-name",
        "operation-id-vendor-name",
        "[cloudnet/description-required, cloudnet/operation-id-vendor-name]",
    ):
        ignored = broken.replace(
            "      operationId: listThings\n",
            f"      x-lint-ignore: {value}\n      operationId: listThings\n",
        )
        assert _lint(tmp_path, ignored) == [], value
    # On the document: the whole file.
    whole = broken.replace(
        "openapi: 3.1.0\n", "openapi: 3.1.0\nx-lint-ignore: operation-id-vendor-name\n"
    )
    assert _lint(tmp_path, whole) == []
    # Another rule's id does not switch this one off.
    other = broken.replace(
        "      operationId: listThings\n",
        "      x-lint-ignore: cloudnet/vendor-casing\n      operationId: listThings\n",
    )
    assert len(_lint(tmp_path, other)) == 1


def test_an_inline_ignore_of_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    text = CLEAN.replace(
        "      operationId: ListThings\n",
        "      x-lint-ignore: [vendor-casing, operation-id]\n      operationId: ListThings\n",
    )
    assert _lint(tmp_path, text) == [
        "acme/things.yaml:6:38: lint-ignore-unknown: x-lint-ignore: 'operation-id' is not a lint "
        "rule (rules: " + ", ".join(rule.id for rule in RULES) + ")"
    ]


def test_configuration_switches_a_rule_off_or_to_a_warning(tmp_path: Path) -> None:
    broken = _edit("operationId: ListThings", "operationId: listThings")
    rule = "cloudnet/operation-id-vendor-name"
    off = config_from_table({"rules": {rule: "off"}, "casing": {"acme": "camelCase"}})
    assert _lint(tmp_path, broken, off) == []
    warn = config_from_table({"rules": {"operation-id-vendor-name": "warn"}})
    lines = _lint(tmp_path, broken, warn)
    assert len(lines) == 1 and f"{rule}: warning: " in lines[0]


def test_configuration_is_read_from_the_nearest_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen.lint.rules]\n"cloudnet/no-unused-components" = "error"\n'
        '[tool.specgen.lint.casing]\nacme = "PascalCase"\n'
    )
    (tmp_path / "specs").mkdir()
    config = load_config(None, tmp_path / "specs")
    assert config.severities == {"cloudnet/no-unused-components": Severity.ERROR}
    assert config.casing == {"acme": "PascalCase"}
    assert config.source == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"rules": {"cloudnet/no-such-rule": "off"}}, "unknown lint rule 'cloudnet/no-such-rule'"),
        ({"rules": {"vendor-casing": "loud"}}, "severity 'loud' is not one of off, warn, error"),
        ({"casing": {"acme": "Title Case"}}, "casing 'Title Case' of 'acme' is not one of"),
    ],
)
def test_a_bad_configuration_is_refused(table: dict[str, object], message: str) -> None:
    with pytest.raises(LintConfigError, match=message):
        config_from_table(table)


def test_the_five_specs_lint_clean_with_the_project_configuration() -> None:
    config = load_config(None, SPECS)
    assert config.casing == {"alibaba": "PascalCase", "huawei": "snake_case", "zstack": "camelCase"}
    result = lint_tree(SpecTree.load(SPECS), config)
    assert [format_diagnostic(d) for d in result.diagnostics] == []
    assert result.ignored == 0


@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN.iterdir() if p.is_dir()))
def test_rules_never_crash_on_broken_trees(case: str) -> None:
    result = lint_tree(SpecTree.load(BROKEN / case), CONFIG)
    assert not [d for d in result.diagnostics if "crashed" in d.message]
