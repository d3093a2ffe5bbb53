"""No claim of any type or size in a client assertion or a bearer token gives a server error.

The assertions are signed with the client's registered key and the tokens with the hub's own,
so that the claims get past the signature into every check, lookup and date conversion after
it; header members and claims are replaced by arbitrary JSON (``tests.auth.server.forgery``).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import hypothesis
import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.clients import ClientRegistration, create_client
from hub.auth.keys import Signer, ensure_signing_key, load_key_ring
from hub.kit.clock import utcnow
from hub.settings import Settings
from tests.auth.server.forgery import claim_choices, json_object, sign_es256
from tests.auth.server.support import (
    AGENCY,
    API_AUDIENCE,
    CITIZEN_ACR,
    ISSUER,
    PURPOSE,
    SIGNED,
    TOKEN_URL,
    World,
    assertion_form,
)

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token"
OAUTH_ERRORS = {
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "invalid_target",
    "unsupported_token_type",
}
ASSERTION_HEADER = ("alg", "kid", "typ")
ASSERTION_CLAIMS = ("iss", "sub", "aud", "exp", "iat", "nbf", "jti")
TOKEN_HEADER = ("kid", "typ")
TOKEN_CLAIMS = (
    *("iss", "aud", "sub", "client_id", "scope", "jti", "iat", "exp", "nbf"),
    *("acr", "auth_time", "agency", "sid", "act", "purpose"),
)
GRAPHQL_TYPENAME = {"query": "{ __typename }"}
EXCHANGER = "signed-exchanger"
# The world is shared by the examples of one test: each example uses fresh jti values, and what
# an example leaves behind (a used jti, a revoked token) cannot make another one fail.
EXAMPLES = hypothesis.settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_oauth_answer(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        body = response.json()
        assert body["error"] in OAUTH_ERRORS, body
        assert isinstance(body["error_description"], str)


@EXAMPLES
# What the probes found: an exp past year 9999 or past time_t, arrays nested past the JSON
# parser's recursion limit, a sub or jti the database cannot hold.
@example(header={}, claims={"exp": "253402300800"})
@example(header={}, claims={"exp": str(10**30)})
@example(header={}, claims={"iss": "[" * 3000 + "]" * 3000})
@example(header={}, claims={"sub": '"a\\u0000"', "iss": '"a\\u0000"'})
@example(header={}, claims={"jti": '"\\udc00"'})
@given(header=claim_choices(ASSERTION_HEADER), claims=claim_choices(ASSERTION_CLAIMS))
async def test_no_assertion_claim_gives_a_server_error(
    client: httpx.AsyncClient, world: World, header: dict[str, str], claims: dict[str, str]
) -> None:
    # Given an assertion signed with the client's registered key, its header members and claims
    # kept, left out or replaced by arbitrary JSON
    now = int(time.time())
    valid_header = {"alg": "ES256", "kid": world.signing_key.kid}
    valid_claims = {
        "iss": SIGNED,
        "sub": SIGNED,
        "aud": TOKEN_URL,
        "exp": now + 60,
        "iat": now,
        "nbf": now,
        "jti": str(uuid.uuid4()),
    }
    key = world.signing_key.private_key
    assert key is not None
    assertion = sign_es256(
        json_object(valid_header, header), json_object(valid_claims, claims), key
    )
    # When it is sent to the token endpoint
    response = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion,
        },
    )
    # Then the answer is a token or a standard OAuth2 error, never a server error
    _assert_oauth_answer(response)
    # And an assertion left as it was still gets its token (the forging itself is sound)
    if not header and not claims:
        assert response.status_code == 200, response.text


@pytest.fixture
async def exchanger(session: AsyncSession, world: World) -> str:
    """A client that authenticates with assertions (cheap, unlike scrypt) and may exchange."""
    await create_client(
        session,
        ClientRegistration(
            client_id=EXCHANGER,
            name="Agency system that exchanges tokens",
            agency_code=AGENCY,
            scopes="land:read",
            purposes=[PURPOSE],
            grant_types=["client_credentials", TOKEN_EXCHANGE],
            auth_method="private_key_jwt",
            jwks={"keys": [world.signing_key.as_dict(private=False)]},
        ),
    )
    await session.commit()
    return EXCHANGER


@pytest.fixture
async def signer(session: AsyncSession) -> Signer:
    """The hub's active signing key."""
    await ensure_signing_key(session)
    await session.commit()
    ring = await load_key_ring(session, utcnow())
    assert ring.signer is not None
    return ring.signer


@EXAMPLES
# What the probes found: an exp past year 9999 or past time_t, a sid that is a list or not text.
@example(typ="at+jwt", header={}, claims={"exp": "253402300800"})
@example(typ="at+jwt", header={}, claims={"exp": str(10**30)})
@example(typ="at+jwt", header={}, claims={"sid": "[[]]"})
@example(typ="at+jwt", header={}, claims={"sid": '"\\ud800"'})
@example(typ="at+jwt", header={}, claims={"jti": '"a\\u0000"'})
@given(
    typ=st.sampled_from(["at+jwt", "JWT"]),
    header=claim_choices(TOKEN_HEADER),
    claims=claim_choices(TOKEN_CLAIMS),
)
async def test_no_token_claim_gives_a_server_error(
    client: httpx.AsyncClient,
    settings: Settings,
    world: World,
    exchanger: str,
    signer: Signer,
    typ: str,
    header: dict[str, str],
    claims: dict[str, str],
) -> None:
    # Given a citizen's token of an agency's client signed with the hub's key, its header
    # members and claims kept, left out or replaced by arbitrary JSON
    now = int(time.time())
    valid_header = {"alg": "ES256", "kid": signer.kid, "typ": typ}
    valid_claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": API_AUDIENCE if typ == "at+jwt" else exchanger,
        "sub": world.alice.id,
        "client_id": exchanger,
        "scope": "land:read",
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + settings.access_token_ttl_seconds,
        "acr": CITIZEN_ACR,
        "auth_time": now,
    }
    token = sign_es256(
        json_object(valid_header, header), json_object(valid_claims, claims), signer.private_key
    )
    # When it is used at the API, and introspected, exchanged and revoked by its client
    api = await client.post(
        "/graphql", json=GRAPHQL_TYPENAME, headers={"Authorization": f"Bearer {token}"}
    )

    def authenticated(form: dict[str, str]) -> dict[str, str]:
        return {**form, **assertion_form(world.signing_key, client_id=exchanger)}

    introspection = await client.post("/oauth2/introspect", data=authenticated({"token": token}))
    exchange = await client.post(
        "/oauth2/token",
        data=authenticated(
            {
                "grant_type": TOKEN_EXCHANGE,
                "subject_token": token,
                "subject_token_type": ACCESS_TOKEN_TYPE if typ == "at+jwt" else ID_TOKEN_TYPE,
                "hub_purpose": PURPOSE,
                "scope": "land:read",
            }
        ),
    )
    revocation = await client.post("/oauth2/revoke", data=authenticated({"token": token}))
    # Then the API accepts it or answers 401, and the endpoints answer as OAuth2 says (a token
    # too large for a form body is an invalid request)
    assert api.status_code in (200, 401), api.text
    if api.status_code == 401:
        assert api.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    for answer in (introspection, exchange, revocation):
        _assert_oauth_answer(answer)
    # And an access token left as it was works (the forging itself is sound)
    if typ == "at+jwt" and not header and not claims:
        assert api.status_code == 200, api.text
        assert introspection.json()["active"] is True
