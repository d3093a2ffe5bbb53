"""All SQL of stewardship's action log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.stewardship.models import StewardAction


def log(session: AsyncSession, action: StewardAction) -> None:
    """Queue a steward action for the change log."""
    session.add(action)


async def actions(session: AsyncSession, target_id: str) -> list[StewardAction]:
    """Return the actions on one target, oldest first."""
    a: Any = StewardAction
    result = await session.execute(
        select(StewardAction).where(a.target_id == target_id).order_by(a.id)
    )
    return list(result.scalars())
