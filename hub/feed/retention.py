"""Pruning the outbox: events older than the retention period that every consumer has."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.feed import cursors
from hub.feed.models import FeedEntry
from hub.feed.webhooks.models import WebhookEndpoint
from hub.registry.pipeline.outbox_models import OutboxEvent

_f: Any = FeedEntry
_e: Any = OutboxEvent
_w: Any = WebhookEndpoint


async def prune(session: AsyncSession, now: datetime, *, days: int) -> int:
    """Delete published events sequenced more than ``days`` ago that the bus and every enabled
    webhook endpoint have; return how many.

    The newest event is always kept: it holds the highest position given. Without it SQLite
    would hand out positions again from 1 (a rowid is max + 1), below every consumer's stored
    position, and the next events would be skipped; and a disabled endpoint could no longer be
    told that events it missed are gone.
    """
    newest = await session.scalar(select(func.max(_f.seq)))
    limit = None if newest is None else int(newest) - 1
    for consumer in (
        await cursors.lowest(session),
        await session.scalar(select(func.min(_w.position)).where(_w.enabled.is_(True))),
    ):
        if consumer is not None and limit is not None:
            limit = min(int(limit), int(consumer))
    if limit is None:
        return 0
    cutoff = now - timedelta(days=days)
    doomed = select(_f.outbox_id).where(_f.seq <= limit, _f.sequenced_at < cutoff)
    ids = list((await session.execute(doomed)).scalars())
    if not ids:
        return 0
    await session.execute(delete(OutboxEvent).where(_e.id.in_(ids)))
    await session.execute(delete(FeedEntry).where(_f.outbox_id.in_(ids)))
    return len(ids)
