"""Ingesting a generated population into the registry: records per second and memory.

The same path as the product (``ingest`` on a migrated database: validation, blocking keys in
the database, matching, survivorship, history, outbox), at growing sizes in one run, so that
the per-record time and the memory can be compared across sizes: the smallest size is the
baseline, and each larger one prints its per-record time as a multiple of it (1.0 means cost
grows linearly with size).

Settings (environment):

- ``HUB_BENCH_INGEST_SIZES``: persons per run, comma-separated (default ``2000,8000``; each
  person is seen by two or three systems, so records ≈ 2.4 × persons).
- ``HUB_BENCH_INGEST_BATCH``: records per ``ingest`` call and transaction (default 1000, the
  page size an adapter sends).
- ``HUB_BENCH_INGEST_POSTGRES``: a PostgreSQL URL whose server may create databases; each run
  then ingests into a fresh database there (dropped afterwards) instead of a SQLite file.
- ``HUB_BENCH_INGEST_PROGRESS``: print a progress line every this many records (default: ten
  lines per run), with the records/s of the last interval and the current and peak resident
  memory, so a long run shows whether throughput or memory drift as the registry grows.

On PostgreSQL the benchmark runs ``ANALYZE`` after each progress line, as autovacuum would in
production: the server this was written on has autovacuum off, and with statistics from an
empty database the planner read every blocking key of the registry for each batch (measured:
from 683 down to 343 records/s by 300,000 records).

Memory is read from the process (current RSS from ``/proc/self/statm``, peak from
``getrusage``); tracemalloc is not used because it slowed ingestion several-fold.
"""

from __future__ import annotations

import asyncio
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.harness import Result
from hub.db import Database, async_url
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.ingestion import ingest
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.population.demo import source_inputs
from hub.registry.population.generator import load_geography

SIZES = [int(n) for n in os.environ.get("HUB_BENCH_INGEST_SIZES", "2000,8000").split(",")]
BATCH = int(os.environ.get("HUB_BENCH_INGEST_BATCH", "1000"))
POSTGRES = os.environ.get("HUB_BENCH_INGEST_POSTGRES")
PROGRESS = int(os.environ.get("HUB_BENCH_INGEST_PROGRESS", "0"))
MiB = 2**20


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


async def _ingest_all(url: str, persons: int) -> tuple[int, float]:
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    geography = load_geography()
    every = PROGRESS or max(BATCH, int(persons * 2.4) // 10)
    received = 0
    started = last_time = time.perf_counter()
    last_received = 0
    batch: list[SourceRecordInput] = []

    async def flush() -> None:
        nonlocal received, last_time, last_received
        async with database.transaction() as session:
            received += (await ingest(session, batch)).received
        batch.clear()
        if received - last_received >= every:
            if POSTGRES is not None:
                async with database.transaction() as session:
                    await session.execute(text("ANALYZE"))
            now = time.perf_counter()
            rate = (received - last_received) / (now - last_time)
            print(
                f"  {received:>9} records {now - started:>8.0f} s {rate:>8.0f} records/s now"
                f"  RSS {_rss() / MiB:>7.1f} MiB  peak {_peak() / MiB:>7.1f} MiB",
                flush=True,
            )
            last_time, last_received = now, received

    for item in source_inputs(geography, persons, seed=11):
        batch.append(item)
        if len(batch) == BATCH:
            await flush()
    if batch:
        await flush()
    seconds = time.perf_counter() - started
    await database.dispose()
    return received, seconds


async def _admin(sql: str) -> None:
    assert POSTGRES is not None
    engine = create_async_engine(async_url(POSTGRES), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


def _one_size(persons: int) -> tuple[int, float]:
    if POSTGRES is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'ingest.db'}"
            upgrade(url)
            return asyncio.run(_ingest_all(url, persons))
    name = f"hub_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        return asyncio.run(_ingest_all(url, persons))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run() -> list[Result]:
    """Ingest each size into a fresh database and print records/s and memory."""
    backend = "postgresql" if POSTGRES else "sqlite"
    results: list[Result] = []
    print(f"ingest into the registry ({backend}, one transaction per {BATCH} records)")
    for persons in SIZES:
        print(f"{persons} persons:", flush=True)
        received, seconds = _one_size(persons)
        print(
            f"{persons:>9} persons {received:>9} records {seconds:>9.1f} s "
            f"{received / seconds:>8.0f} records/s  RSS {_rss() / MiB:.1f} MiB"
            f"  peak {_peak() / MiB:.1f} MiB",
            flush=True,
        )
        per_record_us = seconds / received * 1e6
        baseline = results[0] if results else None
        results.append(
            Result(
                benchmark=f"registry ingest ({backend})",
                case=f"{persons} persons, {received} source records",
                operations=received,
                mean_us=per_record_us,
                p50_us=per_record_us,
                p95_us=per_record_us,
                baseline=None if baseline is None else baseline.case,
                ratio=None if baseline is None else per_record_us / baseline.mean_us,
            )
        )
    return results
