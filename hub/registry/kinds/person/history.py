"""Bitemporal history of golden person records: what the hub knew at a given record time
(the snapshot spelt out attribute by attribute; ``hub.registry.pipeline.history`` for any kind)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.person import PERSON
from hub.registry.pipeline import golden_repository
from hub.registry.pipeline.golden_models import GoldenVersion


@dataclass(frozen=True)
class PersonSnapshot:
    """A person as one version recorded them.

    ``valid_from`` is the valid time (the latest source update behind the values),
    ``recorded_at`` the record time (when the hub learnt them). ``provenance`` maps each
    attribute to ``{"system", "sourceRecordId", "sourceUpdatedAt"}``.
    """

    person_id: str
    version: int
    change: str
    valid_from: datetime
    recorded_at: datetime
    merged_into_id: str | None
    citizen_id: str | None
    social_insurance_number: str | None
    full_name: str | None
    birth_date: date | None
    sex: str | None
    phone: str | None
    email: str | None
    address_commune_code: str | None
    address_street: str | None
    ethnic_group: str | None
    provenance: Mapping[str, Mapping[str, Any]]


def snapshot(row: GoldenVersion) -> PersonSnapshot:
    """Return the snapshot a version row holds."""
    values = row.values
    born = values.get("birth_date")
    return PersonSnapshot(
        person_id=row.master_id,
        version=row.version,
        change=row.change,
        valid_from=row.valid_from,
        recorded_at=row.recorded_at,
        merged_into_id=row.merged_into_id,
        citizen_id=values.get("citizen_id"),
        social_insurance_number=values.get("social_insurance_number"),
        full_name=values.get("full_name"),
        birth_date=date.fromisoformat(born) if born else None,
        sex=values.get("sex"),
        phone=values.get("phone"),
        email=values.get("email"),
        address_commune_code=values.get("address_commune_code"),
        address_street=values.get("address_street"),
        # Versions written before the attribute existed have no key: no known ethnic group.
        ethnic_group=values.get("ethnic_group"),
        provenance=row.provenance,
    )


async def person_as_of(
    session: AsyncSession, person_id: str, recorded_at: datetime
) -> PersonSnapshot | None:
    """Return the person as the hub knew them at ``recorded_at``, or ``None`` if it did not
    know them yet.
    """
    row = await golden_repository.version_as_of(session, PERSON, person_id, recorded_at)
    return None if row is None else snapshot(row)


async def person_history(session: AsyncSession, person_id: str) -> list[PersonSnapshot]:
    """Return every version of a person, oldest first."""
    return [snapshot(r) for r in await golden_repository.versions(session, PERSON, person_id)]
