"""Access-log use cases: append one request's reads, page a person's log, anchor the heads.

Writing: one ``request_log`` row, then one entry per (person, attribute group), each linked
into the chain of its person's shard, all in the caller's transaction (committed at the
request edge with the read it records). Entries are inserted shard by shard in ascending
order, so two writers never wait on each other crosswise.

Writers that extend the same shard take turns. On PostgreSQL each attempt runs in a savepoint
and first takes the transaction's advisory lock on each of its shards (without waiting); when
one is held by another request, the attempt is undone and tried again after a short, growing,
randomised pause. SQLite admits one writer at a time: the request row is inserted first, which
waits for the database's write lock (``busy_timeout``) before the heads are read. Should a chain
still move under a writer (UNIQUE(shard, seq) refuses the fork), the attempt is retried the
same way. After ``RETRY_BUDGET_SECONDS`` the read is refused with ``Unavailable`` (code
``UNAVAILABLE``, "retry"), so that the API returns an error rather than data it could not log.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import repository
from hub.audit.chain import GENESIS, entry_hash, shard_of
from hub.audit.models import AccessAnchor, AccessEntry, RequestLog, new_entry_id
from hub.audit.reads import Read, Reader
from hub.errors import Invalid, Unavailable
from hub.kit.clock import utcnow
from hub.kit.pagination import Page, PageRequest, encode_cursor

BUSY = "The access log is busy, so the data was not returned. Please retry."
RETRY_BUDGET_SECONDS = 8.0
"""No new attempt starts after this long (SQLite's own wait for its lock is 5 s of it)."""
FIRST_PAUSE_SECONDS = 0.005
LONGEST_PAUSE_SECONDS = 0.1
RETRY_AFTER_SECONDS = 1
MAX_OPERATION_NAME = 255
"""Length of the ``operation_name`` columns; longer names (chosen by the client) are cut."""


@dataclass(frozen=True)
class AccessLogItem:
    """An entry as shown to its person or an auditor, with the names it refers to."""

    entry: AccessEntry
    agency_name: str | None
    purpose_description_vi: str | None
    purpose_description_en: str | None


async def append_reads(
    session: AsyncSession,
    reader: Reader,
    reads: list[Read],
    *,
    operation_name: str | None,
    request_id: str | None,
    shards: int,
) -> RequestLog | None:
    """Log ``reads`` by ``reader`` in the session's transaction; nothing when there are none.

    Raises ``Unavailable`` when the log stayed busy for ``RETRY_BUDGET_SECONDS``.
    """
    if not reads:
        return None
    append = (
        _append_holding_the_write_lock
        if repository.one_writer_at_a_time(session)
        else _append_in_savepoint
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RETRY_BUDGET_SECONDS
    for attempt in itertools.count():
        try:
            return await append(session, reader, reads, operation_name, request_id, shards)
        except _Busy:
            pause = random.uniform(0, min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2**attempt))
            if loop.time() + pause > deadline:
                break
            await asyncio.sleep(pause)
    raise Unavailable(BUSY, retry_after_seconds=RETRY_AFTER_SECONDS)


class _Busy(Exception):
    """Another request holds the shards, or moved a chain: this attempt wrote nothing."""


async def _append_in_savepoint(
    session: AsyncSession,
    reader: Reader,
    reads: list[Read],
    operation_name: str | None,
    request_id: str | None,
    shards: int,
) -> RequestLog:
    request = request_row(reader, len(reads), operation_name, request_id)
    try:
        # A savepoint per attempt: a lost turn undoes only this attempt (and releases the shard
        # locks it took), and any other database error leaves the request's transaction usable.
        async with session.begin_nested():
            if not await repository.try_lock_shards(session, _shards_of(reads, shards)):
                raise _Busy
            await repository.insert_rows(session, RequestLog, [request.model_dump()])
            await _link(session, request, reader, reads, shards=shards)
    except IntegrityError:
        raise _Busy from None
    return request


async def _append_holding_the_write_lock(
    session: AsyncSession,
    reader: Reader,
    reads: list[Read],
    operation_name: str | None,
    request_id: str | None,
    shards: int,
) -> RequestLog:
    # SQLite has one writer at a time: inserting the request row first takes the write lock,
    # so no other writer moves a shard head between our reading and extending it. A failed
    # statement leaves an SQLite transaction usable, so no savepoint is needed to try again
    # (it would cost two round trips, and outside a transaction its release commits).
    request = request_row(reader, len(reads), operation_name, request_id)
    try:
        await repository.insert_rows(session, RequestLog, [request.model_dump()])
    except OperationalError as error:
        if repository.is_locked(error):
            # Another writer kept the lock longer than SQLite waits (busy_timeout).
            raise _Busy from None
        raise
    try:
        await _link(session, request, reader, reads, shards=shards)
        return request
    except IntegrityError:
        await repository.remove_entries(session, request.id)
        await repository.remove_request(session, request.id)
        raise _Busy from None
    except Exception:
        await repository.remove_entries(session, request.id)
        await repository.remove_request(session, request.id)
        raise


def _shards_of(reads: list[Read], shards: int) -> list[int]:
    return sorted({shard_of(read.person_id, shards) for read in reads})


def request_row(
    reader: Reader, count: int, operation_name: str | None, request_id: str | None
) -> RequestLog:
    """Return the ``request_log`` row of one request that read ``count`` attribute groups."""
    return RequestLog(
        request_id=request_id,
        at=utcnow(),
        principal_kind=reader.kind,
        client_id=reader.client_id,
        agency_code=reader.agency_code,
        end_user=reader.end_user,
        token_id=reader.token_id,
        # The client names its operation, at any length: a name longer than the column made
        # PostgreSQL refuse the row, so that every read under it failed with INTERNAL.
        operation_name=None if operation_name is None else operation_name[:MAX_OPERATION_NAME],
        purpose_code=reader.purpose_code,
        case=reader.case,
        entry_count=count,
    )


async def _link(
    session: AsyncSession, request: RequestLog, reader: Reader, reads: list[Read], *, shards: int
) -> None:
    heads = await repository.heads(session, sorted({shard_of(r.person_id, shards) for r in reads}))
    rows, _heads = chain_rows(request, reader, reads, heads, shards=shards)
    await repository.insert_rows(session, AccessEntry, rows)


Heads = dict[int, tuple[int, str]]
"""``(seq, hash)`` of the last entry of each shard; a shard missing here starts at genesis."""


def chain_rows(
    request: RequestLog, reader: Reader, reads: list[Read], heads: Heads, *, shards: int
) -> tuple[list[dict[str, Any]], Heads]:
    """Return the entries of ``reads`` linked after ``heads``, and the heads they make.

    Entries are grouped by shard in ascending order; ``heads`` is not changed.
    """
    by_shard: dict[int, list[Read]] = {}
    for read in reads:
        by_shard.setdefault(shard_of(read.person_id, shards), []).append(read)
    rows: list[dict[str, Any]] = []
    after: Heads = {}
    for shard in sorted(by_shard):
        seq, prev_hash = heads.get(shard, (0, GENESIS))
        for read in by_shard[shard]:
            seq += 1
            row: dict[str, Any] = {
                "id": new_entry_id(),
                "shard": shard,
                "seq": seq,
                "at": request.at,
                "person_id": read.person_id,
                "attribute_group": read.attribute_group,
                "attributes": " ".join(read.attributes),
                "reader_kind": reader.kind,
                "client_id": reader.client_id,
                "agency_code": reader.agency_code,
                "end_user": reader.end_user,
                "purpose_code": reader.purpose_code,
                "case": reader.case,
                "operation_name": request.operation_name,
                "request_id": request.request_id,
                "request_log_id": request.id,
                "prev_hash": prev_hash,
            }
            row["hash"] = prev_hash = entry_hash(row)
            rows.append(row)
        after[shard] = (seq, prev_hash)
    return rows, after


def cursor_of(item: AccessLogItem) -> str:
    """Return the cursor of an entry in a person's log (newest first)."""
    return encode_cursor(f"{item.entry.at.isoformat()}|{item.entry.id}")


def _decode(after: str) -> tuple[datetime, str]:
    stamp, _, entry_id = after.partition("|")
    try:
        return datetime.fromisoformat(stamp), entry_id
    except ValueError:
        raise Invalid(  # noqa: B904 (the parsing detail means nothing to the caller)
            "Argument 'after' is not a cursor returned by this API", argument="after"
        )


async def person_log(
    session: AsyncSession,
    person_id: str,
    request: PageRequest,
    *,
    include_self: bool,
    visible_at: datetime | None,
) -> Page[AccessLogItem]:
    """Return a page of the log of ``person_id``, newest first.

    ``visible_at`` is the person's own view: entries still inside their (client, purpose)
    disclosure delay at that time are left out. ``None`` is the oversight view: everything.
    """
    rows = await repository.person_log(
        session,
        person_id,
        after=None if request.after is None else _decode(request.after),
        limit=request.first + 1,
        include_self=include_self,
        visible_at=visible_at,
    )
    total = await repository.count_person_log(
        session, person_id, include_self=include_self, visible_at=visible_at
    )
    items = [AccessLogItem(entry, agency, vi, en) for entry, agency, vi, en in rows]
    return Page(
        items=items[: request.first], total_count=total, has_next_page=len(items) > request.first
    )


async def anchor(session: AsyncSession) -> list[AccessAnchor]:
    """Record the current head of every shard; return the anchors written."""
    at = utcnow()
    rows = [
        AccessAnchor(anchored_at=at, shard=shard, seq=seq, hash=hash_)
        for shard, (seq, hash_) in sorted((await repository.all_heads(session)).items())
    ]
    if rows:
        await repository.add(session, rows)
    return rows
