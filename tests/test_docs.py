"""specgen docs: the site's files, the code samples against the generated client, the error
tables, escaping and determinism. The rendered pages are checked in a browser by
``test_docs_browser.py``."""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import cloudnet
import httpx
import pytest
from ruamel.yaml import YAML

from generator.docs import CREDENTIALS, DocsError, build_site
from generator.docs.enrich import security_headers
from generator.ir.parse import api_name, is_api_document, parse_api
from generator.openapi.bundle import bundle_document
from generator.openapi.tree import SpecTree
from tests.mock_support import (
    ALIBABA_ID,
    ALIBABA_SECRET,
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_TOKEN,
    ZSTACK_SESSION,
)

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
REDOC = REPO / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"
SPECGEN = Path(sys.executable).parent / "specgen"

# Test values for the credentials' environment variables.
SECRETS = {
    "ZSTACK_SESSION_UUID": "0b3e1c0d2a9f4e7c8b6a5d4c3b2a1f0e",
    "HUAWEICLOUD_SDK_AUTH_TOKEN": "MIIEXAMPLE-token",
    "HUAWEICLOUD_SDK_AK": "AKEXAMPLE",
    "HUAWEICLOUD_SDK_SK": "SKEXAMPLE",
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIEXAMPLE",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secretEXAMPLE",
}


# Built once for the module: the parametrization below needs it at collection already.
BUILT = build_site(SPECS, REDOC, None)


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    assert BUILT.ok, BUILT.diagnostics
    return BUILT.files


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for route, item in document["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                yield route, method, op


def _api_stems() -> list[str]:
    tree = SpecTree.load(SPECS)
    return sorted(
        api_name(tree, f).replace("/", "-") for f in tree.documents() if is_api_document(f)
    )


STEMS = _api_stems()
SAMPLES = [
    (stem, route, method)
    for stem in STEMS
    for route, method, _ in _operations(json.loads(BUILT.files[f"specs/{stem}.json"]))
]


def test_the_site_has_an_index_a_page_per_api_one_of_all_and_its_assets(
    site: dict[str, str],
) -> None:
    pages = {name for name in site if name.endswith(".html")}
    assert pages == {"index.html", "cloudnet.html", *(f"{stem}.html" for stem in STEMS)}
    for stem in [*STEMS, "cloudnet"]:
        assert {f"specs/{stem}.yaml", f"specs/{stem}.json"} <= set(site)
        page = site[f"{stem}.html"]
        assert '<script src="assets/redoc.standalone.js"></script>' in page
        # The offline shim runs before Redoc: it must see Redoc's image before the browser does.
        assert page.index("assets/offline.js") < page.index("assets/redoc.standalone.js")
    assert site["assets/redoc.standalone.js"] == REDOC.read_text(encoding="utf-8")
    # Nothing on the site's own pages points outside it.
    for name in pages:
        assert 'src="http' not in site[name] and 'href="http' not in site[name], name


def test_the_index_links_every_operation_of_every_api(site: dict[str, str]) -> None:
    index = site["index.html"]
    for stem in STEMS:
        document = json.loads(site[f"specs/{stem}.json"])
        assert f'href="{stem}.html"' in index
        for _, _, op in _operations(document):
            assert f'href="{stem}.html#operation/{op["operationId"]}"' in index


def _embedded(page: str) -> Any:
    start = page.index('<script id="cloudnet-spec" type="application/json">')
    return json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])


