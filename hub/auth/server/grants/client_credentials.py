"""``client_credentials``: an agency system acting for itself."""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc6749 import InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant

from hub.auth.server.client import OPENID
from hub.auth.server.grants.base import CONFIDENTIAL_METHODS, allowed_scope


class HubClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    """authlib's grant, with the scope limited to what the client is registered for."""

    TOKEN_ENDPOINT_AUTH_METHODS = CONFIDENTIAL_METHODS

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        """Issue an access token with ``sub`` = the client; never a refresh token."""
        requested = self.request.payload.scope
        if OPENID in (requested or "").split():
            raise InvalidScopeError("The 'openid' scope needs a signed-in citizen.")
        scope = allowed_scope(self.client, requested)
        token = self.generate_token(scope=scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER
