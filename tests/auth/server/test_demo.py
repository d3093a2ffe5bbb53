"""The demo agencies, purposes and clients of ``hub demo load``."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import get_client, list_clients
from hub.auth.demo import (
    INVESTIGATION_DELAY_DAYS,
    LAND_OFFICE_CLIENT_ID,
    LAND_OFFICE_SECRET,
    POLICE_CLIENT_ID,
    PORTAL_CLIENT_ID,
    load_demo_auth,
)
from hub.auth.purposes import list_purposes
from hub.settings import Environment, Settings

DEVELOPMENT = Settings(environment=Environment.DEVELOPMENT, database_url="sqlite:///unused.db")


async def test_demo_load_is_idempotent_and_complete(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # Given a development hub
    # When the demo is loaded twice
    await load_demo_auth(session, DEVELOPMENT)
    await load_demo_auth(session, DEVELOPMENT)
    await session.commit()
    # Then there are three purposes and three clients, once each
    assert [p.code for p in await list_purposes(session)] == [
        "criminal-investigation",
        "health-insurance-claim",
        "land-registration",
    ]
    ids = sorted(record.client_id for record in await list_clients(session))
    assert ids == sorted([LAND_OFFICE_CLIENT_ID, POLICE_CLIENT_ID, PORTAL_CLIENT_ID])
    # And the investigation reads stay hidden for 30 days
    police = await get_client(session, POLICE_CLIENT_ID)
    assert police is not None
    assert police.purposes["criminal-investigation"] == INVESTIGATION_DELAY_DAYS
    # And only the police client, besides the citizen portal, may read sensitive data
    land = await get_client(session, LAND_OFFICE_CLIENT_ID)
    assert land is not None and "person.sensitive:read" not in land.client.scope.split()
    assert "person.sensitive:read" in police.client.scope.split()
    # And the public portal uses PKCE on the documented callback
    portal = await get_client(session, PORTAL_CLIENT_ID)
    assert portal is not None
    assert portal.client.token_endpoint_auth_method == "none"
    assert "person.sensitive:read" in portal.client.scope.split()
    assert portal.client.redirect_uris == ["http://127.0.0.1:8000/auth/portal/callback"]
    # And the documented demo secret works at the token endpoint
    response = await client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "land:read"},
        auth=(LAND_OFFICE_CLIENT_ID, LAND_OFFICE_SECRET),
    )
    assert response.status_code == 200, response.text


async def test_demo_secrets_exist_only_in_development(session: AsyncSession) -> None:
    # Given a hub that is not in development
    testing = DEVELOPMENT.model_copy(update={"environment": Environment.TEST})
    # When the demo is loaded
    await load_demo_auth(session, testing)
    # Then only the public portal exists, no client with a published secret
    assert [record.client_id for record in await list_clients(session)] == [PORTAL_CLIENT_ID]
