"""All SQL of browsing the registry for the API: filtered pages of masters, versions of many
masters at once, the ids merged into a master, and the sizes of the steward's lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.person.models import Person
from hub.registry.pipeline.golden_models import GoldenVersion, QualityIssue
from hub.registry.pipeline.match_task_models import MatchTask

_p: Any = Person
_org: Any = Organization
_v: Any = GoldenVersion


def _persons(
    *,
    citizen_id: str | None,
    birth_date: date | None,
    commune_codes: Sequence[str],
    name_range: tuple[str, str] | None,
) -> Select[Any]:
    query = select(Person).where(_p.merged_into_id.is_(None))
    if name_range is not None:
        # One index range per key order; both databases combine the two (OR of indexes).
        low, high = name_range
        query = query.where(
            or_(
                and_(_p.full_name_folded >= low, _p.full_name_folded < high),
                and_(_p.given_first_folded >= low, _p.given_first_folded < high),
            )
        )
    if citizen_id is not None:
        query = query.where(_p.citizen_id == citizen_id)
    if birth_date is not None:
        query = query.where(_p.birth_date == birth_date)
    if commune_codes:
        query = query.where(_p.address_commune_code.in_(commune_codes))
    return query


async def persons_after(
    session: AsyncSession,
    *,
    citizen_id: str | None,
    birth_date: date | None,
    commune_codes: Sequence[str],
    name_range: tuple[str, str] | None,
    after_id: str | None,
    limit: int,
) -> list[Person]:
    """Return up to ``limit`` active persons matching the filters, by id, after ``after_id``.

    ``name_range`` is ``[low, high)`` of a name key (``name_keys.prefix_bounds``): a person
    matches when either of their name keys falls in it.
    """
    query = _persons(
        citizen_id=citizen_id,
        birth_date=birth_date,
        commune_codes=commune_codes,
        name_range=name_range,
    )
    if after_id is not None:
        query = query.where(_p.id > after_id)
    result = await session.execute(query.order_by(_p.id).limit(limit))
    return list(result.scalars())


async def count_persons(
    session: AsyncSession,
    *,
    citizen_id: str | None,
    birth_date: date | None,
    commune_codes: Sequence[str],
    name_range: tuple[str, str] | None,
) -> int:
    """Return how many active persons match the filters (as ``persons_after``)."""
    inner = _persons(
        citizen_id=citizen_id,
        birth_date=birth_date,
        commune_codes=commune_codes,
        name_range=name_range,
    ).subquery()
    result = await session.execute(select(func.count()).select_from(inner))
    return int(result.scalar_one())


async def organizations_after(
    session: AsyncSession, *, codes: Sequence[str], after_id: str | None, limit: int
) -> list[Organization]:
    """Return up to ``limit`` active organizations, by id, after ``after_id``; with ``codes``,
    only those whose agency code or tax code is one of them.
    """
    query = select(Organization).where(_org.merged_into_id.is_(None))
    if codes:
        query = query.where(or_(_org.agency_code.in_(codes), _org.tax_code.in_(codes)))
    if after_id is not None:
        query = query.where(_org.id > after_id)
    result = await session.execute(query.order_by(_org.id).limit(limit))
    return list(result.scalars())


async def versions_of(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> dict[str, list[GoldenVersion]]:
    """Return every version of these masters, oldest first, by master id."""
    found: defaultdict[str, list[GoldenVersion]] = defaultdict(list)
    if not master_ids:
        return found
    result = await session.execute(
        select(GoldenVersion)
        .where(_v.entity_type == entity_type, _v.master_id.in_(master_ids))
        .order_by(_v.master_id, _v.version)
    )
    for row in result.scalars():
        found[row.master_id].append(row)
    return found


async def merged_into(
    session: AsyncSession, model: type[Any], survivor_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Return the ids of the masters of table ``model`` merged into each survivor, sorted."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    if not survivor_ids:
        return found
    table: Any = model
    result = await session.execute(
        select(table.merged_into_id, table.id)
        .where(table.merged_into_id.in_(survivor_ids))
        .order_by(table.id)
    )
    for survivor, loser in result.all():
        found[survivor].append(loser)
    return found


async def count_match_tasks(session: AsyncSession, entity_type: str, status: str | None) -> int:
    """Return how many match tasks (of this status) there are."""
    task: Any = MatchTask
    query = select(func.count()).select_from(MatchTask).where(task.entity_type == entity_type)
    if status is not None:
        query = query.where(task.status == status)
    return int((await session.execute(query)).scalar_one())


async def count_issues(
    session: AsyncSession, entity_type: str, *, kind: str | None, include_resolved: bool
) -> int:
    """Return how many quality issues ``golden_repository.list_issues`` would page through."""
    issue: Any = QualityIssue
    query = select(func.count()).select_from(QualityIssue).where(issue.entity_type == entity_type)
    if kind is not None:
        query = query.where(issue.kind == kind)
    if not include_resolved:
        query = query.where(issue.resolved_at.is_(None))
    return int((await session.execute(query)).scalar_one())
