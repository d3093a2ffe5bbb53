"""Concurrent ingestion of the same new record: one transaction wins, the other retries."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from hub.db import Database
from hub.errors import Contention, Invalid
from hub.registry.ingestion import ingest, ingest_in_transaction
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.ingest_retry import is_contention
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.committed_database import count_rows
from tests.registry.master_inputs import an_from_health


async def test_the_loser_of_a_collision_gets_a_retriable_error_and_the_retry_finds_the_record(
    committed: Database,
) -> None:
    # given one transaction that ingested a new record and has not committed yet
    first = committed.session()
    await ingest(first, [an_from_health()])

    # when a second transaction ingests the same new record, and the first then commits
    async def second() -> None:
        async with committed.transaction() as session:
            await ingest(session, [an_from_health()])

    loser = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    await first.commit()
    await first.close()
    with pytest.raises((IntegrityError, OperationalError)) as raised:
        await loser

    # then the error is recognised as a collision, and running the ingestion again
    # finds the winner's record unchanged
    assert is_contention(raised.value)
    report = await ingest_in_transaction(committed, [an_from_health()])
    assert (report.created, report.unchanged) == (0, 1)
    assert await count_rows(committed, SourceRecord) == 1
    assert await count_rows(committed, Person) == 1


async def test_concurrent_ingestions_of_the_same_records_both_succeed(
    committed: Database,
) -> None:
    # given four adapters sending the same new record at once
    calls = [ingest_in_transaction(committed, [an_from_health()], attempts=5) for _ in range(4)]

    # when they all run
    reports = await asyncio.gather(*calls)

    # then one created it, the others found it unchanged, and there is one golden person
    assert sorted(r.created for r in reports) == [0, 0, 0, 1]
    assert sum(r.unchanged for r in reports) == 3
    assert await count_rows(committed, SourceRecord) == 1
    assert await count_rows(committed, Person) == 1


async def test_other_errors_are_not_retried(committed: Database) -> None:
    # given a record the hub refuses (a source time without a time zone)
    bad = an_from_health()
    bad = type(bad)(
        bad.system,
        bad.source_id,
        bad.payload,
        bad.source_updated_at.replace(tzinfo=None),
        bad.entity_type,
    )

    # when it is ingested with retries, then the refusal comes out at once, not as contention
    with pytest.raises(Invalid, match="no time zone") as raised:
        await ingest_in_transaction(committed, [bad])
    assert not isinstance(raised.value, Contention)
    assert not is_contention(raised.value)
    assert await count_rows(committed, SourceRecord) == 0
