"""All SQL of agencies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.models import Agency

_a = Agency.__table__.c  # type: ignore[attr-defined]


async def get(session: AsyncSession, code: str) -> Agency | None:
    """Return the agency with ``code`` (Decision-20 form) or ``None``."""
    return await session.get(Agency, code)


async def every(session: AsyncSession) -> list[Agency]:
    """Return every agency, by code."""
    result = await session.execute(select(Agency).order_by(_a.code))
    return list(result.scalars())


async def add(session: AsyncSession, agency: Agency) -> Agency:
    """Insert ``agency``."""
    session.add(agency)
    await session.flush()
    return agency
