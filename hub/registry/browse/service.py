"""Browsing the registry for the API: filtered pages of persons and organizations, lookup of an
organization by any of its codes, and the history of masters as a list of changes.

Authorisation and the access log belong to the GraphQL layer, as for ``service``; these take the
session first. Person names are searched by prefix of their stored folded keys
(``name_keys``), an index range; organization names are still folded in Python over the rows the
codes leave (no folded name is stored for them); see docs/master-records.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.kit.pagination import Page, PageRequest
from hub.kit.text import fold
from hub.registry.browse import repository as browse_repository
from hub.registry.identifiers import validate_agency_code, validate_tax_code
from hub.registry.kinds.organization.models import Organization
from hub.registry.kinds.person import PERSON
from hub.registry.kinds.person.models import Person
from hub.registry.kinds.person.name_keys import name_key, prefix_bounds
from hub.registry.pipeline import golden_repository, reference
from hub.registry.pipeline.golden_models import GoldenVersion

SCAN_BATCH = 500
MasterT = TypeVar("MasterT", Person, Organization)
Fetch = Callable[[str | None, int], Awaitable[list[MasterT]]]


@dataclass(frozen=True)
class PersonFilter:
    """What ``search_persons`` filters on; every given filter must hold.

    ``name`` matches a person whose folded name, family name first or given name first,
    starts with the folded ``name`` (``"nguyen van"`` and ``"NGUYỄN  văn"`` find
    ``Nguyễn Văn An``; so does ``"an"``).
    """

    citizen_id: str | None = None
    name: str | None = None
    birth_date: date | None = None
    commune_code: str | None = None


@dataclass(frozen=True)
class VersionChange:
    """One version of a master: its times, its kind of change and the attributes it changed.

    ``changed`` lists the attributes whose value differs from the version before (for the first
    version, those it set).
    """

    version: int
    change: str
    valid_from: datetime
    recorded_at: datetime
    changed: tuple[str, ...]
    merged_into_id: str | None


async def search_persons(
    session: AsyncSession, criteria: PersonFilter, request: PageRequest
) -> Page[Person]:
    """Return a page of active persons matching ``criteria``, ordered by registry id.

    Raises ``Invalid`` (argument ``name``) for a name with no letter or digit to search by.
    """
    codes = await _same_place(session, criteria.commune_code)
    name_range = None if criteria.name is None else _name_range(criteria.name)
    filters: dict[str, Any] = {
        "citizen_id": criteria.citizen_id,
        "birth_date": criteria.birth_date,
        "commune_codes": codes,
        "name_range": name_range,
    }

    async def fetch(after_id: str | None, limit: int) -> list[Person]:
        return await browse_repository.persons_after(
            session, **filters, after_id=after_id, limit=limit
        )

    total = await browse_repository.count_persons(session, **filters)
    return await _keyset_page(fetch, request, total)


async def search_organizations(
    session: AsyncSession, search: str | None, request: PageRequest
) -> Page[Organization]:
    """Return a page of active organizations, ordered by registry id: all of them, those with
    ``search`` as agency code (either form) or tax code, or else those whose folded name holds
    every folded word of ``search``.
    """
    codes = _codes(search) if search else []

    async def fetch(after_id: str | None, limit: int) -> list[Organization]:
        return await browse_repository.organizations_after(
            session, codes=codes, after_id=after_id, limit=limit
        )

    if not search or codes:
        return await _scanned_page(fetch, lambda o: True, request)
    words = set(fold(search).split())
    return await _scanned_page(fetch, lambda o: words <= set(fold(o.name).split()), request)


async def find_organization(session: AsyncSession, code: str) -> Organization | None:
    """Return the active organization with this agency code (``G12.18`` or ``000.00.18.G12``)
    or tax code; ``None`` when no organization has it.
    """
    for attribute, value in _code_columns(code):
        owners = await golden_repository.owners(session, Organization, attribute, [value])
        if value in owners:
            found = await golden_repository.masters(session, Organization, [owners[value]])
            organization: Organization | None = found.get(owners[value])
            if organization is not None and organization.merged_into_id is None:
                return organization
    return None


async def histories(
    session: AsyncSession, entity_type: str, master_ids: Sequence[str]
) -> dict[str, list[VersionChange]]:
    """Return the versions of these masters, newest first, by master id (for dataloaders)."""
    found = await browse_repository.versions_of(session, entity_type, master_ids)
    return {master_id: changes(found.get(master_id, [])) for master_id in master_ids}


def changes(versions: Sequence[GoldenVersion]) -> list[VersionChange]:
    """Turn versions, oldest first, into changes, newest first."""
    result: list[VersionChange] = []
    before: dict[str, Any] = {}
    for row in versions:
        names = sorted(set(before) | set(row.values))
        changed = tuple(n for n in names if before.get(n) != row.values.get(n))
        result.append(
            VersionChange(
                version=row.version,
                change=row.change,
                valid_from=row.valid_from,
                recorded_at=row.recorded_at,
                changed=changed,
                merged_into_id=row.merged_into_id,
            )
        )
        # A redirect's version stores no values: it changes nothing, and hides nothing after.
        if row.values:
            before = dict(row.values)
    result.reverse()
    return result


async def merged_ids(
    session: AsyncSession, model: type[Any], survivor_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Return the ids of the masters merged into each survivor (they redirect to it)."""
    found = await browse_repository.merged_into(session, model, survivor_ids)
    return {survivor: found.get(survivor, []) for survivor in survivor_ids}


