"""All SQL of the code lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.codelists.imported import ImportedList
from hub.registry.codelists.models import (
    AdminLevel,
    Code,
    CodeList,
    CodeListVersion,
    Crosswalk,
)

_INSERT_BATCH = 2000
_c = Code.__table__.c  # type: ignore[attr-defined]
_x = Crosswalk.__table__.c  # type: ignore[attr-defined]


def valid_on(as_of: date) -> ColumnElement[bool]:
    """SQL condition: the code is valid on ``as_of`` (half-open ``[valid_from, valid_to)``)."""
    return and_(
        or_(_c.valid_from.is_(None), _c.valid_from <= as_of),
        or_(_c.valid_to.is_(None), _c.valid_to > as_of),
    )


async def delete_list(session: AsyncSession, list_id: str) -> None:
    """Remove a list and everything in it."""
    await session.execute(delete(Crosswalk).where(_x.list_id == list_id))
    await session.execute(delete(Code).where(_c.list_id == list_id))
    await session.execute(
        delete(CodeListVersion).where(CodeListVersion.list_id == list_id)  # type: ignore[arg-type]
    )
    await session.execute(delete(CodeList).where(CodeList.id == list_id))  # type: ignore[arg-type]


async def insert_list(
    session: AsyncSession, imported: ImportedList, search_keys: dict[str, str]
) -> None:
    """Insert a whole list; ``search_keys`` maps each name to its folded search key."""
    session.add(
        CodeList(
            id=imported.id,
            name=imported.name,
            name_en=imported.name_en,
            source=imported.source,
            source_url=imported.source_url,
            licence=imported.licence,
            notes=imported.notes,
        )
    )
    version_ids: dict[str, int] = {}
    for version in imported.versions:
        row = CodeListVersion(
            list_id=imported.id,
            version=version.version,
            valid_from=version.valid_from,
            source=version.source,
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        version_ids[version.version] = row.id
    code_rows = [
        {
            "list_id": imported.id,
            "version_id": version_ids[c.version],
            "code": c.code,
            "name": c.name,
            "name_en": c.name_en,
            "search_key": search_keys[c.name],
            "level": c.level,
            "kind": c.kind,
            "parent_code": c.parent_code,
            "valid_from": c.valid_from,
            "valid_to": c.valid_to,
        }
        for c in imported.codes
    ]
    await _insert_batches(session, Code, code_rows)
    crosswalk_rows = [
        {
            "list_id": imported.id,
            "old_code": x.old_code,
            "new_code": x.new_code,
            "effective_date": x.effective_date,
            "relation": x.relation,
            "is_default": x.is_default,
        }
        for x in imported.crosswalks
    ]
    await _insert_batches(session, Crosswalk, crosswalk_rows)


async def _insert_batches(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _INSERT_BATCH):
        await session.execute(insert(table), rows[start : start + _INSERT_BATCH])


async def list_code_lists(session: AsyncSession) -> list[CodeList]:
    """Return every code list ordered by id."""
    result = await session.execute(select(CodeList).order_by(CodeList.id))
    return list(result.scalars())


async def get_code_list(session: AsyncSession, list_id: str) -> CodeList | None:
    """Return one code list or ``None``."""
    return await session.get(CodeList, list_id)


async def versions_of(
    session: AsyncSession, list_ids: Sequence[str]
) -> dict[str, list[CodeListVersion]]:
    """Return the versions of each list, oldest first."""
    result = await session.execute(
        select(CodeListVersion)
        .where(CodeListVersion.list_id.in_(list_ids))  # type: ignore[attr-defined]
        .order_by(CodeListVersion.id)  # type: ignore[arg-type]
    )
    found: dict[str, list[CodeListVersion]] = defaultdict(list)
    for version in result.scalars():
        found[version.list_id].append(version)
    return found


async def find_codes(
    session: AsyncSession, list_id: str, keys: Iterable[tuple[str, date]]
) -> dict[tuple[str, date], Code]:
    """Return the code valid on each date, for many ``(code, date)`` keys at once.

    One statement per distinct date: pages of units are nearly always read on one date.
    """
    by_date: dict[date, set[str]] = defaultdict(set)
    for code, as_of in keys:
        by_date[as_of].add(code)
    found: dict[tuple[str, date], Code] = {}
    for as_of, codes in by_date.items():
        result = await session.execute(
            select(Code).where(_c.list_id == list_id, _c.code.in_(codes), valid_on(as_of))
        )
        for row in result.scalars():
            found[(row.code, as_of)] = row
    return found


async def codes_ever(session: AsyncSession, list_id: str, code: str) -> list[Code]:
    """Return every code row that ever had ``code``, oldest first (open start first)."""
    result = await session.execute(
        select(Code)
        .where(_c.list_id == list_id, _c.code == code)
        .order_by(_c.valid_from.is_not(None), _c.valid_from)
    )
    return list(result.scalars())


def _filters(
    list_id: str,
    as_of: date,
    level: AdminLevel | None,
    parent_code: str | None,
    search_key: str | None,
) -> list[ColumnElement[bool]]:
    conditions = [_c.list_id == list_id, valid_on(as_of)]
    if level is not None:
        conditions.append(_c.level == level)
    if parent_code is not None:
        conditions.append(_c.parent_code == parent_code)
    if search_key:
        escaped = search_key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(
            or_(_c.search_key.like(f"%{escaped}%", escape="\\"), _c.code == search_key)
        )
    return conditions


async def page_codes(
    session: AsyncSession,
    list_id: str,
    as_of: date,
    *,
    level: AdminLevel | None = None,
    parent_code: str | None = None,
    search_key: str | None = None,
    first: int,
    after: str | None,
) -> tuple[list[Code], bool]:
    """Return up to ``first`` codes after the code ``after`` in code order, and whether more follow."""
    conditions = _filters(list_id, as_of, level, parent_code, search_key)
    if after is not None:
        conditions.append(_c.code > after)
    result = await session.execute(
        select(Code).where(*conditions).order_by(_c.code).limit(first + 1)
    )
    rows = list(result.scalars())
    return rows[:first], len(rows) > first


async def count_codes(
    session: AsyncSession,
    list_id: str,
    as_of: date,
    *,
    level: AdminLevel | None = None,
    parent_code: str | None = None,
    search_key: str | None = None,
) -> int:
    """Return how many codes match the filters of ``page_codes``."""
    conditions = _filters(list_id, as_of, level, parent_code, search_key)
    result = await session.execute(select(func.count()).select_from(Code).where(*conditions))
    return int(result.scalar_one())


async def crosswalks_from(
    session: AsyncSession, list_id: str, keys: Iterable[tuple[str, date]]
) -> list[Crosswalk]:
    """Return the links leaving each ``(old code, effective date)``."""
    return await _crosswalks(session, list_id, keys, _x.old_code)


async def crosswalks_to(
    session: AsyncSession, list_id: str, keys: Iterable[tuple[str, date]]
) -> list[Crosswalk]:
    """Return the links arriving at each ``(new code, effective date)``."""
    return await _crosswalks(session, list_id, keys, _x.new_code)


async def _crosswalks(
    session: AsyncSession, list_id: str, keys: Iterable[tuple[str, date]], column: Any
) -> list[Crosswalk]:
    by_date: dict[date, set[str]] = defaultdict(set)
    for code, effective in keys:
        by_date[effective].add(code)
    found: list[Crosswalk] = []
    for effective, codes in by_date.items():
        result = await session.execute(
            select(Crosswalk)
            .where(_x.list_id == list_id, _x.effective_date == effective, column.in_(codes))
            .order_by(_x.is_default.desc(), _x.old_code, _x.new_code)
        )
        found.extend(result.scalars())
    return found