def test_the_embedded_spec_is_the_bundle_with_samples_and_error_tables(
    site: dict[str, str],
) -> None:
    """Each API page embeds the API's bundle, made again here by the bundler (not taken from
    the docs build), changed only where the docs add to it: two code samples on every operation,
    an error table after its description and the headers of its security schemes. The site's
    JSON and YAML copies read back to the same document."""
    tree = SpecTree.load(SPECS)
    sources = [f for f in tree.documents() if is_api_document(f)]
    assert len(sources) == len(STEMS) == 5
    operation_ids = set()
    for source in sources:
        stem = api_name(tree, source).replace("/", "-")
        bundle = bundle_document(tree, source).document
        embedded = _embedded(site[f"{stem}.html"])
        assert json.loads(site[f"specs/{stem}.json"]) == embedded
        assert YAML(typ="safe", pure=True).load(site[f"specs/{stem}.yaml"]) == embedded
        ops = list(_operations(embedded))
        # The plain source file, read without the toolchain, has the same operations.
        assert sorted(op["operationId"] for _, _, op in ops) == sorted(
            op["operationId"] for _, _, op in _operations(_plain_yaml(source.path))
        )
        for route, method, op in ops:
            samples = op.pop("x-codeSamples")
            assert [s["lang"] for s in samples] == ["Python", "Shell"], (stem, route)
            original = bundle["paths"][route][method].get("description")
            text = op.pop("description")
            table = text[len(original) :].lstrip("\n") if original else text
            assert text.startswith(original or ""), (stem, route, method)
            assert table.startswith("### Error codes\n\n") or table == "", (stem, route)
            if original is not None:
                op["description"] = original
            # The security schemes' headers (below) are the docs' own parameters.
            op["parameters"] = [
                p for p in op.get("parameters", []) if "x-cloudnet-security-scheme" not in p
            ]
            if not op["parameters"] and "parameters" not in bundle["paths"][route][method]:
                del op["parameters"]
            operation_ids.add(op["operationId"])
        assert embedded == bundle, stem
    combined = [op["operationId"] for _, _, op in _operations(_embedded(site["cloudnet.html"]))]
    assert sorted(combined) == sorted(operation_ids)


def _plain_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_every_operation_has_a_python_and_a_curl_sample_and_an_error_table(
    site: dict[str, str], stem: str
) -> None:
    document = json.loads(site[f"specs/{stem}.json"])
    for _, _, op in _operations(document):
        labels = [(s["lang"], s["label"]) for s in op["x-codeSamples"]]
        assert labels == [("Python", "Python (cloudnet)"), ("Shell", "curl")]
        compile(op["x-codeSamples"][0]["source"], "sample.py", "exec")
        assert "### Error codes" in op["description"]
        for entry in op.get("x-cloudnet-error-codes", []):
            # The code, the message and the meaning in one cell, the code first.
            row = f"| {entry['status']} | `{entry['code']}`<br>{entry['message']}<br>"
            assert row in op["description"], entry["code"]
        for status in op["responses"]:
            if not status.startswith("2") and not op.get("x-cloudnet-error-codes"):
                assert f"| {status} |" in op["description"]


def test_the_iam_token_is_a_request_header_beside_its_scheme(site: dict[str, str]) -> None:
    """As the Huawei pages list it: X-Auth-Token, a string of 0 to 10,240 characters, among the
    request headers (Redoc shows them under the "Authorizations" line), optional because AK/SK
    signing replaces it; the source specs keep it in the security scheme only."""
    seen = 0
    for stem in STEMS:
        document = json.loads(site[f"specs/{stem}.json"])
        for _, _, op in _operations(document):
            added = [p for p in op["parameters"] if "x-cloudnet-security-scheme" in p]
            if not stem.startswith("huawei-"):
                assert added == [], stem
                continue
            seen += 1
            assert added == [
                {
                    "name": "X-Auth-Token",
                    "in": "header",
                    "required": False,
                    "description": added[0]["description"],
                    "schema": {"type": "string", "minLength": 0, "maxLength": 10240},
                    "x-cloudnet-security-scheme": "IamToken",
                }
            ], stem
            assert "required unless the request uses `AkSkSignature`" in added[0]["description"]
    assert seen == 3


def test_a_scheme_required_everywhere_makes_its_header_required() -> None:
    document = {
        "security": [{"Token": []}],
        "components": {
            "securitySchemes": {
                "Token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Token",
                    "x-cloudnet-header-schema": {"type": "string", "maxLength": 64},
                },
                "Other": {"type": "apiKey", "in": "header", "name": "X-Other"},
            }
        },
    }
    (header,) = security_headers(document, {"parameters": []})
    assert (header["name"], header["required"], header["schema"]) == (
        "X-Token",
        True,
        {"type": "string", "maxLength": 64},
    )
    # A scheme without the extension, or a header the operation declares itself, adds nothing.
    assert security_headers(document, {"security": [{"Other": []}]}) == []
    declared = {"parameters": [{"name": "x-token", "in": "header", "schema": {}}]}
    assert security_headers(document, declared) == []


