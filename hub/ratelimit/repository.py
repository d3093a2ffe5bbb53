"""All SQL of the rate limit."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.ratelimit.models import RateLimitWindow


async def hit(session: AsyncSession, client_id: str, window: int) -> int:
    """Count one request of ``client_id`` in ``window``; return the window's hits so far.

    One statement (PostgreSQL's upsert): concurrent workers each add their hit atomically.
    """
    statement = (
        insert(RateLimitWindow)
        .values(client_id=client_id, window=window, hits=1)
        .on_conflict_do_update(
            index_elements=["client_id", "window"],
            set_={"hits": RateLimitWindow.__table__.c.hits + 1},  # type: ignore[attr-defined]
        )
        .returning(col(RateLimitWindow.hits))
    )
    return int((await session.execute(statement)).scalar_one())


async def forget_before(session: AsyncSession, client_id: str, window: int) -> None:
    """Delete the counts of ``client_id`` for minutes before ``window``."""
    await session.execute(
        delete(RateLimitWindow).where(
            col(RateLimitWindow.client_id) == client_id, col(RateLimitWindow.window) < window
        )
    )
