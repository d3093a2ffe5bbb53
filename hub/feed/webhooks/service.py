"""Registering, listing and disabling webhook endpoints."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import get_client
from hub.errors import Invalid, NotFound
from hub.feed import entries
from hub.feed.kinds import FEED_KINDS, PERSON
from hub.feed.webhooks.models import WebhookEndpoint
from hub.feed.webhooks.signing import new_secret
from hub.feed.webhooks.targets import check_target
from hub.kit.clock import utcnow

KNOWN_TYPES = frozenset({PERSON, *FEED_KINDS})


async def create_endpoint(
    session: AsyncSession,
    *,
    client_id: str,
    url: str,
    types: Sequence[str],
    purpose: str,
    production: bool,
) -> WebhookEndpoint:
    """Register an endpoint of ``client_id``; it receives events published from now on."""
    check_target(url, production=production)
    unknown = sorted(set(types) - KNOWN_TYPES)
    if not types or unknown:
        raise Invalid(
            f"Unknown entity types: {', '.join(unknown) or '(none given)'}.", argument="types"
        )
    client = await get_client(session, client_id)
    if client is None or not client.enabled:
        raise NotFound(f"No enabled client {client_id}.")
    if purpose not in client.purposes:
        raise Invalid(f"Purpose {purpose} is not registered for {client_id}.", argument="purpose")
    endpoint = WebhookEndpoint(
        id=str(uuid.uuid4()),
        client_id=client_id,
        url=url,
        purpose=purpose,
        types=sorted(set(types)),
        secret=new_secret(),
        position=await entries.last_seq(session),
        created_at=utcnow(),
    )
    session.add(endpoint)
    await session.flush()
    return endpoint


async def list_endpoints(
    session: AsyncSession, client_id: str | None = None
) -> list[WebhookEndpoint]:
    """Every endpoint (of ``client_id``), oldest first."""
    statement = select(WebhookEndpoint).order_by(WebhookEndpoint.created_at)  # type: ignore[arg-type]
    if client_id is not None:
        statement = statement.where(WebhookEndpoint.client_id == client_id)  # type: ignore[arg-type]
    return list((await session.execute(statement)).scalars())


async def set_enabled(
    session: AsyncSession, endpoint_id: str, *, enabled: bool, reason: str | None = None
) -> WebhookEndpoint:
    """Disable (with a reason) or enable again an endpoint."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"No webhook endpoint {endpoint_id}.")
    endpoint.enabled = enabled
    endpoint.disabled_reason = None if enabled else reason
    endpoint.failures = 0
    endpoint.failing_since = None
    endpoint.next_attempt_at = None
    await session.flush()
    return endpoint
