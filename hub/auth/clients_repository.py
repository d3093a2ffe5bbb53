"""All SQL of OAuth2 clients and their purposes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.models import Agency, ClientPurpose, OAuthClient

_c = OAuthClient.__table__.c  # type: ignore[attr-defined]
_cp = ClientPurpose.__table__.c  # type: ignore[attr-defined]
_a = Agency.__table__.c  # type: ignore[attr-defined]


async def get(session: AsyncSession, client_id: str) -> OAuthClient | None:
    """Return the client ``client_id`` or ``None``."""
    return await session.get(OAuthClient, client_id)


async def get_many(session: AsyncSession, client_ids: Collection[str]) -> list[OAuthClient]:
    """Return the clients among ``client_ids`` that exist."""
    if not client_ids:
        return []
    result = await session.execute(select(OAuthClient).where(_c.client_id.in_(client_ids)))
    return list(result.scalars())


async def every(session: AsyncSession) -> list[OAuthClient]:
    """Return every client, by id."""
    result = await session.execute(select(OAuthClient).order_by(_c.client_id))
    return list(result.scalars())


async def purposes_of(
    session: AsyncSession, client_ids: Collection[str]
) -> dict[str, dict[str, int]]:
    """Return, per client, its purposes with their disclosure delay in days."""
    found: dict[str, dict[str, int]] = {client_id: {} for client_id in client_ids}
    if not client_ids:
        return found
    result = await session.execute(
        select(_cp.client_id, _cp.purpose_code, _cp.disclosure_delay_days)
        .where(_cp.client_id.in_(client_ids))
        .order_by(_cp.purpose_code)
    )
    for client_id, purpose_code, delay in result:
        found[client_id][purpose_code] = delay
    return found


async def agency_names(session: AsyncSession, codes: Collection[str]) -> dict[str, str]:
    """Return the names of the agencies ``codes``."""
    if not codes:
        return {}
    result = await session.execute(select(_a.code, _a.name).where(_a.code.in_(codes)))
    return {code: name for code, name in result}


async def standing(
    session: AsyncSession, client_id: str
) -> tuple[bool, datetime | None, frozenset[str]]:
    """Return whether the client exists, when it was disabled, and its purposes (one query)."""
    result = await session.execute(
        select(_c.disabled_at, _cp.purpose_code)
        .select_from(OAuthClient.__table__)  # type: ignore[attr-defined]
        .outerjoin(ClientPurpose.__table__, _cp.client_id == _c.client_id)  # type: ignore[attr-defined]
        .where(_c.client_id == client_id)
    )
    rows = list(result)
    if not rows:
        return False, None, frozenset()
    return True, rows[0][0], frozenset(code for _, code in rows if code is not None)


async def add(session: AsyncSession, client: OAuthClient) -> OAuthClient:
    """Insert ``client``."""
    session.add(client)
    await session.flush()
    return client


async def put_purpose(
    session: AsyncSession, client_id: str, purpose_code: str, disclosure_delay_days: int
) -> None:
    """Register ``purpose_code`` for the client, or change its disclosure delay."""
    row = await session.get(ClientPurpose, (client_id, purpose_code))
    if row is None:
        session.add(
            ClientPurpose(
                client_id=client_id,
                purpose_code=purpose_code,
                disclosure_delay_days=disclosure_delay_days,
            )
        )
    else:
        row.disclosure_delay_days = disclosure_delay_days
    await session.flush()


async def set_disabled(session: AsyncSession, client_id: str, at: datetime) -> None:
    """Disable the client from ``at`` on."""
    await session.execute(
        update(OAuthClient)
        .where(_c.client_id == client_id)
        .values(disabled_at=at)
        .execution_options(synchronize_session="fetch")
    )


async def set_secret(session: AsyncSession, client_id: str, secret_hash: str, at: datetime) -> None:
    """Replace the client's secret hash."""
    await session.execute(
        update(OAuthClient)
        .where(_c.client_id == client_id)
        .values(secret_hash=secret_hash, secret_rotated_at=at)
        .execution_options(synchronize_session="fetch")
    )
