"""Hub apps for the e-identity tests, configured against a given provider."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from pydantic import SecretStr
from starlette.types import ASGIApp

from hub.settings import Environment, Settings
from tests.auth.eid.oidc_provider.fixture import HUB_CLIENT, HUB_ORIGIN, ProviderClient


def hub_settings(
    issuer: str,
    client: ProviderClient = HUB_CLIENT,
    *,
    algorithms: list[str] | None = None,
) -> Settings:
    """Settings of a hub at ``HUB_ORIGIN`` signing citizens in at ``issuer`` as ``client``."""
    settings = Settings(
        environment=Environment.TEST,
        database_url="sqlite:///unused.db",
        issuer=HUB_ORIGIN,
        eid_issuer=issuer,
        eid_client_id=client.client_id,
        eid_client_secret=SecretStr(client.client_secret),
        eid_client_auth_method="client_secret_post"
        if client.auth_method == "client_secret_post"
        else "client_secret_basic",
    )
    if algorithms is not None:
        return settings.model_copy(update={"eid_id_token_algorithms": algorithms})
    return settings


@asynccontextmanager
async def browser_at(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """A fresh browser (its own cookie jar) talking to ``app`` in-process at ``HUB_ORIGIN``."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=HUB_ORIGIN) as browser:
        yield browser
