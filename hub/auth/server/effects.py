"""What a token or authorization request decided to write, applied after authlib returned.

One-time claims (an assertion ``jti``, a code, a refresh token) are written first and settled by
the database, so that two concurrent requests with the same one-time value never both win: the
loser gets the error it would have got had it come second, and a reused code or refresh token
revokes its whole grant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from authlib.oauth2.rfc6749 import InvalidClientError, InvalidGrantError, OAuth2Error
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.keys import CLOCK_SKEW
from hub.auth.server import grants_repository, revocations_repository
from hub.auth.server.models import AuthorizationCode, OAuthGrant, RefreshToken
from hub.settings import Settings

CODE_REUSE = "code_reuse"
REFRESH_TOKEN_REUSE = "refresh_token_reuse"
REVOKED_BY_CLIENT = "revoked_by_client"


@dataclass(frozen=True)
class ClaimAssertion:
    """A client assertion's ``jti`` is used now and may not be used again before it expires."""

    client_id: str
    jti: str
    expires_at: datetime


@dataclass(frozen=True)
class RedeemCode:
    """An authorization code was exchanged for tokens."""

    code_hash: str
    grant_id: str


@dataclass(frozen=True)
class RotateRefreshToken:
    """A refresh token was exchanged for new tokens (and a new refresh token)."""

    token_hash: str
    grant_id: str


@dataclass(frozen=True)
class IssueRefreshToken:
    """A refresh token was issued under a grant."""

    token_hash: str
    grant_id: str


@dataclass(frozen=True)
class CreateGrant:
    """A citizen allowed a client: the grant and its authorization code."""

    grant: OAuthGrant
    code: AuthorizationCode


@dataclass(frozen=True)
class RevokeGrant:
    """A grant is revoked: its refresh tokens and its access tokens (``sid``) stop working."""

    grant_id: str
    reason: str


@dataclass(frozen=True)
class RevokeAccessToken:
    """One access token (``jti``) is revoked until it would have expired anyway."""

    jti: str
    expires_at: datetime


Effect = (
    ClaimAssertion
    | RedeemCode
    | RotateRefreshToken
    | IssueRefreshToken
    | CreateGrant
    | RevokeGrant
    | RevokeAccessToken
)
_CLAIMS = (ClaimAssertion, RedeemCode, RotateRefreshToken)


async def apply_effects(
    session: AsyncSession, effects: Sequence[Effect], settings: Settings, now: datetime
) -> OAuth2Error | None:
    """Write ``effects``; return the error to answer instead when a one-time claim was lost."""
    claims = [effect for effect in effects if isinstance(effect, _CLAIMS)]
    for claim in claims:
        lost = await _claim(session, claim, settings, now)
        if lost is not None:
            return lost
    for effect in effects:
        if not isinstance(effect, _CLAIMS):
            await _apply(session, effect, settings, now)
    return None


async def revoke_grant(
    session: AsyncSession, grant_id: str, reason: str, settings: Settings, now: datetime
) -> None:
    """Revoke a grant and deny its access tokens until the newest of them has expired."""
    await grants_repository.revoke_grant(session, grant_id, now, reason)
    last_token_expiry = now + timedelta(seconds=settings.access_token_ttl_seconds) + CLOCK_SKEW
    await revocations_repository.add(
        session, grant_id, kind="grant", at=now, expires_at=last_token_expiry
    )


async def _claim(
    session: AsyncSession,
    claim: ClaimAssertion | RedeemCode | RotateRefreshToken,
    settings: Settings,
    now: datetime,
) -> OAuth2Error | None:
    match claim:
        case ClaimAssertion(client_id, jti, expires_at):
            won = await revocations_repository.claim_assertion(
                session, client_id, jti, expires_at=expires_at, now=now
            )
            return None if won else InvalidClientError(description="JWT ID is used before.")
        case RedeemCode(code_hash, grant_id):
            if await grants_repository.redeem_code(session, code_hash, now):
                return None
            await revoke_grant(session, grant_id, CODE_REUSE, settings, now)
            return InvalidGrantError("Invalid 'code' in request.")
        case RotateRefreshToken(hashed, grant_id):
            if await grants_repository.rotate_refresh_token(session, hashed, now):
                return None
            await revoke_grant(session, grant_id, REFRESH_TOKEN_REUSE, settings, now)
            return InvalidGrantError("The refresh token was already used.")
    return None


async def _apply(session: AsyncSession, effect: Effect, settings: Settings, now: datetime) -> None:
    match effect:
        case IssueRefreshToken(hashed, grant_id):
            await grants_repository.add_refresh_token(
                session, RefreshToken(token_hash=hashed, grant_id=grant_id, issued_at=now)
            )
        case CreateGrant(grant, code):
            await grants_repository.add_grant_and_code(session, grant, code, now)
        case RevokeGrant(grant_id, reason):
            await revoke_grant(session, grant_id, reason, settings, now)
        case RevokeAccessToken(jti, expires_at):
            await revocations_repository.add(
                session, jti, kind="token", at=now, expires_at=expires_at
            )
