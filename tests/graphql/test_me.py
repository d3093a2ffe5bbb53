"""``me``: a citizen reads who read their data; oversight bodies read anybody's log."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope

from hub.audit import service as audit
from hub.audit.models import RequestLog
from hub.auth.middleware import AuthenticationMiddleware
from hub.db import Database
from hub.errors import Conflict
from hub.graphql import access_logging
from hub.http.session import state
from hub.kit.clock import utcnow
from hub.kit.pagination import page_request
from hub.principals.principal import ANONYMOUS, Principal
from hub.principals.scopes import Scope
from hub.registry.kinds.person import service as persons_service
from tests.access_fixtures import (
    AGENCY_CODE,
    AGENCY_NAME,
    ALICE,
    BOB,
    CASE,
    INVESTIGATION,
    INVESTIGATION_CLIENT_ID,
    PURPOSE,
    PURPOSE_EN,
    PURPOSE_VI,
    World,
    build_world,
    citizen,
    codes,
    delegated,
    run,
)
from tests.access_fixtures import client as agency
from tests.websocket_client import over_websocket

ALL = frozenset({Scope.PERSON_IDENTITY_READ, Scope.PERSON_CONTACT_READ, Scope.PERSON_ADDRESS_READ})
CHECK_RESIDENCE = """
query CheckResidence($pin: String) { person(pin: $pin) { fullName address { street } } }
"""
CALL_BACK = "query CallBack($pin: String) { person(pin: $pin) { phone } }"
MY_LOG = """
query MyLog($first: Int, $after: String, $includeSelf: Boolean! = false) {
  me {
    person { fullName }
    accessLog(first: $first, after: $after, includeSelf: $includeSelf) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        agency { code name }
        purpose { code descriptionVi descriptionEn }
        case attributeGroup attributes operationName readerKind
      } }
    }
  }
}
"""
OVERSIGHT = """
query Oversight($pin: String) {
  person(pin: $pin) { accessLog(first: 50) { totalCount edges { node { purpose { code } } } } }
}
"""
MY_PERSON_LOG = "query($pin: String) { person(pin: $pin) { accessLog { totalCount } } }"
ME = "{ me { person { fullName } } }"


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await build_world(session)


def _nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in body["data"]["me"]["accessLog"]["edges"]]


async def _agency_reads_alice(session: AsyncSession) -> None:
    await run(session, CHECK_RESIDENCE, agency(ALL), {"pin": ALICE["citizen_id"]})
    await run(session, CALL_BACK, agency(ALL), {"pin": ALICE["citizen_id"]})


async def test_citizen_sees_who_read_their_data_newest_first(
    session: AsyncSession, world: World
) -> None:
    # Given an agency read Alice's name and address, then her phone, and Alice read herself
    await _agency_reads_alice(session)
    await run(session, CALL_BACK, citizen(world.alice, ALL), {"pin": ALICE["citizen_id"]})
    # When Alice opens her access log
    body = await run(session, MY_LOG, citizen(world.alice, ALL))
    # Then she sees the agency's three reads, newest first, with agency, purpose and case
    assert "errors" not in body
    assert body["data"]["me"]["person"] == {"fullName": ALICE["full_name"]}
    nodes = _nodes(body)
    assert [n["operationName"] for n in nodes] == ["CallBack", "CheckResidence", "CheckResidence"]
    assert sorted((n["attributeGroup"], n["attributes"]) for n in nodes) == [
        ("person.address:read", ["address", "address.street"]),
        ("person.contact:read", ["phone"]),
        ("person.identity:read", ["fullName"]),
    ]
    assert nodes[0]["agency"] == {"code": AGENCY_CODE, "name": AGENCY_NAME}
    assert nodes[0]["purpose"] == {
        "code": PURPOSE,
        "descriptionVi": PURPOSE_VI,
        "descriptionEn": PURPOSE_EN,
    }
    assert (nodes[0]["case"], nodes[0]["readerKind"]) == (CASE, "AGENCY")
    # And her own reads (of her phone, and of her name on opening the log) only on request
    with_self = await run(session, MY_LOG, citizen(world.alice, ALL), {"includeSelf": True})
    assert with_self["data"]["me"]["accessLog"]["totalCount"] == 5
    assert _nodes(with_self)[0]["readerKind"] == "SELF"
    assert _nodes(with_self)[0]["agency"] is None


async def test_the_log_pages_with_cursors(session: AsyncSession, world: World) -> None:
    # Given three entries in Alice's log
    await _agency_reads_alice(session)
    # When she pages two at a time
    first = await run(session, MY_LOG, citizen(world.alice, ALL), {"first": 2})
    page = first["data"]["me"]["accessLog"]
    second = await run(
        session,
        MY_LOG,
        citizen(world.alice, ALL),
        {"first": 2, "after": page["pageInfo"]["endCursor"]},
    )
    # Then the pages split the entries without overlap, and the count covers both
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    rest = second["data"]["me"]["accessLog"]
    assert rest["pageInfo"]["hasNextPage"] is False
    groups = [n["attributeGroup"] for n in _nodes(first) + _nodes(second)]
    assert groups[0] == "person.contact:read"
    assert sorted(groups) == ["person.address:read", "person.contact:read", "person.identity:read"]


async def test_a_bad_cursor_is_bad_input(session: AsyncSession, world: World) -> None:
    body = await run(session, MY_LOG, citizen(world.alice, ALL), {"after": "bm90LWEtY3Vyc29y"})
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_citizens_see_only_their_own_log(session: AsyncSession, world: World) -> None:
    # Given an agency read Alice
    await _agency_reads_alice(session)
    # When Bob opens his log
    body = await run(session, MY_LOG, citizen(world.bob, ALL))
    # Then it is empty
    assert body["data"]["me"]["accessLog"]["totalCount"] == 0
    assert body["data"]["me"]["person"] == {"fullName": BOB["full_name"]}


async def test_reads_under_a_delayed_purpose_show_after_the_delay(
    session: AsyncSession, world: World
) -> None:
    # Given the investigation client read Alice under a purpose hidden from her for 30 days
    investigator = agency(ALL, client_id=INVESTIGATION_CLIENT_ID, purpose=INVESTIGATION)
    await run(session, CALL_BACK, investigator, {"pin": ALICE["citizen_id"]})
    await run(session, CALL_BACK, agency(ALL), {"pin": ALICE["citizen_id"]})
    # When Alice looks now, and when her log is read as of 31 days later
    now = await run(session, MY_LOG, citizen(world.alice, ALL))
    later = await audit.person_log(
        session,
        world.alice.id,
        page_request(20, None),
        include_self=False,
        visible_at=utcnow() + timedelta(days=31),
    )
    # Then the investigation's read is hidden now and shown later
    assert [n["purpose"]["code"] for n in _nodes(now)] == [PURPOSE]
    assert sorted(str(i.entry.purpose_code) for i in later.items) == sorted(
        [PURPOSE, INVESTIGATION]
    )


async def test_oversight_reads_every_entry_and_is_logged_doing_so(
    session: AsyncSession, world: World
) -> None:
    # Given an ordinary and a delayed read of Alice
    investigator = agency(ALL, client_id=INVESTIGATION_CLIENT_ID, purpose=INVESTIGATION)
    await run(session, CALL_BACK, investigator, {"pin": ALICE["citizen_id"]})
    await run(session, CALL_BACK, agency(ALL), {"pin": ALICE["citizen_id"]})
    # When an oversight client (audit:read) reads Alice's log
    auditor = agency({Scope.AUDIT_READ})
    body = await run(session, OVERSIGHT, auditor, {"pin": ALICE["citizen_id"]})
    # Then it sees both reads, the delayed one included
    log = body["data"]["person"]["accessLog"]
    assert log["totalCount"] == 2
    assert {e["node"]["purpose"]["code"] for e in log["edges"]} == {PURPOSE, INVESTIGATION}
    # And Alice sees that her log was read
    mine = _nodes(await run(session, MY_LOG, citizen(world.alice, ALL)))
    assert (mine[0]["attributeGroup"], mine[0]["attributes"]) == ("audit:read", ["accessLog"])


async def test_a_citizen_cannot_read_the_oversight_view(
    session: AsyncSession, world: World
) -> None:
    # When Alice asks for her log through person(...) instead of me
    body = await run(
        session, MY_PERSON_LOG, citizen(world.alice, ALL), {"pin": ALICE["citizen_id"]}
    )
    # Then that field needs audit:read
    assert codes(body) == ["FORBIDDEN"]
    assert body["data"] == {"person": {"accessLog": None}}


@pytest.mark.parametrize(
    ("who", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("agency", "FORBIDDEN"), ("delegated", "FORBIDDEN")],
)
async def test_me_is_for_citizens(session: AsyncSession, world: World, who: str, code: str) -> None:
    principal = {
        "anonymous": ANONYMOUS,
        "agency": agency(ALL),
        "delegated": delegated(world.alice, ALL),
    }[who]
    body = await run(session, ME, principal)
    assert codes(body) == [code]
    assert body["data"] == {"me": None}


@pytest.fixture
def signed_in_as(monkeypatch: pytest.MonkeyPatch) -> list[Principal]:
    """Stand-in for the authentication middleware: the test sets the principal.

    The real middleware fills ``scope["state"]["principal"]`` from a token; this test is about
    what happens after it, so the middleware's ``__call__`` is patched for the test only.
    """
    current: list[Principal] = [ANONYMOUS]

    async def authenticate(
        self: AuthenticationMiddleware, scope: AsgiScope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] in ("http", "websocket"):
            state(scope)["principal"] = current[0]
        await self.app(scope, receive, send)

    monkeypatch.setattr(AuthenticationMiddleware, "__call__", authenticate)
    return current


async def test_over_http_the_log_is_committed_with_the_request_id(
    world: World, signed_in_as: list[Principal], client: httpx.AsyncClient, database: Database
) -> None:
    # Given an agency signed in
    signed_in_as[0] = agency(ALL)
    # When it reads Alice over HTTP with a request id
    response = await client.post(
        "/graphql",
        json={"query": CALL_BACK, "variables": {"pin": ALICE["citizen_id"]}},
        headers={"x-request-id": "http-read-0001"},
    )
    # Then it gets the data, and the request row was committed with that id
    assert response.json() == {"data": {"person": {"phone": ALICE["phone"]}}}
    async with database.session() as fresh:
        rows = (await fresh.execute(select(RequestLog))).scalars().all()
    assert [(r.request_id, r.operation_name, r.entry_count) for r in rows] == [
        ("http-read-0001", "CallBack", 1)
    ]


async def _over_websocket(app: Starlette, document: str, variables: dict[str, Any]) -> list[Any]:
    return await over_websocket(app, document, variables)


async def test_over_websocket_a_read_is_not_returned_without_its_log_entry(
    world: World, signed_in_as: list[Principal], app: Starlette, database: Database
) -> None:
    # Given an agency signed in on a WebSocket (no HTTP response edge commits its session)
    signed_in_as[0] = agency(ALL)
    # When it reads Alice with a query sent over graphql-transport-ws, then disconnects
    sent = await _over_websocket(app, CALL_BACK, {"pin": ALICE["citizen_id"]})
    # Then it got the data
    assert [m["type"] for m in sent] == ["connection_ack", "next", "complete"]
    assert sent[1]["payload"] == {"data": {"person": {"phone": ALICE["phone"]}}}
    # And the read was committed to the access log, not rolled back with the connection
    async with database.session() as fresh:
        rows = (await fresh.execute(select(RequestLog))).scalars().all()
    assert [(r.operation_name, r.entry_count) for r in rows] == [("CallBack", 1)]


async def test_over_websocket_an_expired_token_reads_nothing(
    world: World, signed_in_as: list[Principal], app: Starlette
) -> None:
    # Given a WebSocket opened with an agency token that has expired since (the middleware
    # checked it once, at the handshake)
    signed_in_as[0] = replace(agency(ALL), expires_at=utcnow() - timedelta(seconds=1))
    # When an operation on it reads Alice
    sent = await _over_websocket(app, CALL_BACK, {"pin": ALICE["citizen_id"]})
    # Then it is refused as if no credentials had been given
    assert sent[1]["payload"]["data"] == {"person": None}
    assert [e["extensions"]["code"] for e in sent[1]["payload"]["errors"]] == ["UNAUTHENTICATED"]


async def test_over_websocket_data_is_withheld_when_the_log_cannot_be_written(
    world: World, signed_in_as: list[Principal], app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an agency on a WebSocket, and an access log that refuses the write
    signed_in_as[0] = agency(ALL)

    async def busy(*_args: object, **_kwargs: object) -> None:
        raise Conflict(audit.BUSY)

    monkeypatch.setattr(access_logging, "append_reads", busy)
    # When it reads Alice over graphql-transport-ws
    sent = await _over_websocket(app, CALL_BACK, {"pin": ALICE["citizen_id"]})
    # Then the data does not leave: the result sent is the log's error (streamed results left
    # the hub before the operation's end, where the log is written, was reached)
    assert sent[1]["payload"] == {
        "data": None,
        "errors": [{"message": audit.BUSY, "extensions": {"code": "CONFLICT"}}],
    }


async def test_over_websocket_internal_errors_are_masked(
    world: World, signed_in_as: list[Principal], app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an agency on a WebSocket, and a lookup that fails with an unexpected error
    signed_in_as[0] = agency(ALL)

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("connection to db-primary:5432 failed for user hub_rw")

    monkeypatch.setattr(persons_service, "find_by_citizen_id", broken)
    # When it reads Alice over graphql-transport-ws
    sent = await _over_websocket(app, CALL_BACK, {"pin": ALICE["citizen_id"]})
    # Then the error is INTERNAL with a reference, and says nothing of the cause
    (error,) = sent[1]["payload"]["errors"]
    assert error["extensions"]["code"] == "INTERNAL"
    assert "db-primary" not in json.dumps(sent)
