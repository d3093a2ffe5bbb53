"""The record of an endpoint's deliveries, and replaying its feed from an event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import Invalid, NotFound
from hub.feed import entries
from hub.feed.stream import ResyncRequired, start_position
from hub.feed.webhooks.models import WebhookDelivery, WebhookEndpoint
from hub.kit.pagination import Page, PageRequest

_d: Any = WebhookDelivery


async def owned_endpoint(
    session: AsyncSession, endpoint_id: str, client_id: str | None
) -> WebhookEndpoint:
    """The endpoint ``endpoint_id``, if ``client_id`` owns it (None: the operator, who owns all).
    Someone else's endpoint is refused as an unknown one."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or (client_id is not None and endpoint.client_id != client_id):
        raise NotFound(f"No webhook endpoint {endpoint_id} of yours.")
    return endpoint


async def list_deliveries(
    session: AsyncSession, endpoint: WebhookEndpoint, page: PageRequest
) -> Page[WebhookDelivery]:
    """The endpoint's attempts, newest first."""
    statement = select(WebhookDelivery).where(_d.endpoint_id == endpoint.id)
    if page.after is not None:
        if not page.after.isdigit():
            raise Invalid("Argument 'after' is not a cursor returned by this API", argument="after")
        statement = statement.where(_d.id < int(page.after))
    rows = list(
        (await session.execute(statement.order_by(_d.id.desc()).limit(page.first + 1))).scalars()
    )
    total = await session.scalar(
        select(func.count()).select_from(WebhookDelivery).where(_d.endpoint_id == endpoint.id)
    )
    return Page(
        items=rows[: page.first], total_count=int(total or 0), has_next_page=len(rows) > page.first
    )


async def replay(session: AsyncSession, endpoint: WebhookEndpoint, event_id: str) -> int:
    """Deliver the endpoint's feed again from event ``event_id`` (included), enable it if it
    was disabled, and return the position it restarts after. Replayed events are logged again:
    they are new deliveries. An event no longer kept raises ``ResyncRequired``."""
    if not event_id.isdigit() or len(event_id) > 18:
        raise Invalid(f"{event_id!r} is not an event id (a number).", argument="from")
    seq = await start_position(session, event_id)
    endpoint.position = seq - 1
    endpoint.logged_position = seq - 1
    _enable(endpoint)
    await session.flush()
    return endpoint.position


def _enable(endpoint: WebhookEndpoint) -> None:
    """Enabled, with a clean slate of failures: the next attempt is a first one."""
    endpoint.enabled = True
    endpoint.disabled_reason = None
    endpoint.failures = 0
    endpoint.failing_since = None
    endpoint.next_attempt_at = None


async def resume(session: AsyncSession, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Enable a disabled endpoint again where it stopped: it gets the events after the last
    one it received, those published while it was disabled included. When some of those are
    no longer kept (pruned while it was disabled) nothing is enabled and ``ResyncRequired``
    says to replay from an event kept instead: resuming would skip events silently."""
    if not endpoint.enabled:
        oldest = await entries.first_seq(session)
        if oldest > endpoint.position + 1:
            raise ResyncRequired(
                "Events this endpoint has not received are no longer kept: read the current "
                "state through the API, then replay from a recent event id."
            )
    _enable(endpoint)
    await session.flush()
    return endpoint


async def suspend(session: AsyncSession, endpoint: WebhookEndpoint, reason: str) -> None:
    """Disable an endpoint: nothing is sent to it until it is resumed or replayed."""
    if endpoint.enabled:
        endpoint.enabled = False
        endpoint.disabled_reason = reason
        endpoint.next_attempt_at = None
        await session.flush()
