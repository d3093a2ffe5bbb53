"""Starting a sync from the API: the run goes on in the background of the process, and the
caller gets the run as soon as it is recorded (or the reason it could not start)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from hub.adapters.models import SyncRun
from hub.adapters.protocol import Adapter, AdapterError
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database

logger = logging.getLogger(__name__)
_RUNNING: set[asyncio.Task[None]] = set()


async def trigger(database: Database, adapter: Adapter[Any], options: RunOptions) -> SyncRun:
    """Start a run of ``adapter`` and return it once recorded (status RUNNING). Raises
    ``AlreadyRunning`` when another run holds the lease; a failure after the start is recorded
    in the run itself."""
    begun: asyncio.Future[SyncRun] = asyncio.get_running_loop().create_future()

    def started(run: SyncRun) -> None:
        if not begun.done():
            begun.set_result(SyncRun(**run.model_dump()))

    async def body() -> None:
        try:
            await run_sync(database, adapter, options, on_start=started)
        except Exception as error:
            if not begun.done():
                begun.set_exception(error)
            elif not isinstance(error, AdapterError):
                logger.exception("triggered sync of %s failed", adapter.name)

    task = asyncio.create_task(body())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return await begun


async def settle() -> None:
    """Wait for every run started here to end (tests, and a clean shutdown)."""
    while _RUNNING:
        await asyncio.gather(*list(_RUNNING), return_exceptions=True)
