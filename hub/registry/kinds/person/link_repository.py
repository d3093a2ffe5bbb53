"""SQL that resolves the identifiers a dependent record names (a citizen ID, a social
insurance number) to the person masters holding them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.person.models import Person

_p: Any = Person


async def person_by_citizen_id(session: AsyncSession, citizen_id: str) -> str | None:
    """Return the id of the live person master holding this citizen ID."""
    result = await session.execute(
        select(_p.id).where(_p.citizen_id == citizen_id, _p.merged_into_id.is_(None))
    )
    found: str | None = result.scalars().first()
    return found


async def person_by_social_insurance_number(session: AsyncSession, number: str) -> str | None:
    """Return the id of the live person master with this social insurance number, when exactly
    one holds it (two holders are a matching problem a steward must settle first).
    """
    result = await session.execute(
        select(_p.id)
        .where(_p.social_insurance_number == number, _p.merged_into_id.is_(None))
        .limit(2)
    )
    found = list(result.scalars())
    return found[0] if len(found) == 1 else None
