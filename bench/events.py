"""The change feed under load: events per second from the outbox to (a) 100 subscribers, (b) 10
webhook receivers on 127.0.0.1, (c) NATS JetStream, with the lag from commit to delivery
(p50/p99) printed beside the ingestion rate of the same run.

Each case ingests a generated population at full speed (the product path, one transaction per
``HUB_BENCH_EVENTS_BATCH`` records) into a fresh database, in a process of its own, while the
feed runs in this process as it runs inside ``hub serve`` (relay, webhook sender, NATS
publisher; defaults of ``HUB_FEED_*``) with the consumers. The commit time of every outbox
event is taken when its ingest transaction returns; its delivery time when a subscriber's
stream yields it (in-process ``stream``: rights and access log, no WebSocket framing), when a
receiver's HTTP handler gets it, or when a JetStream consumer gets it. Both processes share
the machine's two cores (and, on the machine this was written on, other jobs).

Settings (environment):

- ``HUB_BENCH_EVENTS_PERSONS``: persons per case (default 1000; about 2.4 records each).
- ``HUB_BENCH_EVENTS_BATCH``: records per ingest transaction (default 100).
- ``HUB_BENCH_EVENTS_CASES``: which cases, comma-separated (default ``subscribers,webhooks,nats``).
- ``HUB_BENCH_EVENTS_POSTGRES``: a PostgreSQL URL whose server may create databases (each case
  then runs in a fresh database there, dropped afterwards) instead of a SQLite file.
- ``HUB_BENCH_EVENTS_NATS``: the NATS server (default ``nats://127.0.0.1:4222``).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import socket
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nats
import uvicorn
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import Result
from hub.auth.agencies import create_agency
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.purposes import create_purpose
from hub.db import Database, async_url
from hub.feed.runner import run_feed
from hub.feed.settings import FeedSettings
from hub.feed.stream import StreamRequest, stream
from hub.feed.webhooks import service
from hub.migrations_runner import upgrade
from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import Scope
from hub.registry.codelists import service as codelists
from hub.registry.codelists.importers.admin_units import read_admin_units
from hub.registry.ingestion import ingest
from hub.registry.pipeline.inputs import SourceRecordInput
from hub.registry.pipeline.outbox_models import OutboxEvent
from hub.registry.population.demo import source_inputs
from hub.registry.population.generator import load_geography

PERSONS = int(os.environ.get("HUB_BENCH_EVENTS_PERSONS", "1000"))
BATCH = int(os.environ.get("HUB_BENCH_EVENTS_BATCH", "100"))
CASES = os.environ.get("HUB_BENCH_EVENTS_CASES", "subscribers,webhooks,nats").split(",")
POSTGRES = os.environ.get("HUB_BENCH_EVENTS_POSTGRES")
NATS_URL = os.environ.get("HUB_BENCH_EVENTS_NATS", "nats://127.0.0.1:4222")
SUBSCRIBERS = 100
RECEIVERS = 10
SOURCE = "https://hub.bench"
AGENCY, PURPOSE, CLIENT = "H01.05", "land-registration", "bench-land-office"
SCOPES = frozenset({Scope.PERSON_IDENTITY_READ, Scope.PERSON_ADDRESS_READ})
SETTLE_SECONDS = 20.0
"""A case ends when every receiver has every event, or when no delivery arrived for this long
after ingestion ended."""
_e: Any = OutboxEvent


@dataclass
class Deliveries:
    """Commit times of the events, and when each receiver got which event."""

    committed: dict[int, float] = field(default_factory=dict)
    received: list[tuple[int, float]] = field(default_factory=list)
    last: float = 0.0

    def got(self, event_id: str | int) -> None:
        """Record that a receiver has event ``event_id`` now."""
        self.last = time.time()
        self.received.append((int(event_id), self.last))


@dataclass(frozen=True)
class Outcome:
    """One case measured."""

    case: str
    records: int
    events: int
    ingest_seconds: float
    deliveries: int
    delivery_seconds: float
    lags: list[float]


async def _prepare(database: Database) -> None:
    async with database.transaction() as session:
        await codelists.import_list(session, read_admin_units())
        await create_agency(session, code=AGENCY, name="Văn phòng Đăng ký đất đai (bench)")
        await create_purpose(
            session, code=PURPOSE, description_vi="Đăng ký đất đai", description_en="Land"
        )
        await create_client(
            session,
            ClientRegistration(
                client_id=CLIENT,
                name="Land office (bench)",
                agency_code=AGENCY,
                scopes=" ".join(sorted(s.value for s in SCOPES)),
                purposes=[PURPOSE],
                grant_types=["client_credentials"],
            ),
        )


def _ingest_process(url: str) -> tuple[int, float, list[tuple[int, float]]]:
    """Ingest at full speed in a process of its own (as an adapter or ``hub ingest`` would,
    beside the feed): return the records, the seconds, and after each commit the newest
    outbox id with the commit time."""
    return asyncio.run(_ingest(url))


async def _ingest(url: str) -> tuple[int, float, list[tuple[int, float]]]:
    database = Database.from_url(url)
    geography = load_geography()
    received = 0
    commits: list[tuple[int, float]] = []
    batch: list[SourceRecordInput] = []
    started = time.perf_counter()

    async def flush() -> None:
        nonlocal received
        async with database.transaction() as session:
            received += (await ingest(session, batch)).received
        committed = time.time()
        batch.clear()
        async with database.session() as session:
            top = int(await session.scalar(select(func.coalesce(func.max(_e.id), 0))) or 0)
        commits.append((top, committed))

    for item in source_inputs(geography, PERSONS, seed=23):
        batch.append(item)
        if len(batch) == BATCH:
            await flush()
    if batch:
        await flush()
    seconds = time.perf_counter() - started
    await database.dispose()
    return received, seconds, commits


def _principal() -> Principal:
    return Principal(
        kind=PrincipalKind.CLIENT,
        scopes=SCOPES,
        client_id=CLIENT,
        agency_code=AGENCY,
        subject=CLIENT,
        purpose=PURPOSE,
        allowed_purposes=frozenset({PURPOSE}),
    )


@contextlib.asynccontextmanager
async def _subscribers(database: Database, log: Deliveries) -> AsyncIterator[None]:
    settings = FeedSettings()
    request = StreamRequest(types=["person"], commune=None, after_event=None)

    async def listen() -> None:
        async for delivery in stream(
            database, _principal(), request, source=SOURCE, settings=settings
        ):
            log.got(delivery.event["id"])

    tasks = [asyncio.create_task(listen()) for _ in range(SUBSCRIBERS)]
    await asyncio.sleep(0.5)  # every subscriber has read its start position
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        ended = await asyncio.gather(*tasks, return_exceptions=True)
        failed = [repr(e)[:160] for e in ended if not isinstance(e, asyncio.CancelledError)]
        if failed:
            print(f"  {len(failed)} of {SUBSCRIBERS} subscribers ended with an error, first:")
            print(f"  {failed[0]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def _receivers(database: Database, log: Deliveries) -> AsyncIterator[None]:
    async def hook(request: Request) -> Response:
        await request.body()
        log.got(request.headers["webhook-id"])
        return Response(status_code=204)

    app = Starlette(routes=[Route("/hook/{n}", hook, methods=["POST"])])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    serving = asyncio.create_task(server.serve())
    # uvicorn says it started with a flag, not an event.
    while not server.started:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    async with database.transaction() as session:
        for n in range(RECEIVERS):
            await service.create_endpoint(
                session,
                client_id=CLIENT,
                url=f"http://127.0.0.1:{port}/hook/{n}",
                types=["person"],
                purpose=PURPOSE,
                production=False,
            )
    try:
        yield
    finally:
        server.should_exit = True
        await serving


@contextlib.asynccontextmanager
async def _nats_consumer(log: Deliveries, stream_name: str) -> AsyncIterator[None]:
    connection = await nats.connect(NATS_URL, connect_timeout=5)
    jetstream = connection.jetstream()

    async def got(message: Any) -> None:
        log.got(message.headers["Nats-Msg-Id"])

    subscription = None
    try:
        yield_ready = False
        for _ in range(100):  # the relay's publisher creates the stream when it starts
            try:
                subscription = await jetstream.subscribe(
                    f"{stream_name.lower()}.>", stream=stream_name, cb=got, ordered_consumer=True
                )
                yield_ready = True
                break
            except Exception:
                await asyncio.sleep(0.05)
        assert yield_ready, "the relay did not create the JetStream stream"
        yield
    finally:
        if subscription is not None:
            await subscription.unsubscribe()
        with contextlib.suppress(Exception):
            await jetstream.delete_stream(stream_name)
        await connection.drain()


async def _case(url: str, case: str) -> Outcome:
    database = Database.from_url(url)
    await _prepare(database)
    log = Deliveries()
    stream_name = f"HUB_BENCH_{uuid.uuid4().hex[:8].upper()}"
    settings = FeedSettings(
        nats_url=NATS_URL if case == "nats" else None,
        nats_stream=stream_name,
        nats_subject=stream_name.lower(),
    )
    stop = asyncio.Event()
    feed = asyncio.create_task(run_feed(database, settings, stop, source=SOURCE))
    consumers: Callable[[], contextlib.AbstractAsyncContextManager[None]] = {
        "subscribers": lambda: _subscribers(database, log),
        "webhooks": lambda: _receivers(database, log),
        "nats": lambda: _nats_consumer(log, stream_name),
    }[case]
    try:
        async with consumers():
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                ingested = asyncio.get_running_loop().run_in_executor(pool, _ingest_process, url)
                records, ingest_seconds, commits = await ingested
            newest = 0
            for top, committed in commits:
                for event_id in range(newest + 1, top + 1):
                    log.committed[event_id] = committed
                newest = max(newest, top)
            ended = time.time()
            # Done when every receiver has every event, or nothing arrived for a while: a
            # flag and a clock, no event to wait on.
            receivers = {"subscribers": SUBSCRIBERS, "webhooks": RECEIVERS}.get(case, 1)
            expected = len(log.committed) * receivers
            while len(log.received) < expected and (  # noqa: ASYNC110
                time.time() - max(log.last, ended) < SETTLE_SECONDS
            ):
                await asyncio.sleep(0.2)
    finally:
        stop.set()
        await asyncio.wait_for(feed, 30)
        await database.dispose()
    lags = sorted(at - log.committed[event] for event, at in log.received)
    first = min(log.committed.values())
    return Outcome(
        case=case,
        records=records,
        events=len(log.committed),
        ingest_seconds=ingest_seconds,
        deliveries=len(log.received),
        delivery_seconds=log.last - first,
        lags=lags,
    )


async def _admin(sql: str) -> None:
    assert POSTGRES is not None
    engine = create_async_engine(async_url(POSTGRES), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    finally:
        await engine.dispose()


def _in_fresh_database(case: str) -> Outcome:
    if POSTGRES is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'events.db'}"
            upgrade(url)
            return asyncio.run(_case(url, case))
    name = f"hub_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        return asyncio.run(_case(url, case))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def run() -> list[Result]:
    """Run each case in a fresh database; print the rates and lags side by side."""
    # The access log reads the hub's settings (its shards); production would refuse to load
    # them without an identity provider.
    os.environ.setdefault("HUB_ENVIRONMENT", "development")
    backend = "postgresql" if POSTGRES else "sqlite"
    receivers = {"subscribers": SUBSCRIBERS, "webhooks": RECEIVERS, "nats": 1}
    print(f"change feed ({backend}, {PERSONS} persons per case, {BATCH} records per transaction)")
    print(
        f"{'case':<22}{'ingest rec/s':>13}{'events/s in':>13}{'deliveries':>12}"
        f"{'deliv./s':>10}{'lag p50 ms':>12}{'lag p99 ms':>12}{'lag max ms':>12}"
    )
    results: list[Result] = []
    for case in CASES:
        outcome = _in_fresh_database(case)
        lags = outcome.lags
        label = f"{case} ({receivers[case]})"
        expected = outcome.events * receivers[case]
        print(
            f"{label:<22}{outcome.records / outcome.ingest_seconds:>13.0f}"
            f"{outcome.events / outcome.ingest_seconds:>13.0f}"
            f"{outcome.deliveries:>7}/{expected:<5}"
            f"{outcome.deliveries / outcome.delivery_seconds:>9.0f}"
            f"{_percentile(lags, 0.5) * 1e3:>12.0f}{_percentile(lags, 0.99) * 1e3:>12.0f}"
            f"{(lags[-1] if lags else float('nan')) * 1e3:>12.0f}",
            flush=True,
        )
        results.append(
            Result(
                benchmark=f"change feed lag ({backend})",
                case=label,
                operations=outcome.deliveries,
                mean_us=statistics.fmean(lags) * 1e6 if lags else float("nan"),
                p50_us=_percentile(lags, 0.5) * 1e6,
                p95_us=_percentile(lags, 0.95) * 1e6,
            )
        )
    return results
