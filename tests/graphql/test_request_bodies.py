"""No request to /graphql, whatever its body, headers or method, gets a 5xx.

A malformed request is a request error: 4xx, a JSON body with ``errors`` and a code, and no
``data``. Bodies above ``HUB_GRAPHQL_MAX_BODY_BYTES`` get 413, whether announced or streamed.
"""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Message

from hub.app import create_app
from hub.db import Database
from hub.settings import Settings

TYPENAME = '{"query": "{ __typename }"}'
_JSON = {"content-type": "application/json"}
DEEP = 50_000
CODES = {"BAD_USER_INPUT", "LIMIT_EXCEEDED", "NOT_FOUND", "UNAUTHENTICATED"}

MALFORMED: list[tuple[str, bytes, str | None, int]] = [
    ("a JSON array", b'[{"query": "{ __typename }"}]', "application/json", 400),
    ("a JSON string", b'"{ __typename }"', "application/json", 400),
    ("a JSON number", b"42", "application/json", 400),
    ("JSON null", b"null", "application/json", 400),
    ("JSON true", b"true", "application/json", 400),
    ("invalid UTF-8", b'{"query": "{ __typename \xff }"}', "application/json", 400),
    ("UTF-16", TYPENAME.encode("utf-16"), "application/json", 400),
    ("an empty body", b"", "application/json", 400),
    ("NaN", b'{"query": "{ __typename }", "variables": {"a": NaN}}', "application/json", 400),
    ("a 5000-digit number", b'{"variables": {"a": ' + b"9" * 5000 + b"}}", "application/json", 400),
    (
        "variables nested deep",
        b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * DEEP + b"]" * DEEP + b"}}",
        "application/json",
        400,
    ),
    (
        "extensions nested deep",
        b'{"query": "{ __typename }", "extensions": ' + b'{"a":' * DEEP + b"1" + b"}" * DEEP + b"}",
        "application/json",
        400,
    ),
    (
        "variables as a list",
        b'{"query": "{ __typename }", "variables": [1]}',
        "application/json",
        400,
    ),
    ("a numeric query", b'{"query": 1}', "application/json", 400),
    (
        "an object as operationName",
        b'{"query": "{ __typename }", "operationName": {}}',
        "application/json",
        400,
    ),
    (
        "extensions as a string",
        b'{"query": "{ __typename }", "extensions": "x"}',
        "application/json",
        400,
    ),
    ("no query", b'{"variables": {}}', "application/json", 400),
    (
        "a lone surrogate as operationName",
        b'{"query": "query A { __typename }", "operationName": "\\ud800"}',
        "application/json",
        400,
    ),
    (
        "an operationName that is no name",
        b'{"query": "{ __typename }", "operationName": "a b"}',
        "application/json",
        400,
    ),
    ("text/plain", TYPENAME.encode(), "text/plain", 415),
    ("no content type", TYPENAME.encode(), None, 415),
    ("a form", b"query=%7B__typename%7D", "application/x-www-form-urlencoded", 415),
    ("multipart", b"--x\r\n\r\n--x--\r\n", "multipart/form-data; boundary=x", 415),
    ("application/graphql", b"{ __typename }", "application/graphql", 415),
]


def assert_request_error(response: httpx.Response, status: int) -> None:
    """A request error: that status, JSON, errors with a known code, no data."""
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" not in body
    assert {error["extensions"]["code"] for error in body["errors"]} <= CODES


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [pytest.param(body, kind, status, id=name) for name, body, kind, status in MALFORMED],
)
async def test_a_malformed_request_is_a_request_error(
    client: httpx.AsyncClient, body: bytes, content_type: str | None, status: int
) -> None:
    # Given a body that is not one GraphQL request in JSON
    headers = {} if content_type is None else {"content-type": content_type}
    # When it is posted
    response = await client.post("/graphql", content=body, headers=headers)
    # Then it is refused as the client's mistake, in JSON
    assert_request_error(response, status)


@pytest.mark.parametrize(
    "params",
    [
        {"query": "{ __typename }", "variables": "[1"},
        {"query": "{ __typename }", "variables": "[1]"},
        {"query": "{ __typename }", "variables": "[" * 10_000},
        {"query": "{ __typename }", "extensions": "5"},
        {"variables": "{}"},
    ],
)
async def test_malformed_query_parameters_are_a_request_error(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    # Given a GET whose parameters are not one GraphQL request
    # When it is sent
    response = await client.get("/graphql", params=params, headers={"accept": "application/json"})
    # Then it is refused as the client's mistake
    assert_request_error(response, 400)


async def test_a_mutation_sent_with_get_gets_405(client: httpx.AsyncClient) -> None:
    # Given a mutation in the query string of a GET
    response = await client.get(
        "/graphql",
        params={"query": "mutation { __typename }"},
        headers={"accept": "application/json"},
    )
    # Then it is refused as GraphQL over HTTP asks: 405, and Allow names POST
    assert_request_error(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.fixture
def small_app(settings: Settings, database: Database) -> Starlette:
    """The app with a 2 KiB body limit."""
    return create_app(settings.model_copy(update={"graphql_max_body_bytes": 2048}), database)


def _padded(size: int) -> bytes:
    """A valid request of exactly ``size`` bytes (the query padded with spaces)."""
    base = json.dumps({"query": "{ __typename }"}).encode()
    return base[:-1] + b" " * (size - len(base)) + b"}"


async def test_bodies_up_to_the_limit_pass_and_larger_ones_get_413(small_app: Starlette) -> None:
    # Given the app with a 2 KiB limit
    transport = httpx.ASGITransport(app=small_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        # When a request of exactly the limit, and one a byte over it, are posted
        at_limit = await client.post("/graphql", content=_padded(2048), headers=_JSON)
        over = await client.post("/graphql", content=_padded(2049), headers=_JSON)
    # Then the first runs and the second is refused with 413
    assert at_limit.json() == {"data": {"__typename": "Query"}}
    assert_request_error(over, 413)
    assert over.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


async def test_a_streamed_body_is_cut_off_at_the_limit(small_app: Starlette) -> None:
    # Given a body sent in chunks without Content-Length, growing far past the limit
    chunks = [b'{"query": "{ __typename }", "pad": "', *([b"x" * 1024] * 64), b'"}']
    received: list[Message] = []

    async def receive() -> Message:
        body = chunks.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(chunks)}

    async def send(message: Message) -> None:
        received.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"hub.test")],
        "client": ("127.0.0.1", 1234),
        "server": ("hub.test", 80),
    }
    # When it is posted
    await small_app(scope, receive, send)
    # Then the answer is 413, and the hub stopped reading soon after the limit
    assert received[0]["status"] == 413
    assert len(chunks) > 55


async def test_the_token_endpoint_shares_the_mechanism(client: httpx.AsyncClient) -> None:
    # Given a token request over the token endpoint's own 64 KiB limit
    form = b"grant_type=client_credentials&pad=" + b"x" * (64 * 1024)
    # When it is posted
    response = await client.post(
        "/oauth2/token",
        content=form,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    # Then it is refused in OAuth's own terms
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "The request body is too large.",
    }
