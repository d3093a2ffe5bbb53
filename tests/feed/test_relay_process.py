"""``hub relay`` as a process, killed with SIGKILL at random points and restarted: the NATS
stream ends with every event exactly once (a JetStream consumer counts). And ``hub serve``
runs the feed itself when told to (by default on SQLite)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nats
from sqlalchemy import func, select

from hub.db import Database
from hub.feed import cursors, entries
from hub.feed.relay import NATS_CURSOR
from hub.feed.runner import embedded
from hub.feed.settings import FeedSettings
from hub.feed.webhooks import service
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.settings import Environment, Settings
from tests.access_fixtures import CLIENT_ID, PURPOSE, build_world
from tests.cli_process import HUB, shell_environment
from tests.feed.feed_fixtures import create_an, move_an
from tests.feed.receivers import RecordingReceiver, serving

NATS_URL = "nats://127.0.0.1:4222"
MID_BATCH = 2
MAX_ROUNDS = 40
MOVES_PER_ROUND = 24
_e: Any = OutboxEvent


def plain_url(database: Database) -> str:
    """The database's URL as an operator writes it (``sqlite:///``, ``postgresql://``)."""
    url = database.engine.url
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=False)


def _start_relay(url: str, stream: str, cwd: Path) -> subprocess.Popen[str]:
    env = shell_environment(
        HUB_ENVIRONMENT="test",
        HUB_DATABASE_URL=url,
        HUB_FEED_NATS_URL=NATS_URL,
        HUB_FEED_NATS_STREAM=stream,
        HUB_FEED_NATS_SUBJECT=stream.lower(),
        HUB_FEED_BATCH="4",
        HUB_FEED_POLL_SECONDS="0.02",
        HUB_FEED_LEASE_SECONDS="1",
    )
    return subprocess.Popen(
        [str(HUB), "relay"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _move(database: Database, streets: list[str], start: datetime) -> None:
    for n, street in enumerate(streets):
        await move_an(database, street, at=start + timedelta(minutes=n))


def _stop(relay: subprocess.Popen[str], signum: int) -> tuple[str, str]:
    """Signal the relay, wait for it, and return its remaining output (closing its pipes)."""
    relay.send_signal(signum)
    return relay.communicate(timeout=30)


async def _running(relay: subprocess.Popen[str]) -> None:
    assert relay.stdout is not None
    line = await asyncio.wait_for(asyncio.to_thread(relay.stdout.readline), 60)
    assert "running" in line, line + (relay.stderr.read() if relay.stderr else "")


async def _published_everything(database: Database) -> bool:
    async with database.session() as session:
        pending = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(_e.published_at.is_(None))
        )
        return not pending and await cursors.position(
            session, NATS_CURSOR
        ) == await entries.last_seq(session)


async def _published_beyond_position(database: Database, stream: str) -> bool:
    """True when the stream holds events after the relay's stored position: it was killed
    after publishing them and before committing (its successor publishes them again)."""
    async with database.session() as session:
        position = await cursors.position(session, NATS_CURSOR)
        stored = len(await entries.items_after(session, 0, limit=10_000)) - len(
            await entries.items_after(session, position, limit=10_000)
        )
    return await _stream_size(stream) > stored


async def _stream_size(stream: str) -> int:
    connection = await nats.connect(NATS_URL)
    try:
        info = await connection.jetstream().stream_info(stream)
    except nats.js.errors.NotFoundError:
        return 0
    finally:
        await connection.close()
    return int(info.state.messages)


async def _stream_ids(stream: str) -> list[str]:
    """Every message of the stream, read by a consumer of the test's own."""
    connection = await nats.connect(NATS_URL)
    try:
        jetstream = connection.jetstream()
        consumer = await jetstream.pull_subscribe(
            f"{stream.lower()}.>", durable=None, stream=stream
        )
        ids: list[str] = []
        while True:
            try:
                batch = await consumer.fetch(100, timeout=1)
            except TimeoutError:  # nothing more within a second: the stream is read
                return ids
            for message in batch:
                ids.append(str(json.loads(message.data)["id"]))
                await message.ack()
    finally:
        await connection.close()


async def test_a_relay_killed_at_random_points_publishes_every_event_exactly_once(
    live_database: Database, tmp_path: Path
) -> None:
    # Given An and a stream of the test's own
    database = live_database
    async with database.session() as session:
        await build_world(session)
    await create_an(database)
    stream = f"HUB_KILL_{uuid.uuid4().hex[:8].upper()}"
    url = plain_url(database)
    rng = random.Random(os.environ.get("HUB_TEST_SEED", "relay-kill"))
    moved = datetime(2026, 5, 1, tzinfo=UTC)
    # When, round after round, changes are ingested and the relay is killed mid-work
    # (until at least MID_BATCH kills fell between a publication and its commit, which the
    # stream holding more events than the stored position shows)
    mid_batch = rounds = 0
    while mid_batch < MID_BATCH:
        assert rounds < MAX_ROUNDS, f"only {mid_batch} kills mid-batch in {rounds} rounds"
        rounds += 1
        streets = [f"Số {rounds * 100 + n} Trần Phú" for n in range(MOVES_PER_ROUND)]
        await _move(database, streets, moved)
        moved += timedelta(days=1)
        before = await _stream_size(stream)
        relay = _start_relay(url, stream, tmp_path)
        try:
            await _running(relay)
            # Killed a few milliseconds after it started publishing the backlog, batch by batch
            while await _stream_size(stream) == before:  # noqa: ASYNC110 (another process)
                await asyncio.sleep(0.005)
            await asyncio.sleep(rng.uniform(0, 0.03))
        finally:
            _stop(relay, signal.SIGKILL)
        mid_batch += await _published_beyond_position(database, stream)
    # And a last relay runs until everything is published, then stops
    relay = _start_relay(url, stream, tmp_path)
    try:
        await _running(relay)
        for _ in range(600):
            if await _published_everything(database):
                break
            await asyncio.sleep(0.1)
    finally:
        _, errors = _stop(relay, signal.SIGTERM)
    assert relay.returncode == 0, errors
    # Then the stream holds every event once, in the feed's order
    async with database.session() as session:
        items = await entries.items_after(session, 0, limit=10_000)
        outbox = await session.scalar(select(func.count()).select_from(OutboxEvent))
    assert len(items) == outbox == 1 + rounds * MOVES_PER_ROUND
    assert await _stream_ids(stream) == [str(item.event.id) for item in items]


def test_serve_runs_the_feed_itself_on_sqlite_only_unless_told() -> None:
    default = FeedSettings()
    assert embedded(default, "sqlite:///hub.db")
    assert not embedded(default, "postgresql://hub@db/hub")
    assert embedded(FeedSettings(embedded=True), "postgresql://hub@db/hub")
    assert not embedded(FeedSettings(embedded=False), "sqlite:///hub.db")


async def test_the_app_delivers_webhooks_itself_when_the_feed_is_embedded(
    live_database: Database,
) -> None:
    from hub.app import create_app

    # Given an endpoint of the police on a receiver of the test, and the app started with the
    # embedded feed (the default on SQLite; set explicitly so that PostgreSQL runs it too)
    database = live_database
    async with database.session() as session:
        await build_world(session)
    receiver = RecordingReceiver()
    async with serving(receiver.app()) as base:
        async with database.transaction() as session:
            endpoint = await service.create_endpoint(
                session,
                client_id=CLIENT_ID,
                url=f"{base}/hook",
                types=["person"],
                purpose=PURPOSE,
                production=False,
            )
        receiver.secret = endpoint.secret
        settings = Settings(
            environment=Environment.TEST,
            database_url=plain_url(database),
            feed_embedded=True,
            feed_poll_seconds=0.02,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            # When An is created
            an = await create_an(database)
            # Then the receiver gets the event, signed, without any other process running
            await asyncio.wait_for(receiver.got.wait(), 20)
    assert [(e["type"], e["subject"]) for e in receiver.accepted] == [
        ("vn.lienthong.person.created", an)
    ]
