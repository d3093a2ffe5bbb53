"""Land parcel lineage read from either side: the parcels a parcel was split or merged from
(its parents) and the parcels split or merged from it (its children), for many parcels at once.

Ingestion keeps the ``land_parcel_lineage`` rows (``land.sync_children``); these reads batch
them for the GraphQL dataloaders: both sides of any number of parcels in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.land_parcel import models as land_models
from hub.registry.kinds.land_parcel import repository as land_repository
from hub.registry.kinds.land_parcel.models import LandParcel
from hub.registry.pipeline import golden_repository


@dataclass(frozen=True)
class ParcelLink:
    """One split or merge between two parcels, seen from one of them.

    ``parent_key`` is the parent's legacy key as the child's source named it; ``other_id`` is
    the registry id of the parcel on the other side (``None`` for a parent the registry does
    not know yet).
    """

    relation: str  # SPLIT | MERGE
    changed_on: date
    parent_key: str
    other_id: str | None


@dataclass(frozen=True)
class Lineage:
    """A parcel's links on both sides, each oldest change first, then by the other parcel's
    legacy key.
    """

    parents: list[ParcelLink] = field(default_factory=list)
    children: list[ParcelLink] = field(default_factory=list)


async def lineages(session: AsyncSession, parcel_ids: Sequence[str]) -> dict[str, Lineage]:
    """Return the parents and children of each parcel, in ONE statement (for dataloaders)."""
    found = {pid: Lineage() for pid in parcel_ids}
    rows = await land_repository.lineage_touching(session, sorted(found))
    # Ranked by (change date, key of the other parcel, row id): stable on both databases.
    for row, _ in sorted(rows, key=lambda r: (r[0].changed_on, r[0].parent_key, r[0].id or 0)):
        if row.parcel_id in found:
            found[row.parcel_id].parents.append(_link(row, row.parent_id))
    for row, _ in sorted(rows, key=lambda r: (r[0].changed_on, r[1], r[0].id or 0)):
        if row.parent_id is not None and row.parent_id in found:
            found[row.parent_id].children.append(_link(row, row.parcel_id))
    return found


async def current_parcels(
    session: AsyncSession, parcel_ids: Sequence[str]
) -> dict[str, LandParcel]:
    """Return the parcels with these ids, each followed to its survivor if it was merged away
    (one statement, and a second only when some were).
    """
    found: dict[str, LandParcel] = await golden_repository.masters(
        session, LandParcel, sorted(set(parcel_ids))
    )
    # Redirects are kept flat (a loser points at the final survivor), so one hop suffices.
    survivors = sorted({p.merged_into_id for p in found.values() if p.merged_into_id} - set(found))
    if survivors:
        found.update(await golden_repository.masters(session, LandParcel, survivors))
    result: dict[str, LandParcel] = {}
    for parcel_id in parcel_ids:
        parcel = found.get(parcel_id)
        if parcel is not None and parcel.merged_into_id is not None:
            parcel = found.get(parcel.merged_into_id)
        if parcel is not None and parcel.merged_into_id is None:
            result[parcel_id] = parcel
    return result


def _link(row: land_models.ParcelLineage, other_id: str | None) -> ParcelLink:
    return ParcelLink(
        relation=row.relation,
        changed_on=row.changed_on,
        parent_key=row.parent_key,
        other_id=other_id,
    )
