"""Masters of any kind for a steward action: finding the kind, loading a master at the version
the steward saw, moving source records, retiring a master, and recomputing afterwards exactly
as ingestion does (golden values, then the kind's ``finish`` hook for its child tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, Invalid, NotFound
from hub.kit import clock
from hub.registry.kinds import KINDS
from hub.registry.pipeline import golden_repository, reference, source_repository
from hub.registry.pipeline.golden import CONFLICT, DUPLICATE_IDENTIFIER, recompute
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.retirement import retire


def kind_of(entity_type: str) -> EntityKind:
    """Return the kind of master ``entity_type`` names; raise ``Invalid`` for any other."""
    kind = KINDS.get(entity_type)
    if kind is None:
        known = ", ".join(KINDS)
        raise Invalid(
            f"unknown entity type {entity_type!r} (one of {known})", argument="entityType"
        )
    return kind


def label(kind: EntityKind) -> str:
    """Return the kind's name for messages: ``land parcel``."""
    return kind.entity_type.replace("_", " ")


async def active_master(
    session: AsyncSession, kind: EntityKind, master_id: str, expected_version: int | None
) -> Any:
    """Return an active master of ``kind`` at ``expected_version``.

    Raises ``NotFound`` for an unknown id (or one of another kind) and ``Conflict`` when the
    master was merged away or changed since the steward looked (the steward reloads and
    decides again).
    """
    master = (await golden_repository.masters(session, kind.model, [master_id])).get(master_id)
    if master is None:
        raise NotFound(f"no {label(kind)} {master_id}")
    if master.merged_into_id is not None:
        raise Conflict(f"{label(kind)} {master_id} was merged into {master.merged_into_id}")
    if expected_version is not None and master.version != expected_version:
        raise Conflict(
            f"{label(kind)} {master_id} is at version {master.version}, not {expected_version}:"
            " it changed meanwhile"
        )
    return master


async def move_records(
    session: AsyncSession,
    kind: EntityKind,
    source_record_ids: Sequence[str],
    master_id: str,
    rule: str,
) -> None:
    """Point these source records at ``master_id``; their open validation issues follow them,
    so that listing a master's issues shows those of the records it now holds.
    """
    await source_repository.move(session, source_record_ids, master_id, rule)
    for issue in await golden_repository.open_issues(
        session, kind.entity_type, source_record_ids=source_record_ids
    ):
        issue.master_id = master_id


async def retire_master(
    session: AsyncSession, kind: EntityKind, loser: Any, survivor_id: str, now: datetime
) -> None:
    """Turn ``loser`` into a redirect to ``survivor_id``.

    Recomputing skips a merged-away master, so its conflict and duplicate-identifier issues
    are closed here: they would otherwise stay open on a master nobody can act on.
    """
    await retire(session, kind, loser, survivor_id, now)
    for issue in await golden_repository.open_issues(
        session, kind.entity_type, master_ids=[loser.id]
    ):
        if issue.kind in (CONFLICT, DUPLICATE_IDENTIFIER):
            issue.resolved_at = now


async def refresh(
    session: AsyncSession, kind: EntityKind, master_ids: Sequence[str], *, change: str = "UPDATED"
) -> None:
    """Recompute these masters' golden records and run the kind's ``finish`` hook on them, as
    ingestion does (land parcels rewrite their right-holder and lineage rows; a merged-away
    parcel loses its rows). A master gets a new version only when its values or their sources
    changed, as on ingestion.
    """
    ids = sorted(set(master_ids))
    communes = await reference.communes(session)
    await recompute(session, kind, ids, communes, change=change)
    if kind.finish is not None:
        await kind.finish(session, ids, clock.utcnow())
