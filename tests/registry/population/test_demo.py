"""The demo population: golden records, provenance, conflicts and a steward queue at once."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.golden_models import GoldenProvenance, QualityIssue
from hub.registry.pipeline.match_task_models import MatchTask
from hub.registry.population.demo import load_demo_population
from hub.registry.population.holdings import DEMO_ORGANIZATIONS


async def _count(session: AsyncSession, *where: ColumnElement[bool], table: type) -> int:
    query = select(func.count()).select_from(table).where(*where)
    return int((await session.execute(query)).scalar_one())


async def test_the_demo_shows_golden_records_conflicts_and_a_queue(session: AsyncSession) -> None:
    # given an empty registry
    # when the demo population is loaded
    report = await load_demo_population(session, persons=120, seed=7)

    # then most people became one golden record each, with provenance, issues and tasks
    persons = await _count(session, table=Person)
    assert report.created == report.received and report.flagged > 0
    assert 120 <= persons < 120 * 1.3
    assert await _count(session, table=GoldenProvenance) > 5 * persons
    assert await _count(session, col(QualityIssue.kind) == "CONFLICT", table=QualityIssue) > 0
    assert report.review_tasks == await _count(session, table=MatchTask) > 0
    # and most golden persons have an ethnic group, Kinh (2008 code 01) for most
    known = await _count(session, col(Person.ethnic_group).is_not(None), table=Person)
    kinh = await _count(session, col(Person.ethnic_group) == "01", table=Person)
    assert persons / 2 < known and 0.7 * known < kinh < known


async def test_loading_the_demo_twice_changes_nothing(session: AsyncSession) -> None:
    # given the demo loaded once
    await load_demo_population(session, persons=30, seed=3)

    # when it is loaded again with the same seed
    again = await load_demo_population(session, persons=30, seed=3)

    # then every record is unchanged
    assert again.unchanged == again.received and again.golden_changed == 0


async def test_the_demo_holds_every_kind_linked_to_its_persons(session: AsyncSession) -> None:
    # given an empty registry, when the demo population is loaded
    await load_demo_population(session, persons=60, seed=7)
    # then it holds the demo organizations, and parcels, enrolments and appointments
    assert await _count(session, table=Organization) == len(DEMO_ORGANIZATIONS)
    for model in (LandParcel, HealthInsuranceEnrollment, CivilServantAppointment):
        assert await _count(session, table=model) > 0, model
    # and most of them are linked to a golden person (the few left are held by people
    # every source wrote without a valid identifier, as real sources do)
    enrolments = await _count(session, table=HealthInsuranceEnrollment)
    linked = await _count(
        session,
        col(HealthInsuranceEnrollment.person_id).is_not(None),
        table=HealthInsuranceEnrollment,
    )
    assert linked >= 0.8 * enrolments
    holders = [
        h
        for (row,) in (await session.execute(select(col(LandParcel.right_holders)))).all()
        for h in row
    ]
    assert sum(1 for h in holders if h.get("person_id")) >= 0.8 * len(holders)
