"""Tables of match review: near matches waiting for a steward, and the "not a match" memory
that keeps a rejected pair from being proposed again. Ingestion writes and reads both;
stewardship decides the tasks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from hub.registry.pipeline.masters import new_id


class MatchTask(SQLModel, table=True):
    """A near match for a steward: should this source record join ``candidate_master_id``?

    The record meanwhile sits in its own master (``record_master_id``) so it is visible.
    """

    __tablename__ = "match_task"
    __table_args__ = (Index("ix_match_task_status", "entity_type", "status"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    entity_type: str = Field(max_length=32)
    source_record_id: str = Field(index=True, max_length=36)
    record_master_id: str = Field(max_length=36)
    candidate_master_id: str = Field(max_length=36)
    score: float
    rule: str = Field(max_length=32)
    comparisons: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=16)  # OPEN | LINKED | REJECTED | OBSOLETE
    version: int = 1
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=128)


class NotAMatch(SQLModel, table=True):
    """A steward said this source record is not the person of this master: never propose it."""

    __tablename__ = "not_a_match"

    entity_type: str = Field(primary_key=True, max_length=32)
    source_record_id: str = Field(primary_key=True, max_length=36)
    master_id: str = Field(primary_key=True, max_length=36)
    decided_at: datetime
    decided_by: str = Field(max_length=128)
