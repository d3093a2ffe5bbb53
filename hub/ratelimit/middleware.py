"""The rate limit at the HTTP edge: 429 with ``Retry-After`` past a client's requests a minute.

It runs after authentication, and counts requests of authenticated clients (by OAuth client
id); anonymous requests are not counted. The window is the calendar minute, so ``Retry-After``
is the number of seconds to the next one.
"""

from __future__ import annotations

import math
import time

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.db import Database, is_sqlite
from hub.http.session import release_request_connection
from hub.principals.principal import ANONYMOUS, Principal
from hub.ratelimit.counters import Counter, InProcessCounter, SharedCounter
from hub.settings import Settings

RATE_LIMITED = "RATE_LIMITED"


def counter_for(database: Database) -> Counter:
    """Return the counter ``database`` calls for: in process on SQLite, shared on PostgreSQL."""
    if is_sqlite(database.engine.url.render_as_string()):
        return InProcessCounter()
    return SharedCounter(database)


class RateLimitMiddleware:
    """Refuses a client's requests past its limit for the rest of the minute."""

    def __init__(
        self, app: ASGIApp, database: Database, settings: Settings, counter: Counter | None = None
    ) -> None:
        self.app = app
        self.default = settings.rate_limit_per_minute
        self.overrides = dict(settings.rate_limit_overrides)
        self.counter = counter or counter_for(database)
        # The shared counter takes a pooled connection of its own; the request's (opened by
        # authentication) is handed back first, so requests never hold one while waiting.
        self.shared = isinstance(self.counter, SharedCounter) and not database.bound

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request of an authenticated client; refuse it past the limit."""
        if scope["type"] == "http":
            principal: Principal = scope.get("state", {}).get("principal", ANONYMOUS)
            client_id = principal.client_id
            if client_id is not None:
                limit = self.overrides.get(client_id, self.default)
                if limit > 0:
                    now = time.time()
                    window = int(now // 60)
                    if self.shared:
                        await release_request_connection(scope)
                    if await self.counter.hit(client_id, window) > limit:
                        await _refuse(send, math.ceil((window + 1) * 60 - now), limit)
                        return
        await self.app(scope, receive, send)


async def _refuse(send: Send, retry_after: int, limit: int) -> None:
    retry_after = max(1, retry_after)
    error = {
        "message": f"Rate limit of {limit} requests a minute reached; retry in {retry_after} s.",
        "extensions": {"code": RATE_LIMITED, "retryAfter": retry_after},
    }
    headers = [
        (b"content-type", b"application/json"),
        (b"retry-after", str(retry_after).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": orjson.dumps({"errors": [error]})})
