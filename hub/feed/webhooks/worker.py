"""One endpoint's deliveries, in feed order, one event at a time.

A pass (1) reads the events after the endpoint's position that its client may see, and logs
the ones not logged yet (committed before anything is sent, as the subscription does); (2)
POSTs them in order, stopping at the first failure, so that events about one subject never
overtake each other; (3) records every attempt and moves the position past what was delivered
or withheld, or sets the time of the next attempt. Each endpoint has its own worker, so a slow
or failing receiver only ever delays itself.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
import orjson
from sqlalchemy.exc import DBAPIError

from hub.db import Database
from hub.feed import entries, lease
from hub.feed.delivery_log import log_deliveries
from hub.feed.entries import FeedItem
from hub.feed.rights import Delivery, may_receive, view
from hub.feed.settings import FeedSettings
from hub.feed.webhooks.backoff import retry_at
from hub.feed.webhooks.models import WebhookDelivery, WebhookEndpoint
from hub.feed.webhooks.post import Attempt, post
from hub.feed.webhooks.receiver import endpoint_principal
from hub.feed.webhooks.signing import headers
from hub.kit.clock import utcnow
from hub.registry.pipeline.ingest_retry import is_contention

CONTENT_TYPE = "application/cloudevents+json"
SLICE_SECONDS = 1.0
"""Longest a pass sends before recording, so a crash repeats little."""
RECORD_TRIES = 5
RECORD_RETRY_SECONDS = 0.05
NO_RIGHTS = "the client is disabled, or the purpose is no longer registered for it"


@dataclass(frozen=True)
class _Plan:
    position: int
    url: str
    secret: str
    failures: int
    items: list[tuple[FeedItem, Delivery | None]]
    full: bool


@dataclass(frozen=True)
class _Result:
    item: FeedItem
    at: datetime
    attempt: Attempt | None  # None: withheld from this client


class EndpointWorker:
    """Delivers the feed to one endpoint; ``step`` runs one pass."""

    def __init__(
        self,
        database: Database,
        settings: FeedSettings,
        endpoint_id: str,
        *,
        source: str,
        holder: str,
        http: httpx.AsyncClient,
        rng: random.Random | None = None,
        stopping: asyncio.Event | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.endpoint_id = endpoint_id
        self.source = source
        self.holder = holder
        self.http = http
        self.rng = rng or random.Random()
        self.stopping = stopping or asyncio.Event()
        """Set to stop: a POST in flight is abandoned (unrecorded), what was done is recorded."""

    async def step(self) -> float | None:
        """Run one pass; return how long to wait before the next (0: go on at once), or None
        once the endpoint is disabled or gone. Raises ``LeaseLost`` without the lease."""
        plan = await self._plan()
        if not isinstance(plan, _Plan):
            return plan
        results = await self._send(plan)
        return await self._record_retrying(plan, results)

    async def _record_retrying(self, plan: _Plan, results: list[_Result]) -> float | None:
        """Record what was sent, trying again while the database is busy: a record rolled
        back would send the same events again at the next pass (at least once, but a busy
        SQLite under ingestion made that common, measured by bench/events.py)."""
        for attempt in range(1, RECORD_TRIES + 1):
            try:
                return await self._record(plan, results)
            except DBAPIError as error:
                if attempt == RECORD_TRIES or not is_contention(error):
                    raise
                await asyncio.sleep(RECORD_RETRY_SECONDS * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _plan(self) -> _Plan | float | None:
        async with self.database.transaction() as session:
            now = utcnow()
            await lease.require(session, self.holder, now, self.settings.lease_seconds)
            endpoint = await session.get(WebhookEndpoint, self.endpoint_id)
            if endpoint is None or not endpoint.enabled:
                return None
            if endpoint.next_attempt_at is not None and endpoint.next_attempt_at > now:
                return (endpoint.next_attempt_at - now).total_seconds()
            principal = await endpoint_principal(session, endpoint)
            if principal is None or not may_receive(principal, now):
                _disable(endpoint, NO_RIGHTS)
                return None
            limit = 1 if endpoint.failures else self.settings.batch
            items = await entries.items_after(
                session, endpoint.position, limit=limit, types=endpoint.types
            )
            if not items:
                return self.settings.poll_seconds
            planned = [(item, view(principal, item, source=self.source)) for item in items]
            fresh = [d for _, d in planned if d is not None and d.seq > endpoint.logged_position]
            if fresh:
                await log_deliveries(session, principal, fresh, channel="webhook")
            endpoint.logged_position = max(endpoint.logged_position, items[-1].seq)
            return _Plan(
                position=endpoint.position,
                url=endpoint.url,
                secret=endpoint.secret,
                failures=endpoint.failures,
                items=planned,
                full=len(items) == limit and not endpoint.failures,
            )

    async def _send(self, plan: _Plan) -> list[_Result]:
        results: list[_Result] = []
        started = time.monotonic()
        for item, delivery in plan.items:
            at = utcnow()
            if delivery is None:
                results.append(_Result(item, at, None))
                continue
            body = orjson.dumps(delivery.event)
            signed = headers(plan.secret, str(item.event.id), int(time.time()), body)
            signed["content-type"] = CONTENT_TYPE
            attempt = await self._post(plan.url, body, signed)
            if attempt is None:
                break
            results.append(_Result(item, at, attempt))
            if not attempt.delivered or time.monotonic() - started > SLICE_SECONDS:
                break
        return results

    async def _post(self, url: str, body: bytes, signed: dict[str, str]) -> Attempt | None:
        """POST, unless told to stop first (None); never cancelled inside a transaction."""
        sending = asyncio.ensure_future(post(self.http, url, body, signed, self.settings))
        stopping = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({sending, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not sending.done():
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            return None
        return sending.result()

    async def _record(self, plan: _Plan, results: list[_Result]) -> float | None:
        async with self.database.transaction() as session:
            now = utcnow()
            await lease.require(session, self.holder, now, self.settings.lease_seconds)
            endpoint = await session.get(WebhookEndpoint, self.endpoint_id)
            if endpoint is None:
                return None
            # Disabled or replayed while we sent: keep the record of the attempts, not their
            # effect on a position the operator has set.
            ours = endpoint.enabled and endpoint.position == plan.position
            first = True
            for result in results:
                if result.attempt is None:
                    if ours:
                        endpoint.position = result.item.seq
                    continue
                number = plan.failures + 1 if first else 1
                first = False
                retry = self._outcome(endpoint, result, now) if ours else None
                session.add(
                    WebhookDelivery(
                        endpoint_id=endpoint.id,
                        event_id=int(result.item.event.id or 0),
                        attempt=number,
                        at=result.at,
                        succeeded=result.attempt.delivered,
                        status_code=result.attempt.status_code,
                        error=result.attempt.error,
                        duration_ms=result.attempt.duration_ms,
                        next_attempt_at=retry,
                    )
                )
            if not endpoint.enabled:
                return None
            if endpoint.next_attempt_at is not None:
                return max((endpoint.next_attempt_at - now).total_seconds(), 0.0)
            done = len(results) == len(plan.items)
            return self.settings.poll_seconds if done and not plan.full else 0.0

    def _outcome(
        self, endpoint: WebhookEndpoint, result: _Result, now: datetime
    ) -> datetime | None:
        """Apply one attempt to the endpoint; return the time of the next attempt, if any."""
        assert result.attempt is not None
        if result.attempt.delivered:
            endpoint.position = result.item.seq
            endpoint.failures = 0
            endpoint.failing_since = None
            endpoint.next_attempt_at = None
            return None
        endpoint.failures += 1
        endpoint.failing_since = endpoint.failing_since or result.at
        retry = retry_at(endpoint.failures, endpoint.failing_since, now, self.settings, self.rng)
        if retry is None:
            _disable(endpoint, f"failing since {endpoint.failing_since:%Y-%m-%d %H:%M:%S}Z")
        else:
            endpoint.next_attempt_at = retry
        return retry


def _disable(endpoint: WebhookEndpoint, reason: str) -> None:
    endpoint.enabled = False
    endpoint.disabled_reason = reason[:255]
    endpoint.next_attempt_at = None
