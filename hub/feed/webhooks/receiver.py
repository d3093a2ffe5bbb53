"""Who receives an endpoint's events: its client, acting on its own for the endpoint's purpose,
with the scopes and purposes registered for it now (read again at every batch, so that a
narrowed grant or a disabled client takes effect at the next event)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import get_client
from hub.feed.webhooks.models import WebhookEndpoint
from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import parse_scopes


async def endpoint_principal(session: AsyncSession, endpoint: WebhookEndpoint) -> Principal | None:
    """The principal the endpoint's events are filtered and logged as; None when its client is
    gone or disabled."""
    record = await get_client(session, endpoint.client_id)
    if record is None or not record.enabled:
        return None
    try:
        scopes = parse_scopes(record.client.scope)
    except ValueError:
        return None
    return Principal(
        kind=PrincipalKind.CLIENT,
        scopes=scopes,
        client_id=record.client_id,
        agency_code=record.client.agency_code,
        subject=record.client_id,
        purpose=endpoint.purpose,
        allowed_purposes=frozenset(record.purposes),
    )
