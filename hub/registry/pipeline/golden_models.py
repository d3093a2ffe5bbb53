"""Tables around golden records: provenance, steward overrides, versions and quality issues."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class GoldenProvenance(SQLModel, table=True):
    """Where the current value of one golden attribute came from.

    ``system`` is ``"steward"`` and ``source_record_id`` empty when an override supplies it.
    """

    __tablename__ = "golden_provenance"

    entity_type: str = Field(primary_key=True, max_length=32)
    master_id: str = Field(primary_key=True, max_length=36)
    attribute: str = Field(primary_key=True, max_length=64)
    system: str = Field(max_length=64)
    source_record_id: str | None = Field(default=None, max_length=36)
    source_updated_at: datetime


class GoldenOverride(SQLModel, table=True):
    """A steward's value for one attribute; it wins survivorship until cleared."""

    __tablename__ = "golden_override"
    __table_args__ = (Index("ix_golden_override_master", "entity_type", "master_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    master_id: str = Field(max_length=36)
    attribute: str = Field(max_length=64)
    value: Any = Field(sa_column=Column(JSON, nullable=True))
    reason: str
    created_by: str = Field(max_length=128)
    created_at: datetime
    cleared_at: datetime | None = None
    cleared_by: str | None = Field(default=None, max_length=128)


class GoldenVersion(SQLModel, table=True):
    """One version of a golden record: valid time from the sources, record time from the hub."""

    __tablename__ = "golden_version"
    __table_args__ = (
        UniqueConstraint("entity_type", "master_id", "version"),
        Index("ix_golden_version_recorded", "entity_type", "master_id", "recorded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    master_id: str = Field(max_length=36)
    version: int
    change: str = Field(max_length=16)  # CREATED | UPDATED | MERGED | UNMERGED | RESTORED | RETIRED
    valid_from: datetime
    recorded_at: datetime
    values: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    provenance: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    merged_into_id: str | None = Field(default=None, max_length=36)


class QualityIssue(SQLModel, table=True):
    """A data-quality finding stewards can list: a conflict between sources, an invalid
    identifier, an unknown code, an identifier another master already holds.
    """

    __tablename__ = "quality_issue"
    __table_args__ = (
        Index("ix_quality_issue_master", "entity_type", "master_id"),
        Index("ix_quality_issue_source_record", "entity_type", "source_record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    master_id: str | None = Field(default=None, max_length=36)
    source_record_id: str | None = Field(default=None, max_length=36)
    system: str | None = Field(default=None, max_length=64)
    attribute: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    detail: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    opened_at: datetime
    resolved_at: datetime | None = None