def test_vpc_endpoint_statuses_share_one_error_response_and_keep_their_meanings(
    site: dict[str, str],
) -> None:
    """The 13 error statuses without an example of their own point at one response component,
    each with the meaning of the page's "Status Codes" table as its description (a Reference
    Object's description overrides its target's), which the error table shows."""
    source = _plain_yaml(SPECS / "huawei" / "vpcep.yaml")
    (op,) = (op for _, _, op in _operations(source))
    shared = {s: r for s, r in op["responses"].items() if r.get("$ref", "").endswith("/Error")}
    assert len(shared) == 13 and len(source["components"]["responses"]) == 2
    assert len({r["description"] for r in shared.values()}) == 13
    document = json.loads(site["specs/huawei-vpcep.json"])
    (op,) = (op for _, _, op in _operations(document))
    for status, response in shared.items():
        row = f"| {status} | {' '.join(response['description'].split())} | `error.code` |"
        assert row in op["description"], status


def test_credential_classes_are_what_the_package_exports() -> None:
    for credential in CREDENTIALS.values():
        assert credential.python_class in cloudnet.__all__


def _success_example(op: dict[str, Any]) -> Any:
    for status, response in op["responses"].items():
        if status.startswith("2"):
            media = response["content"]["application/json"]
            return next(iter(media["examples"].values()))["value"]
    raise AssertionError("no success example")


def _curl(text: str) -> tuple[str, str, dict[str, str]]:
    """Method, URL and headers of a curl sample (comments dropped, variables filled in)."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    words = shlex.split("\n".join(lines).replace("\\\n", " "))
    assert words[0] == "curl"
    method, url, headers = "", "", {}
    rest = iter(words[1:])
    for word in rest:
        if word == "-X":
            method = next(rest)
        elif word == "-H":
            name, _, value = next(rest).partition(": ")
            headers[name.lower()] = value
        else:
            url = word
    return method, url, headers


def _run_sample(
    source: str,
    client_class: str,
    secrets: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    **client_arguments: Any,
) -> str:
    """Runs a Python sample as written, with the credentials' environment set and
    ``client_arguments`` added to its client's constructor, and returns what it printed."""
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    marker = f"with {client_class}(\n"
    assert source.count(marker) == 1
    added = "".join(f"    {name}=__{name}__,\n" for name in client_arguments)
    namespace = {f"__{name}__": value for name, value in client_arguments.items()}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source.replace(marker, marker + added), "sample.py", "exec"), namespace)
    return out.getvalue()


def _client_class(python: str) -> str:
    return python.split(" import ")[2].split("\n")[0]


@pytest.mark.parametrize(("stem", "route", "method"), SAMPLES)
def test_the_python_sample_runs_and_sends_what_the_curl_sample_sends(
    site: dict[str, str], stem: str, route: str, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = json.loads(site[f"specs/{stem}.json"])["paths"][route][method]
    python, curl = (sample["source"] for sample in op["x-codeSamples"])
    body = _success_example(op)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=body)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http_client:
        printed = _run_sample(
            python, _client_class(python), SECRETS, monkeypatch, http_client=http_client
        )
    assert json.loads(printed) == body  # the typed result, dumped back
    (request,) = sent
    curl_method, curl_url, curl_headers = _curl(curl)
    assert curl_method == request.method
    shown, got = urlsplit(curl_url), urlsplit(str(request.url))
    assert (shown.scheme, shown.netloc, shown.path) == (got.scheme, got.netloc, got.path)
    token = op.get("x-cloudnet-idempotency-token")
    query = [(k, v) for k, v in parse_qsl(got.query) if k != token]
    assert parse_qsl(shown.query) == query
    for name, value in curl_headers.items():
        assert name in request.headers, name
        if "$" not in value:
            assert request.headers[name] == value
        elif value.count("$") == 1 and value.split("$")[1] in SECRETS:
            # A header the shell fills in from the variable the Python sample reads too.
            variable = value.split("$")[1]
            assert request.headers[name] == value.replace("$" + variable, SECRETS[variable])


