"""Request errors per GraphQL over HTTP: a request that cannot be executed has no ``data``.

For ``application/graphql-response+json`` such a request gets status 400 and a body without
``data`` (not ``"data": null``); a request that was executed keeps ``data`` and status 200,
even when a field failed. Legacy ``application/json`` clients keep status 200 and
``"data": null``.
"""

from __future__ import annotations

import httpx
import pytest

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}
LEGACY = {"accept": "application/json"}
TWO_OPERATIONS = "query A { a: __typename } query B { b: __typename }"
DEEP = '{ administrativeUnit(code: "01") ' + "{ parent " * 13 + "{ name }" + " }" * 14

NOT_EXECUTED: list[tuple[str, str, dict[str, object]]] = [
    ("syntax", "{ administrativeUnit(code: ", {}),
    ("unknown field", "{ nothingHere }", {}),
    (
        "variable of the wrong type",
        "query ($f: Int) { administrativeUnits(first: $f) { totalCount } }",
        {"f": "x"},
    ),
    ("missing variable", "query ($c: String!) { administrativeUnit(code: $c) { name } }", {}),
    ("two operations, no name", TWO_OPERATIONS, {}),
    ("control character", '{ administrativeUnits(search: "\\u0085") { totalCount } }', {}),
    ("too deep", DEEP, {}),
]


@pytest.mark.parametrize(
    ("document", "variables"),
    [pytest.param(document, variables, id=name) for name, document, variables in NOT_EXECUTED],
)
async def test_a_request_that_cannot_run_has_no_data(
    client: httpx.AsyncClient, document: str, variables: dict[str, object]
) -> None:
    # Given a request that fails before execution
    request = {"query": document, "variables": variables}
    # When it is sent accepting the GraphQL response media type, and as a legacy client
    answer = await client.post("/graphql", json=request, headers=GRAPHQL_RESPONSE)
    legacy = await client.post("/graphql", json=request, headers=LEGACY)
    # Then the first gets 400 and no data at all; the second 200 and "data": null
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in answer.json()
    assert answer.json()["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "LIMIT_EXCEEDED")
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None


async def test_a_failed_field_keeps_data_and_200(client: httpx.AsyncClient) -> None:
    # Given a request that runs, with one field failing after validation passed
    document = """query ($c: String!) { administrativeUnit(code: "01", asOf: "2025-07-01") { name }
      page: administrativeUnits(first: 101) { totalCount } other: codeList(id: $c) { id } }"""
    # When it is sent accepting the GraphQL response media type
    answer = await client.post(
        "/graphql",
        json={"query": document, "variables": {"c": "ethnic-groups"}},
        headers=GRAPHQL_RESPONSE,
    )
    # Then it is an ordinary response: 200 with data (null, as the failed field is non-null)
    assert answer.status_code == 200
    assert "data" in answer.json()
    assert answer.json()["errors"][0]["path"] == ["page"]


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_two_operations_need_an_operation_name(
    client: httpx.AsyncClient, method: str
) -> None:
    # Given a document with two operations
    def send(name: str | None) -> httpx.Request:
        request: dict[str, str] = {"query": TWO_OPERATIONS}
        if name is not None:
            request["operationName"] = name
        if method == "GET":
            return client.build_request("GET", "/graphql", params=request, headers=GRAPHQL_RESPONSE)
        return client.build_request("POST", "/graphql", json=request, headers=GRAPHQL_RESPONSE)

    # When it is sent without operationName, then naming each operation
    unnamed = await client.send(send(None))
    first, second = await client.send(send("A")), await client.send(send("B"))
    # Then the first is a request error, and each named one runs that operation
    assert unnamed.status_code == 400
    assert "operationName" in unnamed.json()["errors"][0]["message"]
    assert "data" not in unnamed.json()
    assert first.json() == {"data": {"a": "Query"}}
    assert second.json() == {"data": {"b": "Query"}}
