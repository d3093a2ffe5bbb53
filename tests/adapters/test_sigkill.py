"""A sync killed with SIGKILL at random points, again and again, ends in exactly the registry
an uninterrupted run ends in: no batch lost, none duplicated."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.models import SyncRun
from hub.db import Database
from tests.adapters.served import served
from tests.adapters.snapshot import registry_snapshot
from tests.adapters.test_health_insurance_sync import CLEAN, OPTIONS, _sync

KILLS = 4


async def test_killed_runs_end_where_an_uninterrupted_run_ends(
    committed: Database, committed_url: str, other_committed: Database, tmp_path: Path
) -> None:
    # Given a slow source, and the registry an uninterrupted run makes
    options = SimulatorOptions(latency_seconds=0.3, seed=1)
    rng = random.Random(11)
    with served(create_simulator(CLEAN, options)) as url:
        await _sync(other_committed, url)
        config = tmp_path / "adapters.toml"
        config.write_text(f'[health-insurance]\nbase_url = "{url}"\npage_size = 10\n')
        expected = await registry_snapshot(other_committed)
        # When `hub sync` runs in its own process and is killed at a random point, four times,
        # and then runs to the end
        killed = 0
        for _ in range(KILLS):
            process = _start(config, committed_url)
            await asyncio.sleep(rng.uniform(2.0, 4.5))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed += 1
            process.communicate()  # reaps it and closes its pipe
        last = _start(config, committed_url)
        output, _ = await asyncio.to_thread(last.communicate, timeout=300)
    # Then the killed runs were cut off, the last one finished, and the registry is the same
    assert killed >= 2, "the runs finished before they could be killed"
    assert last.returncode == 0, output
    async with committed.session() as session:
        runs = (await session.execute(select(SyncRun))).scalars().all()
    # a killed run that had started is marked abandoned by the next; none failed
    statuses = sorted(r.status for r in runs)
    assert set(statuses) <= {"ABANDONED", "SUCCEEDED"} and "ABANDONED" in statuses
    assert await registry_snapshot(committed) == expected


def _start(config: Path, database_url: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "HUB_DATABASE_URL": database_url,
        "HUB_ENVIRONMENT": "development",
        "HUB_HEALTH_INSURANCE_CLIENT_SECRET": "simulator-secret",
        "HUB_SYNC_BATCH_SIZE": str(OPTIONS.batch_size),
        "HUB_SYNC_DEAD_LETTER_THRESHOLD": "0.5",
        "HUB_ADAPTERS_CONFIG": str(config),
    }
    command = [sys.executable, "-c", "from hub.cli import app; app()", "sync", "health-insurance"]
    return subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
