"""Code-list use cases: import, look up on a date, search, follow crosswalks.

Reference data is open data, so the read functions take no principal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid
from hub.kit.pagination import Page, PageRequest, encode_cursor
from hub.kit.text import fold
from hub.registry.codelists import repository
from hub.registry.codelists.imported import ImportedList
from hub.registry.codelists.models import (
    AdminLevel,
    Code,
    CodeList,
    CodeListVersion,
    Crosswalk,
)

MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class ImportReport:
    """What an import stored."""

    list_id: str
    codes: int
    crosswalks: int
    warnings: list[str]


async def import_list(session: AsyncSession, imported: ImportedList) -> ImportReport:
    """Store ``imported``, replacing any earlier import of the same list, in one transaction."""
    if not imported.codes:
        raise Invalid(f"code list {imported.id!r} has no codes")
    versions = {v.version for v in imported.versions}
    for code in imported.codes:
        if code.version not in versions:
            raise Invalid(f"code {code.code!r} refers to unknown version {code.version!r}")
        if code.valid_from and code.valid_to and code.valid_to <= code.valid_from:
            raise Invalid(f"code {code.code!r}: valid_to must be after valid_from")
    await repository.delete_list(session, imported.id)
    await repository.insert_list(session, imported, {c.name: fold(c.name) for c in imported.codes})
    return ImportReport(
        imported.id, len(imported.codes), len(imported.crosswalks), imported.warnings
    )


async def code_lists(session: AsyncSession) -> list[CodeList]:
    """Return every code list."""
    return await repository.list_code_lists(session)


async def code_list(session: AsyncSession, list_id: str) -> CodeList | None:
    """Return the code list ``list_id`` or ``None``."""
    return await repository.get_code_list(session, list_id)


async def versions(
    session: AsyncSession, list_ids: Sequence[str]
) -> dict[str, list[CodeListVersion]]:
    """Return the versions of each list, oldest first."""
    return await repository.versions_of(session, list_ids)


async def find(session: AsyncSession, list_id: str, code: str, as_of: date) -> Code | None:
    """Return the code ``code`` of ``list_id`` valid on ``as_of``, or ``None``."""
    found = await repository.find_codes(session, list_id, [(code, as_of)])
    return found.get((code, as_of))


async def find_many(
    session: AsyncSession, list_id: str, keys: Sequence[tuple[str, date]]
) -> list[Code | None]:
    """Return the code valid on each date for each ``(code, date)``, in order (dataloaders)."""
    found = await repository.find_codes(session, list_id, keys)
    return [found.get(key) for key in keys]


async def history(session: AsyncSession, list_id: str, code: str) -> list[Code]:
    """Return every meaning ``code`` has had, oldest first."""
    return await repository.codes_ever(session, list_id, code)


def search_key(search: str | None) -> str | None:
    """Fold a user's search text; ``Invalid`` if it is too long."""
    if search is None:
        return None
    if len(search) > MAX_SEARCH_LENGTH:
        raise Invalid(
            f"Argument 'search' must be at most {MAX_SEARCH_LENGTH} characters", argument="search"
        )
    return fold(search) or None


async def page(
    session: AsyncSession,
    list_id: str,
    as_of: date,
    request: PageRequest,
    *,
    level: AdminLevel | None = None,
    parent_code: str | None = None,
    search: str | None = None,
) -> Page[Code]:
    """Return one page of the codes valid on ``as_of`` matching the filters, in code order."""
    key = search_key(search)
    items, has_next = await repository.page_codes(
        session,
        list_id,
        as_of,
        level=level,
        parent_code=parent_code,
        search_key=key,
        first=request.first,
        after=request.after,
    )
    total = await repository.count_codes(
        session, list_id, as_of, level=level, parent_code=parent_code, search_key=key
    )
    return Page(items=items, total_count=total, has_next_page=has_next)


def cursor_of(code: Code) -> str:
    """Return the pagination cursor of ``code``."""
    return encode_cursor(code.code)


async def crosswalks_from(
    session: AsyncSession, list_id: str, code: str, ended: date
) -> list[Crosswalk]:
    """Return the links from ``code``, which ended on ``ended``, to its successors, default
    first.
    """
    return await repository.crosswalks_from(session, list_id, [(code, ended)])


async def successor_links(
    session: AsyncSession, units: Sequence[Code]
) -> dict[tuple[str, date], list[Crosswalk]]:
    """Return, per ``(code, valid_to)`` of each ended unit, the links to its successors."""
    keys = [(u.code, u.valid_to) for u in units if u.valid_to is not None]
    links = await repository.crosswalks_from(session, units[0].list_id, keys) if keys else []
    grouped: dict[tuple[str, date], list[Crosswalk]] = {k: [] for k in keys}
    for link in links:
        grouped[(link.old_code, link.effective_date)].append(link)
    return grouped


async def predecessor_links(
    session: AsyncSession, units: Sequence[Code]
) -> dict[tuple[str, date], list[Crosswalk]]:
    """Return, per ``(code, valid_from)`` of each unit, the links from its predecessors."""
    keys = [(u.code, u.valid_from) for u in units if u.valid_from is not None]
    links = await repository.crosswalks_to(session, units[0].list_id, keys) if keys else []
    grouped: dict[tuple[str, date], list[Crosswalk]] = {k: [] for k in keys}
    for link in links:
        grouped[(link.new_code, link.effective_date)].append(link)
    return grouped


def day_before(day: date) -> date:
    """Return the last day on which a unit that ended on ``day`` (exclusive) was valid."""
    return day - timedelta(days=1)
