"""The cloudnet lint rules: what Redocly's and Spectral's rule sets do not check and this project
needs. Each check yields findings; ``RULES`` at the bottom is the registry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Severity
from ..openapi.tree import RefError, SpecTree
from ..openapi.walk import iter_refs
from ..openapi.yamlload import JsonPath, LoadedFile
from .registry import Finding, LintConfig, Rule
from .walk import (
    Operation,
    deref,
    did_you_mean,
    nonblank,
    operations,
    operations_by_file,
    parameter_definitions,
    schemas,
    shown,
)

__all__ = ["CASINGS", "RULES"]

# -- operationId follows the vendor's name ------------------------------------------------------


def operation_id_vendor_name(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """The vendor's own name of an operation is recorded in the spec: ``x-cloudnet-rpc.action``
    for an RPC action, ``x-cloudnet-vendor-name`` otherwise. The operationId must equal it."""
    for op in operations(tree):
        rpc = op.data.get("x-cloudnet-rpc")
        action = rpc.get("action") if isinstance(rpc, dict) else None
        recorded = op.data.get("x-cloudnet-vendor-name")
        if action is not None and recorded is not None and action != recorded:
            yield Finding(
                op.file,
                (*op.path, "x-cloudnet-vendor-name"),
                f"{op.name}: x-cloudnet-vendor-name {recorded!r} differs from "
                f"x-cloudnet-rpc.action {action!r}; keep one vendor name",
            )
            continue
        vendor = action if action is not None else recorded
        if not nonblank(vendor):
            yield Finding(
                op.file,
                op.path,
                f"{op.name}: the vendor's name of this operation is not recorded; add "
                "x-cloudnet-vendor-name (the API name in the vendor's docs and SDKs)",
            )
            continue
        op_id = op.data.get("operationId")
        if op_id != vendor:
            where = (*op.path, "operationId") if "operationId" in op.data else op.path
            yield Finding(
                op.file,
                where,
                f"operationId {op_id!r} is not the vendor's name {vendor!r}; use the vendor's "
                "name so docs, SDKs and error reports line up",
            )


# -- every property and parameter has a description ---------------------------------------------


def description_required(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    by_file = operations_by_file(tree)
    for file in list(tree.documents()):
        for path, param in parameter_definitions(file, by_file):
            if not nonblank(param.get("description")):
                yield Finding(
                    file,
                    path,
                    f"parameter {param.get('name')!r} ({param.get('in')}) has no description; "
                    "take it from the vendor page",
                )
        for path, schema in schemas(file):
            props = schema.get("properties")
            if not isinstance(props, dict):
                continue
            for name, prop in props.items():
                here = (*path, "properties", name)
                if _described(tree, file, here, prop):
                    continue
                yield Finding(
                    file,
                    here,
                    f"property {shown(here, file.data)!r} has no description; take it from the "
                    "vendor page",
                )


def _described(tree: SpecTree, file: LoadedFile, path: JsonPath, prop: Any) -> bool:
    """A property is described by its own description or, when it is a reference, by the
    description of the schema it refers to (what docs renderers show)."""
    if not isinstance(prop, dict):
        return False
    if nonblank(prop.get("description")):
        return True
    if "$ref" in prop:
        target = deref(tree, prop, file, path)
        return target is None or (isinstance(target, dict) and nonblank(target.get("description")))
    return False


# -- every enum value is described --------------------------------------------------------------


def enum_value_description(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """Each value of an enum of two or more values has a description: ``x-enum-descriptions``
    (one per value, in the order of ``enum``; datamodel-code-generator turns them into the
    members' docstrings) or ``x-enumDescriptions`` (a map from value to description, as Redoc
    reads it). An enum of one value is a constant, described by its owner's description."""
    for file in list(tree.documents()):
        for path, schema in schemas(file):
            values = schema.get("enum")
            if not isinstance(values, list) or len(values) < 2:
                continue
            listed = schema.get("x-enum-descriptions")
            mapped = schema.get("x-enumDescriptions")
            if listed is not None:
                here = (*path, "x-enum-descriptions")
                if not isinstance(listed, list) or len(listed) != len(values):
                    count = len(listed) if isinstance(listed, list) else "no list of"
                    yield Finding(
                        file,
                        here,
                        f"{shown(path, file.data)}: x-enum-descriptions has {count} entries for "
                        f"{len(values)} enum values; give one description per value, in order",
                    )
                    continue
                for index, (value, text) in enumerate(zip(values, listed, strict=True)):
                    if not nonblank(text):
                        yield Finding(
                            file,
                            (*here, index),
                            f"{shown(path, file.data)}: enum value {value!r} has an empty "
                            "description",
                        )
            elif isinstance(mapped, dict):
                missing = [v for v in values if not nonblank(mapped.get(_key(v)))]
                if missing:
                    yield Finding(
                        file,
                        (*path, "x-enumDescriptions"),
                        f"{shown(path, file.data)}: x-enumDescriptions does not describe "
                        + ", ".join(repr(v) for v in missing),
                    )
            else:
                yield Finding(
                    file,
                    (*path, "enum"),
                    f"{shown(path, file.data)}: enum values "
                    + ", ".join(repr(v) for v in values)
                    + " are not described; add x-enum-descriptions (one per value, in order) "
                    "from the vendor page",
                )


