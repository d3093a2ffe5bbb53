"""``build_server``: authlib's server with the hub's grants, client auth and endpoints."""

from __future__ import annotations

from hub.auth.server.adapter import HubAuthorizationServer
from hub.auth.server.client_assertion import METHOD, PrivateKeyJwtAuthentication
from hub.auth.server.grants.authorization_code import HubAuthorizationCodeGrant
from hub.auth.server.grants.client_credentials import HubClientCredentialsGrant
from hub.auth.server.grants.pkce import RequiredS256CodeChallenge
from hub.auth.server.grants.refresh_token import HubRefreshTokenGrant
from hub.auth.server.grants.token_exchange import TokenExchangeGrant
from hub.auth.server.issuance import TokenIssuer
from hub.auth.server.secret_basic import SECRET_BASIC, SecretBasicAuthentication
from hub.auth.server.snapshot import Snapshot
from hub.auth.server.token_endpoints import HubIntrospectionEndpoint, HubRevocationEndpoint


def build_server(snapshot: Snapshot) -> HubAuthorizationServer:
    """Return a server for one request (cheap: registration only fills a few lists).

    No implicit or password grant is registered, so authlib answers ``unsupported_grant_type``
    and ``unsupported_response_type`` for them.
    """
    server = HubAuthorizationServer(snapshot)
    server.register_client_auth_method(METHOD, PrivateKeyJwtAuthentication(snapshot))
    server.register_client_auth_method(SECRET_BASIC, SecretBasicAuthentication(snapshot.settings))
    server.register_grant(HubClientCredentialsGrant)
    server.register_grant(HubAuthorizationCodeGrant, [RequiredS256CodeChallenge()])
    server.register_grant(HubRefreshTokenGrant)
    server.register_grant(TokenExchangeGrant)
    server.register_token_generator("default", TokenIssuer(snapshot))
    server.register_endpoint(HubRevocationEndpoint)
    server.register_endpoint(HubIntrospectionEndpoint)
    return server
