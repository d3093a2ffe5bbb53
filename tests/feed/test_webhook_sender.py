"""The webhook sender: every event a receiver may see, once, in order, signed; failures retried
with backoff, then the endpoint disabled and replayed; each attempt recorded; a delivery logged
once as a read, however many attempts it takes."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlmodel import col

from hub.audit.service import person_log
from hub.auth.clients import ClientRegistration, create_client
from hub.db import Database
from hub.errors import Invalid
from hub.feed.settings import FeedSettings
from hub.feed.stream import ResyncRequired
from hub.feed.webhooks import deliveries, service
from hub.feed.webhooks.models import WebhookDelivery, WebhookEndpoint
from hub.feed.webhooks.post import client
from hub.feed.webhooks.worker import EndpointWorker
from hub.kit.pagination import PageRequest
from hub.registry.pipeline.outbox_models import OutboxEvent
from tests.access_fixtures import AGENCY_CODE, CLIENT_ID, PURPOSE, build_world
from tests.feed.feed_fixtures import SOURCE, create_an, move_an, publish
from tests.feed.receivers import FlakyReceiver

FAST = FeedSettings(
    poll_seconds=0.02,
    batch=50,
    webhook_retry_seconds=0.01,
    webhook_connect_seconds=0.5,
    webhook_read_seconds=1.0,
)
STREETS = ("Số 1 Lê Duẩn", "Số 2 Lê Duẩn", "Số 3 Lê Duẩn")
HOLDER = "test-relay"  # the holder of the lease ``publish`` takes


async def _endpoint(database: Database, client_id: str = CLIENT_ID) -> WebhookEndpoint:
    async with database.transaction() as session:
        return await service.create_endpoint(
            session,
            client_id=client_id,
            url="https://police.example.vn/hook",
            types=["person"],
            purpose=PURPOSE,
            production=False,
        )


async def _an_moved_three_times(database: Database) -> str:
    an = await create_an(database)
    for day, street in enumerate(STREETS, start=2):
        await move_an(database, street, at=datetime(2026, 4, day, tzinfo=UTC))
    await publish(database)
    return an


async def _until(worker: EndpointWorker, done: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the sender did not finish in time"
        wait = await worker.step()
        if wait is None:
            return
        await asyncio.sleep(min(wait, 0.2))


async def _attempts(database: Database, endpoint_id: str) -> list[WebhookDelivery]:
    async with database.session() as session:
        found = await session.execute(
            select(WebhookDelivery)
            .where(col(WebhookDelivery.endpoint_id) == endpoint_id)
            .order_by(col(WebhookDelivery.id))
        )
        return list(found.scalars())


async def _event_ids(database: Database) -> list[str]:
    async with database.session() as session:
        column: Any = OutboxEvent.id
        found = await session.execute(select(column).order_by(column))
        return [str(event_id) for event_id in found.scalars()]


async def test_a_receiver_failing_five_times_then_recovering_gets_every_event_once_in_order(
    database: Database,
) -> None:
    # Given the police endpoint, then An created and moved three times
    async with database.session() as session:
        await build_world(session)
    endpoint = await _endpoint(database)
    an = await _an_moved_three_times(database)
    receiver = FlakyReceiver(endpoint.secret, failures=5)
    # When the sender works for the endpoint until the receiver has the four events, and on
    async with client(FAST, receiver.transport()) as http:
        worker = EndpointWorker(
            database, FAST, endpoint.id, source=SOURCE, holder=HOLDER, http=http
        )
        await _until(worker, lambda: len(receiver.accepted) >= 4)
        assert await worker.step() == FAST.poll_seconds
    # Then every event came once, in order, each signed as Standard Webhooks says
    assert receiver.forged == 0
    about_an = await _event_ids(database)
    assert [e["id"] for e in receiver.accepted] == about_an[-4:]
    assert [e["subject"] for e in receiver.accepted] == [an] * 4
    assert [e["type"].rsplit(".", 1)[1] for e in receiver.accepted] == ["created"] + ["updated"] * 3
    assert [e["data"]["values"].get("addressStreet") for e in receiver.accepted[1:]] == list(
        STREETS
    )
    # And every attempt is recorded: five failures of the first event, with their next times
    attempts = await _attempts(database, endpoint.id)
    first = int(about_an[-4])
    assert [(a.event_id, a.attempt, a.succeeded) for a in attempts] == [
        *((first, n, False) for n in range(1, 6)),
        (first, 6, True),
        *((int(event_id), 1, True) for event_id in about_an[-3:]),
    ]
    failed = attempts[:5]
    assert {(a.status_code, a.error) for a in failed} == {(503, "HTTP 503")}
    assert all(a.next_attempt_at is not None and a.next_attempt_at > a.at for a in failed)
    assert all(a.next_attempt_at is None for a in attempts[5:])
    # And An's log shows each group delivered to the client once, not once per attempt
    async with database.session() as session:
        page = await person_log(
            session, an, PageRequest(first=100, after=None), include_self=True, visible_at=None
        )
    groups = Counter(item.entry.attribute_group for item in page.items)
    assert {item.entry.client_id for item in page.items} == {CLIENT_ID}
    assert set(groups) >= {"person.identity:read", "person.address:read"}
    assert set(groups.values()) == {1}


async def test_an_endpoint_failing_past_the_limit_is_disabled_then_replayed(
    database: Database,
) -> None:
    # Given an endpoint whose receiver is down, with a give-up time of a fraction of a second
    async with database.session() as session:
        await build_world(session)
    endpoint = await _endpoint(database)
    await _an_moved_three_times(database)
    receiver = FlakyReceiver(endpoint.secret, failures=10**6)
    settings = FAST.model_copy(update={"webhook_give_up_seconds": 0.3})
    # When the sender keeps trying
    async with client(settings, receiver.transport()) as http:
        worker = EndpointWorker(
            database, settings, endpoint.id, source=SOURCE, holder=HOLDER, http=http
        )
        await _until(worker, lambda: False)
        # Then the endpoint is disabled, having retried at growing intervals
        async with database.session() as session:
            stopped = await session.get(WebhookEndpoint, endpoint.id)
        assert stopped is not None and not stopped.enabled
        assert (stopped.disabled_reason or "").startswith("failing since")
        attempts = await _attempts(database, endpoint.id)
        assert len(attempts) >= 3 and not any(a.succeeded for a in attempts)
        assert [a.attempt for a in attempts] == list(range(1, len(attempts) + 1))
        assert attempts[-1].next_attempt_at is None
        assert receiver.accepted == []
        # When the receiver is back and its owner replays from the first event
        receiver.failures = 0
        first = (await _event_ids(database))[-4]
        async with database.transaction() as session:
            owned = await deliveries.owned_endpoint(session, endpoint.id, CLIENT_ID)
            await deliveries.replay(session, owned, first)
        await _until(worker, lambda: len(receiver.accepted) >= 4)
    # Then it gets the four events, in order
    assert [e["id"] for e in receiver.accepted] == (await _event_ids(database))[-4:]


async def test_a_replay_from_an_unknown_or_pruned_event_is_refused(database: Database) -> None:
    # Given an endpoint and published events
    async with database.session() as session:
        await build_world(session)
    endpoint = await _endpoint(database)
    await _an_moved_three_times(database)
    newest = int((await _event_ids(database))[-1])
    async with database.transaction() as session:
        owned = await deliveries.owned_endpoint(session, endpoint.id, CLIENT_ID)
        # When replays start from a non-id, an id never published, an id older than the kept
        # Then each gets its specific error
        for wrong, error in (("abc", Invalid), (str(newest + 10), Invalid), ("0", ResyncRequired)):
            with pytest.raises(error):
                await deliveries.replay(session, owned, wrong)
        # And someone else's endpoint is unknown to them
        with pytest.raises(Exception, match="No webhook endpoint"):
            await deliveries.owned_endpoint(session, endpoint.id, "another-client")


async def test_a_receiver_without_the_address_scope_gets_no_event_about_a_move(
    database: Database,
) -> None:
    # Given an endpoint of a client registered with the identity scope only
    async with database.session() as session:
        await build_world(session)
        await create_client(
            session,
            ClientRegistration(
                name="Identity only",
                agency_code=AGENCY_CODE,
                scopes="person.identity:read",
                purposes=[PURPOSE],
                client_id="identity-only",
                secret="test-secret-not-used",
            ),
        )
        await session.commit()
    endpoint = await _endpoint(database, client_id="identity-only")
    await _an_moved_three_times(database)
    receiver = FlakyReceiver(endpoint.secret)
    # When the sender delivers
    async with client(FAST, receiver.transport()) as http:
        worker = EndpointWorker(
            database, FAST, endpoint.id, source=SOURCE, holder=HOLDER, http=http
        )
        assert await worker.step() == FAST.poll_seconds
    # Then the receiver got the creation without the address, and nothing of the moves
    assert [e["type"] for e in receiver.accepted] == ["vn.lienthong.person.created"]
    sent: Any = receiver.accepted[0]["data"]
    assert "addressStreet" not in sent["values"] and sent["changedGroups"] == ["person.identity"]
    # And its position is past the withheld moves, with one attempt recorded
    async with database.session() as session:
        after = await session.get(WebhookEndpoint, endpoint.id)
    assert after is not None and after.position == after.logged_position
    assert len(await _attempts(database, endpoint.id)) == 1


async def test_a_record_meeting_a_busy_database_is_retried_not_sent_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the police endpoint, An created and moved, and a database busy for the first two
    # tries at recording what was sent (as a loaded SQLite is)
    async with database.session() as session:
        await build_world(session)
    endpoint = await _endpoint(database)
    await _an_moved_three_times(database)
    receiver = FlakyReceiver(endpoint.secret)
    async with client(FAST, receiver.transport()) as http:
        worker = EndpointWorker(
            database, FAST, endpoint.id, source=SOURCE, holder=HOLDER, http=http
        )
        real_record = worker._record
        tries: list[int] = []

        async def busy_record(*args: Any) -> float | None:
            tries.append(1)
            if len(tries) <= 2:
                raise OperationalError("UPDATE feed_lease", {}, Exception("database is locked"))
            return await real_record(*args)

        monkeypatch.setattr(worker, "_record", busy_record)
        # When the sender works until the receiver has the four events, and one pass more
        await _until(worker, lambda: len(receiver.accepted) >= 4)
        await worker.step()
    # Then each event was sent once: the record was retried, not the sending
    assert receiver.requests == 4
    assert len(tries) == 3  # two busy, then recorded