def _key(value: Any) -> str:
    """A JSON value as a YAML/JSON mapping key."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


# -- every documented vendor error code belongs to a response -----------------------------------


def error_code_response(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    for op in operations(tree):
        codes = op.data.get("x-cloudnet-error-codes")
        if codes is None:
            continue
        here = (*op.path, "x-cloudnet-error-codes")
        if not isinstance(codes, list):
            yield Finding(op.file, here, f"{op.name}: x-cloudnet-error-codes must be a list")
            continue
        responses = op.data.get("responses")
        statuses = {str(k).upper() for k in responses} if isinstance(responses, dict) else set()
        for index, entry in enumerate(codes):
            if not isinstance(entry, dict) or "status" not in entry or "code" not in entry:
                yield Finding(
                    op.file,
                    (*here, index),
                    f"{op.name}: each error code needs at least status and code",
                )
                continue
            status = str(entry["status"]).upper()
            if status in statuses or (len(status) == 3 and f"{status[0]}XX" in statuses):
                continue
            listed = ", ".join(sorted(statuses)) or "none"
            yield Finding(
                op.file,
                (*here, index, "status"),
                f"{op.name}: error code {entry['code']!r} has status {status}, which is not a "
                f"documented response (responses: {listed}); add the response or fix the status",
            )


# -- an error example fits its status -------------------------------------------------------------

# What an error's code and message say, in words (a code's CamelCase split: NotFound reads "not
# found"). Each class of words fits one class of status: a client's mistake a 4xx, the service's
# failure a 5xx. Coarse on purpose: a message that says both, or neither, is left alone.
_CLIENT_WORDS = re.compile(
    r"\b(not found|(does|do|did) not exist|no such|can ?not be found|invalid|illegal|malformed|"
    r"missing|unauthori[sz]ed|not authori[sz]ed|forbidden|access denied|permission|"
    r"already exists?|conflict)\b",
    re.IGNORECASE,
)
_SERVER_WORDS = re.compile(
    r"\b(internal (server )?error|internal error|server error|service (is )?unavailable|"
    r"(system|service) (is )?(busy|abnormal|unavailable)|temporarily unavailable|"
    r"gateway timeout|backend (is )?(unavailable|timeout))\b",
    re.IGNORECASE,
)


def _words(text: str) -> str:
    """``InvalidVpnConnectionInstanceId.NotFound`` → ``Invalid Vpn Connection Instance Id Not
    Found``; prose stays as it is."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[._]", " ", text)
    return " ".join(spaced.split())


