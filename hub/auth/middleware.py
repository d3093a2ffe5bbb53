"""Authentication at the edge: bearer token or citizen session → ``Principal`` in the scope.

Placeholder until the authorization-server work lands: every caller is anonymous.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.principal import ANONYMOUS
from hub.db import Database
from hub.http.session import state
from hub.settings import Settings


class AuthenticationMiddleware:
    """Puts the request's ``Principal`` in ``scope["state"]["principal"]``."""

    def __init__(self, app: ASGIApp, database: Database, settings: Settings) -> None:
        self.app = app
        self.database = database
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate one request."""
        if scope["type"] in ("http", "websocket"):
            state(scope)["principal"] = ANONYMOUS
        await self.app(scope, receive, send)
