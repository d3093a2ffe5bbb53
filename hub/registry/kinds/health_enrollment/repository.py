"""All SQL of health-insurance enrolments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.kinds.person.links import of_persons_query, owned

_he: Any = HealthInsuranceEnrollment


def latest_first(row: HealthInsuranceEnrollment) -> tuple[int, int, str]:
    """Sort key of a person's enrolments: latest start first, undated last, then id."""
    start = row.valid_from
    return (0, -start.toordinal(), row.id) if start is not None else (1, 0, row.id)


async def of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> list[tuple[str, HealthInsuranceEnrollment]]:
    """Return ``(person id, enrolment)`` for the live enrolments of these persons, latest
    validity first per person, counting those of persons merged into them (see
    ``person_links``).
    """
    if not person_ids:
        return []
    result = await session.execute(
        of_persons_query(HealthInsuranceEnrollment, person_ids).order_by(
            _he.person_id, _he.valid_from.desc(), _he.id
        )
    )
    return owned(person_ids, result.all())


async def by_card_code(session: AsyncSession, card_code: str) -> list[HealthInsuranceEnrollment]:
    """Return the live enrolments printed with this card code, latest validity first."""
    result = await session.execute(
        select(HealthInsuranceEnrollment)
        .where(_he.card_code == card_code, _he.merged_into_id.is_(None))
        .order_by(_he.valid_from.desc(), _he.id)
    )
    return list(result.scalars())
