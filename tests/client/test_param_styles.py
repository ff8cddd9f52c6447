"""Parameter styles and non-JSON bodies, against the OpenAPI specification's own table.

The expected strings are the "Style Examples" table of OpenAPI 3.1.0 §4.8.12.4 (for
``color`` = ``"blue"``, ``["blue", "black", "brown"]`` and ``{"R": 100, "G": 200, "B": 150}``),
written out here, not computed; the ``%2C``/``%20``/``%7C`` escapes of the table are the
query's URL encoding, which httpx applies to the pairs. The query is compared as a server decodes
it: httpx 0.28 writes the table's ``%20`` as ``+``, older releases as ``%20``, and the client
supports both (tests/test_dependency_ranges.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from cloudnet._core._params import Style, body_parts, path_text, query_pairs, single_text

PRIMITIVE = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}

# (style, explode, value, expected path text)
PATH_TABLE = [
    ("matrix", False, PRIMITIVE, ";color=blue"),
    ("matrix", False, ARRAY, ";color=blue,black,brown"),
    ("matrix", False, OBJECT, ";color=R,100,G,200,B,150"),
    ("matrix", True, PRIMITIVE, ";color=blue"),
    ("matrix", True, ARRAY, ";color=blue;color=black;color=brown"),
    ("matrix", True, OBJECT, ";R=100;G=200;B=150"),
    ("label", False, PRIMITIVE, ".blue"),
    ("label", False, ARRAY, ".blue,black,brown"),
    ("label", False, OBJECT, ".R,100,G,200,B,150"),
    ("label", True, PRIMITIVE, ".blue"),
    ("label", True, ARRAY, ".blue.black.brown"),
    ("label", True, OBJECT, ".R=100.G=200.B=150"),
    ("simple", False, PRIMITIVE, "blue"),
    ("simple", False, ARRAY, "blue,black,brown"),
    ("simple", False, OBJECT, "R,100,G,200,B,150"),
    ("simple", True, PRIMITIVE, "blue"),
    ("simple", True, ARRAY, "blue,black,brown"),
    ("simple", True, OBJECT, "R=100,G=200,B=150"),
]

# (style, explode, value, expected query string as the specification's table writes it)
QUERY_TABLE = [
    ("form", False, PRIMITIVE, "color=blue"),
    ("form", False, ARRAY, "color=blue%2Cblack%2Cbrown"),
    ("form", False, OBJECT, "color=R%2C100%2CG%2C200%2CB%2C150"),
    ("form", True, PRIMITIVE, "color=blue"),
    ("form", True, ARRAY, "color=blue&color=black&color=brown"),
    ("form", True, OBJECT, "R=100&G=200&B=150"),
    ("spaceDelimited", False, ARRAY, "color=blue%20black%20brown"),
    ("pipeDelimited", False, ARRAY, "color=blue%7Cblack%7Cbrown"),
    ("deepObject", True, OBJECT, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
]


@pytest.mark.parametrize(("style", "explode", "value", "expected"), PATH_TABLE)
def test_path_styles_follow_the_specification_table(
    style: str, explode: bool, value: Any, expected: str
) -> None:
    assert path_text("color", value, Style(style, explode)) == expected


@pytest.mark.parametrize(("style", "explode", "value", "expected"), QUERY_TABLE)
def test_query_styles_follow_the_specification_table(
    style: str, explode: bool, value: Any, expected: str
) -> None:
    pairs = query_pairs("color", value, Style(style, explode))
    sent = str(httpx.QueryParams(tuple(pairs)))
    assert parse_qsl(sent, keep_blank_values=True) == parse_qsl(expected, keep_blank_values=True)


def test_header_is_simple_and_path_values_are_escaped() -> None:
    assert single_text(ARRAY, Style("simple", False)) == "blue,black,brown"
    assert single_text(OBJECT, Style("simple", True)) == "R=100,G=200,B=150"
    assert path_text("id", "a/b c", Style("simple", False)) == "a%2Fb%20c"
    assert query_pairs("q", {"a": [1]}, Style("json", False)) == [("q", '{"a":[1]}')]


def test_non_json_bodies() -> None:
    client = httpx.Client()
    form = client.build_request(
        "POST",
        "http://x/",
        **body_parts({"a": [1, 2], "b": True}, "form", "application/x-www-form-urlencoded"),
    )
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.read() == b"a=1&a=2&b=true"
    multi = client.build_request(
        "POST",
        "http://x/",
        **body_parts({"name": "n", "file": b"\x00\xff"}, "multipart", "multipart/form-data"),
    )
    assert multi.headers["content-type"].startswith("multipart/form-data; boundary=")
    raw = multi.read()
    assert b'name="name"\r\n\r\nn\r\n' in raw
    assert b'name="file"; filename="file"' in raw and b"\x00\xff" in raw
    binary = client.build_request(
        "PUT", "http://x/", **body_parts(b"\x01\x02", "binary", "application/octet-stream")
    )
    assert binary.read() == b"\x01\x02"
    assert binary.headers["content-type"] == "application/octet-stream"
    text = client.build_request("PUT", "http://x/", **body_parts("héllo", "text", "text/plain"))
    assert text.read() == "héllo".encode()
