"""How a master stops being current: it lost a merge (a redirect to the survivor), or every
source record behind it was deleted at its source (retired, its last values kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline import (
    golden_repository,
    match_task_repository,
    outbox,
    source_repository,
)
from hub.registry.pipeline.golden import Stamp, event_row, version_row
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.masters import Master

RETIRED = "RETIRED"


async def retire(
    session: AsyncSession, kind: EntityKind, loser: Master, survivor_id: str, now: datetime
) -> None:
    """Turn ``loser`` into a redirect to ``survivor_id`` and announce it.

    Its unique identifier (citizen ID, agency code) is released, since the survivor takes it
    over; its other values stay as the last thing it said.
    """
    loser.merged_into_id = survivor_id
    setattr(loser, kind.unique, None)
    loser.version += 1
    loser.updated_at = now
    stamp = Stamp("MERGED", now, now)
    session.add(version_row(kind, loser, stamp, {}))
    outbox.add(session, event_row(kind, loser, stamp, []))
    await golden_repository.redirect(session, kind.model, loser.id, survivor_id)
    await match_task_repository.retarget_tasks(session, loser.id, survivor_id)
    await session.flush()


async def retire_sources(
    session: AsyncSession, kind: EntityKind, tombstones: Sequence[SourceRecordInput], now: datetime
) -> dict[tuple[str, str], str]:
    """Mark the stored records these tombstones name retired (their last payload kept, the
    tombstone's time as their source update time) and close their open quality issues.

    Returns the master of every record retired now; a tombstone for a record never stored, or
    already retired, changes nothing.
    """
    latest = {(t.system, t.source_id): t for t in tombstones}
    stored = await source_repository.existing(session, kind.entity_type, sorted(latest))
    retired: dict[tuple[str, str], str] = {}
    for key, (source, xref) in stored.items():
        if source.retired_at is not None:
            continue
        source.retired_at = now
        source.source_updated_at = latest[key].source_updated_at
        source.ingested_at = now
        retired[key] = xref.master_id
    if retired:
        ids = [stored[key][0].id for key in retired]
        for issue in await golden_repository.open_issues(
            session, kind.entity_type, source_record_ids=ids
        ):
            issue.resolved_at = now
        await session.flush()
    return retired


async def retire_emptied(
    session: AsyncSession, kind: EntityKind, master_ids: Sequence[str], now: datetime
) -> int:
    """Mark retired the masters among these whose every source record is retired: kept with
    their last values (history and the outbox say ``RETIRED``), never deleted. Returns how
    many were retired now."""
    ids = sorted(set(master_ids))
    sources = await source_repository.contributions(session, kind.entity_type, ids)
    masters = await golden_repository.masters(session, kind.model, ids)
    count = 0
    for master_id in ids:
        master: Master | None = masters.get(master_id)
        records = sources.get(master_id, [])
        if (
            master is None
            or master.merged_into_id is not None
            or master.retired_at is not None
            or not records
            or any(r.retired_at is None for r in records)
        ):
            continue
        master.retired_at = now
        master.version += 1
        master.updated_at = now
        stamp = Stamp(RETIRED, max(r.source_updated_at for r in records), now)
        session.add(version_row(kind, master, stamp, {}))
        outbox.add(session, event_row(kind, master, stamp, []))
        count += 1
    if count:
        await session.flush()
    return count
