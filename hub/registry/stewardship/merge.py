"""Merging two masters of the same kind, and splitting one by its source records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.kit import clock
from hub.principals.principal import Principal
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline import (
    golden_repository,
    match_task_repository,
    outbox,
    source_repository,
)
from hub.registry.pipeline.golden import Stamp, event_row, version_row
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.match_task_models import NotAMatch
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import (
    active_master,
    kind_of,
    label,
    move_records,
    refresh,
    retire_master,
)


async def merge_masters(
    session: AsyncSession,
    principal: Principal,
    survivor_id: str,
    loser_id: str,
    *,
    entity_type: str,
    survivor_version: int,
    loser_version: int,
    reason: str,
) -> Any:
    """Merge ``loser_id`` into ``survivor_id`` (two masters of ``entity_type``): every source
    record of the loser moves over, the loser becomes a redirect, and the survivor's golden
    record is recomputed (with the kind's child tables). Returns the survivor.
    """
    actor = require_steward(principal, reason)
    kind = kind_of(entity_type)
    if survivor_id == loser_id:
        raise Invalid(f"cannot merge a {label(kind)} with itself", argument="loserId")
    survivor = await active_master(session, kind, survivor_id, survivor_version)
    loser = await active_master(session, kind, loser_id, loser_version)
    now = clock.utcnow()
    moved = [
        x.source_record_id
        for x in await source_repository.xrefs_of(session, kind.entity_type, loser.id)
    ]
    await move_records(session, kind, moved, survivor.id, "steward_merge")
    await retire_master(session, kind, loser, survivor.id, now)
    await refresh(session, kind, [survivor.id, loser.id], change="MERGED")
    log_action(
        session,
        actor,
        "MERGE",
        survivor.id,
        reason,
        {"loser": loser.id, "sourceRecords": moved},
        kind.entity_type,
    )
    await session.flush()
    return survivor


async def merge_persons(
    session: AsyncSession,
    principal: Principal,
    survivor_id: str,
    loser_id: str,
    *,
    survivor_version: int,
    loser_version: int,
    reason: str,
) -> Person:
    """Merge two person masters (``merge_masters`` for persons)."""
    survivor: Person = await merge_masters(
        session,
        principal,
        survivor_id,
        loser_id,
        entity_type=PERSON,
        survivor_version=survivor_version,
        loser_version=loser_version,
        reason=reason,
    )
    return survivor


async def unmerge_master(
    session: AsyncSession,
    principal: Principal,
    master_id: str,
    source_record_ids: Sequence[str],
    *,
    entity_type: str,
    expected_version: int,
    reason: str,
) -> Any:
    """Split these source records off ``master_id`` into a master of their own and recompute
    both from their sources (with the kind's child tables); return the split-off master.

    When the records came from a master that was merged into this one, that master is restored
    (its old id resolves to it again); otherwise a new master is created. The split records are
    remembered as "not a match" with the master they left.
    """
    actor = require_steward(principal, reason)
    kind = kind_of(entity_type)
    master = await active_master(session, kind, master_id, expected_version)
    xrefs = await source_repository.xrefs_of(session, kind.entity_type, master.id)
    mine = {x.source_record_id: x for x in xrefs}
    split = sorted(set(source_record_ids))
    if not split or any(s not in mine for s in split):
        raise Invalid(f"name source records of this {label(kind)}", argument="sourceRecordIds")
    if len(split) == len(mine):
        raise Invalid("at least one source record must stay", argument="sourceRecordIds")
    now = clock.utcnow()
    target = await _restorable(session, kind, master.id, {mine[s].first_master_id for s in split})
    if target is None:
        target = kind.blank()
        session.add(target)
        how = "UNMERGED"
    else:
        target.merged_into_id = None
        target.version += 1
        target.updated_at = now
        stamp = Stamp("RESTORED", now, now)
        session.add(version_row(kind, target, stamp, {}))
        outbox.add(session, event_row(kind, target, stamp, []))
        how = "RESTORED"
    await session.flush()
    await move_records(session, kind, split, target.id, "steward_unmerge")
    match_task_repository.add_not_a_match(
        session,
        [
            NotAMatch(
                entity_type=kind.entity_type,
                source_record_id=s,
                master_id=master.id,
                decided_at=now,
                decided_by=actor,
            )
            for s in split
        ],
    )
    await refresh(session, kind, [master.id, target.id], change="UNMERGED")
    log_action(
        session,
        actor,
        "UNMERGE",
        master.id,
        reason,
        {"splitInto": target.id, "sourceRecords": split, "how": how},
        kind.entity_type,
    )
    await session.flush()
    return target


async def unmerge_person(
    session: AsyncSession,
    principal: Principal,
    person_id: str,
    source_record_ids: Sequence[str],
    *,
    expected_version: int,
    reason: str,
) -> Person:
    """Split source records off a person master (``unmerge_master`` for persons)."""
    split: Person = await unmerge_master(
        session,
        principal,
        person_id,
        source_record_ids,
        entity_type=PERSON,
        expected_version=expected_version,
        reason=reason,
    )
    return split


async def _restorable(
    session: AsyncSession, kind: EntityKind, master_id: str, first_masters: set[str]
) -> Any | None:
    if len(first_masters) != 1:
        return None
    (candidate_id,) = first_masters
    if candidate_id == master_id:
        return None
    found = (await golden_repository.masters(session, kind.model, [candidate_id])).get(candidate_id)
    return found if found is not None and found.merged_into_id == master_id else None
