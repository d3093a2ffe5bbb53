"""All SQL of the hub's token-signing keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.models import SigningKey

_k = SigningKey.__table__.c  # type: ignore[attr-defined]


async def active(session: AsyncSession) -> list[SigningKey]:
    """Return the keys that are not retired, newest first."""
    result = await session.execute(
        select(SigningKey).where(_k.retired_at.is_(None)).order_by(_k.created_at.desc())
    )
    return list(result.scalars())


async def published(session: AsyncSession, now: datetime) -> list[SigningKey]:
    """Return the keys whose tokens may still be valid at ``now``, newest first."""
    result = await session.execute(
        select(SigningKey)
        .where(or_(_k.retired_at.is_(None), _k.expires_at > now))
        .order_by(_k.created_at.desc())
    )
    return list(result.scalars())


async def every(session: AsyncSession) -> list[SigningKey]:
    """Return every key ever made, newest first."""
    result = await session.execute(select(SigningKey).order_by(_k.created_at.desc()))
    return list(result.scalars())


async def add(session: AsyncSession, key: SigningKey) -> SigningKey:
    """Insert ``key``."""
    session.add(key)
    await session.flush()
    return key


async def retire(
    session: AsyncSession, kids: Sequence[str], *, at: datetime, published_until: datetime
) -> None:
    """Retire the keys ``kids`` at ``at``; they stay published until ``published_until``."""
    if not kids:
        return
    await session.execute(
        update(SigningKey)
        .where(_k.kid.in_(kids))
        .values(retired_at=at, expires_at=published_until)
        .execution_options(synchronize_session="fetch")
    )
