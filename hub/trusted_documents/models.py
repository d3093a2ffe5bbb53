"""Tables of trusted documents: the documents a client registered, and the clients held to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


class TrustedDocument(SQLModel, table=True):
    """A GraphQL document a client may run by its hash (SHA-256 of its exact text, in hex)."""

    __tablename__ = "trusted_document"
    __table_args__ = (UniqueConstraint("client_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(index=True, max_length=128)
    sha256: str = Field(max_length=64)
    document: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class TrustedDocumentsOnly(SQLModel, table=True):
    """A client that runs nothing but its trusted documents."""

    __tablename__ = "trusted_documents_only"

    client_id: str = Field(primary_key=True, max_length=128)
    since: datetime = Field(default_factory=utcnow)
