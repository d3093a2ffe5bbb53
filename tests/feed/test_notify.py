"""Readers in one process woken by the relay of another: on PostgreSQL by LISTEN/NOTIFY (a
subscriber whose poll is half a minute gets a change at once); on SQLite, where one process
owns the file, there is nothing to listen to."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import cast

from hub.db import Database
from hub.feed.notify import listening
from hub.feed.relay import Relay
from hub.feed.rights import Delivery
from hub.feed.stream import StreamRequest, stream
from hub.feed.wake import Wake
from hub.principals.scopes import Scope
from tests.access_fixtures import build_world, client
from tests.feed.feed_fixtures import SETTINGS, SOURCE, create_an
from tests.feed.test_relay_process import plain_url

SLOW_POLL = SETTINGS.model_copy(update={"poll_seconds": 30})


async def test_a_subscriber_of_one_process_gets_a_change_relayed_by_another_at_once(
    live_database: Database, backend: str
) -> None:
    # Given a subscriber in "process A" (its own wake, polling only every 30 s) listening
    database = live_database
    async with database.session() as session:
        await build_world(session)
    await Relay(database, SETTINGS, source=SOURCE, holder="b", wake=Wake()).step()
    process_a = Wake()
    principal = client({Scope.PERSON_IDENTITY_READ})
    request = StreamRequest(types=["person"], commune=None, after_event=None)
    async with listening(plain_url(database), process_a):
        events = cast(
            AsyncGenerator[Delivery, None],
            stream(database, principal, request, source=SOURCE, settings=SLOW_POLL, wake=process_a),
        )
        first = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0.5)  # the subscriber has read the empty feed and waits
        # When An is created and the relay of "process B" (another wake) publishes it
        an = await create_an(database)
        relayed = time.monotonic()
        await Relay(database, SETTINGS, source=SOURCE, holder="b", wake=Wake()).step()
        if backend == "sqlite":
            # Then on SQLite nothing wakes it before its poll (one process serves a file)
            done, _ = await asyncio.wait({first}, timeout=1)
            assert not done
            first.cancel()
            await asyncio.gather(first, return_exceptions=True)
            await events.aclose()
            return
        # Then on PostgreSQL the subscriber has it at once, not after its 30 s poll
        delivery = await asyncio.wait_for(first, 5)
        await events.aclose()
    assert delivery.event["subject"] == an
    assert time.monotonic() - relayed < 2
