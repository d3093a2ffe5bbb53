"""Signing keys: created on demand, rotated, retired keys published until their tokens expired."""

from __future__ import annotations

from datetime import timedelta

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.keys import (
    KeyStatus,
    ensure_signing_key,
    key_status,
    load_key_ring,
    rotate_signing_key,
    signing_keys,
)
from hub.auth.tokens import TokenError, validate_access_token
from hub.kit.clock import utcnow
from hub.settings import Settings
from tests.auth.server.support import World, client_token, graphql_status


async def test_first_key_is_created_once(session: AsyncSession) -> None:
    # Given a hub without keys
    assert await signing_keys(session) == []
    # When a key is ensured twice
    first = await ensure_signing_key(session)
    second = await ensure_signing_key(session)
    # Then there is one active ES256 key, named by its thumbprint
    assert first.kid == second.kid
    assert first.algorithm == "ES256"
    assert [key.kid for key in await signing_keys(session)] == [first.kid]
    assert first.public_jwk["kid"] == first.kid
    assert "d" not in first.public_jwk


async def test_rotation_keeps_the_old_key_until_its_tokens_expired(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token signed by the first key
    old_token = await client_token(client)
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    # When the key is rotated
    new_key = await rotate_signing_key(session, settings)
    await session.commit()
    new_token = await client_token(client)
    # Then new tokens name the new key, and the JWKS lists both
    assert jwt.get_unverified_header(new_token)["kid"] == new_key.kid != old_kid
    published = {key["kid"] for key in (await client.get("/oauth2/jwks")).json()["keys"]}
    assert published == {old_kid, new_key.kid}
    # And the token of the retired key is still accepted by the API
    assert (await graphql_status(client, old_token)).status_code == 200
    assert (await graphql_status(client, new_token)).status_code == 200
    # And the old key is retired, published until its last token expired
    now = utcnow()
    old = next(key for key in await signing_keys(session) if key.kid == old_kid)
    assert key_status(old, now) is KeyStatus.RETIRED
    assert old.expires_at is not None
    assert old.expires_at >= now + timedelta(seconds=settings.access_token_ttl_seconds)


async def test_retired_key_validates_until_expiry_then_disappears(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    # Given a token of the first key, then a rotation
    token = await client_token(client)
    kid = jwt.get_unverified_header(token)["kid"]
    await rotate_signing_key(session, settings)
    await session.commit()
    now = utcnow()
    # When it is checked ten minutes later
    later = now + timedelta(minutes=10)
    ring = await load_key_ring(session, later)
    # Then the retired key still verifies it
    assert validate_access_token(token, ring.verification, settings, later)["jti"]
    # And once every token of the key has expired, the key is no longer published
    after = now + timedelta(seconds=settings.access_token_ttl_seconds, minutes=2)
    gone = await load_key_ring(session, after)
    assert kid not in gone.verification
    assert kid not in {key["kid"] for key in gone.jwks()["keys"]}
    old = next(key for key in await signing_keys(session) if key.kid == kid)
    assert key_status(old, after) is KeyStatus.EXPIRED
    with pytest.raises(TokenError, match="signing key the hub does not know"):
        validate_access_token(token, gone.verification, settings, after)
