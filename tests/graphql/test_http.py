"""The HTTP surface: GraphQL over HTTP, GraphiQL, health, readiness and metrics."""

from __future__ import annotations

import httpx

QUERY = '{ administrativeUnit(code: "01", asOf: "2025-07-01") { name } }'
GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_post_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"administrativeUnit": {"name": "Thành phố Hà Nội"}}}


async def test_get_query(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": QUERY}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["administrativeUnit"]["name"] == "Thành phố Hà Nội"


async def test_graphql_response_media_type(client: httpx.AsyncClient) -> None:
    # Given a client that prefers the GraphQL response media type
    headers = {"accept": f"{GRAPHQL_RESPONSE}, application/json;q=0.9"}
    ok = await client.post("/graphql", json={"query": QUERY}, headers=headers)
    broken = await client.post("/graphql", json={"query": "{ administrativeUnit("}, headers=headers)
    # Then it gets that media type, and 400 for a document that cannot run
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert broken.status_code == 400
    assert broken.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert broken.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_graphiql_for_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.post("/graphql", json={"query": QUERY})
    text = (await client.get("/metrics")).text
    assert 'hub_http_requests_total{method="POST",route="/graphql",status="200"} 1.0' in text


async def test_request_id_is_returned(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"x-request-id": "abc12345-request"})
    made = await client.get("/healthz", headers={"x-request-id": "bad id\n"})
    assert given.headers["x-request-id"] == "abc12345-request"
    assert made.headers["x-request-id"] != "bad id\n"
    assert len(made.headers["x-request-id"]) == 32
