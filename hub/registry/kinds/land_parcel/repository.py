"""All SQL of land parcels: reads of the master, and its right-holder and lineage rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hub.registry.kinds.land_parcel.models import LandParcel, ParcelLineage, ParcelRightHolder
from hub.registry.kinds.person.models import Person

_lp: Any = LandParcel
_rh: Any = ParcelRightHolder
_ln: Any = ParcelLineage


async def by_legacy_key(session: AsyncSession, key: str) -> LandParcel | None:
    """Return the live parcel with this legacy key, the most recently changed first."""
    result = await session.execute(
        select(LandParcel)
        .where(_lp.legacy_key == key, _lp.merged_into_id.is_(None))
        .order_by(_lp.updated_at.desc(), _lp.id)
        .limit(1)
    )
    return result.scalars().first()


async def by_national_id(session: AsyncSession, national_id: str) -> LandParcel | None:
    """Return the parcel holding this national ID."""
    result = await session.execute(select(LandParcel).where(_lp.national_id == national_id))
    return result.scalars().first()


async def ids_by_legacy_keys(session: AsyncSession, keys: Sequence[str]) -> dict[str, str]:
    """Return the live parcel id of each legacy key the registry knows."""
    if not keys:
        return {}
    result = await session.execute(
        select(_lp.legacy_key, _lp.id)
        .where(_lp.legacy_key.in_(keys), _lp.merged_into_id.is_(None))
        .order_by(_lp.updated_at)
    )
    return {key: parcel_id for key, parcel_id in result.all()}


async def page(
    session: AsyncSession, commune_code: str | None, first: int, after: str | None
) -> tuple[list[LandParcel], int]:
    """Return up to ``first + 1`` live parcels after id ``after`` in id order, and the total."""
    condition = [_lp.merged_into_id.is_(None)]
    if commune_code is not None:
        condition.append(_lp.commune_code == commune_code)
    total = (
        await session.execute(select(func.count()).select_from(LandParcel).where(*condition))
    ).scalar_one()
    query = select(LandParcel).where(*condition)
    if after is not None:
        query = query.where(_lp.id > after)
    result = await session.execute(query.order_by(_lp.id).limit(first + 1))
    return list(result.scalars()), int(total)


async def of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> list[tuple[str, LandParcel]]:
    """Return ``(person id, parcel)`` for every live parcel these persons hold rights in,
    counting the rights of persons merged into them (see ``person_links``).
    """
    if not person_ids:
        return []
    result = await session.execute(
        select(col(Person.merged_into_id), _rh.person_id, LandParcel)
        .join(LandParcel, _lp.id == _rh.parcel_id)
        .join(Person, col(Person.id) == _rh.person_id)
        .where(
            or_(_rh.person_id.in_(person_ids), col(Person.merged_into_id).in_(person_ids)),
            _lp.merged_into_id.is_(None),
        )
        .order_by(_lp.legacy_key, _lp.id)
    )
    asked = set(person_ids)
    found: dict[tuple[str, str], LandParcel] = {}
    for survivor, holder, parcel in result.all():
        # A merged-away holder's parcel belongs to it and to its survivor, whichever is asked.
        for owner in (holder, survivor):
            if owner is not None and owner in asked:
                found.setdefault((owner, parcel.id), parcel)
    return [(person_id, parcel) for (person_id, _), parcel in found.items()]


async def holders(session: AsyncSession, parcel_ids: Sequence[str]) -> list[ParcelRightHolder]:
    """Return the right-holder rows of these parcels."""
    if not parcel_ids:
        return []
    result = await session.execute(
        select(ParcelRightHolder).where(_rh.parcel_id.in_(parcel_ids)).order_by(_rh.id)
    )
    return list(result.scalars())


async def lineage(session: AsyncSession, parcel_ids: Sequence[str]) -> list[ParcelLineage]:
    """Return the lineage rows of these parcels (their parents)."""
    if not parcel_ids:
        return []
    result = await session.execute(
        select(ParcelLineage).where(_ln.parcel_id.in_(parcel_ids)).order_by(_ln.id)
    )
    return list(result.scalars())


async def children(session: AsyncSession, parcel_id: str) -> list[ParcelLineage]:
    """Return the lineage rows naming this parcel as a parent."""
    result = await session.execute(
        select(ParcelLineage).where(_ln.parent_id == parcel_id).order_by(_ln.id)
    )
    return list(result.scalars())


async def lineage_touching(
    session: AsyncSession, parcel_ids: Sequence[str]
) -> list[tuple[ParcelLineage, str]]:
    """Return every lineage row naming one of these parcels as child or as parent, each with
    the child's legacy key, in one statement.
    """
    if not parcel_ids:
        return []
    result = await session.execute(
        select(ParcelLineage, _lp.legacy_key)
        .join(LandParcel, _lp.id == _ln.parcel_id)
        .where(or_(_ln.parcel_id.in_(parcel_ids), _ln.parent_id.in_(parcel_ids)))
        .order_by(_ln.id)
    )
    return [(row, str(key)) for row, key in result.all()]


async def replace_children(
    session: AsyncSession,
    parcel_ids: Sequence[str],
    holder_rows: Sequence[dict[str, Any]],
    lineage_rows: Sequence[dict[str, Any]],
) -> None:
    """Replace the right-holder and lineage rows of these parcels."""
    if not parcel_ids:
        return
    await session.execute(delete(ParcelRightHolder).where(_rh.parcel_id.in_(parcel_ids)))
    await session.execute(delete(ParcelLineage).where(_ln.parcel_id.in_(parcel_ids)))
    if holder_rows:
        await session.execute(insert(ParcelRightHolder), list(holder_rows))
    if lineage_rows:
        await session.execute(insert(ParcelLineage), list(lineage_rows))


async def adopt(session: AsyncSession, parents: dict[str, str]) -> None:
    """Point lineage rows still waiting for a parent key at the parcel that now has it."""
    for key, parcel_id in parents.items():
        await session.execute(
            update(ParcelLineage)
            .where(_ln.parent_key == key, _ln.parent_id.is_(None))
            .values(parent_id=parcel_id)
        )
