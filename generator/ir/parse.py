"""Bundled OpenAPI document -> IR, plus the schema set datamodel-code-generator turns into models.

Names are decided here, once: schema keys become class names (``ErrorCode``), inline request,
response and error schemas are given one (``ListServiceConnectionsResponse``) and moved into
``components/schemas`` so every body has a model class, operations and parameters get snake_case
names that are unique and not Python keywords.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from ..diagnostics import Diagnostic, Severity
from ..openapi import extensions as x
from ..openapi.bundle import Bundle, bundle_document, rename_components
from ..openapi.documents import api_name, is_api_document
from ..openapi.pointer import resolve_local
from ..openapi.tree import SpecTree
from ..openapi.walk import OperationView, ParameterView, document_operations
from ..openapi.yamlload import LoadedFile
from . import (
    Api,
    Body,
    ClientOption,
    ErrorResponse,
    Operation,
    Paging,
    Parameter,
    SecurityScheme,
    Server,
    ServerVariable,
    Value,
)
from .naming import class_name, enum_literal, module_name, snake_name, unique

__all__ = ["ParsedApi", "api_name", "is_api_document", "parse_api"]

SCHEMA_REF = "#/components/schemas/"
# Names the models module imports; a schema may not take them as its class name.
_MODULE_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AwareDatetime",
        "ConfigDict",
        "Enum",
        "Field",
        "IntEnum",
        "Literal",
        "Model",
        "RootModel",
        "SecretStr",
        "StrEnum",
        "StrictBool",
        "StrictFloat",
        "StrictInt",
        "StrictStr",
    }
)
# Names the client module imports or defines; a schema may not take them either.
_CLIENT_MODULE_NAMES = frozenset(
    {
        "AsyncAPIClient",
        "DEFAULT_TIMEOUT",
        "ErrorFields",
        "Mapping",
        "NOT_GIVEN",
        "NotGiven",
        "Operation",
        "Server",
        "SyncAPIClient",
        "httpx",
        "server_url",
    }
)
# Attributes of the generated client classes; an operation may not take them as its name.
_CLIENT_ATTRIBUTES = frozenset({"close", "base_url", "timeout", "retry", "with_options"})
# Names the client's ``__init__`` takes or calls; a server variable or a client option may not
# take them.
_INIT_NAMES = frozenset(
    {
        "self",
        "base_url",
        "auth",
        "credentials",
        "timeout",
        "max_retries",
        "headers",
        "http_client",
        "strict",
        "super",
        "server_url",
    }
)
# Annotations of bodies that are not models (no JSON: the bytes or text as sent).
_BUILTIN_TYPES = frozenset({"bytes", "str"})
# The per-call options of every generated method; a parameter may not take them.
_CALL_OPTION_NAMES = frozenset(
    {"body", "timeout", "max_retries", "extra_headers", "extra_query", "strict"}
)
# Methods of the runtime's Model; a property may not take them as its Python name.
_MODEL_METHODS = frozenset({"to_dict", "to_json"})


@dataclass(frozen=True)
class ParsedApi:
    api: Api
    #: The OpenAPI document (only ``components/schemas`` matter) for datamodel-code-generator.
    models_document: dict[str, Any]
    #: Every class name the models module must define.
    model_names: tuple[str, ...]
    #: Python names for properties whose own would shadow a method of the runtime's Model.
    field_aliases: dict[str, str]
    bundle: Bundle
    diagnostics: tuple[Diagnostic, ...]


def parse_api(tree: SpecTree, file: LoadedFile) -> ParsedApi:
    return _Parser(tree, file).run()


class _Parser:
    def __init__(self, tree: SpecTree, file: LoadedFile) -> None:
        self.tree = tree
        self.file = file
        self.bundle = bundle_document(tree, file)
        self.doc = self.bundle.document
        self.diagnostics: list[Diagnostic] = []
        self.schemas: dict[str, Any] = {}
        stem = "_".join(file.path.relative_to(tree.root).with_suffix("").parts)
        self.client_class = class_name(stem, fallback="Api") + "Client"
        self.async_client_class = "Async" + self.client_class
        self.reserved = (
            _MODULE_NAMES
            | _CLIENT_MODULE_NAMES
            | {
                self.client_class,
                self.async_client_class,
            }
        )

    # -- names -------------------------------------------------------------------------------

    def _rename_schemas(self) -> None:
        """Schema keys become unique, valid class names; every reference follows."""
        original = self.doc.get("components", {}).get("schemas", {})
        wanted = [class_name(key, fallback="Schema") for key in original]
        wanted = [name + "Schema" if name in self.reserved else name for name in wanted]
        names = unique(wanted, separator="")
        mapping = dict(zip(original, names, strict=True))
        self.schemas = {mapping[k]: v for k, v in original.items()}
        renamed = {("schemas", old): new for old, new in mapping.items() if old != new}
        if renamed:
            self.doc = rename_components(self.doc, renamed)
            self.schemas = rename_components(self.schemas, renamed)
        # Else the document is the bundle's, which the changelog reads: with no name to change,
        # copying it (a tenth of a second for a 1,000-operation spec) only kept it apart from
        # the hoisted bodies, and these go into new mappings, never into its own.
        self.doc = {**self.doc, "components": {**self.doc.get("components", {})}}
        self.doc["components"]["schemas"] = self.schemas

    def _hoist(self, schema: Any, wanted: str) -> str:
        """The class of a body schema: its ``$ref``'s, or a new component named ``wanted``."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            name = str(ref)[len(SCHEMA_REF) :]
            if ref.startswith(SCHEMA_REF) and len(schema) == 1 and name in self.schemas:
                return name
            schema = self._deref(schema)  # a reference into a schema: its target, inline
        name, n = wanted, 2
        while name in self.schemas or name in self.reserved:
            name, n = f"{wanted}{n}", n + 1
        self.schemas[name] = copy.deepcopy(schema) if isinstance(schema, dict) else {}
        return name

    # -- the walk ----------------------------------------------------------------------------

    def run(self) -> ParsedApi:
        self._rename_schemas()
        operations: list[Operation] = []
        method_names: list[str] = []
        views = list(document_operations(self.doc))
        for view in views:
            op_id = view.data.get("operationId") or f"{view.method} {view.route}"
            name = snake_name(op_id, fallback="call")
            method_names.append(name + "_" if name in _CLIENT_ATTRIBUTES else name)
        for view, name in zip(views, _clear_of_paging(views, method_names), strict=True):
            operations.append(self._operation(view, name))
            self._unsupported(view)
        # The constant of an operation's paging, clear of every operation's constant (an
        # operation list_items_pages has _LIST_ITEMS_PAGES).
        taken = {op.constant_name for op in operations}
        for i, op in enumerate(operations):
            if op.paging is not None:
                constant = op.constant_name + "_PAGES"
                while constant in taken:
                    constant += "_"
                taken.add(constant)
                operations[i] = replace(op, paging=replace(op.paging, constant=constant))
        options: dict[str, ClientOption] = {}
        for op_ir in operations:
            for p in op_ir.parameters:
                if p.client_option and p.python_name not in options:
                    options[p.python_name] = ClientOption(p.python_name, p.description)
        used = sorted(
            (
                {o.result for o in operations if o.result}
                | {o.body.annotation for o in operations if o.body}
            )
            - _BUILTIN_TYPES
            | {e.model for o in operations for e in o.errors if e.model}
            | {o.paging.item for o in operations if o.paging and o.paging.item != "Any"}
        )
        rel = self.file.path.relative_to(self.tree.root)
        parts = [module_name(p) for p in rel.with_suffix("").parts]
        info = self.doc.get("info", {})
        api = Api(
            spec_file=rel.as_posix(),
            package=".".join(parts),
            client_class=self.client_class,
            async_client_class=self.async_client_class,
            title=str(info.get("title", "")),
            summary=str(info.get("summary", "")),
            description=str(info.get("description", "")),
            version=str(info.get("version", "")),
            server=self._server(),
            security_schemes=self._security_schemes(),
            operations=tuple(operations),
            client_options=tuple(options.values()),
            model_imports=tuple(used),
        )
        self.field_aliases = {
            prop: snake_name(prop) + "_"
            for prop in sorted(_property_names(self.schemas))
            if snake_name(prop) in _MODEL_METHODS
        }
        models_document = {
            "openapi": self.doc.get("openapi", "3.1.0"),
            "info": {"title": api.title or api.package, "version": api.version or "0"},
            "components": {"schemas": _for_models(self.schemas)},
        }
        return ParsedApi(
            api=api,
            models_document=models_document,
            model_names=tuple(self.schemas),
            field_aliases=self.field_aliases,
            bundle=self.bundle,
            diagnostics=tuple(self.diagnostics),
        )

    def _operation(self, view: OperationView, name: str) -> Operation:
        route, method, op = view.route, view.method, view.data
        op_id = str(op.get("operationId") or f"{method} {route}")
        base = class_name(op_id, fallback="Call")
        params = self._parameters(view.parameters)
        body = self._body(op.get("requestBody"), base)
        result, result_doc, errors = self._responses(op.get("responses", {}), base)
        fields = None
        for err in errors:
            fields = x.error_fields(self.schemas.get(err.model or ""))
            if fields is not None:
                break
        security = op.get("security", self.doc.get("security", []))
        return Operation(
            operation_id=op_id,
            method_name=name,
            constant_name="_" + name.upper().strip("_"),
            http_method=method.upper(),
            path=route.split("#", 1)[0] or "/",
            route=route,
            summary=str(op.get("summary", "")),
            description=str(op.get("description", "")),
            deprecated=bool(op.get("deprecated", False)),
            parameters=params,
            body=body,
            result=result,
            result_description=result_doc,
            errors=errors,
            error_fields=fields,
            security=tuple(tuple(sorted(req)) for req in security if isinstance(req, dict)),
            paging=self._paging(x.paging(op), params, result),
            idempotency_token=x.idempotency_token(op),
            error_codes=x.error_codes(op),
        )

    def _unsupported(self, view: OperationView) -> None:
        """Warnings for what the client leaves out of an operation although the call still
        works: servers of its own (the client calls the document's), callbacks (requests the
        service makes, not calls a client makes)."""
        for where, owner in ((view.path[:-1], view.item), (view.path, view.data)):
            if owner.get("servers"):
                self.diagnostics.append(
                    Diagnostic(
                        self.bundle.location_of((*where, "servers")),
                        "generate-servers-ignored",
                        f"{view.name}: servers of its own are not used; the client calls the "
                        "document's servers (pass base_url= to reach another)",
                        Severity.WARNING,
                    )
                )
        if view.data.get("callbacks"):
            self.diagnostics.append(
                Diagnostic(
                    self.bundle.location_of((*view.path, "callbacks")),
                    "generate-callbacks-ignored",
                    f"{view.name}: callbacks are requests the service sends, not client calls; "
                    "they are left out of the client",
                    Severity.WARNING,
                )
            )

    def _paging(
        self, raw: x.Paging | None, params: tuple[Parameter, ...], result: str | None
    ) -> Paging | None:
        """``x-cloudnet-pagination`` with argument names and the item type resolved; None
        when it names a parameter the operation lacks (validation's lint reports that)."""
        by_wire = {p.name: p.python_name for p in params if p.is_argument}
        if raw is None or raw.position not in by_wire or raw.size not in by_wire:
            return None
        item = "Any"
        schema = self._deref(self.schemas.get(result or "", {}))
        field = schema.get("properties", {}).get(raw.items) if isinstance(schema, dict) else None
        ref = field.get("items", {}).get("$ref") if isinstance(field, dict) else None
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            item = ref[len(SCHEMA_REF) :]
        return Paging(
            style=raw.style,
            position=by_wire[raw.position],
            size=by_wire[raw.size],
            items=raw.items,
            total=raw.total,
            item=item,
        )

    def _deref(self, node: Any) -> Any:
        return resolve_local(self.doc, node)

    def _parameters(self, views: tuple[ParameterView, ...]) -> tuple[Parameter, ...]:
        """The operation's parameters (the walk merged its path item's and its own already)."""
        merged = {(p.name, p.location): p.data for p in views}
        # ``body`` is the request body's argument and ``timeout``, ``max_retries``,
        # ``extra_headers``, ``extra_query`` and ``strict`` the per-call options; a client
        # option's name is also an argument of the client's __init__.
        python_names = unique(
            snake_name(name)
            + (
                "_"
                if snake_name(name) in _CALL_OPTION_NAMES
                or (x.client_option(p) and snake_name(name) in _INIT_NAMES)
                else ""
            )
            for (name, _), p in merged.items()
        )
        out = []
        for (name, where), python_name in zip(merged, python_names, strict=True):
            param = merged[(name, where)]
            schema = self._deref(param.get("schema", _content_schema(param)))
            required = bool(param.get("required", False)) or where == "path"
            enum = schema.get("enum") if isinstance(schema, dict) else None
            constant = None
            if required and isinstance(enum, list) and len(enum) == 1 and _scalar(enum[0]):
                constant = Value.of(enum[0])
            default = schema.get("default") if isinstance(schema, dict) else None
            annotation = self._python_type(schema)
            if required and default is not None and _scalar(default):
                arg_default: Value | None = Value.of(default)
            elif required and not x.client_option(param):
                arg_default = None
            else:
                annotation += " | None"
                arg_default = Value.of(None)
            style = str(
                param.get("style") or ("form" if where in ("query", "cookie") else "simple")
            )
            if "schema" not in param and isinstance(param.get("content"), dict):
                style = "json"  # a parameter given by ``content``: its value as JSON text
            values, enum_class = self._enum_of(param.get("schema", _content_schema(param)))
            out.append(
                Parameter(
                    name=name,
                    python_name=python_name,
                    location=where,
                    required=required,
                    annotation=annotation,
                    default=arg_default,
                    description=_describe(param, schema),
                    constant=constant,
                    client_option=x.client_option(param),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    enum=values,
                    enum_class=enum_class,
                )
            )
        return tuple(out)

    def _enum_of(self, raw: Any) -> tuple[tuple[Any, ...], str | None]:
        """The values of the enum a parameter's schema (or its items' schema) lists, as
        ``_python_type`` writes them in a ``Literal``, and the component class it refers to."""
        schema = self._deref(raw)
        if isinstance(schema, dict) and schema.get("type") == "array" and "enum" not in schema:
            raw = schema.get("items")
            schema = self._deref(raw)
        enum = schema.get("enum") if isinstance(schema, dict) else None
        if not _literal_values(enum):
            return (), None
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        named = isinstance(ref, str) and ref.startswith(SCHEMA_REF) and len(raw) == 1
        return tuple(enum), str(ref)[len(SCHEMA_REF) :] if named else None

    def _python_type(self, schema: Any, depth: int = 0) -> str:
        schema = self._deref(schema)
        if not isinstance(schema, dict) or depth > 5:
            return "Any"
        enum = schema.get("enum")
        if _literal_values(enum):
            return enum_literal(enum)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        if kind == "array":
            return f"list[{self._python_type(schema.get('items', {}), depth + 1)}]"
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
            str(kind), "Any"
        )

    def _body(self, raw: Any, base: str) -> Body | None:
        body = self._deref(raw)
        if not isinstance(body, dict):
            return None
        content = body.get("content", {})
        media = _choose_media(content)
        if media is None:
            return None
        encoding = _encoding(media)
        if encoding in ("json", "form", "multipart"):
            annotation = self._hoist(content[media].get("schema", {}), base + "Request")
            if encoding == "multipart":
                self.schemas[annotation] = _file_parts(self.schemas[annotation])
        else:
            annotation = "str" if encoding == "text" else "bytes"
        return Body(
            annotation=annotation,
            required=bool(body.get("required", False)),
            description=str(body.get("description", "")),
            content_type=media,
            encoding=encoding,
        )

    def _responses(
        self, responses: dict[str, Any], base: str
    ) -> tuple[str | None, str, tuple[ErrorResponse, ...]]:
        result: str | None = None
        result_doc = ""
        errors: list[ErrorResponse] = []
        for status in sorted(responses, key=str):
            raw = responses[status]
            response = self._deref(raw)
            if not isinstance(response, dict):
                continue
            content = response.get("content", {})
            media = next((m for m in content if _is_json(m)), None)
            schema = content[media].get("schema") if media else None
            # A Reference Object's description overrides its target's (OAS 3.1): statuses that
            # share one response component keep their own meaning.
            described = raw if isinstance(raw, dict) and "description" in raw else response
            description = str(described.get("description", ""))
            code = str(status).upper()
            if code.startswith("2"):
                if result is None and schema is not None:
                    result = self._hoist(schema, base + "Response")
                    result_doc = description
                elif result is None and isinstance(content, dict) and content:
                    first = _choose_media(content) or ""
                    result = "str" if _encoding(first) == "text" else "bytes"
                    result_doc = description
                continue
            model = None
            if schema is not None:
                suffix = "Error" if code == "DEFAULT" else f"{code.replace('XX', 'xx')}Error"
                model = self._hoist(schema, base + suffix)
            errors.append(
                ErrorResponse(code.lower() if code == "DEFAULT" else code, model, description)
            )
        return result, result_doc, tuple(errors)

    def _server(self) -> Server:
        servers = self.doc.get("servers") or [{"url": "/"}]
        first: dict[str, Any] = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
        variables = first.get("variables", {})
        names = unique(
            snake_name(v) + ("_" if snake_name(v) in _INIT_NAMES else "") for v in variables
        )
        return Server(
            url=str(first.get("url", "/")),
            description=str(first.get("description", "")),
            variables=tuple(
                ServerVariable(
                    name=name,
                    python_name=python_name,
                    default=str(spec.get("default", "")),
                    description=str(spec.get("description", "")),
                    enum=_enum_with_default(spec),
                    urls=tuple(x.server_urls(spec).items()),
                )
                for (name, spec), python_name in zip(variables.items(), names, strict=True)
            ),
        )

    def _security_schemes(self) -> tuple[SecurityScheme, ...]:
        schemes = self.doc.get("components", {}).get("securitySchemes", {})
        out = []
        for name, raw in schemes.items():
            scheme = self._deref(raw)
            kind = x.auth_kind(scheme) or ":".join(
                str(scheme.get(k)) for k in ("type", "scheme", "in") if scheme.get(k)
            )
            out.append(SecurityScheme(str(name), str(kind), str(scheme.get("description", ""))))
        return tuple(out)


