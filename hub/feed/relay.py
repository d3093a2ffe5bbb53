"""``hub relay``: sequences the outbox into the feed and publishes it to NATS JetStream, under
the lease, with its positions stored in the transactions that advance them; the webhook sender
runs beside it (``hub.feed.webhooks.dispatcher``).

One pass: (1) give the next positions to newly committed outbox events, (2) publish the events
after the bus's position and store the new position. A relay killed between publishing and
committing publishes those events again when it (or another) resumes; their ``Nats-Msg-Id``
makes JetStream drop the repeats, so every event is in the stream once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from hub.db import Database
from hub.feed import cursors, entries, lease
from hub.feed.nats_publisher import NatsPublisher
from hub.feed.notify import announce
from hub.feed.rights import notice
from hub.feed.settings import FeedSettings
from hub.feed.wake import WAKE, Wake
from hub.kit.clock import utcnow
from hub.registry.pipeline.ingest_retry import is_contention

logger = logging.getLogger("hub.feed")
NATS_CURSOR = "nats"


def holder_name() -> str:
    """A name for this relay process, unique across machines and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Pass:
    """What one pass did."""

    leader: bool
    sequenced: int = 0
    published: int = 0


class Relay:
    """The relay of one process; ``run`` until ``stop`` is set."""

    def __init__(
        self,
        database: Database,
        settings: FeedSettings,
        *,
        source: str,
        publisher: NatsPublisher | None = None,
        holder: str | None = None,
        wake: Wake = WAKE,
    ) -> None:
        self.database = database
        self.settings = settings
        self.source = source
        self.publisher = publisher
        self.holder = holder or holder_name()
        self.wake = wake

    async def step(self) -> Pass:
        """Run one pass; a relay without the lease does nothing."""
        async with self.database.transaction() as session:
            now = utcnow()
            if not await lease.renew(session, self.holder, now, self.settings.lease_seconds):
                return Pass(leader=False)
            sequenced = await entries.sequence_pending(session, now, limit=self.settings.batch)
            if sequenced:
                await announce(session)
        if sequenced:
            self.wake.ring()
        published = await self._publish() if self.publisher is not None else 0
        return Pass(leader=True, sequenced=sequenced, published=published)

    async def _publish(self) -> int:
        assert self.publisher is not None
        async with self.database.transaction() as session:
            await lease.require(session, self.holder, utcnow(), self.settings.lease_seconds)
            position = await cursors.position(session, NATS_CURSOR)
            items = await entries.items_after(session, position, limit=self.settings.batch)
            if not items:
                return 0
            # Published while the lease row is locked: no other relay publishes meanwhile.
            await self.publisher.publish([notice(item, source=self.source) for item in items])
            await cursors.advance(session, NATS_CURSOR, items[-1].seq, utcnow())
        return len(items)

    async def run(self, stop: asyncio.Event) -> None:
        """Pass after pass until ``stop``; rest when idle or not the leader."""
        try:
            while not stop.is_set():
                try:
                    done = await self.step()
                except lease.LeaseLost:
                    done = Pass(leader=False)
                except DBAPIError as error:
                    if not is_contention(error):
                        raise
                    # A busy database (SQLite's lock, a PostgreSQL serialization failure) ends
                    # this pass only: its transaction rolled back, the next pass repeats it
                    # after the polling interval (not after a follower's wait of a third of
                    # the lease: bench/events.py measured those 5 s stalls as lag).
                    logger.warning("relay pass rolled back, database busy: %s", error.orig)
                    done = Pass(leader=True)
                if done.sequenced >= self.settings.batch or done.published >= self.settings.batch:
                    continue
                pause = (
                    self.settings.poll_seconds if done.leader else self.settings.lease_seconds / 3
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), pause)
        finally:
            async with self.database.transaction() as session:
                await lease.release(session, self.holder)
