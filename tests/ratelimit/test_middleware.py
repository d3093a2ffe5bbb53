"""The rate limit: a client's requests past its limit in a minute get 429 with Retry-After.

Counted in process on SQLite, in the ``rate_limit_window`` table on PostgreSQL, where two
apps over one database (two workers) share each client's count.
"""

from __future__ import annotations

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from hub.db import Database
from hub.principals.principal import ANONYMOUS, Principal, PrincipalKind
from hub.ratelimit.counters import InProcessCounter, SharedCounter
from hub.ratelimit.middleware import RateLimitMiddleware
from hub.settings import Environment, Settings


def _settings(per_minute: int, overrides: dict[str, int] | None = None) -> Settings:
    return Settings(
        environment=Environment.TEST,
        database_url="sqlite:///unused.db",
        rate_limit_per_minute=per_minute,
        rate_limit_overrides=overrides or {},
    )


async def _ok(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _served(middleware: RateLimitMiddleware) -> httpx.AsyncClient:
    """A client whose ``x-client`` header names the authenticated client (none: anonymous)."""

    async def authenticated(scope: Scope, receive: Receive, send: Send) -> None:
        client_id = dict(scope["headers"]).get(b"x-client")
        scope.setdefault("state", {})["principal"] = (
            ANONYMOUS
            if client_id is None
            else Principal(kind=PrincipalKind.CLIENT, client_id=client_id.decode())
        )
        await middleware(scope, receive, send)

    transport = httpx.ASGITransport(app=authenticated)
    return httpx.AsyncClient(transport=transport, base_url="http://hub.test")


async def _statuses(http: httpx.AsyncClient, count: int, client: str | None) -> list[int]:
    headers = {} if client is None else {"x-client": client}
    return [(await http.get("/", headers=headers)).status_code for _ in range(count)]


async def test_past_the_limit_a_client_gets_429_with_retry_after(database: Database) -> None:
    # Given a limit of two requests a minute
    middleware = RateLimitMiddleware(_ok, database=database, settings=_settings(2))
    async with _served(middleware) as http:
        # When one client sends three requests
        first = await _statuses(http, 2, "client-a")
        refused = await http.get("/", headers={"x-client": "client-a"})
        # Then the third is refused, with a coded error and the seconds to the next minute
        assert first == [200, 200]
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        (error,) = refused.json()["errors"]
        assert error["extensions"] == {
            "code": "RATE_LIMITED",
            "retryAfter": int(refused.headers["retry-after"]),
        }
        # And another client, and anonymous requests, are not held back by it
        assert await _statuses(http, 2, "client-b") == [200, 200]
        assert await _statuses(http, 3, None) == [200, 200, 200]


async def test_an_override_sets_one_clients_limit(database: Database) -> None:
    # Given a default of one request a minute, three for one client, none for another
    settings = _settings(1, {"busy-client": 3, "batch-client": 0})
    middleware = RateLimitMiddleware(_ok, database=database, settings=settings)
    async with _served(middleware) as http:
        # When each sends four requests, then each is held to its own limit
        assert await _statuses(http, 4, "busy-client") == [200, 200, 200, 429]
        assert await _statuses(http, 4, "batch-client") == [200, 200, 200, 200]
        assert await _statuses(http, 2, "other-client") == [200, 429]


async def test_the_counter_fits_the_database(database: Database, backend: str) -> None:
    # Given the app's database, when the middleware picks its counter
    middleware = RateLimitMiddleware(_ok, database=database, settings=_settings(2))
    # Then it counts in process on SQLite (one process serves it), in a table on PostgreSQL
    expected = InProcessCounter if backend == "sqlite" else SharedCounter
    assert isinstance(middleware.counter, expected)


async def test_workers_share_a_clients_count_on_postgresql(
    database: Database, backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("one process serves SQLite (hub serve refuses --workers there)")
    # Given two apps over one PostgreSQL database, as two worker processes
    settings = _settings(3)
    first = RateLimitMiddleware(_ok, database=database, settings=settings)
    second = RateLimitMiddleware(_ok, database=database, settings=settings)
    async with _served(first) as one, _served(second) as other:
        # When one client's requests alternate between them
        statuses: list[int] = []
        for http in (one, other, one, other):
            statuses += await _statuses(http, 1, "client-a")
    # Then they count together: the fourth is refused
    assert statuses == [200, 200, 200, 429]
