"""All SQL of source records, cross-references and blocking keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.codelists.models import ADMIN_UNITS_LIST_ID, Crosswalk
from hub.registry.pipeline.source_models import MatchKey, SourceRecord, Xref

_sr: Any = SourceRecord
_x: Any = Xref
_k: Any = MatchKey
# Stays under the bind-parameter limits of SQLite (32,766) and asyncpg (32,767).
_CHUNK = 5000


async def commune_crosswalk(session: AsyncSession) -> list[tuple[str, str]]:
    """Return every (old commune code, new commune code) pair of the admin-unit crosswalk."""
    cw: Any = Crosswalk
    result = await session.execute(
        select(cw.old_code, cw.new_code).where(
            cw.list_id == ADMIN_UNITS_LIST_ID, func.length(cw.old_code) == 5
        )
    )
    return [(old, new) for old, new in result.all()]


async def existing(
    session: AsyncSession, entity_type: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[SourceRecord, Xref]]:
    """Return the stored records (with their xref) among ``(system, source id)`` keys."""
    if not keys:
        return {}
    wanted = set(keys)
    found: dict[tuple[str, str], tuple[SourceRecord, Xref]] = {}
    # One IN list per column rather than a row-value IN: PostgreSQL plans the latter as a
    # scan of every record, which made each batch cost more as the registry grew.
    by_system: defaultdict[str, list[str]] = defaultdict(list)
    for system, source_id in wanted:
        by_system[system].append(source_id)
    for system, source_ids in by_system.items():
        for start in range(0, len(source_ids), _CHUNK):
            result = await session.execute(
                select(SourceRecord, Xref)
                .join(Xref, _x.source_record_id == _sr.id)
                .where(
                    _sr.entity_type == entity_type,
                    _sr.system == system,
                    _sr.source_id.in_(sorted(source_ids)[start : start + _CHUNK]),
                )
            )
            for r, x in result.all():
                found[(r.system, r.source_id)] = (r, x)
    return found


async def blocks(
    session: AsyncSession, entity_type: str, keys: Sequence[str]
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Return ``(key, source record id, master id, valid attributes)`` of every record stored
    under one of ``keys`` (blocks are capped when written, so this stays small).
    """
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    unique = sorted(set(keys))
    for start in range(0, len(unique), _CHUNK):
        result = await session.execute(
            select(_k.key, _sr.id, _x.master_id, _sr.attributes)
            .join(SourceRecord, _sr.id == _k.source_record_id)
            .join(Xref, _x.source_record_id == _sr.id)
            .where(_k.entity_type == entity_type, _k.key.in_(unique[start : start + _CHUNK]))
        )
        rows.extend((key, rid, master, attrs) for key, rid, master, attrs in result.all())
    return rows


async def add_keys(
    session: AsyncSession, entity_type: str, rows: Iterable[tuple[str, str]]
) -> None:
    """Insert blocking keys as ``(source record id, key)`` pairs."""
    values = [{"entity_type": entity_type, "source_record_id": r, "key": k} for r, k in rows]
    if values:
        await session.execute(insert(MatchKey), values)


async def delete_keys(session: AsyncSession, source_record_ids: Sequence[str]) -> None:
    """Delete the blocking keys of these records (before their new ones are written)."""
    for start in range(0, len(source_record_ids), _CHUNK):
        chunk = source_record_ids[start : start + _CHUNK]
        await session.execute(delete(MatchKey).where(_k.source_record_id.in_(chunk)))


async def contributions(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> dict[str, list[SourceRecord]]:
    """Return the source records of each master."""
    found: defaultdict[str, list[SourceRecord]] = defaultdict(list)
    if not master_ids:
        return found
    result = await session.execute(
        select(_x.master_id, SourceRecord)
        .join(SourceRecord, _sr.id == _x.source_record_id)
        .where(_x.entity_type == entity_type, _x.master_id.in_(master_ids))
        .order_by(_sr.id)
    )
    for master_id, record in result.all():
        found[master_id].append(record)
    return found


async def xrefs_of(session: AsyncSession, entity_type: str, master_id: str) -> list[Xref]:
    """Return the cross-references of one master."""
    result = await session.execute(
        select(Xref).where(_x.entity_type == entity_type, _x.master_id == master_id)
    )
    return list(result.scalars())


async def move(
    session: AsyncSession, source_record_ids: Sequence[str], master_id: str, rule: str
) -> None:
    """Point these source records at ``master_id`` (a steward linked, merged or split them)."""
    await session.execute(
        update(Xref)
        .where(_x.source_record_id.in_(source_record_ids))
        .values(master_id=master_id, match_rule=rule)
    )


async def get(session: AsyncSession, source_record_id: str) -> SourceRecord | None:
    """Return one source record."""
    return await session.get(SourceRecord, source_record_id)


async def flagged_after(
    session: AsyncSession,
    after_id: str,
    limit: int,
    *,
    entity_type: str | None = None,
    system: str | None = None,
) -> list[SourceRecord]:
    """Return up to ``limit`` records with a validation finding (an error or a warning), with
    ids after ``after_id``.
    """
    query = select(SourceRecord).where(
        _sr.id > after_id,
        or_(_sr.validation_status != "VALID", func.json_array_length(_sr.flags) > 0),
    )
    if entity_type is not None:
        query = query.where(_sr.entity_type == entity_type)
    if system is not None:
        query = query.where(_sr.system == system)
    result = await session.execute(query.order_by(_sr.id).limit(limit))
    return list(result.scalars())


async def attributes_after(
    session: AsyncSession, entity_type: str, after_id: str, limit: int
) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(id, valid attributes)`` of up to ``limit`` records with ids after ``after_id``."""
    result = await session.execute(
        select(_sr.id, _sr.attributes)
        .where(_sr.entity_type == entity_type, _sr.id > after_id)
        .order_by(_sr.id)
        .limit(limit)
    )
    return [(rid, attrs) for rid, attrs in result.all()]


async def records_by_system(session: AsyncSession, entity_type: str) -> list[tuple[str, Any, str]]:
    """Return ``(system, valid attributes, validation status)`` of every record."""
    result = await session.execute(
        select(_sr.system, _sr.attributes, _sr.validation_status).where(
            _sr.entity_type == entity_type
        )
    )
    return [(s, a, v) for s, a, v in result.all()]


async def live_source_ids(session: AsyncSession, entity_type: str, system: str) -> list[str]:
    """Return the source ids of the records of ``system`` its source has not deleted."""
    result = await session.execute(
        select(_sr.source_id)
        .where(_sr.entity_type == entity_type, _sr.system == system, _sr.retired_at.is_(None))
        .order_by(_sr.source_id)
    )
    return list(result.scalars())