# The mock server's test credentials (tests/mock_support.py), where the samples read them.
MOCK_SECRETS = {
    "ZSTACK_SESSION_UUID": ZSTACK_SESSION,
    "HUAWEICLOUD_SDK_AUTH_TOKEN": IAM_TOKEN,
    "HUAWEICLOUD_SDK_AK": HUAWEI_AK,
    "HUAWEICLOUD_SDK_SK": HUAWEI_SK,
    "ALIBABA_CLOUD_ACCESS_KEY_ID": ALIBABA_ID,
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALIBABA_SECRET,
}


@pytest.mark.parametrize(("stem", "route", "method"), SAMPLES)
def test_the_python_sample_runs_against_the_mock_server(
    site: dict[str, str],
    stem: str,
    route: str,
    method: str,
    mock_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over real HTTP, with real credentials checks: only the server's address is added."""
    op = json.loads(site[f"specs/{stem}.json"])["paths"][route][method]
    python = op["x-codeSamples"][0]["source"]
    printed = _run_sample(
        python, _client_class(python), MOCK_SECRETS, monkeypatch, base_url=mock_url
    )
    assert json.loads(printed) == _success_example(op)


def _server(document: dict[str, Any]) -> str:
    """The document's first server URL with its variables at their defaults."""
    server = document["servers"][0]
    url = str(server["url"])
    for name, variable in server.get("variables", {}).items():
        url = url.replace("{" + name + "}", str(variable["default"]))
    return url.rstrip("/")


def _shell_variables(curl: str) -> set[str]:
    return set(re.findall(r"\$([A-Z0-9_]+)", curl))


# The curl samples the shell can send as written: each variable they use is a credential the
# environment holds, none a signature computed per request (Alibaba's ACS3, Huawei's AK/SK).
UNSIGNED = [
    (stem, route, method)
    for stem, route, method in SAMPLES
    if _shell_variables(
        json.loads(BUILT.files[f"specs/{stem}.json"])["paths"][route][method]["x-codeSamples"][1][
            "source"
        ]
    )
    <= set(MOCK_SECRETS)
]


def test_every_api_but_the_signed_ones_has_a_curl_sample_to_run() -> None:
    """The filter above keeps what it should: a sample that needs a computed signature is
    only Alibaba's (signature V3 on every request)."""
    assert {stem for stem, _, _ in SAMPLES} - {stem for stem, _, _ in UNSIGNED} == {"alibaba-vpc"}


CURL = shutil.which("curl")


@pytest.mark.skipif(CURL is None, reason="curl is not installed (Debian package curl)")
@pytest.mark.parametrize(("stem", "route", "method"), UNSIGNED)
def test_the_curl_sample_runs_against_the_mock_server(
    site: dict[str, str], stem: str, route: str, method: str, mock_url: str
) -> None:
    """The curl sample as written, run by the shell with the credential in the environment:
    only the server's address is changed. The mock checks every required header, so a sample
    that leaves one out (VPC Endpoint's Content-Type, once) gets a 400."""
    document = json.loads(site[f"specs/{stem}.json"])
    op = document["paths"][route][method]
    curl = op["x-codeSamples"][1]["source"]
    server = _server(document)
    assert server in curl, (server, curl)
    command = curl.replace(server, mock_url, 1).rstrip("\n")
    command += " \\\n  --silent --show-error --write-out '\\n%{http_code}'"
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **MOCK_SECRETS}
    done = subprocess.run(
        ["bash", "-c", command], env=environment, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    assert status == "200", body
    assert json.loads(body) == _success_example(op)


def test_a_sample_with_wrong_credentials_fails_against_the_mock_server(
    site: dict[str, str], mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stem, route, method = SAMPLES[0]
    python = json.loads(site[f"specs/{stem}.json"])["paths"][route][method]["x-codeSamples"][0]
    wrong = {name: value + "-wrong" for name, value in MOCK_SECRETS.items()}
    with pytest.raises(cloudnet.APIStatusError):
        _run_sample(
            python["source"], _client_class(python["source"]), wrong, monkeypatch, base_url=mock_url
        )


def test_samples_use_the_clients_real_names() -> None:
    """A parameter renamed in the generator renames it in the sample: the samples come from
    the IR the client is generated from."""
    tree = SpecTree.load(SPECS)
    for file in tree.documents():
        if not is_api_document(file):
            continue
        api = parse_api(tree, file).api
        module = __import__(f"cloudnet.{api.package}", fromlist=[api.client_class])
        client = getattr(module, api.client_class)
        for op in api.operations:
            names = set(inspect.signature(getattr(client, op.method_name)).parameters)
            assert {p.python_name for p in op.arguments} <= names


def _tree(root: Path, description: str) -> Path:
    (root / "specs").mkdir(parents=True)
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Probe </script><script>alert(1)</script>", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "GetThing",
                    "summary": "Get a thing",
                    "description": description,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "example": "t-1",
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The thing",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"id": {"type": "string"}},
                                    },
                                    "examples": {"one": {"value": {"id": "t-1"}}},
                                }
                            },
                        },
                        "404": {"description": "No such thing"},
                    },
                }
            }
        },
    }
    (root / "specs" / "probe.json").write_text(json.dumps(spec), encoding="utf-8")
    return root / "specs"


