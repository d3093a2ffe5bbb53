"""When a failing endpoint is tried again: exponential backoff with jitter, for a bounded time."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hub.feed.settings import FeedSettings


def retry_at(
    failures: int,
    failing_since: datetime,
    now: datetime,
    settings: FeedSettings,
    rng: random.Random,
) -> datetime | None:
    """The time of the next attempt after ``failures`` failed attempts at one event, or None
    when the endpoint has failed for ``webhook_give_up_seconds`` and is to be disabled.

    The wait doubles from ``webhook_retry_seconds`` up to ``webhook_retry_max_seconds``; each
    wait is drawn between half of it and all of it, so that endpoints that failed together do
    not all come back at the same instant. The last attempt falls at the give-up moment.
    """
    give_up = failing_since + timedelta(seconds=settings.webhook_give_up_seconds)
    if now >= give_up:
        return None
    ceiling = min(
        settings.webhook_retry_seconds * 2 ** min(failures - 1, 60),
        settings.webhook_retry_max_seconds,
    )
    wait = ceiling / 2 + rng.uniform(0, ceiling / 2)
    return min(now + timedelta(seconds=wait), give_up)
