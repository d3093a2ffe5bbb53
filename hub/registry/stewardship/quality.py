"""Data-quality issues for stewards, and quality figures per source system, for every kind of
master.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hub.principals.principal import Principal
from hub.registry.browse import repository as browse_repository
from hub.registry.pipeline import golden_repository, source_repository
from hub.registry.pipeline.golden_models import QualityIssue
from hub.registry.stewardship.access import require_steward
from hub.registry.stewardship.masters import kind_of

MAX_PAGE = 100


@dataclass(frozen=True)
class SourceQuality:
    """Quality figures of one source system's records of one kind of master.

    ``completeness`` is the share of the kind's attributes with a valid value, over all
    records; ``validity`` the share of records without a validation error; ``conflicts`` the
    number of open conflicts in which the system's value takes part.
    """

    system: str
    records: int
    flagged: int
    completeness: float
    validity: float
    conflicts: int


async def list_quality_issues(
    session: AsyncSession,
    principal: Principal,
    *,
    entity_type: str,
    kind: str | None = None,
    master_id: str | None = None,
    include_resolved: bool = False,
    first: int = 50,
    offset: int = 0,
) -> list[QualityIssue]:
    """Return data-quality issues of one kind of master, newest first (open ones unless
    ``include_resolved``); ``kind`` filters by issue kind (``CONFLICT``, ...), ``master_id``
    by master.
    """
    require_steward(principal)
    entity = kind_of(entity_type)
    return await golden_repository.list_issues(
        session,
        entity.entity_type,
        kind=kind,
        master_id=master_id,
        include_resolved=include_resolved,
        limit=min(max(first, 0), MAX_PAGE),
        offset=max(offset, 0),
    )


async def count_quality_issues(
    session: AsyncSession,
    principal: Principal,
    *,
    entity_type: str,
    kind: str | None = None,
    include_resolved: bool = False,
) -> int:
    """Return how many issues ``list_quality_issues`` pages through (without a master)."""
    require_steward(principal)
    entity = kind_of(entity_type)
    return await browse_repository.count_issues(
        session, entity.entity_type, kind=kind, include_resolved=include_resolved
    )


async def source_quality(
    session: AsyncSession, principal: Principal, *, entity_type: str
) -> list[SourceQuality]:
    """Return quality figures of every source system sending records of one kind of master,
    by system name.
    """
    require_steward(principal)
    entity = kind_of(entity_type)
    attributes = entity.attributes
    records: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    filled: defaultdict[str, int] = defaultdict(int)
    for system, values, status in await source_repository.records_by_system(
        session, entity.entity_type
    ):
        records[system] += 1
        flagged[system] += status != "VALID"
        filled[system] += sum(1 for a in attributes if values.get(a) is not None)
    conflicts: Counter[str] = Counter()
    for detail in await golden_repository.conflict_systems(session, entity.entity_type):
        for system in {v["system"] for v in detail.get("values", ())}:
            conflicts[system] += 1
    return [
        SourceQuality(
            system=system,
            records=count,
            flagged=flagged[system],
            completeness=round(filled[system] / (count * len(attributes)), 4),
            validity=round(1 - flagged[system] / count, 4),
            conflicts=conflicts[system],
        )
        for system, count in sorted(records.items())
    ]
