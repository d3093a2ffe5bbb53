"""All SQL of person records."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.person.models import Person


async def get(session: AsyncSession, person_id: str) -> Person | None:
    """Return the person with ``person_id`` or ``None``."""
    return await session.get(Person, person_id)


async def get_many(session: AsyncSession, person_ids: Sequence[str]) -> dict[str, Person]:
    """Return the persons with these ids, by id."""
    result = await session.execute(select(Person).where(Person.id.in_(person_ids)))  # type: ignore[attr-defined]
    return {p.id: p for p in result.scalars()}


async def by_citizen_id(session: AsyncSession, citizen_id: str) -> Person | None:
    """Return the person with ``citizen_id`` or ``None``."""
    result = await session.execute(
        select(Person).where(Person.citizen_id == citizen_id)  # type: ignore[arg-type]
    )
    return result.scalars().first()


async def add(session: AsyncSession, person: Person) -> Person:
    """Insert ``person`` and flush so that constraint errors surface here."""
    session.add(person)
    await session.flush()
    return person


async def page_after(session: AsyncSession, after_id: str | None, limit: int) -> Sequence[Person]:
    """Return up to ``limit`` persons ordered by id, those after ``after_id`` (keyset paging)."""
    statement = select(Person).order_by(Person.id).limit(limit)
    if after_id is not None:
        statement = statement.where(Person.id > after_id)  # type: ignore[arg-type]
    result = await session.execute(statement)
    return result.scalars().all()