async def count_match_tasks(session: AsyncSession, status: str | None) -> int:
    """Return how many person match tasks (of this status) there are, for paging."""
    return await browse_repository.count_match_tasks(session, PERSON, status)


async def count_quality_issues(
    session: AsyncSession, *, kind: str | None, include_resolved: bool
) -> int:
    """Return how many person quality issues there are (open ones unless asked), for paging."""
    return await browse_repository.count_issues(
        session, PERSON, kind=kind, include_resolved=include_resolved
    )


def _name_range(name: str) -> tuple[str, str]:
    key = name_key(name)
    if not key:
        raise Invalid("Argument 'name' must contain a letter or a digit", argument="name")
    return prefix_bounds(key)


def _code_columns(code: str) -> list[tuple[str, str]]:
    agency = validate_agency_code(code)
    if agency.valid and agency.normalized is not None:
        return [("agency_code", agency.normalized)]
    tax = validate_tax_code(code)
    if tax.valid and tax.normalized is not None:
        return [("tax_code", tax.normalized)]
    return []


def _codes(search: str) -> list[str]:
    return [value for _, value in _code_columns(search.strip())]


async def same_place(session: AsyncSession, code: str | None) -> list[str]:
    """The commune codes ``persons`` filters by for ``code``: with its successors and
    predecessors (for the compiled read path)."""
    return await _same_place(session, code)


async def _same_place(session: AsyncSession, code: str | None) -> list[str]:
    """The commune code with its 2025 successors and predecessors: the same place."""
    if code is None:
        return []
    pairs = (await reference.communes(session)).pairs
    return sorted(
        {code}
        | {new for old, new in pairs if old == code}
        | {old for old, new in pairs if new == code}
    )


async def _keyset_page(fetch: Fetch[MasterT], request: PageRequest, total: int) -> Page[MasterT]:
    items = await fetch(request.after, request.first + 1) if request.first else []
    return Page(
        items=items[: request.first], total_count=total, has_next_page=len(items) > request.first
    )


async def _scanned_page(
    fetch: Fetch[MasterT], keep: Callable[[MasterT], bool], request: PageRequest
) -> Page[MasterT]:
    # The total needs every match, so the scan reads every row the SQL filters leave.
    total = 0
    items: list[MasterT] = []
    cursor: str | None = None
    while True:
        batch = await fetch(cursor, SCAN_BATCH)
        for master in batch:
            if not keep(master):
                continue
            total += 1
            after = request.after is None or master.id > request.after
            if after and len(items) <= request.first:
                items.append(master)
        if len(batch) < SCAN_BATCH:
            break
        cursor = batch[-1].id
    return Page(
        items=items[: request.first], total_count=total, has_next_page=len(items) > request.first
    )