def test_spec_text_cannot_end_the_script_element(tmp_path: Path) -> None:
    specs = _tree(tmp_path, "Ends here: </script><img src=x onerror=alert(2)>")
    result = build_site(specs, REDOC, None)
    assert result.ok, result.diagnostics
    page = result.files["probe.html"]
    # The two JSON blocks, the shim, Redoc and the init script: no element ends early.
    assert page.count("</script>") == page.count("<script") == 5
    assert "<img src=x" not in page and "</script><script>alert" not in page
    assert "Probe &lt;/script&gt;" in page  # the title, escaped in <title>
    assert "| 404 | No such thing | (none) |" in result.files["specs/probe.json"]


def test_two_apis_on_one_path_are_refused_with_a_reason(tmp_path: Path) -> None:
    specs = _tree(tmp_path, "fine")
    (specs / "copy.json").write_text((specs / "probe.json").read_text(encoding="utf-8"))
    with pytest.raises(DocsError, match=r"the page of every API: .*/things/\{id\}"):
        build_site(specs, REDOC, None)


def test_the_site_is_deterministic() -> None:
    assert build_site(SPECS, REDOC, None).files == build_site(SPECS, REDOC, None).files


def test_a_changelog_becomes_a_page_with_raw_html_escaped(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.2.0\n\n- Added `x` <b>bold</b>\n", encoding="utf-8")
    files = build_site(SPECS, REDOC, changelog).files
    page = files["changelog.html"]
    assert "<h2>0.2.0</h2>" in page and "<code>x</code>" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="changelog.html"' in files["index.html"]


def test_missing_redoc_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(DocsError, match="npm ci installs redoc"):
        build_site(SPECS, tmp_path / "redoc.standalone.js", None)
    out = tmp_path / "site"
    done = subprocess.run(
        [str(SPECGEN), "docs", "--out", str(out), "--redoc", str(tmp_path / "none.js")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "npm ci installs redoc" in done.stderr
    assert not out.exists()


def test_a_broken_spec_writes_nothing_and_names_the_place(tmp_path: Path) -> None:
    specs = _tree(tmp_path, "fine")
    broken = json.loads((specs / "probe.json").read_text(encoding="utf-8"))
    broken["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ]["one"]["value"] = {"id": 5}
    (specs / "probe.json").write_text(json.dumps(broken), encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("old", encoding="utf-8")
    done = subprocess.run(
        [str(SPECGEN), "docs", "--specs", str(specs), "--out", str(out), "--redoc", str(REDOC)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "probe.json:" in done.stderr and "not written" in done.stderr
    assert [p.name for p in out.iterdir()] == ["keep.html"]


def test_the_command_writes_the_site(site: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = subprocess.run(
        [str(SPECGEN), "docs", "--out", str(out), "--changelog", str(tmp_path / "none.md")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"{out}: {len(STEMS) + 2} pages" in done.stdout
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == set(site)
