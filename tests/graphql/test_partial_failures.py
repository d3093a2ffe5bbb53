"""A field that fails while its siblings run: the error is the answer, never a 500.

graphql-core cancels the sibling resolvers of a field whose error reaches a non-null parent,
and leaves others running "in the background". With a bearer token the request's session
already holds a connection when the fields start, so a sibling's statement was cut half-way:
the connection was invalidated and the commit at the edge failed (``PendingRollbackError``,
a bare 500). These tests send documents that mix fields that resolve and fields that fail, in
either order, at the root and deeper, with and without personal data.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import strawberry
from sqlalchemy import text
from sqlalchemy.exc import PendingRollbackError
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import verify
from hub.auth.keys import ensure_signing_key
from hub.db import Database, SerializedSession
from hub.graphql.execution import SettledExecutor
from tests.access_fixtures import CLIENT_ID, PURPOSE, build_world

ALICE_PIN = "001190000001"
HANOI = {"name": "Thành phố Hà Nội"}

UNIT_THEN_PAGE_TOO_LARGE = """{ a: administrativeUnit(code: "01", asOf: "2025-07-01") { name }
  b: administrativeUnits(first: 101) { totalCount } }"""
NEGATIVE_PAGE_THEN_UNIT = """{ b: administrativeUnits(first: -1) { totalCount }
  a: administrativeUnit(code: "01", asOf: "2025-07-01") { name } }"""
PERSON_THEN_BAD_CURSOR = f"""{{ person(pin: "{ALICE_PIN}") {{ fullName }}
  units: administrativeUnits(after: "not-a-cursor") {{ totalCount }} }}"""
PERSON_THEN_BAD_PIN = f"""{{ person(pin: "{ALICE_PIN}") {{ fullName }}
  other: person(pin: "12x") {{ fullName }} }}"""
LISTS_THEN_OVERLONG_SEARCH = f"""{{ units: administrativeUnits(first: 3) {{ edges {{ node {{ name }} }} }}
  versions: administrativeUnitVersions(code: "01") {{ name }}
  bad: administrativeUnits(search: "{"a" * 300}") {{ totalCount }} }}"""
NESTED_UNIT_AND_BAD_PIN = """{ a: administrativeUnit(code: "01", asOf: "2025-07-01") { name }
  b: administrativeUnit(code: "79", asOf: "2025-07-01") { name }
  c: person(pin: "0") { fullName } }"""
FOLLOW_UP = '{ administrativeUnit(code: "01", asOf: "2025-07-01") { name } }'


async def _bearer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await build_world(session)
    await ensure_signing_key(session)
    await session.commit()
    response = await client.post(
        "/oauth2/token",
        auth=(CLIENT_ID, "test-secret-not-used"),
        data={"grant_type": "client_credentials", "scope": "person.identity:read"},
    )
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['access_token']}", "hub-purpose": PURPOSE}


@pytest.mark.parametrize(
    ("document", "data", "failed"),
    [
        (UNIT_THEN_PAGE_TOO_LARGE, None, ["b"]),
        (NEGATIVE_PAGE_THEN_UNIT, None, ["b"]),
        (PERSON_THEN_BAD_CURSOR, None, ["units"]),
        (PERSON_THEN_BAD_PIN, {"person": {"fullName": "Nguyễn Thị Lan"}, "other": None}, ["other"]),
        (LISTS_THEN_OVERLONG_SEARCH, None, ["bad"]),
        (
            NESTED_UNIT_AND_BAD_PIN,
            {"a": HANOI, "b": {"name": "Thành phố Hồ Chí Minh"}, "c": None},
            ["c"],
        ),
    ],
)
async def test_a_failing_field_beside_resolving_ones_is_bad_input(
    client: httpx.AsyncClient,
    session: AsyncSession,
    document: str,
    data: dict[str, Any] | None,
    failed: list[str],
) -> None:
    # Given an agency client with a token (its session holds a connection from the start)
    headers = await _bearer(client, session)
    # When it sends a document where one field fails beside fields that resolve, twice
    answers = [
        await client.post("/graphql", json={"query": document}, headers=headers) for _ in range(2)
    ]
    follow_up = await client.post("/graphql", json={"query": FOLLOW_UP}, headers=headers)
    # Then each answer is the partial result with BAD_USER_INPUT on the failing field
    for answer in answers:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["data"] == data
        assert [error["path"][0] for error in body["errors"]] == failed
        assert {error["extensions"]["code"] for error in body["errors"]} == {"BAD_USER_INPUT"}
    # And the next request, and the access log, are unharmed
    assert follow_up.json() == {"data": {"administrativeUnit": HANOI}}
    assert (await verify(session)).ok


async def test_a_cancelled_statement_leaves_the_session_usable(
    database: Database, backend: str
) -> None:
    # Given a session whose connection is busy with a slow statement
    slow = (
        "SELECT pg_sleep(0.3)"
        if backend == "postgresql"
        else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)"
        " SELECT count(*) FROM n"
    )
    async with database.session() as session:
        await session.execute(text("SELECT 1"))
        statement = asyncio.ensure_future(session.execute(text(slow)))
        await asyncio.sleep(0.05)
        # When the task awaiting it is cancelled half-way (as graphql-core cancels siblings)
        statement.cancel()
        with pytest.raises(asyncio.CancelledError):
            await statement
        # Then the session goes on and commits, instead of needing a rollback
        assert (await session.execute(text("SELECT 2"))).scalar_one() == 2
        await session.commit()


async def test_no_resolver_outlives_its_operation() -> None:
    # Given a schema where a non-null field fails at once while a sibling is still working
    finished: list[str] = []

    @strawberry.type
    class Query:
        @strawberry.field
        async def slow(self) -> str:
            await asyncio.sleep(0.05)
            finished.append("slow")
            return "done"

        @strawberry.field
        def broken(self) -> str:
            raise ValueError("fails at once")

    schema = strawberry.Schema(query=Query, execution_context_class=SettledExecutor)
    # When the operation is executed
    result = await schema.execute("{ slow broken }")
    # Then it fails as a whole, but only once the sibling has finished its work
    assert result.data is None
    assert finished == ["slow"]


async def test_a_commit_that_fails_at_the_edge_is_a_coded_error(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database whose commit fails (a fault, injected: the classes above no longer do it)
    async def failing_commit(self: AsyncSession) -> None:
        raise PendingRollbackError("injected")

    monkeypatch.setattr(SerializedSession, "commit", failing_commit)
    # When a request that used the database ends
    response = await client.post("/graphql", json={"query": FOLLOW_UP})
    # Then the client gets a coded INTERNAL error with a reference, not the data and not a
    # bare "Internal Server Error"
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL"
    assert error["extensions"]["reference"] in error["message"]
    assert "data" not in response.json()
