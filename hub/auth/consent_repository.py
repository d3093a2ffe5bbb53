"""All SQL of consents."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from hub.auth.models import Agency, ClientPurpose, Consent, OAuthClient, Purpose

ConsentRow = tuple[Consent, OAuthClient, Agency | None, Purpose]
"""A consent with its client, the client's agency and the purpose."""


async def active_scope_strings(
    session: AsyncSession, *, person_id: str, client_id: str, purpose_code: str
) -> list[str]:
    """Return the scope strings of the consents of this triple that are not revoked."""
    result = await session.execute(
        select(col(Consent.scope)).where(
            col(Consent.person_id) == person_id,
            col(Consent.client_id) == client_id,
            col(Consent.purpose_code) == purpose_code,
            col(Consent.revoked_at).is_(None),
        )
    )
    return list(result.scalars())


async def client(session: AsyncSession, client_id: str) -> OAuthClient | None:
    """Return the client ``client_id`` or ``None``."""
    return await session.get(OAuthClient, client_id)


async def purpose(session: AsyncSession, code: str) -> Purpose | None:
    """Return the purpose ``code`` or ``None``."""
    return await session.get(Purpose, code)


async def client_purpose(
    session: AsyncSession, client_id: str, purpose_code: str
) -> ClientPurpose | None:
    """Return the registration of ``purpose_code`` for ``client_id`` or ``None``."""
    return await session.get(ClientPurpose, (client_id, purpose_code))


async def get(session: AsyncSession, consent_id: int) -> Consent | None:
    """Return the consent ``consent_id`` or ``None``."""
    return await session.get(Consent, consent_id)


async def add(session: AsyncSession, consent: Consent) -> Consent:
    """Insert or update ``consent`` and flush, so that its id is known."""
    session.add(consent)
    await session.flush()
    return consent


async def rows(
    session: AsyncSession, person_id: str, *, consent_id: int | None = None
) -> list[ConsentRow]:
    """Return the consents of ``person_id`` (or just ``consent_id``), newest first."""
    statement = (
        select(Consent, OAuthClient, Agency, Purpose)
        .join(OAuthClient, col(OAuthClient.client_id) == col(Consent.client_id))
        .outerjoin(Agency, col(Agency.code) == col(OAuthClient.agency_code))
        .join(Purpose, col(Purpose.code) == col(Consent.purpose_code))
        .where(col(Consent.person_id) == person_id)
        .order_by(col(Consent.granted_at).desc(), col(Consent.id).desc())
    )
    if consent_id is not None:
        statement = statement.where(col(Consent.id) == consent_id)
    result = await session.execute(statement)
    return [(consent, found, agency, purpose) for consent, found, agency, purpose in result.all()]
