"""Health-insurance enrolment reads the GraphQL layer calls."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.health_enrollment import repository as health_repository
from hub.registry.kinds.health_enrollment.models import HealthInsuranceEnrollment
from hub.registry.pipeline import golden_repository


async def get_enrollment(
    session: AsyncSession, enrollment_id: str
) -> HealthInsuranceEnrollment | None:
    """Return an enrolment by registry id (a merged one says ``merged_into_id``)."""
    found = await golden_repository.masters(session, HealthInsuranceEnrollment, [enrollment_id])
    enrollment: HealthInsuranceEnrollment | None = found.get(enrollment_id)
    return enrollment


async def enrollments_by_card(
    session: AsyncSession, card_code: str
) -> list[HealthInsuranceEnrollment]:
    """Return the enrolments printed with this card code (spaces ignored, any case)."""
    code = "".join(card_code.split()).upper()
    return await health_repository.by_card_code(session, code)


async def enrollments_of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> dict[str, list[HealthInsuranceEnrollment]]:
    """Return each person's enrolments, latest first, in ONE statement (for dataloaders)."""
    found: dict[str, list[HealthInsuranceEnrollment]] = {pid: [] for pid in person_ids}
    for person_id, enrollment in await health_repository.of_persons(session, list(set(person_ids))):
        found[person_id].append(enrollment)
    # Rows of persons merged into one come after that person's own: order again.
    for held in found.values():
        held.sort(key=health_repository.latest_first)
    return found
