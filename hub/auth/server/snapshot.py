"""Everything one authlib call may read, loaded from the database before the call.

The loaders look at the raw request (client ids in the Basic header, the form and an
unverified client assertion; the code, refresh token or subject token presented) and fetch
just those rows. Claims read without verification only choose what to load: authlib verifies
them before anything loaded is trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jwt
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.client_metadata import TOKEN_EXCHANGE
from hub.auth.clients import ClientRecord, get_clients
from hub.auth.consent import consented_scopes
from hub.auth.keys import KeyRing, ensure_signing_key, load_key_ring
from hub.auth.lookup_keys import is_lookup_key
from hub.auth.server import grants_repository, revocations_repository
from hub.auth.server.effects import Effect
from hub.auth.server.hashing import token_hash
from hub.auth.server.models import AuthorizationCode, OAuthGrant, RefreshToken
from hub.principals.scopes import Scope
from hub.settings import Settings


@dataclass(frozen=True)
class CodeRecord:
    """An authorization code with its grant."""

    code: AuthorizationCode
    grant: OAuthGrant


@dataclass(frozen=True)
class RefreshRecord:
    """A refresh token with its grant."""

    token: RefreshToken
    grant: OAuthGrant


@dataclass
class Snapshot:
    """What one request's authlib call may read, and the effects it decided."""

    settings: Settings
    now: datetime
    keys: KeyRing
    clients: Mapping[str, ClientRecord]
    used_assertions: frozenset[tuple[str, str]] = frozenset()
    code: CodeRecord | None = None
    refresh: RefreshRecord | None = None
    revoked: frozenset[str] = frozenset()
    consented: Mapping[str, frozenset[Scope]] = field(default_factory=dict)
    effects: list[Effect] = field(default_factory=list)


def unverified_claims(token: str | None) -> dict[str, Any]:
    """Return a JWT's claims without checking anything (empty when it is no JWT)."""
    if not token:
        return {}
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return {}
    return claims if isinstance(claims, dict) else {}


async def for_token_endpoint(
    session: AsyncSession,
    settings: Settings,
    form: Mapping[str, str],
    headers: Mapping[str, str],
    now: datetime,
) -> Snapshot:
    """Load what a token request may need: clients, the code, refresh or subject token, keys."""
    client_ids, assertion_keys = _client_candidates(form, headers)
    keys = await load_key_ring(session, now)
    if keys.signer is None:
        await ensure_signing_key(session)
        keys = await load_key_ring(session, now)
    snapshot = Snapshot(
        settings=settings,
        now=now,
        keys=keys,
        clients=await get_clients(session, client_ids),
        used_assertions=frozenset(
            await revocations_repository.used_assertions(session, assertion_keys)
        ),
    )
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code" and form.get("code"):
        found = await grants_repository.code_with_grant(session, token_hash(form["code"]))
        snapshot.code = CodeRecord(*found) if found else None
    elif grant_type == "refresh_token" and form.get("refresh_token"):
        snapshot.refresh = await _refresh(session, form["refresh_token"])
    elif grant_type == TOKEN_EXCHANGE:
        subject = unverified_claims(form.get("subject_token"))
        snapshot.revoked = await _revoked(session, subject)
        person, purpose = subject.get("sub"), form.get("hub_purpose")
        if is_lookup_key(person) and is_lookup_key(purpose):
            snapshot.consented = {
                client_id: await consented_scopes(
                    session, person_id=person, client_id=client_id, purpose_code=purpose
                )
                for client_id in client_ids
            }
    return snapshot


async def for_token_lookup(
    session: AsyncSession,
    settings: Settings,
    form: Mapping[str, str],
    headers: Mapping[str, str],
    now: datetime,
) -> Snapshot:
    """Load what revocation and introspection need: the clients and the token presented."""
    client_ids, assertion_keys = _client_candidates(form, headers)
    token = form.get("token", "")
    claims = unverified_claims(token)
    return Snapshot(
        settings=settings,
        now=now,
        keys=await load_key_ring(session, now),
        clients=await get_clients(session, client_ids),
        used_assertions=frozenset(
            await revocations_repository.used_assertions(session, assertion_keys)
        ),
        refresh=None if claims or not token else await _refresh(session, token),
        revoked=await _revoked(session, claims),
    )


async def for_authorization(
    session: AsyncSession, settings: Settings, client_id: str | None, now: datetime
) -> Snapshot:
    """Load what the authorization endpoint needs: the client (it signs nothing)."""
    return Snapshot(
        settings=settings,
        now=now,
        keys=KeyRing(signer=None, verification={}, public_jwks=()),
        clients=await get_clients(session, [client_id] if client_id else []),
    )


def _client_candidates(
    form: Mapping[str, str], headers: Mapping[str, str]
) -> tuple[set[str], set[tuple[str, str]]]:
    ids: set[str] = set()
    basic_id, _ = extract_basic_authorization(headers)
    for candidate in (basic_id, form.get("client_id")):
        if isinstance(candidate, str) and candidate:
            ids.add(candidate)
    assertion = unverified_claims(form.get("client_assertion"))
    subject, jti = assertion.get("sub"), assertion.get("jti")
    keys: set[tuple[str, str]] = set()
    if isinstance(subject, str) and subject:
        ids.add(subject)
        if isinstance(jti, str) and jti:
            keys.add((subject, jti))
    return ids, keys


async def _refresh(session: AsyncSession, token: str) -> RefreshRecord | None:
    found = await grants_repository.refresh_with_grant(session, token_hash(token))
    return RefreshRecord(*found) if found else None


async def _revoked(session: AsyncSession, claims: Mapping[str, Any]) -> frozenset[str]:
    ids = {value for name in ("jti", "sid") if isinstance(value := claims.get(name), str)}
    return frozenset(await revocations_repository.revoked_among(session, ids))
