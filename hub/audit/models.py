"""Tables of the access log: one request row per read, chained entries, anchored shard heads.

No foreign keys point from the log to what it names: the log is evidence and must outlive
corrections of persons, clients and purposes.
"""

from __future__ import annotations

from datetime import datetime

import uuid6
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow


def new_entry_id() -> str:
    """Return a new id for a log row.

    UUIDv7, increasing within a process: the entries of one request share their time, and a
    reader's page orders them by (time, id), so this keeps them in the order they were written
    instead of a random one.
    """
    return str(uuid6.uuid7())


class RequestLog(SQLModel, table=True):
    """One request that read personal data: who asked, why, and how many entries it wrote."""

    __tablename__ = "request_log"

    id: str = Field(default_factory=new_entry_id, primary_key=True, max_length=36)
    request_id: str | None = Field(default=None, index=True, max_length=64)
    at: datetime = Field(default_factory=utcnow)
    principal_kind: str = Field(max_length=16)
    client_id: str | None = Field(default=None, max_length=64)
    agency_code: str | None = Field(default=None, max_length=35)
    end_user: str | None = Field(default=None, max_length=36)
    token_id: str | None = Field(default=None, max_length=255)
    operation_name: str | None = Field(default=None, max_length=255)
    purpose_code: str | None = Field(default=None, max_length=64)
    case: str | None = Field(default=None, max_length=255)
    entry_count: int = 0


class AccessEntry(SQLModel, table=True):
    """One (person, attribute group) read by one request, a link in its shard's hash chain.

    ``hash`` is the SHA-256 of the canonical JSON of every other column followed by
    ``prev_hash`` (see ``hub.audit.chain``); ``seq`` numbers the entries of a shard from 1.
    """

    __tablename__ = "access_log"
    __table_args__ = (
        UniqueConstraint("shard", "seq", name="uq_access_log_shard_seq"),
        Index("ix_access_log_person_at", "person_id", "at"),
    )

    id: str = Field(default_factory=new_entry_id, primary_key=True, max_length=36)
    shard: int
    seq: int
    at: datetime
    person_id: str = Field(max_length=36)
    attribute_group: str = Field(max_length=64)
    attributes: str  # space-separated GraphQL field names, sorted
    reader_kind: str = Field(max_length=16)
    client_id: str | None = Field(default=None, max_length=64)
    agency_code: str | None = Field(default=None, max_length=35)
    end_user: str | None = Field(default=None, max_length=36)
    purpose_code: str | None = Field(default=None, max_length=64)
    case: str | None = Field(default=None, max_length=255)
    operation_name: str | None = Field(default=None, max_length=255)
    request_id: str | None = Field(default=None, max_length=64)
    request_log_id: str = Field(max_length=36, index=True)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AccessAnchor(SQLModel, table=True):
    """The head of one shard's chain at one moment, written by ``hub audit anchor``.

    A chain cut back below an anchored head, or rewritten up to it, no longer reaches it.
    """

    __tablename__ = "access_log_anchor"

    id: int | None = Field(default=None, primary_key=True)
    anchored_at: datetime = Field(default_factory=utcnow)
    shard: int = Field(index=True)
    seq: int
    hash: str = Field(max_length=64)
