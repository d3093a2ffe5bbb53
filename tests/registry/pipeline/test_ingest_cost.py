"""Ingestion cost: a bounded number of SQL statements per record, whatever the registry size."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.registry.ingestion import ingest
from hub.registry.population.demo import load_demo_population, source_inputs
from hub.registry.population.generator import load_geography
from tests.statement_counter import counting

PERSONS = 20
# Reads of the batch, its candidates, reference data (one per registration province and
# commune named) and the golden recompute; bulk inserts of records, xrefs, keys, masters,
# versions, events and provenance: whatever the batch size.
PER_BATCH = 100
# The update of each recomputed master, and the odd quality issue.
PER_RECORD = 1


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


async def test_candidates_of_a_whole_batch_are_read_in_one_statement(
    database: Database, session: AsyncSession
) -> None:
    # given a registry of 300 people
    geography = load_geography()
    await load_demo_population(session, persons=300, seed=7, geography=geography)

    # when batches of 20 and of 200 people are ingested
    reads: list[int] = []
    for persons, seed in ((20, 1), (200, 2)):
        batch = list(source_inputs(geography, persons, seed=seed))
        with counting(database) as statements:
            await ingest(session, batch)
        reads.append(sum(1 for s in statements if s.startswith("SELECT") and "match_key" in s))

    # then each batch read its blocking-key candidates once, not once per record
    assert reads == [1, 1]
