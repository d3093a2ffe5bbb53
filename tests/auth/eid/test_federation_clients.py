"""Client registrations and provider answers the hub must check, against the real provider:
tokens and codes meant for another client, pinned algorithms, client authentication."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware

from hub.app import create_app
from hub.auth.eid.routes import eid_routes
from hub.db import Database
from hub.http.session import DatabaseSessionMiddleware
from hub.settings import Settings
from tests.auth.eid.hub_apps import browser_at, hub_settings
from tests.auth.eid.oidc_provider.browser import authorize_at_provider, local_path
from tests.auth.eid.oidc_provider.fixture import (
    HUB_CLIENT,
    HUB_ES256_CLIENT,
    HUB_POST_CLIENT,
    OTHER_CLIENT,
    ProviderClient,
    RunningProvider,
)

ACCOUNT = "hoang-thi-lan"


class SwapIdToken(httpx.AsyncBaseTransport):
    """The network, except that the token response carries ``replacement`` as its ID token:
    a provider that answers with a token minted for someone else."""

    def __init__(self) -> None:
        self.replacement: str | None = None
        self._network = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward ``request``; rewrite the token endpoint's answer."""
        response = await self._network.handle_async_request(request)
        if request.method != "POST" or self.replacement is None:
            return response
        body = json.loads(await response.aread())
        body["id_token"] = self.replacement
        return httpx.Response(response.status_code, json=body)

    async def aclose(self) -> None:
        """Close the network transport."""
        await self._network.aclose()


async def code_for(
    provider: RunningProvider, client: ProviderClient, *, nonce: str
) -> tuple[str, str]:
    """Sign in at the provider as ``client`` would; return its code and PKCE verifier."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": client.redirect_uri,
            "scope": "openid profile citizen_id",
            "state": secrets.token_urlsafe(16),
            "nonce": nonce,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
            "acr_values": "urn:vneid:loa:2",
        }
    )
    callback = await authorize_at_provider(
        f"{provider.issuer}/auth?{query}", account=ACCOUNT, redirect_uri=client.redirect_uri
    )
    return parse_qs(urlsplit(callback).query)["code"][0], verifier


async def id_token_for(provider: RunningProvider, client: ProviderClient, *, nonce: str) -> str:
    """Return a genuine ID token the provider issued to ``client`` with ``nonce``."""
    code, verifier = await code_for(provider, client, nonce=nonce)
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(
            f"{provider.issuer}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": client.redirect_uri,
                "code_verifier": verifier,
            },
            auth=(client.client_id, client.client_secret),
        )
    assert response.status_code == 200, response.text
    token: str = response.json()["id_token"]
    return token


async def sign_in(browser: httpx.AsyncClient) -> httpx.Response:
    """Run a whole sign-in in ``browser``; return the hub's answer to the callback."""
    start = await browser.get("/auth/login")
    assert start.status_code == 303, start.text
    callback = await authorize_at_provider(start.headers["location"], account=ACCOUNT)
    return await browser.get(local_path(callback))


async def test_an_id_token_for_another_client_is_refused(
    oidc_provider: RunningProvider, database: Database
) -> None:
    # given a provider that answers the hub's token request with a genuine, correctly signed ID
    # token with the right nonce, issued to another client
    swap = SwapIdToken()
    settings = hub_settings(oidc_provider.issuer)
    app = Starlette(
        routes=eid_routes(database, settings, transport=swap),
        middleware=[Middleware(DatabaseSessionMiddleware, database=database)],
    )
    async with browser_at(app) as browser:
        start = await browser.get("/auth/login")
        nonce = parse_qs(urlsplit(start.headers["location"]).query)["nonce"][0]
        swap.replacement = await id_token_for(oidc_provider, OTHER_CLIENT, nonce=nonce)
        callback = await authorize_at_provider(start.headers["location"], account=ACCOUNT)

        # when the browser brings the hub's own code back
        answer = await browser.get(local_path(callback))

    await swap.aclose()
    # then the hub refuses the ID token: its audience is the other client
    assert answer.status_code == 400
    assert "identity token" in answer.text


async def test_a_code_issued_to_another_client_is_refused(
    client: httpx.AsyncClient, oidc_provider: RunningProvider
) -> None:
    # given a sign-in of the hub, and a code the provider issued to another client
    start = await client.get("/auth/login")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    foreign_code, _verifier = await code_for(oidc_provider, OTHER_CLIENT, nonce="n")

    # when that code is injected into the hub's callback with the right state
    params = {"code": foreign_code, "state": state, "iss": oidc_provider.issuer}
    answer = await client.get("/auth/callback", params=params)

    # then the provider refuses the hub's token request and the hub shows a page, not a 500
    assert answer.status_code == 400
    assert "did not confirm this sign-in" in answer.text


@pytest.fixture
def settings(oidc_provider: RunningProvider) -> Settings:
    """The hub signs citizens in at the test provider as client ``lienthong-hub``."""
    return hub_settings(oidc_provider.issuer)


@pytest.mark.parametrize(
    ("algorithms", "status"), [(None, 303), (["RS256"], 400)], ids=["default", "rs256-only"]
)
async def test_es256_id_tokens_pass_only_when_es256_is_pinned(
    oidc_provider: RunningProvider,
    database: Database,
    algorithms: list[str] | None,
    status: int,
) -> None:
    # given a client whose ID tokens are signed with ES256, and the hub's pinned algorithms
    settings = hub_settings(oidc_provider.issuer, HUB_ES256_CLIENT, algorithms=algorithms)

    # when a citizen signs in
    async with browser_at(create_app(settings, database=database)) as browser:
        answer = await sign_in(browser)

    # then the token is accepted with the default pins (RS256, ES256) and refused with RS256 only
    assert answer.status_code == status


async def test_client_secret_post_authenticates_the_hub(
    oidc_provider: RunningProvider, database: Database
) -> None:
    # given a client registered for client_secret_post, and the hub configured for it
    settings = hub_settings(oidc_provider.issuer, HUB_POST_CLIENT)

    # when a citizen signs in
    async with browser_at(create_app(settings, database=database)) as browser:
        answer = await sign_in(browser)
        me = await browser.get("/auth/me")

    # then the token request succeeds
    assert answer.status_code == 303
    assert me.json()["citizenId"] == "031178000512"


async def test_a_wrong_client_secret_gives_a_page_not_an_error(
    oidc_provider: RunningProvider, database: Database
) -> None:
    # given a hub configured with the wrong secret
    wrong = ProviderClient(HUB_CLIENT.client_id, "not-the-secret", HUB_CLIENT.redirect_uri)
    settings = hub_settings(oidc_provider.issuer, wrong)

    # when a citizen signs in
    async with browser_at(create_app(settings, database=database)) as browser:
        answer = await sign_in(browser)

    # then the provider refuses the client and the citizen sees a 400 page without details
    assert answer.status_code == 400
    assert "did not confirm this sign-in" in answer.text
    assert "invalid_client" not in answer.text


async def test_an_unreachable_provider_gives_a_502_page(database: Database) -> None:
    # given a hub whose provider does not answer (nothing listens on port 9 of 127.0.0.1)
    settings = hub_settings("http://127.0.0.1:9")

    # when a citizen starts a sign-in
    async with browser_at(create_app(settings, database=database)) as browser:
        answer = await browser.get("/auth/login")

    # then the hub says so with a page
    assert answer.status_code == 502
    assert "cannot be reached" in answer.text
