"""All SQL of purposes of use."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.models import Purpose

_p = Purpose.__table__.c  # type: ignore[attr-defined]


async def get(session: AsyncSession, code: str) -> Purpose | None:
    """Return the purpose with ``code`` or ``None``."""
    return await session.get(Purpose, code)


async def existing_codes(session: AsyncSession, codes: Collection[str]) -> set[str]:
    """Return which of ``codes`` are registered purposes."""
    if not codes:
        return set()
    result = await session.execute(select(_p.code).where(_p.code.in_(codes)))
    return set(result.scalars())


async def every(session: AsyncSession) -> list[Purpose]:
    """Return every purpose, by code."""
    result = await session.execute(select(Purpose).order_by(_p.code))
    return list(result.scalars())


async def add(session: AsyncSession, purpose: Purpose) -> Purpose:
    """Insert ``purpose``."""
    session.add(purpose)
    await session.flush()
    return purpose
