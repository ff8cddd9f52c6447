"""The runtime's shortcuts give what the long way gives: the request URL the client builds
without httpx's parser (``_client._url``) is the URL httpx makes of the same text, the query
pairs the signers take from the client (``_auth.query_of``) are those of the URL that is sent,
and the signers' date made once per second (``_auth.UtcStamp``) is the current second's."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, quote

import httpx
import pytest
from cloudnet._core import Operation, SyncAPIClient
from cloudnet._core._auth import UtcStamp, query_of
from hypothesis import given
from hypothesis import strategies as st

BASES = (
    "https://api.example",
    "https://api.example/",
    "http://API.Example:8080/v2/",
    "https://api.example:443/prefix/deep",
    "http://127.0.0.1:9000",
    "http://[::1]:9000/x",
    "https://user:pw@api.example",
)
TEMPLATES = (
    "/things/{id}",
    "/a/{id}/b/{other}:action",
    "/{id}{other}",
    "/v1/./x/{id}",
    "/v1/{id}/../{other}",
    "",
    "/",
    "/with space/{id}",
    "/é/{id}",
    "/q?x=1/{id}",
    "/pct%2F{id}",
    "/bad%zz/{id}",
)
# Path values include "." and "..", which httpx removes as segments.
values = st.one_of(st.sampled_from([".", "..", "", "a/b", "~x", "%41"]), st.text(max_size=8))
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)


def _sent(base: str, template: str, path: dict[str, str], query: dict[str, str]) -> httpx.Request:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = SyncAPIClient(
        base_url=base, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    op = Operation(operation_id="Op", method="GET", path=template)
    client._request(op, cast_to=None, path=path, query=query)
    return seen[0]


@given(
    st.sampled_from(BASES),
    st.sampled_from(TEMPLATES),
    values,
    values,
    st.lists(st.tuples(text, text), max_size=4),
)
def test_the_url_is_what_httpx_makes_of_the_whole_text(
    base: str, template: str, one: str, two: str, pairs: list[tuple[str, str]]
) -> None:
    query = dict(pairs)
    request = _sent(base, template, {"id": one, "other": two}, query)
    filled = template.replace("{id}", quote(one, safe="")).replace("{other}", quote(two, safe=""))
    given_pairs = tuple(query.items())
    expected = httpx.URL(
        base.rstrip("/") + filled, params=httpx.QueryParams(given_pairs) if given_pairs else None
    )
    assert str(request.url) == str(expected)
    assert request.url.raw_path == expected.raw_path
    assert request.url.netloc == expected.netloc
    assert request.url.userinfo == expected.userinfo
    assert request.url == expected
    # What a signer reads is what the URL says.
    assert query_of(request) == parse_qsl(request.url.query.decode(), keep_blank_values=True)


def test_the_signers_read_the_query_that_is_sent() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    mine = httpx.Client(transport=httpx.MockTransport(answer), params={"z": "last"})
    client = SyncAPIClient(base_url="https://api.example", http_client=mine)
    op = Operation(operation_id="Op", method="GET", path="/x")
    client._request(op, cast_to=None, query={"a": "1 2"})
    # httpx changes the query the client made: from 0.28 the client's params take the URL's
    # query's place, before that they are merged into it. Either way a signer reads what is
    # sent, not the pairs the client encoded.
    sent = parse_qsl(seen[0].url.query.decode(), keep_blank_values=True)
    assert ("z", "last") in sent
    assert query_of(seen[0]) == sent


def test_the_date_stamp_follows_the_clock_second_by_second(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_700_000_000.25]
    monkeypatch.setattr(time, "time", lambda: now[0])
    stamp = UtcStamp("%Y%m%dT%H%M%SZ")
    assert stamp() == "20231114T221320Z"
    now[0] += 0.7  # the same second
    assert stamp() == "20231114T221320Z"
    now[0] += 0.1
    assert stamp() == "20231114T221321Z"
    now[0] += 86_400
    assert stamp() == "20231115T221321Z"
