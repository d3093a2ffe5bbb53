"""Real receivers on 127.0.0.1 (uvicorn): one that hangs and one that answers 5 MB are cut off
and recorded, and neither delays a third; the feed runs as ``hub relay`` runs it (relay and
sender under one lease), while changes are ingested."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select
from sqlmodel import col
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hub.db import Database
from hub.feed.runner import run_feed
from hub.feed.settings import FeedSettings
from hub.feed.webhooks import service
from hub.feed.webhooks.models import WebhookDelivery
from tests.access_fixtures import CLIENT_ID, PURPOSE, build_world
from tests.feed.feed_fixtures import SOURCE, create_an, move_an

SETTINGS = FeedSettings(
    poll_seconds=0.02,
    batch=50,
    webhook_connect_seconds=1.0,
    webhook_read_seconds=3.0,
    webhook_retry_seconds=0.05,
)
FIVE_MB = b"x" * (5 * 1024 * 1024)


class Receivers:
    """Three receivers on one server: fast, hanging until released, answering 5 MB."""

    def __init__(self) -> None:
        self.fast: list[tuple[float, bytes]] = []
        self.release = asyncio.Event()
        self.got_two = asyncio.Event()

    async def on_fast(self, request: Request) -> Response:
        """Accept at once."""
        self.fast.append((time.monotonic(), await request.body()))
        if len(self.fast) >= 2:
            self.got_two.set()
        return Response(status_code=204)

    async def on_hang(self, request: Request) -> Response:
        """Never answer (until the test ends)."""
        await self.release.wait()
        return Response(status_code=204)

    async def on_huge(self, request: Request) -> Response:
        """Answer 200 with a 5 MB body."""
        return Response(FIVE_MB, status_code=200)

    def app(self) -> Starlette:
        """The receivers' app."""
        return Starlette(
            routes=[
                Route("/fast", self.on_fast, methods=["POST"]),
                Route("/hang", self.on_hang, methods=["POST"]),
                Route("/huge", self.on_huge, methods=["POST"]),
            ]
        )


async def _register(database: Database, url: str) -> str:
    async with database.transaction() as session:
        endpoint = await service.create_endpoint(
            session,
            client_id=CLIENT_ID,
            url=url,
            types=["person"],
            purpose=PURPOSE,
            production=False,
        )
    return endpoint.id


async def test_hanging_and_huge_receivers_are_cut_off_and_delay_no_one(
    live_database: Database,
) -> None:
    from tests.feed.receivers import serving

    database = live_database
    receivers = Receivers()
    async with database.session() as session:
        await build_world(session)
    async with serving(receivers.app()) as base:
        fast, hang, huge = [
            await _register(database, f"{base}/{p}") for p in ("fast", "hang", "huge")
        ]
        stop = asyncio.Event()
        feed = asyncio.create_task(run_feed(database, SETTINGS, stop, source=SOURCE))
        try:
            # Given the feed running, when An is created and moved
            started = time.monotonic()
            await create_an(database)
            await move_an(database, "Số 5 Pasteur")
            committed = time.monotonic()
            await asyncio.wait_for(receivers.got_two.wait(), 20)
            # Then the fast receiver has both events well before the hanging one's timeout
            assert len(receivers.fast) == 2
            lag = receivers.fast[-1][0] - committed
            assert lag < SETTINGS.webhook_read_seconds / 2, lag
            # And, once the hanging receiver's read timed out, its attempt is recorded
            while time.monotonic() - started < 20:
                rows = await _attempts(database)
                if any(r.endpoint_id == hang for r in rows) and any(
                    r.endpoint_id == huge for r in rows
                ):
                    break
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            receivers.release.set()
            await feed
    rows = await _attempts(database)
    hung = [r for r in rows if r.endpoint_id == hang]
    assert hung and not hung[0].succeeded and hung[0].status_code is None
    assert hung[0].error == "timed out (ReadTimeout)"
    assert hung[0].duration_ms >= SETTINGS.webhook_read_seconds * 1000 * 0.9
    assert hung[0].next_attempt_at is not None
    # And the 5 MB answer was cut off after 64 KiB: the event counts as received, noted
    cut = [r for r in rows if r.endpoint_id == huge]
    assert cut[0].succeeded and cut[0].status_code == 200
    assert cut[0].error == "answer longer than 65536 bytes: cut off"
    assert [r.succeeded for r in rows if r.endpoint_id == fast] == [True, True]


async def _attempts(database: Database) -> list[WebhookDelivery]:
    async with database.session() as session:
        found = await session.execute(select(WebhookDelivery).order_by(col(WebhookDelivery.id)))
        return list(found.scalars())
