"""Merge and unmerge: the loser redirects to the survivor; unmerge restores the two."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Forbidden, Invalid
from hub.registry.ingestion import ingest
from hub.registry.kinds.person import service
from hub.registry.kinds.person.provenance import person_provenance, person_sources
from hub.registry.pipeline import outbox
from hub.registry.stewardship.merge import merge_persons, unmerge_person
from tests.registry.master_inputs import (
    AN_CITIZEN_ID,
    MAR,
    an_from_health,
    an_near_match,
    record,
)
from tests.registry.stewardship.stewards import READER, STEWARD


async def _two_masters(session: AsyncSession) -> tuple[str, str]:
    report = await ingest(session, [an_from_health(), an_near_match()])
    return (
        report.master_ids[("health_insurance", "HI-1")],
        report.master_ids[("cadre_management", "CM-7")],
    )


async def test_merge_makes_the_loser_a_redirect_and_unmerge_restores_the_two(
    session: AsyncSession,
) -> None:
    # given two masters of what a steward judges to be one man
    an_id, near_id = await _two_masters(session)

    # when the steward merges them
    survivor = await merge_persons(
        session, STEWARD, an_id, near_id, survivor_version=1, loser_version=1, reason="same man"
    )

    # then the old id still resolves and says where it went; the survivor holds both records
    loser = await service.get(session, near_id)
    assert loser is not None and loser.merged_into_id == an_id and loser.citizen_id is None
    resolved = await service.resolve(session, near_id)
    assert resolved is not None and resolved.id == an_id
    events = await outbox.after(session)
    assert (events[-1].entity_id, events[-1].event_type) == (near_id, "MERGED")
    assert survivor.citizen_id == AN_CITIZEN_ID
    provenance = await person_provenance(session, an_id)
    assert provenance["full_name"].system == "health_insurance"

    # when the steward splits the cadre record off again
    cadre_ids = [r.id for r in await person_sources(session, an_id) if r.source_id == "CM-7"]
    assert len(cadre_ids) == 1
    restored = await unmerge_person(
        session, STEWARD, an_id, cadre_ids, expected_version=survivor.version, reason="two men"
    )

    # then the old master is back under its old id with its own values, and the man keeps his
    assert restored.id == near_id and restored.merged_into_id is None
    assert restored.address_commune_code == "00004" and restored.citizen_id is None
    an = await service.get(session, an_id)
    assert an is not None and an.address_commune_code == "26740"
    assert an.citizen_id == AN_CITIZEN_ID


async def test_a_merge_from_a_stale_version_is_a_conflict(session: AsyncSession) -> None:
    # given two masters, one of which changed after the steward looked
    an_id, near_id = await _two_masters(session)
    seen = an_from_health()
    await ingest(
        session, [record(seen.system, seen.source_id, MAR, **seen.payload, phone="0912345678")]
    )

    # when the steward merges with the version they saw before
    # then the hub refuses instead of overwriting
    with pytest.raises(Conflict):
        await merge_persons(
            session, STEWARD, an_id, near_id, survivor_version=1, loser_version=1, reason="x"
        )


async def test_merge_needs_a_steward_and_a_reason(session: AsyncSession) -> None:
    # given two masters
    an_id, near_id = await _two_masters(session)

    # when a non-steward merges, or a steward gives no reason
    # then both are refused
    with pytest.raises(Forbidden):
        await merge_persons(
            session, READER, an_id, near_id, survivor_version=1, loser_version=1, reason="x"
        )
    with pytest.raises(Invalid):
        await merge_persons(
            session, STEWARD, an_id, near_id, survivor_version=1, loser_version=1, reason=" "
        )
