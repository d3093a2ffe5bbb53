"""Discovery metadata (RFC 8414, OpenID Connect) and the JWKS."""

from __future__ import annotations

import httpx
import jwt

from tests.auth.server.support import ISSUER, World, client_token


async def test_metadata_names_the_endpoints_and_what_they_support(
    client: httpx.AsyncClient,
) -> None:
    # Given the hub
    # When both discovery documents are fetched
    oauth = await client.get("/.well-known/oauth-authorization-server")
    openid = await client.get("/.well-known/openid-configuration")
    # Then they are the same document, naming the issuer and the endpoints
    assert oauth.status_code == openid.status_code == 200
    document = oauth.json()
    assert openid.json() == document
    assert document["issuer"] == ISSUER
    assert document["token_endpoint"] == ISSUER + "/oauth2/token"
    assert document["authorization_endpoint"] == ISSUER + "/oauth2/authorize"
    assert document["jwks_uri"] == ISSUER + "/oauth2/jwks"
    assert document["revocation_endpoint"] == ISSUER + "/oauth2/revoke"
    assert document["introspection_endpoint"] == ISSUER + "/oauth2/introspect"
    # And only the code flow with S256 PKCE, ES256 tokens and the iss parameter
    assert document["response_types_supported"] == ["code"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["ES256"]
    assert document["authorization_response_iss_parameter_supported"] is True
    assert "password" not in document["grant_types_supported"]
    assert "implicit" not in document["grant_types_supported"]
    assert "urn:ietf:params:oauth:grant-type:token-exchange" in document["grant_types_supported"]
    assert {"openid", "land:read"} <= set(document["scopes_supported"])


async def test_jwks_publishes_the_signing_key_without_private_parts(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a token issued (which creates the first signing key)
    token = await client_token(client)
    # When the JWKS is fetched
    response = await client.get("/oauth2/jwks")
    # Then it holds one public P-256 key whose kid the token names
    keys = response.json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "EC"
    assert keys[0]["crv"] == "P-256"
    assert keys[0]["alg"] == "ES256"
    assert "d" not in keys[0]
    assert jwt.get_unverified_header(token)["kid"] == keys[0]["kid"]
