"""The realworld corpus (issue 14, section 3): spec trees shaped like the ones real teams ship.

``tests/fixtures/realworld/`` holds one folder per tree, each usable as ``--specs``: OpenAPI 3.1
and 3.0.x (3.0.0, 3.0.3, 3.0.4), multi-file trees with cross-file ``$ref``s, path items given as
``$ref``s, every parameter style, form and multipart bodies, discriminators, deep ``allOf``
chains, look-alike enum values, nullable fields both ways; ``negative/`` holds documents every
subcommand must refuse; ``make_large.py`` writes a multi-megabyte tree at test time.

For each tree: ``specgen validate``, ``generate``, import, one ``mypy --strict`` run over every
generated package, calls over ``httpx.MockTransport``, golden files, and the no-silent-drop
guard (every operation, parameter, body, JSON result and schema of the spec is in the client, or
a diagnostic was reported for it). After an intended output change, regenerate the goldens with
``.venv/bin/python -m tests.test_realworld --regen`` and review the diff.

What the toolchain cannot do yet is marked ``xfail(strict=True)`` with the reason: when the
support lands, the test passes, strict turns that into a failure, and the mark is removed (for a
tree of ``PENDING``: remove its entry and run ``--regen`` to give it golden files).

The large tree is small by default (still multi-file); ``CLOUDNET_LARGE=1`` makes it the full
1,224 operations (about 3 minutes on two busy cores).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from generator.cli import main as specgen_main
from generator.diagnostics import Diagnostic, format_diagnostic
from generator.generate import GenerateResult, build
from generator.ir.naming import class_name, module_name, snake_name
from generator.openapi import tree as openapi_tree
from generator.openapi.yamlload import LoadedFile, load_file
from generator.output import MANIFEST, compare, read_tree
from generator.validate import validate_tree

REPO = Path(__file__).resolve().parent.parent
REALWORLD = REPO / "tests" / "fixtures" / "realworld"
NEGATIVE = REALWORLD / "negative"
GOLDEN = REPO / "tests" / "fixtures" / "golden" / "realworld"
BIN = Path(sys.executable).parent

#: The trees, by folder name, and why one cannot be generated as it should yet (None: it can).
TREES: dict[str, str | None] = {
    "store31": None,
    "pathitems31": None,
    "webhooks31": None,
    "components31": None,
    "billing30": None,
    "classic300": None,
    "edge304": None,
}
PENDING = {name: reason for name, reason in TREES.items() if reason}
#: The trees `specgen validate` must accept, and the ones it accepts today.
VALIDATE_PENDING: dict[str, str] = {}


def _marked(names: dict[str, str | None] | list[str], pending: dict[str, str]) -> list[Any]:
    return [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=pending[name])] if name in pending else [],
        )
        for name in names
    ]


def package_of(tree: str) -> str:
    return "rw_" + tree


# -- building each tree once ---------------------------------------------------------------------


@dataclass
class Built:
    tree: str
    result: GenerateResult
    out: Path | None  # the written distribution, when generation succeeded

    def module(self, api: str) -> ModuleType:
        """``rw_<tree>.<api>`` (the API's subpackage), imported from the written output."""
        assert self.out is not None, self.failure()
        return importlib.import_module(f"{package_of(self.tree)}.{api}")

    def failure(self) -> str:
        return "\n".join(format_diagnostic(d, REPO) for d in self.result.diagnostics)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Built]]:
    root = tmp_path_factory.mktemp("realworld")

    @functools.cache
    def make(tree: str) -> Built:
        result = build(REALWORLD / tree, package_of(tree), package_of(tree).replace("_", "-"))
        if not result.ok:
            return Built(tree, result, None)
        out = root / tree
        for rel, text in result.files.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        sys.path.insert(0, str(out))
        return Built(tree, result, out)

    yield make
    for path in [str(root / tree) for tree in TREES]:
        if path in sys.path:
            sys.path.remove(path)


class _Token(httpx.Auth):
    """A bearer token: the corpus' generic schemes (API key, bearer) have no credential class of
    cloudnet's, so the client takes an ``auth=`` for them; without one it sends nothing."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer test-token"
        yield request


def _client(module: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    """The API's synchronous client over a MockTransport."""
    transport = httpx.Client(transport=httpx.MockTransport(handler))
    return _client_class(module)(http_client=transport, auth=_Token())


def _root(module: ModuleType) -> ModuleType:
    """The generated package a subpackage belongs to (it exports the runtime's errors)."""
    return importlib.import_module(module.__name__.split(".")[0])


