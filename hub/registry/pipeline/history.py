"""Bitemporal history of golden records of any kind: what the hub knew at a given record time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline import golden_repository
from hub.registry.pipeline.golden_models import GoldenVersion


@dataclass(frozen=True)
class MasterSnapshot:
    """Any master (parcel, enrolment, appointment, ...) as one version recorded it.

    ``values`` holds the golden attributes as JSON values (dates as ISO text, decimals as
    text); ``valid_from`` is the valid time (the latest source update behind the values),
    ``recorded_at`` the record time (when the hub learnt them).
    """

    entity_type: str
    master_id: str
    version: int
    change: str
    valid_from: datetime
    recorded_at: datetime
    merged_into_id: str | None
    values: Mapping[str, Any]
    provenance: Mapping[str, Mapping[str, Any]]


def master_snapshot(row: GoldenVersion) -> MasterSnapshot:
    """Return the snapshot a version row of any kind holds."""
    return MasterSnapshot(
        entity_type=row.entity_type,
        master_id=row.master_id,
        version=row.version,
        change=row.change,
        valid_from=row.valid_from,
        recorded_at=row.recorded_at,
        merged_into_id=row.merged_into_id,
        values=row.values,
        provenance=row.provenance,
    )


async def master_as_of(
    session: AsyncSession, entity_type: str, master_id: str, recorded_at: datetime
) -> MasterSnapshot | None:
    """Return a master of ``entity_type`` as the hub knew it at ``recorded_at``, or ``None``
    if it did not know it yet.
    """
    row = await golden_repository.version_as_of(session, entity_type, master_id, recorded_at)
    return None if row is None else master_snapshot(row)


async def master_history(
    session: AsyncSession, entity_type: str, master_id: str
) -> list[MasterSnapshot]:
    """Return every version of a master of ``entity_type``, oldest first."""
    rows = await golden_repository.versions(session, entity_type, master_id)
    return [master_snapshot(r) for r in rows]
