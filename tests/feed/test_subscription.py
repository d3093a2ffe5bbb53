"""``masterDataChanged`` over graphql-transport-ws: authenticated in connection_init, filtered
by rights, resumable without gap or repeat, closed when the token expires or is revoked, or
its client disabled."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette

import hub.feed.stream as stream_module
from hub.auth.clients import disable_client
from hub.db import Database
from hub.kit.clock import utcnow
from hub.settings import Environment, Settings
from tests.auth.server.support import (
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    POLICE,
    POLICE_SECRET,
    World,
    build_world,
    client_token,
)
from tests.feed.feed_fixtures import create_an, move_an, publish
from tests.feed.subscriber import Subscriber

CHANGES = """
subscription Changes($after: String, $types: [EntityType!]) {
  masterDataChanged(after: $after, types: $types) { id type subject data }
}
"""
LAND_SCOPES = "person.identity:read person.address:read"
LAND_PURPOSE = "land-registration"
RECHECK_SECONDS = 0.2


@pytest.fixture
def settings() -> Settings:
    """The test settings, with idle subscriptions asking every 0.2 s whether their
    credentials still stand (2 s by default)."""
    return Settings(
        environment=Environment.TEST,
        database_url="sqlite:///unused.db",
        feed_recheck_seconds=RECHECK_SECONDS,
    )


async def _params(client: httpx.AsyncClient, scope: str = LAND_SCOPES) -> dict[str, str]:
    token = await client_token(client, scope)
    return {"Authorization": f"Bearer {token}", "Hub-Purpose": LAND_PURPOSE}


async def _keep_publishing(database: Database, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await publish(database)
        await asyncio.sleep(0.02)


async def test_a_subscriber_gets_new_changes_and_resumes_after_its_last_event(
    live_app: Starlette, live_database: Database
) -> None:
    app, database = live_app, live_database
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        await _resumes(app, client, database)


async def _resumes(app: Starlette, client: httpx.AsyncClient, database: Database) -> None:
    # Given the land office subscribed with its token in connection_init, a relay running
    async with database.session() as opened:
        await build_world(opened)
    stop = asyncio.Event()
    relay = asyncio.create_task(_keep_publishing(database, stop))
    first = Subscriber(app, await _params(client))
    await first.subscribe(CHANGES)
    await asyncio.sleep(0.2)
    # When An is created and moved
    an = await create_an(database)
    await move_an(database, "Số 1 Hai Bà Trưng")
    got = await first.wait_for(2)
    await first.disconnect()
    # And, while it is away, moved twice more, then it resumes after its last event
    await move_an(database, "Số 2 Hai Bà Trưng")
    await move_an(database, "Số 3 Hai Bà Trưng")
    second = Subscriber(app, await _params(client))
    await second.subscribe(CHANGES, {"after": got[-1]["id"]})
    resumed = await second.wait_for(2)
    await asyncio.sleep(0.3)
    await second.disconnect()
    stop.set()
    await relay
    # Then it got every event once, in order
    assert [e["subject"] for e in got] == [an, an]
    assert [e["type"] for e in got] == [
        "vn.lienthong.person.created",
        "vn.lienthong.person.updated",
    ]
    assert [e["data"]["values"]["addressStreet"] for e in second.events()] == [
        "Số 2 Hai Bà Trưng",
        "Số 3 Hai Bà Trưng",
    ]
    ids = [int(e["id"]) for e in got + resumed]
    assert ids == sorted(set(ids))


async def test_a_bad_token_in_connection_init_closes_the_socket(app: Starlette) -> None:
    # Given a token that is not one
    subscriber = Subscriber(app, {"Authorization": "Bearer not-a-token"})
    # When it subscribes
    await subscriber.subscribe(CHANGES)
    # Then the hub closes the socket as forbidden, before any operation
    assert await subscriber.wait_closed() == 4403
    assert subscriber.events() == []
    await subscriber.disconnect()


async def test_a_type_the_grant_does_not_cover_is_refused(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    # Given the police client, whose grant covers only the identity of persons
    await _build(app)
    token = await client_token(
        client, "person.identity:read", client_id=POLICE, secret=POLICE_SECRET
    )
    subscriber = Subscriber(
        app, {"Authorization": f"Bearer {token}", "Hub-Purpose": "criminal-investigation"}
    )
    # When it subscribes to land parcels
    await subscriber.subscribe(CHANGES, {"types": ["LAND_PARCEL"]})
    await subscriber.wait_complete()
    await subscriber.disconnect()
    # Then it gets a FORBIDDEN error naming the type
    [error] = next(m for m in subscriber.sent if m["type"] == "next")["payload"]["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "land_parcel" in error["message"]


async def _build(app: Starlette) -> World:
    database: Database = app.state.database
    async with database.session() as opened:
        return await build_world(opened)


async def test_the_socket_closes_when_the_token_expires(
    app: Starlette, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a subscriber whose token expires while it listens (the clock jumps an hour on)
    await _build(app)
    subscriber = Subscriber(app, await _params(client))
    await subscriber.subscribe(CHANGES)
    await asyncio.sleep(0.3)
    assert subscriber.closed is None
    later = utcnow() + timedelta(hours=1)
    monkeypatch.setattr(stream_module, "utcnow", lambda: later)
    # When the stream next looks at the clock, then the hub closes the socket (4401)
    assert await subscriber.wait_closed() == 4401
    await subscriber.disconnect()


async def test_the_socket_closes_when_the_token_is_revoked(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    # Given a subscriber listening with its token
    await _build(app)
    token = await client_token(client, LAND_SCOPES)
    subscriber = Subscriber(app, {"Authorization": f"Bearer {token}", "Hub-Purpose": LAND_PURPOSE})
    await subscriber.subscribe(CHANGES)
    await asyncio.sleep(0.3)
    assert subscriber.closed is None
    # When its client revokes the token (RFC 7009)
    revoked = await client.post(
        "/oauth2/revoke", data={"token": token}, auth=(LAND_OFFICE, LAND_OFFICE_SECRET)
    )
    assert revoked.status_code == 200, revoked.text
    # Then the hub closes the socket as forbidden within the recheck interval, saying why
    async with asyncio.timeout(RECHECK_SECONDS * 10):
        assert await subscriber.wait_closed() == 4403
    assert subscriber.close_reason == "The access token has been revoked."
    await subscriber.disconnect()


async def test_the_socket_closes_before_any_event_when_the_client_is_disabled(
    database: Database, client: httpx.AsyncClient
) -> None:
    # Given a subscriber listening (idle rechecks far apart: the change itself must trigger
    # the check), whose client is disabled before the next change
    from hub.app import create_app

    app = create_app(
        Settings(
            environment=Environment.TEST,
            database_url="sqlite:///unused.db",
            feed_recheck_seconds=300,
        ),
        database=database,
    )
    await _build(app)
    subscriber = Subscriber(app, await _params(client))
    await subscriber.subscribe(CHANGES)
    await asyncio.sleep(0.3)
    async with database.transaction() as session:
        await disable_client(session, LAND_OFFICE)
    # When a change is published
    await create_an(database)
    await publish(database)
    # Then the socket closes (4403, the reason given) and the change is not sent
    assert await subscriber.wait_closed() == 4403
    assert subscriber.close_reason == "The client of the access token is disabled."
    assert subscriber.events() == []
    await subscriber.disconnect()
