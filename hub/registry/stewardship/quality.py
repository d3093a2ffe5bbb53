"""Data-quality issues for stewards, and quality figures per source system."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.principal import Principal
from hub.registry.records import golden_repository, source_repository
from hub.registry.records.golden_models import QualityIssue
from hub.registry.records.inputs import PERSON
from hub.registry.records.person_validation import PERSON_ATTRIBUTES
from hub.registry.stewardship.access import require_steward

MAX_PAGE = 100


@dataclass(frozen=True)
class SourceQuality:
    """Quality figures of one source system's person records.

    ``completeness`` is the share of person attributes with a valid value, over all records;
    ``validity`` the share of records without a validation error; ``conflicts`` the number of
    open conflicts in which the system's value takes part.
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
    kind: str | None = None,
    person_id: str | None = None,
    include_resolved: bool = False,
    first: int = 50,
    offset: int = 0,
) -> list[QualityIssue]:
    """Return data-quality issues, newest first (open ones unless ``include_resolved``)."""
    require_steward(principal)
    return await golden_repository.list_issues(
        session,
        PERSON,
        kind=kind,
        master_id=person_id,
        include_resolved=include_resolved,
        limit=min(max(first, 0), MAX_PAGE),
        offset=max(offset, 0),
    )


async def source_quality(session: AsyncSession, principal: Principal) -> list[SourceQuality]:
    """Return quality figures for every source system, by system name."""
    require_steward(principal)
    records: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    filled: defaultdict[str, int] = defaultdict(int)
    for system, attributes, status in await source_repository.records_by_system(session, PERSON):
        records[system] += 1
        flagged[system] += status != "VALID"
        filled[system] += sum(1 for a in PERSON_ATTRIBUTES if attributes.get(a) is not None)
    conflicts: Counter[str] = Counter()
    for detail in await golden_repository.conflict_systems(session, PERSON):
        for system in {v["system"] for v in detail.get("values", ())}:
            conflicts[system] += 1
    return [
        SourceQuality(
            system=system,
            records=count,
            flagged=flagged[system],
            completeness=round(filled[system] / (count * len(PERSON_ATTRIBUTES)), 4),
            validity=round(1 - flagged[system] / count, 4),
            conflicts=conflicts[system],
        )
        for system, count in sorted(records.items())
    ]
