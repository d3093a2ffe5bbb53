"""All SQL of the access log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    String,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    union_all,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import SQLModel, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from hub.audit.models import AccessAnchor, AccessEntry, RequestLog
from hub.auth.models import Agency, ClientPurpose, Purpose

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])

Executor = AsyncSession | AsyncConnection
"""A request's session, or the group-commit writer's own connection (no ORM on that path)."""

LogRow = tuple[AccessEntry, str | None, str | None, str | None]
"""An entry with its agency's name and its purpose's Vietnamese and English descriptions."""


async def add(session: AsyncSession, rows: Sequence[SQLModel]) -> None:
    """Insert ``rows`` and flush, so that a chain conflict surfaces here."""
    session.add_all(rows)
    await session.flush()


SHARD_LOCK_CLASS = 1_094_926_164
"""First key of the PostgreSQL advisory locks on the access log's shards (the second: shard)."""


def one_writer_at_a_time(session: AsyncSession) -> bool:
    """True on SQLite, whose first write in a transaction locks out every other writer."""
    return session.get_bind().dialect.name == "sqlite"


async def try_lock_shards(session: Executor, shards: Sequence[int]) -> bool:
    """PostgreSQL: take this transaction's lock on each of ``shards`` without waiting.

    False when another transaction holds one of them; the caller then rolls back to its
    savepoint, which releases whichever this call took.
    """
    if not shards:
        return True
    locks = [func.pg_try_advisory_xact_lock(SHARD_LOCK_CLASS, shard) for shard in shards]
    row = (await session.execute(select(*locks))).one()
    return all(row)


def is_locked(error: OperationalError) -> bool:
    """Tell whether SQLite refused a write because another connection holds its lock."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


async def insert_rows(
    session: Executor, table: type[SQLModel], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert ``rows`` (column values) in one statement, without loading them as objects."""
    if isinstance(session, AsyncConnection):
        # A Core insert of the table: the ORM's bulk-insert layer costs more than the insert.
        await session.execute(insert(table.__table__), list(rows))  # type: ignore[attr-defined]
        return
    await session.execute(insert(table), list(rows))


async def remove_entries(session: AsyncSession, request_log_id: str) -> None:
    """Delete the entries a failed attempt of one request wrote."""
    await session.execute(
        delete(AccessEntry).where(col(AccessEntry.request_log_id) == request_log_id)
    )


async def remove_request(session: AsyncSession, request_log_id: str) -> None:
    """Delete a request row whose entries could not be written."""
    await session.execute(delete(RequestLog).where(col(RequestLog.id) == request_log_id))


