"""All SQL of citizens' correction requests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.registry.stewardship.models import CorrectionRequest


async def add(session: AsyncSession, request: CorrectionRequest) -> None:
    """Insert or update a request and give it its id."""
    session.add(request)
    await session.flush()


async def get(session: AsyncSession, request_id: int) -> CorrectionRequest | None:
    """Return one request by id."""
    return await session.get(CorrectionRequest, request_id)


async def of_master(session: AsyncSession, master_id: str) -> list[CorrectionRequest]:
    """Return the requests about one master, newest first."""
    c: Any = CorrectionRequest
    result = await session.execute(
        select(CorrectionRequest).where(c.master_id == master_id).order_by(c.id.desc())
    )
    return list(result.scalars())


async def listed(session: AsyncSession, status: str | None) -> list[CorrectionRequest]:
    """Return requests of ``status`` (all when ``None``), oldest first, at most 200."""
    c: Any = CorrectionRequest
    statement = select(CorrectionRequest).order_by(c.id).limit(200)
    if status is not None:
        statement = statement.where(c.status == status)
    result = await session.execute(statement)
    return list(result.scalars())
