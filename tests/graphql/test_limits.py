"""Document limits: depth, aliases and cost give LIMIT_EXCEEDED before anything runs."""

from __future__ import annotations

import httpx

from tests.conftest import GraphQLClient

DEEP = '{ administrativeUnit(code: "26740") { ' + "parent { " * 14 + "code" + " }" * 14 + " } }"
ALIASES = (
    "{ " + " ".join(f'a{i}: administrativeUnit(code: "24") {{ name }}' for i in range(40)) + " }"
)
COSTLY = """{ administrativeUnits(first: 100) { edges { node {
  children(first: 100) { edges { node { children(first: 100) { edges { node { code } } } } } } } } } }"""
AFFORDABLE = """{ administrativeUnits(first: 10) { edges { node { children(first: 10) { edges { node { code } } } } } } }"""


async def test_too_deep(graphql: GraphQLClient) -> None:
    body = await graphql(DEEP)
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


async def test_too_many_aliases(graphql: GraphQLClient) -> None:
    body = await graphql(ALIASES)
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


async def test_too_costly(graphql: GraphQLClient) -> None:
    body = await graphql(COSTLY)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"]


async def test_an_ordinary_nested_page_is_allowed(graphql: GraphQLClient) -> None:
    body = await graphql(AFFORDABLE)
    assert "errors" not in body


EMPTY_SELECTIONS = ["{}", "query Nothing {}", '{ administrativeUnit(code: "24") {} }']


async def test_an_empty_selection_set_is_a_validation_error_not_a_crash(
    client: httpx.AsyncClient,
) -> None:
    # Given documents that select nothing (graphql-core 3.3 parses them; the depth count did
    # not survive them, and the compiled read path turned that into a 500)
    for document in EMPTY_SELECTIONS:
        # When each is sent
        response = await client.post("/graphql", json={"query": document})
        # Then the answer is a validation error naming what is missing
        assert response.status_code < 500, response.text
        error = response.json()["errors"][0]
        assert "at least one field" in error["message"], (document, error)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
