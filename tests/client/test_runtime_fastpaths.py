"""The runtime's shortcuts give what the long way gives: the request URL the client builds
without httpx's parser (``_client._url``) is the URL httpx makes of the same text, the query
pairs the signers take from the client (``_auth.query_of``) are those of the URL that is sent,
a query encoded without ``quote_plus`` (``_auth.urlencode_pairs``) is what ``urlencode``
writes, the signers' date made once per second (``_auth.UtcStamp``) is the current second's,
and the cookies of a response that sets none, which the clients skip
(``_client._ResponseCookies``), would have set none; one that sets any still does."""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
from urllib.parse import parse_qsl, quote, urlencode

import httpx
import pytest
from cloudnet._core import AsyncAPIClient, Operation, SyncAPIClient
from cloudnet._core._auth import UtcStamp, query_of, urlencode_pairs
from cloudnet._core._client import _ResponseCookies
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


# Names and values of unreserved characters (taken as they are) and of others (quote_plus).
pieces = st.one_of(
    st.sampled_from(
        ["Action", "cn-hangzhou", "a b", "~x.y_z-", "é", "", "+", "%41", "a&b=c", "vco-*"]
    ),
    text,
)


@given(st.lists(st.tuples(pieces, pieces), max_size=5))
def test_a_query_is_encoded_as_urlencode_encodes_it(pairs: list[tuple[str, str]]) -> None:
    assert urlencode_pairs(pairs) == urlencode(pairs)


def test_a_query_that_is_not_text_or_not_encodable_is_treated_as_urlencode_treats_it() -> None:
    odd: list[tuple[object, object]] = [("n", 1), (2.5, "x y"), (b"k", b"v w")]
    assert urlencode_pairs(odd) == urlencode(odd)  # type: ignore[arg-type]
    with pytest.raises(UnicodeEncodeError):
        urlencode([("a", "\ud800")])
    with pytest.raises(UnicodeEncodeError):
        urlencode_pairs([("a", "\ud800")])


COOKIE_OP = Operation(operation_id="Op", method="GET", path="/x")


def _cookie_service(sent: list[str | None]) -> httpx.MockTransport:
    """Answers ``/x?set=...`` with that Set-Cookie header, anything else with none; records
    the Cookie header of each request."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("cookie"))
        cookie = request.url.params.get("set")
        return httpx.Response(204, headers={"Set-Cookie": cookie} if cookie else {})

    return httpx.MockTransport(answer)


def test_a_cookie_the_server_sets_lands_in_the_jar_and_is_sent_back() -> None:
    sent: list[str | None] = []
    http = httpx.Client(transport=_cookie_service(sent))
    client = SyncAPIClient(base_url="https://api.example", http_client=http)
    client._request(COOKIE_OP, cast_to=None)  # no cookie yet; the shortcut is in place
    assert type(http.cookies) is _ResponseCookies
    client._request(COOKIE_OP, cast_to=None, query={"set": "session=abc; Path=/"})
    assert http.cookies["session"] == "abc"
    client._request(COOKIE_OP, cast_to=None)  # a response without Set-Cookie keeps it
    client._request(COOKIE_OP, cast_to=None, query={"set": "other=1"})
    assert dict(http.cookies) == {"session": "abc", "other": "1"}
    assert sent == [None, None, "session=abc", "session=abc"]
    # Cookies set on the http_client by hand (a new httpx.Cookies) work the same.
    http.cookies = {"mine": "x"}
    client._request(COOKIE_OP, cast_to=None, query={"set": "late=2"})
    assert dict(http.cookies) == {"mine": "x", "late": "2"}


def test_a_cookie_the_server_sets_lands_in_the_jar_of_an_async_client() -> None:
    async def main() -> None:
        sent: list[str | None] = []
        async with httpx.AsyncClient(transport=_cookie_service(sent)) as http:
            client = AsyncAPIClient(base_url="https://api.example", http_client=http)
            await client._request(COOKIE_OP, cast_to=None, query={"set": "session=abc"})
            await client._request(COOKIE_OP, cast_to=None)
            assert type(http.cookies) is _ResponseCookies
            assert dict(http.cookies) == {"session": "abc"}
            assert sent == [None, "session=abc"]

    asyncio.run(main())


header_names = st.sampled_from(
    ["Set-Cookie", "set-cookie", "SET-COOKIE", "Set-Cookie2", "Content-Type", "X-Set-Cookie"]
)
cookie_values = st.sampled_from(
    ["a=1", "b=2; Path=/", "c=3; Max-Age=0", "d=4; Domain=other.example", 'e="5"; Version=1', ""]
)


@given(st.lists(st.tuples(header_names, cookie_values), max_size=4), st.booleans())
def test_the_jar_holds_after_a_response_what_httpx_would_leave_in_it(
    headers: list[tuple[str, str]], filled: bool
) -> None:
    jars = []
    for cls in (httpx.Cookies, _ResponseCookies):
        cookies = cls()
        if filled:
            cookies.set("old", "1", domain="api.example")
            cookies.set("c", "2", domain="api.example")  # Max-Age=0 deletes it
        request = httpx.Request("GET", "https://api.example/x")
        cookies.extract_cookies(httpx.Response(200, headers=headers, request=request))
        jars.append(sorted((c.name, c.value, c.domain, c.path) for c in cookies.jar))
    assert jars[0] == jars[1]


def test_a_jar_of_another_class_sees_every_response() -> None:
    seen = []

    class Jar(http.cookiejar.CookieJar):
        def extract_cookies(self, response: object, request: object) -> None:
            seen.append(response)

    cookies = _ResponseCookies(Jar())
    request = httpx.Request("GET", "https://api.example/x")
    cookies.extract_cookies(httpx.Response(200, request=request))
    assert len(seen) == 1

    class Mine(httpx.Cookies):
        pass

    mine = httpx.Client(transport=_cookie_service([]))
    mine._cookies = Mine()  # the caller's own class is left as it is
    SyncAPIClient(base_url="https://api.example", http_client=mine)._request(
        COOKIE_OP, cast_to=None
    )
    assert type(mine.cookies) is Mine
