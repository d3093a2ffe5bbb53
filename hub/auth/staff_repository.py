"""All SQL of staff roles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.staff_models import StaffRole


async def active(session: AsyncSession, citizen_id: str | None = None) -> list[StaffRole]:
    """Return unrevoked roles (of one citizen ID when given), by citizen ID and role."""
    r: Any = StaffRole
    statement = select(StaffRole).where(r.revoked_at.is_(None)).order_by(r.citizen_id, r.role)
    if citizen_id is not None:
        statement = statement.where(r.citizen_id == citizen_id)
    return list((await session.execute(statement)).scalars())


async def add(session: AsyncSession, role: StaffRole) -> None:
    """Insert or update a role row."""
    session.add(role)
    await session.flush()
