"""Reading and writing the runs and checkpoints of the sync runner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.adapters.models import SyncRun, SyncState
from hub.db import Database
from hub.kit.clock import utcnow
from hub.registry.pipeline.inputs import IngestReport

_COUNTS = (
    "records_read",
    "created",
    "updated",
    "unchanged",
    "flagged",
    "dead_lettered",
    "retired",
)


async def states(database: Database, adapter: str) -> dict[str, dict[str, Any]]:
    """Return the adapter's checkpoints by stream."""
    async with database.session() as session:
        rows = await session.execute(select(SyncState).where(SyncState.adapter == adapter))  # type: ignore[arg-type]
        return {row.stream: dict(row.state) for row in rows.scalars()}


async def start(
    database: Database,
    adapter: str,
    full_refresh: bool,
    before: Mapping[str, Any],
    *,
    abandon_others: bool = True,
) -> SyncRun:
    """Record a new running run; runs of the adapter still marked running were cut off (the
    lease is ours now, so their process is gone) and are marked abandoned, unless
    ``abandon_others`` is off (pushes hold no lease and may run side by side)."""
    run = SyncRun(
        adapter=adapter,
        status="RUNNING",
        full_refresh=full_refresh,
        checkpoint_before=dict(before),
        checkpoint_after=dict(before),
    )
    async with database.transaction() as session:
        if abandon_others:
            await session.execute(
                update(SyncRun)
                .where(SyncRun.adapter == adapter, SyncRun.status == "RUNNING")  # type: ignore[arg-type]
                .values(status="ABANDONED", error="the run stopped without finishing")
            )
        session.add(SyncRun(**run.model_dump()))
    return run


def counted(run: SyncRun, report: IngestReport, read: int, dead: int) -> SyncRun:
    """Return a copy of ``run`` with one batch's counts added."""
    copy = SyncRun(**run.model_dump())
    copy.records_read += read
    copy.created += report.created
    copy.updated += report.updated
    copy.unchanged += report.unchanged
    copy.flagged += report.flagged
    copy.dead_lettered += dead
    copy.retired += report.retired
    return copy


async def save(session: AsyncSession, run: SyncRun) -> None:
    """Write the run's counts and checkpoint in the caller's transaction."""
    await session.execute(
        update(SyncRun)
        .where(SyncRun.id == run.id)  # type: ignore[arg-type]
        .values(
            **{name: getattr(run, name) for name in _COUNTS},
            checkpoint_after=run.checkpoint_after,
        )
    )


def adopt(run: SyncRun, committed: SyncRun) -> None:
    """Take the committed copy's counts and checkpoint into ``run``."""
    for name in (*_COUNTS, "checkpoint_after"):
        setattr(run, name, getattr(committed, name))


async def finish(
    database: Database, run: SyncRun, status: str, seconds: float, error: str | None
) -> None:
    """Record how the run ended."""
    run.status, run.finished_at, run.duration_seconds, run.error = (
        status,
        utcnow(),
        seconds,
        error,
    )
    async with database.transaction() as session:
        await session.execute(
            update(SyncRun)
            .where(SyncRun.id == run.id)  # type: ignore[arg-type]
            .values(
                status=status,
                finished_at=run.finished_at,
                duration_seconds=seconds,
                error=error,
            )
        )


async def recent(database: Database, adapter: str | None, limit: int = 20) -> list[SyncRun]:
    """Return the latest runs, newest first (of one adapter, or of all)."""
    query = select(SyncRun).order_by(SyncRun.started_at.desc()).limit(limit)  # type: ignore[attr-defined]
    if adapter is not None:
        query = query.where(SyncRun.adapter == adapter)  # type: ignore[arg-type]
    async with database.session() as session:
        return list((await session.execute(query)).scalars())
