"""No request to /graphql gets a 5xx: Hypothesis sends requests of any shape.

Methods, headers (content type, accept, a bearer token, purpose and case), bodies (JSON of any
shape and encoding, raw bytes, deep nesting, huge numbers, lone surrogates and control
characters) and query strings are drawn at random; every answer must be below 500, and JSON
when it says so.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

_DOCUMENTS = st.sampled_from(
    [
        "{ __typename }",
        '{ administrativeUnit(code: "01") { name } }',
        "query ($c: String!) { administrativeUnit(code: $c) { name code } }",
        "query ($f: Int) { administrativeUnits(first: $f) { totalCount edges { cursor } } }",
        "query A { __typename } query B { __typename }",
        "{ __schema { queryType { name } } }",
        '{ person(pin: "001190000001") { fullName } }',
        "{ administrativeUnit(code: ",
        "mutation { __typename }",
        "subscription { __typename }",
    ]
)
# Any code point, lone surrogates and control characters included (JSON carries them escaped).
_TEXT = st.text(st.characters(exclude_categories=()))
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)
_MEMBERS = st.fixed_dictionaries(
    {},
    optional={
        "query": _DOCUMENTS | _TEXT | _JSON_VALUES,
        "variables": st.dictionaries(st.sampled_from(["c", "f", "x"]), _JSON_VALUES) | _JSON_VALUES,
        "operationName": st.sampled_from(["A", "B", "C"]) | _TEXT | _JSON_VALUES,
        "extensions": _JSON_VALUES,
    },
)
_BODIES = st.one_of(
    _MEMBERS.map(lambda members: json.dumps(members).encode()),
    _MEMBERS.map(
        lambda members: json.dumps(members, ensure_ascii=False).encode("utf-16", "surrogatepass")
    ),
    _JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.integers(1, 3000).map(
        lambda depth: b'{"variables": {"a": ' + b"[" * depth + b"]" * depth + b"}}"
    ),
    st.integers(1, 3000).map(
        lambda depth: b'{"extensions": ' + b'{"a":' * depth + b"1" + b"}" * (depth + 1)
    ),
    st.integers(4000, 6000).map(lambda digits: b'{"variables": {"a": ' + b"7" * digits + b"}}"),
)
_HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
_JSON_TYPES = ["application/json"] * 6 + ["application/json; charset=utf-8", "APPLICATION/JSON"]
_HEADERS = st.fixed_dictionaries(
    {
        "content-type": st.sampled_from([*_JSON_TYPES, "text/plain", "application/graphql"])
        | _HEADER_TEXT,
    },
    optional={
        "accept": st.sampled_from(
            ["application/graphql-response+json", "application/json", "text/html", "*/*"]
        )
        | _HEADER_TEXT,
        "authorization": _HEADER_TEXT.map(lambda token: f"Bearer {token}"),
        "hub-purpose": _HEADER_TEXT,
        "hub-case": _HEADER_TEXT,
    },
)
_QUERY_PARAMETERS = st.dictionaries(
    st.sampled_from(["query", "variables", "operationName", "extensions"]),
    _DOCUMENTS | st.text(max_size=60) | _JSON_VALUES.map(json.dumps),
)


async def test_no_request_gets_a_server_error(client: httpx.AsyncClient) -> None:
    # Given the hub, and requests of any shape: methods, headers, bodies, query parameters
    loop = asyncio.get_running_loop()

    async def send(method: str, body: bytes, headers: dict[str, str], params: Any) -> None:
        response = await client.request(
            method, "/graphql", content=body or None, headers=headers, params=params
        )
        # Then none gets a 5xx, and every answer is JSON
        assert response.status_code < 500, (method, body[:200], headers, params, response.text)
        if method != "HEAD" and response.headers.get("content-type", "").endswith("json"):
            response.json()

    @hypothesis_settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        method=st.sampled_from(["POST", "POST", "GET", "PUT", "HEAD"]),
        body=_BODIES,
        headers=_HEADERS,
        params=_QUERY_PARAMETERS,
    )
    def check(method: str, body: bytes, headers: dict[str, str], params: Any) -> None:
        # The test's event loop serves the app; Hypothesis drives it from a thread.
        asyncio.run_coroutine_threadsafe(send(method, body, headers, params), loop).result()

    # When each is sent
    await asyncio.to_thread(check)