async def heads(session: Executor, shards: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Return ``(seq, hash)`` of the last entry of each of ``shards`` that has entries."""
    # One "last row by index" lookup per shard, in one statement: a GROUP BY with max() would
    # scan each shard's whole index range, and the chains only grow.
    lasts = [
        select(col(AccessEntry.shard), col(AccessEntry.seq), col(AccessEntry.hash))
        .where(col(AccessEntry.shard) == shard)
        .order_by(col(AccessEntry.seq).desc())
        .limit(1)
        .subquery()
        for shard in shards
    ]
    if not lasts:
        return {}
    statement = union_all(*(select(last) for last in lasts))
    result = await session.execute(statement)
    return {shard: (seq, hash_) for shard, seq, hash_ in result.all()}


async def all_heads(session: AsyncSession) -> dict[int, tuple[int, str]]:
    """Return ``(seq, hash)`` of the last entry of every shard that has entries."""
    shards = (await session.execute(select(col(AccessEntry.shard)).distinct())).scalars().all()
    return await heads(session, list(shards)) if shards else {}


def _visible_to_person(session: AsyncSession, now: datetime) -> ColumnElement[bool]:
    """Entries of a (client, purpose) with a disclosure delay show only once the delay is over."""
    days = col(ClientPurpose.disclosure_delay_days)
    stamp = literal(now, UTCDateTime())
    cutoff: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        cutoff = cast(stamp, DateTime(timezone=True)) - func.make_interval(0, 0, 0, days)
    else:
        # SQLite keeps UTC timestamps as ISO text, which sorts in time order.
        shift = literal("-", String) + cast(days, String) + literal(" days", String)
        cutoff = func.strftime("%Y-%m-%d %H:%M:%f", stamp, shift)
    return or_(days.is_(None), days <= 0, col(AccessEntry.at) <= cutoff)


def _person_log(
    session: AsyncSession, person_id: str, *, include_self: bool, visible_at: datetime | None
) -> list[ColumnElement[bool]]:
    conditions = [col(AccessEntry.person_id) == person_id]
    if not include_self:
        conditions.append(col(AccessEntry.reader_kind) != "CITIZEN")
    if visible_at is not None:
        conditions.append(_visible_to_person(session, visible_at))
    return conditions


def _with_delays(statement: SelectT, visible_at: datetime | None) -> SelectT:
    if visible_at is None:
        return statement
    return statement.outerjoin(
        ClientPurpose,
        and_(
            col(ClientPurpose.client_id) == col(AccessEntry.client_id),
            col(ClientPurpose.purpose_code) == col(AccessEntry.purpose_code),
        ),
    )


async def person_log(
    session: AsyncSession,
    person_id: str,
    *,
    after: tuple[datetime, str] | None,
    limit: int,
    include_self: bool,
    visible_at: datetime | None,
) -> list[LogRow]:
    """Return up to ``limit`` entries about ``person_id``, newest first, after the cursor.

    ``visible_at`` hides entries still within their (client, purpose) disclosure delay at that
    time (the person's own view); ``None`` shows everything (oversight).
    """
    statement = (
        select(
            AccessEntry,
            col(Agency.name),
            col(Purpose.description_vi),
            col(Purpose.description_en),
        )
        .outerjoin(Agency, col(Agency.code) == col(AccessEntry.agency_code))
        .outerjoin(Purpose, col(Purpose.code) == col(AccessEntry.purpose_code))
    )
    conditions = _person_log(session, person_id, include_self=include_self, visible_at=visible_at)
    if after is not None:
        at, entry_id = after
        conditions.append(
            or_(
                col(AccessEntry.at) < at,
                and_(col(AccessEntry.at) == at, col(AccessEntry.id) < entry_id),
            )
        )
    statement = (
        _with_delays(statement, visible_at)
        .where(*conditions)
        .order_by(col(AccessEntry.at).desc(), col(AccessEntry.id).desc())
        .limit(limit)
    )
    result = await session.execute(statement)
    return [(entry, agency, vi, en) for entry, agency, vi, en in result.all()]


async def count_person_log(
    session: AsyncSession, person_id: str, *, include_self: bool, visible_at: datetime | None
) -> int:
    """Return how many entries ``person_log`` pages through."""
    conditions = _person_log(session, person_id, include_self=include_self, visible_at=visible_at)
    statement = _with_delays(select(func.count()).select_from(AccessEntry), visible_at)
    return int((await session.execute(statement.where(*conditions))).scalar_one())


async def chain_page(
    session: AsyncSession, shard: int, *, after_seq: int, limit: int
) -> list[AccessEntry]:
    """Return the entries of ``shard`` after ``after_seq`` in chain order."""
    result = await session.execute(
        select(AccessEntry)
        .where(col(AccessEntry.shard) == shard, col(AccessEntry.seq) > after_seq)
        .order_by(col(AccessEntry.seq))
        .limit(limit)
        # Verification must see the rows as stored, not as this session last loaded them.
        .execution_options(populate_existing=True)
    )
    return list(result.scalars())


async def shards_in_use(session: AsyncSession) -> list[int]:
    """Return the shards that have entries or anchors, in order."""
    with_entries = await session.execute(select(col(AccessEntry.shard)).distinct())
    with_anchors = await session.execute(select(col(AccessAnchor.shard)).distinct())
    return sorted({*with_entries.scalars(), *with_anchors.scalars()})


async def anchors(session: AsyncSession) -> list[AccessAnchor]:
    """Return every anchor, oldest first."""
    result = await session.execute(select(AccessAnchor).order_by(col(AccessAnchor.id)))
    return list(result.scalars())


async def requests_with_wrong_counts(session: AsyncSession) -> list[tuple[str, int, int]]:
    """Return ``(request_log id, entry_count, entries found)`` where the two disagree."""
    found = func.count(col(AccessEntry.id))
    result = await session.execute(
        select(col(RequestLog.id), col(RequestLog.entry_count), found)
        .outerjoin(AccessEntry, col(AccessEntry.request_log_id) == col(RequestLog.id))
        .group_by(col(RequestLog.id), col(RequestLog.entry_count))
        .having(found != col(RequestLog.entry_count))
        .order_by(col(RequestLog.id))
    )
    return [(request, expected, int(actual)) for request, expected, actual in result.all()]


async def orphan_entries(session: AsyncSession) -> list[AccessEntry]:
    """Return entries whose request row is missing."""
    result = await session.execute(
        select(AccessEntry)
        .outerjoin(RequestLog, col(RequestLog.id) == col(AccessEntry.request_log_id))
        .where(col(RequestLog.id).is_(None))
        .order_by(col(AccessEntry.shard), col(AccessEntry.seq))
    )
    return list(result.scalars())
