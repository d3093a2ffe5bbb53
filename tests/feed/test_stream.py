"""A subscriber's stream under a busy database: the pass is rolled back and read again, the
subscription goes on (nothing is lost, nothing sent unlogged)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, cast

import pytest
from sqlalchemy.exc import OperationalError

import hub.feed.stream as stream_module
from hub.db import Database
from hub.errors import Unavailable
from hub.feed.delivery_log import log_deliveries
from hub.feed.rights import Delivery
from hub.feed.stream import StreamRequest, stream
from hub.principals.scopes import Scope
from tests.access_fixtures import build_world, client
from tests.feed.feed_fixtures import SETTINGS, SOURCE, create_an, publish


@pytest.mark.parametrize(
    "busy",
    [
        OperationalError("INSERT INTO access_log", {}, Exception("database is locked")),
        Unavailable("The access log is busy, so the data was not returned. Please retry."),
    ],
    ids=["database locked", "access log busy"],
)
async def test_a_busy_database_delays_a_pass_and_ends_nothing(
    live_database: Database, monkeypatch: pytest.MonkeyPatch, busy: Exception
) -> None:
    database = live_database
    # Given An's creation published, and a database busy at the first try to log its delivery
    async with database.session() as session:
        await build_world(session)
    request = StreamRequest(types=["person"], commune=None, after_event=None)
    real_log = log_deliveries
    tries: list[int] = []

    async def busy_log(*args: Any, **kwargs: Any) -> None:
        if args[2]:  # a pass with something to deliver
            tries.append(1)
        if len(tries) == 1 and args[2]:
            raise busy
        await real_log(*args, **kwargs)

    monkeypatch.setattr(stream_module, "log_deliveries", busy_log)
    principal = client({Scope.PERSON_IDENTITY_READ})
    events = cast(
        AsyncGenerator[Delivery, None],
        stream(database, principal, request, source=SOURCE, settings=SETTINGS),
    )
    first = asyncio.ensure_future(anext(events))
    await asyncio.sleep(0.1)  # the stream has its start position
    an = await create_an(database)
    await publish(database)
    # When the subscriber reads, then it gets An's creation at the second pass
    delivery = await asyncio.wait_for(first, 10)
    await events.aclose()
    assert delivery.event["subject"] == an
    assert len(tries) == 2
