"""Routes of the development identity provider, mounted at ``/dev-eid`` on the hub."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from hub.auth.eid.dev_provider.authorize import authorize_endpoint
from hub.auth.eid.dev_provider.metadata import (
    AUTHORIZE_PATH,
    DISCOVERY_PATH,
    JWKS_PATH,
    TOKEN_PATH,
    discovery_endpoint,
    jwks_endpoint,
)
from hub.auth.eid.dev_provider.provider import DevProvider
from hub.auth.eid.dev_provider.registration import MOUNT_PATH
from hub.auth.eid.dev_provider.token_endpoint import token_endpoint
from hub.settings import Settings


def dev_provider_routes(settings: Settings) -> list[BaseRoute]:
    """Return the development provider's routes (discovery, JWKS, authorize, token)."""
    provider = DevProvider.from_settings(settings)
    return [
        Route(MOUNT_PATH + DISCOVERY_PATH, discovery_endpoint(provider), methods=["GET"]),
        Route(MOUNT_PATH + JWKS_PATH, jwks_endpoint(), methods=["GET"]),
        Route(MOUNT_PATH + AUTHORIZE_PATH, authorize_endpoint(provider), methods=["GET", "POST"]),
        Route(MOUNT_PATH + TOKEN_PATH, token_endpoint(provider), methods=["POST"]),
    ]
