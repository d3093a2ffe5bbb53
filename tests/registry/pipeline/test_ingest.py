"""Ingestion: two systems' records of one person become one golden record with provenance."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.errors import Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import service
from hub.registry.kinds.person.provenance import person_provenance
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.master_inputs import (
    AN_CITIZEN_ID,
    an_from_health,
    an_from_land,
    record,
)


async def _count(session: AsyncSession, table: type) -> int:
    return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def test_two_systems_make_one_golden_person_whose_attributes_name_their_source(
    session: AsyncSession,
) -> None:
    # given the health-insurance and (unaccented, old-commune) land records of one man
    records = [an_from_health(), an_from_land()]

    # when both are ingested
    report = await ingest(session, records)

    # then they share one master whose values each come from a named source
    assert report.created == 2 and report.masters_created == 1 and report.linked == 1
    person = await service.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert person is not None
    assert person.full_name == "Nguyễn Văn An"
    assert person.birth_date == date(1990, 3, 15)
    assert person.sex == "MALE"
    assert person.address_commune_code == "26740"
    assert person.address_street == "Số 12 Lê Lợi"
    provenance = await person_provenance(session, person.id)
    assert provenance["full_name"].system == "health_insurance"
    assert provenance["address_commune_code"].system == "health_insurance"
    assert provenance["address_street"].system == "land_records"
    assert set(provenance) == {
        "citizen_id",
        "social_insurance_number",
        "full_name",
        "birth_date",
        "sex",
        "address_commune_code",
        "address_street",
    }
    # and an old commune code and its successor, or missing diacritics, are no conflict
    assert await _count(session, QualityIssue) == 0


async def test_reingesting_the_same_content_changes_nothing_and_writes_no_event(
    session: AsyncSession,
) -> None:
    # given two records already ingested
    await ingest(session, [an_from_health(), an_from_land()])
    events = await _count(session, OutboxEvent)

    # when the same content arrives again
    report = await ingest(session, [an_from_health(), an_from_land()])

    # then both count as unchanged and no event is written
    assert (report.unchanged, report.created, report.updated) == (2, 0, 0)
    assert report.golden_changed == 0
    assert await _count(session, OutboxEvent) == events
    assert events == 1


async def test_an_invalid_identifier_is_kept_flagged_and_kept_out_of_the_golden_record(
    session: AsyncSession,
) -> None:
    # given a record whose citizen ID has a letter O for a zero
    bad = record(
        "land_records",
        "LR-9",
        full_name="Lê Thị Hoa",
        birth_date="1985-01-02",
        citizen_id="O79185000111",
    )

    # when it is ingested
    report = await ingest(session, [bad])

    # then the record is stored as sent, flagged, and the golden record has no citizen ID
    assert report.flagged == 1
    stored = (await session.execute(select(SourceRecord))).scalars().one()
    assert stored.payload["citizen_id"] == "O79185000111"
    assert stored.validation_status == "FLAGGED"
    assert "citizen_id" not in stored.attributes
    person = await service.get(session, report.master_ids[("land_records", "LR-9")])
    assert person is not None and person.citizen_id is None and person.full_name == "Lê Thị Hoa"
    issues = (await session.execute(select(QualityIssue))).scalars().all()
    assert [(i.kind, i.attribute, i.system) for i in issues] == [
        ("INVALID_IDENTIFIER", "citizen_id", "land_records")
    ]


async def test_an_unknown_code_is_kept_as_sent_and_flagged(session: AsyncSession) -> None:
    # given a record with a sex code and a commune code nobody knows
    odd = record(
        "cadre_management",
        "CM-1",
        full_name="Phạm Minh Tuấn",
        sex="X",
        address_commune_code="99999",
    )

    # when it is ingested
    await ingest(session, [odd])

    # then both codes stay in the payload and each raises a flag
    stored = (await session.execute(select(SourceRecord))).scalars().one()
    assert stored.payload == {
        "full_name": "Phạm Minh Tuấn",
        "sex": "X",
        "address_commune_code": "99999",
    }
    assert sorted((f["attribute"], f["code"]) for f in stored.flags) == [
        ("address_commune_code", "UNKNOWN_CODE"),
        ("sex", "UNKNOWN_CODE"),
    ]


async def test_sources_that_disagree_raise_a_conflict_issue(session: AsyncSession) -> None:
    # given two records of one man
    await ingest(session, [an_from_health(), an_from_land()])

    # when a third system gives another birth date for the same citizen ID
    cadre = record(
        "cadre_management",
        "CM-1",
        full_name="Nguyễn Văn An",
        citizen_id=AN_CITIZEN_ID,
        birth_date="16/03/1990",
    )
    await ingest(session, [cadre])

    # then a conflict on birth_date lists every source's value, and the trusted one survives
    issues = (await session.execute(select(QualityIssue))).scalars().all()
    assert [(i.kind, i.attribute) for i in issues] == [("CONFLICT", "birth_date")]
    assert sorted(v["system"] for v in issues[0].detail["values"]) == [
        "cadre_management",
        "health_insurance",
        "land_records",
    ]
    person = await service.find_by_citizen_id(session, AN_CITIZEN_ID)
    assert person is not None and person.birth_date == date(1990, 3, 15)


async def test_a_changed_record_updates_the_golden_record_and_writes_an_event(
    session: AsyncSession,
) -> None:
    # given an ingested record
    first = await ingest(session, [an_from_health()])
    person_id = first.master_ids[("health_insurance", "HI-1")]

    # when the source sends a new phone number
    changed = an_from_health()
    changed = record(
        changed.system,
        changed.source_id,
        changed.source_updated_at,
        **changed.payload,
        phone="0912345678",
    )
    report = await ingest(session, [changed])

    # then the golden record has it, at version 2, announced in the outbox
    assert report.updated == 1 and report.golden_changed == 1
    person = await service.get(session, person_id)
    assert person is not None and person.phone == "0912345678" and person.version == 2
    events = (
        (await session.execute(select(OutboxEvent).order_by(col(OutboxEvent.id)))).scalars().all()
    )
    assert [(e.event_type, e.version, e.payload["changed"]) for e in events][-1] == (
        "UPDATED",
        2,
        ["phone"],
    )


async def test_a_person_known_from_sign_in_receives_their_source_records(
    session: AsyncSession,
) -> None:
    # given a person created at sign-in, with no source record yet
    signed_in = await service.ensure_person(
        session, citizen_id=AN_CITIZEN_ID, full_name="Nguyễn Văn An"
    )

    # when a source system sends a record with the same citizen ID
    report = await ingest(session, [an_from_land()])

    # then the record joins that person, whose golden values now come from the source
    assert report.master_ids[("land_records", "LR-1")] == signed_in.id
    assert report.masters_created == 0
    provenance = await person_provenance(session, signed_in.id)
    assert provenance["address_street"].system == "land_records"


async def test_a_source_time_without_time_zone_is_refused(session: AsyncSession) -> None:
    # given a record whose source update time has no time zone
    naive = record("land_records", "LR-5", datetime(2026, 1, 1), full_name="Lê Văn Tám")

    # when it is ingested
    # then the call is refused as bad input and nothing is stored
    with pytest.raises(Invalid):
        await ingest(session, [naive])
    assert await _count(session, SourceRecord) == 0
