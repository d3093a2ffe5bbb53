"""Loading masters for a steward action."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, NotFound
from hub.registry.records import golden_repository
from hub.registry.records.models import Person


async def active_person(
    session: AsyncSession, person_id: str, expected_version: int | None
) -> Person:
    """Return an active person at ``expected_version``.

    Raises ``NotFound`` for an unknown id and ``Conflict`` when the person was merged away or
    changed since the steward looked (the steward reloads and decides again).
    """
    person = (await golden_repository.persons(session, [person_id])).get(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}")
    if person.merged_into_id is not None:
        raise Conflict(f"person {person_id} was merged into {person.merged_into_id}")
    if expected_version is not None and person.version != expected_version:
        raise Conflict(
            f"person {person_id} is at version {person.version}, not {expected_version}:"
            " it changed meanwhile"
        )
    return person
