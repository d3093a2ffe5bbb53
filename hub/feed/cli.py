"""``hub relay``, ``hub webhooks create|list|disable`` and ``hub outbox prune``."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer
from rich.console import Console

from hub.cli_database import with_database
from hub.db import Database
from hub.feed.retention import prune
from hub.feed.runner import run_feed
from hub.feed.settings import get_feed_settings
from hub.feed.webhooks import deliveries, service
from hub.kit.clock import utcnow
from hub.kit.pagination import page_request
from hub.kit.plural import counted
from hub.preflight import open_database
from hub.settings import Environment, get_settings

webhooks_app = typer.Typer(help="Webhook endpoints of agency clients.", no_args_is_help=True)
outbox_app = typer.Typer(help="The outbox of change events.", no_args_is_help=True)
console = Console()


def register(app: typer.Typer) -> None:
    """Add the feed's commands to the ``hub`` command."""
    app.command("relay")(relay)
    app.add_typer(webhooks_app, name="webhooks")
    app.add_typer(outbox_app, name="outbox")


def relay() -> None:
    """Run the feed until stopped: the relay (feed order; NATS JetStream when HUB_FEED_NATS_URL
    is set) and the webhook sender, under one lease."""
    settings = get_settings()

    async def run() -> None:
        database = await open_database(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            await run_feed(
                database,
                settings.feed,
                stop,
                source=settings.issuer,
                on_start=lambda holder: console.print(f"relay {holder} running"),
            )
        finally:
            await database.dispose()

    asyncio.run(run())


@webhooks_app.command("create")
def create(
    client_id: Annotated[str, typer.Option("--client", help="Client that owns the endpoint.")],
    url: Annotated[str, typer.Option(help="Endpoint URL (https, public, in production).")],
    purpose: Annotated[str, typer.Option(help="Purpose registered for the client.")],
    types: Annotated[list[str], typer.Option("--type", help="Entity type; repeat.")],
) -> None:
    """Register an endpoint; prints its id and signing secret (shown once)."""
    production = get_settings().environment is Environment.PRODUCTION

    async def work(database: Database) -> None:
        async with database.transaction() as session:
            endpoint = await service.create_endpoint(
                session,
                client_id=client_id,
                url=url,
                types=types,
                purpose=purpose,
                production=production,
            )
        console.print(f"endpoint {endpoint.id}\nsecret {endpoint.secret}")

    _run(work)


@webhooks_app.command("list")
def list_endpoints() -> None:
    """List the endpoints."""

    async def work(database: Database) -> None:
        async with database.session() as session:
            for e in await service.list_endpoints(session):
                state = "enabled" if e.enabled else f"disabled ({e.disabled_reason})"
                console.print(f"{e.id} {e.client_id} {e.url} {','.join(e.types)} {state}")

    _run(work)


@webhooks_app.command("disable")
def disable(endpoint_id: Annotated[str, typer.Argument(help="Endpoint id.")]) -> None:
    """Disable an endpoint."""

    async def work(database: Database) -> None:
        async with database.transaction() as session:
            await service.set_enabled(
                session, endpoint_id, enabled=False, reason="disabled by operator"
            )
        console.print(f"endpoint {endpoint_id} disabled")

    _run(work)


@webhooks_app.command("replay")
def replay_endpoint(
    endpoint_id: Annotated[str, typer.Argument(help="Endpoint id.")],
    event_id: Annotated[str, typer.Option("--from", help="First event id to deliver again.")],
) -> None:
    """Deliver an endpoint's events again from an event id, enabling it if it was disabled."""

    async def work(database: Database) -> None:
        async with database.transaction() as session:
            endpoint = await deliveries.owned_endpoint(session, endpoint_id, None)
            await deliveries.replay(session, endpoint, event_id)
        console.print(f"endpoint {endpoint_id} replays from event {event_id}")

    _run(work)


@webhooks_app.command("deliveries")
def list_deliveries(
    endpoint_id: Annotated[str, typer.Argument(help="Endpoint id.")],
    last: Annotated[int, typer.Option(help="How many attempts, newest first.")] = 20,
) -> None:
    """List an endpoint's latest delivery attempts."""

    async def work(database: Database) -> None:
        async with database.session() as session:
            endpoint = await deliveries.owned_endpoint(session, endpoint_id, None)
            page = await deliveries.list_deliveries(
                session, endpoint, page_request(min(max(last, 0), 100), None)
            )
        for d in page.items:
            outcome = "delivered" if d.succeeded else f"failed ({d.error})"
            status = d.status_code if d.status_code is not None else "-"
            retry = f" next {d.next_attempt_at:%H:%M:%S}" if d.next_attempt_at else ""
            console.print(
                f"{d.at:%Y-%m-%d %H:%M:%S} event {d.event_id} attempt {d.attempt} "
                f"{status} {d.duration_ms} ms {outcome}{retry}"
            )

    _run(work)


@outbox_app.command("prune")
def prune_outbox(
    days: Annotated[
        int | None, typer.Option(help="Retention (default HUB_FEED_RETENTION_DAYS).")
    ] = None,
) -> None:
    """Delete events every consumer has, older than the retention period."""

    async def work(database: Database) -> None:
        async with database.transaction() as session:
            count = await prune(
                session, utcnow(), days=get_feed_settings().retention_days if days is None else days
            )
        console.print(f"{counted(count, 'event')} pruned")

    _run(work)


def _run(work: Callable[[Database], Awaitable[None]]) -> None:
    # The one way a command opens the database (checked, then disposed of); errors reach
    # the `hub` command's boundary, which says them in one line.
    with_database(work)
