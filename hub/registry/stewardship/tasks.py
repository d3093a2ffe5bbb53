"""Match review: list the near matches waiting for a steward and decide them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.principal import Principal
from hub.errors import Conflict, NotFound
from hub.kit import clock
from hub.registry.records import reference, source_repository
from hub.registry.records.golden import recompute
from hub.registry.records.inputs import PERSON
from hub.registry.records.redirects import retire
from hub.registry.stewardship import repository
from hub.registry.stewardship.access import log_action, require_steward
from hub.registry.stewardship.masters import active_person
from hub.registry.stewardship.models import MatchTask, NotAMatch

MAX_PAGE = 100


class TaskDecision(StrEnum):
    """What a steward decides about a near match."""

    LINK = "link"
    NOT_A_MATCH = "not_a_match"


async def list_match_tasks(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None = "OPEN",
    first: int = 50,
    offset: int = 0,
) -> list[MatchTask]:
    """Return match tasks (open ones by default), best score first, at most 100."""
    require_steward(principal)
    return await repository.list_tasks(
        session, PERSON, status=status, limit=min(max(first, 0), MAX_PAGE), offset=max(offset, 0)
    )


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
    match (never proposed again). Raises ``Conflict`` when the task changed or was decided
    meanwhile.
    """
    actor = require_steward(principal, reason)
    task = await repository.get_task(session, task_id)
    if task is None or task.entity_type != PERSON:
        raise NotFound(f"no match task {task_id}")
    if task.status != "OPEN" or task.version != expected_version:
        raise Conflict(
            f"match task {task_id} changed meanwhile (now {task.status} v{task.version})"
        )
    now = clock.utcnow()
    if decision is TaskDecision.LINK:
        await _link(session, task)
        task.status = "LINKED"
    else:
        repository.add_not_a_match(
            session,
            [
                NotAMatch(
                    entity_type=PERSON,
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
    )
    await session.flush()
    return task


async def _link(session: AsyncSession, task: MatchTask) -> None:
    candidate = await active_person(session, task.candidate_master_id, None)
    holder = await active_person(session, task.record_master_id, None)
    await source_repository.move(session, [task.source_record_id], candidate.id, "steward_link")
    remaining = await source_repository.xrefs_of(session, PERSON, holder.id)
    if not remaining:
        await retire(session, holder, candidate.id, clock.utcnow())
    communes = await reference.communes(session)
    await recompute(session, [candidate.id, holder.id], communes)
