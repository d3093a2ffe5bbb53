"""Webhooks through GraphQL: an agency client registers its own endpoint for what its grant
covers, reads the attempts made to it, disables, enables and replays it; nobody else may."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit.service import person_log
from hub.db import Database
from hub.feed.retention import prune
from hub.feed.webhooks.models import WebhookEndpoint
from hub.feed.webhooks.post import client as http_client
from hub.feed.webhooks.worker import EndpointWorker
from hub.kit.clock import utcnow
from hub.kit.pagination import PageRequest
from hub.principals.principal import ANONYMOUS
from hub.principals.scopes import Scope
from tests.access_fixtures import (
    INVESTIGATION_CLIENT_ID,
    PURPOSE,
    build_world,
    citizen,
    client,
    codes,
    run,
)
from tests.feed.feed_fixtures import SETTINGS, SOURCE, create_an, move_an, publish
from tests.feed.receivers import FlakyReceiver

REGISTER = """
mutation Register($url: String!, $types: [EntityType!]!, $purpose: String!) {
  registerWebhook(url: $url, types: $types, purpose: $purpose) {
    secret webhook { id url types purpose enabled }
  }
}
"""
DELIVERIES = """
query Deliveries($webhook: ID!) {
  webhooks { id }
  webhookDeliveries(webhook: $webhook, first: 10) {
    totalCount
    edges { node { eventId attempt succeeded statusCode error durationMs nextAttemptAt } }
  }
}
"""
REPLAY = """
mutation Replay($webhook: ID!, $from: String!) {
  replayWebhook(webhook: $webhook, fromEvent: $from) { id enabled }
}
"""
SWITCH = """
mutation Switch($webhook: ID!, $off: Boolean!) {
  disableWebhook(webhook: $webhook) @include(if: $off) { id enabled disabledReason }
  enableWebhook(webhook: $webhook) @skip(if: $off) { id enabled disabledReason }
}
"""
PUBLIC_URL = "https://1.1.1.1/hook"  # a public address: no DNS lookup in the test
PERSONS = {Scope.PERSON_IDENTITY_READ, Scope.PERSON_ADDRESS_READ}
POLICE = client(PERSONS)
RETRY_SOON = SETTINGS.model_copy(update={"webhook_retry_seconds": 0.01})


async def _register(session: AsyncSession, **variables: object) -> dict[str, Any]:
    arguments = {"url": PUBLIC_URL, "types": ["PERSON"], "purpose": PURPOSE, **variables}
    return await run(session, REGISTER, POLICE, arguments)


async def test_a_client_registers_an_endpoint_and_reads_its_deliveries(database: Database) -> None:
    # Given the police client registering an endpoint
    async with database.session() as session:
        await build_world(session)
        registered = await _register(session)
        await session.commit()
    assert "errors" not in registered, registered
    data = registered["data"]
    assert isinstance(data, dict)
    body = data["registerWebhook"]
    webhook, secret = body["webhook"], body["secret"]
    assert webhook["types"] == ["person"] and webhook["enabled"] and secret.startswith("whsec_")
    # When An is created and the sender delivers it to a receiver that fails once
    await create_an(database)
    await publish(database)
    receiver = FlakyReceiver(secret, failures=1)
    async with http_client(RETRY_SOON, receiver.transport()) as http:
        worker = EndpointWorker(
            database, RETRY_SOON, webhook["id"], source=SOURCE, holder="test-relay", http=http
        )
        for _ in range(20):
            if receiver.accepted:
                break
            await asyncio.sleep(await worker.step() or 0)
    # Then the client reads both attempts, newest first, and its endpoint
    async with database.session() as session:
        read = await run(session, DELIVERIES, POLICE, {"webhook": webhook["id"]})
    assert "errors" not in read, read
    assert read["data"]["webhooks"] == [{"id": webhook["id"]}]
    attempts = [e["node"] for e in read["data"]["webhookDeliveries"]["edges"]]
    assert [(a["attempt"], a["succeeded"], a["statusCode"]) for a in attempts] == [
        (2, True, 204),
        (1, False, 503),
    ]
    assert attempts[1]["error"] == "HTTP 503" and attempts[1]["nextAttemptAt"] is not None
    assert attempts[0]["eventId"] == receiver.accepted[0]["id"]
    # And another client, and a citizen, may not read them
    async with database.session() as session:
        other = await run(
            session,
            DELIVERIES,
            client(PERSONS, client_id=INVESTIGATION_CLIENT_ID),
            {"webhook": webhook["id"]},
        )
        assert codes(other) == ["NOT_FOUND"]
        # And a replay from an event no longer kept asks to resynchronise
        replayed = await run(session, REPLAY, POLICE, {"webhook": webhook["id"], "from": "0"})
        assert codes(replayed) == ["RESYNC_REQUIRED"]


async def test_only_an_agency_client_registers_and_only_for_what_it_may_read(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a hub in production
    monkeypatch.setenv("HUB_ENVIRONMENT", "production")
    for name, value in (
        ("HUB_EID_ISSUER", "https://eid.example.gov.vn"),
        ("HUB_EID_CLIENT_ID", "lienthong-hub"),
        ("HUB_EID_CLIENT_SECRET", "client-secret"),
        ("HUB_SESSION_SECRET", "s" * 40),
    ):
        monkeypatch.setenv(name, value)
    async with database.session() as session:
        world = await build_world(session)
        # When a citizen, an anonymous caller, a client without a purpose try to register
        for principal, code in (
            (citizen(world.alice, PERSONS), "FORBIDDEN"),
            (ANONYMOUS, "UNAUTHENTICATED"),
            (client(PERSONS, purpose=None), "PURPOSE_REQUIRED"),
        ):
            body = await run(
                session,
                REGISTER,
                principal,
                {"url": PUBLIC_URL, "types": ["PERSON"], "purpose": PURPOSE},
            )
            # Then each is refused with its code
            assert codes(body) == [code], principal
        # And a client asking for a type its grant does not cover is refused
        assert codes(await _register(session, types=["LAND_PARCEL"])) == ["FORBIDDEN"]
        # And a URL into the hub's own network is refused (SSRF), as an unknown purpose
        assert codes(await _register(session, url="https://127.0.0.1/hook")) == ["BAD_USER_INPUT"]
        assert codes(await _register(session, purpose="marketing")) == ["BAD_USER_INPUT"]


async def _deliver(database: Database, webhook: str, receiver: FlakyReceiver) -> float | None:
    """Run the endpoint's worker until it has nothing to send; return its last answer."""
    async with http_client(RETRY_SOON, receiver.transport()) as http:
        worker = EndpointWorker(
            database, RETRY_SOON, webhook, source=SOURCE, holder="test-relay", http=http
        )
        wait: float | None = 0.0
        for _ in range(5):
            wait = await worker.step()
            if wait != 0:
                break
        return wait


