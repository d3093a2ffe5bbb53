"""Consumers' positions in the feed, advanced in the transaction that records the work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.feed.models import FeedCursor

_c: Any = FeedCursor


async def position(session: AsyncSession, name: str) -> int:
    """Return the last ``seq`` consumer ``name`` has (0 for a new one)."""
    found = await session.scalar(select(_c.position).where(_c.name == name))
    return int(found or 0)


async def advance(session: AsyncSession, name: str, seq: int, now: datetime) -> None:
    """Store ``seq`` as consumer ``name``'s position."""
    cursor = await session.get(FeedCursor, name)
    if cursor is None:
        session.add(FeedCursor(name=name, position=seq, updated_at=now))
    else:
        cursor.position = seq
        cursor.updated_at = now
    await session.flush()


async def lowest(session: AsyncSession) -> int | None:
    """Return the lowest position of every consumer (None when there is none)."""
    found = await session.scalar(select(func.min(_c.position)))
    return None if found is None else int(found)
