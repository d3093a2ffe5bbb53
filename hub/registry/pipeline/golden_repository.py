"""All SQL of golden records of any kind: masters, provenance, overrides, versions, issues."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline.golden_models import (
    GoldenOverride,
    GoldenProvenance,
    GoldenVersion,
    QualityIssue,
)
from hub.registry.pipeline.outbox_models import OutboxEvent

_o: Any = GoldenOverride
_v: Any = GoldenVersion
_q: Any = QualityIssue
_g: Any = GoldenProvenance


async def masters(session: AsyncSession, model: type[Any], ids: Sequence[str]) -> dict[str, Any]:
    """Return the masters of table ``model`` with these ids."""
    if not ids:
        return {}
    table: Any = model
    result = await session.execute(select(model).where(table.id.in_(ids)))
    return {m.id: m for m in result.scalars()}


async def owners(
    session: AsyncSession, model: type[Any], attribute: str, values: Sequence[str]
) -> dict[str, str]:
    """Return the master of table ``model`` holding each of these unique values."""
    if not values:
        return {}
    column = getattr(model, attribute)
    result = await session.execute(select(column, model.id).where(column.in_(values)))
    return {value: master_id for value, master_id in result.all()}


async def active_overrides(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> dict[str, dict[str, GoldenOverride]]:
    """Return each master's overrides in force, by attribute."""
    found: defaultdict[str, dict[str, GoldenOverride]] = defaultdict(dict)
    if not master_ids:
        return found
    result = await session.execute(
        select(GoldenOverride).where(
            _o.entity_type == entity_type, _o.master_id.in_(master_ids), _o.cleared_at.is_(None)
        )
    )
    for override in result.scalars():
        found[override.master_id][override.attribute] = override
    return found


async def provenance(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> dict[str, dict[str, GoldenProvenance]]:
    """Return each master's provenance, by attribute."""
    found: defaultdict[str, dict[str, GoldenProvenance]] = defaultdict(dict)
    if not master_ids:
        return found
    result = await session.execute(
        select(GoldenProvenance).where(_g.entity_type == entity_type, _g.master_id.in_(master_ids))
    )
    for row in result.scalars():
        found[row.master_id][row.attribute] = row
    return found


async def delete_provenance(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> None:
    """Delete the provenance of these masters (it is rewritten whole on a change)."""
    if master_ids:
        await session.execute(
            delete(GoldenProvenance).where(
                _g.entity_type == entity_type, _g.master_id.in_(master_ids)
            )
        )


async def insert_rows(
    session: AsyncSession,
    versions: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    provenance: Sequence[dict[str, Any]],
) -> None:
    """Insert history rows, outbox events and provenance rows given as column values."""
    for model, rows in (
        (GoldenVersion, versions),
        (OutboxEvent, events),
        (GoldenProvenance, provenance),
    ):
        if rows:
            await session.execute(insert(model).execution_options(render_nulls=True), list(rows))


async def open_issues(
    session: AsyncSession,
    entity_type: str,
    *,
    master_ids: Sequence[str] = (),
    source_record_ids: Sequence[str] = (),
) -> list[QualityIssue]:
    """Return the open issues of these masters or of these source records."""
    condition = (
        _q.master_id.in_(master_ids) if master_ids else _q.source_record_id.in_(source_record_ids)
    )
    if not master_ids and not source_record_ids:
        return []
    result = await session.execute(
        select(QualityIssue).where(
            _q.entity_type == entity_type, _q.resolved_at.is_(None), condition
        )
    )
    return list(result.scalars())


async def list_issues(
    session: AsyncSession,
    entity_type: str,
    *,
    kind: str | None,
    master_id: str | None,
    include_resolved: bool,
    limit: int,
    offset: int,
) -> list[QualityIssue]:
    """Return issues, newest first, filtered."""
    query = select(QualityIssue).where(_q.entity_type == entity_type)
    if kind is not None:
        query = query.where(_q.kind == kind)
    if master_id is not None:
        query = query.where(_q.master_id == master_id)
    if not include_resolved:
        query = query.where(_q.resolved_at.is_(None))
    result = await session.execute(query.order_by(_q.id.desc()).limit(limit).offset(offset))
    return list(result.scalars())


async def version_as_of(
    session: AsyncSession, entity_type: str, master_id: str, recorded_at: datetime
) -> GoldenVersion | None:
    """Return the last version of a master recorded at or before ``recorded_at``."""
    result = await session.execute(
        select(GoldenVersion)
        .where(
            _v.entity_type == entity_type,
            _v.master_id == master_id,
            _v.recorded_at <= recorded_at,
        )
        .order_by(_v.version.desc())
        .limit(1)
    )
    return result.scalars().first()


async def versions(session: AsyncSession, entity_type: str, master_id: str) -> list[GoldenVersion]:
    """Return every version of a master, oldest first."""
    result = await session.execute(
        select(GoldenVersion)
        .where(_v.entity_type == entity_type, _v.master_id == master_id)
        .order_by(_v.version)
    )
    return list(result.scalars())


async def redirect(
    session: AsyncSession, model: type[Any], old_target: str, new_target: str
) -> None:
    """Point masters merged into ``old_target`` at ``new_target``, so redirects stay one hop."""
    table: Any = model
    await session.execute(
        update(model).where(table.merged_into_id == old_target).values(merged_into_id=new_target)
    )


async def conflict_systems(session: AsyncSession, entity_type: str) -> list[dict[str, Any]]:
    """Return the detail of every open conflict issue."""
    result = await session.execute(
        select(_q.detail).where(
            _q.entity_type == entity_type, _q.kind == "CONFLICT", _q.resolved_at.is_(None)
        )
    )
    return list(result.scalars())
