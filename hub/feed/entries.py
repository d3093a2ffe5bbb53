"""Reading and sequencing the feed: outbox events in publication order, with the golden values
of the version each announces."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.feed.models import FeedEntry
from hub.registry.pipeline.golden_models import GoldenVersion
from hub.registry.pipeline.outbox_models import OutboxEvent

_e: Any = OutboxEvent
_f: Any = FeedEntry
_v: Any = GoldenVersion


@dataclass(frozen=True)
class FeedItem:
    """One event of the feed: its position, the outbox row and the values of its version."""

    seq: int
    event: OutboxEvent
    values: dict[str, Any]

    @property
    def changed(self) -> list[str]:
        """The golden attributes the change touched (none for a merge or an unmerge)."""
        return [str(name) for name in self.event.payload.get("changed") or ()]


async def sequence_pending(session: AsyncSession, now: datetime, *, limit: int) -> int:
    """Give the next ``seq`` to committed outbox events that have none, oldest id first, and
    mark them published; return how many. Only the lease holder calls this."""
    pending = list(
        (
            await session.execute(
                select(_e.id).where(_e.published_at.is_(None)).order_by(_e.id).limit(limit)
            )
        ).scalars()
    )
    if not pending:
        return 0
    await session.execute(
        insert(FeedEntry), [{"outbox_id": event_id, "sequenced_at": now} for event_id in pending]
    )
    await session.execute(update(OutboxEvent).where(_e.id.in_(pending)).values(published_at=now))
    return len(pending)


async def items_after(
    session: AsyncSession,
    seq: int,
    *,
    limit: int,
    types: Collection[str] | None = None,
) -> list[FeedItem]:
    """Return the feed after ``seq``, in order, ``limit`` entries at most (of ``types`` only,
    when given)."""
    statement = (
        select(_f.seq, OutboxEvent, _v.values)
        .join(OutboxEvent, _e.id == _f.outbox_id)
        .outerjoin(
            GoldenVersion,
            and_(
                _v.entity_type == _e.entity_type,
                _v.master_id == _e.entity_id,
                _v.version == _e.version,
            ),
        )
        .where(_f.seq > seq)
        .order_by(_f.seq)
        .limit(limit)
    )
    if types is not None:
        statement = statement.where(_e.entity_type.in_(list(types)))
    rows = (await session.execute(statement)).all()
    return [FeedItem(seq=row[0], event=row[1], values=dict(row[2] or {})) for row in rows]


async def seq_of_event(session: AsyncSession, event_id: int) -> int | None:
    """Return the position of the outbox event ``event_id``, or None if it is not in the feed
    (not published yet, or pruned)."""
    found = await session.scalar(select(_f.seq).where(_f.outbox_id == event_id))
    return None if found is None else int(found)


async def last_seq(session: AsyncSession) -> int:
    """Return the position of the newest event in the feed (0 when empty)."""
    return int(await session.scalar(select(func.coalesce(func.max(_f.seq), 0))) or 0)


async def first_seq(session: AsyncSession) -> int:
    """Return the position of the oldest event still kept (0 when empty)."""
    return int(await session.scalar(select(func.coalesce(func.min(_f.seq), 0))) or 0)
