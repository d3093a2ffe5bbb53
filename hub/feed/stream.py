"""A receiver's stream of the feed, from a position on: what a subscription yields."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import Database
from hub.errors import HubError, Invalid, Unauthenticated, Unavailable
from hub.feed import entries
from hub.feed.delivery_log import log_deliveries
from hub.feed.rights import Delivery, view
from hub.feed.settings import FeedSettings
from hub.feed.wake import WAKE, Wake
from hub.kit.clock import utcnow
from hub.principals.principal import Principal
from hub.registry.pipeline.ingest_retry import is_contention
from hub.registry.pipeline.outbox_models import OutboxEvent


class ResyncRequired(HubError):
    """The event a client resumes from is no longer kept."""

    code = "RESYNC_REQUIRED"


class CredentialsExpired(Unauthenticated):
    """The receiver's token expired while it listened: a new token lets it go on."""


class CredentialsWithdrawn(Unauthenticated):
    """The receiver's credentials were withdrawn while it listened (token or grant revoked,
    client disabled, purpose unregistered, consent withdrawn)."""


Recheck = Callable[[AsyncSession], Awaitable[str | None]]
"""Asks, in the reader's transaction, whether the receiver's credentials still stand: None
while they do, else why not (given by the caller: the feed knows nothing of tokens)."""


@dataclass(frozen=True)
class StreamRequest:
    """What a receiver asked for: entity types, a commune, where to start."""

    types: Collection[str] | None
    commune: str | None
    after_event: str | None


async def start_position(session: AsyncSession, after_event: str | None) -> int:
    """Return the ``seq`` to stream after: the event ``after_event`` (the last one the client
    got), or the newest event when it gives none."""
    if after_event is None:
        return await entries.last_seq(session)
    if not after_event.isdigit() or len(after_event) > 18:
        raise Invalid("after must be the id of an event you received.", argument="after")
    seq = await entries.seq_of_event(session, int(after_event))
    if seq is not None:
        return seq
    oldest = await session.scalar(select(func.min(OutboxEvent.id)))
    if oldest is None or int(after_event) < int(oldest):
        raise ResyncRequired(
            f"Event {after_event} is older than the events the hub keeps: read the current "
            "state through the API, then subscribe without 'after'."
        )
    raise Invalid(f"No event {after_event} was published.", argument="after")


async def stream(
    database: Database,
    principal: Principal,
    request: StreamRequest,
    *,
    source: str,
    settings: FeedSettings,
    wake: Wake = WAKE,
    recheck: Recheck | None = None,
) -> AsyncIterator[Delivery]:
    """Yield what ``principal`` may see of the feed after ``request.after_event``, in order,
    for as long as its credentials are valid. Each batch is in the access log (committed)
    before it is yielded.

    ``recheck`` is asked before every batch that delivers something (so nothing is sent on
    withdrawn credentials) and, while nothing arrives, every ``settings.recheck_seconds``;
    expiry is checked at every pass. Either ends the stream with ``CredentialsExpired`` or
    ``CredentialsWithdrawn``.
    """
    async with database.transaction() as session:
        position = await start_position(session, request.after_event)
    checked = time.monotonic()
    while True:
        if principal.has_expired(utcnow()):
            raise CredentialsExpired("The access token expired: reconnect with a new one.")
        try:
            async with database.transaction() as session:
                items = await entries.items_after(
                    session, position, limit=settings.batch, types=request.types
                )
                deliveries = [
                    found
                    for item in items
                    if (found := view(principal, item, source=source, commune=request.commune))
                ]
                if recheck is not None and (
                    deliveries or time.monotonic() - checked >= settings.recheck_seconds
                ):
                    checked = time.monotonic()
                    if (reason := await recheck(session)) is not None:
                        raise CredentialsWithdrawn(reason)
                await log_deliveries(session, principal, deliveries, channel="masterDataChanged")
        except (DBAPIError, Unavailable) as error:
            if isinstance(error, DBAPIError) and not is_contention(error):
                raise
            # A busy database (SQLite's write lock under ingestion), or an access log too busy
            # to write (``Unavailable``), rolled the pass back: nothing was logged or sent, the
            # next pass reads the same events again.
            await wake.wait(settings.poll_seconds)
            continue
        for delivery in deliveries:
            yield delivery
        if items:
            position = items[-1].seq
        if len(items) < settings.batch:
            await wake.wait(settings.poll_seconds)
