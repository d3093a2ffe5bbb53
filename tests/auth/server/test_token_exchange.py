"""RFC 8693 token exchange: an agency client acting for a citizen who consented."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.consent import grant_consent
from tests.auth.server.conftest import SignIn
from tests.auth.server.support import (
    CITIZEN_ACR,
    ISSUER,
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    POLICE,
    POLICE_SECRET,
    PURPOSE,
    World,
    authorize,
    citizen_principal,
    claims_of,
    redeem,
)

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token"
ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"
LAND_CALLBACK = ISSUER + "/land/callback"


async def _land_office_sign_in(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> dict[str, Any]:
    """Alice signs in to the land office's own web application (the code flow)."""
    sign_in(world.alice)
    authorization = await authorize(
        client, client_id=LAND_OFFICE, redirect_uri=LAND_CALLBACK, scope="openid land:read"
    )
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": authorization.params["code"],
            "redirect_uri": LAND_CALLBACK,
            "code_verifier": authorization.verifier,
        },
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _consent(session: AsyncSession, world: World, scopes: list[str]) -> None:
    await grant_consent(
        session,
        citizen_principal(world.alice),
        client_id=LAND_OFFICE,
        purpose_code=PURPOSE,
        scopes=scopes,
    )
    await session.commit()


async def _exchange(
    client: httpx.AsyncClient,
    subject: str,
    subject_type: str = ID_TOKEN,
    *,
    scope: str = "person.identity:read person.address:read land:read",
    purpose: str | None = PURPOSE,
    auth: tuple[str, str] = (LAND_OFFICE, LAND_OFFICE_SECRET),
) -> httpx.Response:
    form = {
        "grant_type": TOKEN_EXCHANGE,
        "subject_token": subject,
        "subject_token_type": subject_type,
        "scope": scope,
    }
    if purpose is not None:
        form["hub_purpose"] = purpose
    return await client.post("/oauth2/token", data=form, auth=auth)


