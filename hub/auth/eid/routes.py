"""Routes of e-identity sign-in (and of the development identity provider when enabled)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from hub.db import Database
from hub.settings import Settings


def eid_routes(database: Database, settings: Settings) -> list[BaseRoute]:
    """Return the sign-in routes."""
    return []
