"""From a bearer access token (or a citizen session) to the request's ``Principal``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import client_standing
from hub.auth.keys import CLOCK_SKEW
from hub.auth.server.citizen import CitizenSession
from hub.auth.server.key_cache import KeyCache
from hub.auth.server.revocations import is_revoked
from hub.auth.tokens import ACR_CLIENT, TokenError, assurance_for, validate_access_token
from hub.principals.principal import Principal, PrincipalKind
from hub.principals.scopes import CITIZEN_SELF_SCOPES, parse_scopes
from hub.settings import Settings


async def principal_from_token(
    session: AsyncSession,
    token: str,
    *,
    keys: KeyCache,
    settings: Settings,
    now: datetime,
    purpose: str | None,
    case: str | None,
) -> Principal:
    """Validate ``token`` and return its principal; raise ``TokenError`` saying why not.

    Two queries: revocation (``jti``/``sid``) and the client's standing and purposes.
    """
    verification = await keys.keys_for(session, _kid(token), now)
    claims = validate_access_token(token, verification, settings, now)
    if await is_revoked(session, claims):
        raise TokenError("The access token has been revoked.")
    standing = await client_standing(session, str(claims["client_id"]))
    if not standing.enabled:
        raise TokenError("The client of the access token is disabled.")
    try:
        scopes = parse_scopes(claims.get("scope"))
    except ValueError:
        raise TokenError("The access token carries a scope the hub does not know.") from None
    kind = _kind(claims)
    allowed = standing.purposes
    if kind is PrincipalKind.DELEGATED:
        # A delegated token serves the one purpose the citizen consented to.
        token_purpose = claims.get("purpose")
        allowed = allowed & {token_purpose} if isinstance(token_purpose, str) else frozenset()
        purpose = purpose or (token_purpose if isinstance(token_purpose, str) else None)
    person = None if kind is PrincipalKind.CLIENT else str(claims["sub"])
    return Principal(
        kind=kind,
        scopes=scopes,
        client_id=str(claims["client_id"]),
        agency_code=claims.get("agency") if isinstance(claims.get("agency"), str) else None,
        person_id=person,
        subject=str(claims["sub"]),
        assurance=assurance_for(claims.get("acr")),
        token_id=str(claims["jti"]),
        grant_id=claims.get("sid") if isinstance(claims.get("sid"), str) else None,
        purpose=purpose,
        case=case,
        allowed_purposes=allowed,
        # ``exp`` was checked as an int with this skew by ``validate_access_token``.
        expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC) + CLOCK_SKEW,
    )


def principal_from_citizen(
    citizen: CitizenSession, *, purpose: str | None, case: str | None
) -> Principal:
    """Return the principal of a citizen signed in with e-identity (browser session)."""
    return Principal(
        kind=PrincipalKind.CITIZEN,
        scopes=CITIZEN_SELF_SCOPES,
        person_id=citizen.person_id,
        subject=citizen.person_id,
        assurance=citizen.assurance,
        purpose=purpose,
        case=case,
        # A WebSocket opened with the session cookie outlives it: see ``Principal.expires_at``.
        expires_at=citizen.expires_at,
    )


def _kind(claims: dict[str, Any]) -> PrincipalKind:
    if isinstance(claims.get("act"), dict):
        return PrincipalKind.DELEGATED
    if claims.get("acr") == ACR_CLIENT:
        return PrincipalKind.CLIENT
    if isinstance(claims.get("agency"), str):
        # A citizen's code-flow token held by an agency's system is that agency acting for the
        # citizen, not the citizen: as CITIZEN it would read without a purpose, be logged as the
        # citizen's own read (hidden from "who read my data"), and could grant its own client
        # consent to anything, even from an "openid"-only sign-in. As DELEGATED without a
        # ``purpose`` claim it may read nothing and use no citizen-only field: the agency has
        # to go through token exchange, which honours the citizen's consent and a purpose.
        return PrincipalKind.DELEGATED
    return PrincipalKind.CITIZEN


def _kid(token: str) -> str | None:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError:
        # Not only DecodeError: PyJWT refuses a non-string ``kid`` with its base class.
        return None
    return kid if isinstance(kid, str) else None
