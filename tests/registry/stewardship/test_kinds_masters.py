"""Merge, unmerge, overrides and their refusals on organizations, land parcels, enrolments and
appointments, through the same services as persons.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Forbidden, Invalid, NotFound
from hub.registry.ingestion import ingest
from hub.registry.kinds import KINDS
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel import reads as land
from hub.registry.kinds.person import PERSON
from hub.registry.pipeline import golden_repository, outbox
from hub.registry.pipeline.golden import golden_values
from hub.registry.pipeline.provenance import master_sources, masters_provenance
from hub.registry.stewardship import repository
from hub.registry.stewardship.merge import merge_masters, unmerge_master
from hub.registry.stewardship.overrides import clear_override, override_attribute
from tests.registry.master_inputs import AN_CITIZEN_ID, an_from_health
from tests.registry.stewardship.kind_inputs import (
    BINH_CITIZEN_ID,
    CASES,
    KindCase,
    an_parcel,
    binh,
    binh_parcel,
)
from tests.registry.stewardship.stewards import READER, STEWARD


async def _two(session: AsyncSession, case: KindCase) -> tuple[Any, Any]:
    report = await ingest(session, [case.first, case.second])
    first = report.master_ids[(case.first.system, case.first.source_id)]
    second = report.master_ids[(case.second.system, case.second.source_id)]
    found = await golden_repository.masters(session, KINDS[case.entity_type].model, [first, second])
    assert first != second
    return found[first], found[second]


@pytest.mark.parametrize("case", CASES, ids=[c.entity_type for c in CASES])
async def test_an_override_wins_until_cleared_on_every_kind(
    session: AsyncSession, case: KindCase
) -> None:
    # given two masters of the kind
    kind = KINDS[case.entity_type]
    first, _ = await _two(session, case)
    before = golden_values(kind, first)[case.attribute]

    # when a steward overrides the attribute on the first
    overridden = await override_attribute(
        session,
        STEWARD,
        first.id,
        case.attribute,
        case.value,
        expected_version=first.version,
        reason="letter from the agency",
        entity_type=case.entity_type,
    )

    # then the normalised value is golden, named as the steward's
    assert golden_values(kind, overridden)[case.attribute] == case.golden != before
    provenance = await masters_provenance(session, case.entity_type, [first.id])
    assert provenance[first.id][case.attribute].system == "steward"

    # when the override is cleared
    cleared = await clear_override(
        session,
        STEWARD,
        first.id,
        case.attribute,
        expected_version=overridden.version,
        reason="letter withdrawn",
        entity_type=case.entity_type,
    )

    # then survivorship decides again, and both actions are logged for the kind
    assert golden_values(kind, cleared)[case.attribute] == before
    actions = await repository.actions(session, first.id)
    assert [(a.entity_type, a.action, a.reason) for a in actions] == [
        (case.entity_type, "OVERRIDE", "letter from the agency"),
        (case.entity_type, "CLEAR_OVERRIDE", "letter withdrawn"),
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.entity_type for c in CASES])
async def test_merge_and_unmerge_restore_the_two_on_every_kind(
    session: AsyncSession, case: KindCase
) -> None:
    # given two masters of the kind
    kind = KINDS[case.entity_type]
    first, second = await _two(session, case)
    second_values = golden_values(kind, second)

    # when a steward merges the second into the first
    survivor = await merge_masters(
        session,
        STEWARD,
        first.id,
        second.id,
        entity_type=case.entity_type,
        survivor_version=first.version,
        loser_version=second.version,
        reason="one and the same",
    )

    # then the loser redirects, announced; the survivor holds both records
    assert survivor.id == first.id and second.merged_into_id == first.id
    assert getattr(second, kind.unique) is None
    events = await outbox.after(session)
    redirects = [e for e in events if e.payload["mergedInto"] is not None]
    assert [(e.entity_type, e.entity_id, e.event_type) for e in redirects] == [
        (case.entity_type, second.id, "MERGED")
    ]
    records = await master_sources(session, case.entity_type, first.id)
    assert {r.source_id for r in records} == {case.first.source_id, case.second.source_id}

    # when the steward splits the second's record off again
    split = [r.id for r in records if r.source_id == case.second.source_id]
    restored = await unmerge_master(
        session,
        STEWARD,
        first.id,
        split,
        entity_type=case.entity_type,
        expected_version=survivor.version,
        reason="two after all",
    )

    # then the old master is back under its id with its own values
    assert restored.id == second.id and restored.merged_into_id is None
    assert golden_values(kind, restored) == second_values


@pytest.mark.parametrize("case", CASES, ids=[c.entity_type for c in CASES])
async def test_stale_merged_unknown_and_unauthorised_actions_are_refused(
    session: AsyncSession, case: KindCase
) -> None:
    # given two masters of the kind, the first changed by an override after a steward looked,
    # the second then merged into the first
    first, second = await _two(session, case)
    entity = case.entity_type
    seen = first.version
    await override_attribute(
        session,
        STEWARD,
        first.id,
        case.attribute,
        case.value,
        expected_version=first.version,
        reason="first steward",
        entity_type=entity,
    )
    await merge_masters(
        session,
        STEWARD,
        first.id,
        second.id,
        entity_type=entity,
        survivor_version=first.version,
        loser_version=second.version,
        reason="same",
    )

    # when a steward acts on the version seen before, on the merged-away master, on an id of
    # another kind, or without the scope
    # then each is refused with its own error
    with pytest.raises(Conflict, match="changed meanwhile"):
        await clear_override(
            session,
            STEWARD,
            first.id,
            case.attribute,
            expected_version=seen,
            reason="second steward",
            entity_type=entity,
        )
    with pytest.raises(Conflict, match="merged into"):
        await unmerge_master(
            session,
            STEWARD,
            second.id,
            ["r"],
            entity_type=entity,
            expected_version=second.version,
            reason="x",
        )
    with pytest.raises(NotFound):
        await clear_override(
            session,
            STEWARD,
            first.id,
            "full_name",
            expected_version=first.version,
            reason="x",
            entity_type=PERSON,
        )
    with pytest.raises(Forbidden):
        await merge_masters(
            session,
            READER,
            first.id,
            second.id,
            entity_type=entity,
            survivor_version=first.version,
            loser_version=second.version,
            reason="x",
        )
    with pytest.raises(Invalid):
        await merge_masters(
            session,
            STEWARD,
            first.id,
            first.id,
            entity_type=entity,
            survivor_version=first.version,
            loser_version=first.version,
            reason="x",
        )


async def test_merged_parcels_keep_one_holder_list_and_unmerge_restores_both(
    session: AsyncSession,
) -> None:
    # given An's parcel and Bình's parcel, the persons known to the registry
    persons = await ingest(session, [an_from_health(), binh()])
    an = persons.master_ids[("health_insurance", "HI-1")]
    binh_id = persons.master_ids[("health_insurance", "HI-2")]
    report = await ingest(session, [an_parcel(), binh_parcel()])
    first = report.master_ids[("land_registration", "GCN-12")]
    second = report.master_ids[("land_registration", "GCN-13")]

    # when a steward merges Bình's parcel into An's
    survivor = await merge_masters(
        session,
        STEWARD,
        first,
        second,
        entity_type=LAND_PARCEL,
        survivor_version=1,
        loser_version=1,
        reason="one parcel surveyed twice",
    )

    # then the merged parcel keeps the newer registration's holders, the loser none
    holders = await land.right_holders(session, [first, second])
    assert [r.citizen_id for r in holders[first]] == [BINH_CITIZEN_ID]
    assert holders[second] == []
    held = await land.parcels_of_persons(session, [an, binh_id])
    assert {p: [x.id for x in xs] for p, xs in held.items()} == {an: [], binh_id: [first]}

    # when the steward splits Bình's registration off again
    records = await master_sources(session, LAND_PARCEL, first)
    split = [r.id for r in records if r.source_id == "GCN-13"]
    restored = await unmerge_master(
        session,
        STEWARD,
        first,
        split,
        entity_type=LAND_PARCEL,
        expected_version=survivor.version,
        reason="two parcels after all",
    )

    # then each parcel has its own holder again (the finish hook ran on both)
    assert restored.id == second
    holders = await land.right_holders(session, [first, second])
    assert [r.citizen_id for r in holders[first]] == [AN_CITIZEN_ID]
    assert [r.citizen_id for r in holders[second]] == [BINH_CITIZEN_ID]
    held = await land.parcels_of_persons(session, [an, binh_id])
    assert {p: [x.id for x in xs] for p, xs in held.items()} == {an: [first], binh_id: [second]}
