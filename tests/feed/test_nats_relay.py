"""The relay publishes the feed to NATS JetStream once per event, even when it resends after a
crash between publishing and storing its position (NATS on 127.0.0.1:4222, as in CI)."""

from __future__ import annotations

import asyncio
import uuid

import nats
import pytest
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from hub.db import Database
from hub.feed.models import FeedCursor
from hub.feed.nats_publisher import NatsPublisher
from hub.feed.relay import Pass, Relay
from tests.access_fixtures import build_world
from tests.feed.feed_fixtures import SETTINGS, SOURCE, create_an, move_an

NATS_URL = "nats://127.0.0.1:4222"


async def _stream_size(stream: str) -> int:
    connection = await nats.connect(NATS_URL)
    try:
        info = await connection.jetstream().stream_info(stream)
        return int(info.state.messages)
    finally:
        await connection.close()


async def test_a_resend_after_a_lost_position_publishes_nothing_twice(database: Database) -> None:
    # Given two events and a relay publishing to a stream of its own
    async with database.session() as session:
        await build_world(session)
    await create_an(database)
    await move_an(database, "Số 7 Lý Thường Kiệt")
    name = f"HUB_TEST_{uuid.uuid4().hex[:8].upper()}"
    publisher = NatsPublisher(NATS_URL, stream=name, subject=name.lower())
    await publisher.connect()
    relay = Relay(database, SETTINGS, source=SOURCE, publisher=publisher, holder="nats-test")
    try:
        first = await relay.step()
        # When the relay's stored position is lost (a crash before its commit) and it resends
        async with database.transaction() as session:
            await session.execute(update(FeedCursor).values(position=0))
        again = await relay.step()
    finally:
        await publisher.close()
    # Then both passes sent the events, and the stream holds each once
    assert first.published == again.published == 2
    assert await _stream_size(name) == 2


async def test_a_second_relay_does_nothing_while_the_first_holds_the_lease(
    database: Database,
) -> None:
    # Given a relay that took the lease
    async with database.session() as session:
        await build_world(session)
    await create_an(database)
    assert (await Relay(database, SETTINGS, source=SOURCE, holder="first").step()).leader
    # When another relay tries
    second = await Relay(database, SETTINGS, source=SOURCE, holder="second").step()
    # Then it is not the leader and sequenced nothing
    assert not second.leader and second.sequenced == 0


async def test_a_busy_database_ends_a_pass_not_the_relay(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a relay whose first pass meets a locked database (as a loaded SQLite does)
    relay = Relay(database, SETTINGS, source=SOURCE, holder="busy-test")
    passes: list[int] = []
    real_step = relay.step
    stop = asyncio.Event()

    async def step() -> Pass:
        passes.append(1)
        if len(passes) == 1:
            raise OperationalError("UPDATE feed_lease", {}, Exception("database is locked"))
        stop.set()
        return await real_step()

    monkeypatch.setattr(relay, "step", step)
    # When it runs, then it carries on to a second pass and stops cleanly
    await asyncio.wait_for(relay.run(stop), timeout=30)
    assert len(passes) == 2


async def test_other_database_errors_still_stop_the_relay(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a relay whose pass fails for a reason that is not contention
    relay = Relay(database, SETTINGS, source=SOURCE, holder="broken-test")

    async def step() -> Pass:
        raise OperationalError("SELECT", {}, Exception("no such table: feed_entry"))

    monkeypatch.setattr(relay, "step", step)
    # When it runs, then the error comes out
    with pytest.raises(OperationalError):
        await asyncio.wait_for(relay.run(asyncio.Event()), timeout=30)