async def test_the_owner_disables_its_endpoint_and_enables_it_where_it_stopped(
    database: Database,
) -> None:
    # Given the police client's endpoint, which received An's creation
    async with database.session() as session:
        await build_world(session)
        registered = await _register(session)
        await session.commit()
    webhook = registered["data"]["registerWebhook"]["webhook"]["id"]
    receiver = FlakyReceiver(registered["data"]["registerWebhook"]["secret"])
    an = await create_an(database)
    await publish(database)
    await _deliver(database, webhook, receiver)
    assert len(receiver.accepted) == 1
    # When its owner disables it, and An moves twice meanwhile
    async with database.session() as session:
        disabled = await run(session, SWITCH, POLICE, {"webhook": webhook, "off": True})
        await session.commit()
    await move_an(database, "Số 1 Lê Lợi")
    await move_an(database, "Số 2 Lê Lợi")
    await publish(database)
    # Then nothing is sent to it
    assert disabled["data"]["disableWebhook"] == {
        "id": webhook,
        "enabled": False,
        "disabledReason": "disabled by its owner",
    }
    assert await _deliver(database, webhook, receiver) is None
    assert len(receiver.accepted) == 1
    # And another client may neither enable nor disable it
    async with database.session() as session:
        other = client(PERSONS, client_id=INVESTIGATION_CLIENT_ID)
        for off in (True, False):
            refused = await run(session, SWITCH, other, {"webhook": webhook, "off": off})
            assert codes(refused) == ["NOT_FOUND"]
    # When the owner enables it again
    async with database.session() as session:
        enabled = await run(session, SWITCH, POLICE, {"webhook": webhook, "off": False})
        await session.commit()
    assert enabled["data"]["enableWebhook"]["enabled"] is True
    await _deliver(database, webhook, receiver)
    # Then it gets the two moves it missed, once each, in order
    streets = [e["data"]["values"].get("addressStreet") for e in receiver.accepted[1:]]
    assert streets == ["Số 1 Lê Lợi", "Số 2 Lê Lợi"]
    # And the deliveries are in An's "who read my data" as the police's reads: its creation
    # (identity and address), then the two moves, sent in one batch (one entry per group)
    async with database.session() as session:
        page = await person_log(
            session, an, PageRequest(first=50, after=None), include_self=True, visible_at=None
        )
    reads = [(i.entry.client_id, i.entry.attribute_group) for i in page.items]
    address, identity = Scope.PERSON_ADDRESS_READ.value, Scope.PERSON_IDENTITY_READ.value
    assert sorted(reads) == sorted(
        [(POLICE.client_id, address), (POLICE.client_id, identity), (POLICE.client_id, address)]
    )


async def test_enabling_an_endpoint_whose_missed_events_were_pruned_asks_to_resync(
    database: Database,
) -> None:
    # Given a disabled endpoint, and the events it missed pruned meanwhile
    async with database.session() as session:
        await build_world(session)
        registered = await _register(session)
        await session.commit()
    webhook = registered["data"]["registerWebhook"]["webhook"]["id"]
    async with database.session() as session:
        await run(session, SWITCH, POLICE, {"webhook": webhook, "off": True})
        await session.commit()
    await create_an(database)
    await move_an(database, "Số 1 Lê Lợi")
    await publish(database)
    async with database.transaction() as session:
        pruned = await prune(session, utcnow() + timedelta(days=1), days=0)
    assert pruned == 1
    # When its owner enables it
    async with database.session() as session:
        body = await run(session, SWITCH, POLICE, {"webhook": webhook, "off": False})
        await session.commit()
    # Then it is told to resynchronise, and stays disabled
    assert codes(body) == ["RESYNC_REQUIRED"]
    async with database.session() as session:
        endpoint = await session.get(WebhookEndpoint, webhook)
        assert endpoint is not None and endpoint.enabled is False
