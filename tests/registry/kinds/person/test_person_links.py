"""A person's parcels, enrolments and appointments follow steward merges and unmerges."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.ingestion import ingest
from hub.registry.kinds.civil_servant_appointment import reads as appointments
from hub.registry.kinds.health_enrollment import reads as health
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.person import PERSON, service
from hub.registry.pipeline import source_repository
from hub.registry.stewardship.merge import merge_persons, unmerge_person
from tests.registry.kinds.civil_servant_appointment.test_appointments import agency, from_cadre
from tests.registry.kinds.health_enrollment.test_health_enrollments import CARD, from_agency
from tests.registry.kinds.land_parcel.test_land_parcels import registration
from tests.registry.master_inputs import an_from_health, an_near_match
from tests.registry.stewardship.stewards import STEWARD


async def _holdings(
    session: AsyncSession, person_id: str
) -> tuple[list[str], list[str], list[str]]:
    parcels = (await land.parcels_of_persons(session, [person_id]))[person_id]
    cards = (await health.enrollments_of_persons(session, [person_id]))[person_id]
    posts = (await appointments.appointments_of_persons(session, [person_id]))[person_id]
    return (
        [p.legacy_key for p in parcels],
        [e.card_code or "" for e in cards],
        [a.position for a in posts],
    )


async def test_holdings_follow_the_person_they_were_merged_into_and_back(
    session: AsyncSession,
) -> None:
    # given An with a parcel share, a card and an appointment, and a second master of him
    # (a cadre record without identifiers) that holds nothing
    report = await ingest(
        session,
        [an_from_health(), an_near_match(), agency(), registration(), from_agency(), from_cadre()],
    )
    an_id = report.master_ids[("health_insurance", "HI-1")]
    near_id = report.master_ids[("cadre_management", "CM-7")]
    before = await _holdings(session, an_id)
    assert before == (["26740-5-12"], [CARD], ["Phó Trưởng phòng"])
    assert await _holdings(session, near_id) == ([], [], [])

    # when a steward merges An into the other master
    await merge_persons(
        session, STEWARD, near_id, an_id, survivor_version=1, loser_version=1, reason="same man"
    )

    # then the survivor holds what An held, also when one request asks for both ids
    assert await _holdings(session, near_id) == before
    both = await health.enrollments_of_persons(session, [an_id, near_id])
    assert [e.card_code for e in both[near_id]] == [CARD] == [e.card_code for e in both[an_id]]
    parcels = await land.parcels_of_persons(session, [an_id, near_id])
    assert [p.legacy_key for p in parcels[near_id]] == ["26740-5-12"]
    assert [p.legacy_key for p in parcels[an_id]] == ["26740-5-12"]

    # and when An's health record is split off again, the holdings go back with him
    restored = await _split_off_an(session, near_id)
    assert restored == an_id
    assert await _holdings(session, an_id) == before
    assert await _holdings(session, near_id) == ([], [], [])


async def _split_off_an(session: AsyncSession, person_id: str) -> str:
    person = await service.get(session, person_id)
    assert person is not None
    xrefs = await source_repository.xrefs_of(session, PERSON, person_id)
    health_records = [x.source_record_id for x in xrefs if x.system == "health_insurance"]
    target = await unmerge_person(
        session,
        STEWARD,
        person_id,
        health_records,
        expected_version=person.version,
        reason="not the same man after all",
    )
    return target.id
