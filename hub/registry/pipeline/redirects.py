"""Redirects: a master that lost a merge keeps its id, which then says where it went."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline import golden_repository, outbox
from hub.registry.pipeline.golden import event_row, version_row
from hub.registry.pipeline.kind import PERSON_KIND, EntityKind
from hub.registry.stewardship import repository as stewardship_repository


async def retire(
    session: AsyncSession,
    loser: Any,
    survivor_id: str,
    now: datetime,
    kind: EntityKind = PERSON_KIND,
) -> None:
    """Turn ``loser`` into a redirect to ``survivor_id`` and announce it.

    Its unique identifier (citizen ID, agency code) is released, since the survivor takes it
    over; its other values stay as the last thing it said.
    """
    loser.merged_into_id = survivor_id
    setattr(loser, kind.unique, None)
    loser.version += 1
    loser.updated_at = now
    session.add(version_row(loser, "MERGED", now, now, {}, kind))
    outbox.add(session, event_row(loser, "MERGED", now, [], kind))
    await golden_repository.redirect(session, kind.model, loser.id, survivor_id)
    await stewardship_repository.retarget_tasks(session, loser.id, survivor_id)
    await session.flush()
