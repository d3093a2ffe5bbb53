"""The relay's lease: one row per job, held by one process until it expires unless renewed.

Every transaction of the relay starts by renewing its lease with a conditional UPDATE. The row
stays locked until that transaction ends, so two relays never work at once, and a relay that
lost its lease (paused longer than the lease) finds no row to renew and rolls back, instead of
advancing a position another relay now owns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.feed.models import FeedLease

RELAY = "relay"
_l: Any = FeedLease


class LeaseLost(Exception):
    """Another relay holds the lease."""


async def renew(session: AsyncSession, holder: str, now: datetime, seconds: float) -> bool:
    """Take or renew the lease in the session's transaction; False if another holds it."""
    if await session.scalar(select(_l.name).where(_l.name == RELAY)) is None:
        session.add(FeedLease(name=RELAY))
        await session.flush()
    result: Any = await session.execute(
        update(FeedLease)
        .where(_l.name == RELAY)
        .where(or_(_l.holder == holder, _l.holder.is_(None), _l.expires_at < now))
        .values(holder=holder, expires_at=now + timedelta(seconds=seconds))
    )
    return int(result.rowcount) == 1


async def require(session: AsyncSession, holder: str, now: datetime, seconds: float) -> None:
    """Renew the lease or raise ``LeaseLost``."""
    if not await renew(session, holder, now, seconds):
        raise LeaseLost(holder)


async def release(session: AsyncSession, holder: str) -> None:
    """Give the lease up, so that another relay need not wait for it to expire."""
    await session.execute(
        update(FeedLease)
        .where(_l.name == RELAY, _l.holder == holder)
        .values(holder=None, expires_at=None)
    )


async def holds(session: AsyncSession, holder: str, now: datetime) -> bool:
    """Tell whether ``holder`` holds the lease now (a read; renewing is the relay's)."""
    row = (await session.execute(select(_l.holder, _l.expires_at).where(_l.name == RELAY))).first()
    return row is not None and row[0] == holder and row[1] is not None and row[1] > now
