"""Civil-servant appointment reads the GraphQL layer calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit.pagination import Page
from hub.registry.kinds.civil_servant_appointment import repository as appointment_repository
from hub.registry.kinds.civil_servant_appointment.models import CivilServantAppointment
from hub.registry.pipeline import golden_repository


async def get_appointment(
    session: AsyncSession, appointment_id: str
) -> CivilServantAppointment | None:
    """Return an appointment by registry id (a merged one says ``merged_into_id``)."""
    found = await golden_repository.masters(session, CivilServantAppointment, [appointment_id])
    appointment: CivilServantAppointment | None = found.get(appointment_id)
    return appointment


async def appointments_of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> dict[str, list[CivilServantAppointment]]:
    """Return each person's appointments, latest first, in ONE statement (for dataloaders)."""
    found: dict[str, list[CivilServantAppointment]] = {pid: [] for pid in person_ids}
    for person_id, appointment in await appointment_repository.of_persons(
        session, list(set(person_ids))
    ):
        found[person_id].append(appointment)
    # Rows of persons merged into one come after that person's own: order again.
    for held in found.values():
        held.sort(key=appointment_repository.latest_first)
    return found


async def officials_of_organization(
    session: AsyncSession,
    organization_id: str,
    *,
    as_of: date | None,
    first: int,
    after: str | None,
) -> Page[CivilServantAppointment]:
    """Return a page of an organization's appointments in id order after the appointment id
    ``after``; with ``as_of``, only those in force that day (``valid_from <= as_of <
    valid_to``, an open end counting as in force).
    """
    rows, total = await appointment_repository.of_organization(
        session, organization_id, as_of, first, after
    )
    return Page(items=rows[:first], total_count=total, has_next_page=len(rows) > first)
