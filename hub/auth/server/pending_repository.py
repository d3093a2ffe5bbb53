"""All SQL of authorization requests waiting on the consent page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.server.models import PendingAuthorization

_pending: Table = PendingAuthorization.__table__  # type: ignore[attr-defined]
_p = _pending.c


async def add(session: AsyncSession, pending: PendingAuthorization, now: datetime) -> None:
    """Insert a pending request; purge the expired ones."""
    await session.execute(delete(_pending).where(_p.expires_at <= now))
    session.add(pending)
    await session.flush()


async def take(session: AsyncSession, id_hash: str) -> PendingAuthorization | None:
    """Remove and return the pending request (each can be answered once)."""
    result = await session.execute(delete(_pending).where(_p.id_hash == id_hash).returning(*_p))
    row = result.mappings().first()
    return None if row is None else PendingAuthorization.model_validate(dict(row))
