"""RFC 7009 revocation and RFC 7662 introspection."""

from __future__ import annotations

import base64

import httpx

from tests.auth.server.conftest import SignIn
from tests.auth.server.support import (
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    POLICE,
    POLICE_SECRET,
    PORTAL,
    World,
    authorize,
    client_token,
    graphql_status,
    redeem,
    unauthenticated,
)

LAND_OFFICE_AUTH = (LAND_OFFICE, LAND_OFFICE_SECRET)


async def test_introspection_describes_an_active_token(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a token of the land office
    token = await client_token(client)
    # When the land office introspects it
    response = await client.post("/oauth2/introspect", data={"token": token}, auth=LAND_OFFICE_AUTH)
    # Then it is active, with its client, scope and expiry
    assert response.status_code == 200
    body = response.json()
    assert body["active"] is True
    assert body["client_id"] == LAND_OFFICE
    assert body["scope"] == "land:read"
    assert body["token_type"] == "Bearer"
    assert isinstance(body["exp"], int)


async def test_introspecting_another_clients_token_reveals_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a token of the land office
    token = await client_token(client)
    # When the police client introspects it
    response = await client.post(
        "/oauth2/introspect", data={"token": token}, auth=(POLICE, POLICE_SECRET)
    )
    # Then it only learns that the token is not active for it
    assert response.status_code == 200
    assert response.json() == {"active": False}


async def test_introspection_needs_client_authentication(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a token of the land office
    token = await client_token(client)
    # When it is introspected without credentials, or by the public portal
    anonymous = await client.post("/oauth2/introspect", data={"token": token})
    public = await client.post("/oauth2/introspect", data={"token": token, "client_id": PORTAL})
    # Then both are refused
    for response in (anonymous, public):
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"


async def test_revoked_access_token_stops_working(client: httpx.AsyncClient, world: World) -> None:
    # Given a token that works
    token = await client_token(client)
    assert (await graphql_status(client, token)).status_code == 200
    # When the land office revokes it
    revoked = await client.post("/oauth2/revoke", data={"token": token}, auth=LAND_OFFICE_AUTH)
    # Then revocation answers 200, introspection says inactive, the API refuses it
    assert revoked.status_code == 200
    introspected = await client.post(
        "/oauth2/introspect", data={"token": token}, auth=LAND_OFFICE_AUTH
    )
    assert introspected.json() == {"active": False}
    api = await graphql_status(client, token)
    assert api.status_code == 401
    assert api.json() == unauthenticated("The access token has been revoked.")
    assert api.headers["www-authenticate"].startswith('Bearer realm="hub", error="invalid_token"')


async def test_revoking_another_clients_token_does_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a token of the land office
    token = await client_token(client)
    # When the police client asks to revoke it
    response = await client.post(
        "/oauth2/revoke", data={"token": token}, auth=(POLICE, POLICE_SECRET)
    )
    # Then the answer is the same as for an unknown token, and the token still works
    assert response.status_code == 200
    assert (await graphql_status(client, token)).status_code == 200


async def test_revoking_a_refresh_token_revokes_its_grant(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given the portal's tokens for Alice
    sign_in(world.alice)
    tokens = (await redeem(client, await authorize(client))).json()
    # When the public portal revokes its refresh token
    response = await client.post(
        "/oauth2/revoke",
        data={
            "token": tokens["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": PORTAL,
        },
    )
    # Then the refresh token and the access token of that grant stop working
    assert response.status_code == 200
    refresh = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": PORTAL,
        },
    )
    assert refresh.json()["error"] == "invalid_grant"
    assert (await graphql_status(client, tokens["access_token"])).status_code == 401


async def test_unknown_token_and_unsupported_hint(client: httpx.AsyncClient, world: World) -> None:
    # Given the land office
    # When it revokes an unknown token, then uses an unknown token type hint
    unknown = await client.post("/oauth2/revoke", data={"token": "nope"}, auth=LAND_OFFICE_AUTH)
    hinted = await client.post(
        "/oauth2/revoke",
        data={"token": "nope", "token_type_hint": "id_token"},
        auth=LAND_OFFICE_AUTH,
    )
    # Then the first is a quiet success and the second unsupported
    assert unknown.status_code == 200
    assert hinted.status_code == 400
    assert hinted.json() == {
        "error": "unsupported_token_type",
        "error_description": "The token type is not supported.",
    }


async def test_introspecting_a_token_with_a_non_string_kid_says_inactive(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a JWT whose header names its key with an object instead of a string
    header = base64.urlsafe_b64encode(b'{"alg":"ES256","typ":"at+jwt","kid":{"x":1}}')
    token = header.rstrip(b"=").decode("ascii") + ".e30.AA"
    # When the land office introspects it
    response = await client.post("/oauth2/introspect", data={"token": token}, auth=LAND_OFFICE_AUTH)
    # Then the token is inactive, not a server error
    assert response.status_code == 200
    assert response.json() == {"active": False}
