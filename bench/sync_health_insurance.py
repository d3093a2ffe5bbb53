"""Syncing the health-insurance simulator into the registry, beside a raw bulk insert of the
same rows in the same run: records per second, the ratio to raw, and peak memory.

The sync is the product's path end to end: the simulator served over HTTP (OAuth2, pages),
the adapter, the runner (batches committed with their checkpoint) and ``ingest``. The raw
baseline inserts the same items, one row each (id and JSON payload), into a table of the same
database with one ``executemany`` per batch: what the database can take with no work at all.

Settings (environment):

- ``HUB_BENCH_SYNC_RECORDS``: items served (default 1,000,000; each is a person and, most
  often, a card: about two source records).
- ``HUB_BENCH_SYNC_POSTGRES``: a PostgreSQL URL whose server may create databases; the run
  then uses a fresh database there (dropped afterwards) instead of a SQLite file.
- ``HUB_BENCH_SYNC_BATCH``: records per committed batch and page (default 500).
"""

from __future__ import annotations

import asyncio
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import JSON, Column, MetaData, String, Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.harness import Result
from hub.adapters.demo_sync import served
from hub.adapters.health_insurance.adapter import HealthInsuranceAdapter
from hub.adapters.health_insurance.config import HealthInsuranceConfig
from hub.adapters.health_insurance.simulated_data import items
from hub.adapters.health_insurance.simulator import SimulatorOptions, create_simulator
from hub.adapters.runner import RunOptions, run_sync
from hub.db import Database, async_url
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.population.generator import load_geography

RECORDS = int(os.environ.get("HUB_BENCH_SYNC_RECORDS", "1000000"))
POSTGRES = os.environ.get("HUB_BENCH_SYNC_POSTGRES")
BATCH = int(os.environ.get("HUB_BENCH_SYNC_BATCH", "500"))
MiB = 2**20
_RAW = Table(
    "bench_raw_item",
    MetaData(),
    Column("id", String(64), primary_key=True),
    Column("payload", JSON, nullable=False),
)


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


async def _raw(database: Database, data: list[dict[str, Any]]) -> float:
    async with database.engine.begin() as connection:
        await connection.run_sync(_RAW.metadata.create_all)
    started = time.perf_counter()
    for start in range(0, len(data), BATCH):
        rows = [
            {"id": f"{i}", "payload": item}
            for i, item in enumerate(data[start : start + BATCH], start=start)
        ]
        async with database.engine.begin() as connection:
            await connection.execute(insert(_RAW), rows)
    return time.perf_counter() - started


async def _both(url: str, data: list[dict[str, Any]]) -> tuple[float, float, int]:
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    raw_seconds = await _raw(database, data)
    options = SimulatorOptions(seed=1, max_page_size=BATCH)
    with served(create_simulator(data, options)) as base:
        config = HealthInsuranceConfig(
            base_url=base, client_secret=SecretStr(options.client_secret), page_size=BATCH
        )
        started = time.perf_counter()
        run = await run_sync(database, HealthInsuranceAdapter(config), RunOptions(batch_size=BATCH))
        sync_seconds = time.perf_counter() - started
    await database.dispose()
    return raw_seconds, sync_seconds, run.created


async def _admin(sql: str) -> None:
    assert POSTGRES is not None
    engine = create_async_engine(async_url(POSTGRES), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


def _in_fresh_database(data: list[dict[str, Any]]) -> tuple[float, float, int]:
    if POSTGRES is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'sync.db'}"
            upgrade(url)
            return asyncio.run(_both(url, data))
    name = f"hub_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        return asyncio.run(_both(url, data))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run() -> list[Result]:
    """Sync ``RECORDS`` items and insert them raw; print both rates and their ratio."""
    backend = "postgresql" if POSTGRES else "sqlite"
    data = items(load_geography(), RECORDS, seed=3)
    raw_seconds, sync_seconds, created = _in_fresh_database(data)
    raw_rate, sync_rate = len(data) / raw_seconds, len(data) / sync_seconds
    print(
        f"{len(data)} items ({created} source records) on {backend}: raw insert "
        f"{raw_rate:,.0f} items/s, sync {sync_rate:,.0f} items/s "
        f"({sync_rate / raw_rate:.1%} of raw); peak RSS {_peak() / MiB:.0f} MiB",
        flush=True,
    )
    raw = Result(
        benchmark=f"health-insurance sync ({backend})",
        case=f"raw insert of {len(data)} items",
        operations=len(data),
        mean_us=raw_seconds / len(data) * 1e6,
        p50_us=raw_seconds / len(data) * 1e6,
        p95_us=raw_seconds / len(data) * 1e6,
    )
    per_item = sync_seconds / len(data) * 1e6
    synced = Result(
        benchmark=raw.benchmark,
        case=f"sync of {len(data)} items",
        operations=len(data),
        mean_us=per_item,
        p50_us=per_item,
        p95_us=per_item,
        baseline=raw.case,
        ratio=per_item / raw.mean_us,
    )
    return [raw, synced]
