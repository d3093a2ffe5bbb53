"""The authorization-code grant: sign-in redirect, consent page, code, ID and refresh tokens."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt

from hub.principals.scopes import DESCRIPTIONS, Scope
from tests.auth.server.conftest import AUTH_TIME, SignIn
from tests.auth.server.support import (
    API_AUDIENCE,
    CITIZEN_ACR,
    ISSUER,
    LAND_OFFICE,
    PORTAL,
    World,
    authorization_request,
    authorize,
    claims_of,
    consent_id_of,
    graphql_status,
    query_of,
    redeem,
    unix,
)


async def test_signed_out_citizen_is_sent_to_sign_in(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given nobody signed in
    sign_in(None)
    params = authorization_request()
    # When the portal sends the citizen to the authorization endpoint
    response = await client.get("/oauth2/authorize", params=params)
    # Then the citizen is sent to /auth/login, to come back to the same request
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert location.path == "/auth/login"
    back = parse_qs(location.query)["next"][0]
    assert back.startswith("/oauth2/authorize?")
    assert query_of(back) == params


async def test_consent_page_names_client_agency_and_scopes(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When the land office asks her for two scopes
    response = await client.get(
        "/oauth2/authorize",
        params=authorization_request(
            client_id=LAND_OFFICE,
            redirect_uri=ISSUER + "/land/callback",
            scope="person.identity:read land:read",
        ),
    )
    # Then the page names the client, its agency and each scope with its description
    assert response.status_code == 200
    page = response.text
    assert "Land office system" in page
    assert "H01.05" in page
    assert escape(DESCRIPTIONS[Scope.LAND_READ]) in page
    assert escape(DESCRIPTIONS[Scope.PERSON_IDENTITY_READ]) in page
    # And it offers Allow and Deny in a form with a CSRF token, and cannot be framed
    assert 'value="allow"' in page
    assert 'value="deny"' in page
    assert consent_id_of(page)
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


async def test_code_flow_issues_access_id_and_refresh_tokens(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in at level 2, allowing the portal
    sign_in(world.alice)
    authorization = await authorize(client)
    # Then the redirect carries a code, the state and the issuer (RFC 9207)
    assert set(authorization.params) == {"code", "state", "iss"}
    assert authorization.params["state"] == "af0ifjsldkj"
    assert authorization.params["iss"] == ISSUER
    # When the portal redeems the code with its PKCE verifier
    response = await redeem(client, authorization)
    # Then it gets an access token, an ID token and a refresh token
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == "land:read openid"
    assert body["refresh_token"]
    # And the access token is Alice's, for the API, without the openid protocol scope
    access = claims_of(body["access_token"])
    assert access["sub"] == world.alice.id
    assert access["client_id"] == PORTAL
    assert access["aud"] == API_AUDIENCE
    assert access["scope"] == "land:read"
    assert access["acr"] == CITIZEN_ACR
    assert access["auth_time"] == unix(AUTH_TIME)
    assert access["sid"]
    assert "agency" not in access
    # And the ID token is for the portal, with the nonce, acr, auth_time and the same grant
    id_token = body["id_token"]
    assert jwt.get_unverified_header(id_token)["typ"] == "JWT"
    identity = claims_of(id_token)
    assert identity["aud"] == PORTAL
    assert identity["iss"] == ISSUER
    assert identity["sub"] == world.alice.id
    assert identity["nonce"] == "n-0S6_WzA2Mj"
    assert identity["acr"] == CITIZEN_ACR
    assert identity["auth_time"] == unix(AUTH_TIME)
    assert identity["sid"] == access["sid"]
    assert identity["at_hash"]


async def test_access_token_from_the_code_flow_is_accepted_by_the_api(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given tokens from the code flow
    sign_in(world.alice)
    tokens = (await redeem(client, await authorize(client))).json()
    # When the portal calls the API with the access token
    response = await graphql_status(client, tokens["access_token"])
    # Then it is accepted
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_without_openid_there_is_no_id_token(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice allowing the portal only land:read
    sign_in(world.alice)
    authorization = await authorize(client, scope="land:read")
    # When the code is redeemed
    body = (await redeem(client, authorization)).json()
    # Then there is no ID token
    assert body["scope"] == "land:read"
    assert "id_token" not in body


async def test_denied_consent_redirects_with_access_denied(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When she denies the portal
    authorization = await authorize(client, decision="deny")
    # Then the portal learns access_denied, with its state and the issuer
    assert authorization.params["error"] == "access_denied"
    assert authorization.params["state"] == "af0ifjsldkj"
    assert authorization.params["iss"] == ISSUER
    assert "code" not in authorization.params
