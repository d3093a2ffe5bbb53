"""Sign-in against a real third-party OpenID Connect provider (npm oidc-provider).

The hub runs in-process; the provider runs in Node over real HTTP. The test plays the
browser: it follows the hub's redirect to the provider, posts the provider's login and consent
forms, and brings the provider's redirect back to the hub's callback.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.eid.session import CITIZEN_SESSION_COOKIE
from hub.db import Database
from hub.registry.kinds.person import service as records
from hub.settings import Settings
from tests.auth.eid.hub_apps import browser_at, hub_settings
from tests.auth.eid.oidc_provider.browser import authorize_at_provider, local_path
from tests.auth.eid.oidc_provider.fixture import (
    ACCOUNTS,
    LEVEL_1,
    LEVEL_2,
    UNMAPPED_ACR,
    RunningProvider,
)

LAN = "hoang-thi-lan"
THANG = "vu-duc-thang"


@pytest.fixture
def settings(oidc_provider: RunningProvider) -> Settings:
    """The hub signs citizens in at the test provider as client ``lienthong-hub``."""
    return hub_settings(oidc_provider.issuer)


async def start_sign_in(client: httpx.AsyncClient, query: str = "") -> str:
    """Ask the hub to start a sign-in; return the provider URL it redirects the browser to."""
    response = await client.get("/auth/login" + query)
    assert response.status_code == 303, response.text
    return response.headers["location"]


async def sign_in(
    client: httpx.AsyncClient, account: str, acr: str = LEVEL_2, query: str = ""
) -> httpx.Response:
    """Sign in at the provider as ``account``; return the hub's answer to the callback."""
    authorization_url = await start_sign_in(client, query)
    callback = await authorize_at_provider(authorization_url, account=account, acr=acr)
    return await client.get(local_path(callback))


