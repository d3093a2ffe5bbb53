"""Routes of the hub's OAuth2 authorization server (metadata, JWKS, token, authorize, ...)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from hub.auth.server.authorize import AuthorizationEndpoint
from hub.auth.server.metadata import (
    AUTHORIZE_PATH,
    INTROSPECT_PATH,
    JWKS_PATH,
    REVOKE_PATH,
    TOKEN_PATH,
    jwks,
    metadata_endpoint,
)
from hub.auth.server.token_routes import TokenEndpoints
from hub.db import Database
from hub.settings import Settings


def auth_routes(database: Database, settings: Settings) -> list[BaseRoute]:
    """Return the authorization server's routes (they use the request's session)."""
    metadata = metadata_endpoint(settings)
    tokens = TokenEndpoints(settings)
    authorization = AuthorizationEndpoint(settings)
    return [
        Route("/.well-known/oauth-authorization-server", metadata, methods=["GET"]),
        Route("/.well-known/openid-configuration", metadata, methods=["GET"]),
        Route(JWKS_PATH, jwks, methods=["GET"]),
        Route(AUTHORIZE_PATH, authorization.show, methods=["GET"]),
        Route(AUTHORIZE_PATH, authorization.decide, methods=["POST"]),
        Route(TOKEN_PATH, tokens.token, methods=["POST"]),
        Route(REVOKE_PATH, tokens.revoke, methods=["POST"]),
        Route(INTROSPECT_PATH, tokens.introspect, methods=["POST"]),
    ]
