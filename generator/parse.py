"""Bundled OpenAPI document -> IR, plus the schema set datamodel-code-generator turns into models.

Names are decided here, once: schema keys become class names (``ErrorCode``), inline request,
response and error schemas are given one (``ListServiceConnectionsResponse``) and moved into
``components/schemas`` so every body has a model class, operations and parameters get snake_case
names that are unique and not Python keywords.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .bundle import Bundle, bundle_document, rename_components, resolve_local
from .diagnostics import Diagnostic
from .ir import (
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
)
from .naming import class_name, module_name, snake_name, unique
from .spectree import SpecTree
from .yamlload import LoadedFile

__all__ = ["ParsedApi", "api_name", "is_api_document", "parse_api"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
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
        "super",
        "server_url",
    }
)
# The per-call options of every generated method; a parameter may not take them.
_CALL_OPTION_NAMES = frozenset({"body", "timeout", "max_retries", "extra_headers", "extra_query"})
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


def is_api_document(file: LoadedFile) -> bool:
    """A document with operations (a vendor ``common.yaml`` has none)."""
    return isinstance(file.data, dict) and bool(file.data.get("paths"))


def api_name(tree: SpecTree, file: LoadedFile) -> str:
    """An API's name: its file below the spec root, without the suffix (``huawei/vpcep``)."""
    return file.path.relative_to(tree.root).with_suffix("").as_posix()


def parse_api(tree: SpecTree, file: LoadedFile) -> ParsedApi:
    return _Parser(tree, file).run()


