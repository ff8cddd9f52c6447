"""The typed intermediate representation between the specs and the templates.

Plain frozen dataclasses. Every name, annotation and literal a template prints is already valid
Python here (computed by ``parse``); the templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Api",
    "Body",
    "ClientOption",
    "ErrorResponse",
    "Operation",
    "Paging",
    "Parameter",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "Value",
]


@dataclass(frozen=True)
class Value:
    """A value from the spec beside the Python source that writes it (openapi-python-client's
    ``Value``): stages that need the value read ``raw``, templates print ``code``."""

    raw: Any
    code: str

    @classmethod
    def of(cls, raw: str | int | float | bool | None) -> Value:
        """A JSON scalar and its literal."""
        return cls(raw, repr(raw))

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class ServerVariable:
    name: str
    python_name: str
    default: str
    description: str
    #: The values the variable may take (its ``enum``); empty: any string.
    enum: tuple[str, ...] = ()
    #: ``x-cloudnet-server-urls``: the server URL for some values, in place of the template.
    urls: tuple[tuple[str, str], ...] = ()

    @property
    def annotation(self) -> str:
        """``Literal[...]`` of the enum, else ``str``."""
        return f"Literal[{', '.join(map(repr, self.enum))}]" if self.enum else "str"


@dataclass(frozen=True)
class Server:
    url: str
    description: str
    variables: tuple[ServerVariable, ...] = ()

    @property
    def enums(self) -> dict[str, tuple[str, ...]]:
        """The variables that take only some values, and those values."""
        return {v.name: v.enum for v in self.variables if v.enum}

    @property
    def urls(self) -> dict[str, dict[str, str]]:
        """``x-cloudnet-server-urls`` by variable: the URL for a value, in place of ``url``."""
        return {v.name: dict(v.urls) for v in self.variables if v.urls}


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    #: ``x-cloudnet-auth`` (the signer the runtime uses), else the OpenAPI type and scheme.
    kind: str
    description: str

    @property
    def kind_literal(self) -> str:
        return repr(self.kind)


@dataclass(frozen=True)
class ClientOption:
    """A parameter the client takes once (``project_id``) and each call may override."""

    python_name: str
    description: str


@dataclass(frozen=True)
class Parameter:
    name: str
    python_name: str
    location: str
    required: bool
    annotation: str
    #: The argument's default, or None when the caller must pass it.
    default: Value | None
    description: str
    #: The value always sent (a pinned single-value enum such as ``Action``).
    constant: Value | None = None
    client_option: bool = False
    #: How it is written (OpenAPI ``style``, ``explode``; ``json`` for ``content``), raw.
    style: str = ""
    explode: bool = False
    #: The values of its ``enum`` (of its items' for an array), which ``annotation`` writes as a
    #: ``Literal``; empty when it has none.
    enum: tuple[Any, ...] = ()
    #: The model class of the enum its schema refers to (``$ref`` to a component), if any.
    enum_class: str | None = None
    #: The models' enums the argument takes beside the literals (``enumtypes``).
    enum_classes: tuple[str, ...] = ()

    @property
    def default_style(self) -> bool:
        """Written in its location's default style (``form`` exploded for query and cookie,
        ``simple`` for path and header), which the runtime assumes unless told."""
        if self.location in ("query", "cookie"):
            return self.style == "form" and self.explode
        return self.style == "simple" and not self.explode

    @property
    def is_argument(self) -> bool:
        return self.constant is None

    @property
    def value(self) -> str:
        """Python source of the value the generated method sends."""
        if self.constant is not None:
            return self.constant.code
        if self.client_option:
            return f"self._option({self.python_name!r}, {self.python_name})"
        return self.python_name


@dataclass(frozen=True)
class Body:
    annotation: str
    required: bool
    description: str
    content_type: str
    #: ``json``, ``form`` (urlencoded), ``multipart``, ``binary`` (bytes) or ``text``.
    encoding: str = "json"


@dataclass(frozen=True)
class Paging:
    """How to walk a paginated operation (``x-cloudnet-pagination``)."""

    style: str
    #: Python argument names of the page number (or offset) and the page size.
    position: str
    size: str
    #: Wire names of the response's item list and total count.
    items: str
    total: str | None
    #: The annotation of one item.
    item: str
    #: The client module's constant of the ``Pagination`` (``_LIST_ITEMS_PAGES``), unique beside
    #: the operations' own constants.
    constant: str = ""


@dataclass(frozen=True)
class ErrorResponse:
    status: str
    model: str | None
    description: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    constant_name: str
    http_method: str
    #: The URL path sent (an RPC action's ``#Action=…`` fragment dropped).
    path: str
    #: The spec's key in ``paths`` (``/#Action=DescribeVcoRouteEntries``).
    route: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body: Body | None
    #: The annotation of the success body (a model, ``bytes`` or ``str``); None: no body.
    result: str | None
    result_description: str
    errors: tuple[ErrorResponse, ...]
    error_fields: dict[str, tuple[str, ...]] | None
    security: tuple[tuple[str, ...], ...]
    paging: Paging | None = None
    idempotency_token: str | None = None
    error_codes: tuple[dict[str, Any], ...] = ()

    @property
    def arguments(self) -> tuple[Parameter, ...]:
        """The keyword arguments of the generated method: required ones first."""
        args = [p for p in self.parameters if p.is_argument]
        return tuple(sorted(args, key=lambda p: p.default is not None))

    @property
    def has_arguments(self) -> bool:
        return bool(self.arguments) or self.body is not None

    @property
    def result_annotation(self) -> str:
        """What the generated method returns, as an annotation."""
        return self.result or "None"

    def located(self, location: str) -> tuple[Parameter, ...]:
        """The parameters sent in ``location`` (path, query, header, cookie)."""
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class Api:
    #: The spec file, relative to the spec root (``huawei/vpcep.yaml``).
    spec_file: str
    #: Dotted subpackage below the distribution's package (``huawei.vpcep``).
    package: str
    client_class: str
    async_client_class: str
    title: str
    summary: str
    description: str
    version: str
    server: Server
    security_schemes: tuple[SecurityScheme, ...]
    operations: tuple[Operation, ...]
    client_options: tuple[ClientOption, ...] = ()
    #: Model class names the clients import from the models module.
    model_imports: tuple[str, ...] = field(default_factory=tuple)
