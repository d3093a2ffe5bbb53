"""All SQL of match tasks and the "not a match" memory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline.match_task_models import MatchTask, NotAMatch

_t: Any = MatchTask
_n: Any = NotAMatch


async def rejected_masters(
    session: AsyncSession, entity_type: str, source_record_id: str
) -> set[str]:
    """Return the masters a steward said this source record does not belong to."""
    result = await session.execute(
        select(_n.master_id).where(
            _n.entity_type == entity_type, _n.source_record_id == source_record_id
        )
    )
    return set(result.scalars())


async def open_task_masters(
    session: AsyncSession, entity_type: str, source_record_id: str
) -> set[str]:
    """Return the candidate masters of this record's open tasks."""
    result = await session.execute(
        select(_t.candidate_master_id).where(
            _t.entity_type == entity_type,
            _t.source_record_id == source_record_id,
            _t.status == "OPEN",
        )
    )
    return set(result.scalars())


async def get_task(session: AsyncSession, task_id: str) -> MatchTask | None:
    """Return one task."""
    return await session.get(MatchTask, task_id)


async def list_tasks(
    session: AsyncSession, entity_type: str, *, status: str | None, limit: int, offset: int
) -> list[MatchTask]:
    """Return tasks, best score first."""
    query = select(MatchTask).where(_t.entity_type == entity_type)
    if status is not None:
        query = query.where(_t.status == status)
    result = await session.execute(
        query.order_by(_t.score.desc(), _t.id).limit(limit).offset(offset)
    )
    return list(result.scalars())


async def retarget_tasks(session: AsyncSession, old_master: str, new_master: str) -> None:
    """Point open tasks naming ``old_master`` at ``new_master``; a task left proposing a
    master to itself has nothing to decide and becomes OBSOLETE.
    """
    open_tasks = (_t.status == "OPEN",)
    await session.execute(
        update(MatchTask)
        .where(*open_tasks, _t.candidate_master_id == old_master)
        .values(candidate_master_id=new_master, version=_t.version + 1)
    )
    await session.execute(
        update(MatchTask)
        .where(*open_tasks, _t.record_master_id == old_master)
        .values(record_master_id=new_master, version=_t.version + 1)
    )
    await session.execute(
        update(MatchTask)
        .where(*open_tasks, _t.record_master_id == _t.candidate_master_id)
        .values(status="OBSOLETE", version=_t.version + 1)
    )


def add_not_a_match(session: AsyncSession, rows: Sequence[NotAMatch]) -> None:
    """Queue "not a match" decisions."""
    session.add_all(rows)
