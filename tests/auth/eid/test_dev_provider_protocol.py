"""The development identity provider speaks OpenID Connect: discovery, JWKS, PKCE, single-use
codes, client authentication, and no redirects to unregistered URIs."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from pydantic import SecretStr

from hub.app import create_app
from hub.auth.eid.dev_provider.registration import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from hub.db import Database
from hub.settings import Environment, Settings
from tests.auth.eid.hub_apps import browser_at
from tests.auth.eid.oidc_provider.fixture import HUB_ORIGIN, HUB_REDIRECT_URI

ISSUER = f"{HUB_ORIGIN}/dev-eid"
VERIFIER = "a-code-verifier-of-the-hub-that-is-long-enough-0123456789"
CITIZEN = "nguyen-van-an"


def challenge_of(verifier: str) -> str:
    """Return the S256 PKCE challenge of ``verifier``."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


AUTHORIZATION = {
    "response_type": "code",
    "client_id": DEV_CLIENT_ID,
    "redirect_uri": HUB_REDIRECT_URI,
    "scope": "openid profile citizen_id",
    "state": "state-1",
    "nonce": "nonce-1",
    "code_challenge": challenge_of(VERIFIER),
    "code_challenge_method": "S256",
}


@pytest.fixture
def settings() -> Settings:
    """A test hub at ``HUB_ORIGIN`` without ``HUB_EID_ISSUER``: the development provider."""
    return Settings(
        environment=Environment.TEST, database_url="sqlite:///unused.db", issuer=HUB_ORIGIN
    )


async def authorization_code(client: httpx.AsyncClient) -> str:
    """Sign ``CITIZEN`` in at the provider directly and return the code it issues."""
    answer = await client.post("/dev-eid/authorize", data={**AUTHORIZATION, "citizen": CITIZEN})
    assert answer.status_code == 303, answer.text
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert (query["state"], query["iss"]) == (["state-1"], [ISSUER])
    return query["code"][0]


async def redeem(
    client: httpx.AsyncClient,
    code: str,
    *,
    verifier: str = VERIFIER,
    secret: str = DEV_CLIENT_SECRET,
) -> httpx.Response:
    """Ask the provider's token endpoint for tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": HUB_REDIRECT_URI,
        "code_verifier": verifier,
    }
    return await client.post("/dev-eid/token", data=form, auth=(DEV_CLIENT_ID, secret))


async def test_discovery_announces_the_endpoints_under_the_hub(client: httpx.AsyncClient) -> None:
    # given the development provider of a hub at HUB_ORIGIN
    # when its discovery document is read
    document = (await client.get("/dev-eid/.well-known/openid-configuration")).json()

    # then its issuer and endpoints live under /dev-eid and it offers S256 PKCE only
    assert document["issuer"] == ISSUER
    assert document["token_endpoint"] == f"{ISSUER}/token"
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["acr_values_supported"] == ["urn:vneid:loa:1", "urn:vneid:loa:2"]


async def test_an_issued_id_token_verifies_with_the_published_key(
    client: httpx.AsyncClient,
) -> None:
    # given a code for a demo citizen
    code = await authorization_code(client)

    # when the hub's client redeems it with the right verifier
    answer = await redeem(client, code)

    # then the ID token verifies with the JWKS and names the citizen, level and nonce
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    token = answer.json()["id_token"]
    keys = jwt.PyJWKSet.from_dict((await client.get("/dev-eid/jwks")).json())
    key = next(k for k in keys.keys if k.key_id == jwt.get_unverified_header(token)["kid"])
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=DEV_CLIENT_ID, issuer=ISSUER)
    assert (claims["citizen_id"], claims["acr"], claims["nonce"]) == (
        "001085012345",
        "urn:vneid:loa:2",
        "nonce-1",
    )


@pytest.mark.parametrize(
    ("verifier", "secret", "status", "error"),
    [
        (
            "another-verifier-that-is-long-enough-to-be-valid-0123456789",
            DEV_CLIENT_SECRET,
            400,
            "invalid_grant",
        ),
        (VERIFIER, "wrong-secret", 401, "invalid_client"),
    ],
    ids=["wrong-pkce-verifier", "wrong-client-secret"],
)
async def test_the_token_endpoint_checks_pkce_and_the_client(
    client: httpx.AsyncClient, verifier: str, secret: str, status: int, error: str
) -> None:
    # given a code for a demo citizen
    code = await authorization_code(client)

    # when it is redeemed with a wrong verifier or a wrong client secret
    answer = await redeem(client, code, verifier=verifier, secret=secret)

    # then the provider answers with the OAuth error
    assert (answer.status_code, answer.json()["error"]) == (status, error)


async def test_a_code_is_redeemed_once(client: httpx.AsyncClient) -> None:
    # given a code that was redeemed
    code = await authorization_code(client)
    assert (await redeem(client, code)).status_code == 200

    # when it is redeemed again
    again = await redeem(client, code)

    # then it is refused
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


async def test_an_unregistered_redirect_uri_gets_a_page_not_a_redirect(
    client: httpx.AsyncClient,
) -> None:
    # given an authorization request for another redirect URI
    params = {**AUTHORIZATION, "redirect_uri": "https://evil.example/callback"}

    # when the browser opens it
    answer = await client.get("/dev-eid/authorize", params=params)

    # then the provider shows an error page and sends the browser nowhere
    assert answer.status_code == 400
    assert "location" not in answer.headers


async def test_a_request_without_pkce_is_sent_back_with_an_error(
    client: httpx.AsyncClient,
) -> None:
    # given an authorization request without a code challenge
    params = {k: v for k, v in AUTHORIZATION.items() if not k.startswith("code_challenge")}

    # when the browser opens it
    answer = await client.get("/dev-eid/authorize", params=params)

    # then the provider redirects back with invalid_request
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert answer.status_code == 303
    assert (query["error"], query["state"]) == (["invalid_request"], ["state-1"])


async def test_the_development_provider_is_absent_with_a_real_provider(
    database: Database,
) -> None:
    # given a hub federating with an external provider
    settings = Settings(
        environment=Environment.TEST,
        database_url="sqlite:///unused.db",
        issuer=HUB_ORIGIN,
        eid_issuer="https://eid.example.gov.vn",
        eid_client_id="hub",
        eid_client_secret=SecretStr("secret"),
    )

    # when a browser looks for the development provider
    async with browser_at(create_app(settings, database=database)) as browser:
        answer = await browser.get("/dev-eid/.well-known/openid-configuration")

    # then it is not there
    assert answer.status_code == 404
