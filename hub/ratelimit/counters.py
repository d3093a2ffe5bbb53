"""Counters of requests per (client, minute): one per process, or one shared by every worker."""

from __future__ import annotations

from typing import Protocol

from hub.db import Database
from hub.ratelimit import repository


class Counter(Protocol):
    """Counts one request of a client in a minute and returns that minute's count."""

    async def hit(self, client_id: str, window: int) -> int:
        """Count one request; return the requests of ``client_id`` in ``window`` so far."""
        ...


class InProcessCounter:
    """Counts in memory: right for SQLite, which one process serves (``hub serve``)."""

    def __init__(self) -> None:
        self._hits: dict[str, tuple[int, int]] = {}

    async def hit(self, client_id: str, window: int) -> int:
        """Count one request; an earlier minute's count is dropped."""
        last_window, hits = self._hits.get(client_id, (window, 0))
        hits = hits + 1 if last_window == window else 1
        self._hits[client_id] = (window, hits)
        return hits


class SharedCounter:
    """Counts in the ``rate_limit_window`` table, so every worker and instance sees each hit."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def hit(self, client_id: str, window: int) -> int:
        """Count one request in its own short transaction; the client's first hit of a minute
        also drops its older minutes, so the table holds about one row per active client."""
        async with self._database.transaction() as session:
            hits = await repository.hit(session, client_id, window)
            if hits == 1:
                await repository.forget_before(session, client_id, window)
        return hits
