"""Waking readers in other processes on PostgreSQL: the relay sends NOTIFY in the transaction
that sequences events (delivered at its commit); each ``hub serve`` process LISTENs on its own
connection and rings its readers. A lost notification only delays a reader until its next
poll: the feed tables stay the truth."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import is_sqlite
from hub.feed.wake import WAKE, Wake

CHANNEL = "hub_feed"
RECONNECT_SECONDS = 2.0
logger = logging.getLogger("hub.feed")


async def announce(session: AsyncSession) -> None:
    """Tell the listeners of every process, when this transaction commits, that the feed grew
    (nothing on SQLite, where one process owns the file)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


async def listen(database_url: str, wake: Wake, stop: asyncio.Event) -> None:
    """Ring ``wake`` at every notification until ``stop``; reconnect after a lost connection."""
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    while not stop.is_set():
        await _listen_once(dsn, wake, stop)
        if not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RECONNECT_SECONDS)


async def _listen_once(dsn: str, wake: Wake, stop: asyncio.Event) -> None:
    """Listen on one connection until ``stop`` or until the connection is lost."""
    try:
        connection: Any = await asyncpg.connect(dsn)
    except (OSError, asyncpg.PostgresError):
        logger.warning("feed listener: cannot connect; readers poll meanwhile")
        return
    lost = asyncio.Event()
    try:
        await connection.add_listener(CHANNEL, lambda *_: wake.ring())
        connection.add_termination_listener(lambda *_: lost.set())
        await _first_of(stop, lost)
    finally:
        with contextlib.suppress(Exception):
            await connection.close()


@contextlib.asynccontextmanager
async def listening(database_url: str, wake: Wake = WAKE) -> AsyncIterator[None]:
    """Listen for the block's duration (on PostgreSQL; nothing to do on SQLite)."""
    if is_sqlite(database_url):
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(listen(database_url, wake, stop), name="feed listener")
    try:
        yield
    finally:
        stop.set()
        await task


async def _first_of(*events: asyncio.Event) -> None:
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for wait in waits:
        wait.cancel()
    await asyncio.gather(*waits, return_exceptions=True)
