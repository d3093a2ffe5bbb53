"""Writing and reading change events; the caller's transaction carries both change and event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline.outbox_models import OutboxEvent

_e: Any = OutboxEvent


def add(session: AsyncSession, event: OutboxEvent) -> None:
    """Queue an event for insertion with the rest of the unit of work."""
    session.add(event)


async def after(session: AsyncSession, after_id: int = 0, *, limit: int = 100) -> list[OutboxEvent]:
    """Return events with an id greater than ``after_id``, oldest first."""
    result = await session.execute(
        select(OutboxEvent).where(_e.id > after_id).order_by(_e.id).limit(limit)
    )
    return list(result.scalars())
