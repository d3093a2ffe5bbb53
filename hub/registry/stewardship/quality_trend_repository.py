"""All SQL of the data-quality overview: open issues by kind and by system, new ones by day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.pipeline.golden_models import QualityIssue


async def open_counts(
    session: AsyncSession, entity_type: str, column: str
) -> list[tuple[str, int]]:
    """Return (value of ``column``, open issues) of one kind of master, most first."""
    q: Any = QualityIssue
    key = getattr(q, column)
    result = await session.execute(
        select(key, func.count())
        .where(q.entity_type == entity_type, q.resolved_at.is_(None))
        .group_by(key)
        .order_by(func.count().desc())
    )
    return [(str(value or "—"), int(count)) for value, count in result.all()]


async def opened_since(session: AsyncSession, entity_type: str, since: datetime) -> list[datetime]:
    """Return when each issue of one kind opened since ``since`` was opened (at most 100,000)."""
    q: Any = QualityIssue
    result = await session.execute(
        select(q.opened_at)
        .where(q.entity_type == entity_type, q.opened_at >= since)
        .order_by(q.opened_at)
        .limit(100_000)
    )
    return [row for row in result.scalars()]


def day_of(moment: datetime) -> date:
    """The UTC day of a timestamp."""
    return moment.date()
