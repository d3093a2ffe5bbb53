"""``hub worker``: every adapter configured with a ``schedule`` (cron, e.g. ``*/15 * * * *``)
runs at its times; a failing source fails its run, never the worker; a stop request (SIGTERM)
ends the run in flight at once (its batch rolls back, the run is recorded as stopped, and the
next run resumes from its last checkpoint) and the worker returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from croniter import croniter

from hub.adapters.config_file import SCHEDULE_KEY, configured_adapter, read_file
from hub.adapters.lease import AlreadyRunning
from hub.adapters.protocol import AdapterError, ConfigurationError
from hub.adapters.registry import adapter_class
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database
from hub.kit.clock import utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """An adapter and the cron expression of its runs."""

    adapter: str
    cron: str

    def after(self, moment: datetime) -> datetime:
        """The first time after ``moment`` the adapter is due."""
        due: datetime = croniter(self.cron, moment).get_next(datetime)
        return due


def schedules(path: Path) -> list[Schedule]:
    """The scheduled adapters of the configuration file; ``ConfigurationError`` names a
    schedule that is not a cron expression, or an unknown adapter."""
    found = []
    for name, table in read_file(path).items():
        cron = table.get(SCHEDULE_KEY)
        if cron is None:
            continue
        adapter_class(name)
        if not isinstance(cron, str) or not croniter.is_valid(cron):
            raise ConfigurationError(
                f"[{name}] schedule: found {cron!r}; expected a cron expression such as "
                '"*/15 * * * *" (minute hour day month weekday)'
            )
        found.append(Schedule(name, cron))
    if not found:
        raise ConfigurationError(f'{path} schedules no adapter: add schedule = "*/15 * * * *"')
    return found


Report = Callable[[str], None]


async def run_worker(
    database: Database,
    path: Path,
    options: RunOptions,
    stop: asyncio.Event,
    *,
    report: Report = logger.info,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Run the scheduled adapters at their times until ``stop`` is set."""
    planned = schedules(path)
    due = {s.adapter: s.after(clock()) for s in planned}
    for schedule in planned:
        report(f"{schedule.adapter}: {schedule.cron}, next at {due[schedule.adapter]:%H:%M}")
    while not stop.is_set():
        now = clock()
        for schedule in planned:
            if stop.is_set() or due[schedule.adapter] > now:
                continue
            await _run_once(database, path, schedule.adapter, options, stop, report)
            due[schedule.adapter] = schedule.after(clock())
        wait = (min(due.values()) - clock()).total_seconds()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(wait, 0.05))


async def _run_once(
    database: Database,
    path: Path,
    name: str,
    options: RunOptions,
    stop: asyncio.Event,
    report: Report,
) -> None:
    """One run; whatever it meets is reported, and the worker carries on."""
    try:
        adapter = configured_adapter(path, name)
    except AdapterError as error:
        report(f"{name}: not run: {error.message}")
        return
    run = asyncio.create_task(run_sync(database, adapter, options))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({run, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not run.done():
        run.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await run
        report(f"{name}: stopped; the next run resumes from its last checkpoint")
        return
    try:
        done = run.result()
    except AlreadyRunning as error:
        report(f"{name}: skipped: {error.message}")
    except AdapterError as error:
        report(f"{name}: failed: {error.message}")
    except Exception as error:  # a worker outlives any one run
        logger.exception("%s: run failed", name)
        report(f"{name}: failed: {error!r}")
    else:
        report(
            f"{name}: {done.status.lower()}: read {done.records_read}, created {done.created}, "
            f"updated {done.updated}, dead-lettered {done.dead_lettered}"
        )
