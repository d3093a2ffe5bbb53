"""All SQL of civil-servant appointments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.kinds.person.links import of_persons_query, owned

_ap: Any = CivilServantAppointment


def latest_first(row: CivilServantAppointment) -> tuple[int, int, str]:
    """Sort key of a person's appointments: latest start first, undated last, then id."""
    start = row.valid_from
    return (0, -start.toordinal(), row.id) if start is not None else (1, 0, row.id)


async def of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> list[tuple[str, CivilServantAppointment]]:
    """Return ``(person id, appointment)`` for the live appointments of these persons, latest
    start first per person, counting those of persons merged into them (see ``person_links``).
    """
    if not person_ids:
        return []
    result = await session.execute(
        of_persons_query(CivilServantAppointment, person_ids).order_by(
            _ap.person_id, _ap.valid_from.desc(), _ap.id
        )
    )
    return owned(person_ids, result.all())


async def of_organization(
    session: AsyncSession, organization_id: str, as_of: date | None, first: int, after: str | None
) -> tuple[list[CivilServantAppointment], int]:
    """Return up to ``first + 1`` live appointments in an organization after id ``after`` in
    id order (only those in force on ``as_of`` when given), and how many there are.
    """
    condition = [_ap.organization_id == organization_id, _ap.merged_into_id.is_(None)]
    if as_of is not None:
        condition += [
            or_(_ap.valid_from.is_(None), _ap.valid_from <= as_of),
            or_(_ap.valid_to.is_(None), _ap.valid_to > as_of),
        ]
    total = (
        await session.execute(
            select(func.count()).select_from(CivilServantAppointment).where(*condition)
        )
    ).scalar_one()
    query = select(CivilServantAppointment).where(*condition)
    if after is not None:
        query = query.where(_ap.id > after)
    result = await session.execute(query.order_by(_ap.id).limit(first + 1))
    return list(result.scalars()), int(total)
