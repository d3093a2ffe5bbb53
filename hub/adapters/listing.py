"""Pages of runs and dead letters, and each adapter's last run, for the API: newest first,
keyed by id (UUIDv7 ids grow with time, so the id is the cursor)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.adapters.models import DeadLetter, SyncRun
from hub.kit.pagination import Page, PageRequest

_r: Any = SyncRun
_d: Any = DeadLetter


async def runs_page(session: AsyncSession, adapter: str | None, page: PageRequest) -> Page[SyncRun]:
    """The runs (of one adapter, or of all), newest first."""
    filters = [] if adapter is None else [_r.adapter == adapter]
    return await _page(session, SyncRun, _r, filters, page)


async def dead_letters_page(
    session: AsyncSession, adapter: str | None, status: str | None, page: PageRequest
) -> Page[DeadLetter]:
    """The dead letters (of one adapter, of one status), newest first."""
    filters = [] if adapter is None else [_d.adapter == adapter]
    if status is not None:
        filters.append(_d.status == status)
    return await _page(session, DeadLetter, _d, filters, page)


async def last_runs(session: AsyncSession, adapters: Sequence[str]) -> dict[str, SyncRun]:
    """The latest run of each of these adapters that ran."""
    found: dict[str, SyncRun] = {}
    for name in adapters:
        run = await session.scalar(
            select(SyncRun).where(_r.adapter == name).order_by(_r.started_at.desc()).limit(1)
        )
        if run is not None:
            found[name] = run
    return found


async def open_dead_letters(session: AsyncSession, adapters: Sequence[str]) -> dict[str, int]:
    """How many open dead letters each adapter has."""
    rows = await session.execute(
        select(_d.adapter, func.count())
        .where(_d.adapter.in_(adapters), _d.status == "OPEN")
        .group_by(_d.adapter)
    )
    return {name: int(count) for name, count in rows.all()}


async def _page(
    session: AsyncSession, model: type[Any], table: Any, filters: list[Any], page: PageRequest
) -> Page[Any]:
    statement = select(model).where(*filters)
    if page.after is not None:
        statement = statement.where(table.id < page.after)
    rows = list(
        (await session.execute(statement.order_by(table.id.desc()).limit(page.first + 1))).scalars()
    )
    total = await session.scalar(select(func.count()).select_from(model).where(*filters))
    return Page(
        items=rows[: page.first], total_count=int(total or 0), has_next_page=len(rows) > page.first
    )
