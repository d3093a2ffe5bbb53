"""Refresh tokens: rotation, and reuse detection that revokes the whole family."""

from __future__ import annotations

from typing import Any

import httpx

from tests.auth.server.conftest import SignIn
from tests.auth.server.support import (
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    PORTAL,
    World,
    authorize,
    claims_of,
    graphql_status,
    redeem,
    unauthenticated,
)


async def _refresh(client: httpx.AsyncClient, refresh_token: str, **extra: str) -> httpx.Response:
    return await client.post(
        "/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": PORTAL,
            **extra,
        },
    )


async def _signed_in_tokens(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> dict[str, Any]:
    sign_in(world.alice)
    body: dict[str, Any] = (await redeem(client, await authorize(client))).json()
    return body


async def test_refresh_rotates_the_refresh_token(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given tokens from Alice's sign-in
    first = await _signed_in_tokens(client, world, sign_in)
    # When the portal refreshes
    response = await _refresh(client, first["refresh_token"])
    # Then it gets a new access token and a new refresh token in the same grant
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert claims_of(second["access_token"])["sid"] == claims_of(first["access_token"])["sid"]
    assert claims_of(second["access_token"])["sub"] == world.alice.id
    assert second["scope"] == "land:read openid"
    # And the new refresh token works in turn
    third = await _refresh(client, second["refresh_token"])
    assert third.status_code == 200


async def test_refresh_may_narrow_but_not_widen_the_scope(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given tokens for "openid land:read"
    first = await _signed_in_tokens(client, world, sign_in)
    # When the portal refreshes for less, then for more
    narrower = await _refresh(client, first["refresh_token"], scope="land:read")
    wider = await _refresh(client, narrower.json()["refresh_token"], scope="land:read health:read")
    # Then less is granted and more is refused
    assert narrower.status_code == 200
    assert narrower.json()["scope"] == "land:read"
    assert wider.status_code == 400
    assert wider.json()["error"] == "invalid_scope"


async def test_reused_refresh_token_revokes_the_family(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a refresh token that was rotated once
    first = await _signed_in_tokens(client, world, sign_in)
    second = (await _refresh(client, first["refresh_token"])).json()
    # When the old refresh token is presented again (a stolen copy)
    reuse = await _refresh(client, first["refresh_token"])
    # Then it is refused
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"
    # And the family's newer refresh token is revoked too
    newer = await _refresh(client, second["refresh_token"])
    assert newer.status_code == 400
    assert newer.json()["error"] == "invalid_grant"
    # And every access token of the family stops working
    for tokens in (first, second):
        api = await graphql_status(client, tokens["access_token"])
        assert api.status_code == 401
        assert api.json() == unauthenticated("The access token has been revoked.")


async def test_refresh_token_of_another_client_is_refused(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given the portal's refresh token
    first = await _signed_in_tokens(client, world, sign_in)
    # When the land office presents it
    response = await client.post(
        "/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then it is an invalid grant, and the portal can still refresh
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert (await _refresh(client, first["refresh_token"])).status_code == 200


async def test_unknown_refresh_token_is_refused(client: httpx.AsyncClient, world: World) -> None:
    # Given no such refresh token
    # When it is presented
    response = await _refresh(client, "made-up")
    # Then the grant is invalid, with a description
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "The grant is invalid, expired, revoked, or was issued to another client.",
    }
