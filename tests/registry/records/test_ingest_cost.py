"""Ingestion cost: a bounded number of SQL statements per record, whatever the registry size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.registry.records.demo import load_demo_population, source_inputs
from hub.registry.records.ingest import ingest
from hub.registry.records.population import load_geography

PERSONS = 20
# Reads of the batch, reference data and the golden recompute, whatever the batch size.
PER_BATCH = 25
# Candidate lookup; inserts of record, xref, keys, master, version, event; the odd issue.
PER_RECORD = 8


@contextmanager
def counting(database: Database) -> Iterator[list[str]]:
    """Collect every SQL statement the engine sends while the block runs."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)


async def test_statements_per_record_do_not_grow_with_the_registry(
    database: Database, session: AsyncSession
) -> None:
    # given the real communes, and a first batch ingested into an empty registry
    geography = load_geography()
    first = list(source_inputs(geography, PERSONS, seed=1))
    with counting(database) as small:
        await ingest(session, first)

    # when 300 more people are loaded and a second batch of the same size is ingested
    await load_demo_population(session, persons=300, seed=7, geography=geography)
    second = list(source_inputs(geography, PERSONS, seed=2))
    with counting(database) as large:
        report = await ingest(session, second)

    # then both batches stay within a fixed budget per record
    assert report.created == len(second)
    for statements, batch in ((small, first), (large, second)):
        assert len(statements) <= PER_BATCH + PER_RECORD * len(batch), len(statements)
    # and the larger registry costs no more per record than the empty one, give or take one
    assert len(large) / len(second) <= len(small) / len(first) + 1
