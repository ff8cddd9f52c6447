"""The comparison: two sides, API document by API document, operation by operation and schema
by schema, each difference classified by one rule of ``rules.RULES``.

Operations are matched by method and path (path parameters compared by position, so renaming
one is a parameter rename, not a new path); an operation left over on both sides with the same
operationId is the same operation moved to another path or method. Schemas are walked from each
operation with the direction of the data: what a request sends, what a response returns.
``$ref``s are followed (each side is a bundled document, so references across files were
pulled in when the side was loaded); a schema pair already walked for an operation, in the same
context, is not walked again, which ends recursion on cyclic schemas and reports a change to a
schema shared by several fields of one operation once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..ir.naming import class_name
from ..ir.parse import _is_json  # the generator's own test: the class names must agree with it
from ..openapi.pointer import follow_local
from ..openapi.walk import document_operations
from ..openapi.yamlload import JsonPath
from .rules import RULES, Rule, Severity
from .sides import ApiDoc, Side

__all__ = ["Change", "diff_sides"]


@dataclass(frozen=True)
class Change:
    """One difference: which rule, in which API and operation, in words, and where (in HEAD,
    or in BASE when the thing was removed)."""

    rule_id: str
    api: str
    operation: str
    message: str
    file: str = ""
    line: int = 0
    col: int = 0

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def is_breaking(self) -> bool:
        return self.severity is Severity.BREAKING

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.file else ""

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.api, self.operation, self.severity.rank, self.rule_id, self.message)


def diff_sides(base: Side, head: Side) -> list[Change]:
    """Every change from ``base`` to ``head``, sorted by API, operation, severity and rule."""
    changes: list[Change] = []
    for key in sorted(set(base.apis) | set(head.apis)):
        old, new = base.apis.get(key), head.apis.get(key)
        if old is not None and new is not None and _same(old.document, new.document):
            continue  # nothing to walk: an unchanged API of a large tree costs no time
        _ApiDiff(key, old, new, changes).run()
    unique = {(c.rule_id, c.api, c.operation, c.message): c for c in changes}
    return sorted(unique.values(), key=Change.sort_key)


def _same(a: Any, b: Any) -> bool:
    """Whether two documents are the same JSON (``==`` alone takes ``true`` for ``1``)."""
    return bool(a == b) and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# -- nodes of a bundled document ----------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    doc: ApiDoc
    path: JsonPath
    value: Any

    def get(self, key: str) -> Node | None:
        if isinstance(self.value, dict) and key in self.value:
            return Node(self.doc, (*self.path, key), self.value[key])
        return None

    def items(self) -> list[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            return []
        return [(str(k), Node(self.doc, (*self.path, k), v)) for k, v in self.value.items()]

    def elements(self) -> list[Node]:
        if not isinstance(self.value, list):
            return []
        return [Node(self.doc, (*self.path, i), v) for i, v in enumerate(self.value)]

    def attr(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default) if isinstance(self.value, dict) else default


_EMPTY_DOC = ApiDoc({})


def deref(node: Node) -> Node:
    """Follow local ``$ref``s; an unresolvable one stands for an empty schema."""
    if not isinstance(node.attr("$ref"), str):
        return node
    value, path = follow_local(node.doc.document, node.value, node.path)
    return Node(node.doc, path, value)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _show(value: Any) -> str:
    """A value in backticks: strings as they are (when non-empty), anything else as JSON."""
    text = (
        value if isinstance(value, str) and value.strip() else json.dumps(value, ensure_ascii=False)
    )
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


# -- operations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    node: Node
    #: The parameters it takes (its path item's and its own, merged), references followed.
    parameters: tuple[Node, ...]

    @property
    def operation_id(self) -> str:
        value = self.node.attr("operationId")
        return value if isinstance(value, str) else ""

    @property
    def label(self) -> str:
        op_id = f" ({self.operation_id})" if self.operation_id else ""
        return f"{self.method} {self.path}{op_id}"


_TEMPLATE = re.compile(r"\{[^}]*\}")


def _norm(path: str) -> str:
    return _TEMPLATE.sub("{}", path)


def _path_params(path: str) -> list[str]:
    return [m.group()[1:-1] for m in _TEMPLATE.finditer(path)]


def _operations(doc: ApiDoc) -> dict[tuple[str, str], Op]:
    ops: dict[tuple[str, str], Op] = {}
    for view in document_operations(doc.document):
        node = Node(doc, view.path, view.data)
        params = tuple(Node(doc, p.path, p.data) for p in view.parameters)
        ops[(view.method.upper(), _norm(view.route))] = Op(
            view.method.upper(), view.route, node, params
        )
    return ops


_Emit = list[Change]


class _ApiDiff:
    def __init__(self, key: str, base: ApiDoc | None, head: ApiDoc | None, out: _Emit) -> None:
        self.key = key
        self.base = base or _EMPTY_DOC
        self.head = head or _EMPTY_DOC
        self.whole = base is not None and head is not None
        self.out = out

    def emit(
        self,
        rule_id: str,
        operation: str,
        message: str,
        base: Node | None = None,
        head: Node | None = None,
    ) -> None:
        assert rule_id in RULES, rule_id
        where = None
        if head is not None:
            where = head.doc.locate(head.path)
        elif base is not None:
            where = base.doc.locate(base.path)
        file, line, col = where or ("", 0, 0)
        self.out.append(Change(rule_id, self.key, operation, message, file, line, col))

    def run(self) -> None:
        b_root = Node(self.base, (), self.base.document)
        h_root = Node(self.head, (), self.head.document)
        before = len(self.out)
        if self.whole:
            self._info(b_root, h_root)
            self._servers(b_root, h_root)
            self._security_schemes(b_root, h_root)
            self._component_schemas(b_root, h_root)
        self._operations()
        if self.whole and len(self.out) == before and _canon(b_root.value) != _canon(h_root.value):
            msg = "changed where no rule looks (examples, extensions, ...)"
            self.emit("api-other-change", "", msg, None, h_root)

    # -- document level

    def _info(self, b: Node, h: Node) -> None:
        bi, hi = b.get("info"), h.get("info")
        for key in ("summary", "description"):
            bv, hv = (bi.attr(key) if bi else None), (hi.attr(key) if hi else None)
            if bv != hv:
                self.emit("description-changed", "", f"the API's {key} changed", bi, hi)

    def _servers(self, b: Node, h: Node) -> None:
        # Servers are matched by the URL their variables' defaults give: a URL turned into a
        # template whose defaults give it back is the same server (its variables are compared).
        bs = {s.attr("url"): s for s in (b.get("servers") or Node(b.doc, (), [])).elements()}
        hs = {s.attr("url"): s for s in (h.get("servers") or Node(h.doc, (), [])).elements()}
        left = {_server_url(bs[u]): u for u in bs if u not in hs}
        for url in [u for u in hs if u not in bs]:
            old_url = left.pop(_server_url(hs[url]), None)
            if old_url is not None:  # same server, written another way: pair under HEAD's URL
                bs[url] = bs.pop(old_url)
        for url in sorted(set(bs) - set(hs), key=str):
            self.emit("api-server-removed", "", f"server `{url}` removed", bs[url], None)
        for url in sorted(set(hs) - set(bs), key=str):
            self.emit("api-server-added", "", f"server `{url}` added", None, hs[url])
        for url in sorted(set(bs) & set(hs), key=str):
            bv = dict((bs[url].get("variables") or Node(b.doc, (), {})).items())
            hv = dict((hs[url].get("variables") or Node(h.doc, (), {})).items())
            for name in sorted(set(bv) - set(hv)):
                msg = f"server `{url}`: variable `{name}` removed"
                self.emit("api-server-variable-removed", "", msg, bv[name], hs[url])
            for name in sorted(set(hv) - set(bv)):
                msg = f"server `{url}`: variable `{name}` added"
                self.emit("api-server-variable-added", "", msg, None, hv[name])
            for name in sorted(set(bv) & set(hv)):
                old, new = bv[name].attr("default"), hv[name].attr("default")
                if old != new:
                    msg = (
                        f"server `{url}`: variable `{name}` defaults to {_show(new)} "
                        f"(was {_show(old)})"
                    )
                    self.emit("api-server-variable-default-changed", "", msg, bv[name], hv[name])

    def _security_schemes(self, b: Node, h: Node) -> None:
        bs = _component_map(b, "securitySchemes")
        hs = _component_map(h, "securitySchemes")
        for name in sorted(set(bs) & set(hs)):
            old, new = _scheme_shape(deref(bs[name])), _scheme_shape(deref(hs[name]))
            if old != new:
                what = ", ".join(
                    f"{k} {_show(old.get(k))} -> {_show(new.get(k))}"
                    for k in sorted(set(old) | set(new))
                    if old.get(k) != new.get(k)
                )
                msg = f"security scheme `{name}` changed: {what}"
                self.emit("api-security-scheme-changed", "", msg, bs[name], hs[name])

    def _component_schemas(self, b: Node, h: Node) -> None:
        bs, hs = _component_map(b, "schemas"), _component_map(h, "schemas")
        for name in sorted(set(bs) - set(hs)):
            self.emit("api-schema-removed", "", f"schema `{name}` removed", bs[name], None)
        for name in sorted(set(hs) - set(bs)):
            self.emit("api-schema-added", "", f"schema `{name}` added", None, hs[name])

    # -- operations

    def _operations(self) -> None:
        bops, hops = _operations(self.base), _operations(self.head)
        pairs = [(bops[k], hops[k]) for k in sorted(set(bops) & set(hops))]
        gone = {k: bops[k] for k in sorted(set(bops) - set(hops))}
        new = {k: hops[k] for k in sorted(set(hops) - set(bops))}
        new_by_id = {op.operation_id: k for k, op in new.items() if op.operation_id}
        for key, bop in list(gone.items()):
            hkey = new_by_id.get(bop.operation_id) if bop.operation_id else None
            if hkey is None or hkey not in new:
                continue
            hop = new.pop(hkey)
            del gone[key]
            if bop.method != hop.method:
                msg = f"method {bop.method} -> {hop.method}"
                self.emit("api-method-changed", hop.label, msg, bop.node, hop.node)
            if _norm(bop.path) != _norm(hop.path):
                msg = f"path `{bop.path}` -> `{hop.path}`"
                self.emit("api-path-changed", hop.label, msg, bop.node, hop.node)
            pairs.append((bop, hop))
        for bop in gone.values():
            self.emit("api-removed", bop.label, "operation removed", bop.node, None)
        for hop in new.values():
            self.emit("endpoint-added", hop.label, "operation added", None, hop.node)
        # An operation whose text is the same, in an unchanged rest of the document, has
        # nothing a rule could report: on a 1,000-operation API the rules' walk of every
        # operation took seconds, comparing the texts takes milliseconds.
        same_rest = _same(_rest(self.base.document), _rest(self.head.document))
        for bop, hop in pairs:
            if not (same_rest and _unchanged(bop, hop)):
                _OpDiff(self, bop, hop).run()


# Top-level keys no operation's comparison reads.
_NOT_READ_BY_OPERATIONS = frozenset({"paths", "info", "tags", "externalDocs"})


def _rest(document: Any) -> Any:
    """What the rules may read of a document beside an operation itself: components, the
    default security, servers, extensions."""
    if not isinstance(document, dict):
        return document
    return {k: v for k, v in document.items() if k not in _NOT_READ_BY_OPERATIONS}


def _unchanged(base: Op, head: Op) -> bool:
    """The same method, route, operation and parameters (its path item's too), with every
    reference into the components (which ``_rest`` covers): nothing the rules compare differs."""
    if (
        base.method != head.method
        or base.path != head.path
        or len(base.parameters) != len(head.parameters)
    ):
        return False
    pairs = [(base.node.value, head.node.value)]
    pairs += [(b.value, h.value) for b, h in zip(base.parameters, head.parameters, strict=True)]
    for old, new in pairs:
        if old != new:
            return False
        text = _text(new)
        if _text(old) != text or _LEAVES_COMPONENTS.search(text):
            return False
    return True


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


#: A ``$ref`` to anywhere but the components, in ``_text``'s output. Read on the text (a walk
#: of every operation took a third of the diff): a string value holding such text is
#: escaped there and cannot match; an example object with a "$ref" key could, which only
#: costs that operation a full comparison.
_LEAVES_COMPONENTS = re.compile(r'"\$ref": "(?!#/components/)')


def _server_url(server: Node) -> Any:
    """A server's URL with each ``{variable}`` replaced by its default (kept when it has none)."""
    url = server.attr("url")
    variables = server.attr("variables")
    if not isinstance(url, str) or not isinstance(variables, dict):
        return url

    def default(match: re.Match[str]) -> str:
        var = variables.get(match.group()[1:-1])
        value = var.get("default") if isinstance(var, dict) else None
        return value if isinstance(value, str) else match.group()

    return _TEMPLATE.sub(default, url)


def _component_map(root: Node, kind: str) -> dict[str, Node]:
    components = root.get("components")
    section = components.get(kind) if components else None
    return dict(section.items()) if section else {}


_SCHEME_KEYS = ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl", "flows")


def _scheme_shape(node: Node) -> dict[str, Any]:
    """What the generated client reads of a security scheme: its OpenAPI keys and
    ``x-cloudnet-auth`` (the signer). Other extensions, such as the docs' own
    ``x-cloudnet-header-schema``, change no caller's code."""
    shape = {k: node.attr(k) for k in _SCHEME_KEYS if node.attr(k) is not None}
    if shape.get("in") == "header" and isinstance(shape.get("name"), str):
        shape["name"] = shape["name"].lower()  # HTTP header names ignore case
    if node.attr("x-cloudnet-auth") is not None:
        shape["x-cloudnet-auth"] = node.attr("x-cloudnet-auth")
    return shape


def _is_success(status: str) -> bool:
    return status.upper().startswith("2")


class _OpDiff:
    def __init__(self, api: _ApiDiff, base: Op, head: Op) -> None:
        self.api = api
        self.b = base
        self.h = head
        self.label = head.label
        self.seen: set[tuple[JsonPath, JsonPath, str]] = set()

    def emit(self, rule_id: str, message: str, b: Node | None, h: Node | None) -> None:
        self.api.emit(rule_id, self.label, message, b, h)

    def run(self) -> None:
        b, h = self.b.node, self.h.node
        if self.b.operation_id != self.h.operation_id:
            msg = f"operationId `{self.b.operation_id}` -> `{self.h.operation_id}`"
            self.emit("api-operation-id-changed", msg, b, h)
        if bool(b.attr("deprecated")) != bool(h.attr("deprecated")):
            rule_id = "api-deprecated" if h.attr("deprecated") else "api-reactivated"
            text = "deprecated" if h.attr("deprecated") else "no longer deprecated"
            self.emit(rule_id, f"operation {text}", b, h)
        for key in ("summary", "description"):
            if b.attr(key) != h.attr(key):
                self.emit("description-changed", f"the operation's {key} changed", b, h)
        paging_b, paging_h = b.attr("x-cloudnet-pagination"), h.attr("x-cloudnet-pagination")
        if paging_b is None and paging_h is not None:
            self.emit("api-pagination-added", "pagination added", b, h)
        elif paging_b is not None and paging_h is None:
            self.emit("api-pagination-removed", "pagination removed", b, h)
        self._security()
        self._parameters()
        self._request_body()
        self._responses()

    # -- security

    def _requirements(self, op: Op) -> dict[frozenset[tuple[str, tuple[str, ...]]], Node | None]:
        node = op.node.get("security")
        if node is None:
            node = Node(op.node.doc, (), op.node.doc.document).get("security")
        alternatives: dict[frozenset[tuple[str, tuple[str, ...]]], Node | None] = {}
        for alt in node.elements() if node else []:
            key = frozenset(
                (str(name), tuple(sorted(map(str, scopes or []))))
                for name, scopes in (alt.value or {}).items()
            )
            alternatives.setdefault(key, alt)
        return alternatives or {frozenset(): node}

    def _security(self) -> None:
        old, new = self._requirements(self.b), self._requirements(self.h)
        # With anonymous access allowed in HEAD, a requirement that goes refuses no caller.
        anonymous = frozenset() in new
        removed = "api-security-removed-anonymous-allowed" if anonymous else "api-security-removed"
        for key in sorted(set(old) - set(new), key=_requirement_text):
            msg = f"security requirement {_requirement_text(key)} removed"
            self.emit(removed, msg, old[key], self.h.node)
        for key in sorted(set(new) - set(old), key=_requirement_text):
            msg = f"security requirement {_requirement_text(key)} added"
            self.emit("api-security-added", msg, None, new[key] or self.h.node)

    # -- parameters

    def _params(self, op: Op) -> dict[tuple[str, str], Node]:
        return {_param_key(p): p for p in op.parameters}

    def _parameters(self) -> None:
        old, new = self._params(self.b), self._params(self.h)
        pairs = [(old[k], new[k]) for k in sorted(set(old) & set(new))]
        gone = {k: old[k] for k in sorted(set(old) - set(new))}
        added = {k: new[k] for k in sorted(set(new) - set(old))}
        # Path parameters at the same position of a matched path are the same parameter.
        for b_name, h_name in zip(
            _path_params(self.b.path), _path_params(self.h.path), strict=False
        ):
            bk, hk = ("path", b_name), ("path", h_name)
            if b_name != h_name and bk in gone and hk in added:
                pairs.append((gone.pop(bk), added.pop(hk)))
        # One parameter gone and one added in the same place with the same schema: a rename.
        for where in sorted({k[0] for k in gone} & {k[0] for k in added}):
            b_keys = [k for k in gone if k[0] == where]
            h_keys = [k for k in added if k[0] == where]
            if len(b_keys) == 1 and len(h_keys) == 1:
                bp, hp = gone[b_keys[0]], added[h_keys[0]]
                if _canon(_schema_value(bp)) == _canon(_schema_value(hp)):
                    pairs.append((gone.pop(b_keys[0]), added.pop(h_keys[0])))
        for (where, name), param in gone.items():
            msg = f"parameter `{name}` ({where}) removed"
            self.emit("request-parameter-removed", msg, param, None)
        for (where, name), param in added.items():
            required = bool(param.attr("required"))
            kind = "required" if required else "optional"
            rule_id = f"new-{kind}-request-parameter"
            self.emit(rule_id, f"{kind} parameter `{name}` ({where}) added", None, param)
        for bp, hp in pairs:
            self._parameter(bp, hp)

    def _parameter(self, b: Node, h: Node) -> None:
        where, name, old_name = h.attr("in"), h.attr("name"), b.attr("name")
        subject = f"parameter `{name}` ({where})"
        if _param_key(b)[1] != _param_key(h)[1]:
            msg = f"parameter `{old_name}` ({b.attr('in')}) renamed to `{name}`"
            self.emit("request-parameter-renamed", msg, b, h)
        if h.get("content") is None and b.get("content") is None:
            (old_style, old_explode), (new_style, new_explode) = (
                _serialisation(b),
                _serialisation(h),
            )
            scalar = _scalar(b.get("schema")) and _scalar(h.get("schema"))
            # One value is written alike in these styles (they differ in how arrays join).
            same_for_one = {old_style, new_style} <= {"form", "spaceDelimited", "pipeDelimited"}
            if old_style != new_style and not (scalar and same_for_one):
                msg = f"{subject}: style `{old_style}` -> `{new_style}`"
                self.emit("request-parameter-style-changed", msg, b, h)
            elif old_explode != new_explode and not scalar:
                msg = f"{subject}: explode {str(old_explode).lower()} -> {str(new_explode).lower()}"
                self.emit("request-parameter-explode-changed", msg, b, h)
        if where == "query" and bool(b.attr("allowReserved")) != bool(h.attr("allowReserved")):
            state = "allow-reserved" if h.attr("allowReserved") else "not-allow-reserved"
            msg = f"{subject}: allowReserved {str(bool(h.attr('allowReserved'))).lower()}"
            self.emit(f"request-parameter-became-{state}", msg, b, h)
        if bool(b.attr("required")) != bool(h.attr("required")):
            if h.attr("required"):
                self.emit("request-parameter-became-required", f"{subject} became required", b, h)
            else:
                self.emit("request-parameter-became-optional", f"{subject} became optional", b, h)
        if b.attr("description") != h.attr("description"):
            self.emit("description-changed", f"{subject}: description changed", b, h)
        bs, hs = b.get("schema"), h.get("schema")
        if bs is not None and hs is not None:
            _Schemas(self).compare(bs, hs, "request-parameter", subject, "")

    # -- request body

    def _request_body(self) -> None:
        raw_b, raw_h = self.b.node.get("requestBody"), self.h.node.get("requestBody")
        b = deref(raw_b) if raw_b else None
        h = deref(raw_h) if raw_h else None
        if b is None and h is None:
            return
        if b is None:
            assert h is not None
            required = bool(h.attr("required"))
            rule_id = "request-body-added-required" if required else "request-body-added-optional"
            kind = "required" if required else "optional"
            self.emit(rule_id, f"{kind} request body added", None, h)
            return
        if h is None:
            self.emit("request-body-removed", "request body removed", b, None)
            return
        if bool(b.attr("required")) != bool(h.attr("required")):
            if h.attr("required"):
                self.emit("request-body-became-required", "request body became required", b, h)
            else:
                self.emit("request-body-became-optional", "request body became optional", b, h)
        if b.attr("description") != h.attr("description"):
            self.emit("description-changed", "request body: description changed", b, h)
        old, new = _media(b), _media(h)
        for media in sorted(set(old) - set(new)):
            msg = f"request body media type `{media}` removed"
            self.emit("request-body-media-type-removed", msg, old[media], h)
        for media in sorted(set(new) - set(old)):
            msg = f"request body media type `{media}` added"
            self.emit("request-body-media-type-added", msg, None, new[media])
        for media in sorted(set(old) & set(new)):
            bs, hs = old[media].get("schema"), new[media].get("schema")
            if bs is not None and hs is not None:
                subject = f"request body ({media})"
                model = self._model("Request") if _is_json(media) else None
                _Schemas(self).compare(bs, hs, "request-property", subject, "", model=model)

    # -- the class names the generator gives inline body schemas (generator/ir/parse.py, _hoist)

    def _model(self, suffix: str) -> str:
        op = self.h
        op_id = op.operation_id or f"{op.method.lower()} {op.path}"
        return class_name(op_id, fallback="Call") + suffix

    def _response_model(self, status: str) -> str | None:
        code = status.upper()
        if code == "DEFAULT":
            return self._model("Error")
        if not code.startswith("2"):
            return self._model(f"{code.replace('XX', 'xx')}Error")
        # Only the first success status with a JSON schema is read into a class.
        responses = self.h.node.get("responses")
        for other, node in sorted(responses.items() if responses else [], key=lambda kv: kv[0]):
            media = _media(deref(node))
            if other.startswith("2") and any(
                _is_json(m) and v.get("schema") is not None for m, v in media.items()
            ):
                return self._model("Response") if other == status else None
        return None

    # -- responses

    def _responses(self) -> None:
        rb, rh = self.b.node.get("responses"), self.h.node.get("responses")
        old = dict(rb.items()) if rb else {}
        new = dict(rh.items()) if rh else {}
        for status in sorted(set(old) - set(new)):
            kind = "success" if _is_success(status) else "non-success"
            msg = f"response {status} removed"
            self.emit(f"response-{kind}-status-removed", msg, old[status], rh)
        for status in sorted(set(new) - set(old)):
            kind = "success" if _is_success(status) else "non-success"
            msg = f"response {status} added"
            self.emit(f"response-{kind}-status-added", msg, None, new[status])
        for status in sorted(set(old) & set(new)):
            self._response(status, deref(old[status]), deref(new[status]))

    def _response(self, status: str, b: Node, h: Node) -> None:
        old, new = _media(b), _media(h)
        for media in sorted(set(old) - set(new)):
            msg = f"response {status}: media type `{media}` removed"
            self.emit("response-media-type-removed", msg, old[media], h)
        for media in sorted(set(new) - set(old)):
            msg = f"response {status}: media type `{media}` added"
            self.emit("response-media-type-added", msg, None, new[media])
        for media in sorted(set(old) & set(new)):
            bs, hs = old[media].get("schema"), new[media].get("schema")
            if bs is not None and hs is not None:
                subject = f"response {status} ({media})"
                model = self._response_model(status) if _is_json(media) else None
                _Schemas(self).compare(bs, hs, "response-property", subject, "", model=model)
        hb, hh = b.get("headers"), h.get("headers")
        old_h = {k.lower(): deref(v) for k, v in (hb.items() if hb else [])}
        new_h = {k.lower(): deref(v) for k, v in (hh.items() if hh else [])}
        for name in sorted(set(old_h) - set(new_h)):
            kind = "required" if old_h[name].attr("required") else "optional"
            rule_id = f"{kind}-response-header-removed"
            self.emit(rule_id, f"response {status}: header `{name}` removed", old_h[name], h)
        for name in sorted(set(old_h) & set(new_h)):
            if old_h[name].attr("required") and not new_h[name].attr("required"):
                msg = f"response {status}: header `{name}` became optional"
                self.emit("response-header-became-optional", msg, old_h[name], new_h[name])


def _requirement_text(key: frozenset[tuple[str, tuple[str, ...]]]) -> str:
    if not key:
        return "(none: anonymous access)"
    parts = []
    for name, scopes in sorted(key):
        parts.append(f"`{name}`" + (f" [{', '.join(scopes)}]" if scopes else ""))
    return " + ".join(parts)


def _media(node: Node) -> dict[str, Node]:
    content = node.get("content")
    return dict(content.items()) if content else {}


def _param_key(param: Node) -> tuple[str, str]:
    """A parameter's place and name; header names compare without case (HTTP ignores it, and
    the keyword argument, snake case, is the same)."""
    where, name = str(param.attr("in")), str(param.attr("name"))
    return (where, name.lower() if where == "header" else name)


def _serialisation(param: Node) -> tuple[str, bool]:
    """The style and explode a parameter is written with, defaults filled in (form for query
    and cookie, simple for path and header; explode only for form), so that writing a default
    out is no change."""
    where = param.attr("in")
    style = param.attr("style")
    if not isinstance(style, str):
        style = "form" if where in ("query", "cookie") else "simple"
    explode = param.attr("explode")
    return style, explode if isinstance(explode, bool) else style == "form"


def _scalar(schema: Node | None) -> bool:
    """Whether every value of a parameter's schema is one value (explode changes nothing)."""
    if schema is None:
        return False
    node = deref(schema)
    types = _types(node)
    if types is None or any(node.get(k) is not None for k in ("oneOf", "anyOf", "allOf")):
        return False
    return types <= {"string", "number", "integer", "boolean", "null"}


def _schema_value(param: Node) -> Any:
    schema = param.get("schema")
    return deref(schema).value if schema else None


# -- schemas ------------------------------------------------------------------------------------

# (rule stem, keyword, exclusive keyword, is an upper bound)
_BOUNDS = (
    ("max", "maximum", "exclusiveMaximum", True),
    ("min", "minimum", "exclusiveMinimum", False),
    ("max-length", "maxLength", None, True),
    ("min-length", "minLength", None, False),
    ("max-items", "maxItems", None, True),
    ("min-items", "minItems", None, False),
    ("max-properties", "maxProperties", None, True),
    ("min-properties", "minProperties", None, False),
)
_Bound = tuple[float, bool]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _tighter(a: _Bound, b: _Bound, upper: bool) -> bool:
    """Whether bound ``a`` admits less than bound ``b``."""
    if a[0] != b[0]:
        return a[0] < b[0] if upper else a[0] > b[0]
    return a[1] and not b[1]


def _show_bound(bound: _Bound | None, keyword: str) -> str:
    if bound is None:
        return "none"
    number = int(bound[0]) if bound[0].is_integer() else bound[0]
    return f"{number}{' (exclusive)' if bound[1] else ''}"


class _Schemas:
    """One walk of a request or response schema pair within an operation."""

    def __init__(self, op: _OpDiff) -> None:
        self.op = op

    def emit(self, rule_id: str, message: str, b: Node | None, h: Node | None) -> None:
        self.op.emit(rule_id, message, b, h)

    def compare(
        self,
        b: Node,
        h: Node,
        context: str,
        where: str,
        field: str,
        *,
        optional: bool = False,
        model: str | None = None,
    ) -> None:
        """Compare schema ``b`` with ``h``. ``optional``: they are an optional property (whose
        model attribute reads None already). ``model``: the class the client names an inline
        schema here, when it makes one (a body's or a property's own class)."""
        subject = f"{where}, field `{field}`" if field else where
        if model is not None:
            self._moved(b, h, model, subject, body=not field)
            # A component's inline objects are named after the component's class.
            component = _component_name(h)
            model = model if component is None else class_name(component, fallback="Schema")
        b, h = deref(b), deref(h)
        request = context.startswith("request")

        def say(stem: str, what: str) -> None:
            if stem == "became-nullable" and optional and not request:
                rule_id = "response-optional-property-became-nullable"
                self.emit(rule_id, f"{subject}: {what}", b, h)
                return
            self.emit(f"{context}-{stem}", f"{subject}: {what}", b, h)

        # Whether null may come is judged per kind of field (an optional field's attribute
        # reads None already, a required one's does not), everything else once per schema.
        null_key = (b.path, h.path, f"{context} null{' optional' if optional else ''}")
        if null_key not in self.op.seen:
            self.op.seen.add(null_key)
            self._nullable(b, h, say)
        key = (b.path, h.path, context)
        if key in self.op.seen:
            return
        self.op.seen.add(key)
        self._types(b, h, request, say)
        old_format, new_format = _facet(b, "format"), _facet(h, "format")
        if old_format != new_format:
            say("format-changed", f"format {_show(old_format)} -> {_show(new_format)}")
        self._enum(b, h, say)
        self._bounds(b, h, say)
        old_pattern, new_pattern = _facet(b, "pattern"), _facet(h, "pattern")
        if old_pattern != new_pattern:
            if old_pattern is None:
                say("pattern-added", f"pattern {_show(new_pattern)} added")
            elif new_pattern is None:
                say("pattern-removed", f"pattern {_show(old_pattern)} removed")
            else:
                say("pattern-changed", f"pattern {_show(old_pattern)} -> {_show(new_pattern)}")
        old_default, new_default = _facet(b, "default", _MISSING), _facet(h, "default", _MISSING)
        if _canon_or_missing(old_default) != _canon_or_missing(new_default):
            say(
                "default-value-changed",
                f"default {_show_default(old_default)} -> {_show_default(new_default)}",
            )
        if b.attr("description") != h.attr("description"):
            self.emit("description-changed", f"{subject}: description changed", b, h)
        self._unique_items(b, h, say)
        self._multiple_of(b, h, say)
        if context != "request-parameter":
            self._closed(b, h, say)
            self._dependent_required(b, h, say)
            self._discriminator(b, h, context, where, field, say)
        self._properties(b, h, request, where, field, model)
        child = "request-property" if request else "response-property"
        old_items, new_items = _facet_node(b, "items"), _facet_node(h, "items")
        if old_items is not None and new_items is not None:
            # The items of a parameter are still the parameter's values: same context.
            self.compare(old_items, new_items, context, where, f"{field}[]")
        old_extra, new_extra = (
            _facet_node(b, "additionalProperties"),
            _facet_node(h, "additionalProperties"),
        )
        if (
            old_extra is not None
            and new_extra is not None
            and isinstance(old_extra.value, dict)
            and isinstance(new_extra.value, dict)
        ):
            self.compare(old_extra, new_extra, child, where, f"{field}{{}}")
        for keyword, stem in (("oneOf", "one-of"), ("anyOf", "any-of")):
            self._variants(b, h, keyword, stem, context, child, where, field, say)

    def _types(self, b: Node, h: Node, request: bool, say: Any) -> None:
        old, new = _types(b), _types(h)
        if old != new:
            old_t = None if old is None else old - {"null"}
            new_t = None if new is None else new - {"null"}
            if old_t != new_t and old_t != set() and new_t != set():
                if request:
                    wider = new_t is None or (
                        old_t is not None and _accepts(old_t) <= _accepts(new_t)
                    )
                    stem = "type-generalized" if wider else "type-changed"
                else:
                    narrower = old_t is None or (
                        new_t is not None and _accepts(new_t) <= _accepts(old_t)
                    )
                    stem = "type-specialized" if narrower else "type-changed"
                say(stem, f"type {_show_types(old_t)} -> {_show_types(new_t)}")

    def _nullable(self, b: Node, h: Node, say: Any) -> None:
        old_null, new_null = _nullable(b), _nullable(h)
        if old_null != new_null:
            say(
                "became-nullable" if new_null else "became-not-nullable",
                "null allowed" if new_null else "null no longer allowed",
            )

    def _enum(self, b: Node, h: Node, say: Any) -> None:
        old, new = _enum(b), _enum(h)
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            say("became-enum", f"limited to {', '.join(_show(v) for v in new)}")
            return
        if new is None:
            say("became-not-enum", "no longer limited to a list of values")
            return
        old_keys = {_canon(v): v for v in old}
        new_keys = {_canon(v): v for v in new}
        for k in sorted(set(old_keys) - set(new_keys)):
            say("enum-value-removed", f"value {_show(old_keys[k])} removed")
        for k in sorted(set(new_keys) - set(old_keys)):
            say("enum-value-added", f"value {_show(new_keys[k])} added")
        old_names, new_names = _member_names(b), _member_names(h)
        for k in sorted(set(old_keys) & set(new_keys)):
            was, now = old_names.get(k), new_names.get(k)
            if was != now:
                say(
                    "enum-member-renamed",
                    f"the member for {_show(new_keys[k])} is {_member(now)} (was {_member(was)})",
                )

    def _bounds(self, b: Node, h: Node, say: Any) -> None:
        for stem, keyword, exclusive, upper in _BOUNDS:
            old = _bound(b, keyword, exclusive, upper)
            new = _bound(h, keyword, exclusive, upper)
            if old == new:
                continue
            narrowed = (old is None and new is not None) or (
                old is not None and new is not None and _tighter(new, old, upper)
            )
            widened = (old is not None and new is None) or (
                old is not None and new is not None and _tighter(old, new, upper)
            )
            if not (narrowed or widened):
                continue
            if upper:
                rule_stem = f"{stem}-decreased" if narrowed else f"{stem}-increased"
            else:
                rule_stem = f"{stem}-increased" if narrowed else f"{stem}-decreased"
            say(
                rule_stem,
                f"{keyword} {_show_bound(old, keyword)} -> {_show_bound(new, keyword)}",
            )

    def _moved(self, b: Node, h: Node, model: str, subject: str, body: bool) -> None:
        """An inline schema that became a component under another name, or the other way:
        the model class the client code names is renamed (judged as api-schema-removed).
        ``body``: a whole body, which always has a class of its own."""
        old_ref, new_ref = _component_name(b), _component_name(h)
        if (old_ref is None) == (new_ref is None):
            return
        if old_ref is None:
            assert new_ref is not None
            if (body or _makes_class(deref(b))) and class_name(new_ref, fallback="Schema") != model:
                msg = f"{subject}: the inline schema (class `{model}`) became `{new_ref}`"
                self.emit("api-schema-moved-to-component", msg, b, h)
        elif (body or _makes_class(deref(h))) and class_name(old_ref, fallback="Schema") != model:
            msg = f"{subject}: schema `{old_ref}` written inline (class `{model}`)"
            self.emit("api-schema-moved-inline", msg, b, h)

    def _unique_items(self, b: Node, h: Node, say: Any) -> None:
        old, new = _facet(b, "uniqueItems") is True, _facet(h, "uniqueItems") is True
        if old != new:
            say(
                "unique-items-set" if new else "unique-items-unset",
                f"uniqueItems {str(new).lower()}",
            )

    def _multiple_of(self, b: Node, h: Node, say: Any) -> None:
        old, new = _fraction(_facet(b, "multipleOf")), _fraction(_facet(h, "multipleOf"))
        if old == new:
            return
        what = f"multipleOf {_show_fraction(old)} -> {_show_fraction(new)}"
        if old is None:
            say("multiple-of-set", what)
        elif new is None:
            say("multiple-of-unset", what)
        elif (old / new).denominator == 1:  # every multiple of old is one of new
            say("multiple-of-generalized", what)
        elif (new / old).denominator == 1:
            say("multiple-of-specialized", what)
        else:
            say("multiple-of-changed", what)

    def _closed(self, b: Node, h: Node, say: Any) -> None:
        old, new = (
            _facet(b, "additionalProperties") is False,
            _facet(h, "additionalProperties") is False,
        )
        if old != new:
            stem = "additional-properties-forbidden" if new else "additional-properties-allowed"
            say(stem, f"additionalProperties {'false' if new else 'no longer false'}")

    def _dependent_required(self, b: Node, h: Node, say: Any) -> None:
        old, new = _dependencies(b), _dependencies(h)
        for name, other in sorted(new - old):
            say("dependent-required-added", f"`{name}` now requires `{other}`")
        for name, other in sorted(old - new):
            say("dependent-required-removed", f"`{name}` no longer requires `{other}`")

    def _discriminator(
        self, b: Node, h: Node, context: str, where: str, field: str, say: Any
    ) -> None:
        old, new = _facet_node(b, "discriminator"), _facet_node(h, "discriminator")
        if old is None and new is None:
            return
        if old is None or new is None:
            kept = new if old is None else old
            assert kept is not None
            what = "added" if old is None else "removed"
            say(f"discriminator-{what}", f"discriminator `{kept.attr('propertyName')}` {what}")
            return
        if old.attr("propertyName") != new.attr("propertyName"):
            say(
                "discriminator-property-name-changed",
                f"discriminator `{old.attr('propertyName')}` -> `{new.attr('propertyName')}`",
            )
        old_map, new_map = _mapping(old), _mapping(new)
        for value in sorted(set(new_map) - set(old_map)):
            say("discriminator-mapping-added", f"discriminator value `{value}` added")
        for value in sorted(set(old_map) - set(new_map)):
            say("discriminator-mapping-deleted", f"discriminator value `{value}` removed")
        for value in sorted(set(old_map) & set(new_map)):
            bm, hm = old_map[value], new_map[value]
            if bm.value != hm.value:
                say(
                    "discriminator-mapping-changed",
                    f"discriminator value `{value}`: {_show(bm.value)} -> {_show(hm.value)}",
                )
            else:  # the mapped schemas (usually the oneOf's too: walked once)
                mapped = Node(bm.doc, bm.path, {"$ref": bm.value})
                target = Node(hm.doc, hm.path, {"$ref": hm.value})
                self.compare(mapped, target, context, where, field)

    def _properties(
        self, b: Node, h: Node, request: bool, where: str, field: str, model: str | None
    ) -> None:
        old, new = _properties(b), _properties(h)
        if not old and not new:
            return
        old_req, new_req = _required(b), _required(h)
        child = "request-property" if request else "response-property"
        for name in sorted(set(old) | set(new)):
            path = f"{field}.{name}" if field else name
            subject = f"{where}, field `{path}`"
            if name not in new:
                if request:
                    rule_id = "request-property-removed"
                elif name in old_req:
                    rule_id = "response-required-property-removed"
                else:
                    rule_id = "response-optional-property-removed"
                self.emit(rule_id, f"{subject} removed", old[name], None)
            elif name not in old:
                required = name in new_req
                if request:
                    rule_id = (
                        "new-required-request-property"
                        if required
                        else "new-optional-request-property"
                    )
                else:
                    rule_id = (
                        "response-required-property-added"
                        if required
                        else "response-optional-property-added"
                    )
                kind = "required" if required else "optional"
                self.emit(rule_id, f"{subject} added ({kind})", None, new[name])
            else:
                was, now = name in old_req, name in new_req
                if was != now:
                    direction = "request" if request else "response"
                    state = "required" if now else "optional"
                    self.emit(
                        f"{direction}-property-became-{state}",
                        f"{subject} became {state}",
                        old[name],
                        new[name],
                    )
                self._access(
                    old[name],
                    new[name],
                    request,
                    name in (new_req if request else old_req),
                    subject,
                )
                inner = None if model is None else model + class_name(name, fallback="Field")
                self.compare(
                    old[name],
                    new[name],
                    child,
                    where,
                    path,
                    optional=name not in new_req,
                    model=inner,
                )

    def _access(self, b: Node, h: Node, request: bool, required: bool, subject: str) -> None:
        """readOnly in a request, writeOnly in a response (the other two change nothing a
        client sees: a request never sends what it reads, a response never had to send what
        it writes)."""
        keyword, name = ("readOnly", "read-only") if request else ("writeOnly", "write-only")
        old, new = _facet(deref(b), keyword) is True, _facet(deref(h), keyword) is True
        if old != new:
            direction = "request" if request else "response"
            kind = "required" if required else "optional"
            state = name if new else f"not-{name}"
            self.emit(
                f"{direction}-{kind}-property-became-{state}", f"{subject} became {state}", b, h
            )

    def _variants(
        self,
        b: Node,
        h: Node,
        keyword: str,
        stem: str,
        context: str,
        child: str,
        where: str,
        field: str,
        say: Any,
    ) -> None:
        old, new = _variants(b, keyword), _variants(h, keyword)
        if not old and not new:
            return
        old_keys = {_variant_key(v): v for v in old}
        new_keys = {_variant_key(v): v for v in new}
        # Each pair is named by its place in the head's list, so that two alternatives with the
        # same change stay two changes (changes are unique by their message).
        place = {id(v): i for i, v in enumerate(new, start=1)}

        def pair(bv: Node, hv: Node) -> None:
            alternative = f"{where}, {keyword} alternative {place[id(hv)]}"
            self.compare(bv, hv, context, alternative, field)

        for k in sorted(set(old_keys) & set(new_keys)):
            pair(old_keys[k], new_keys[k])
        gone = [v for k, v in old_keys.items() if k not in new_keys]
        added = [v for k, v in new_keys.items() if k not in old_keys]
        if len(gone) == len(added):
            for bv, hv in zip(gone, added, strict=True):
                pair(bv, hv)
            return
        for v in gone:
            say(f"{stem}-removed", f"{keyword} alternative {_variant_name(v)} removed")
        for v in added:
            say(f"{stem}-added", f"{keyword} alternative {_variant_name(v)} added")


_MISSING = object()


def _fraction(value: Any) -> Fraction | None:
    number = _number(value)
    if number is None or number <= 0:
        return None
    return Fraction(str(value))  # exact: 0.1 stays a tenth


def _show_fraction(value: Fraction | None) -> str:
    if value is None:
        return "none"
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _dependencies(node: Node) -> set[tuple[str, str]]:
    raw = _facet(node, "dependentRequired")
    if not isinstance(raw, dict):
        return set()
    return {
        (str(name), str(other))
        for name, others in raw.items()
        if isinstance(others, list)
        for other in others
    }


def _mapping(discriminator: Node) -> dict[str, Node]:
    mapping = discriminator.get("mapping")
    return {k: v for k, v in (mapping.items() if mapping else []) if isinstance(v.value, str)}


_SCHEMA_REF = "#/components/schemas/"


def _component_name(node: Node) -> str | None:
    ref = node.attr("$ref")
    if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
        return ref[len(_SCHEMA_REF) :]
    return None


def _makes_class(node: Node) -> bool:
    """Whether the generator makes a model class of an inline schema written here (an object
    with properties, an enum, a union), rather than a plain type."""
    return bool(
        _properties(node)
        or isinstance(_facet(node, "enum"), list)
        or node.get("oneOf") is not None
        or node.get("anyOf") is not None
    )


def _canon_or_missing(value: Any) -> str | None:
    return None if value is _MISSING else _canon(value)


def _show_default(value: Any) -> str:
    return "none" if value is _MISSING else _show(value)


def _all_of(node: Node) -> list[Node]:
    parts = node.get("allOf")
    return [deref(p) for p in parts.elements()] if parts else []


def _facet(node: Node, key: str, default: Any = None, depth: int = 0) -> Any:
    """``key`` of the schema, or of the first of its ``allOf`` parts that has it."""
    if isinstance(node.value, dict) and key in node.value:
        return node.value[key]
    if depth < 16:
        for part in _all_of(node):
            found = _facet(part, key, _MISSING, depth + 1)
            if found is not _MISSING:
                return found
    return default


def _facet_node(node: Node, key: str, depth: int = 0) -> Node | None:
    own = node.get(key)
    if own is not None:
        return own
    if depth < 16:
        for part in _all_of(node):
            found = _facet_node(part, key, depth + 1)
            if found is not None:
                return found
    return None


def _properties(node: Node, depth: int = 0) -> dict[str, Node]:
    props: dict[str, Node] = {}
    own = node.get("properties")
    if own is not None:
        props.update(own.items())
    if depth < 16:
        for part in _all_of(node):
            for name, value in _properties(part, depth + 1).items():
                props.setdefault(name, value)
    return props


def _required(node: Node, depth: int = 0) -> set[str]:
    names = {str(n) for n in node.attr("required", []) or [] if isinstance(n, str)}
    if depth < 16:
        for part in _all_of(node):
            names |= _required(part, depth + 1)
    return names


def _types(node: Node) -> set[str] | None:
    raw = _facet(node, "type")
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return {str(t) for t in raw}
    if _properties(node):
        return {"object"}
    if _facet_node(node, "items") is not None:
        return {"array"}
    return None


def _accepts(types: set[str]) -> set[str]:
    return types | {"integer"} if "number" in types else types


def _show_types(types: set[str] | None) -> str:
    return "any" if types is None else "/".join(sorted(types))


def _nullable(node: Node) -> bool:
    types = _types(node)
    if types is not None and "null" in types:
        return True
    if node.attr("nullable") is True:  # OpenAPI 3.0 spelling
        return True
    enum = _facet(node, "enum")
    if isinstance(enum, list) and None in enum:
        return True
    for keyword in ("oneOf", "anyOf"):
        parts = node.get(keyword)
        for part in parts.elements() if parts else []:
            if _is_null(deref(part)):
                return True
    return False


def _is_null(node: Node) -> bool:
    kind: Any = node.attr("type")
    return bool(kind == "null" or kind == ["null"])


def _enum(node: Node) -> list[Any] | None:
    const = _facet(node, "const", _MISSING)
    if const is not _MISSING:
        return [] if const is None else [const]
    enum = _facet(node, "enum")
    if isinstance(enum, list):
        return [v for v in enum if v is not None]
    return None


# The extensions that name an enum's members, one name per value in order (datamodel-code-generator
# reads both; the generated Python enum's member names come from them).
_MEMBER_NAMES = ("x-enum-varnames", "x-enumNames")


def _member_names(node: Node) -> dict[Any, str]:
    """Each enum value (canonical) -> the member name an extension gives it."""
    enum = _facet(node, "enum")
    for keyword in _MEMBER_NAMES:
        names = _facet(node, keyword)
        if isinstance(enum, list) and isinstance(names, list) and len(names) == len(enum):
            return {_canon(v): str(n) for v, n in zip(enum, names, strict=True) if v is not None}
    return {}


def _member(name: str | None) -> str:
    return f"`{name}`" if name else "named from the value"


def _bound(node: Node, keyword: str, exclusive: str | None, upper: bool) -> _Bound | None:
    found: list[_Bound] = []
    inclusive = _number(_facet(node, keyword))
    if inclusive is not None:
        found.append((inclusive, False))
    if exclusive is not None:
        value = _number(_facet(node, exclusive))
        if value is not None:
            found.append((value, True))
    if keyword in ("minLength", "minItems", "minProperties"):
        found = [f for f in found if f[0] > 0]  # 0 bounds nothing
    if not found:
        return None
    best = found[0]
    for candidate in found[1:]:
        if _tighter(candidate, best, upper):
            best = candidate
    return best


def _variants(node: Node, keyword: str) -> list[Node]:
    parts = node.get(keyword)
    return [p for p in (parts.elements() if parts else []) if not _is_null(deref(p))]


def _variant_key(node: Node) -> str:
    ref = node.attr("$ref")
    return f"$ref:{ref}" if isinstance(ref, str) else _canon(node.value)


def _variant_name(node: Node) -> str:
    ref = node.attr("$ref")
    if isinstance(ref, str):
        return f"`{ref.rsplit('/', 1)[-1]}`"
    title = deref(node).attr("title")
    if isinstance(title, str):
        return f"`{title}`"
    return _show(node.value)
