"""Match review: a near match waits for a steward, who links it or rejects it for good."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Forbidden
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import PERSON, service
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.stewardship.tasks import TaskDecision, decide_match_task, list_match_tasks
from tests.registry.master_inputs import (
    MAR,
    an_from_health,
    an_from_land,
    an_near_match,
    record,
)
from tests.registry.stewardship.stewards import READER, STEWARD


def _changed(original: SourceRecordInput, **extra: str) -> SourceRecordInput:
    return record(original.system, original.source_id, MAR, **original.payload, **extra)


async def test_a_near_match_waits_in_the_queue_and_can_be_linked(session: AsyncSession) -> None:
    # given a known man and a cadre record that is probably him
    known = await ingest(session, [an_from_health(), an_from_land()])
    report = await ingest(session, [an_near_match()])
    an_id = known.master_ids[("health_insurance", "HI-1")]
    near_id = report.master_ids[("cadre_management", "CM-7")]

    # when the steward lists the queue
    tasks = await list_match_tasks(session, STEWARD, entity_type=PERSON)

    # then the near match waits there with its score and field comparisons
    assert report.review_tasks == 1 and near_id != an_id
    assert [(t.record_master_id, t.candidate_master_id) for t in tasks] == [(near_id, an_id)]
    assert 0.5 <= tasks[0].score < 0.95
    assert {c["field"] for c in tasks[0].comparisons} >= {"given_name", "birth_date"}

    # when the steward links it
    decided = await decide_match_task(
        session, STEWARD, tasks[0].id, TaskDecision.LINK, expected_version=1, reason="same man"
    )

    # then the record joins the man and its own master redirects to him
    assert decided.status == "LINKED"
    assert await list_match_tasks(session, STEWARD, entity_type=PERSON) == []
    near = await service.get(session, near_id)
    assert near is not None and near.merged_into_id == an_id


async def test_a_rejected_near_match_is_never_proposed_again(session: AsyncSession) -> None:
    # given a near match in the queue
    await ingest(session, [an_from_health(), an_from_land(), an_near_match()])
    (task,) = await list_match_tasks(session, STEWARD, entity_type=PERSON)

    # when the steward says it is not a match, and the source then changes the record
    await decide_match_task(
        session, STEWARD, task.id, TaskDecision.NOT_A_MATCH, expected_version=1, reason="other An"
    )
    report = await ingest(session, [_changed(an_near_match(), phone="0912345678")])

    # then the changed record is matched again but not proposed again
    assert report.updated == 1 and report.review_tasks == 0
    assert await list_match_tasks(session, STEWARD, entity_type=PERSON) == []
    rejected = await list_match_tasks(session, STEWARD, status="REJECTED", entity_type=PERSON)
    assert [t.id for t in rejected] == [task.id]


async def test_a_changed_lonely_record_is_matched_again(session: AsyncSession) -> None:
    # given a near match nobody has decided yet, and another lone record of someone else
    await ingest(session, [an_from_health(), an_from_land(), an_near_match()])
    other = record("cadre_management", "CM-8", full_name="Trần Thị Bích", birth_date="1970-01-01")
    await ingest(session, [other])
    (waiting,) = await list_match_tasks(session, STEWARD, entity_type=PERSON)

    # when the lone record is corrected to a close match of the known man
    corrected = record(
        "cadre_management",
        "CM-8",
        MAR,
        full_name="Nguyễn Văn An",
        birth_date="1990-03-15",
        sex="MALE",
        address_commune_code="00001",
    )
    report = await ingest(session, [corrected])

    # then it is proposed; the record already in the queue is not proposed twice
    tasks = await list_match_tasks(session, STEWARD, entity_type=PERSON)
    assert report.review_tasks >= 1
    assert [t.id for t in tasks if t.source_record_id == waiting.source_record_id] == [waiting.id]
    assert len(tasks) == 1 + report.review_tasks


async def test_deciding_a_task_that_changed_meanwhile_is_a_conflict(session: AsyncSession) -> None:
    # given a task one steward already decided
    await ingest(session, [an_from_health(), an_near_match()])
    (task,) = await list_match_tasks(session, STEWARD, entity_type=PERSON)
    await decide_match_task(
        session, STEWARD, task.id, TaskDecision.NOT_A_MATCH, expected_version=1, reason="no"
    )

    # when another steward decides it from the version they saw
    # then the hub refuses instead of overwriting
    with pytest.raises(Conflict):
        await decide_match_task(
            session, STEWARD, task.id, TaskDecision.LINK, expected_version=1, reason="yes"
        )


async def test_only_stewards_see_the_queue(session: AsyncSession) -> None:
    # given a caller without the steward scope
    # when they list the queue
    # then they are refused
    with pytest.raises(Forbidden):
        await list_match_tasks(session, READER, entity_type=PERSON)
