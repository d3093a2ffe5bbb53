"""Redirects: a master that lost a merge keeps its id, which then says where it went."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline import golden_repository, match_task_repository, outbox
from hub.registry.pipeline.golden import Stamp, event_row, version_row
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.masters import Master


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
