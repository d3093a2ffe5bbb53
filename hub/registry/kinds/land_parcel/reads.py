"""Land parcel reads the GraphQL layer calls, and keeping a parcel's right-holder and lineage
rows in step with its golden values after ingestion recomputes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit.pagination import Page
from hub.registry.kinds.land_parcel import LAND_PARCEL
from hub.registry.kinds.land_parcel import repository as land_repository
from hub.registry.kinds.land_parcel.models import LandParcel, ParcelLineage, ParcelRightHolder
from hub.registry.kinds.land_parcel.validation import legacy_key
from hub.registry.pipeline import golden_repository

RELATIONS = {"split_from": "SPLIT", "merged_from": "MERGE"}


async def find_parcel_by_key(
    session: AsyncSession, commune_code: str, map_sheet: int, parcel_number: int
) -> LandParcel | None:
    """Return the live parcel with this legacy key (the commune code as it was surveyed)."""
    return await land_repository.by_legacy_key(
        session, legacy_key(commune_code, map_sheet, parcel_number)
    )


async def find_parcel_by_national_id(session: AsyncSession, national_id: str) -> LandParcel | None:
    """Return the parcel with this national 12-character ID (any case)."""
    return await land_repository.by_national_id(session, national_id.strip().lower())


async def list_parcels(
    session: AsyncSession, *, commune_code: str | None = None, first: int, after: str | None
) -> Page[LandParcel]:
    """Return a page of live parcels in id order after the parcel id ``after``."""
    rows, total = await land_repository.page(session, commune_code, first, after)
    return Page(items=rows[:first], total_count=total, has_next_page=len(rows) > first)


async def parcels_of_persons(
    session: AsyncSession, person_ids: Sequence[str]
) -> dict[str, list[LandParcel]]:
    """Return the parcels each person holds rights in, in ONE statement (for dataloaders)."""
    found: dict[str, list[LandParcel]] = {pid: [] for pid in person_ids}
    for person_id, parcel in await land_repository.of_persons(session, list(set(person_ids))):
        found[person_id].append(parcel)
    return found


async def right_holders(
    session: AsyncSession, parcel_ids: Sequence[str]
) -> dict[str, list[ParcelRightHolder]]:
    """Return the right holders of each parcel, in one statement."""
    found: dict[str, list[ParcelRightHolder]] = {pid: [] for pid in parcel_ids}
    for row in await land_repository.holders(session, list(set(parcel_ids))):
        found[row.parcel_id].append(row)
    return found


async def parents(
    session: AsyncSession, parcel_ids: Sequence[str]
) -> dict[str, list[ParcelLineage]]:
    """Return the lineage rows (parents by split or merge) of each parcel, in one statement."""
    found: dict[str, list[ParcelLineage]] = {pid: [] for pid in parcel_ids}
    for row in await land_repository.lineage(session, list(set(parcel_ids))):
        found[row.parcel_id].append(row)
    return found


async def descendants(session: AsyncSession, parcel_id: str) -> list[ParcelLineage]:
    """Return the lineage rows of the parcels split or merged from this one."""
    return await land_repository.children(session, parcel_id)


async def sync_children(session: AsyncSession, parcel_ids: Sequence[str], now: datetime) -> None:
    """Rewrite the right-holder and lineage rows of these parcels from their golden values.

    A lineage row is dated by the source update time of the value that named the parent; a
    parent the registry does not know yet keeps its key and is linked when it arrives.
    """
    ids = sorted(set(parcel_ids))
    masters = await golden_repository.masters(session, LandParcel, ids)
    provenance = await golden_repository.provenance(session, LAND_PARCEL, ids)
    live = [m for m in masters.values() if m.merged_into_id is None]
    wanted = sorted({k for m in live for a in RELATIONS for k in getattr(m, a) or ()})
    known = await land_repository.ids_by_legacy_keys(session, wanted)
    holders: list[dict[str, Any]] = []
    lineage: list[dict[str, Any]] = []
    for parcel in live:
        for holder in parcel.right_holders or ():
            share = Fraction(holder["share"])
            holders.append(
                {
                    "parcel_id": parcel.id,
                    "person_id": holder.get("person_id"),
                    "citizen_id": holder.get("citizen_id"),
                    "name": holder.get("name"),
                    "share_numerator": share.numerator,
                    "share_denominator": share.denominator,
                }
            )
        for attribute, relation in RELATIONS.items():
            for key in getattr(parcel, attribute) or ():
                lineage.append(
                    {
                        "parcel_id": parcel.id,
                        "parent_key": key,
                        "parent_id": known.get(key),
                        "relation": relation,
                        "changed_on": _changed_on(provenance.get(parcel.id, {}), attribute, now),
                    }
                )
    await land_repository.replace_children(session, ids, holders, lineage)
    await land_repository.adopt(session, {p.legacy_key: p.id for p in live if p.legacy_key})


def _changed_on(provenance: dict[str, Any], attribute: str, now: datetime) -> date:
    found = provenance.get(attribute)
    return (found.source_updated_at if found is not None else now).date()