def _error_texts(tree: SpecTree, file: LoadedFile, media: dict[str, Any], value: Any) -> list[str]:
    """The code and message of an error example: where ``x-cloudnet-error-fields`` of the body's
    schema says they are, else every string at the top two levels."""
    fields: Any = None
    try:
        schema = tree.deref(media.get("schema"), file, ())[0]
        fields = schema.get("x-cloudnet-error-fields") if isinstance(schema, dict) else None
    except RefError:
        pass
    texts: list[str] = []
    if isinstance(fields, dict):
        for key in ("code", "message"):
            node = value
            for part in str(fields.get(key, "")).split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, str):
                texts.append(node)
        return texts
    for item in value.values() if isinstance(value, dict) else ():
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            texts += [v for v in item.values() if isinstance(v, str)]
    return texts


def error_example_status(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """An error response's example reads as an error of its status's class: no "does not exist"
    under a 5xx, no "internal error" under a 4xx (a response shared by statuses of both classes
    gets one of the two wrong). Examples written once and shared are reported once."""
    read: set[tuple[Path, JsonPath, str]] = set()
    for op in operations(tree):
        responses = op.data.get("responses")
        for status, response in responses.items() if isinstance(responses, dict) else ():
            kind = str(status).upper()[:1]
            if kind not in ("4", "5"):
                continue
            try:
                value, base, path = tree.deref(
                    response, op.file, (*op.path, "responses", str(status))
                )
            except RefError:
                continue
            content = value.get("content") if isinstance(value, dict) else None
            for media_type, media in content.items() if isinstance(content, dict) else ():
                if not isinstance(media, dict) or not isinstance(media.get("examples"), dict):
                    continue
                for name, example in media["examples"].items():
                    try:
                        example, where, at = tree.deref(
                            example, base, (*path, "content", media_type, "examples", name)
                        )
                    except RefError:
                        continue
                    if not isinstance(example, dict) or "value" not in example:
                        continue
                    # Shared error responses put the same example under every operation: its
                    # text is read once per status class (a third of the rule's time).
                    if (where.path, at, kind) in read:
                        continue
                    read.add((where.path, at, kind))
                    text = " ".join(
                        _words(t) for t in _error_texts(tree, base, media, example["value"])
                    )
                    client, server = _CLIENT_WORDS.search(text), _SERVER_WORDS.search(text)
                    if kind == "5" and client and not server:
                        said, fits = client.group(0), "4xx"
                    elif kind == "4" and server and not client:
                        said, fits = server.group(0), "5xx"
                    else:
                        continue
                    yield Finding(
                        where,
                        (*at, "value"),
                        f"{op.name}: the example {name!r} of status {status} says {said!r}, an "
                        f"error of a {fits} status; give each status an example that fits it "
                        "(the vendor page's error table)",
                    )


# -- no unused components -----------------------------------------------------------------------


def no_unused_components(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """Every component of every file (shared ``common.yaml`` files included) is reached from an
    operation of some API document, through ``$ref``s across files or a security requirement."""
    used: set[tuple[Path, JsonPath]] = set()
    seen: set[tuple[Path, JsonPath]] = set()
    work: list[tuple[LoadedFile, JsonPath, Any]] = []
    for file in list(tree.documents()):
        if not isinstance(file.data.get("paths"), dict):
            continue
        work += [(file, (key,), value) for key, value in file.data.items() if key != "components"]
        requirements = list(_requirements(file.data.get("security")))
        for op in operations(tree):
            if op.file is file:
                requirements += _requirements(op.data.get("security"))
        components = file.data.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        for name in requirements:
            if isinstance(schemes, dict) and name in schemes:
                scheme: JsonPath = ("components", "securitySchemes", name)
                used.add((file.path, scheme))
                work.append((file, scheme, schemes[name]))
    while work:
        file, path, value = work.pop()
        for _, ref in iter_refs(value, path):
            try:
                target = tree.resolve(ref, file)
            except RefError:
                continue  # validation reports it
            if target.path[:1] == ("components",) and len(target.path) >= 3:
                used.add((target.file.path, target.path[:3]))
            reached = (target.file.path, target.path)
            if reached not in seen:
                seen.add(reached)
                work.append((target.file, target.path, target.value))
    for file in list(tree.documents()):
        components = file.data.get("components")
        if not isinstance(components, dict):
            continue
        for section, entries in components.items():
            if not isinstance(entries, dict) or section.startswith("x-"):
                continue
            for name in entries:
                component: JsonPath = ("components", section, name)
                if (file.path, component) not in used:
                    yield Finding(
                        file,
                        component,
                        f"components/{section}/{name} is not used by any operation; remove it",
                    )


def _requirements(security: Any) -> list[str]:
    if not isinstance(security, list):
        return []
    return [str(name) for req in security if isinstance(req, dict) for name in req]


# -- pagination extension consistent with the parameters it names -------------------------------

_PAGING_KEYS = {"page": ("page", "size"), "offset": ("offset", "limit")}


def pagination_consistent(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """``x-cloudnet-pagination``: ``page``/``size`` (style page) or ``offset``/``limit`` (style
    offset) name integer query parameters of the operation; ``items`` names an array property
    and ``total`` (optional) an integer property of the 2xx response body."""
    for op in operations(tree):
        raw = op.data.get("x-cloudnet-pagination")
        if raw is None:
            continue
        here = (*op.path, "x-cloudnet-pagination")
        if not isinstance(raw, dict):
            yield Finding(op.file, here, f"{op.name}: x-cloudnet-pagination must be a mapping")
            continue
        style = raw.get("style")
        if style not in _PAGING_KEYS:
            yield Finding(
                op.file,
                (*here, "style") if "style" in raw else here,
                f"{op.name}: pagination style {style!r} is not one of 'page', 'offset'",
            )
            continue
        wanted = _PAGING_KEYS[style]
        for key in raw:
            if key not in (*wanted, "style", "items", "total"):
                yield Finding(
                    op.file,
                    (*here, key),
                    f"{op.name}: {key!r} is not a key of pagination style {style!r} (keys: "
                    f"{', '.join((*wanted, 'items', 'total'))})",
                )
        params = _parameters(tree, op)
        for key in wanted:
            name = raw.get(key)
            at = (*here, key) if key in raw else here
            if not isinstance(name, str):
                yield Finding(op.file, at, f"{op.name}: pagination style {style!r} needs {key!r}")
            elif name not in params:
                yield Finding(
                    op.file,
                    at,
                    f"{op.name}: pagination {key} {name!r} is not a parameter of the operation"
                    + did_you_mean(name, params),
                )
            else:
                where, schema = params[name]
                if where != "query" or not _is_type(schema, "integer"):
                    yield Finding(
                        op.file,
                        at,
                        f"{op.name}: pagination {key} {name!r} must be an integer query "
                        f"parameter (it is a {where} parameter of type {_type(schema)})",
                    )
        fields = _response_fields(tree, op)
        for key, kind, required in (("items", "array", True), ("total", "integer", False)):
            name = raw.get(key)
            at = (*here, key) if key in raw else here
            if name is None and not required:
                continue
            if not isinstance(name, str):
                yield Finding(op.file, at, f"{op.name}: pagination needs {key!r}")
            elif fields is None:
                yield Finding(
                    op.file,
                    at,
                    f"{op.name}: pagination {key} {name!r}: the operation has no 2xx JSON body",
                )
            elif name not in fields:
                yield Finding(
                    op.file,
                    at,
                    f"{op.name}: pagination {key} {name!r} is not a field of the 2xx response"
                    + did_you_mean(name, fields),
                )
            elif not _is_type(fields[name], kind):
                yield Finding(
                    op.file,
                    at,
                    f"{op.name}: pagination {key} {name!r} must be an {kind} field (it is "
                    f"{_type(fields[name])})",
                )


def _parameters(tree: SpecTree, op: Operation) -> dict[str, tuple[str, Any]]:
    """The operation's parameters by name: where they go and their schema."""
    out: dict[str, tuple[str, Any]] = {}
    for param in op.view.parameters:
        assert param.file is not None
        schema = deref(tree, param.data.get("schema"), param.file, ())
        out[param.name] = (param.location, schema)
    return out


def _response_fields(tree: SpecTree, op: Operation) -> dict[str, Any] | None:
    responses = op.data.get("responses")
    if not isinstance(responses, dict):
        return None
    for status in sorted(responses, key=str):
        if not str(status).startswith("2"):
            continue
        response = deref(tree, responses[status], op.file, (*op.path, "responses", status))
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            continue
        for media, body in content.items():
            if "json" in media and isinstance(body, dict) and "schema" in body:
                # the schema is resolved relative to the file it is written in
                return _properties(tree, op.file, body["schema"])
    return None


def _properties(tree: SpecTree, file: LoadedFile, schema: Any, depth: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        value, base, _ = tree.deref(schema, file, ())
    except RefError:
        return out
    if not isinstance(value, dict) or depth > 10:
        return out
    for part in value.get("allOf", []) if isinstance(value.get("allOf"), list) else []:
        out.update(_properties(tree, base, part, depth + 1))
    props = value.get("properties")
    if isinstance(props, dict):
        for name, prop in props.items():
            try:
                out[name] = tree.deref(prop, base, ())[0]
            except RefError:
                out[name] = None
    return out


def _type(schema: Any) -> str:
    kind = schema.get("type") if isinstance(schema, dict) else None
    return str(kind) if kind is not None else "unknown"


def _is_type(schema: Any, kind: str) -> bool:
    declared = schema.get("type") if isinstance(schema, dict) else None
    return declared == kind or (isinstance(declared, list) and kind in declared)


# -- consistent casing per vendor ----------------------------------------------------------------

CASINGS = {
    "camelCase": re.compile(r"[a-z][a-zA-Z0-9]*"),
    "PascalCase": re.compile(r"[A-Z][a-zA-Z0-9]*"),
    "snake_case": re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*"),
    "kebab-case": re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*"),
    "SCREAMING_SNAKE_CASE": re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"),
}


def vendor_casing(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """Parameter and property names of a vendor's files follow the vendor's casing. The vendor of
    a file is its first folder below the spec root; the casing comes from the configuration
    (``[tool.specgen.lint.casing]``). Header parameters are left out: HTTP headers have their own
    casing (``Content-Type``)."""
    by_file = operations_by_file(tree)
    for file in list(tree.documents()):
        parts = file.path.relative_to(tree.root).parts
        vendor = parts[0] if len(parts) > 1 else ""
        casing = config.casing.get(vendor)
        if casing is None:
            continue
        pattern = CASINGS[casing]
        for path, param in parameter_definitions(file, by_file):
            name = param.get("name")
            if param.get("in") == "header" or not isinstance(name, str):
                continue
            if not pattern.fullmatch(name):
                yield Finding(
                    file,
                    (*path, "name"),
                    f"parameter {name!r} is not {casing}, the casing of {vendor} names",
                )
        for path, schema in schemas(file):
            props = schema.get("properties")
            if not isinstance(props, dict):
                continue
            for name in props:
                if not pattern.fullmatch(name):
                    yield Finding(
                        file,
                        (*path, "properties", name),
                        f"property {shown((*path, 'properties', name), file.data)!r} is not "
                        f"{casing}, the casing of {vendor} names",
                    )


# -- x-cloudnet-server-urls ---------------------------------------------------------------------

_SERVER_VARIABLE = re.compile(r"\{([^{}]+)\}")


def server_urls(tree: SpecTree, config: LintConfig) -> Iterator[Finding]:
    """``x-cloudnet-server-urls`` of a server variable maps values of the variable (in its enum,
    when it has one) to absolute http(s) URLs whose ``{variables}`` are the server's. (The
    generator's reader drops a malformed entry, so it is reported here.)"""
    for file in list(tree.documents()):
        servers = file.data.get("servers")
        for i, server in enumerate(servers if isinstance(servers, list) else []):
            variables = server.get("variables") if isinstance(server, dict) else None
            if not isinstance(variables, dict):
                continue
            for name, variable in variables.items():
                if not isinstance(variable, dict) or "x-cloudnet-server-urls" not in variable:
                    continue
                here: JsonPath = ("servers", i, "variables", name, "x-cloudnet-server-urls")
                table = variable["x-cloudnet-server-urls"]
                if not isinstance(table, dict):
                    yield Finding(file, here, f"server variable {name}: {_SERVER_URLS_SHAPE}")
                    continue
                enum = variable.get("enum")
                for value, url in table.items():
                    problem = _server_url_problem(value, url, enum, variables)
                    if problem:
                        yield Finding(file, (*here, value), f"server variable {name}: {problem}")


_SERVER_URLS_SHAPE = "x-cloudnet-server-urls must map a value of the variable to a server URL"


def _server_url_problem(value: Any, url: Any, enum: Any, variables: dict[str, Any]) -> str:
    if isinstance(enum, list) and value not in enum:
        return f"{value!r} is not a value of its enum; list it there or remove it here"
    if not isinstance(url, str) or not re.match(r"https?://[^/]", url):
        return f"{value!r}: {url!r} is not an absolute http(s) URL"
    unknown = [v for v in _SERVER_VARIABLE.findall(url) if v not in variables]
    if unknown:
        return f"{value!r}: {url} has {{{unknown[0]}}}, which is not a variable of the server"
    return ""


# -- the registry --------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        "cloudnet/operation-id-vendor-name",
        Severity.ERROR,
        "operationId equals the vendor's API name, recorded in x-cloudnet-vendor-name or "
        "x-cloudnet-rpc.action",
        operation_id_vendor_name,
    ),
    Rule(
        "cloudnet/description-required",
        Severity.ERROR,
        "every parameter and every property has a description (a $ref property: its target)",
        description_required,
    ),
    Rule(
        "cloudnet/enum-value-description",
        Severity.ERROR,
        "every value of an enum of two or more values is described (x-enum-descriptions)",
        enum_value_description,
    ),
    Rule(
        "cloudnet/error-code-response",
        Severity.ERROR,
        "every x-cloudnet-error-codes entry has a status the operation documents as a response",
        error_code_response,
    ),
    Rule(
        "cloudnet/error-example-status",
        Severity.ERROR,
        "an error response's example does not contradict its status (no 'does not exist' "
        "under a 5xx, no 'internal error' under a 4xx)",
        error_example_status,
    ),
    Rule(
        "cloudnet/no-unused-components",
        Severity.WARNING,
        "every component, shared files included, is reached from some operation",
        no_unused_components,
    ),
    Rule(
        "cloudnet/pagination-consistent",
        Severity.ERROR,
        "x-cloudnet-pagination names integer query parameters and the 2xx body's item array "
        "and total",
        pagination_consistent,
    ),
    Rule(
        "cloudnet/server-urls",
        Severity.ERROR,
        "x-cloudnet-server-urls maps values of its server variable (in its enum) to absolute "
        "http(s) URLs",
        server_urls,
    ),
    Rule(
        "cloudnet/vendor-casing",
        Severity.ERROR,
        "parameter and property names follow the vendor's casing ([tool.specgen.lint.casing])",
        vendor_casing,
    ),
)
