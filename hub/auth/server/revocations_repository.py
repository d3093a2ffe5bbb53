"""All SQL of revoked tokens and grants, and of client assertions already used."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.lookup_keys import is_lookup_key
from hub.auth.server.models import Revocation, UsedAssertion
from hub.auth.server.upsert import insert_if_absent

_revocations: Table = Revocation.__table__  # type: ignore[attr-defined]
_used: Table = UsedAssertion.__table__  # type: ignore[attr-defined]
_rv, _ua = _revocations.c, _used.c


async def revoked_among(session: AsyncSession, ids: Collection[str]) -> set[str]:
    """Return which of ``ids`` (token ``jti`` or grant ``sid``) are revoked: one indexed query."""
    keys = [value for value in ids if is_lookup_key(value)]
    if not keys:
        return set()
    result = await session.execute(select(_rv.id).where(_rv.id.in_(keys)))
    return set(result.scalars())


async def add(
    session: AsyncSession, revoked_id: str, *, kind: str, at: datetime, expires_at: datetime
) -> None:
    """Record a revocation until ``expires_at``; purge the rows no token needs any more."""
    await session.execute(delete(_revocations).where(_rv.expires_at <= at))
    await insert_if_absent(
        session,
        _revocations,
        {"id": revoked_id, "kind": kind, "revoked_at": at, "expires_at": expires_at},
        returning="id",
    )


async def used_assertions(
    session: AsyncSession, keys: Collection[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Return which (client_id, jti) pairs were already used."""
    found: set[tuple[str, str]] = set()
    for client_id, jti in keys:
        if not (is_lookup_key(client_id) and is_lookup_key(jti)):
            continue
        result = await session.execute(
            select(_ua.client_id).where(_ua.client_id == client_id, _ua.jti == jti)
        )
        if result.scalar_one_or_none() is not None:
            found.add((client_id, jti))
    return found


async def claim_assertion(
    session: AsyncSession, client_id: str, jti: str, *, expires_at: datetime, now: datetime
) -> bool:
    """Record a used assertion ``jti``; False when it was used before (a replay)."""
    await session.execute(delete(_used).where(_ua.expires_at <= now))
    return await insert_if_absent(
        session,
        _used,
        {"client_id": client_id, "jti": jti, "expires_at": expires_at},
        returning="jti",
    )