async def test_id_token_is_exchanged_for_a_delegated_token(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice consented to two attribute groups for land registration, and signed in
    await _consent(session, world, ["person.identity:read", "land:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    # When the land office exchanges her ID token, asking for three groups
    response = await _exchange(client, tokens["id_token"])
    # Then it gets an access token for Alice, acting as itself, for what she consented to
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["issued_token_type"] == ACCESS_TOKEN
    assert body["scope"] == "land:read person.identity:read"
    assert "refresh_token" not in body
    claims = claims_of(body["access_token"])
    assert claims["sub"] == world.alice.id
    assert claims["act"] == {"sub": LAND_OFFICE}
    assert claims["client_id"] == LAND_OFFICE
    assert claims["purpose"] == PURPOSE
    assert claims["acr"] == CITIZEN_ACR
    assert claims["sid"] == claims_of(tokens["id_token"])["sid"]


async def test_access_token_is_exchanged_too(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice consented and signed in to the land office
    await _consent(session, world, ["land:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    # When the land office exchanges her access token
    response = await _exchange(client, tokens["access_token"], ACCESS_TOKEN, scope="land:read")
    # Then it gets a delegated token
    assert response.status_code == 200, response.text
    assert claims_of(response.json()["access_token"])["act"] == {"sub": LAND_OFFICE}


async def test_id_token_issued_to_another_client_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice's ID token issued to the land office
    await _consent(session, world, ["person.identity:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    # When the police client presents it as its own subject token
    response = await _exchange(
        client,
        tokens["id_token"],
        scope="person.identity:read",
        purpose="criminal-investigation",
        auth=(POLICE, POLICE_SECRET),
    )
    # Then the grant is invalid: the token was not issued to the police client
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid subject_token: The ID token is not meant for this audience (aud).",
    }


async def test_nothing_consented_is_invalid_scope(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in to the land office but consented to nothing
    tokens = await _land_office_sign_in(client, world, sign_in)
    # When the land office exchanges her ID token
    response = await _exchange(client, tokens["id_token"])
    # Then there is no scope to give
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_scope",
        "error_description": (
            "The citizen has not consented to any of the requested scopes for this client and"
            " purpose."
        ),
    }


async def test_purpose_must_be_stated_and_registered(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice consented and signed in to the land office
    await _consent(session, world, ["land:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    # When the land office states no purpose, then a purpose not registered for it
    missing = await _exchange(client, tokens["id_token"], purpose=None)
    foreign = await _exchange(client, tokens["id_token"], purpose="criminal-investigation")
    # Then both are invalid requests
    assert missing.json() == {
        "error": "invalid_request",
        "error_description": "Missing 'hub_purpose': the purpose of use is required.",
    }
    assert foreign.json() == {
        "error": "invalid_request",
        "error_description": "The purpose 'criminal-investigation' is not registered for this client.",
    }


async def test_client_token_is_no_subject_token(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    # Given the land office's own client_credentials token
    await _consent(session, world, ["land:read"])
    own = await client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "land:read"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # When it is presented as a citizen's access token
    response = await _exchange(client, own.json()["access_token"], ACCESS_TOKEN)
    # Then it is refused
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid subject_token: The subject_token is not a citizen's own token.",
    }


async def test_actor_token_and_foreign_audience_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice's ID token at the land office
    await _consent(session, world, ["land:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    base = {
        "grant_type": TOKEN_EXCHANGE,
        "subject_token": tokens["id_token"],
        "subject_token_type": ID_TOKEN,
        "hub_purpose": PURPOSE,
    }
    # When an actor token is added, or another audience is asked for
    with_actor = await client.post(
        "/oauth2/token",
        data={**base, "actor_token": "x", "actor_token_type": ACCESS_TOKEN},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    elsewhere = await client.post(
        "/oauth2/token",
        data={**base, "audience": "https://other.example/api"},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then both are refused
    assert with_actor.json()["error"] == "invalid_request"
    assert elsewhere.json() == {
        "error": "invalid_target",
        "error_description": "The only 'audience' the hub issues tokens for is its API.",
    }


async def test_subject_token_of_a_revoked_grant_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice's tokens at the land office, whose refresh token was then revoked
    await _consent(session, world, ["land:read"])
    tokens = await _land_office_sign_in(client, world, sign_in)
    revoked = await client.post(
        "/oauth2/revoke",
        data={"token": tokens["refresh_token"]},
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    assert revoked.status_code == 200
    # When her ID token from that grant is exchanged
    response = await _exchange(client, tokens["id_token"], scope="land:read")
    # Then it is refused
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "The subject_token has been revoked.",
    }


async def test_portal_tokens_cannot_be_exchanged_by_the_portal(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given the public portal's tokens
    sign_in(world.alice)
    tokens = (await redeem(client, await authorize(client))).json()
    # When the portal tries a token exchange (it is not registered for it, nor confidential)
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": TOKEN_EXCHANGE,
            "subject_token": tokens["id_token"],
            "subject_token_type": ID_TOKEN,
            "hub_purpose": PURPOSE,
            "client_id": "portal",
        },
    )
    # Then the client is not authenticated for it
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Client authentication failed.",
    }


GRANT_MYSELF_CONSENT = """mutation {
  grantConsent(clientId: "land-office", purpose: "land-registration",
               scopes: ["person.identity:read", "person.address:read", "land:read"]) { scopes }
}"""


async def test_agency_cannot_grant_itself_consent_with_a_sign_in_token(
    client: httpx.AsyncClient, session: AsyncSession, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in to the land office's application, consenting to "openid land:read"
    # only, and then left (her browser session is not part of the land office's requests)
    tokens = await _land_office_sign_in(client, world, sign_in)
    sign_in(None)
    # When the land office uses her access token to consent, in her name, to all its scopes
    granted = await client.post(
        "/graphql",
        json={"query": GRANT_MYSELF_CONSENT},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    # Then the mutation is refused: only the citizen herself may consent
    assert granted.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert granted.json()["data"] is None
    # And exchanging her ID token gets nothing she did not consent to
    response = await _exchange(client, tokens["id_token"])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


async def test_agency_reading_with_a_sign_in_token_needs_a_purpose(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in to the land office's application with the identity scope
    sign_in(world.alice)
    authorization = await authorize(
        client,
        client_id=LAND_OFFICE,
        redirect_uri=LAND_CALLBACK,
        scope="openid person.identity:read",
    )
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": authorization.params["code"],
            "redirect_uri": LAND_CALLBACK,
            "code_verifier": authorization.verifier,
        },
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    token = response.json()["access_token"]
    sign_in(None)
    # When the land office's system reads her with that token, with and without a purpose
    query = {"query": f'{{ person(pin: "{world.alice.citizen_id}") {{ fullName }} }}'}
    bearer = {"Authorization": f"Bearer {token}"}
    bare = await client.post("/graphql", json=query, headers=bearer)
    stated = await client.post("/graphql", json=query, headers={**bearer, "Hub-Purpose": PURPOSE})
    # Then neither read is allowed: an agency reads a citizen for a purpose the citizen
    # consented to, through token exchange, and not as if it were the citizen (unlogged to her)
    for answer in (bare, stated):
        assert answer.json()["data"] == {"person": None}
        assert answer.json()["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
