"""Registering, listing and removing trusted documents; finding the one a request names.

A document is registered by its exact text and known by the SHA-256 of that text (lower-case
hex), as Apollo's persisted queries and the GraphQL trusted-documents proposal name them; a
``documentId`` may carry the ``sha256:`` prefix. Documents must parse: a client cannot register
what would never run.
"""

from __future__ import annotations

import hashlib
import re

from graphql import GraphQLError, parse
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.clients import get_client
from hub.errors import Invalid, NotFound
from hub.trusted_documents import repository
from hub.trusted_documents.models import TrustedDocument

_HASH = re.compile(r"(?:sha256:)?([0-9a-f]{64})")
MAX_DOCUMENT_CHARS = 100_000


def document_hash(document: str) -> str:
    """The SHA-256 of ``document``'s UTF-8 text, in lower-case hex."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def parse_document_id(document_id: str) -> str:
    """The hex hash a ``documentId`` (``sha256:<hex>`` or ``<hex>``) names; ``Invalid`` else."""
    match = _HASH.fullmatch(document_id.strip().lower())
    if match is None:
        raise Invalid(
            "A document id is the SHA-256 of the document in hex, optionally prefixed 'sha256:'.",
            argument="documentId",
        )
    return match.group(1)


async def add_document(session: AsyncSession, client_id: str, document: str) -> TrustedDocument:
    """Register ``document`` for ``client_id`` (again: the existing row); return it."""
    await _require_client(session, client_id)
    if not document.strip() or len(document) > MAX_DOCUMENT_CHARS or "\x00" in document:
        raise Invalid(
            f"A document is non-blank GraphQL of at most {MAX_DOCUMENT_CHARS} characters.",
            argument="document",
        )
    try:
        parse(document)
    except GraphQLError as error:
        raise Invalid(
            f"The document does not parse: {error.message}", argument="document"
        ) from None
    sha256 = document_hash(document)
    existing = await repository.find(session, client_id, sha256)
    if existing is not None:
        return existing
    row = TrustedDocument(client_id=client_id, sha256=sha256, document=document)
    session.add(row)
    await session.flush()
    return row


async def list_documents(session: AsyncSession, client_id: str) -> list[TrustedDocument]:
    """The documents registered for ``client_id``."""
    await _require_client(session, client_id)
    return await repository.listed(session, client_id)


async def remove_document(session: AsyncSession, client_id: str, document_id: str) -> None:
    """Remove one document of ``client_id``; ``NotFound`` when it has no such document."""
    sha256 = parse_document_id(document_id)
    if not await repository.remove(session, client_id, sha256):
        raise NotFound(f"Client {client_id!r} has no trusted document {sha256}.")


async def set_trusted_documents_only(session: AsyncSession, client_id: str, only: bool) -> None:
    """Hold ``client_id`` to its trusted documents (``only``), or let it run any document."""
    await _require_client(session, client_id)
    await repository.set_only(session, client_id, only)


async def find_document(session: AsyncSession, client_id: str, document_id: str) -> str | None:
    """The text of ``client_id``'s document named by ``document_id``, or ``None``."""
    row = await repository.find(session, client_id, parse_document_id(document_id))
    return None if row is None else row.document


async def trusted_documents_only(session: AsyncSession, client_id: str) -> bool:
    """Whether ``client_id`` may run nothing but its trusted documents."""
    return await repository.is_only(session, client_id)


async def _require_client(session: AsyncSession, client_id: str) -> None:
    if await get_client(session, client_id) is None:
        raise NotFound(f"No client {client_id!r} is registered.")
