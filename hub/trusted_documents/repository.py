"""The SQL of trusted documents."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.trusted_documents.models import TrustedDocument, TrustedDocumentsOnly


async def find(session: AsyncSession, client_id: str, sha256: str) -> TrustedDocument | None:
    """The document of ``client_id`` with hash ``sha256``, if registered."""
    statement = select(TrustedDocument).where(
        TrustedDocument.client_id == client_id,  # type: ignore[arg-type]
        TrustedDocument.sha256 == sha256,  # type: ignore[arg-type]
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def listed(session: AsyncSession, client_id: str) -> list[TrustedDocument]:
    """The documents of ``client_id``, oldest first."""
    statement = (
        select(TrustedDocument)
        .where(TrustedDocument.client_id == client_id)  # type: ignore[arg-type]
        .order_by(TrustedDocument.id)  # type: ignore[arg-type]
    )
    return list((await session.execute(statement)).scalars())


async def remove(session: AsyncSession, client_id: str, sha256: str) -> int:
    """Delete one document; return how many rows went (0 or 1)."""
    statement = delete(TrustedDocument).where(
        TrustedDocument.client_id == client_id,  # type: ignore[arg-type]
        TrustedDocument.sha256 == sha256,  # type: ignore[arg-type]
    )
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def is_only(session: AsyncSession, client_id: str) -> bool:
    """Whether ``client_id`` runs only its trusted documents."""
    return await session.get(TrustedDocumentsOnly, client_id) is not None


async def set_only(session: AsyncSession, client_id: str, only: bool) -> None:
    """Hold ``client_id`` to its trusted documents, or release it."""
    row = await session.get(TrustedDocumentsOnly, client_id)
    if only and row is None:
        session.add(TrustedDocumentsOnly(client_id=client_id))
    elif not only and row is not None:
        await session.delete(row)
    await session.flush()
