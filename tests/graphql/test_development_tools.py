"""Introspection and GraphiQL: on in development and test, off in production unless asked for.

``HUB_GRAPHQL_INTROSPECTION`` and ``HUB_GRAPHIQL`` override the default either way. With
introspection off, ``__schema`` and ``__type`` are refused before anything runs; ``__typename``
stays, as clients use it to tell types apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from hub.app import create_app
from hub.db import Database
from hub.settings import Environment, Settings

SCHEMA_QUERY = "{ __schema { queryType { name } } }"
TYPE_QUERY = '{ __type(name: "Query") { name } }'
TYPENAME = "{ __typename }"
PRODUCTION = {
    "environment": Environment.PRODUCTION,
    "eid_issuer": "https://eid.example.gov.vn",
    "eid_client_id": "hub",
    "eid_client_secret": "secret",
    "session_secret": "x" * 32,
}


@pytest.mark.parametrize(
    ("given", "graphiql", "introspection"),
    [
        ({"environment": Environment.DEVELOPMENT}, True, True),
        ({"environment": Environment.TEST}, True, True),
        (PRODUCTION, False, False),
        ({**PRODUCTION, "graphiql": True, "graphql_introspection": True}, True, True),
        ({"environment": Environment.DEVELOPMENT, "graphql_introspection": False}, True, False),
    ],
)
def test_defaults_follow_the_environment(
    given: dict[str, object], graphiql: bool, introspection: bool
) -> None:
    settings = Settings.model_validate(given)
    assert (settings.graphiql_enabled, settings.introspection_enabled) == (graphiql, introspection)


def test_the_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_GRAPHIQL", "false")
    monkeypatch.setenv("HUB_GRAPHQL_INTROSPECTION", "0")
    settings = Settings(environment=Environment.DEVELOPMENT)
    assert not settings.graphiql_enabled
    assert not settings.introspection_enabled


@pytest.fixture
async def production(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app with production's defaults."""
    app = create_app(Settings.model_validate(PRODUCTION), database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield http


async def test_production_refuses_introspection_but_answers_typename(
    production: httpx.AsyncClient,
) -> None:
    # Given the hub in production, when a client introspects the schema
    refused = [
        await production.post("/graphql", json={"query": query})
        for query in (SCHEMA_QUERY, TYPE_QUERY)
    ]
    typename = await production.post("/graphql", json={"query": TYPENAME})
    # Then both introspection fields are refused as bad input, and __typename still answers
    for response in refused:
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "introspection" in error["message"].lower()
        assert response.json()["data"] is None
    assert typename.json() == {"data": {"__typename": "Query"}}


async def test_production_serves_no_graphiql(production: httpx.AsyncClient) -> None:
    # Given the hub in production, when a browser opens /graphql
    response = await production.get("/graphql", headers={"accept": "text/html"})
    asset = await production.get("/static/graphiql/react@18.2.0/react.production.min.js")
    # Then there is no GraphiQL page (nor its files), and the answer says so in JSON
    assert asset.status_code == 404
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "HUB_GRAPHIQL" in response.json()["errors"][0]["message"]


async def test_development_introspects(client: httpx.AsyncClient) -> None:
    # Given the hub in development or test (the suite's app), introspection answers
    response = await client.post("/graphql", json={"query": SCHEMA_QUERY})
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
