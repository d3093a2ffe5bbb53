"""Match review: list the near matches of any kind waiting for a steward and decide them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Conflict, NotFound
from hub.kit import clock
from hub.principals.principal import Principal
from hub.registry.browse import repository as browse_repository
from hub.registry.pipeline import match_task_repository, source_repository
from hub.registry.pipeline.kind import EntityKind
from hub.registry.pipeline.match_task_models import MatchTask, NotAMatch
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import (
    active_master,
    kind_of,
    move_records,
    refresh,
    retire_master,
)

MAX_PAGE = 100


class TaskDecision(StrEnum):
    """What a steward decides about a near match."""

    LINK = "link"
    NOT_A_MATCH = "not_a_match"


async def list_match_tasks(
    session: AsyncSession,
    principal: Principal,
    *,
    entity_type: str,
    status: str | None = "OPEN",
    first: int = 50,
    offset: int = 0,
) -> list[MatchTask]:
    """Return match tasks of one kind of master (open ones by default), best score first, at
    most 100.
    """
    require_steward(principal)
    kind = kind_of(entity_type)
    return await match_task_repository.list_tasks(
        session,
        kind.entity_type,
        status=status,
        limit=min(max(first, 0), MAX_PAGE),
        offset=max(offset, 0),
    )


async def count_match_tasks(
    session: AsyncSession,
    principal: Principal,
    *,
    entity_type: str,
    status: str | None = "OPEN",
) -> int:
    """Return how many match tasks of one kind (of this status) there are, for paging."""
    require_steward(principal)
    kind = kind_of(entity_type)
    return await browse_repository.count_match_tasks(session, kind.entity_type, status)


async def decide_match_task(
    session: AsyncSession,
    principal: Principal,
    task_id: str,
    decision: TaskDecision,
    *,
    expected_version: int,
    reason: str,
) -> MatchTask:
    """Link the task's source record to the candidate master, or record that it is not a
    match (never proposed again); tasks of every kind of master. Raises ``NotFound`` for an
    unknown task and ``Conflict`` when the task changed or was decided meanwhile.
    """
    actor = require_steward(principal, reason)
    task = await match_task_repository.get_task(session, task_id)
    if task is None:
        raise NotFound(f"no match task {task_id}")
    kind = kind_of(task.entity_type)
    if task.status != "OPEN" or task.version != expected_version:
        raise Conflict(
            f"match task {task_id} changed meanwhile (now {task.status} v{task.version})"
        )
    now = clock.utcnow()
    if decision is TaskDecision.LINK:
        await _link(session, kind, task)
        task.status = "LINKED"
    else:
        match_task_repository.add_not_a_match(
            session,
            [
                NotAMatch(
                    entity_type=kind.entity_type,
                    source_record_id=task.source_record_id,
                    master_id=task.candidate_master_id,
                    decided_at=now,
                    decided_by=actor,
                )
            ],
        )
        task.status = "REJECTED"
    task.version += 1
    task.decided_at = now
    task.decided_by = actor
    log_action(
        session,
        actor,
        "LINK" if decision is TaskDecision.LINK else "NOT_A_MATCH",
        task.id,
        reason,
        {"sourceRecord": task.source_record_id, "candidate": task.candidate_master_id},
        kind.entity_type,
    )
    await session.flush()
    return task


async def _link(session: AsyncSession, kind: EntityKind, task: MatchTask) -> None:
    candidate = await active_master(session, kind, task.candidate_master_id, None)
    holder = await active_master(session, kind, task.record_master_id, None)
    await move_records(session, kind, [task.source_record_id], candidate.id, "steward_link")
    remaining = await source_repository.xrefs_of(session, kind.entity_type, holder.id)
    if not remaining:
        await retire_master(session, kind, holder, candidate.id, clock.utcnow())
    await refresh(session, kind, [candidate.id, holder.id])
