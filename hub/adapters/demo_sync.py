"""The demo's sync: the three simulators write or serve a small generated data set (the same
people across the three systems) and the real adapters sync it into the registry, so the
demo's persons name three systems, as production data arrives."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from pydantic import SecretStr
from starlette.types import ASGIApp

from hub.adapters.cadre_management.adapter import CadreManagementAdapter, CadreManagementConfig
from hub.adapters.cadre_management.simulator import write_exports
from hub.adapters.health_insurance.adapter import HealthInsuranceAdapter
from hub.adapters.health_insurance.config import HealthInsuranceConfig
from hub.adapters.health_insurance.simulated_data import items
from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.land_records.adapter import LandRecordsAdapter, LandRecordsConfig
from hub.adapters.land_records.simulator import write_batches
from hub.adapters.models import SyncRun
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database
from hub.registry.population.generator import Geography

DEMO_PERSONS = 60
DEMO_SEED = 11


async def sync_simulators(
    database: Database,
    geography: Geography,
    *,
    persons: int = DEMO_PERSONS,
    seed: int = DEMO_SEED,
    report: Callable[[SyncRun], None] = lambda _: None,
) -> list[SyncRun]:
    """Sync the three simulators' data for ``persons`` generated people; return the runs
    (a second call finds everything unchanged)."""
    options = RunOptions(batch_size=200, dead_letter_threshold=1.0)
    runs: list[SyncRun] = []
    with tempfile.TemporaryDirectory(prefix="hub-demo-sync-") as folder:
        land, hr = Path(folder) / "land", Path(folder) / "hr"
        write_batches(land, geography, persons, seed=seed)
        write_exports(hr, geography, persons, seed=seed)
        simulator = SimulatorOptions(seed=seed)
        with served(create_simulator(items(geography, persons, seed=seed), simulator)) as url:
            config = HealthInsuranceConfig(
                base_url=url,
                client_id=simulator.client_id,
                client_secret=SecretStr(simulator.client_secret),
            )
            runs.append(await run_sync(database, HealthInsuranceAdapter(config), options))
            report(runs[-1])
        land_adapter = LandRecordsAdapter(LandRecordsConfig(folder=land))
        runs.append(await run_sync(database, land_adapter, options))
        report(runs[-1])
        hr_adapter = CadreManagementAdapter(CadreManagementConfig(folder=hr))
        runs.append(await run_sync(database, hr_adapter, options))
        report(runs[-1])
    return runs


@contextmanager
def served(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the health-insurance simulator did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
