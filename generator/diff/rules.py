"""The rules of `specgen diff`: each change it reports is one of these, with an id (oasdiff's
where oasdiff has the check), a severity for a client of the API, and a one-line explanation.

Severity is judged for code written against the generated client:

- ``breaking``: code that worked against BASE can fail against HEAD (a call is refused, a
  method or argument is gone, a value the client cannot read comes back);
- ``non-breaking``: the API changed compatibly (something was added or relaxed);
- ``info``: nothing a program can observe changed (descriptions).

Schema rules exist once per context: ``request-parameter`` (a parameter's own schema),
``request-property`` (a request body, or anything nested in a request schema) and
``response-property`` (a response body or anything in it). A schema used in both directions is
judged in each. Keywords that mean nothing in a parameter (``additionalProperties: false``,
``dependentRequired``, discriminators) have rules in the two body contexts only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["CONTEXTS", "RULES", "Rule", "Severity", "rule"]


class Severity(enum.Enum):
    BREAKING = "breaking"
    NON_BREAKING = "non-breaking"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"breaking": 0, "non-breaking": 1, "info": 2}[self.value]


B, N, I = Severity.BREAKING, Severity.NON_BREAKING, Severity.INFO  # noqa: E741


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    explanation: str


CONTEXTS = ("request-parameter", "request-property", "response-property")
_REQUEST = CONTEXTS[:2]
_RESPONSE = CONTEXTS[2:]

_RULES: list[Rule] = [
    # Operations.
    Rule("endpoint-added", N, "a new operation (a new client method); existing calls still work"),
    Rule("api-removed", B, "the operation is gone, and with it its client method"),
    Rule("api-path-changed", B, "the operation (same operationId) moved to another path"),
    Rule("api-method-changed", B, "the operation (same operationId) uses another HTTP method"),
    Rule(
        "api-operation-id-changed",
        B,
        "the client method is named after the operationId, so its name changes",
    ),
    Rule("api-deprecated", N, "the operation is marked deprecated; calls still work"),
    Rule("api-reactivated", N, "the operation is no longer deprecated"),
    Rule("api-pagination-added", N, "the operation gains an iter_ method that walks every page"),
    Rule("api-pagination-removed", B, "the operation's iter_ method (every page) is gone"),
    # Security and servers.
    Rule(
        "api-security-removed",
        B,
        "a way to authenticate the operation is gone: clients holding only that credential fail",
    ),
    Rule(
        "api-security-removed-anonymous-allowed",
        N,
        "a way to authenticate is no longer listed, but the operation now takes anonymous calls: "
        "no caller is refused",
    ),
    Rule("api-security-added", N, "the operation accepts one more way to authenticate"),
    Rule(
        "api-security-scheme-changed",
        B,
        "a security scheme authenticates differently: existing credentials may be refused",
    ),
    Rule("api-server-removed", B, "a server URL is gone: clients configured for it fail"),
    Rule("api-server-added", N, "a new server URL"),
    Rule(
        "api-server-variable-removed",
        B,
        "a server variable (a client constructor argument) is gone",
    ),
    Rule("api-server-variable-added", N, "a new server variable, with a default"),
    Rule(
        "api-server-variable-default-changed",
        N,
        "clients that do not set the server variable now reach another host",
    ),
    Rule("api-schema-removed", B, "a component schema, and the model class made of it, is gone"),
    Rule("api-schema-added", N, "a new component schema (a new model class)"),
    Rule(
        "api-schema-moved-to-component",
        B,
        "an inline schema became a component under another name: its model class is renamed, "
        "as when a component schema is removed",
    ),
    Rule(
        "api-schema-moved-inline",
        B,
        "a component schema was written inline instead: its model class is renamed, as when a "
        "component schema is removed",
    ),
    Rule("description-changed", I, "documentation only (a summary or description changed)"),
    Rule(
        "api-other-change",
        I,
        "the document changed where no rule looks (examples, extensions, ...)",
    ),
    # Parameters.
    Rule(
        "new-required-request-parameter",
        B,
        "a new required parameter: existing calls do not pass it",
    ),
    Rule("new-optional-request-parameter", N, "a new optional parameter"),
    Rule(
        "request-parameter-removed",
        B,
        "a parameter is gone: calls that pass its keyword argument fail",
    ),
    Rule(
        "request-parameter-renamed",
        B,
        "a parameter has a new name (a new keyword argument); calls using the old one fail",
    ),
    Rule(
        "request-parameter-became-required",
        B,
        "an optional parameter became required: calls that leave it out fail",
    ),
    Rule("request-parameter-became-optional", N, "a required parameter became optional"),
    Rule(
        "request-parameter-style-changed",
        B,
        "the parameter is written in another style: the client keeps sending the old form",
    ),
    Rule(
        "request-parameter-explode-changed",
        B,
        "an array or object parameter is exploded differently: the client keeps the old form",
    ),
    Rule(
        "request-parameter-became-allow-reserved",
        N,
        "reserved characters may now be sent as they are; the client percent-encodes them, "
        "which stays valid",
    ),
    Rule(
        "request-parameter-became-not-allow-reserved",
        N,
        "reserved characters must now be percent-encoded, which the client always does",
    ),
    # Request bodies.
    Rule("request-body-added-required", B, "a required request body: existing calls send none"),
    Rule("request-body-added-optional", N, "an optional request body"),
    Rule("request-body-removed", B, "the request body is gone: calls that pass one fail"),
    Rule("request-body-became-required", B, "the request body became required"),
    Rule("request-body-became-optional", N, "the request body became optional"),
    Rule("request-body-media-type-added", N, "the request body accepts one more media type"),
    Rule(
        "request-body-media-type-removed",
        B,
        "a request media type is gone: bodies sent as it are refused",
    ),
    # Responses.
    Rule(
        "response-success-status-removed",
        B,
        "a success status is gone: the client's return type for it no longer applies",
    ),
    Rule("response-success-status-added", N, "a new success status"),
    Rule(
        "response-non-success-status-removed",
        N,
        "an error status is no longer documented; the client still raises by status class",
    ),
    Rule("response-non-success-status-added", N, "a new documented error status"),
    Rule(
        "response-media-type-removed",
        B,
        "a response media type is gone: clients that read it get something else",
    ),
    Rule("response-media-type-added", N, "a response may come in one more media type"),
    Rule(
        "required-response-header-removed",
        B,
        "a response header that was always sent is gone",
    ),
    Rule("optional-response-header-removed", N, "a response header that was optional is gone"),
    Rule(
        "response-header-became-optional",
        B,
        "a response header that was always sent may be missing",
    ),
    # Properties of objects.
    Rule(
        "new-required-request-property",
        B,
        "a new required field in a request: existing bodies lack it",
    ),
    Rule("new-optional-request-property", N, "a new optional field in a request"),
    Rule(
        "request-property-removed",
        B,
        "a request field is gone: model constructors that set it fail",
    ),
    Rule(
        "request-property-became-required",
        B,
        "a request field became required: bodies that leave it out are refused",
    ),
    Rule("request-property-became-optional", N, "a request field became optional"),
    Rule(
        "response-required-property-removed",
        B,
        "a response field that was always sent is gone: code that reads it fails",
    ),
    Rule(
        "response-optional-property-removed",
        B,
        "a response field is gone from the model: code that reads the attribute fails",
    ),
    Rule("response-required-property-added", N, "a new response field, always sent"),
    Rule("response-optional-property-added", N, "a new optional response field"),
    Rule(
        "response-property-became-optional",
        B,
        "a response field that was always sent may be missing (None)",
    ),
    Rule("response-property-became-required", N, "a response field is now always sent"),
    Rule(
        "response-optional-property-became-nullable",
        N,
        "an optional response field may be null: its model attribute already reads None",
    ),
    # readOnly / writeOnly. The generated models ignore both keywords: a read-only field can
    # still be set in a request model, a write-only one is still a field of a response model.
    Rule(
        "request-optional-property-became-read-only",
        B,
        "a request field became read-only: the service ignores what the client sends",
    ),
    Rule(
        "request-required-property-became-read-only",
        B,
        "a required request field became read-only: the service ignores what the client sends",
    ),
    Rule(
        "request-optional-property-became-not-read-only",
        N,
        "a request field is no longer read-only: the service now takes it",
    ),
    Rule(
        "request-required-property-became-not-read-only",
        N,
        "a required request field is no longer read-only: the service now takes it",
    ),
    Rule(
        "response-required-property-became-write-only",
        B,
        "a response field that was always sent became write-only: it is no longer sent, and the "
        "model, which requires it, refuses the body",
    ),
    Rule(
        "response-optional-property-became-write-only",
        N,
        "an optional response field became write-only: no longer sent, its attribute reads None",
    ),
    Rule(
        "response-required-property-became-not-write-only",
        N,
        "a required response field is no longer write-only: it is sent",
    ),
    Rule(
        "response-optional-property-became-not-write-only",
        N,
        "an optional response field is no longer write-only: it may be sent",
    ),
]


def _schema_rule(stem: str, request: Severity, response: Severity, explanation: str) -> None:
    for context in CONTEXTS:
        severity = request if context in _REQUEST else response
        _RULES.append(Rule(f"{context}-{stem}", severity, explanation))


def _request_rule(stem: str, severity: Severity, explanation: str) -> None:
    for context in _REQUEST:
        _RULES.append(Rule(f"{context}-{stem}", severity, explanation))


def _body_rule(stem: str, request: Severity, response: Severity, explanation: str) -> None:
    """A rule of request and response bodies only (the keyword means nothing in a parameter)."""
    for context in CONTEXTS[1:]:
        severity = request if context in _REQUEST else response
        _RULES.append(Rule(f"{context}-{stem}", severity, explanation))


def _response_rule(stem: str, severity: Severity, explanation: str) -> None:
    for context in _RESPONSE:
        _RULES.append(Rule(f"{context}-{stem}", severity, explanation))


_schema_rule(
    "type-changed", B, B, "the type changed: values of the old type are refused or unreadable"
)
_request_rule("type-generalized", N, "the request accepts more types than before")
_response_rule("type-specialized", N, "the response sends a narrower type than before")
_schema_rule("format-changed", B, B, "the format changed, and with it the Python type of the value")
_schema_rule(
    "became-nullable", N, B, "null is now allowed (a response may send null where it did not)"
)
_schema_rule("became-not-nullable", B, N, "null is no longer allowed (a request may not send it)")
_schema_rule(
    "enum-value-removed",
    B,
    N,
    "an allowed value is gone (a request sending it is refused)",
)
_schema_rule(
    "enum-value-added",
    N,
    B,
    "a new allowed value (a response may send a value older clients do not know)",
)
_schema_rule(
    "enum-member-renamed",
    B,
    B,
    "an enum value's member name changed (`x-enum-varnames`, `x-enumNames`): code that names "
    "the member (`Kind.WRR`) breaks",
)
_schema_rule("became-enum", B, N, "the value is now limited to a list (a request may be refused)")
_schema_rule(
    "became-not-enum", N, B, "the value is no longer limited to a list (a response may send any)"
)
# Bounds. For an upper bound (max, max-length, max-items) "decreased" narrows what is valid;
# for a lower bound (min, min-length, min-items) "increased" does. Setting a bound where there
# was none narrows, removing one widens. Narrowing breaks requests, widening breaks responses.
for _bound in ("max", "max-length", "max-items", "max-properties"):
    _schema_rule(f"{_bound}-decreased", B, N, f"the {_bound} bound is lower (or newly set)")
    _schema_rule(f"{_bound}-increased", N, B, f"the {_bound} bound is higher (or removed)")
for _bound in ("min", "min-length", "min-items", "min-properties"):
    _schema_rule(f"{_bound}-increased", B, N, f"the {_bound} bound is higher (or newly set)")
    _schema_rule(f"{_bound}-decreased", N, B, f"the {_bound} bound is lower (or removed)")
_schema_rule("pattern-added", B, N, "values must now match a pattern")
_schema_rule("pattern-removed", N, B, "values no longer have to match a pattern")
_schema_rule("pattern-changed", B, B, "values must match another pattern")
_schema_rule(
    "default-value-changed",
    B,
    I,
    "the default changed: a request that leaves the value out now means something else",
)
_schema_rule("one-of-added", N, B, "a new oneOf alternative (a response may send a new shape)")
_schema_rule("one-of-removed", B, N, "a oneOf alternative is gone (a request using it fails)")
_schema_rule("any-of-added", N, B, "a new anyOf alternative (a response may send a new shape)")
_schema_rule("any-of-removed", B, N, "an anyOf alternative is gone (a request using it fails)")

# New constraints. What the generated models check decides the response side: they check
# multipleOf (pydantic's multiple_of) and additionalProperties: false (extra="forbid"), not
# uniqueItems nor dependentRequired, so dropping those from a response breaks no model.
_schema_rule("unique-items-set", B, N, "the array's items must now be unique")
_schema_rule(
    "unique-items-unset",
    N,
    N,
    "the array's items no longer have to be unique (the models never checked it)",
)
_schema_rule("multiple-of-set", B, N, "the value must now be a multiple of a number")
_schema_rule("multiple-of-unset", N, B, "the value no longer has to be a multiple of a number")
_schema_rule(
    "multiple-of-generalized",
    N,
    B,
    "the value must be a multiple of a divisor of the old number (more values are valid)",
)
_schema_rule(
    "multiple-of-specialized",
    B,
    N,
    "the value must be a multiple of a multiple of the old number (fewer values are valid)",
)
_schema_rule("multiple-of-changed", B, B, "the value must be a multiple of an unrelated number")
_body_rule(
    "additional-properties-forbidden",
    B,
    N,
    "fields the schema does not name are refused (the model forbids extras)",
)
_body_rule(
    "additional-properties-allowed",
    N,
    B,
    "fields the schema does not name are allowed again (an old model forbids them)",
)
_body_rule(
    "dependent-required-added",
    B,
    N,
    "a field now requires others beside it (dependentRequired): a request without them is refused",
)
_body_rule(
    "dependent-required-removed",
    N,
    N,
    "a field no longer requires others beside it (the models never checked it)",
)
# Discriminators: the generated models pin each variant's discriminator value (a Literal) and
# pick the variant by it.
_body_rule(
    "discriminator-added",
    B,
    B,
    "the variants are now told apart by a property: its value is pinned per variant, and a "
    "value that maps to no variant is refused",
)
_body_rule(
    "discriminator-removed",
    N,
    B,
    "the variants are no longer told apart by a property: a response may parse as another class",
)
_body_rule(
    "discriminator-property-name-changed",
    B,
    B,
    "the variants are told apart by another property",
)
_body_rule(
    "discriminator-mapping-added",
    N,
    B,
    "a new discriminator value: a response carrying it is refused by older models",
)
_body_rule(
    "discriminator-mapping-deleted",
    B,
    N,
    "a discriminator value is gone: a request carrying it is refused",
)
_body_rule(
    "discriminator-mapping-changed",
    B,
    B,
    "a discriminator value maps to another schema (another model class)",
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
assert len(RULES) == len(_RULES), "duplicate rule id"


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
