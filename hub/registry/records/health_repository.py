"""All SQL of health-insurance enrolments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.records.health_models import HealthInsuranceEnrollment

_he: Any = HealthInsuranceEnrollment


async def of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> list[HealthInsuranceEnrollment]:
    """Return the live enrolments of these persons, latest validity first per person."""
    if not person_ids:
        return []
    result = await session.execute(
        select(HealthInsuranceEnrollment)
        .where(_he.person_id.in_(person_ids), _he.merged_into_id.is_(None))
        .order_by(_he.person_id, _he.valid_from.desc(), _he.id)
    )
    return list(result.scalars())


async def by_card_code(session: AsyncSession, card_code: str) -> list[HealthInsuranceEnrollment]:
    """Return the live enrolments printed with this card code, latest validity first."""
    result = await session.execute(
        select(HealthInsuranceEnrollment)
        .where(_he.card_code == card_code, _he.merged_into_id.is_(None))
        .order_by(_he.valid_from.desc(), _he.id)
    )
    return list(result.scalars())
