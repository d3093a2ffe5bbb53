"""Replaying flagged records once what made them fail is fixed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlmodel import col

from hub.db import Database
from hub.errors import Invalid
from hub.registry.codelists import repository as codelists_repository
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.csv_lists import read_csv_list
from hub.registry.ingestion import ingest_in_transaction
from hub.registry.kinds import KINDS
from hub.registry.kinds.health_enrollment import HEALTH_INSURANCE_ENROLLMENT
from hub.registry.kinds.health_enrollment import reads as health
from hub.registry.kinds.health_enrollment.validation import BENEFICIARY_GROUPS
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.replay import replay_flagged
from hub.registry.pipeline.source_models import SourceRecord
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health

CARD = "DN4797912345678"
JAN = datetime(2026, 1, 10, tzinfo=UTC)


def enrollment_before_its_person() -> SourceRecordInput:
    """An's card, sent by the social-security agency before any system sent An himself."""
    return SourceRecordInput(
        "health_insurance",
        "THE-1",
        {"card_code": CARD, "citizen_id": AN_CITIZEN_ID, "valid_from": "2026-01-01"},
        JAN,
        entity_type=HEALTH_INSURANCE_ENROLLMENT,
    )


async def _stored(database: Database, source_id: str) -> SourceRecord:
    async with database.session() as session:
        found = await session.execute(
            select(SourceRecord).where(col(SourceRecord.source_id) == source_id)
        )
        return found.scalar_one()


async def test_an_enrolment_that_came_before_its_person_is_linked_by_a_replay(
    committed: Database,
) -> None:
    # given an enrolment naming a citizen the registry does not know yet, and then the person
    await ingest_in_transaction(committed, [enrollment_before_its_person()])
    before = await _stored(committed, "THE-1")
    await ingest_in_transaction(committed, [an_from_health()])

    # when the flagged records are replayed
    report = await replay_flagged(committed, KINDS)

    # then the enrolment was validated again, lost its warning and now belongs to An
    assert (report.examined, report.now_valid, report.unchanged) == (1, 1, 0)
    assert [f["code"] for f in before.flags] == ["UNKNOWN_PERSON"]
    assert (await _stored(committed, "THE-1")).flags == []
    async with committed.session() as session:
        an = (await session.execute(select(Person))).scalar_one()
        enrolments = await health.enrollments_of_persons(session, [an.id])
    assert [e.card_code for e in enrolments[an.id]] == [CARD]


async def test_records_whose_validation_did_not_change_are_left_alone(
    committed: Database,
) -> None:
    # given an enrolment still naming an unknown citizen
    await ingest_in_transaction(committed, [enrollment_before_its_person()])
    before = await _stored(committed, "THE-1")

    # when the flagged records are replayed
    report = await replay_flagged(committed, KINDS)

    # then nothing changed, not even the ingestion time
    assert (report.examined, report.now_valid, report.unchanged) == (1, 0, 1)
    assert (await _stored(committed, "THE-1")).ingested_at == before.ingested_at


async def test_a_code_unknown_when_sent_is_accepted_after_its_list_is_imported(
    committed: Database,
) -> None:
    # given An, and his enrolment sent before the hub had the beneficiary-group list
    await ingest_in_transaction(committed, [an_from_health()])
    async with committed.transaction() as session:
        await codelists_repository.delete_list(session, BENEFICIARY_GROUPS)
    await ingest_in_transaction(committed, [enrollment_before_its_person()])
    flagged = await _stored(committed, "THE-1")

    # when the list is imported and the flagged records of that system are replayed
    async with committed.transaction() as session:
        await codelists.import_list(session, read_csv_list("health_insurance_beneficiary_groups"))
    report = await replay_flagged(committed, KINDS, system="health_insurance")

    # then the code is accepted and reaches the golden enrolment
    assert flagged.validation_status == "FLAGGED"
    assert [f["code"] for f in flagged.flags] == ["UNKNOWN_CODE"]
    assert (report.examined, report.now_valid) == (1, 1)
    async with committed.session() as session:
        (enrolment,) = await health.enrollments_by_card(session, CARD)
    assert enrolment.beneficiary_group == "DN"


async def test_a_replay_can_be_limited_to_an_entity_type(committed: Database) -> None:
    # given a flagged enrolment
    await ingest_in_transaction(committed, [enrollment_before_its_person()])

    # when only persons are replayed, then the enrolment is not examined
    report = await replay_flagged(committed, KINDS, entity_type=PERSON)
    assert report.examined == 0
    # and when enrolments are, it is
    report = await replay_flagged(committed, KINDS, entity_type=HEALTH_INSURANCE_ENROLLMENT)
    assert report.examined == 1


async def test_an_unknown_entity_type_is_refused(committed: Database) -> None:
    # given no such kind, when replayed, then the argument is named
    with pytest.raises(Invalid, match="no entity type 'PERSONS'"):
        await replay_flagged(committed, KINDS, entity_type="PERSONS")
