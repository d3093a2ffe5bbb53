"""The access log under concurrent readers: nobody's read fails for want of a turn.

The access log is written in the request's transaction, and every read of one person extends
the same chain; many readers at once must queue, not fail. When the log really cannot be
written the read is still refused (fail closed), with a code that says to try again.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from hub.app import create_app
from hub.audit import repository, service, verify
from hub.audit.chain import shard_of
from hub.audit.group_commit import AccessLogWriter
from hub.audit.service import BUSY
from hub.auth.keys import ensure_signing_key
from hub.db import Database
from hub.migrations_runner import upgrade
from hub.settings import Settings, get_settings
from tests.access_fixtures import CASE, CLIENT_ID, PURPOSE, World, build_world
from tests.conftest import drop_postgres_database, fresh_postgres_database, load_reference_data

READERS = 24
PERSON = """query ReadPerson($pin: String!) { person(pin: $pin) { fullName citizenId } }"""


class Hub:
    """The app over a database of its own (not one test connection), and its world."""

    def __init__(
        self, client: httpx.AsyncClient, database: Database, url: str, world: World
    ) -> None:
        self.client = client
        self.database = database
        self.url = url
        self.world = world

    async def token(self) -> str:
        """An agency client's access token."""
        response = await self.client.post(
            "/oauth2/token",
            auth=(CLIENT_ID, "test-secret-not-used"),
            data={"grant_type": "client_credentials", "scope": "person.identity:read"},
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def read_alice(self, token: str, accept: str = "application/json") -> httpx.Response:
        """One read of Alice by the agency, for its purpose."""
        return await self.client.post(
            "/graphql",
            json={"query": PERSON, "variables": {"pin": self.world.alice.citizen_id}},
            headers={
                "authorization": f"Bearer {token}",
                "hub-purpose": PURPOSE,
                "hub-case": CASE,
                "accept": accept,
            },
        )

    async def logged_reads(self) -> int:
        """How many entries the log holds, after checking that its chains verify."""
        async with self.database.session() as session:
            report = await verify(session)
        assert report.ok, report.problems
        return report.entries


@pytest.fixture
async def hub(
    backend: str, template_url: str, tmp_path: Path, settings: Settings
) -> AsyncIterator[Hub]:
    """The access fixtures in a database of their own, served by the app with a real pool.

    (The ``database`` fixture of the other tests is, on PostgreSQL, one connection: requests
    there cannot contend.)
    """
    if backend == "sqlite":
        path = tmp_path / "contention.db"
        shutil.copyfile(make_url(template_url).database or "", path)
        url = f"sqlite:///{path}"
    else:
        url = await asyncio.to_thread(fresh_postgres_database, "hub_contention")
        await asyncio.to_thread(upgrade, url)
        await load_reference_data(url)
    database = Database.from_url(url)
    try:
        async with _served(database, url, settings) as served:
            yield served
    finally:
        await database.dispose()
        if backend == "postgresql":
            await asyncio.to_thread(drop_postgres_database, url)


@pytest.fixture
async def hub_in_test_database(database: Database, settings: Settings) -> AsyncIterator[Hub]:
    """The access fixtures in the test's own database (no concurrency needed)."""
    async with _served(database, "", settings) as served:
        yield served


@asynccontextmanager
async def _served(database: Database, url: str, settings: Settings) -> AsyncIterator[Hub]:
    async with database.session() as session:
        world = await build_world(session)
        await ensure_signing_key(session)
        await session.commit()
    transport = httpx.ASGITransport(app=create_app(settings, database=database))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield Hub(client, database, url, world)


async def test_many_concurrent_readers_of_one_person_all_get_their_data(hub: Hub) -> None:
    # Given an agency with a token, and a person whose reads all extend one chain
    token = await hub.token()
    # When many reads of that person run at once
    answers = await asyncio.gather(*(hub.read_alice(token) for _ in range(READERS)))
    # Then every read gets its data
    expected = {"fullName": hub.world.alice.full_name, "citizenId": hub.world.alice.citizen_id}
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"data": {"person": expected}}
    # And every read is in the log, whose chains verify
    assert await hub.logged_reads() == READERS


def _assert_asked_to_retry(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "1"
    assert answer.json() == {
        "data": None,
        "errors": [{"message": BUSY, "extensions": {"code": "UNAVAILABLE", "retryAfter": 1}}],
    }


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
async def test_a_chain_that_keeps_moving_gives_unavailable_not_internal(
    hub_in_test_database: Hub, monkeypatch: pytest.MonkeyPatch, accept: str
) -> None:
    hub = hub_in_test_database
    # Given a first read of Alice, logged; then writers that always see a stale chain head (as
    # if other requests extended it each time), and a short retry budget
    token = await hub.token()
    assert (await hub.read_alice(token)).status_code == 200

    async def always_stale(session: AsyncSession, shards: list[int]) -> dict[int, tuple[int, str]]:
        return {}

    monkeypatch.setattr(repository, "heads", always_stale)
    # (The group-commit writer knows the heads it wrote: those are stale too.)
    monkeypatch.setattr(AccessLogWriter, "known_heads", _stale_known_heads)
    monkeypatch.setattr(service, "RETRY_BUDGET_SECONDS", 0.3)
    # When Alice is read again
    answer = await hub.read_alice(token, accept)
    # Then the data is withheld with UNAVAILABLE and a retry hint (503, Retry-After)
    _assert_asked_to_retry(answer)
    # And the failed attempts left nothing in the log
    assert await hub.logged_reads() == 1


async def _stale_known_heads(
    _writer: AccessLogWriter, _connection: AsyncConnection, _shards: list[int]
) -> dict[int, tuple[int, str]]:
    return {}


async def test_a_log_locked_elsewhere_gives_unavailable_not_internal(
    hub: Hub, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given another process holding the lock a writer of Alice's shard needs, for longer than
    # the hub waits (SQLite: the write lock, past a short busy timeout; PostgreSQL: the shard's
    # advisory lock, past a short retry budget)
    token = await hub.token()
    monkeypatch.setattr(service, "RETRY_BUDGET_SECONDS", 0.3)
    async with _held_lock(hub, backend):
        # When Alice is read
        answer = await hub.read_alice(token)
    # Then the data is withheld with UNAVAILABLE and a retry hint, not INTERNAL
    _assert_asked_to_retry(answer)
    # And once the lock is free, the same read succeeds
    assert (await hub.read_alice(token)).status_code == 200
    assert await hub.logged_reads() == 1


@asynccontextmanager
async def _held_lock(hub: Hub, backend: str) -> AsyncIterator[None]:
    if backend == "sqlite":
        event.listen(hub.database.engine.sync_engine, "connect", _short_busy_timeout)
        await hub.database.engine.dispose()
        holder = sqlite3.connect(make_url(hub.url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    import asyncpg

    parsed = make_url(hub.url)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username, database=parsed.database
    )
    shard = shard_of(hub.world.alice.id, get_settings().audit_shards)
    await connection.execute("SELECT pg_advisory_lock($1, $2)", repository.SHARD_LOCK_CLASS, shard)
    try:
        yield
    finally:
        await connection.close()


def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=200")
    cursor.close()
