"""The access log's hash chains: tampering of every kind is found and named."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col
from typer.testing import CliRunner

from hub.audit import anchor, append_reads, verify
from hub.audit.chain import GENESIS, entry_hash, shard_of
from hub.audit.models import AccessEntry
from hub.audit.reads import Read, ReadCollector, Reader
from hub.cli import app
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.settings import get_settings
from tests.conftest import drop_postgres_database, fresh_postgres_database

READER = Reader(
    kind="CLIENT",
    client_id="police-records",
    agency_code="G12.18",
    purpose_code="residence-check",
    case="HS-1",
)
PERSONS = [str(uuid.UUID(int=n)) for n in range(1, 9)]
GROUPS = ("person.identity:read", "person.contact:read")
SHARDS = 4


async def _log_reads(session: AsyncSession, requests: int = 6) -> None:
    """Write ``requests`` requests, each reading two groups of every person."""
    for number in range(requests):
        reads = [Read(p, g, ("fullName",)) for p in PERSONS for g in GROUPS]
        await append_reads(
            session,
            READER,
            reads,
            operation_name=f"Op{number}",
            request_id=f"req-{number}",
            shards=SHARDS,
        )
    await session.commit()


async def _shard_entries(session: AsyncSession, shard: int) -> list[AccessEntry]:
    result = await session.execute(
        select(AccessEntry).where(col(AccessEntry.shard) == shard).order_by(col(AccessEntry.seq))
    )
    return list(result.scalars())


async def _busiest_shard(session: AsyncSession) -> int:
    shard = col(AccessEntry.shard)
    result = await session.execute(
        select(shard).group_by(shard).order_by(func.count().desc(), shard).limit(1)
    )
    return int(result.scalar_one())


async def _verify(database: Database) -> list[str]:
    async with database.session() as fresh:
        report = await verify(fresh)
    return [str(problem) for problem in report.problems]


async def _execute(session: AsyncSession, statement: str, **values: object) -> None:
    await session.execute(text(statement), values)
    await session.commit()


def test_collector_folds_reads_by_person_and_group() -> None:
    # Given fields read one by one, and a bare id of a person read for nothing else
    collector = ReadCollector()
    collector.record("p1", "person.identity:read", "fullName")
    collector.record("p1", "person.identity:read", "birthDate")
    collector.record("p1", "person.id", "id")
    collector.record("p2", "person.id", "id")
    # Then there is one read per person and group, and the id is logged only on its own
    assert collector.reads() == [
        Read("p1", "person.identity:read", ("birthDate", "fullName")),
        Read("p2", "person.id", ("id",)),
    ]


def test_shards_are_stable_and_spread() -> None:
    assert shard_of(PERSONS[0], 16) == shard_of(PERSONS[0], 16)
    assert len({shard_of(str(uuid.uuid4()), 16) for _ in range(400)}) == 16


async def test_an_untouched_log_verifies(session: AsyncSession, database: Database) -> None:
    # Given six requests that read 16 (person, group) pairs each
    await _log_reads(session)
    # When the log is verified
    async with database.session() as fresh:
        report = await verify(fresh)
    # Then every chain is whole and every entry counted
    assert report.ok, report.problems
    assert report.entries == 6 * 16
    assert report.shards == len({shard_of(p, SHARDS) for p in PERSONS})


async def test_an_operation_name_longer_than_its_column_is_cut(
    session: AsyncSession, database: Database
) -> None:
    # Given a read under an operation name the client made 300 characters long
    name = "Q" * 300
    # When it is logged and committed
    await append_reads(
        session,
        READER,
        [Read(PERSONS[0], GROUPS[0], ("fullName",))],
        operation_name=name,
        request_id="req-long",
        shards=SHARDS,
    )
    await session.commit()
    # Then the entry keeps the first 255 characters (PostgreSQL refused the whole row before,
    # so the read failed), and the chain verifies
    entries = await _shard_entries(session, shard_of(PERSONS[0], SHARDS))
    assert [e.operation_name for e in entries] == [name[:255]]
    assert await _verify(database) == []


async def test_chains_link_from_genesis(session: AsyncSession) -> None:
    await _log_reads(session, requests=1)
    entries = await _shard_entries(session, await _busiest_shard(session))
    assert entries[0].prev_hash == GENESIS
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(entries))


async def test_an_edited_field_is_named(session: AsyncSession, database: Database) -> None:
    # Given a verified log, and one entry whose purpose is changed in the database
    await _log_reads(session)
    shard = await _busiest_shard(session)
    victim = (await _shard_entries(session, shard))[4]
    await _execute(
        session, "UPDATE access_log SET purpose_code = 'tax-audit' WHERE id = :id", id=victim.id
    )
    # When the log is verified
    problems = await _verify(database)
    # Then that entry is named first, with its shard and sequence number
    assert problems[0].startswith(f"shard {shard} seq 5 entry {victim.id}: hash does not match")


async def test_a_deleted_entry_is_found(session: AsyncSession, database: Database) -> None:
    # Given an entry deleted from the middle of a chain
    await _log_reads(session)
    shard = await _busiest_shard(session)
    entries = await _shard_entries(session, shard)
    await _execute(session, "DELETE FROM access_log WHERE id = :id", id=entries[3].id)
    # When the log is verified
    problems = await _verify(database)
    # Then the gap is named at the entry after it, and its request row no longer adds up
    assert problems[0] == (
        f"shard {shard} seq 5 entry {entries[4].id}: expected seq 4: entries before it are "
        "missing (deleted)"
    )
    assert any("logged 16 entries, found 15" in p for p in problems)


async def test_a_forged_entry_is_found(session: AsyncSession, database: Database) -> None:
    # Given a forger who appends an entry to a chain, hashing it with the public algorithm
    await _log_reads(session)
    shard = await _busiest_shard(session)
    head = (await _shard_entries(session, shard))[-1]
    forged = AccessEntry(
        **{
            **head.model_dump(),
            "id": str(uuid.uuid4()),
            "seq": head.seq + 1,
            "prev_hash": head.hash,
            "purpose_code": "never-stated",
        }
    )
    forged.hash = entry_hash(forged)
    session.add(forged)
    await session.commit()
    # When the log is verified
    problems = await _verify(database)
    # Then the chain holds, but the request row it claims to belong to does not add up
    assert problems == [f"request {head.request_log_id} logged 16 entries, found 17"]


async def test_an_inserted_entry_with_a_made_up_hash_is_named(
    session: AsyncSession, database: Database
) -> None:
    # Given an entry inserted with raw SQL at the end of a chain, with a made-up hash
    await _log_reads(session)
    shard = await _busiest_shard(session)
    head = (await _shard_entries(session, shard))[-1]
    forged_id = str(uuid.uuid4())
    await _execute(
        session,
        "INSERT INTO access_log (id, shard, seq, at, person_id, attribute_group, attributes, "
        "reader_kind, request_log_id, prev_hash, hash) SELECT :id, shard, seq + 1, at, "
        "person_id, attribute_group, attributes, reader_kind, request_log_id, hash, :fake "
        "FROM access_log WHERE id = :head",
        id=forged_id,
        fake="f" * 64,
        head=head.id,
    )
    # When the log is verified
    problems = await _verify(database)
    # Then it is named
    assert problems[0] == (
        f"shard {shard} seq {head.seq + 1} entry {forged_id}: hash does not match the "
        "entry's content (entry edited or forged)"
    )


async def test_a_truncated_tail_is_found_against_the_anchor(
    session: AsyncSession, database: Database
) -> None:
    # Given anchored heads, then the last entries of one chain deleted
    await _log_reads(session)
    anchors = await anchor(session)
    await session.commit()
    shard = await _busiest_shard(session)
    entries = await _shard_entries(session, shard)
    for entry in entries[-3:]:
        await _execute(session, "DELETE FROM access_log WHERE id = :id", id=entry.id)
    # When the log is verified
    problems = await _verify(database)
    # Then the chain, whole on its own, no longer reaches its anchored head
    anchored = next(a for a in anchors if a.shard == shard)
    assert problems[0].startswith(
        f"shard {shard} seq {anchored.seq}: anchored head (anchor {anchored.id} of "
    )
    assert f"the chain ends at seq {len(entries) - 3}" in problems[0]


async def test_a_chain_rewritten_up_to_its_anchor_is_found(
    session: AsyncSession, database: Database
) -> None:
    # Given anchored heads, then a forger who edits an entry and re-hashes the chain after it
    await _log_reads(session)
    anchors = await anchor(session)
    await session.commit()
    shard = await _busiest_shard(session)
    anchored = next(a for a in anchors if a.shard == shard)
    entries = await _shard_entries(session, shard)
    entries[2].purpose_code = "tax-audit"
    prev_hash = entries[1].hash
    for entry in entries[2:]:
        entry.prev_hash = prev_hash
        entry.hash = entry_hash(entry)
        prev_hash = entry.hash
    await session.commit()
    # When the log is verified
    problems = await _verify(database)
    # Then the chain is consistent but its head differs from the anchor
    assert problems == [
        f"shard {shard} seq {entries[-1].seq} entry {entries[-1].id}: differs from anchor "
        f"{anchored.id} (chain rewritten up to an anchored head)"
    ]


@pytest.fixture
def cli_database(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = (
        f"sqlite:///{tmp_path / 'audit.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("hub_audit")
    )
    upgrade(url)
    monkeypatch.setenv("HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    if backend == "postgresql":
        drop_postgres_database(url)


def test_cli_verifies_anchors_and_names_the_bad_entry(cli_database: str) -> None:
    runner = CliRunner()

    async def tamper(statement: str | None) -> str:
        database = Database.from_url(cli_database)
        try:
            async with database.transaction() as session:
                if statement is None:
                    await _log_reads(session, requests=2)
                    return ""
                shard = await _busiest_shard(session)
                victim = (await _shard_entries(session, shard))[1]
                await session.execute(text(statement), {"id": victim.id})
                return victim.id
        finally:
            await database.dispose()

    # Given a log of two requests
    asyncio.run(tamper(None))
    # When it is anchored and verified
    anchored = runner.invoke(app, ["audit", "anchor"])
    clean = runner.invoke(app, ["audit", "verify"])
    # Then both succeed and say what they did
    assert anchored.exit_code == 0, anchored.output
    assert "anchored" in anchored.output
    assert clean.exit_code == 0, clean.output
    assert "OK: 32 entries" in clean.output
    # And after an entry is edited, verify fails naming it
    victim = asyncio.run(tamper("UPDATE access_log SET \"case\" = 'HS-2' WHERE id = :id"))
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"seq 2 entry {victim}: hash does not match" in broken.output


def test_concurrent_writers_to_one_shard_do_not_fork_the_chain(cli_database: str) -> None:
    person = PERSONS[0]
    reads = [Read(person, group, ("fullName",)) for group in GROUPS]

    async def scenario() -> list[str]:
        database = Database.from_url(cli_database)
        try:
            async with database.session() as first, database.session() as second:
                # Given a first writer that extended the shard but has not committed yet
                await append_reads(
                    first, READER, reads, operation_name="A", request_id=None, shards=SHARDS
                )
                # When a second writer extends the same shard meanwhile, then the first commits
                racing = asyncio.create_task(
                    append_reads(
                        second, READER, reads, operation_name="B", request_id=None, shards=SHARDS
                    )
                )
                await asyncio.sleep(0.2)
                await first.commit()
                await racing
                await second.commit()
            async with database.session() as fresh:
                report = await verify(fresh)
                entries = await _shard_entries(fresh, shard_of(person, SHARDS))
        finally:
            await database.dispose()
        # Then one chain holds both, in commit order
        assert [e.seq for e in entries] == [1, 2, 3, 4]
        assert [e.operation_name for e in entries] == ["A", "A", "B", "B"]
        return [str(problem) for problem in report.problems]

    assert asyncio.run(scenario()) == []
