"""RFC 7009 revocation and RFC 7662 introspection over the snapshot.

Neither tells a client anything about another client's token: revoking it is a silent no-op
(as for an unknown token) and introspecting it answers ``{"active": false}``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from hub.auth.server.adapter import HubAuthorizationServer
from hub.auth.server.client import HubClient
from hub.auth.server.effects import REVOKED_BY_CLIENT, RevokeAccessToken, RevokeGrant
from hub.auth.server.grants.base import ALL_METHODS, CONFIDENTIAL_METHODS
from hub.auth.server.token_views import AccessTokenView, TokenView, find_token


class HubRevocationEndpoint(RevocationEndpoint):  # type: ignore[misc]
    """Revokes an access token (its ``jti``) or a refresh token (its whole grant)."""

    CLIENT_AUTH_METHODS = ALL_METHODS

    def authenticate_token(self, request: OAuth2Request, client: HubClient) -> TokenView | None:
        """Return the token if it is this client's; otherwise act as if it were unknown."""
        self.check_params(request, client)
        token = self.query_token(request.form["token"], request.form.get("token_type_hint"))
        if token is None or token.client_id != client.client_id:
            return None
        return token

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenView | None:
        """Find the token in the snapshot."""
        server = cast(HubAuthorizationServer, self.server)
        return find_token(server.snapshot, token_string, token_type_hint)

    def revoke_token(self, token: TokenView, request: OAuth2Request) -> None:
        """Record the revocation (applied after authlib returns)."""
        effects = cast(HubAuthorizationServer, self.server).snapshot.effects
        if isinstance(token, AccessTokenView):
            expires = datetime.fromtimestamp(int(token.claims["exp"]), UTC)
            effects.append(RevokeAccessToken(str(token.claims["jti"]), expires))
        else:
            effects.append(RevokeGrant(token.record.grant.id, REVOKED_BY_CLIENT))


class HubIntrospectionEndpoint(IntrospectionEndpoint):  # type: ignore[misc]
    """Says whether a token is active, to the client it was issued to only."""

    CLIENT_AUTH_METHODS = CONFIDENTIAL_METHODS

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenView | None:
        """Find the token in the snapshot."""
        server = cast(HubAuthorizationServer, self.server)
        return find_token(server.snapshot, token_string, token_type_hint)

    def check_permission(self, token: TokenView, client: HubClient, request: Any) -> bool:
        """Only the client the token was issued to may learn about it."""
        return token.client_id == client.client_id

    def introspect_token(self, token: TokenView) -> dict[str, Any]:
        """RFC 7662 members of an active token."""
        return token.introspection()
