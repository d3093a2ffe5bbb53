"""Civil-servant appointments go through the master-records machinery: deterministic on
(person, organization, position, start), linked to person and organization masters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.db import Database
from hub.registry.ingestion import ingest
from hub.registry.kinds.civil_servant_appointment import CIVIL_SERVANT_APPOINTMENT
from hub.registry.kinds.civil_servant_appointment import reads as appointments
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.provenance import masters_provenance
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health, record
from tests.statement_counter import counting

BINH_CITIZEN_ID = "001085012345"
JAN = datetime(2026, 1, 10, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)


def appointment(
    system: str, source_id: str, updated: datetime, **payload: Any
) -> SourceRecordInput:
    """Return an appointment source record."""
    return SourceRecordInput(
        system, source_id, payload, updated, entity_type=CIVIL_SERVANT_APPOINTMENT
    )


def agency() -> SourceRecordInput:
    """The land administration department as the agency directory has it."""
    return SourceRecordInput(
        "agency_directory",
        "AD-1",
        {"agency_code": "G12.18", "name": "Cục Quản lý đất đai"},
        JAN,
        entity_type=ORGANIZATION,
    )


def from_cadre(**extra: Any) -> SourceRecordInput:
    """An's appointment as the cadre-management system recorded the decision."""
    payload = {
        "citizen_id": AN_CITIZEN_ID,
        "agency_code": "G12.18",
        "position": "Phó Trưởng phòng",
        "rank_code": "01.002",
        "salary_grade": "3",
        "salary_coefficient": "4.98",
        "valid_from": "2024-03-01",
    }
    return appointment("cadre_management", "QD-15", JAN, **{**payload, **extra})


def from_payroll() -> SourceRecordInput:
    """The same appointment in payroll: the other agency-code form, the raised coefficient."""
    return appointment(
        "payroll",
        "LUONG-7",
        FEB,
        citizen_id=AN_CITIZEN_ID,
        agency_code="000.00.18.G12",
        position="PHO TRUONG PHONG",
        salary_grade="4",
        salary_coefficient="5,32",
        valid_from="01/03/2024",
    )


def binh(**extra: Any) -> SourceRecordInput:
    """Trần Thị Bình: a person record, and her appointment in the same department."""
    return appointment(
        "cadre_management",
        "QD-16",
        JAN,
        **{
            "citizen_id": BINH_CITIZEN_ID,
            "agency_code": "G12.18",
            "position": "Chuyên viên",
            "rank_code": "01.003",
            "valid_from": "2020-01-01",
            "valid_to": "2025-01-01",
            **extra,
        },
    )


async def issues(session: AsyncSession) -> list[tuple[str, str]]:
    """Return the open quality issues of appointments as (kind, attribute), sorted."""
    found = (
        await session.execute(
            select(QualityIssue).where(
                col(QualityIssue.entity_type) == CIVIL_SERVANT_APPOINTMENT,
                col(QualityIssue.resolved_at).is_(None),
            )
        )
    ).scalars()
    return sorted((i.kind, i.attribute) for i in found)


async def test_two_systems_make_one_appointment_of_the_person_in_the_organization(
    session: AsyncSession,
) -> None:
    # given An and his department
    known = await ingest(session, [an_from_health(), agency()])
    an = known.master_ids[("health_insurance", "HI-1")]
    department = known.master_ids[("agency_directory", "AD-1")]

    # when the decision and the payroll record of his appointment are ingested
    report = await ingest(session, [from_cadre(), from_payroll()])

    # then they are one appointment, salary from payroll, the rest from cadre management
    assert (report.masters_created, report.linked, report.flagged) == (1, 1, 0)
    found = (await appointments.appointments_of_persons(session, [an]))[an]
    assert len(found) == 1
    post = found[0]
    assert (post.person_id, post.organization_id, post.position) == (
        an,
        department,
        "Phó Trưởng phòng",
    )
    assert (post.rank_code, post.salary_grade, post.salary_coefficient) == ("01.002", 4, "5.32")
    provenance = (await masters_provenance(session, CIVIL_SERVANT_APPOINTMENT, [post.id]))[post.id]
    assert provenance["salary_coefficient"].system == "payroll"
    assert provenance["position"].system == "cadre_management"
    # and only the salary disagreements are conflicts (position case and diacritics are not)
    assert await issues(session) == [
        ("CONFLICT", "salary_coefficient"),
        ("CONFLICT", "salary_grade"),
    ]
    again = await ingest(session, [from_cadre(), from_payroll()])
    assert (again.unchanged, again.golden_changed) == (2, 0)


async def test_an_unknown_rank_is_kept_and_flagged(session: AsyncSession) -> None:
    # given an appointment with a rank code no list has
    report = await ingest(session, [agency(), from_cadre(rank_code="09.999")])

    # then it is kept as sent, flagged, and the person not yet known is only a warning
    assert report.flagged == 1
    post = await appointments.get_appointment(
        session, report.master_ids[("cadre_management", "QD-15")]
    )
    assert post is not None and post.rank_code == "09.999" and post.person_id is None
    assert await issues(session) == [("UNKNOWN_CODE", "rank_code")]


async def test_officials_of_an_organization_as_of_a_date_in_pages(
    database: Database, session: AsyncSession
) -> None:
    # given An (since 2024) and Bình (2020 to 2025) in the department
    known = await ingest(
        session,
        [
            an_from_health(),
            record(
                "cadre_management",
                "CM-2",
                JAN,
                citizen_id=BINH_CITIZEN_ID,
                full_name="Trần Thị Bình",
            ),
            agency(),
        ],
    )
    department = known.master_ids[("agency_directory", "AD-1")]
    an = known.master_ids[("health_insurance", "HI-1")]
    binh_id = known.master_ids[("cadre_management", "CM-2")]
    await ingest(session, [from_cadre(), binh()])

    # when the officials are read for 2022, for 2026, and all of them one at a time
    in_2022 = await appointments.officials_of_organization(
        session, department, as_of=date(2022, 6, 1), first=10, after=None
    )
    in_2026 = await appointments.officials_of_organization(
        session, department, as_of=date(2026, 6, 1), first=10, after=None
    )
    page = await appointments.officials_of_organization(
        session, department, as_of=None, first=1, after=None
    )
    rest = await appointments.officials_of_organization(
        session, department, as_of=None, first=1, after=page.items[0].id
    )

    # then each date sees who held a post then, and the pages cover both once
    assert [a.person_id for a in in_2022.items] == [binh_id]
    assert [a.person_id for a in in_2026.items] == [an]
    assert page.total_count == 2 and page.has_next_page and not rest.has_next_page
    assert {page.items[0].person_id, rest.items[0].person_id} == {an, binh_id}
    # and the appointments of both persons come back in one statement
    with counting(database) as statements:
        found = await appointments.appointments_of_persons(session, [an, binh_id, "nobody"])
    assert len(statements) == 1
    assert [len(found[p]) for p in (an, binh_id, "nobody")] == [1, 1, 0]
