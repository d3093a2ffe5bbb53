"""``hub worker``: the configured adapters on their schedules until SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import signal

from hub.adapters.runner import RunOptions
from hub.adapters.worker import run_worker
from hub.cli_database import with_database
from hub.db import Database
from hub.settings import get_settings
from hub.sync_cli import console, operator_errors


def worker() -> None:
    """Run every adapter that has a schedule in the configuration file at its times (cron),
    until SIGTERM or SIGINT; a source that is down fails its run, not the worker."""
    settings = get_settings()
    options = RunOptions(
        batch_size=settings.sync_batch_size,
        dead_letter_threshold=settings.sync_dead_letter_threshold,
        lease_seconds=settings.sync_lease_seconds,
    )

    async def work(database: Database) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_worker(database, settings.adapters_config, options, stop, report=console.print)
        console.print("worker stopped")

    with operator_errors():
        with_database(work)
