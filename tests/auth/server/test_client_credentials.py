"""The client_credentials grant with client_secret_basic and private_key_jwt."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import disable_client
from tests.auth.server.support import (
    AGENCY,
    API_AUDIENCE,
    ISSUER,
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    SIGNED,
    World,
    assertion_form,
    claims_of,
)

CLIENT_CREDENTIALS = {"grant_type": "client_credentials"}


async def test_secret_basic_gets_an_rfc9068_access_token(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's client with its secret
    # When it asks for a token for one of its scopes
    response = await client.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": "land:read"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then it gets a 15-minute bearer token, not cached, without a refresh token
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["scope"] == "land:read"
    assert "refresh_token" not in body
    # And the token is an at+jwt signed with ES256 naming its key
    header = jwt.get_unverified_header(body["access_token"])
    assert header["typ"] == "at+jwt"
    assert header["alg"] == "ES256"
    assert header["kid"]
    # And its claims say who and for what
    claims = claims_of(body["access_token"])
    assert claims["iss"] == ISSUER
    assert claims["aud"] == API_AUDIENCE
    assert claims["sub"] == claims["client_id"] == LAND_OFFICE
    assert claims["scope"] == "land:read"
    assert claims["agency"] == AGENCY
    assert claims["acr"] == "urn:lienthong:client"
    assert claims["auth_time"] == claims["iat"]
    assert claims["exp"] == claims["iat"] + 900
    assert claims["jti"]
    assert "act" not in claims


async def test_without_a_scope_the_client_gets_its_registered_scopes(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a client registered for three scopes
    # When it asks for a token without a scope
    response = await client.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=(LAND_OFFICE, LAND_OFFICE_SECRET)
    )
    # Then it gets all three
    assert response.status_code == 200
    assert response.json()["scope"] == "land:read person.address:read person.identity:read"


async def test_private_key_jwt_with_token_endpoint_or_issuer_audience(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a client that authenticates with a signed assertion
    for audience in (ISSUER + "/oauth2/token", ISSUER):
        # When it sends an assertion for the token endpoint, then one for the issuer
        response = await client.post(
            "/oauth2/token",
            data={**CLIENT_CREDENTIALS, **assertion_form(world.signing_key, audience=audience)},
        )
        # Then both are accepted
        assert response.status_code == 200, response.text
        assert claims_of(response.json()["access_token"])["client_id"] == SIGNED


async def test_replayed_assertion_jti_is_refused(client: httpx.AsyncClient, world: World) -> None:
    # Given an assertion that was used once
    form = {**CLIENT_CREDENTIALS, **assertion_form(world.signing_key, jti="only-once")}
    first = await client.post("/oauth2/token", data=form)
    assert first.status_code == 200
    # When the same assertion is sent again
    replay = await client.post("/oauth2/token", data=form)
    # Then it is refused as a replay
    assert replay.status_code == 401
    assert replay.json() == {
        "error": "invalid_client",
        "error_description": "JWT ID is used before.",
    }


LONG_LIVED: dict[str, Callable[[int], dict[str, int]]] = {
    "six minutes": lambda now: {"exp": now + 6 * 60},
    "eleven minutes since iat": lambda now: {"iat": now - 10 * 60, "exp": now + 60},
    "year 10000": lambda now: {"exp": 253402300800},
    "past time_t": lambda now: {"exp": 10**30},
}


@pytest.mark.parametrize("lifetime", LONG_LIVED)
async def test_assertion_living_longer_than_five_minutes_is_refused(
    client: httpx.AsyncClient, world: World, lifetime: str
) -> None:
    # Given an assertion that expires more than five minutes after now or after its iat
    overrides = LONG_LIVED[lifetime](int(time.time()))
    form = {**CLIENT_CREDENTIALS, **assertion_form(world.signing_key, overrides=overrides)}
    # When it is sent
    response = await client.post("/oauth2/token", data=form)
    # Then the client is not authenticated, and told why
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "The client assertion must expire within 5 minutes of its issue.",
    }


async def test_assertion_living_almost_five_minutes_is_accepted(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given an assertion issued now that expires in four minutes and a half
    now = int(time.time())
    overrides = {"iat": now, "exp": now + 270}
    form = {**CLIENT_CREDENTIALS, **assertion_form(world.signing_key, overrides=overrides)}
    # When it is sent
    response = await client.post("/oauth2/token", data=form)
    # Then the client gets its token
    assert response.status_code == 200, response.text


async def test_assertion_for_another_audience_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given an assertion made out to another server
    form = {
        **CLIENT_CREDENTIALS,
        **assertion_form(world.signing_key, audience="https://other.example"),
    }
    # When it is sent
    response = await client.post("/oauth2/token", data=form)
    # Then the client is not authenticated
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_wrong_client_secret_is_refused(client: httpx.AsyncClient, world: World) -> None:
    # Given the land office's client
    # When it authenticates with a wrong secret
    response = await client.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=(LAND_OFFICE, "not-the-secret")
    )
    # Then it gets 401 invalid_client with a Basic challenge
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Client authentication failed.",
    }
    assert response.headers["www-authenticate"].startswith("Basic")


async def test_unknown_client_gets_the_same_answer_as_a_wrong_secret(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given no client named "nobody"
    # When it authenticates
    response = await client.post("/oauth2/token", data=CLIENT_CREDENTIALS, auth=("nobody", "x"))
    # Then the answer does not tell that the client does not exist
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Client authentication failed.",
    }


async def test_disabled_client_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    # Given the land office's client, disabled
    await disable_client(session, LAND_OFFICE)
    await session.commit()
    # When it authenticates with its right secret
    response = await client.post(
        "/oauth2/token", data=CLIENT_CREDENTIALS, auth=(LAND_OFFICE, LAND_OFFICE_SECRET)
    )
    # Then it is refused
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Client authentication failed.",
    }


async def test_unknown_scope_is_refused(client: httpx.AsyncClient, world: World) -> None:
    # Given the land office's client
    # When it asks for a scope the hub does not know
    response = await client.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": "land:write"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then the scope is refused, by name
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_scope",
        "error_description": "Unknown scope 'land:write'.",
    }


async def test_scope_the_client_is_not_registered_for_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's client, not registered for health data
    # When it asks for health:read
    response = await client.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": "land:read health:read"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then the scope is refused, by name
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_scope",
        "error_description": "The client is not registered for the scope 'health:read'.",
    }


async def test_password_and_implicit_grants_are_unsupported(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's client
    # When it tries the password grant and the implicit grant type
    refused = [
        await client.post(
            "/oauth2/token",
            data={"grant_type": grant, "username": "a", "password": "b"},
            auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
        )
        for grant in ("password", "implicit")
    ]
    # Then both are unsupported grant types
    for response in refused:
        assert response.status_code == 400
        assert response.json() == {
            "error": "unsupported_grant_type",
            "error_description": "The grant type is not supported by the hub.",
        }


async def test_repeated_parameters_and_other_media_types_are_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's client
    # When a parameter is repeated, and when the body is JSON
    repeated = await client.post(
        "/oauth2/token",
        content="grant_type=client_credentials&scope=land:read&scope=health:read",
        headers={"content-type": "application/x-www-form-urlencoded"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    as_json = await client.post(
        "/oauth2/token", json=CLIENT_CREDENTIALS, auth=(LAND_OFFICE, LAND_OFFICE_SECRET)
    )
    # Then both are invalid requests
    assert repeated.status_code == as_json.status_code == 400
    assert repeated.json() == {
        "error": "invalid_request",
        "error_description": "Parameters must not be repeated.",
    }
    assert as_json.json() == {
        "error": "invalid_request",
        "error_description": "The body must be application/x-www-form-urlencoded.",
    }


async def test_scope_with_characters_that_cannot_be_echoed(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's client
    # When it asks for a scope holding a quote and a backslash
    response = await client.post(
        "/oauth2/token",
        data={**CLIENT_CREDENTIALS, "scope": 'land:read "a\\b'},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then the scope is refused with the characters replaced, not with a server error
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_scope",
        "error_description": "Unknown scope '?a?b'.",
    }


async def test_basic_credentials_that_are_not_utf8_are_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given Basic credentials whose base64 decodes to bytes that are not UTF-8
    credentials = base64.b64encode(b"\xff\xfe:secret").decode("ascii")
    # When they are sent to the token, revocation and introspection endpoints
    answers = [
        await client.post(
            path,
            data={**CLIENT_CREDENTIALS, "token": "x"},
            headers={"authorization": f"Basic {credentials}"},
        )
        for path in ("/oauth2/token", "/oauth2/revoke", "/oauth2/introspect")
    ]
    # Then each is a standard OAuth2 error, not a server error
    for response in answers:
        assert response.status_code == 400
        assert response.json() == {
            "error": "invalid_request",
            "error_description": "The Basic credentials in Authorization are not UTF-8.",
        }
