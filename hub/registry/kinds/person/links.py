"""Which person a dependent record (a parcel right, an enrolment, an appointment) belongs to
after stewards merged persons.

Dependent records name the person master their source pointed at when they were ingested. When
a steward merges that person into another, the records keep naming the merged-away id (their
sources still say so, and an unmerge must give them back), so reads resolve the redirect: a
person's dependents are their own and those of every person merged into them, read in the same
single statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, or_, select
from sqlmodel import col

from hub.registry.kinds.person.models import Person

T = TypeVar("T")


def of_persons_query(model: type[Any], person_ids: Sequence[str]) -> Select[Any]:
    """Select ``(merged into, row)`` of the live rows of ``model`` naming one of these persons
    or a person merged into one of them.
    """
    table: Any = model
    return (
        select(col(Person.merged_into_id), model)
        .join(Person, col(Person.id) == table.person_id)
        .where(
            or_(table.person_id.in_(person_ids), col(Person.merged_into_id).in_(person_ids)),
            table.merged_into_id.is_(None),
        )
    )


def owned(person_ids: Sequence[str], rows: Iterable[Any]) -> list[tuple[str, T]]:
    """Return ``(asked person id, row)`` from ``(merged into, row)`` pairs, in their order: a
    row naming a merged-away person belongs to that person if asked for, and to the survivor
    if asked for (both, when a request asks for both).
    """
    asked = set(person_ids)
    found: list[tuple[str, T]] = []
    for survivor, row in rows:
        if row.person_id in asked:
            found.append((row.person_id, row))
        if survivor is not None and survivor in asked and survivor != row.person_id:
            found.append((survivor, row))
    return found
