"""Tables of source records as systems sent them, their cross-references to masters, and the
blocking keys that let ingestion find match candidates in the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.registry.pipeline.masters import new_id


class SourceRecord(SQLModel, table=True):
    """One record as a source system last sent it, kept even when it fails validation.

    ``payload`` is the JSON as sent; ``attributes`` holds the values that passed validation,
    normalised, and is what survivorship reads; ``flags`` says what failed and why.
    """

    __tablename__ = "source_record"
    __table_args__ = (UniqueConstraint("entity_type", "system", "source_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entity_type: str = Field(max_length=32)
    system: str = Field(max_length=64)
    source_id: str = Field(max_length=128)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    attributes: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    demoted: list[str] = Field(sa_column=Column(JSON, nullable=False))
    flags: list[dict[str, str]] = Field(sa_column=Column(JSON, nullable=False))
    validation_status: str = Field(max_length=16)  # VALID | FLAGGED
    source_updated_at: datetime
    ingested_at: datetime
    content_hash: str = Field(max_length=64)
    # Set when the source deleted the record: kept as it last was, left out of survivorship.
    retired_at: datetime | None = None


class Xref(SQLModel, table=True):
    """Which master a source record belongs to, with the match that put it there."""

    __tablename__ = "xref"
    __table_args__ = (UniqueConstraint("entity_type", "system", "source_id"),)

    source_record_id: str = Field(primary_key=True, foreign_key="source_record.id", max_length=36)
    entity_type: str = Field(max_length=32)
    system: str = Field(max_length=64)
    source_id: str = Field(max_length=128)
    master_id: str = Field(index=True, max_length=36)
    first_master_id: str = Field(max_length=36)
    match_rule: str = Field(max_length=32)
    match_score: float | None = None
    match_comparisons: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    linked_at: datetime


class MatchKey(SQLModel, table=True):
    """A blocking key of a source record: records sharing a key are match candidates."""

    __tablename__ = "match_key"
    __table_args__ = (Index("ix_match_key_lookup", "entity_type", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    key: str = Field(max_length=64)
    source_record_id: str = Field(foreign_key="source_record.id", index=True, max_length=36)
