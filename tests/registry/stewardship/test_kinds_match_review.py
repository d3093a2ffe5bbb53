"""Match review for organizations and land parcels: records whose identifiers agree in part wait
for a steward, who links them (the emptied master redirects, the survivor is recomputed with
its child tables) or rejects them for good.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.errors import Conflict, Forbidden, Invalid, NotFound
from hub.registry.ingestion import ingest
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.kinds.organization import ORGANIZATION
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline import golden_repository
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.pipeline.match_task_models import NotAMatch
from hub.registry.stewardship import repository
from hub.registry.stewardship.tasks import (
    TaskDecision,
    count_match_tasks,
    decide_match_task,
    list_match_tasks,
)
from tests.registry.master_inputs import MAR
from tests.registry.stewardship.kind_inputs import (
    BINH_CITIZEN_ID,
    REGISTERED_ID,
    SURVEYED_ID,
    binh,
    land_department,
    land_department_in_hr,
    registered_parcel,
    source,
    surveyed_parcel,
)
from tests.registry.stewardship.stewards import READER, STEWARD


async def _open_issues(session: AsyncSession, entity_type: str) -> list[tuple[str, str, str]]:
    rows = await session.execute(
        select(QualityIssue).where(
            col(QualityIssue.entity_type) == entity_type, col(QualityIssue.resolved_at).is_(None)
        )
    )
    return sorted((i.master_id or "", i.kind, i.attribute) for i in rows.scalars())


async def test_an_organization_sharing_an_agency_code_but_not_the_tax_code_is_linked(
    session: AsyncSession,
) -> None:
    # given the agency from its directory, and an HR record with its code but another tax code
    first = await ingest(session, [land_department()])
    second = await ingest(session, [land_department_in_hr()])
    agency = first.master_ids[("agency_directory", "AD-18")]
    hr = second.master_ids[("cadre_management", "CM-ORG-18")]

    # when the steward lists the organization queue
    tasks = await list_match_tasks(session, STEWARD, entity_type=ORGANIZATION)

    # then the pair waits there with its rule and comparisons, apart from the person queue
    assert second.review_tasks == 1 and hr != agency
    assert [(t.record_master_id, t.candidate_master_id, t.rule) for t in tasks] == [
        (hr, agency, "identifier_mixed")
    ]
    levels = {c["field"]: c["level"] for c in tasks[0].comparisons}
    assert (levels["agency_code"], levels["tax_code"]) == ("exact", "different")
    assert await list_match_tasks(session, STEWARD, entity_type=PERSON) == []
    assert await count_match_tasks(session, STEWARD, entity_type=ORGANIZATION) == 1
    # and the HR master could not take the agency code the directory's master holds
    assert (hr, "DUPLICATE_IDENTIFIER", "agency_code") in await _open_issues(session, ORGANIZATION)

    # when the steward links it
    decided = await decide_match_task(
        session, STEWARD, tasks[0].id, TaskDecision.LINK, expected_version=1, reason="same agency"
    )

    # then the HR master redirects to the agency, which now sees the two tax codes disagree
    assert decided.status == "LINKED"
    found = await golden_repository.masters(session, Organization, [agency, hr])
    assert found[hr].merged_into_id == agency and found[agency].agency_code == "G12.18"
    assert await _open_issues(session, ORGANIZATION) == [(agency, "CONFLICT", "tax_code")]
    assert await list_match_tasks(session, STEWARD, entity_type=ORGANIZATION) == []
    actions = await repository.actions(session, decided.id)
    assert [(a.entity_type, a.action, a.reason) for a in actions] == [
        (ORGANIZATION, "LINK", "same agency")
    ]


async def test_an_organization_declared_not_a_match_is_never_proposed_again(
    session: AsyncSession,
) -> None:
    # given the pair in the organization queue
    await ingest(session, [land_department()])
    await ingest(session, [land_department_in_hr()])
    (task,) = await list_match_tasks(session, STEWARD, entity_type=ORGANIZATION)

    # when the steward rejects it, and the HR system then sends its record again, changed
    await decide_match_task(
        session, STEWARD, task.id, TaskDecision.NOT_A_MATCH, expected_version=1, reason="branch"
    )
    hr = land_department_in_hr()
    changed = source(
        ORGANIZATION, hr.system, hr.source_id, MAR, **{**hr.payload, "name": "Cục QLĐĐ"}
    )
    report = await ingest(session, [changed])

    # then the rejection is remembered for organizations and the pair is not proposed again
    assert report.updated == 1 and report.review_tasks == 0
    assert await list_match_tasks(session, STEWARD, entity_type=ORGANIZATION) == []
    rejected = await list_match_tasks(session, STEWARD, entity_type=ORGANIZATION, status="REJECTED")
    assert [t.id for t in rejected] == [task.id]
    memory = (await session.execute(select(NotAMatch))).scalars().all()
    assert [(m.entity_type, m.master_id) for m in memory] == [
        (ORGANIZATION, task.candidate_master_id)
    ]


async def _parcel_task(session: AsyncSession) -> tuple[str, str, str]:
    await ingest(session, [binh()])
    first = await ingest(session, [surveyed_parcel()])
    second = await ingest(session, [registered_parcel()])
    (task,) = await list_match_tasks(session, STEWARD, entity_type=LAND_PARCEL)
    surveyed = first.master_ids[("land_records", "VBDLIS-20")]
    registered = second.master_ids[("land_registration", "GCN-20")]
    assert (task.record_master_id, task.candidate_master_id) == (registered, surveyed)
    return task.id, surveyed, registered


async def test_a_parcel_linked_by_a_steward_takes_the_records_holders(
    session: AsyncSession,
) -> None:
    # given a surveyed parcel, and a registration of the same legacy key with another national
    # ID, holding Bình's rights, in a master of its own
    task_id, surveyed, registered = await _parcel_task(session)
    rows = await land.right_holders(session, [surveyed, registered])
    assert [r.citizen_id for r in rows[registered]] == [BINH_CITIZEN_ID] and rows[surveyed] == []

    # when the steward links the registration to the surveyed parcel
    await decide_match_task(
        session, STEWARD, task_id, TaskDecision.LINK, expected_version=1, reason="same parcel"
    )

    # then the surveyed parcel holds the record, and its holder rows (the finish hook) follow
    found = await golden_repository.masters(session, LandParcel, [surveyed, registered])
    assert found[registered].merged_into_id == surveyed
    assert found[surveyed].national_id in (SURVEYED_ID, REGISTERED_ID)
    rows = await land.right_holders(session, [surveyed, registered])
    assert [r.citizen_id for r in rows[surveyed]] == [BINH_CITIZEN_ID]
    assert rows[registered] == []
    holdings = await land.parcels_of_persons(
        session, [found[surveyed].right_holders[0]["person_id"]]
    )
    assert [[p.id for p in ps] for ps in holdings.values()] == [[surveyed]]
    assert (surveyed, "CONFLICT", "national_id") in await _open_issues(session, LAND_PARCEL)


async def test_a_parcel_declared_not_a_match_keeps_its_own_master(session: AsyncSession) -> None:
    # given the parcel pair in the queue
    task_id, surveyed, registered = await _parcel_task(session)

    # when the steward says they are two parcels
    decided = await decide_match_task(
        session, STEWARD, task_id, TaskDecision.NOT_A_MATCH, expected_version=1, reason="resurvey"
    )

    # then both masters stay, each with its own national ID, and deciding again conflicts
    assert decided.status == "REJECTED"
    found = await golden_repository.masters(session, LandParcel, [surveyed, registered])
    assert (found[surveyed].national_id, found[registered].national_id) == (
        SURVEYED_ID,
        REGISTERED_ID,
    )
    assert all(m.merged_into_id is None for m in found.values())
    with pytest.raises(Conflict):
        await decide_match_task(
            session, STEWARD, task_id, TaskDecision.LINK, expected_version=1, reason="oops"
        )


async def test_the_queue_names_kinds_and_needs_a_steward(session: AsyncSession) -> None:
    # given nothing in the queues
    # when a steward asks for an unknown kind or task, and a reader for any queue
    # then each gets its own error
    with pytest.raises(Invalid):
        await list_match_tasks(session, STEWARD, entity_type="vehicle")
    with pytest.raises(NotFound):
        await decide_match_task(
            session, STEWARD, "no-such-task", TaskDecision.LINK, expected_version=1, reason="x"
        )
    with pytest.raises(Forbidden):
        await list_match_tasks(session, READER, entity_type=LAND_PARCEL)
    assert await count_match_tasks(session, STEWARD, entity_type=PERSON) == 0
