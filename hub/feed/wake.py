"""Waking the feed's readers when the relay has published, instead of polling blindly."""

from __future__ import annotations

import asyncio


class Wake:
    """A signal for the readers in this process: the relay (or a NOTIFY from another process)
    rings it; each reader waits on it at most its polling interval, so that a lost signal only
    delays, never loses, an event (the feed tables are the truth)."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def ring(self) -> None:
        """Wake every reader waiting now."""
        for waiter in list(self._waiters):
            waiter.set()

    async def wait(self, seconds: float) -> None:
        """Wait until rung, or ``seconds``."""
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter.wait(), seconds)
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(waiter)


WAKE = Wake()
"""The process's signal."""