def with_query_value(url: str, name: str, value: str) -> str:
    """Return ``url`` with the query parameter ``name`` set to ``value``."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


async def test_first_sign_in_creates_the_person_and_starts_a_level_2_session(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # given a citizen the registry does not know yet
    assert await records.find_by_citizen_id(session, ACCOUNTS[LAN]["citizen_id"]) is None

    # when they sign in at level 2
    answer = await sign_in(client, LAN, LEVEL_2)

    # then the hub sends them on with a session at level 2, linked to a new person
    assert answer.status_code == 303
    assert answer.headers["location"] == "/auth/me"
    me = (await client.get("/auth/me")).json()
    person = await records.find_by_citizen_id(session, "031178000512")
    assert person is not None
    assert (person.full_name, person.birth_date, person.sex) == (
        "Hoàng Thị Lan",
        date(1978, 5, 9),
        "FEMALE",
    )
    assert me["personId"] == person.id
    assert (me["citizenId"], me["assurance"], me["acr"]) == ("031178000512", 2, LEVEL_2)


async def test_sign_in_links_a_known_person_at_level_1(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # given a person the registry already knows under the citizen's ID
    known = await records.ensure_person(
        session, citizen_id="040090001234", full_name="Vũ Đức Thắng", birth_date=date(1990, 12, 24)
    )
    await session.commit()

    # when the citizen signs in at level 1
    answer = await sign_in(client, THANG, LEVEL_1)

    # then the session is linked to that person, at level 1
    assert answer.status_code == 303
    me = (await client.get("/auth/me")).json()
    assert (me["personId"], me["assurance"], me["acr"]) == (known.id, 1, LEVEL_1)


@pytest.mark.parametrize("acr", [UNMAPPED_ACR, "none"], ids=["unmapped", "missing"])
async def test_an_unmapped_or_missing_acr_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, acr: str
) -> None:
    # given a provider answering with an acr the hub does not map (or with none)
    # when the citizen signs in
    answer = await sign_in(client, LAN, acr)

    # then the hub refuses with a page naming the level problem, and no session or person
    assert answer.status_code == 400
    assert "assurance level" in answer.text
    assert CITIZEN_SESSION_COOKIE not in client.cookies
    assert (await client.get("/auth/me")).status_code == 401
    assert await records.find_by_citizen_id(session, "031178000512") is None


async def test_a_tampered_state_is_refused(client: httpx.AsyncClient) -> None:
    # given a provider answer whose state was changed on the way back
    callback = await authorize_at_provider(await start_sign_in(client), account=LAN)
    tampered = with_query_value(callback, "state", "forged-state")

    # when the browser brings it to the callback
    answer = await client.get(local_path(tampered))

    # then the hub refuses it and forgets the pending sign-in
    assert answer.status_code == 400
    assert "does not match the request" in answer.text
    assert (await client.get("/auth/me")).status_code == 401
    replay = await client.get(local_path(callback))
    assert replay.status_code == 400


async def test_a_callback_in_another_browser_is_refused(
    client: httpx.AsyncClient, settings: Settings, database: Database
) -> None:
    # given a sign-in started in one browser
    callback = await authorize_at_provider(await start_sign_in(client), account=LAN)

    # when another browser (without the login-state cookie) brings the answer
    from hub.app import create_app

    async with browser_at(create_app(settings, database=database)) as other:
        answer = await other.get(local_path(callback))

    # then the hub refuses it
    assert answer.status_code == 400
    assert "not started in this browser" in answer.text


async def test_a_nonce_mismatch_is_refused(client: httpx.AsyncClient) -> None:
    # given an authorization request whose nonce was replaced before reaching the provider
    authorization_url = await start_sign_in(client)
    altered = with_query_value(authorization_url, "nonce", "a-nonce-the-browser-never-had")

    # when the sign-in completes with an ID token carrying that nonce
    callback = await authorize_at_provider(altered, account=LAN)
    answer = await client.get(local_path(callback))

    # then the hub refuses the ID token
    assert answer.status_code == 400
    assert "identity token" in answer.text
    assert (await client.get("/auth/me")).status_code == 401


async def test_a_refused_sign_in_at_the_provider_shows_a_page(client: httpx.AsyncClient) -> None:
    # given a citizen who cancels at the provider's login form
    callback = await authorize_at_provider(await start_sign_in(client), account=LAN, cancel=True)
    assert "error=access_denied" in callback

    # when the provider's answer reaches the hub
    answer = await client.get(local_path(callback))

    # then the hub explains, with status 400 and no session
    assert answer.status_code == 400
    assert "cancelled or refused" in answer.text
    assert (await client.get("/auth/me")).status_code == 401


@pytest.mark.parametrize(
    "next_value",
    [
        "//evil.example/steal",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "evil.example",
        "javascript:alert(1)",
    ],
)
async def test_next_must_be_a_path_on_the_hub(client: httpx.AsyncClient, next_value: str) -> None:
    # given a sign-in link whose next points elsewhere
    # when the browser follows it
    answer = await client.get("/auth/login", params={"next": next_value})

    # then the hub refuses to start the sign-in
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert "single /" in answer.text


async def test_a_relative_next_is_where_the_citizen_lands(client: httpx.AsyncClient) -> None:
    # given a sign-in started from a page of the hub
    query = "?" + urlencode({"next": "/graphql?query=%7B__typename%7D"})

    # when the citizen signs in
    answer = await sign_in(client, LAN, LEVEL_2, query)

    # then the hub sends them back to that page
    assert answer.status_code == 303
    assert answer.headers["location"] == "/graphql?query=%7B__typename%7D"


async def test_logout_clears_the_session(client: httpx.AsyncClient) -> None:
    # given a signed-in citizen
    assert (await sign_in(client, LAN)).status_code == 303
    assert (await client.get("/auth/me")).status_code == 200

    # when they sign out
    answer = await client.post("/auth/logout")

    # then the session cookie is gone and the hub no longer knows them
    assert answer.status_code == 200
    assert "Signed out" in answer.text
    assert CITIZEN_SESSION_COOKIE not in client.cookies
    assert (await client.get("/auth/me")).status_code == 401


async def test_logout_goes_to_a_relative_next_only(client: httpx.AsyncClient) -> None:
    # given a signed-in citizen
    await sign_in(client, LAN)

    # when they sign out asking to go elsewhere, then to a page of the hub
    elsewhere = await client.post("/auth/logout", data={"next": "//evil.example"})
    home = await client.post("/auth/logout", data={"next": "/graphql"})

    # then only the path on the hub is followed
    assert elsewhere.status_code == 400
    assert (home.status_code, home.headers["location"]) == (303, "/graphql")
    assert (await client.get("/auth/me")).status_code == 401


@pytest.mark.parametrize(
    ("account", "created"),
    [("broken-id", None), ("inconsistent", "001195000777")],
    ids=["not-a-citizen-id", "claims-disagree-with-the-id"],
)
async def test_identity_claims_that_cannot_be_trusted_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, account: str, created: str | None
) -> None:
    # given a provider account whose citizen ID is malformed, or disagrees with birth date and sex
    # when the citizen signs in
    answer = await sign_in(client, account)

    # then the hub refuses and creates no person
    assert answer.status_code == 400
    assert "citizen ID" in answer.text
    if created is not None:
        assert await records.find_by_citizen_id(session, created) is None
