"""Group commit of the access log: the reads of concurrent requests, appended together.

A request that only read hands its reads to the process's ``AccessLogWriter`` and waits. The
writer takes every request waiting at that moment as one batch and appends it in its own
transaction: one statement for the batch's request rows, one for all its entries, one commit.
Each waiting request is released only once that commit returned, so a response still leaves
only after its entries are durable; a batch that cannot be written fails every request in it
(``Unavailable``, as ``hub.audit.service.append_reads`` does). Requests arriving while a batch
is written form the next one: under load the batches grow and the commits per request fall,
and a lone request waits for no timer.

The writer keeps the head of each shard it has written in memory, so appending needs no read.
Another process (a second worker, ``hub relay``, a mutation's in-transaction append) may have
extended a chain meanwhile: the next ``seq`` the writer uses is then taken, ``UNIQUE(shard,
seq)`` refuses the whole batch, and the writer forgets those heads, reads them anew and tries
again. On PostgreSQL the batch also takes the advisory lock of each of its shards without
waiting, as ``append_reads`` does, so that the two kinds of writers take turns instead of
colliding.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.audit import repository, service
from hub.audit.chain import shard_of
from hub.audit.models import AccessEntry, RequestLog
from hub.audit.reads import Read, Reader
from hub.audit.service import Heads, chain_rows, request_row
from hub.errors import Unavailable

MAX_BATCH_REQUESTS = 256
"""Requests appended in one transaction at most; more wait for the next batch."""


@dataclass
class _Waiting:
    request: RequestLog
    reader: Reader
    reads: list[Read]
    done: asyncio.Future[RequestLog] = field(repr=False)


class _Busy(Exception):
    """A shard is locked elsewhere, or a chain moved under the batch: nothing was written."""


class AccessLogWriter:
    """Appends the reads of concurrent requests of one process in shared transactions."""

    def __init__(self, engine: AsyncEngine, *, shards: int) -> None:
        self.shards = shards
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._heads: Heads = {}
        self._waiting: list[_Waiting] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._flusher: asyncio.Task[None] | None = None

    async def append(
        self,
        reader: Reader,
        reads: list[Read],
        *,
        operation_name: str | None,
        request_id: str | None,
    ) -> RequestLog | None:
        """Log ``reads`` by ``reader``; return once they are committed. Nothing when none.

        Raises ``Unavailable`` when the log stayed busy for the retry budget.
        """
        if not reads:
            return None
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new event loop (tests run one per test): whatever waited on the old one is gone.
            self._loop, self._waiting, self._flusher = loop, [], None
        waiting = _Waiting(
            request_row(reader, len(reads), operation_name, request_id),
            reader,
            reads,
            loop.create_future(),
        )
        self._waiting.append(waiting)
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        # Shielded: a request cancelled meanwhile (its client went away) is still logged,
        # since its data may have been read; the batch goes on for the others.
        return await asyncio.shield(waiting.done)

    def forget_heads(self) -> None:
        """Forget every known chain head: the next batch reads the heads it extends."""
        self._heads.clear()

    async def _flush(self) -> None:
        # One turn of the loop first, so that requests finishing together share the batch.
        await asyncio.sleep(0)
        while self._waiting:
            batch = self._waiting[:MAX_BATCH_REQUESTS]
            del self._waiting[:MAX_BATCH_REQUESTS]
            try:
                await self._write(batch)
            except Exception as error:
                for waiting in batch:
                    if not waiting.done.done():
                        waiting.done.set_exception(error)
            else:
                for waiting in batch:
                    if not waiting.done.done():
                        waiting.done.set_result(waiting.request)

    async def _write(self, batch: list[_Waiting]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + service.RETRY_BUDGET_SECONDS
        for attempt in itertools.count():
            try:
                await self._attempt(batch)
                return
            except _Busy:
                pause = random.uniform(
                    0,
                    min(service.LONGEST_PAUSE_SECONDS, service.FIRST_PAUSE_SECONDS * 2**attempt),
                )
                if loop.time() + pause > deadline:
                    break
                await asyncio.sleep(pause)
        raise Unavailable(service.BUSY, retry_after_seconds=service.RETRY_AFTER_SECONDS)

    async def _attempt(self, batch: list[_Waiting]) -> None:
        shards = sorted(
            {shard_of(read.person_id, self.shards) for waiting in batch for read in waiting.reads}
        )
        try:
            # A plain connection, not a session: the batch is rows, and the ORM costs time.
            async with self._engine.begin() as connection:
                if not self._sqlite and not await repository.try_lock_shards(connection, shards):
                    raise _Busy
                heads = await self.known_heads(connection, shards)
                entries: list[dict[str, Any]] = []
                for waiting in batch:
                    rows, moved = chain_rows(
                        waiting.request, waiting.reader, waiting.reads, heads, shards=self.shards
                    )
                    entries.extend(rows)
                    heads = heads | moved
                await repository.insert_rows(
                    connection, RequestLog, [waiting.request.model_dump() for waiting in batch]
                )
                await repository.insert_rows(connection, AccessEntry, entries)
        except IntegrityError:
            # Another writer extended one of these chains: read their heads next time.
            for shard in shards:
                self._heads.pop(shard, None)
            raise _Busy from None
        except OperationalError as error:
            if repository.is_locked(error):
                raise _Busy from None
            raise
        self._heads.update(heads)

    async def known_heads(self, session: AsyncConnection, shards: list[int]) -> Heads:
        """Return the heads of ``shards``: from memory, else read (and then kept once written)."""
        unknown = [shard for shard in shards if shard not in self._heads]
        heads = {shard: self._heads[shard] for shard in shards if shard in self._heads}
        if unknown:
            heads |= await repository.heads(session, unknown)
        return heads