def _enum_with_default(variable: dict[str, Any]) -> tuple[str, ...]:
    """A server variable's enum as strings; a default the enum leaves out (OpenAPI says it
    must be in it) is added, so the client's default is one of the values it accepts."""
    enum = [str(v) for v in variable.get("enum") or ()]
    default = str(variable.get("default", ""))
    return tuple([*enum, default] if enum and default not in enum else enum)


def _clear_of_paging(views: list[OperationView], wanted: list[str]) -> list[str]:
    """Unique method names, none taken by the extra methods of a paginated operation
    (``<name>_pages``, ``iter_<name>``): an operation named so gets a trailing ``_``."""
    names = unique(wanted)
    paged = [n for view, n in zip(views, names, strict=True) if x.paging(view.data)]
    extra = {f"{n}_pages" for n in paged} | {f"iter_{n}" for n in paged}
    return unique(n + "_" if n in extra else n for n in names)


def _file_parts(schema: Any) -> Any:
    """A multipart body's schema with its file parts (OpenAPI 3.1 writes one as a string with a
    ``contentMediaType`` and no ``contentEncoding``) marked ``format: binary``, which the models
    type as ``bytes``."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return schema

    def part(prop: Any) -> Any:
        if not isinstance(prop, dict):
            return prop
        if prop.get("type") == "array":
            return {**prop, "items": part(prop.get("items"))}
        if (
            prop.get("type") == "string"
            and "contentMediaType" in prop
            and "contentEncoding" not in prop
        ):
            return {**prop, "format": "binary"}
        return prop

    return {**schema, "properties": {k: part(v) for k, v in schema["properties"].items()}}


def _literal_values(enum: Any) -> TypeGuard[list[Any]]:
    """An ``enum`` a ``Literal`` can write: strings and integers (a bool is an int)."""
    return isinstance(enum, list) and bool(enum) and all(isinstance(v, (str, int)) for v in enum)


def _scalar(value: Any) -> bool:
    """A JSON scalar, which a Python literal can write."""
    return value is None or isinstance(value, (str, int, float, bool))


def _content_schema(param: dict[str, Any]) -> Any:
    """The schema of a parameter given by ``content`` (its one media type's), else ``{}``."""
    content = param.get("content")
    if isinstance(content, dict):
        for media in content.values():
            if isinstance(media, dict) and "schema" in media:
                return media["schema"]
    return {}


# Request and response bodies by how they are sent, best first when there is a choice.
_ENCODINGS = (
    ("json", lambda m: _is_json(m)),
    ("form", lambda m: m == "application/x-www-form-urlencoded"),
    ("multipart", lambda m: m.startswith("multipart/")),
    ("text", lambda m: m.startswith("text/")),
    ("binary", lambda m: True),
)


def _encoding(media: str) -> str:
    plain = media.split(";")[0].strip().lower()
    return next(name for name, accepts in _ENCODINGS if accepts(plain))


def _choose_media(content: Any) -> str | None:
    """The media type a client sends or reads of several: JSON first, then a form, then
    multipart, text and raw bytes."""
    if not isinstance(content, dict) or not content:
        return None
    order = [name for name, _ in _ENCODINGS]
    return str(min(content, key=lambda m: order.index(_encoding(str(m)))))


def _is_json(media: str) -> bool:
    media = media.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _describe(param: dict[str, Any], schema: Any) -> str:
    """The parameter's docstring entry: its description, then what the schema says of the
    value (bounds, length, pattern, items, default), each said once: a default the
    description already states ("Default value 1.") is not repeated."""
    text = str(param.get("description", "")).strip()
    if not text:
        text = f"The ``{param['name']}`` {param['in']} parameter."
    facts = [f for f in schema_facts(schema) if not _states_range(text, f)]
    if isinstance(schema, dict) and "default" in schema and _scalar(schema["default"]):
        default = schema["default"]
        if not _states_default(text, default):
            facts.append(f"Default: {default!r}.")
    return " ".join([text, *facts]).strip()


def _states_default(text: str, value: Any) -> bool:
    """Whether ``text`` already gives ``value`` as the default ("Default value 1.", "The
    default is 10", "default: 'desc'")."""
    shown = {str(value), repr(value), json.dumps(value)}
    if isinstance(value, bool):
        shown |= {str(value).lower()}
    return any(
        re.search(
            rf"\bdefault\b[\s:=]*(?:value\b)?[\s:=]*(?:is\b)?[\s:=]*{re.escape(s)}(?!\w)",
            text,
            re.I,
        )
        for s in shown
    )


def _states_range(text: str, fact: str) -> bool:
    """Whether ``text`` gives the range of ``fact`` ("From 1 to 50.") already ("Valid values 1
    to 50", "1~50")."""
    found = re.fullmatch(r"From (\S+) to (\S+)\.", fact)
    if found is None:
        return False
    low, high = (re.escape(v) for v in found.groups())
    return re.search(rf"(?<![\w.]){low}\s*(?:to|~|-|\u2013|and)\s*{high}(?![\w])", text) is not None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _range(low: Any, high: Any, both: str, only_low: str, only_high: str) -> list[str]:
    """One sentence for a pair of bounds, either of which may be missing (``both`` without its
    ``to {high}`` when they are equal: "Length 36.")."""
    if _is_number(low) and _is_number(high):
        if low == high:
            return [both.replace(" to {high}", "").format(low=low)]
        return [both.format(low=low, high=high)]
    if _is_number(low):
        return [only_low.format(low=low)]
    if _is_number(high):
        return [only_high.format(high=high)]
    return []


def schema_facts(schema: Any, depth: int = 0) -> list[str]:
    """Sentences for the value constraints of ``schema`` (a parameter's, after ``$ref``):
    minimum and maximum (exclusive ones too), string length, pattern, the number of items and
    their uniqueness, and the constraints of each item."""
    if not isinstance(schema, dict) or depth > 2:
        return []
    bounds = [
        f"{words} {schema[key]}"
        for key, words in (
            ("minimum", "at least"),
            ("exclusiveMinimum", "greater than"),
            ("maximum", "at most"),
            ("exclusiveMaximum", "less than"),
        )
        if _is_number(schema.get(key))
    ]
    facts: list[str] = []
    if _is_number(schema.get("minimum")) and _is_number(schema.get("maximum")) and len(bounds) == 2:
        facts += _range(schema["minimum"], schema["maximum"], "From {low} to {high}.", "", "")
    elif bounds:
        facts.append(" and ".join(bounds).capitalize() + ".")
    facts += _range(
        schema.get("minLength"),
        schema.get("maxLength"),
        "Length {low} to {high}.",
        "Length at least {low}.",
        "Length at most {high}.",
    )
    if isinstance(schema.get("pattern"), str):
        facts.append(f"Pattern: ``{schema['pattern']}``.")
    facts += _range(
        schema.get("minItems"),
        schema.get("maxItems"),
        "{low} to {high} items.",
        "{low} or more items.",
        "At most {high} items.",
    )
    if schema.get("uniqueItems") is True:
        facts.append("No item twice.")
    items = schema_facts(schema.get("items"), depth + 1)
    if items:
        facts.append("Each item: " + " ".join(items))
    return facts


def _for_models(node: Any) -> Any:
    """The schemas as datamodel-code-generator should see them: a ``const`` whose value is an
    object or an array is left out (it would type the field as that value's shape with a
    ``None`` default, which is wrong and fails mypy); the field then takes any JSON value."""
    if isinstance(node, dict):
        return {
            k: _for_models(v)
            for k, v in node.items()
            if not (k == "const" and isinstance(v, (dict, list)))
        }
    if isinstance(node, list):
        return [_for_models(v) for v in node]
    return node


def _property_names(node: Any) -> set[str]:
    """Every key of every ``properties`` mapping below ``node``."""
    found: set[str] = set()
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            found.update(str(k) for k in props)
        for value in node.values():
            found |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            found |= _property_names(value)
    return found
