"""The authorization-code grant refused: PKCE, redirect URIs, reused codes, forged consent."""

from __future__ import annotations

import httpx

from tests.auth.server.conftest import SignIn
from tests.auth.server.support import (
    ISSUER,
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    PORTAL,
    REDIRECT_URI,
    Authorization,
    World,
    authorization_request,
    authorize,
    consent_id_of,
    graphql_status,
    pkce_pair,
    query_of,
    redeem,
    unauthenticated,
)


async def test_missing_pkce_verifier_is_refused(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a code issued with a PKCE challenge
    sign_in(world.alice)
    authorization = await authorize(client)
    # When it is redeemed without the verifier
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": authorization.params["code"],
            "redirect_uri": REDIRECT_URI,
            "client_id": PORTAL,
        },
    )
    # Then the request is invalid
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "Missing 'code_verifier'",
    }


async def test_wrong_pkce_verifier_is_refused(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a code issued with a PKCE challenge
    sign_in(world.alice)
    authorization = await authorize(client)
    other_verifier, _ = pkce_pair()
    # When it is redeemed with another verifier
    response = await redeem(client, Authorization(authorization.params, other_verifier))
    # Then the grant is invalid
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Code challenge failed.",
    }


async def test_plain_pkce_method_is_refused(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    verifier, _ = pkce_pair()
    # When the portal asks with the plain PKCE method
    response = await client.get(
        "/oauth2/authorize",
        params=authorization_request(code_challenge=verifier, code_challenge_method="plain"),
    )
    # Then it is sent back an invalid_request error, with state and issuer
    assert response.status_code == 302
    params = query_of(response.headers["location"])
    assert response.headers["location"].startswith(REDIRECT_URI + "?")
    assert params == {
        "error": "invalid_request",
        "error_description": "Only the S256 'code_challenge_method' is supported.",
        "state": "xyz",
        "iss": ISSUER,
    }


async def test_missing_pkce_challenge_is_refused_even_for_confidential_clients(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    params = authorization_request(
        client_id=LAND_OFFICE, redirect_uri=ISSUER + "/land/callback", scope="land:read"
    )
    del params["code_challenge"], params["code_challenge_method"]
    # When the confidential land office asks without PKCE
    response = await client.get("/oauth2/authorize", params=params)
    # Then PKCE is required
    assert response.status_code == 302
    assert query_of(response.headers["location"])["error_description"] == (
        "PKCE is required: send 'code_challenge' with 'code_challenge_method=S256'."
    )


async def test_unregistered_redirect_uri_is_refused_without_redirecting(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When the request names a redirect URI the portal did not register (a prefix match)
    response = await client.get(
        "/oauth2/authorize", params=authorization_request(redirect_uri=REDIRECT_URI + "/../evil")
    )
    # Then the error is shown by the hub, never sent to that URI
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.json() == {
        "error": "invalid_request",
        "error_description": f"Redirect URI {REDIRECT_URI}/../evil is not registered for the client.",
        "state": "xyz",
    }


async def test_redirect_uri_must_match_at_the_token_endpoint(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a code issued for the registered redirect URI
    sign_in(world.alice)
    authorization = await authorize(client)
    # When it is redeemed naming another redirect URI
    response = await redeem(client, authorization, redirect_uri=ISSUER + "/elsewhere")
    # Then the grant is invalid
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid 'redirect_uri' in request.",
    }


async def test_reused_code_is_refused_and_revokes_what_it_gave(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a code redeemed once
    sign_in(world.alice)
    authorization = await authorize(client)
    first = (await redeem(client, authorization)).json()
    # When it is redeemed again
    again = await redeem(client, authorization)
    # Then it is refused
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid 'code' in request.",
    }
    # And the tokens the first redemption gave stop working
    api = await graphql_status(client, first["access_token"])
    assert api.status_code == 401
    assert api.json() == unauthenticated("The access token has been revoked.")
    refresh = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": PORTAL,
        },
    )
    assert refresh.status_code == 400
    assert refresh.json()["error"] == "invalid_grant"


async def test_code_of_one_client_cannot_be_redeemed_by_another(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a code issued to the portal
    sign_in(world.alice)
    authorization = await authorize(client)
    # When the land office presents it with its own credentials
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": authorization.params["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": authorization.verifier,
        },
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    # Then the code is invalid for it
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_implicit_response_type_is_unsupported(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When the portal asks for response_type=token (the implicit grant)
    response = await client.get(
        "/oauth2/authorize", params=authorization_request(response_type="token")
    )
    # Then it is sent back unsupported_response_type
    assert response.status_code == 302
    params = query_of(response.headers["location"])
    assert params == {
        "error": "unsupported_response_type",
        "error_description": "Only response_type=code is supported.",
        "state": "xyz",
        "iss": ISSUER,
    }


async def test_unknown_scope_at_the_authorization_endpoint(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When the portal asks for a scope the hub does not know
    response = await client.get(
        "/oauth2/authorize", params=authorization_request(scope="openid land:write")
    )
    # Then it is sent back invalid_scope
    assert response.status_code == 302
    params = query_of(response.headers["location"])
    assert params["error"] == "invalid_scope"
    assert params["error_description"] == "Unknown scope 'land:write'."


async def test_consent_form_is_single_use_and_bound_to_the_citizen(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice on the consent page
    sign_in(world.alice)
    page = await client.get("/oauth2/authorize", params=authorization_request())
    consent_id = consent_id_of(page.text)
    # When Bob's session posts Alice's form
    sign_in(world.bob)
    forged = await client.post(
        "/oauth2/authorize", data={"consent_id": consent_id, "decision": "allow"}
    )
    # Then it is refused, and the form is spent even for Alice
    sign_in(world.alice)
    late = await client.post(
        "/oauth2/authorize", data={"consent_id": consent_id, "decision": "allow"}
    )
    for response in (forged, late):
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_request"
    # And a made-up form id is refused too
    made_up = await client.post(
        "/oauth2/authorize", data={"consent_id": "guess", "decision": "allow"}
    )
    assert made_up.status_code == 400


async def test_prompt_none_cannot_be_answered_silently(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given nobody signed in, then Alice signed in
    sign_in(None)
    signed_out = await client.get("/oauth2/authorize", params=authorization_request(prompt="none"))
    sign_in(world.alice)
    signed_in = await client.get("/oauth2/authorize", params=authorization_request(prompt="none"))
    # Then the portal learns login_required, then consent_required
    assert query_of(signed_out.headers["location"])["error"] == "login_required"
    assert query_of(signed_in.headers["location"])["error"] == "consent_required"


async def test_characters_that_cannot_be_echoed_are_refused_cleanly(
    client: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in
    sign_in(world.alice)
    # When the request holds a quote in response_type, redirect_uri and scope
    bad_type = await client.get(
        "/oauth2/authorize", params=authorization_request(response_type='co"de')
    )
    bad_uri = await client.get(
        "/oauth2/authorize", params=authorization_request(redirect_uri='https://x"y')
    )
    bad_scope = await client.get(
        "/oauth2/authorize", params=authorization_request(scope='openid "đất')
    )
    # Then each is an ordinary OAuth2 error, the input cut down to what may be echoed
    assert bad_type.status_code == 400
    assert bad_type.json()["error_description"] == (
        "'response_type' holds characters that are not allowed."
    )
    assert bad_uri.status_code == 400
    assert bad_uri.json()["error_description"] == (
        "Redirect URI https://x?y is not registered for the client."
    )
    assert query_of(bad_scope.headers["location"])["error_description"] == ("Unknown scope '???t'.")