class Recorder:
    """A MockTransport handler that keeps the requests and answers with one canned response."""

    def __init__(self, status: int = 200, body: Any = None, content_type: str = "") -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.body = status, body
        self.content_type = content_type or "application/json"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(
            self.status,
            content=json.dumps(self.body).encode(),
            headers={"Content-Type": self.content_type},
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


# -- validate ------------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    """``specgen ARGS`` in this process (no interpreter start-up per call)."""
    done = CliRunner().invoke(specgen_main, list(args), catch_exceptions=True)
    text = done.output
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        text += f"\n{type(done.exception).__name__}: {done.exception}"
    return done.exit_code, text


@pytest.mark.parametrize("tree", _marked(TREES, VALIDATE_PENDING))
def test_validate_accepts_the_tree(tree: str) -> None:
    files = sum(1 for p in (REALWORLD / tree).rglob("*.yaml"))
    code, text = _run("validate", "--specs", str(REALWORLD / tree))
    counted = f"{files} file" + ("s" if files != 1 else "")
    assert (code, text.strip()) == (0, f"0 errors, 0 warnings in {counted}"), text


# -- generate, import, mypy ----------------------------------------------------------------------


def _operation_ids(tree: str) -> dict[str, list[str]]:
    """operationIds of each API document of a tree (by its module path), path items and
    ``components/pathItems`` followed."""
    out: dict[str, list[str]] = {}
    for doc in _api_documents(tree):
        ids = [str(op.node.get("operationId")) for op in _operations(_specs(tree), doc)]
        out[_api_module(tree, doc)] = ids
    return out


@pytest.mark.parametrize("tree", _marked(TREES, PENDING))
def test_generate_makes_a_method_per_operation(tree: str, built: Callable[[str], Built]) -> None:
    made = built(tree)
    assert made.out is not None, made.failure()
    expected = _operation_ids(tree)
    assert {api.package for api in made.result.apis} == set(expected)
    for api, ids in expected.items():
        module = made.module(api)
        if not ids:  # a document without paths: models only
            continue
        cls = _client_class(module)
        methods = {
            n
            for n, v in vars(cls).items()
            if inspect.isfunction(v) and n not in ("__init__", "with_options")
        }
        assert methods == {snake_name(i) for i in ids}, api


@pytest.mark.full  # mypy --strict over seven packages: CI
def test_mypy_strict_over_every_generated_package(built: Callable[[str], Built]) -> None:
    """One mypy process over every tree that generates (each its own distribution folder)."""
    made = [built(tree) for tree in TREES]
    outs = [m for m in made if m.out is not None]
    assert "store31" in [m.tree for m in outs]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(m.out) for m in outs)}
    args = [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull]
    for m in outs:
        args += ["-p", package_of(m.tree)]
    done = subprocess.run(args, cwd=outs[0].out, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# -- golden files --------------------------------------------------------------------------------


def _golden_output(result: GenerateResult) -> dict[str, str]:
    # The runtime is a copy and the manifest hashes the toolchain: neither belongs in a golden.
    return {
        rel: text for rel, text in result.files.items() if rel != MANIFEST and "/_core/" not in rel
    }


@pytest.mark.parametrize("tree", [t for t in TREES if t not in PENDING])
def test_golden_output(tree: str, built: Callable[[str], Built]) -> None:
    made = built(tree)
    assert made.out is not None, made.failure()
    stale = compare(read_tree(GOLDEN / tree), _golden_output(made.result))
    assert not stale, (
        "golden output differs; regenerate with `.venv/bin/python -m tests.test_realworld "
        "--regen` and review:\n" + "\n".join(f"{s.path}: {s.state}\n{s.diff}" for s in stale)
    )


def _regen() -> None:
    for tree in TREES:
        if tree in PENDING:
            continue
        result = build(REALWORLD / tree, package_of(tree), package_of(tree).replace("_", "-"))
        assert result.ok, result.diagnostics
        expected = GOLDEN / tree
        shutil.rmtree(expected, ignore_errors=True)
        for rel, text in _golden_output(result).items():
            target = expected / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        print(f"regenerated {expected.relative_to(REPO)}")


# -- the enum default through allOf ------------------------------------------------------------


def test_an_enum_default_is_the_member(built: Callable[[str], Built]) -> None:
    """``{allOf: [$ref AnAllOfEnum], default: a_default}`` (and a ``$ref`` with a ``default``
    beside it): the field's default is ``AnAllOfEnum.A_DEFAULT``, not the string, which
    mypy --strict rejects (``test_mypy_strict_over_every_generated_package``)."""
    made = built("store31")
    models = made.module("store").models
    source = (made.out / "rw_store31" / "store" / "models.py").read_text()  # type: ignore[operator]
    assert "an_optional_allof_enum: AnAllOfEnum | None = AnAllOfEnum.A_DEFAULT" in source
    assert "a_ref_sibling_enum: AnAllOfEnum | None = AnAllOfEnum.BAR" in source
    order = models.NewOrder(items=[models.OrderLine(product_id="p", quantity=1)])
    assert order.an_optional_allof_enum is models.AnAllOfEnum.A_DEFAULT
    assert order.a_ref_sibling_enum is models.AnAllOfEnum.BAR
    assert order.to_dict() == {"items": [{"productId": "p", "quantity": 1}]}


def test_enum_member_defaults_only_where_the_member_is_certain() -> None:
    from generator.render.models import _enum_member_defaults

    source = (
        "class Color(StrEnum):\n    RED = 'red'\n    RED_1 = 'Red'\n\n\n"
        "class Level(IntEnum):\n    ONE = 1\n\n\n"
        "class Shade(StrEnum):\n    RED = 'red'\n\n\n"
        "class Paint(Model):\n"
        "    a: Color | None = 'Red'\n"
        "    b: Annotated[Level | None, Field(alias='B')] = 1\n"
        "    c: Color | None = 'blue'\n"  # not a member: left as it is
        "    d: Color | Shade | None = 'red'\n"  # two enums hold it: left as it is
        "    e: StrictStr | None = 'red'\n"
        "    f: Level | None = True\n"
    )
    assert _enum_member_defaults(source).splitlines()[-6:] == [
        "    a: Color | None = Color.RED_1",
        "    b: Annotated[Level | None, Field(alias='B')] = Level.ONE",
        "    c: Color | None = 'blue'",
        "    d: Color | Shade | None = 'red'",
        "    e: StrictStr | None = 'red'",
        "    f: Level | None = True",
    ]


# -- calls over MockTransport: store31 -----------------------------------------------------------

_ORDER = {
    "id": "ord_1",
    "status": "paid",
    "items": [
        {"productId": "prod_1", "quantity": 2, "unitPrice": {"amount": "5", "currency": "EUR"}}
    ],
    "flags": ["gift", "fragile"],
    "note": None,
    "total": {"amount": "10.00", "currency": "EUR"},
    "discount": None,
    "parent": None,
    "statusHistory": ["pending", "paid"],
    "metadata": {"source": "web", "score": 3},
    "an_optional_allof_enum": "foo",
}


@pytest.fixture(scope="module")
def store(built: Callable[[str], Built]) -> ModuleType:
    return built("store31").module("store")


def test_list_orders_query_headers_server_and_page(store: ModuleType) -> None:
    rec = Recorder(200, {"items": [_ORDER], "next": None})
    page = _client(store, rec).list_orders(
        status=["paid", "shipped"], sort="asc", limit=5, x_trace_id="t-1"
    )
    sent = rec.last
    assert sent.method == "GET"
    assert str(sent.url).split("?")[0] == "https://eu-west.store.example.com/v2/orders"
    assert sent.url.params.multi_items() == [
        ("limit", "5"),
        ("status", "paid"),
        ("status", "shipped"),
        ("sort", "asc"),
    ]
    assert sent.headers["X-Trace-Id"] == "t-1"
    order = page.items[0]
    assert order.status is store.models.OrderStatus.PAID
    assert order.flags == [store.models.NewOrderFlag.GIFT, store.models.NewOrderFlag.FRAGILE]
    assert order.total.currency is store.models.Currency.EUR
    assert order.discount is None and order.parent is None and page.next is None
    assert order.metadata.model_extra == {"source": "web", "score": 3}
    assert order.an_optional_allof_enum is store.models.AnAllOfEnum.FOO


def test_server_variables_and_path_level_parameters(store: ModuleType) -> None:
    rec = Recorder(201, _ORDER)
    client = store.StoreClient(
        region="us-east",
        base_path="v3",
        http_client=httpx.Client(transport=httpx.MockTransport(rec)),
        auth=_Token(),
    )
    client.create_order(
        body=store.models.NewOrder(items=[store.models.OrderLine(product_id="p", quantity=1)]),
        limit=7,
    )
    assert str(rec.last.url) == "https://us-east.store.example.com/v3/orders?limit=7"
    # The path-level limit and the operation's own: one argument, the operation's.
    listed = inspect.signature(client.list_orders).parameters
    assert [n for n in listed if n == "limit"] == ["limit"]
    assert "x_trace_id" in inspect.signature(client.create_order).parameters


def test_server_variable_enum_is_typed(store: ModuleType) -> None:
    regions = typing.Literal["eu-west", "us-east", "ap-south"]
    init = inspect.signature(store.StoreClient.__init__).parameters["region"]
    # As written, and as a type checker reads it.
    assert init.annotation == "Literal['eu-west', 'us-east', 'ap-south']"
    assert init.default == "eu-west"
    assert typing.get_type_hints(store.StoreClient.__init__)["region"] == regions
    assert typing.get_type_hints(store.StoreClient.with_options)["region"] == regions | None
    # A variable without an enum takes any string.
    assert typing.get_type_hints(store.StoreClient.__init__)["base_path"] is str


def test_create_order_sends_json(store: ModuleType) -> None:
    rec = Recorder(201, _ORDER)
    models = store.models
    body = models.NewOrder(
        items=[models.OrderLine(product_id="p1", quantity=2)],
        flags=[models.NewOrderFlag.EXPRESS],
        note=None,
        separator=models.Separator.a_b_1,
    )
    order = _client(store, rec).create_order(body=body)
    assert rec.last.method == "POST"
    assert rec.last.headers["Content-Type"] == "application/json"
    assert json.loads(rec.last.content) == {
        "items": [{"productId": "p1", "quantity": 2}],
        "flags": ["express"],
        "note": None,
        "separator": "a_b",
    }
    assert isinstance(order, models.Order) and order.id == "ord_1"


def test_look_alike_enum_values_stay_apart(store: ModuleType) -> None:
    models = store.models
    assert [m.value for m in models.SortOrder] == ["ASC", "asc", "DESC", "desc"]
    assert [m.value for m in models.TimeZone] == ["GMT0", "GMT+0", "GMT-0", "UTC", "Etc/GMT+1"]
    assert [m.value for m in models.Separator] == ["a-b", "a_b", "a.b", "a b"]
    assert len({m.name for m in models.Separator}) == 4


def test_discriminated_union_deep_allof_and_maps(store: ModuleType) -> None:
    models = store.models
    pet = _client(store, Recorder(200, {"petType": "dog", "name": "Rex", "packSize": 3}))
    dog = pet.get_product_pet(product_id=7).root
    assert isinstance(dog, models.Dog) and dog.pack_size == 3
    cat = _client(store, Recorder(200, {"petType": "cat", "name": "Tom"})).get_product_pet(
        product_id=7
    )
    assert isinstance(cat.root, models.Cat)
    products = _client(
        store,
        Recorder(
            200,
            [
                {
                    "id": "prod_1",
                    "name": "E-book",
                    "price": {"amount": "3.00", "currency": "GBP"},
                    "downloadUrl": "https://cdn.example.com/e.pdf",
                }
            ],
        ),
    ).list_products(tz="GMT+0")
    (product,) = products.root
    assert isinstance(product, models.Resource)  # DigitalProduct <- Product <- Named <- Resource
    assert (product.id, product.name, product.download_url) == (
        "prod_1",
        "E-book",
        "https://cdn.example.com/e.pdf",
    )
    settings = _client(
        store,
        Recorder(200, {"locale": "en-GB", "limits": {"orders": 5}, "extra": {"a": [1]}}),
    ).get_settings()
    assert settings.limits == {"orders": 5}
    assert settings.extra.model_extra == {"a": [1]}
    surprise = _client(store, Recorder(200, {"locale": "en", "surprise": 1})).get_settings()
    (issue,) = _root(store).validation_issues(surprise)  # additionalProperties: false
    assert (issue.location, issue.got, issue.kind) == (("surprise",), 1, "extra_forbidden")
    assert surprise.locale == "en" and surprise.model_extra == {"surprise": 1}
    with pytest.raises(_root(store).APIResponseValidationError):
        _client(store, Recorder(200, {"locale": "en", "surprise": 1})).get_settings(strict=True)


def test_one_of_body_any_of_response(store: ModuleType) -> None:
    models = store.models
    rec = Recorder(201, {"id": "r1", "paidWith": {"iban": "DE00"}, "reference": 42})
    receipt = _client(store, rec).create_payment(
        body=models.PaymentMethod(models.Card(card_number="4111111111111111"))
    )
    assert json.loads(rec.last.content) == {"cardNumber": "4111111111111111"}
    assert isinstance(receipt.paid_with.root, models.BankTransfer)
    assert receipt.reference == 42


def test_no_content_and_problem_errors(store: ModuleType) -> None:
    rec = Recorder(204)
    assert _client(store, rec).cancel_order(order_id="ord_1") is None
    assert (rec.last.method, rec.last.url.path) == ("DELETE", "/v2/orders/ord_1")
    problem = Recorder(
        404, {"type": "about:blank", "title": "No such order"}, "application/problem+json"
    )
    with pytest.raises(_root(store).NotFoundError) as raised:
        _client(store, problem).get_order(order_id="ord_9", if_none_match='"abc"')
    assert isinstance(raised.value.body, store.models.Problem)
    assert problem.last.headers["If-None-Match"] == '"abc"'


def test_cookie_parameter_is_sent(store: ModuleType) -> None:
    rec = Recorder(200, _ORDER)
    _client(store, rec).get_order(order_id="ord_1", session="s3cr3t")
    assert rec.last.headers.get("Cookie") == "session=s3cr3t"


def test_form_body_is_url_encoded(store: ModuleType) -> None:
    rec = Recorder(200, {"text": "hi", "priority": 2})
    body = store.models.AddOrderNoteRequest(text="hi", priority=2, labels=["a", "b"])
    note = _client(store, rec).add_order_note(order_id="ord_1", body=body)
    assert rec.last.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert httpx.QueryParams(rec.last.content.decode()).multi_items() == [
        ("text", "hi"),
        ("priority", "2"),
        ("labels", "a"),
        ("labels", "b"),
    ]
    assert note.priority == 2


def test_multipart_body_with_a_file(store: ModuleType) -> None:
    rec = Recorder(201, {"id": "att_1", "size": 4})
    body = store.models.UploadAttachmentRequest.model_validate(
        {"file": b"%PDF", "description": "scan", "meta": {"k": "v"}}
    )
    _client(store, rec).upload_attachment(order_id="ord_1", body=body)
    content_type = rec.last.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = rec.last.content
    assert b'name="file"' in raw and b"%PDF" in raw
    assert b'name="description"' in raw and b"scan" in raw
    assert b'name="meta"' in raw and b"Content-Type: application/json" in raw


_COLORS = ["blue", "black", "brown"]
_RGB = {"R": 100, "G": 200, "B": 150}
# (argument, value, the query pairs OpenAPI's style table gives), by style.
_QUERY: dict[str, tuple[str, Any, list[tuple[str, str]], str | None]] = {
    "form-explode": (
        "form_explode",
        _COLORS,
        [("formExplode", "blue"), ("formExplode", "black"), ("formExplode", "brown")],
        None,
    ),
    "form": ("form_flat", _COLORS, [("formFlat", "blue,black,brown")], None),
    "spaceDelimited": ("space_flat", _COLORS, [("spaceFlat", "blue black brown")], None),
    "spaceDelimited-explode": (
        "space_explode",
        _COLORS,
        [("spaceExplode", "blue"), ("spaceExplode", "black"), ("spaceExplode", "brown")],
        None,
    ),
    "pipeDelimited": ("pipe_flat", _COLORS, [("pipeFlat", "blue|black|brown")], None),
    "pipeDelimited-explode": (
        "pipe_explode",
        _COLORS,
        [("pipeExplode", "blue"), ("pipeExplode", "black"), ("pipeExplode", "brown")],
        None,
    ),
    "deepObject": (
        "deep",
        _RGB,
        [("deep[R]", "100"), ("deep[G]", "200"), ("deep[B]", "150")],
        None,
    ),
    "form-explode-object": (
        "form_object",
        _RGB,
        [("R", "100"), ("G", "200"), ("B", "150")],
        None,
    ),
    "form-object": (
        "form_object_flat",
        _RGB,
        [("formObjectFlat", "R,100,G,200,B,150")],
        None,
    ),
}


@pytest.mark.parametrize(
    "style",
    [
        pytest.param(k, marks=[pytest.mark.xfail(strict=True, reason=v[3])] if v[3] else [])
        for k, v in _QUERY.items()
    ],
)
def test_query_style(store: ModuleType, style: str) -> None:
    argument, value, pairs, _ = _QUERY[style]
    rec = Recorder(204)
    _client(store, rec).query_styles(**{argument: value})
    assert rec.last.url.params.multi_items() == pairs


# (method, the path OpenAPI's style table gives), by style.
_PATHS: dict[str, tuple[str, Any, str]] = {
    "simple": ("path_simple", _COLORS, "/v2/styles/simple/blue,black,brown"),
    "simple-explode": ("path_simple_explode", _RGB, "/v2/styles/simple-explode/R=100,G=200,B=150"),
    "label": ("path_label", _COLORS, "/v2/styles/label/.blue,black,brown"),
    "label-explode": ("path_label_explode", _COLORS, "/v2/styles/label-explode/.blue.black.brown"),
    "matrix": ("path_matrix", _COLORS, "/v2/styles/matrix/;color=blue,black,brown"),
    "matrix-explode": (
        "path_matrix_explode",
        _COLORS,
        "/v2/styles/matrix-explode/;color=blue;color=black;color=brown",
    ),
}


@pytest.mark.parametrize("style", _PATHS)
def test_path_style(store: ModuleType, style: str) -> None:
    method, value, path = _PATHS[style]
    rec = Recorder(204)
    getattr(_client(store, rec), method)(color=value)
    assert rec.last.url.path == path


def test_header_styles(store: ModuleType) -> None:
    rec = Recorder(204)
    _client(store, rec).header_styles(x_colors=_COLORS, x_rgb=_RGB)
    assert rec.last.headers["X-Colors"] == "blue,black,brown"
    assert rec.last.headers["X-Rgb"] == "R=100,G=200,B=150"


def test_cookie_style(store: ModuleType) -> None:
    rec = Recorder(204)
    _client(store, rec).header_styles(theme="dark")
    assert rec.last.headers.get("Cookie") == "theme=dark"


# -- calls: the other trees ----------------------------------------------------------------------


def test_inline_path_item_next_to_referenced_ones(built: Callable[[str], Built]) -> None:
    inventory = built("pathitems31").module("inventory")
    rec = Recorder(200, {"ok": True})
    assert _client(inventory, rec).ping().ok is True
    assert str(rec.last.url) == "https://inventory.example.com/api/ping"


def test_path_items_from_another_file_and_components(built: Callable[[str], Built]) -> None:
    inventory = built("pathitems31").module("inventory")
    rec = Recorder(200, [{"sku": "A-1", "quantity": 3, "reserved": None}])
    client = _client(inventory, rec)
    (level,) = client.list_stock(warehouse_id="w1", below_threshold=True).root
    assert str(rec.last.url) == (
        "https://inventory.example.com/api/warehouses/w1/stock?belowThreshold=true"
    )
    assert (level.sku, level.quantity, level.reserved) == ("A-1", 3, None)
    rec.body = {"sku": "A-1", "quantity": 1}
    assert client.get_stock_item(warehouse_id="w1", sku="A-1").quantity == 1
    assert rec.last.url.path == "/api/warehouses/w1/stock/A-1"
    rec.body = [{"at": "2026-01-01T00:00:00Z", "action": "delete"}]
    (event,) = client.list_audit_events(since="2026-01-01T00:00:00Z").root
    assert event.action.value == "delete"


def test_billing30_nullable_refs_and_discriminator(built: Callable[[str], Built]) -> None:
    billing = built("billing30").module("billing")
    body = {
        "id": "in_1",
        "status": "open",
        "lines": [{"amount": 5, "description": None}],
        "customer": None,
        "discount": {"percent_off": 12.5},
        "payment": {"method": "card", "last4": "4242"},
    }
    rec = Recorder(200, body)
    invoice = _client(billing, rec).retrieve_invoice(invoice="in_1", expand=["lines"])
    assert str(rec.last.url) == "https://api.billing.example.net/v1/invoices/in_1?expand=lines"
    assert invoice.customer is None and invoice.lines[0].description is None
    assert invoice.discount.percent_off == 12.5
    assert isinstance(invoice.payment.root, billing.models.CardPayment)


def test_classic300_path_level_parameter_and_allof(built: Callable[[str], Built]) -> None:
    pets = built("classic300").module("pets")
    rec = Recorder(200, [{"name": "Tom", "petType": "Cat", "birthDate": None}])
    (pet,) = _client(pets, rec).list_owner_pets(owner_id=3, kind="cat").root
    assert str(rec.last.url) == "http://clinic.example.org/api/owners/3/pets?kind=cat"
    assert pet.birth_date is None


def test_edge304_server_enum_and_nullable_enum(built: Callable[[str], Built]) -> None:
    tickets = built("edge304").module("tickets")
    rec = Recorder(200, [{"id": 1, "subject": "Printer", "priority": None, "escalation": None}])
    (ticket,) = _client(tickets, rec).search_tickets(assignee="ann").root
    assert str(rec.last.url) == "https://demo.helpdesk.example.io/api/v2/tickets?assignee=ann"
    assert ticket.priority is None and ticket.escalation is None


@pytest.mark.parametrize("tree", _marked(["webhooks31", "components31"], PENDING))
def test_documents_without_paths_give_models(tree: str, built: Callable[[str], Built]) -> None:
    made = built(tree)
    assert made.out is not None, made.failure()
    api = {"webhooks31": "events", "components31": "catalog"}[tree]
    models = made.module(api).models
    names = {"webhooks31": ("OrderPaidEvent", "PaidOrder"), "components31": ("Category",)}
    for name in names[tree]:
        assert issubclass(getattr(models, name), _root(made.module(api)).Model)


# -- the no-silent-drop guard --------------------------------------------------------------------

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Node:
    """A node of the spec tree and where it is."""

    file: LoadedFile
    path: tuple[str | int, ...]
    node: Any

    @property
    def line(self) -> int:
        return self.file.location(self.path).line


class Specs:
    """The spec files of one tree, loaded once, with ``$ref``s followed by hand (the guard
    does not trust the generator's own bundler)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, LoadedFile] = {}

    def load(self, path: Path) -> LoadedFile:
        path = path.resolve()
        if path not in self.files:
            self.files[path] = load_file(path)
        return self.files[path]

    def resolve(self, at: Node) -> Node:
        seen = 0
        while isinstance(at.node, dict) and isinstance(at.node.get("$ref"), str):
            seen += 1
            assert seen < 50, f"$ref loop at {at.file.path}"
            target, _, pointer = at.node["$ref"].partition("#")
            file = self.load(at.file.path.parent / target) if target else at.file
            node: Any = file.data
            path: tuple[str | int, ...] = ()
            for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
                key: str | int = int(part) if isinstance(node, list) else part
                node = node[key]
                path += (key,)
            at = Node(file, path, node)
        return at


@dataclass(frozen=True)
class Operation:
    route: str
    method: str
    node: dict[str, Any]
    at: Node
    shared: list[Node]


def _api_documents(tree: str) -> list[Node]:
    """The documents of a tree that must give a subpackage: those with paths or webhooks; in a
    tree with neither, the components-only ones (elsewhere those are shared pieces, like the
    vendor ``common.yaml`` files)."""
    specs = _specs(tree)
    documents = []
    for path in sorted((REALWORLD / tree).rglob("*.yaml")):
        file = specs.load(path)
        if isinstance(file.data, dict) and "openapi" in file.data:
            documents.append(Node(file, (), file.data))
    with_operations = [d for d in documents if d.node.get("paths") or d.node.get("webhooks")]
    return with_operations or [d for d in documents if d.node.get("components")]


@functools.cache
def _specs(tree: str) -> Specs:
    return Specs(REALWORLD / tree)


def _api_module(tree: str, doc: Node) -> str:
    rel = doc.file.path.relative_to((REALWORLD / tree).resolve()).with_suffix("")
    return ".".join(module_name(p) for p in rel.parts)


def _operations(specs: Specs, doc: Node, section: str = "paths") -> Iterator[Operation]:
    for route, raw in (doc.node.get(section) or {}).items():
        item = specs.resolve(Node(doc.file, (section, route), raw))
        params = item.node.get("parameters") or []
        shared = [
            specs.resolve(Node(item.file, (*item.path, "parameters", i), p))
            for i, p in enumerate(params)
        ]
        for method in HTTP_METHODS:
            op = item.node.get(method)
            if isinstance(op, dict):
                yield Operation(
                    route, method, op, Node(item.file, (*item.path, method), op), shared
                )


@dataclass(frozen=True)
class Item:
    """Something of the spec the client must have: what, where, and the names a diagnostic
    about it would mention."""

    what: str
    at: Node
    names: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.at.file.path.relative_to(REALWORLD)}:{self.at.line}: {self.what}"


def _schema_names(specs: Specs, at: Node, found: dict[str, Node], seen: set[int]) -> None:
    """Every named schema (a component or a key of a fragment file) reached from ``at``."""
    if id(at.node) in seen:
        return
    seen.add(id(at.node))
    node = at.node
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target = specs.resolve(at)
        name = target.path[-1] if target.path else None
        named = target.path[:-1] in (("components", "schemas"), ())
        if named and isinstance(name, str):
            found.setdefault(name, target)
        _schema_names(specs, target, found, seen)
        return
    if not isinstance(node, dict):
        return
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            _schema_names(specs, Node(at.file, (*at.path, key), node[key]), found, seen)
    for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
        for i, sub in enumerate(node.get(key) or []):
            _schema_names(specs, Node(at.file, (*at.path, key, i), sub), found, seen)
    for name, sub in (node.get("properties") or {}).items():
        _schema_names(specs, Node(at.file, (*at.path, "properties", name), sub), found, seen)


def _is_json(media: str) -> bool:
    media = media.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _walk(tree: str) -> dict[str, list[tuple[Item, Callable[[ModuleType], bool]]]]:
    """Per API module: each item of the spec and the check that finds it in the module."""
    specs = _specs(tree)
    out: dict[str, list[tuple[Item, Callable[[ModuleType], bool]]]] = {}
    for doc in _api_documents(tree):
        items: list[tuple[Item, Callable[[ModuleType], bool]]] = []
        schemas: dict[str, Node] = {}
        seen: set[int] = set()
        for section in ("paths", "webhooks"):
            for op in _operations(specs, doc, section):
                op_id = str(op.node.get("operationId", ""))
                method = snake_name(op_id)

                if section == "paths":

                    def has_method(module: ModuleType, m: str = method) -> bool:
                        return _signature(module, m) is not None

                    items.append((Item(f"operation {op_id}", op.at, (op_id,)), has_method))
                merged: dict[tuple[str, str], Node] = {}
                own = op.node.get("parameters") or []
                for param in [
                    *op.shared,
                    *(
                        specs.resolve(Node(op.at.file, (*op.at.path, "parameters", i), p))
                        for i, p in enumerate(own)
                    ),
                ]:
                    merged[(param.node["name"], param.node["in"])] = param
                for (name, where), param in merged.items():
                    schema = param.node.get("schema")
                    if isinstance(schema, dict):
                        _schema_names(
                            specs, Node(param.file, (*param.path, "schema"), schema), schemas, seen
                        )
                    if section != "paths":
                        continue
                    constant = (
                        param.node.get("required")
                        and isinstance(schema, dict)
                        and len(specs.resolve(Node(param.file, (), schema)).node.get("enum") or [])
                        == 1
                    )

                    def has_param(
                        module: ModuleType, n: str = name, c: bool = bool(constant), m: str = method
                    ) -> bool:
                        sig = _signature(module, m)
                        return sig is not None and (c or snake_name(n) in sig.parameters)

                    items.append(
                        (
                            Item(f"{op_id}: parameter {name!r} ({where})", param, (op_id, name)),
                            has_param,
                        )
                    )
                body = op.node.get("requestBody")
                if body is not None:
                    body_at = specs.resolve(Node(op.at.file, (*op.at.path, "requestBody"), body))
                    for media, content in (body_at.node.get("content") or {}).items():
                        if isinstance(content.get("schema"), dict):
                            _schema_names(
                                specs,
                                Node(
                                    body_at.file,
                                    (*body_at.path, "content", media, "schema"),
                                    content["schema"],
                                ),
                                schemas,
                                seen,
                            )
                    if section == "paths":

                        def has_body(module: ModuleType, m: str = method) -> bool:
                            sig = _signature(module, m)
                            return sig is not None and "body" in sig.parameters

                        items.append((Item(f"{op_id}: request body", body_at, (op_id,)), has_body))
                for status, raw in (op.node.get("responses") or {}).items():
                    response = specs.resolve(
                        Node(op.at.file, (*op.at.path, "responses", str(status)), raw)
                    )
                    for media, content in (response.node.get("content") or {}).items():
                        schema = content.get("schema")
                        if not isinstance(schema, dict):
                            continue
                        _schema_names(
                            specs,
                            Node(
                                response.file, (*response.path, "content", media, "schema"), schema
                            ),
                            schemas,
                            seen,
                        )
                        if section == "paths" and str(status).startswith("2") and _is_json(media):

                            def has_result(module: ModuleType, m: str = method) -> bool:
                                sig = _signature(module, m)
                                return sig is not None and sig.return_annotation not in (
                                    "None",
                                    None,
                                )

                            items.append(
                                (
                                    Item(
                                        f"{op_id}: {status} JSON response body", response, (op_id,)
                                    ),
                                    has_result,
                                )
                            )
        own_schemas = (doc.node.get("components") or {}).get("schemas") or {}
        for name, raw in own_schemas.items():
            schemas.setdefault(name, Node(doc.file, ("components", "schemas", name), raw))
            _schema_names(
                specs, Node(doc.file, ("components", "schemas", name), raw), schemas, seen
            )
        for name, at in schemas.items():

            def has_model(module: ModuleType, cls: str = class_name(name)) -> bool:
                return isinstance(getattr(module.models, cls, None), type)

            items.append((Item(f"schema {name}", at, (name,)), has_model))
        out[_api_module(tree, doc)] = items
    return out


def _signature(module: ModuleType, method: str) -> inspect.Signature | None:
    fn = getattr(_client_class(module), method, None)
    return inspect.signature(fn) if fn is not None else None


def _client_class(module: ModuleType) -> type[Any]:
    name = next(n for n in module.__all__ if n.endswith("Client") and not n.startswith("Async"))
    cls: type[Any] = getattr(module, name)
    return cls


def _reported(item: Item, diagnostics: list[Diagnostic]) -> bool:
    """A warning or an error about the item: at its line, or naming it."""
    for diag in diagnostics:
        if not diag.rule:
            continue
        if diag.location.file == item.at.file.path and diag.location.line == item.at.line:
            return True
        if any(name and re.search(rf"\b{re.escape(name)}\b", diag.message) for name in item.names):
            return True
    return False


@functools.cache
def _validated(tree: str) -> tuple[Diagnostic, ...]:
    return tuple(validate_tree(REALWORLD / tree).diagnostics)


def _dropped(tree: str, made: Built) -> list[str]:
    diagnostics = [*_validated(tree), *made.result.diagnostics]
    missing = []
    for api, items in _walk(tree).items():
        module = made.module(api) if made.out is not None else None
        for item, present in items:
            if (module is None or not present(module)) and not _reported(item, diagnostics):
                missing.append(str(item))
    return missing


@pytest.mark.parametrize("tree", _marked(TREES, PENDING))
def test_nothing_is_dropped_silently(tree: str, built: Callable[[str], Built]) -> None:
    missing = _dropped(tree, built(tree))
    assert not missing, "in the spec, not in the client, and no diagnostic:\n" + "\n".join(missing)


def test_the_guard_sees_a_drop(
    built: Callable[[str], Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard itself: a method, an argument and a model taken out of the generated store
    client are each reported."""
    made = built("store31")
    module = made.module("store")
    cls = _client_class(module)
    monkeypatch.delattr(cls, "get_settings")
    monkeypatch.delattr(module.models, "Separator")
    original = cls.list_orders

    def list_orders(self: Any, *, limit: int | None = None) -> Any:
        return original(self, limit=limit)

    list_orders.__annotations__["return"] = "OrderPage"
    monkeypatch.setattr(cls, "list_orders", list_orders)
    missing = _dropped("store31", made)
    assert any(m.endswith(": operation getSettings") for m in missing), missing
    assert any(m.endswith(": getSettings: 200 JSON response body") for m in missing), missing
    assert any(m.endswith(": schema Separator") for m in missing), missing
    assert any(m.endswith("listOrders: parameter 'status' (query)") for m in missing), missing


# -- documents that must be refused --------------------------------------------------------------

_SUBCOMMANDS = ("validate", "generate", "check", "bundle", "docs", "lint", "diff", "mock")
_NEGATIVE: dict[str, tuple[str, dict[str, str]]] = {
    # folder: (what the message must name, the subcommands that do not refuse it yet)
    "swagger2": (r"swagger.*2\.0|2\.0.*swagger", {}),
    "no-openapi-key": (r"\bopenapi\b", {}),
    "openapi320": (r"3\.2\.0", {}),
    "openapi40": (r"4\.0", {}),
}


def _negative_cases() -> list[Any]:
    return [
        pytest.param(
            folder,
            command,
            id=f"{folder}-{command}",
            marks=[pytest.mark.xfail(strict=True, reason=pending[command])]
            if command in pending
            else [],
        )
        for folder, (_, pending) in _NEGATIVE.items()
        for command in _SUBCOMMANDS
    ]


@pytest.mark.parametrize(("folder", "command"), _negative_cases())
def test_every_subcommand_refuses(
    folder: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def no_serving(self: Any) -> None:
        raise AssertionError("specgen mock served the document")

    monkeypatch.setattr(uvicorn.Server, "run", no_serving)
    specs = NEGATIVE / folder
    out = tmp_path / "out"
    redoc = tmp_path / "redoc.js"
    redoc.write_text("/* a stand-in for Redoc's bundle */\n")
    args = {
        "validate": ["validate", "--specs", str(specs)],
        "generate": [
            "generate",
            "--specs",
            str(specs),
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        "check": ["check", "--specs", str(specs), "--out", str(out)],
        "bundle": ["bundle", "--specs", str(specs), "--out", str(out)],
        "docs": ["docs", "--specs", str(specs), "--out", str(out), "--redoc", str(redoc)],
        "lint": ["lint", "--specs", str(specs)],
        "diff": ["diff", str(specs), str(specs)],
        "mock": ["mock", "--specs", str(specs), "--port", "0"],
    }[command]
    code, text = _run(*args)
    wanted, _ = _NEGATIVE[folder]
    assert code != 0, text
    assert "api.yaml" in text, text
    # The folder's own name ("swagger2", "no-openapi-key") must not count as naming it.
    said = text.replace(f"negative/{folder}", "<specs>")
    assert re.search(wanted, said, re.IGNORECASE | re.DOTALL), text
    if folder == "swagger2":
        assert re.search(r"convert", said, re.IGNORECASE), text  # names a conversion tool
    assert not out.exists(), f"{command} wrote {sorted(out.rglob('*'))}"


def test_a_large_document_of_the_wrong_version_is_refused_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused from its first lines: the (slow) YAML parse with positions never runs. Checked
    by making the parser fail, not by timing it."""
    size = _make_large().oversized_document(tmp_path / "api.yaml", "openapi: 3.2.0")
    assert size >= 4 * 1024 * 1024

    def no_parse(path: Path) -> Any:
        raise AssertionError(f"{path.name} was parsed")

    monkeypatch.setattr(openapi_tree, "load_file", no_parse)
    result = CliRunner().invoke(specgen_main, ["validate", "--specs", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "api.yaml:1:10: oas-version: openapi: '3.2.0'" in result.stderr


# -- the large tree ------------------------------------------------------------------------------


@functools.cache
def _make_large() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_large", REALWORLD / "make_large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_LARGE_CALL = """
import httpx, json, sys
sys.path.insert(0, sys.argv[1])
from rw_large.svc00 import api
seen = []
def handler(request):
    seen.append(request)
    body = {"items": [{"id": "1", "name": "n", "priority": "high", "kind": {"kind": "beta"}}]}
    return httpx.Response(200, json=body)
class Token(httpx.Auth):
    def auth_flow(self, request):
        request.headers["Authorization"] = "Bearer t"
        yield request
client = api.Svc00ApiClient(
    http_client=httpx.Client(transport=httpx.MockTransport(handler)), auth=Token()
)
page = client.list_r000s(page_size=3, state=["a_b", "GMT+0"])
assert str(seen[0].url) == (
    "https://eu.example.com/svc00/r000s?pageSize=3&state=a_b&state=GMT%2B0"
), seen[0].url
assert type(page.items[0].kind.root).__name__ == "R000Beta"
assert page.items[0].priority is api.models.Priority.HIGH
print(json.dumps(sorted(
    n for n in vars(api.Svc00ApiClient) if not n.startswith("_") and n != "with_options"
)))
"""


def test_large_tree_generates_imports_and_calls(tmp_path: Path) -> None:
    full = os.environ.get("CLOUDNET_LARGE") == "1"
    specs = tmp_path / "specs"
    counts = _make_large().write_tree(specs, *((240, 4) if full else (4, 2)))
    assert counts["files"] > 3
    if full:
        assert counts["operations"] > 1000 and counts["bytes"] > 2_000_000
    done = subprocess.run(
        [
            str(BIN / "specgen"),
            "generate",
            "--specs",
            str(specs),
            "--out",
            str(tmp_path / "out"),
            "--package",
            "rw_large",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    called = subprocess.run(
        [sys.executable, "-c", _LARGE_CALL, str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert called.returncode == 0, called.stderr
    large = Specs(specs)
    api = large.load(specs / "svc00" / "api.yaml")
    ops = [snake_name(op.node["operationId"]) for op in _operations(large, Node(api, (), api.data))]
    assert json.loads(called.stdout) == sorted(ops)


if __name__ == "__main__":
    if sys.argv[1:] == ["--regen"]:
        _regen()
    else:
        sys.exit("usage: python -m tests.test_realworld --regen")
