"""Routes of the hub's OAuth2 authorization server (metadata, JWKS, token, authorize, ...)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from hub.db import Database
from hub.settings import Settings


def auth_routes(database: Database, settings: Settings) -> list[BaseRoute]:
    """Return the authorization server's routes."""
    return []
