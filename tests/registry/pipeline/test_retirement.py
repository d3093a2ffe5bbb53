"""Retirement: a source record deleted at its source is kept but left out of survivorship; a
master left with no live source record is retired (never deleted); a record sent again
after its tombstone brings the master back."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.golden_models import GoldenVersion
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.provenance import masters_provenance
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.master_inputs import MAR, an_from_health, an_from_land


async def _person(session: AsyncSession, master_id: str) -> Person:
    person = await session.get(Person, master_id)
    assert person is not None
    await session.refresh(person)
    return person


async def _changes(session: AsyncSession, master_id: str) -> list[str]:
    rows = await session.execute(
        select(col(GoldenVersion.change))
        .where(col(GoldenVersion.master_id) == master_id)
        .order_by(col(GoldenVersion.version))
    )
    return list(rows.scalars())


async def _events(session: AsyncSession, master_id: str) -> list[str]:
    rows = await session.execute(
        select(col(OutboxEvent.event_type))
        .where(col(OutboxEvent.entity_id) == master_id)
        .order_by(col(OutboxEvent.id))
    )
    return list(rows.scalars())


async def test_a_tombstone_retires_its_record_and_the_golden_record_is_recomputed_without_it(
    session: AsyncSession,
) -> None:
    # given An from health insurance and from the land records, on one master (the land
    # record alone gives the street)
    first = await ingest(session, [an_from_health(), an_from_land()])
    master_id = first.master_ids[("health_insurance", "HI-1")]
    assert first.master_ids[("land_records", "LR-1")] == master_id
    assert (await _person(session, master_id)).address_street == "Số 12 Lê Lợi"

    # when the land records delete theirs
    gone = replace(an_from_land(), payload={}, source_updated_at=MAR, retired=True)
    report = await ingest(session, [gone])

    # then the record is kept, retired; the golden record no longer holds its street and
    # names only the live record; history and the outbox say UPDATED; the master is live
    assert (report.retired, report.masters_retired) == (1, 0)
    stored = (
        await session.execute(select(SourceRecord).where(col(SourceRecord.source_id) == "LR-1"))
    ).scalar_one()
    assert stored.retired_at is not None and stored.payload["full_name"] == "Nguyen Van An"
    person = await _person(session, master_id)
    assert person.address_street is None and person.retired_at is None
    provenance = (await masters_provenance(session, PERSON, [master_id]))[master_id]
    assert {p.system for p in provenance.values()} == {"health_insurance"}
    assert (await _changes(session, master_id))[-1] == "UPDATED"
    assert (await _events(session, master_id))[-1] == "UPDATED"


async def test_a_master_left_with_no_live_record_is_retired_not_deleted(
    session: AsyncSession,
) -> None:
    # given An from health insurance alone
    master_id = (await ingest(session, [an_from_health()])).master_ids[("health_insurance", "HI-1")]

    # when his only record is deleted at its source, and the tombstone comes twice, with one
    # for a record the hub never had
    gone = replace(an_from_health(), payload={}, source_updated_at=MAR, retired=True)
    never = replace(gone, source_id="HI-404")
    report = await ingest(session, [gone, never])
    again = await ingest(session, [gone])

    # then the master stays, with its last values, marked retired in history and the outbox;
    # the repeated tombstone and the unknown one change nothing
    assert (report.retired, report.masters_retired, report.unchanged) == (1, 1, 1)
    assert (again.retired, again.masters_retired, again.unchanged) == (0, 0, 1)
    person = await _person(session, master_id)
    assert person.retired_at is not None and person.full_name == "Nguyễn Văn An"
    assert await _changes(session, master_id) == ["CREATED", "RETIRED"]
    assert await _events(session, master_id) == ["CREATED", "RETIRED"]


async def test_a_record_sent_again_after_its_tombstone_brings_its_master_back(
    session: AsyncSession,
) -> None:
    # given An, retired by the tombstone of his only record
    master_id = (await ingest(session, [an_from_health()])).master_ids[("health_insurance", "HI-1")]
    gone = replace(an_from_health(), payload={}, source_updated_at=MAR, retired=True)
    await ingest(session, [gone])

    # when the source sends the same record again
    report = await ingest(session, [an_from_health()])

    # then it is live again, on the same master, which is current again
    assert (report.updated, report.master_ids[("health_insurance", "HI-1")]) == (1, master_id)
    person = await _person(session, master_id)
    assert person.retired_at is None and person.full_name == "Nguyễn Văn An"
    assert await _changes(session, master_id) == ["CREATED", "RETIRED", "UPDATED"]


async def test_a_tombstone_after_a_live_copy_in_one_call_wins_and_a_live_copy_after_one_wins(
    session: AsyncSession,
) -> None:
    # given nothing stored
    gone = replace(an_from_health(), payload={}, retired=True)

    # when one call brings An then his tombstone, and another his tombstone then An again
    first = await ingest(session, [an_from_health(), gone])
    master_id = first.master_ids[("health_insurance", "HI-1")]
    retired_first = (await _person(session, master_id)).retired_at
    second = await ingest(session, [gone, an_from_health()])

    # then the last copy of each call decides
    assert (first.created, first.retired, first.masters_retired) == (1, 1, 1)
    assert retired_first is not None
    assert second.updated == 1 and (await _person(session, master_id)).retired_at is None
