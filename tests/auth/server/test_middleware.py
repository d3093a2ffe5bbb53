"""The authentication middleware: which principal each kind of caller becomes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from hub.auth.consent import grant_consent
from hub.auth.middleware import AuthenticationMiddleware
from hub.db import Database
from hub.http.session import DatabaseSessionMiddleware, state
from hub.principals.principal import Principal
from hub.principals.scopes import CITIZEN_SELF_SCOPES
from hub.settings import Settings
from tests.auth.server.conftest import SignIn
from tests.auth.server.support import (
    AGENCY,
    ISSUER,
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    PURPOSE,
    World,
    authorize,
    citizen_principal,
    claims_of,
    client_token,
    redeem,
)


async def _whoami(request: Request) -> JSONResponse:
    principal: Principal = state(request.scope)["principal"]
    return JSONResponse(
        {
            "kind": principal.kind.value,
            "scopes": sorted(principal.scopes),
            "client_id": principal.client_id,
            "agency_code": principal.agency_code,
            "person_id": principal.person_id,
            "subject": principal.subject,
            "assurance": principal.assurance.value,
            "token_id": principal.token_id,
            "purpose": principal.purpose,
            "case": principal.case,
            "allowed_purposes": sorted(principal.allowed_purposes),
        }
    )


@pytest.fixture
async def probe(
    app: Starlette, database: Database, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app for tokens, plus a route behind the same middleware that shows the principal."""
    echo = Starlette(
        routes=[Route("/whoami", _whoami)],
        middleware=[
            Middleware(DatabaseSessionMiddleware, database=database),
            Middleware(AuthenticationMiddleware, database=database, settings=settings),
        ],
    )
    transport = httpx.ASGITransport(app=echo)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        yield http


async def _whoami_as(probe: httpx.AsyncClient, **headers: Any) -> dict[str, Any]:
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    response = await probe.get("/whoami", headers=named)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_client_token_is_a_client_principal(
    client: httpx.AsyncClient, probe: httpx.AsyncClient, world: World
) -> None:
    # Given the land office's own token
    token = await client_token(client, "land:read person.identity:read")
    # When it calls with a purpose and a case number in Vietnamese
    seen = await _whoami_as(
        probe,
        authorization=f"Bearer {token}",
        hub_purpose=PURPOSE,
        hub_case="Hồ sơ số 12/2026".encode(),
    )
    # Then it is the client, with its scopes, agency, purposes and the request's context
    assert seen == {
        "kind": "CLIENT",
        "scopes": ["land:read", "person.identity:read"],
        "client_id": LAND_OFFICE,
        "agency_code": AGENCY,
        "person_id": None,
        "subject": LAND_OFFICE,
        "assurance": 0,
        "token_id": claims_of(token)["jti"],
        "purpose": PURPOSE,
        "case": "Hồ sơ số 12/2026",
        "allowed_purposes": [PURPOSE],
    }


async def test_citizen_token_is_a_citizen_principal(
    client: httpx.AsyncClient, probe: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice's access token from the portal (level 2)
    sign_in(world.alice)
    tokens = (await redeem(client, await authorize(client))).json()
    sign_in(None)
    # When the portal calls with it
    seen = await _whoami_as(probe, authorization=f"Bearer {tokens['access_token']}")
    # Then it is Alice, at level 2, with the token's scopes
    assert seen["kind"] == "CITIZEN"
    assert seen["person_id"] == seen["subject"] == world.alice.id
    assert seen["assurance"] == 2
    assert seen["scopes"] == ["land:read"]
    assert seen["client_id"] == "portal"


async def test_delegated_token_is_bound_to_its_purpose(
    client: httpx.AsyncClient,
    probe: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    sign_in: SignIn,
) -> None:
    # Given a delegated token of the land office for Alice, for land registration
    await grant_consent(
        session,
        citizen_principal(world.alice),
        client_id=LAND_OFFICE,
        purpose_code=PURPOSE,
        scopes=["land:read"],
    )
    await session.commit()
    sign_in(world.alice)
    authorization = await authorize(
        client,
        client_id=LAND_OFFICE,
        redirect_uri=ISSUER + "/land/callback",
        scope="openid land:read",
    )
    id_token = (
        await client.post(
            "/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": authorization.params["code"],
                "redirect_uri": ISSUER + "/land/callback",
                "code_verifier": authorization.verifier,
            },
            auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
        )
    ).json()["id_token"]
    exchanged = await client.post(
        "/oauth2/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token": id_token,
            "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
            "hub_purpose": PURPOSE,
            "scope": "land:read",
        },
        auth=(LAND_OFFICE, LAND_OFFICE_SECRET),
    )
    sign_in(None)
    # When it calls without a Hub-Purpose header
    seen = await _whoami_as(probe, authorization=f"Bearer {exchanged.json()['access_token']}")
    # Then the land office acts for Alice, for the purpose she consented to only
    assert seen["kind"] == "DELEGATED"
    assert seen["person_id"] == world.alice.id
    assert seen["client_id"] == LAND_OFFICE
    assert seen["purpose"] == PURPOSE
    assert seen["allowed_purposes"] == [PURPOSE]


async def test_citizen_session_without_token(
    probe: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given Alice signed in with e-identity in the browser
    sign_in(world.alice)
    # When her browser calls without a bearer token
    seen = await _whoami_as(probe)
    # Then she is a citizen with the self scopes, at her session's level
    assert seen["kind"] == "CITIZEN"
    assert seen["person_id"] == world.alice.id
    assert seen["scopes"] == sorted(CITIZEN_SELF_SCOPES)
    assert seen["assurance"] == 2
    assert seen["client_id"] is None


async def test_nobody_is_anonymous(probe: httpx.AsyncClient, world: World, sign_in: SignIn) -> None:
    # Given nobody signed in
    sign_in(None)
    # When a request comes without credentials, or with Basic credentials (not for the API)
    plain = await _whoami_as(probe)
    basic = await _whoami_as(probe, authorization="Basic bGFuZDpzZWNyZXQ=")
    # Then both are anonymous
    assert plain["kind"] == basic["kind"] == "ANONYMOUS"


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        (
            "hub-purpose",
            b"land\x07registration",
            "Hub-Purpose must not contain control characters.",
        ),
        ("hub-purpose", b"p" * 65, "Hub-Purpose must be at most 64 characters."),
        ("hub-case", b"c" * 129, "Hub-Case must be at most 128 characters."),
        ("hub-case", b"\xff\xfe", "Hub-Case must be UTF-8 text."),
    ],
)
async def test_bad_context_headers_are_refused(
    probe: httpx.AsyncClient, world: World, header: str, value: bytes, message: str
) -> None:
    # Given a header that is too long, not text, or holds a control character
    # When a request carries it
    response = await probe.get("/whoami", headers={header.encode(): value})
    # Then it is refused with 400 BAD_USER_INPUT
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]
    }


async def test_longest_allowed_context_headers_pass(
    probe: httpx.AsyncClient, world: World, sign_in: SignIn
) -> None:
    # Given a 64-character purpose and a 128-character case number
    sign_in(None)
    # When a request carries them
    seen = await _whoami_as(probe, hub_purpose="p" * 64, hub_case="c" * 128)
    # Then they travel on the principal
    assert seen["purpose"] == "p" * 64
    assert seen["case"] == "c" * 128
