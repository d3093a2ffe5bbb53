"""``hub worker``: scheduled adapters run at their times, a source that is down fails its run
and not the worker, and a stop request ends the run in flight and the worker cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hub.adapters.cadre_management.simulator import write_exports
from hub.adapters.config_file import read_file
from hub.adapters.health_insurance.simulated_data import items
from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.models import SyncRun
from hub.adapters.protocol import ConfigurationError
from hub.adapters.runner import RunOptions
from hub.adapters.worker import run_worker, schedules
from hub.db import Database
from tests.adapters.conftest import SMALL
from tests.adapters.served import served

OPTIONS = RunOptions(batch_size=10, dead_letter_threshold=1.0)
HEALTH = """[health-insurance]
base_url = "{url}"
client_id = "hub"
page_size = 5
timeout_seconds = 0.5
max_attempts = 1
schedule = "*/5 * * * *"
"""


def _ticking(start: datetime, step: timedelta) -> Callable[[], datetime]:
    """A clock that moves ``step`` at every reading: every schedule is soon due."""
    now = [start]

    def clock() -> datetime:
        now[0] += step
        return now[0]

    return clock


async def _runs(database: Database) -> list[SyncRun]:
    async with database.session() as session:
        return list((await session.execute(select(SyncRun))).scalars())


async def test_adapters_run_on_their_schedule_and_a_source_down_fails_only_its_run(
    committed: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given cadre-management every minute, and health-insurance every 5 minutes on a port
    # where nothing listens
    folder = tmp_path / "drop"
    write_exports(folder, SMALL, 10, seed=4)
    config = tmp_path / "adapters.toml"
    config.write_text(
        f'[cadre-management]\nfolder = "{folder}"\nschedule = "* * * * *"\n\n'
        + HEALTH.format(url="http://127.0.0.1:9")
    )
    monkeypatch.setenv("HUB_HEALTH_INSURANCE_CLIENT_SECRET", "simulator-secret")
    stop = asyncio.Event()
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if (
            sum(line.startswith("health-insurance: failed") for line in lines) >= 1
            and sum(line.startswith("cadre-management: succeeded") for line in lines) >= 2
        ):
            stop.set()

    # When the worker runs with a clock moving two minutes at every reading
    clock = _ticking(datetime(2026, 1, 1, tzinfo=UTC), timedelta(minutes=2))
    await asyncio.wait_for(
        run_worker(committed, config, OPTIONS, stop, report=report, clock=clock), timeout=60
    )
    # Then cadre-management ran again and again, the source down failed its runs with the
    # reason, and the worker went on until told to stop
    runs = await _runs(committed)
    statuses = {(r.adapter, r.status) for r in runs}
    assert ("cadre-management", "SUCCEEDED") in statuses
    assert ("health-insurance", "FAILED") in statuses
    assert any("failed:" in line and "health-insurance" in line for line in lines)


async def test_a_stop_ends_the_run_in_flight_and_the_worker(
    committed: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given health-insurance on a slow simulator (every page takes 0.2 s)
    options = SimulatorOptions(latency_seconds=0.2, seed=1)
    monkeypatch.setenv("HUB_HEALTH_INSURANCE_CLIENT_SECRET", "simulator-secret")
    with served(create_simulator(items(SMALL, 60, seed=5), options)) as url:
        config = tmp_path / "adapters.toml"
        config.write_text(HEALTH.format(url=url))
        stop = asyncio.Event()
        clock = _ticking(datetime(2026, 1, 1, tzinfo=UTC), timedelta(minutes=6))
        # When a stop comes while its run is reading
        asyncio.get_running_loop().call_later(1.5, stop.set)
        await asyncio.wait_for(
            run_worker(committed, config, OPTIONS, stop, report=lambda _: None, clock=clock),
            timeout=30,
        )
    # Then the worker returned, the run is recorded as stopped, and its lease is free
    runs = await _runs(committed)
    assert [(r.status, "stopped" in (r.error or "")) for r in runs] == [("FAILED", True)]
    assert runs[0].records_read > 0


def test_a_schedule_that_is_not_cron_is_refused_naming_the_adapter(tmp_path: Path) -> None:
    # Given a schedule that is no cron expression
    config = tmp_path / "adapters.toml"
    config.write_text('[cadre-management]\nfolder = "."\nschedule = "every 5 minutes"\n')
    # When the schedules are read, then it is refused with the form expected
    assert read_file(config)["cadre-management"]["schedule"] == "every 5 minutes"
    with pytest.raises(ConfigurationError, match=r"\[cadre-management\] schedule: .*\*/15"):
        schedules(config)
