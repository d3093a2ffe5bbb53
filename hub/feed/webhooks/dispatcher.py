"""The webhook sender: one task per enabled endpoint, while this process holds the relay's lease.

Endpoints never share a task, a connection or a queue: a receiver that hangs or fails holds up
only its own deliveries. The list of endpoints is read again every ``SYNC_SECONDS`` (and when the
relay rings), so endpoints registered, disabled or replayed elsewhere are picked up.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Coroutine
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from hub.db import Database
from hub.errors import Unavailable
from hub.feed import lease
from hub.feed.settings import FeedSettings
from hub.feed.wake import WAKE, Wake
from hub.feed.webhooks.models import WebhookEndpoint
from hub.feed.webhooks.post import client
from hub.feed.webhooks.worker import EndpointWorker
from hub.kit.clock import utcnow
from hub.registry.pipeline.ingest_retry import is_contention

_w: Any = WebhookEndpoint
logger = logging.getLogger("hub.feed.webhooks")
SYNC_SECONDS = 1.0
ERROR_PAUSE_SECONDS = 5.0


class Dispatcher:
    """Runs the endpoint workers of this process."""

    def __init__(
        self,
        database: Database,
        settings: FeedSettings,
        *,
        source: str,
        holder: str,
        wake: Wake = WAKE,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.source = source
        self.holder = holder
        self.wake = wake
        self.transport = transport
        self.rng = rng or random.Random()
        self._tasks: dict[str, tuple[asyncio.Task[None], asyncio.Event]] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Keep one worker per enabled endpoint while leader, until ``stop``."""
        try:
            while not stop.is_set():
                try:
                    wanted = await self._wanted()
                except Exception:
                    logger.exception("webhook sender: cannot read the endpoints")
                    wanted = set(self._tasks)
                self._sync(wanted)
                # The relay rings when it has sequenced events: a new leader starts its workers
                # as soon as it leads, an endpoint registered meanwhile gets its worker at once.
                await _first(self.wake.wait(SYNC_SECONDS), stop.wait())
        finally:
            await self._stop_all()

    async def _wanted(self) -> set[str]:
        async with self.database.session() as session:
            if not await lease.holds(session, self.holder, utcnow()):
                return set()
            found = await session.execute(select(_w.id).where(_w.enabled.is_(True)))
            return {str(endpoint_id) for endpoint_id in found.scalars()}

    def _sync(self, wanted: set[str]) -> None:
        for endpoint_id, (task, stopping) in list(self._tasks.items()):
            if task.done() or endpoint_id not in wanted:
                stopping.set()
                del self._tasks[endpoint_id]
        for endpoint_id in wanted - set(self._tasks):
            stopping = asyncio.Event()
            task = asyncio.create_task(
                self._work(endpoint_id, stopping), name=f"webhook {endpoint_id}"
            )
            self._tasks[endpoint_id] = (task, stopping)

    async def _work(self, endpoint_id: str, stopping: asyncio.Event) -> None:
        async with client(self.settings, self.transport) as http:
            worker = EndpointWorker(
                self.database,
                self.settings,
                endpoint_id,
                source=self.source,
                holder=self.holder,
                http=http,
                rng=self.rng,
                stopping=stopping,
            )
            while not stopping.is_set():
                try:
                    wait = await worker.step()
                except lease.LeaseLost:
                    return
                except DBAPIError as error:
                    if not is_contention(error):
                        logger.exception("webhook sender: endpoint %s", endpoint_id)
                        wait = ERROR_PAUSE_SECONDS
                    else:
                        # A busy database (SQLite's write lock held by an ingestion, a
                        # PostgreSQL serialization failure) rolled this pass back: try again
                        # at the next poll, not after an error's pause.
                        logger.warning("webhook pass rolled back, database busy: %s", error.orig)
                        wait = self.settings.poll_seconds
                except Unavailable:
                    # The access log too busy to write: nothing was sent, retry soon.
                    wait = self.settings.poll_seconds
                except Exception:
                    logger.exception("webhook sender: endpoint %s", endpoint_id)
                    wait = ERROR_PAUSE_SECONDS
                if wait is None:
                    return
                if wait > 0:
                    await _first(self.wake.wait(wait), stopping.wait())

    async def _stop_all(self) -> None:
        """Tell every worker to stop after its current step (a POST in flight is abandoned),
        so that none is cut off inside a transaction; cancel those still busy after a while."""
        tasks = [task for task, _ in self._tasks.values()]
        for _, stopping in self._tasks.values():
            stopping.set()
        self._tasks.clear()
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=self.settings.lease_seconds)
        for task in late:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _first(*waits: Coroutine[Any, Any, Any]) -> None:
    """Wait until the first of ``waits`` is done; cancel the others."""
    futures = [asyncio.ensure_future(wait) for wait in waits]
    await asyncio.wait(futures, return_when=asyncio.FIRST_COMPLETED)
    for future in futures:
        future.cancel()
    await asyncio.gather(*futures, return_exceptions=True)
