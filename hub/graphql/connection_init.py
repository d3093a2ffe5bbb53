"""Authentication of a WebSocket by the bearer token in ``connection_init``.

Browsers cannot set headers on a WebSocket handshake, so graphql-transport-ws clients send the
token in the ``connection_init`` payload: ``{"Authorization": "Bearer <jwt>", "Hub-Purpose":
"...", "Hub-Case": "..."}``. The token is checked as the HTTP middleware checks it; a bad one
closes the socket (4403) before any operation runs.
"""

from __future__ import annotations

from typing import Any, cast

from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from hub.auth.server.bearer import principal_from_token
from hub.auth.server.key_cache import KeyCache
from hub.auth.tokens import TokenError
from hub.graphql.context import Context
from hub.graphql.view import HubGraphQL
from hub.kit.clock import utcnow
from hub.settings import Settings

_UNSET = cast(UnsetType, UNSET)


class WebSocketAuthGraphQL(HubGraphQL):
    """``HubGraphQL`` that also takes the principal from ``connection_init``."""

    def __init__(self, *args: Any, settings: Settings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        self.keys = KeyCache()

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Replace the handshake's principal by the token's, or refuse the connection."""
        params = context.connection_params or {}
        authorization = params.get("Authorization", params.get("authorization"))
        if authorization is None:
            return _UNSET
        scheme, _, token = str(authorization).partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ConnectionRejectionError({"message": "Authorization must be 'Bearer <token>'."})
        purpose = params.get("Hub-Purpose")
        case = params.get("Hub-Case")
        try:
            context.principal = await principal_from_token(
                context.session,
                token.strip(),
                keys=self.keys,
                settings=self.settings,
                now=utcnow(),
                purpose=str(purpose)[:64] if purpose else context.principal.purpose,
                case=str(case)[:128] if case else context.principal.case,
            )
        except TokenError as error:
            raise ConnectionRejectionError({"message": error.message}) from None
        finally:
            # The connection's session outlives this check: end its read transaction.
            await context.session.rollback()
        return _UNSET
