"""All SQL of grants, authorization codes and refresh tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.server.models import AuthorizationCode, OAuthGrant, RefreshToken

_grants: Table = OAuthGrant.__table__  # type: ignore[attr-defined]
_codes: Table = AuthorizationCode.__table__  # type: ignore[attr-defined]
_refresh_tokens: Table = RefreshToken.__table__  # type: ignore[attr-defined]
_g, _code, _r = _grants.c, _codes.c, _refresh_tokens.c
# Used codes are kept a while after their expiry, so that a late reuse is still caught.
_KEEP_USED_CODES = timedelta(hours=1)


async def add_grant_and_code(
    session: AsyncSession, grant: OAuthGrant, code: AuthorizationCode, now: datetime
) -> None:
    """Insert a grant with its first authorization code; drop codes expired an hour ago."""
    await session.execute(delete(_codes).where(_code.expires_at < now - _KEEP_USED_CODES))
    session.add(grant)
    await session.flush()
    session.add(code)
    await session.flush()


async def code_with_grant(
    session: AsyncSession, code_hash: str
) -> tuple[AuthorizationCode, OAuthGrant] | None:
    """Return the authorization code with this hash and its grant, or ``None``."""
    result = await session.execute(
        select(AuthorizationCode, OAuthGrant)
        .join(OAuthGrant, _g.id == _code.grant_id)
        .where(_code.code_hash == code_hash)
    )
    row = result.first()
    return None if row is None else (row[0], row[1])


async def redeem_code(session: AsyncSession, code_hash: str, at: datetime) -> bool:
    """Mark the code used; False when another request used it first."""
    result = await session.execute(
        update(_codes)
        .where(_code.code_hash == code_hash, _code.used_at.is_(None))
        .values(used_at=at)
        .returning(_code.code_hash)
    )
    return result.scalar_one_or_none() is not None


async def refresh_with_grant(
    session: AsyncSession, token_hash: str
) -> tuple[RefreshToken, OAuthGrant] | None:
    """Return the refresh token with this hash and its grant, or ``None``."""
    result = await session.execute(
        select(RefreshToken, OAuthGrant)
        .join(OAuthGrant, _g.id == _r.grant_id)
        .where(_r.token_hash == token_hash)
    )
    row = result.first()
    return None if row is None else (row[0], row[1])


async def add_refresh_token(session: AsyncSession, token: RefreshToken) -> None:
    """Insert a refresh token."""
    session.add(token)
    await session.flush()


async def rotate_refresh_token(session: AsyncSession, token_hash: str, at: datetime) -> bool:
    """Mark the refresh token used; False when another request used it first."""
    result = await session.execute(
        update(_refresh_tokens)
        .where(_r.token_hash == token_hash, _r.used_at.is_(None))
        .values(used_at=at)
        .returning(_r.token_hash)
    )
    return result.scalar_one_or_none() is not None


async def revoke_grant(session: AsyncSession, grant_id: str, at: datetime, reason: str) -> None:
    """Revoke the grant (once: the first reason is kept)."""
    await session.execute(
        update(_grants)
        .where(_g.id == grant_id, _g.revoked_at.is_(None))
        .values(revoked_at=at, revoked_reason=reason)
    )