def content_hash(document: Any) -> str:
    """sha256 of the canonical JSON of ``document``."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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
        renamed = {("schemas", old): new for old, new in mapping.items()}
        self.doc = rename_components(self.doc, renamed)
        self.schemas = rename_components(self.schemas, renamed)
        self.doc.setdefault("components", {})["schemas"] = self.schemas

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
        raw_ops: list[tuple[str, str, dict[str, Any], list[Any]]] = []
        for route, item in self.doc.get("paths", {}).items():
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    raw_ops.append((route, method, item[method], shared))
        for route, method, op, _ in raw_ops:
            op_id = op.get("operationId") or f"{method} {route}"
            name = snake_name(op_id, fallback="call")
            method_names.append(name + "_" if name in _CLIENT_ATTRIBUTES else name)
        for (route, method, op, shared), name in zip(raw_ops, unique(method_names), strict=True):
            operations.append(self._operation(route, method, op, shared, name))
        options: dict[str, ClientOption] = {}
        for op_ir in operations:
            for p in op_ir.parameters:
                if p.client_option and p.python_name not in options:
                    options[p.python_name] = ClientOption(p.python_name, p.description)
        used = sorted(
            {o.result for o in operations if o.result != "None"}
            | {o.body.annotation for o in operations if o.body}
            | {e.model for o in operations for e in o.errors if e.model}
            | {o.paging.item for o in operations if o.paging and o.paging.item != "Any"}
        )
        rel = self.file.path.relative_to(self.tree.root)
        parts = [module_name(p) for p in rel.with_suffix("").parts]
        info = self.doc.get("info", {})
        api = Api(
            spec_file=rel.as_posix(),
            spec_hash=content_hash(self.doc),
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

    def _operation(
        self, route: str, method: str, op: dict[str, Any], shared: list[Any], name: str
    ) -> Operation:
        op_id = str(op.get("operationId") or f"{method} {route}")
        base = class_name(op_id, fallback="Call")
        params = self._parameters([*shared, *op.get("parameters", [])])
        body = self._body(op.get("requestBody"), base)
        result, result_doc, errors = self._responses(op.get("responses", {}), base)
        fields = None
        for err in errors:
            schema = self.schemas.get(err.model or "")
            if isinstance(schema, dict) and isinstance(schema.get("x-cloudnet-error-fields"), dict):
                fields = _error_fields(schema["x-cloudnet-error-fields"])
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
            paging=self._paging(op.get("x-cloudnet-pagination"), params, result),
            idempotency_token=op.get("x-cloudnet-idempotency-token"),
            error_codes=tuple(op.get("x-cloudnet-error-codes", [])),
        )

    def _paging(self, raw: Any, params: tuple[Parameter, ...], result: str) -> Paging | None:
        """``x-cloudnet-pagination`` with argument names and the item type resolved; None
        when it names a parameter the operation lacks (validation's lint reports that)."""
        if not isinstance(raw, dict) or raw.get("style") not in ("page", "offset"):
            return None
        by_wire = {p.name: p.python_name for p in params if p.is_argument}
        position = raw.get("page" if raw["style"] == "page" else "offset")
        size = raw.get("size" if raw["style"] == "page" else "limit")
        if position not in by_wire or size not in by_wire or not raw.get("items"):
            return None
        item = "Any"
        schema = self._deref(self.schemas.get(result, {}))
        field = schema.get("properties", {}).get(raw["items"]) if isinstance(schema, dict) else None
        ref = field.get("items", {}).get("$ref") if isinstance(field, dict) else None
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            item = ref[len(SCHEMA_REF) :]
        return Paging(
            style=raw["style"],
            position=by_wire[position],
            size=by_wire[size],
            items=str(raw["items"]),
            total=str(raw["total"]) if raw.get("total") else None,
            item=item,
        )

    def _deref(self, node: Any) -> Any:
        return resolve_local(self.doc, node)

    def _parameters(self, raw: list[Any]) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for item in raw:
            param = self._deref(item)
            if isinstance(param, dict) and "name" in param and "in" in param:
                merged[(str(param["name"]), str(param["in"]))] = param
        # ``body`` is the request body's argument and ``timeout``, ``max_retries``,
        # ``extra_headers`` and ``extra_query`` the per-call options; a client option's name is
        # also an argument of the client's __init__.
        python_names = unique(
            snake_name(name)
            + (
                "_"
                if snake_name(name) in _CALL_OPTION_NAMES
                or (p.get("x-cloudnet-client-option") and snake_name(name) in _INIT_NAMES)
                else ""
            )
            for (name, _), p in merged.items()
        )
        out = []
        for (name, where), python_name in zip(merged, python_names, strict=True):
            param = merged[(name, where)]
            schema = self._deref(param.get("schema", {}))
            required = bool(param.get("required", False)) or where == "path"
            enum = schema.get("enum") if isinstance(schema, dict) else None
            constant = None
            if required and isinstance(enum, list) and len(enum) == 1:
                constant = repr(enum[0])
            default = schema.get("default") if isinstance(schema, dict) else None
            annotation = self._python_type(schema)
            if required and default is not None and not isinstance(default, (list, dict)):
                arg_default: str | None = repr(default)
            elif required and not param.get("x-cloudnet-client-option"):
                arg_default = None
            else:
                annotation += " | None"
                arg_default = "None"
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
                    client_option=bool(param.get("x-cloudnet-client-option")),
                )
            )
        return tuple(out)

    def _python_type(self, schema: Any, depth: int = 0) -> str:
        schema = self._deref(schema)
        if not isinstance(schema, dict) or depth > 5:
            return "Any"
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, (str, int)) for v in enum):
            return "Literal[" + ", ".join(repr(v) for v in enum) + "]"  # bool is an int
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
        media = next((m for m in content if _is_json(m)), None)
        if media is None:
            return None
        model = self._hoist(content[media].get("schema", {}), base + "Request")
        return Body(
            annotation=model,
            required=bool(body.get("required", False)),
            description=str(body.get("description", "")),
            content_type=media,
        )

    def _responses(
        self, responses: dict[str, Any], base: str
    ) -> tuple[str, str, tuple[ErrorResponse, ...]]:
        result, result_doc = "None", ""
        errors: list[ErrorResponse] = []
        for status in sorted(responses, key=str):
            response = self._deref(responses[status])
            if not isinstance(response, dict):
                continue
            content = response.get("content", {})
            media = next((m for m in content if _is_json(m)), None)
            schema = content[media].get("schema") if media else None
            description = str(response.get("description", ""))
            code = str(status).upper()
            if code.startswith("2"):
                if result == "None" and schema is not None:
                    result = self._hoist(schema, base + "Response")
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
                )
                for (name, spec), python_name in zip(variables.items(), names, strict=True)
            ),
        )

    def _security_schemes(self) -> tuple[SecurityScheme, ...]:
        schemes = self.doc.get("components", {}).get("securitySchemes", {})
        out = []
        for name, raw in schemes.items():
            scheme = self._deref(raw)
            kind = scheme.get("x-cloudnet-auth") or ":".join(
                str(scheme.get(k)) for k in ("type", "scheme", "in") if scheme.get(k)
            )
            out.append(SecurityScheme(str(name), str(kind), str(scheme.get("description", ""))))
        return tuple(out)


def _is_json(media: str) -> bool:
    media = media.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _describe(param: dict[str, Any], schema: Any) -> str:
    text = str(param.get("description", "")).strip()
    if not text:
        text = f"The ``{param['name']}`` {param['in']} parameter."
    if isinstance(schema, dict) and "default" in schema:
        text += f" Default: {schema['default']!r}."
    return text.strip()


_ERROR_FIELD_KEYS = ("code", "message", "request_id")


def _error_fields(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """``x-cloudnet-error-fields``: only its known keys, each a dotted path or a list of them.
    Anything else is dropped, never printed into code."""
    out: dict[str, tuple[str, ...]] = {}
    for key in _ERROR_FIELD_KEYS:
        value = raw.get(key)
        paths = value if isinstance(value, list) else [value]
        if paths and all(isinstance(p, str) for p in paths):
            out[key] = tuple(str(path) for path in paths)
    return out


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
