"""The relay and the webhook sender as one unit: what ``hub relay`` runs, and what ``hub serve``
runs in the background on SQLite (``HUB_FEED_EMBEDDED``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

import httpx

from hub.db import Database, is_sqlite
from hub.feed.nats_publisher import NatsPublisher
from hub.feed.relay import Relay
from hub.feed.settings import FeedSettings
from hub.feed.webhooks.dispatcher import Dispatcher

logger = logging.getLogger("hub.feed")


def embedded(settings: FeedSettings, database_url: str) -> bool:
    """Whether ``hub serve`` runs the feed itself: as set, else on SQLite only (one process
    owns the file; on PostgreSQL ``hub relay`` runs beside the workers)."""
    return is_sqlite(database_url) if settings.embedded is None else settings.embedded


async def run_feed(
    database: Database,
    settings: FeedSettings,
    stop: asyncio.Event,
    *,
    source: str,
    holder: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    on_start: Callable[[str], None] | None = None,
) -> None:
    """Run the relay (with NATS when ``settings.nats_url`` is set) and the webhook sender,
    under one lease, until ``stop``."""
    publisher = None
    if settings.nats_url:
        publisher = NatsPublisher(
            settings.nats_url, stream=settings.nats_stream, subject=settings.nats_subject
        )
        await publisher.connect()
    relay = Relay(database, settings, source=source, publisher=publisher, holder=holder)
    sender = Dispatcher(database, settings, source=source, holder=relay.holder, transport=transport)
    if on_start is not None:
        on_start(relay.holder)
    # The relay gives the lease up when it stops, so it stops after the sender: a worker
    # recording its last attempts still holds the lease.
    relay_stop = asyncio.Event()
    sending = asyncio.create_task(sender.run(stop), name="webhook sender")
    relaying = asyncio.create_task(relay.run(relay_stop), name="relay")
    try:
        await asyncio.wait({sending, relaying}, return_when=asyncio.FIRST_COMPLETED)
        stop.set()
        await asyncio.wait({sending})
        relay_stop.set()
        await asyncio.wait({relaying})
        for task in (relaying, sending):
            task.result()  # a crash of either is the feed's
    finally:
        stop.set()
        relay_stop.set()
        for task in (sending, relaying):
            if not task.done():
                task.cancel()
        if publisher is not None:
            await publisher.close()


@contextlib.asynccontextmanager
async def background_feed(
    database: Database, settings: FeedSettings, *, source: str
) -> AsyncIterator[None]:
    """Run the feed in a background task for the duration of the block (the app's lifespan)."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_feed(database, settings, stop, source=source), name="feed")
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=settings.lease_seconds)
        except Exception:
            # The server is stopping either way; say why the feed did not stop cleanly.
            logger.exception("the embedded change feed failed")
