"""The data-quality overview for stewards: open issues by rule (kind) and by source system, and
the issues opened per day over a period, for a chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hub.kit import clock
from hub.principals.principal import Principal
from hub.registry.stewardship import quality_trend_repository as repository
from hub.registry.stewardship.access import require_steward
from hub.registry.stewardship.masters import kind_of


@dataclass(frozen=True)
class QualityOverview:
    """Open issues by kind and by system; new issues per day, oldest day first."""

    by_kind: list[tuple[str, int]]
    by_system: list[tuple[str, int]]
    per_day: list[tuple[date, int]]


async def quality_overview(
    session: AsyncSession, principal: Principal, *, entity_type: str, days: int = 30
) -> QualityOverview:
    """Return the overview of one kind of master over the last ``days`` days."""
    require_steward(principal)
    kind = kind_of(entity_type)
    today = clock.utcnow().date()
    first = today - timedelta(days=days - 1)
    counts = {first + timedelta(days=n): 0 for n in range(days)}
    since = clock.utcnow() - timedelta(days=days)
    for opened in await repository.opened_since(session, kind.entity_type, since):
        day = repository.day_of(opened)
        if day in counts:
            counts[day] += 1
    return QualityOverview(
        by_kind=await repository.open_counts(session, kind.entity_type, "kind"),
        by_system=await repository.open_counts(session, kind.entity_type, "system"),
        per_day=sorted(counts.items()),
    )
