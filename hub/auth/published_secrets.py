"""The demo clients' secrets are published (README, docs): production never honours them.

``hub demo load`` registers them only in development, but a database loaded in development can
be served in production. Two guards: production refuses to start while a client still has its
published secret (``hub serve``, one line naming the clients and the command that disables
them), and in production the token endpoint never accepts a published secret (so that a
database changed under a running server, or served without ``hub serve``, gives no token
either). A demo client whose secret was rotated is an ordinary client.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.client_secrets import verify_client_secret
from hub.auth.clients import get_clients
from hub.auth.demo import LAND_OFFICE_CLIENT_ID, LAND_OFFICE_SECRET, POLICE_CLIENT_ID, POLICE_SECRET
from hub.settings import Environment, Settings

PUBLISHED_SECRETS: Mapping[str, str] = {
    LAND_OFFICE_CLIENT_ID: LAND_OFFICE_SECRET,
    POLICE_CLIENT_ID: POLICE_SECRET,
}


def is_published_secret(secret: str) -> bool:
    """Tell whether ``secret`` is one the hub's documentation publishes."""
    return any(
        hmac.compare_digest(secret.encode(), known.encode()) for known in PUBLISHED_SECRETS.values()
    )


def refuses_published_secrets(settings: Settings) -> bool:
    """True in production: published secrets authenticate nobody there."""
    return settings.environment is Environment.PRODUCTION


async def clients_with_published_secrets(session: AsyncSession) -> list[str]:
    """Return the enabled clients whose secret is still the published one, by id."""
    records = await get_clients(session, PUBLISHED_SECRETS)
    return sorted(
        client_id
        for client_id, record in records.items()
        if record.enabled
        and verify_client_secret(PUBLISHED_SECRETS[client_id], record.client.secret_hash)
    )


async def startup_refusal(session: AsyncSession, settings: Settings) -> str | None:
    """Return why production must not start (one line), or ``None``."""
    if not refuses_published_secrets(settings):
        return None
    found = await clients_with_published_secrets(session)
    if not found:
        return None
    commands = " && ".join(f"hub clients disable {client_id}" for client_id in found)
    return (
        f"refusing to serve in production: client(s) {', '.join(found)} still have the demo's "
        f"published secrets; disable them: {commands}"
    )
