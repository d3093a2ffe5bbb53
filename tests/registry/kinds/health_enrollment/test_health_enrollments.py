"""Health-insurance enrolments go through the master-records machinery: deterministic on
(social insurance number, validity start), linked to persons, flagged but never dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.db import Database
from hub.registry.ingestion import ingest
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.health_enrollment import reads as health
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.history import master_history
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.provenance import masters_provenance
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, record
from tests.statement_counter import counting

CARD = "DN4797912345678"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)


def enrollment(system: str, source_id: str, updated: datetime, **payload: Any) -> SourceRecordInput:
    """Return an enrolment source record."""
    return SourceRecordInput(
        system, source_id, payload, updated, entity_type=HEALTH_INSURANCE_ENROLLMENT
    )


def from_agency(**extra: Any) -> SourceRecordInput:
    """An's 2026 card as the social-security agency issued it."""
    payload = {
        "card_code": CARD,
        "valid_from": "2026-01-01",
        "valid_to": "2027-01-01",
        "clinic_code": "79-024",
        "clinic_name": "Bệnh viện Quận 1",
    }
    return enrollment("health_insurance", "THE-1", JAN, **{**payload, **extra})


def from_hospital() -> SourceRecordInput:
    """The same card seen at a hospital counter: number and dates, the clinic unaccented."""
    return enrollment(
        "hospital_records",
        "KCB-5",
        FEB,
        social_insurance_number="7912345678",
        valid_from="01/01/2026",
        benefit_level="4",
        clinic_code="79-024",
        clinic_name="Benh vien Quan 1",
    )


async def issues(session: AsyncSession) -> list[tuple[str, str]]:
    """Return the open quality issues of enrolments as (kind, attribute), sorted."""
    found = (
        await session.execute(
            select(QualityIssue).where(
                col(QualityIssue.entity_type) == HEALTH_INSURANCE_ENROLLMENT,
                col(QualityIssue.resolved_at).is_(None),
            )
        )
    ).scalars()
    return sorted((i.kind, i.attribute) for i in found)


async def test_two_systems_make_one_enrollment_linked_to_the_person(
    session: AsyncSession,
) -> None:
    # given An, known with his social insurance number
    persons = await ingest(session, [an_from_health()])
    an = persons.master_ids[("health_insurance", "HI-1")]

    # when the agency's card and the hospital's record of it are ingested
    report = await ingest(session, [from_agency(), from_hospital()])

    # then they are one enrolment of An, the card's boxes filling group, level and province
    assert (report.masters_created, report.linked, report.flagged) == (1, 1, 0)
    found = (await health.enrollments_of_persons(session, [an]))[an]
    assert len(found) == 1
    card = found[0]
    assert (card.card_code, card.social_insurance_number, card.beneficiary_group) == (
        CARD,
        "7912345678",
        "DN",
    )
    assert (card.benefit_level, card.issuing_province, card.clinic_name) == (
        "4",
        "79",
        "Bệnh viện Quận 1",
    )
    assert card.valid_from is not None and card.valid_from.isoformat() == "2026-01-01"
    provenance = (await masters_provenance(session, HEALTH_INSURANCE_ENROLLMENT, [card.id]))[
        card.id
    ]
    assert {p.system for p in provenance.values()} == {"health_insurance"}
    # and an unaccented clinic name is no conflict
    assert await issues(session) == []


async def test_a_person_without_a_number_is_found_by_citizen_id(session: AsyncSession) -> None:
    # given An known to the registry only by his citizen ID
    persons = await ingest(
        session,
        [
            record(
                "cadre_management", "CM-1", JAN, citizen_id=AN_CITIZEN_ID, full_name="Nguyễn Văn An"
            )
        ],
    )
    an = persons.master_ids[("cadre_management", "CM-1")]

    # when a card naming his citizen ID is ingested
    await ingest(session, [from_agency(citizen_id=AN_CITIZEN_ID)])

    # then the enrolment is his
    found = (await health.enrollments_of_persons(session, [an]))[an]
    assert [e.card_code for e in found] == [CARD]


async def test_invalid_cards_and_unknown_groups_are_kept_and_flagged(
    session: AsyncSession,
) -> None:
    # given a card with an unknown group box, and a record naming an unknown group outright
    bad_card = enrollment("health_insurance", "THE-9", JAN, card_code="ZZ4797912345678")
    unknown = enrollment(
        "hospital_records",
        "KCB-9",
        JAN,
        social_insurance_number="7912345678",
        valid_from="2025-01-01",
        beneficiary_group="QQ",
    )

    # when they are ingested
    report = await ingest(session, [bad_card, unknown])

    # then both are kept: the bad card reaches no golden value, the unknown group stays as sent
    assert report.created == 2 and report.flagged == 2
    assert await health.enrollments_by_card(session, "ZZ4797912345678") == []
    kept = await health.get_enrollment(session, report.master_ids[("hospital_records", "KCB-9")])
    assert kept is not None and kept.beneficiary_group == "QQ"
    assert await issues(session) == [
        ("INVALID_IDENTIFIER", "card_code"),
        ("MISSING", "enrollment_key"),
        ("UNKNOWN_CODE", "beneficiary_group"),
    ]


async def test_each_validity_period_is_its_own_enrollment_and_reads_are_batched(
    database: Database, session: AsyncSession
) -> None:
    # given An's 2025 and 2026 enrolments, ingested twice
    persons = await ingest(session, [an_from_health()])
    an = persons.master_ids[("health_insurance", "HI-1")]
    periods = [
        from_agency(),
        enrollment("health_insurance", "THE-0", JAN, card_code=CARD, valid_from="2025-01-01"),
    ]
    await ingest(session, periods)
    again = await ingest(session, periods)

    # when the enrolments of An and of someone without any are read together
    with counting(database) as statements:
        found = await health.enrollments_of_persons(session, [an, "nobody"])

    # then one statement returns both periods, latest first, and re-ingesting changed nothing
    assert len(statements) == 1
    assert [e.enrollment_key for e in found[an]] == [
        "7912345678:2026-01-01",
        "7912345678:2025-01-01",
    ]
    assert found["nobody"] == []
    assert (again.unchanged, again.golden_changed) == (2, 0)
    history = await master_history(session, HEALTH_INSURANCE_ENROLLMENT, found[an][0].id)
    assert [h.change for h in history] == ["CREATED"]
