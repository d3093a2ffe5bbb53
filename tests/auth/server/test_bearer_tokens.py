"""Bearer tokens at the API: every way a token can be wrong ends in 401 UNAUTHENTICATED."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import disable_client
from hub.auth.keys import CLOCK_SKEW, Signer, ensure_signing_key, load_key_ring
from hub.auth.server.bearer import principal_from_token
from hub.auth.server.key_cache import KeyCache
from hub.auth.tokens import ACR_CLIENT, AccessTokenGrant, issue_access_token
from hub.kit.clock import utcnow
from hub.settings import Settings
from tests.auth.server.support import (
    LAND_OFFICE,
    LAND_OFFICE_SECRET,
    World,
    graphql_status,
    unauthenticated,
)

GRANT = AccessTokenGrant(
    subject=LAND_OFFICE,
    client_id=LAND_OFFICE,
    scope="land:read",
    acr=ACR_CLIENT,
    auth_time=0,
    agency="H01.05",
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


async def _signer(session: AsyncSession) -> Signer:
    await ensure_signing_key(session)
    await session.commit()
    ring = await load_key_ring(session, utcnow())
    assert ring.signer is not None
    return ring.signer


async def _refused(client: httpx.AsyncClient, token: str, message: str) -> None:
    response = await graphql_status(client, token)
    assert response.status_code == 401
    assert response.json() == unauthenticated(message)
    assert response.headers["www-authenticate"].startswith(
        'Bearer realm="hub", error="invalid_token"'
    )


async def test_a_valid_token_passes(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token signed by the hub's key for the land office
    token, _ = issue_access_token(GRANT, await _signer(session), settings, utcnow())
    # When it calls the API
    response = await graphql_status(client, token)
    # Then it is accepted (the baseline of the refusals below)
    assert response.status_code == 200


async def test_alg_none_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given the claims of a valid token, "signed" with alg none
    signer = await _signer(session)
    _, claims = issue_access_token(GRANT, signer, settings, utcnow())
    token = _unsigned({"alg": "none", "typ": "at+jwt", "kid": signer.kid}, claims) + "."
    # When it calls the API
    # Then it is refused for its algorithm
    await _refused(
        client, token, "The access token is signed with an algorithm the hub does not accept."
    )


async def test_hs256_keyed_with_the_public_key_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token HMAC-signed with the hub's public key as the secret (algorithm confusion)
    signer = await _signer(session)
    _, claims = issue_access_token(GRANT, signer, settings, utcnow())
    public_pem = signer.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _unsigned({"alg": "HS256", "typ": "at+jwt", "kid": signer.kid}, claims)
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{_b64(mac)}"
    # When it calls the API
    # Then it is refused for its algorithm
    await _refused(
        client, token, "The access token is signed with an algorithm the hub does not accept."
    )


async def test_expired_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token issued an hour ago (15 minutes of life)
    token, _ = issue_access_token(
        GRANT, await _signer(session), settings, utcnow() - timedelta(hours=1)
    )
    # Then it is refused as expired
    await _refused(client, token, "The access token has expired.")


@pytest.mark.parametrize(
    "expires", [253402300800, 10**30, None], ids=["year 10000", "past time_t", "ttl+2min"]
)
async def test_token_living_longer_than_the_hub_issues_is_refused(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    world: World,
    expires: int | None,
) -> None:
    # Given a token signed with the hub's key whose exp is later than any it issues
    signer = await _signer(session)
    _, claims = issue_access_token(GRANT, signer, settings, utcnow())
    claims["exp"] = expires or claims["iat"] + settings.access_token_ttl_seconds + 120
    token = jwt.encode(
        claims, signer.private_key, algorithm="ES256", headers={"kid": signer.kid, "typ": "at+jwt"}
    )
    # When it calls the API, and is introspected by its client
    # Then it is refused, and not active
    await _refused(client, token, "The access token expires later than the hub's tokens can (exp).")
    introspection = await client.post(
        "/oauth2/introspect", data={"token": token}, auth=(LAND_OFFICE, LAND_OFFICE_SECRET)
    )
    assert introspection.json() == {"active": False}


async def test_wrong_audience_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token made out to another API
    elsewhere = settings.model_copy(update={"api_audience": "https://other.example/api"})
    token, _ = issue_access_token(GRANT, await _signer(session), elsewhere, utcnow())
    # Then it is refused for its audience
    await _refused(client, token, "The access token is not meant for this audience (aud).")


async def test_wrong_issuer_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token naming another issuer (signed with the hub's key)
    evil = settings.model_copy(
        update={"issuer": "https://evil.example", "api_audience": settings.issuer + "/graphql"}
    )
    token, _ = issue_access_token(GRANT, await _signer(session), evil, utcnow())
    # Then it is refused for its issuer
    await _refused(client, token, "The access token was not issued by this hub (iss).")


async def test_unknown_kid_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token signed by a key the hub never published
    await _signer(session)
    stranger = Signer("unknown-key", ec.generate_private_key(ec.SECP256R1()))
    token, _ = issue_access_token(GRANT, stranger, settings, utcnow())
    # Then it is refused for its key
    await _refused(client, token, "The access token names a signing key the hub does not know.")


async def test_forged_signature_under_a_known_kid_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token signed by another key but naming the hub's kid
    signer = await _signer(session)
    forger = Signer(signer.kid, ec.generate_private_key(ec.SECP256R1()))
    token, _ = issue_access_token(GRANT, forger, settings, utcnow())
    # Then its signature is refused
    await _refused(client, token, "The access token's signature is invalid.")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("not-a-jwt", "The access token is not a well-formed JWT."),
        ("", "The access token is not a well-formed JWT."),
        (
            # PyJWT refuses a kid that is not a string with InvalidTokenError, not DecodeError
            _unsigned({"alg": "ES256", "typ": "at+jwt", "kid": {"x": 1}}, {}) + ".AA",
            "The access token is not a well-formed JWT.",
        ),
    ],
)
async def test_malformed_token_is_refused(
    client: httpx.AsyncClient, world: World, token: str, message: str
) -> None:
    # Given something that is no JWT
    # Then it is refused as malformed
    await _refused(client, token, message)


async def test_id_token_is_no_access_token(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token of type JWT (as ID tokens are), otherwise valid
    signer = await _signer(session)
    token = _typed(signer, settings, "JWT")
    # Then it is refused for its type
    await _refused(client, token, "The token is not an access token (typ must be at+jwt).")


async def test_token_of_a_disabled_client_stops_working(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a valid token of the land office, whose client is then disabled
    token, _ = issue_access_token(GRANT, await _signer(session), settings, utcnow())
    await disable_client(session, LAND_OFFICE)
    await session.commit()
    # Then its token is refused
    await _refused(client, token, "The client of the access token is disabled.")


def _typed(signer: Signer, settings: Settings, token_type: str) -> str:
    _, claims = issue_access_token(GRANT, signer, settings, utcnow())
    return jwt.encode(
        claims,
        signer.private_key,
        algorithm="ES256",
        headers={"kid": signer.kid, "typ": token_type},
    )


async def test_the_principal_expires_with_its_token(
    session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a valid token of the land office
    now = utcnow()
    token, claims = issue_access_token(GRANT, await _signer(session), settings, now)
    # When the middleware turns it into a principal
    principal = await principal_from_token(
        session, token, keys=KeyCache(), settings=settings, now=now, purpose=None, case=None
    )
    # Then the principal knows when the token stops being valid (a WebSocket outlives checks)
    assert principal.expires_at == datetime.fromtimestamp(claims["exp"], UTC) + CLOCK_SKEW
    assert not principal.has_expired(now)
    assert principal.has_expired(now + timedelta(seconds=settings.access_token_ttl_seconds + 31))
