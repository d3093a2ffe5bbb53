"""Merging two person masters, and splitting one by its source records."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.principal import Principal
from hub.errors import Invalid
from hub.kit import clock
from hub.registry.records import golden_repository, outbox, reference, source_repository
from hub.registry.records.golden import event_row, recompute, version_row
from hub.registry.records.inputs import PERSON
from hub.registry.records.models import Person
from hub.registry.records.redirects import retire
from hub.registry.stewardship import repository
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import active_person
from hub.registry.stewardship.models import NotAMatch


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
    """Merge ``loser_id`` into ``survivor_id``: every source record of the loser moves over,
    the loser becomes a redirect, and the survivor's golden record is recomputed.
    """
    actor = require_steward(principal, reason)
    if survivor_id == loser_id:
        raise Invalid("cannot merge a person with themself", argument="loserId")
    survivor = await active_person(session, survivor_id, survivor_version)
    loser = await active_person(session, loser_id, loser_version)
    now = clock.utcnow()
    moved = [
        x.source_record_id for x in await source_repository.xrefs_of(session, PERSON, loser.id)
    ]
    await source_repository.move(session, moved, survivor.id, "steward_merge")
    await retire(session, loser, survivor.id, now)
    communes = await reference.communes(session)
    await recompute(session, [survivor.id], communes, change="MERGED")
    log_action(
        session, actor, "MERGE", survivor.id, reason, {"loser": loser.id, "sourceRecords": moved}
    )
    await session.flush()
    return survivor


async def unmerge_person(
    session: AsyncSession,
    principal: Principal,
    person_id: str,
    source_record_ids: Sequence[str],
    *,
    expected_version: int,
    reason: str,
) -> Person:
    """Split these source records off ``person_id`` into a master of their own and recompute
    both from their sources; return the split-off master.

    When the records came from a master that was merged into this one, that master is restored
    (its old id resolves to it again); otherwise a new master is created. The split records are
    remembered as "not a match" with the person they left.
    """
    actor = require_steward(principal, reason)
    person = await active_person(session, person_id, expected_version)
    xrefs = await source_repository.xrefs_of(session, PERSON, person.id)
    mine = {x.source_record_id: x for x in xrefs}
    split = sorted(set(source_record_ids))
    if not split or any(s not in mine for s in split):
        raise Invalid("name source records of this person", argument="sourceRecordIds")
    if len(split) == len(mine):
        raise Invalid("at least one source record must stay", argument="sourceRecordIds")
    now = clock.utcnow()
    target = await _restorable(session, person.id, {mine[s].first_master_id for s in split})
    if target is None:
        target = Person(full_name="", version=0)
        session.add(target)
        change = "UNMERGED"
    else:
        target.merged_into_id = None
        target.version += 1
        target.updated_at = now
        session.add(version_row(target, "RESTORED", now, now, {}))
        outbox.add(session, event_row(target, "RESTORED", now, []))
        change = "RESTORED"
    await session.flush()
    await source_repository.move(session, split, target.id, "steward_unmerge")
    repository.add_not_a_match(
        session,
        [
            NotAMatch(
                entity_type=PERSON,
                source_record_id=s,
                master_id=person.id,
                decided_at=now,
                decided_by=actor,
            )
            for s in split
        ],
    )
    communes = await reference.communes(session)
    await recompute(session, [person.id, target.id], communes, change="UNMERGED")
    log_action(
        session,
        actor,
        "UNMERGE",
        person.id,
        reason,
        {"splitInto": target.id, "sourceRecords": split, "how": change},
    )
    await session.flush()
    return target


async def _restorable(
    session: AsyncSession, person_id: str, first_masters: set[str]
) -> Person | None:
    if len(first_masters) != 1:
        return None
    (candidate_id,) = first_masters
    if candidate_id == person_id:
        return None
    found = (await golden_repository.persons(session, [candidate_id])).get(candidate_id)
    return found if found is not None and found.merged_into_id == person_id else None
