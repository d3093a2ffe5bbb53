"""Person use cases needed by sign-in and the access log.

Reads of personal data are authorised and logged by the GraphQL layer (one place); these
functions are the registry's own and take the session first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.registry.kinds.person import repository
from hub.registry.kinds.person.models import Person


async def get(session: AsyncSession, person_id: str) -> Person | None:
    """Return a person by registry id."""
    return await repository.get(session, person_id)


async def get_many(session: AsyncSession, person_ids: Sequence[str]) -> dict[str, Person]:
    """Return persons by registry id (for dataloaders)."""
    return await repository.get_many(session, person_ids)


async def find_by_citizen_id(session: AsyncSession, citizen_id: str) -> Person | None:
    """Return the person with this 12-digit citizen ID."""
    return await repository.by_citizen_id(session, citizen_id.strip())


async def ensure_person(
    session: AsyncSession,
    *,
    citizen_id: str,
    full_name: str,
    birth_date: date | None = None,
    sex: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    address_commune_code: str | None = None,
    address_street: str | None = None,
    ethnic_group: str | None = None,
) -> Person:
    """Return the person with ``citizen_id``, creating them from these attributes if unknown
    (``ethnic_group`` is a code of the 2008 list, as golden records keep it).
    """
    if not (len(citizen_id) == 12 and citizen_id.isdigit()):
        raise Invalid("citizen ID must be 12 digits", argument="citizenId")
    existing = await repository.by_citizen_id(session, citizen_id)
    if existing is not None:
        return existing
    return await repository.add(
        session,
        Person(
            citizen_id=citizen_id,
            full_name=full_name,
            birth_date=birth_date,
            sex=sex,
            phone=phone,
            email=email,
            address_commune_code=address_commune_code,
            address_street=address_street,
            ethnic_group=ethnic_group,
        ),
    )


async def iter_persons(session: AsyncSession, batch_size: int = 1000) -> AsyncIterator[Person]:
    """Yield every person, ordered by id, reading ``batch_size`` at a time (batch matching)."""
    after: str | None = None
    while True:
        page = await repository.page_after(session, after, batch_size)
        for person in page:
            yield person
        if len(page) < batch_size:
            return
        after = page[-1].id


async def resolve(session: AsyncSession, person_id: str) -> Person | None:
    """Return the active person an id stands for, following merge redirects.

    ``get`` returns the record under the id itself, which says ``merged_into_id`` when it lost a
    merge; this returns the survivor instead. Redirects are kept one hop long, but a chain is
    followed anyway.
    """
    seen: set[str] = set()
    person = await repository.get(session, person_id)
    while person is not None and person.merged_into_id is not None and person.id not in seen:
        seen.add(person.id)
        person = await repository.get(session, person.merged_into_id)
    return person
