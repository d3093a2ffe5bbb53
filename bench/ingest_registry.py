"""Ingesting a generated population into the registry: records per second and memory.

The same path as the product (``ingest`` on a migrated database: validation, blocking keys in
the database, matching, survivorship, history, outbox), at two sizes in one run, so that the
per-record time and the memory growth can be compared. Sizes from ``HUB_BENCH_INGEST_SIZES``
(default ``2000,8000`` persons; each person is seen by two or three systems). Memory is the
process's peak resident memory after each run (it never goes down, so the smaller size runs
first): flat means the larger run did not raise it much. tracemalloc is not used because it
slowed ingestion several-fold.
"""

from __future__ import annotations

import asyncio
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.harness import Result
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.records.demo import BATCH, source_inputs
from hub.registry.records.ingest import ingest
from hub.registry.records.inputs import SourceRecordInput
from hub.registry.records.population import load_geography

SIZES = [int(n) for n in os.environ.get("HUB_BENCH_INGEST_SIZES", "2000,8000").split(",")]


async def _run(url: str, persons: int) -> tuple[int, float, int]:
    database = Database.from_url(url)
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
    geography = load_geography()
    received = 0
    started = time.perf_counter()
    batch: list[SourceRecordInput] = []
    for item in source_inputs(geography, persons, seed=11):
        batch.append(item)
        if len(batch) == BATCH:
            async with database.transaction() as session:
                received += (await ingest(session, batch)).received
            batch = []
    if batch:
        async with database.transaction() as session:
            received += (await ingest(session, batch)).received
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    await database.dispose()
    return received, seconds, peak


def run() -> list[Result]:
    """Ingest each size into a fresh SQLite database and print records/s and peak memory."""
    results: list[Result] = []
    print("ingest into the registry (SQLite, one transaction per batch of", BATCH, "records)")
    print(f"{'persons':>9} {'records':>9} {'seconds':>9} {'records/s':>10} {'peak RSS MiB':>13}")
    for persons in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'ingest.db'}"
            upgrade(url)
            received, seconds, peak = asyncio.run(_run(url, persons))
        print(
            f"{persons:>9} {received:>9} {seconds:>9.1f} {received / seconds:>10.0f} "
            f"{peak / 2**20:>13.1f}"
        )
        per_record_us = seconds / received * 1e6
        results.append(
            Result(
                benchmark="registry ingest (sqlite)",
                case=f"{persons} persons, {received} source records",
                operations=received,
                mean_us=per_record_us,
                p50_us=per_record_us,
                p95_us=per_record_us,
            )
        )
    return results
