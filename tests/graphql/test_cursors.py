"""Cursors are bound to the connection that issued them.

Three connections whose items have the same kind of key (a code) stand for every pair: a
cursor of one, given as ``after`` to another, is refused with BAD_USER_INPUT naming ``after``;
given back to its own connection it returns the next page.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import GraphQLClient

ON = "2025-07-01"
CONNECTIONS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "Query.administrativeUnits": (
        f'query ($a: String) {{ c: administrativeUnits(asOf: "{ON}", first: 2, after: $a) '
        "{ edges { cursor node { code } } } }",
        lambda data: data["c"],
    ),
    "AdministrativeUnit.children": (
        f'query ($a: String) {{ u: administrativeUnit(code: "01", asOf: "{ON}") '
        "{ c: children(first: 2, after: $a) { edges { cursor node { code } } } } }",
        lambda data: data["u"]["c"],
    ),
    "CodeList.codes": (
        'query ($a: String) { l: codeList(id: "ethnic-groups") '
        "{ c: codes(first: 2, after: $a) { edges { cursor node { code } } } } }",
        lambda data: data["l"]["c"],
    ),
}


async def _page(graphql: GraphQLClient, name: str, after: str | None) -> dict[str, Any]:
    document, _connection = CONNECTIONS[name]
    body = await graphql.client.post(
        "/graphql", json={"query": document, "variables": {"a": after}}
    )
    return dict(body.json())


async def test_a_cursor_works_only_on_its_own_connection(graphql: GraphQLClient) -> None:
    # Given the second cursor of each connection
    cursors = {}
    for name, (_document, connection) in CONNECTIONS.items():
        first = await _page(graphql, name, None)
        cursors[name] = connection(first["data"])["edges"][1]["cursor"]
    for owner, cursor in cursors.items():
        for name, (_document, connection) in CONNECTIONS.items():
            # When it is given as `after` to each connection
            body = await _page(graphql, name, cursor)
            if name == owner:
                # Then its own connection returns the next page
                assert "errors" not in body, body
                assert len(connection(body["data"])["edges"]) == 2
            else:
                # And every other connection refuses it, naming the argument
                error = body["errors"][0]
                assert error["extensions"]["code"] == "BAD_USER_INPUT", (owner, name, body)
                assert error["message"].startswith("Argument 'after' is a cursor of another")


@pytest.mark.parametrize(
    "cursor",
    [
        base64.urlsafe_b64encode(b"k:01").decode(),
        base64.urlsafe_b64encode(b"Query.persons|k:01").decode(),
        "not a cursor!",
        base64.urlsafe_b64encode("\u0000".encode()).decode(),
    ],
)
async def test_a_made_up_cursor_is_refused(graphql: GraphQLClient, cursor: str) -> None:
    # Given a cursor no connection here issued (unbound, another field's, garbage)
    body = await _page(graphql, "Query.administrativeUnits", cursor)
    # Then it is refused as bad input naming `after`
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'after'" in error["message"]
