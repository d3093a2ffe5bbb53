"""Tables of the sync runner: checkpoints, runs, dead letters and the lease that keeps two
runs of one adapter from overlapping.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from hub.kit.clock import utcnow
from hub.registry.pipeline.masters import new_id


class SyncState(SQLModel, table=True):
    """The checkpoint of one stream of one adapter, written in the transaction of the batch
    it follows, so the registry and the checkpoint never disagree.
    """

    __tablename__ = "sync_state"

    adapter: str = Field(primary_key=True, max_length=64)
    stream: str = Field(primary_key=True, max_length=64)
    state: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class SyncRun(SQLModel, table=True):
    """One run of one adapter: what it read and did, how long it took and how it ended."""

    __tablename__ = "sync_run"
    __table_args__ = (Index("ix_sync_run_adapter_started", "adapter", "started_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    adapter: str = Field(max_length=64)
    status: str = Field(max_length=16)  # RUNNING | SUCCEEDED | FAILED | ABANDONED
    full_refresh: bool = False
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    duration_seconds: float | None = None
    records_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    dead_lettered: int = 0
    retired: int = 0
    """Source records the run marked retired (tombstones, records gone from a full snapshot)."""
    checkpoint_before: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    checkpoint_after: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    error: str | None = None


class DeadLetter(SQLModel, table=True):
    """A source record that could not be parsed or validated into an input: kept as sent,
    with the reason, until it is replayed or discarded.
    """

    __tablename__ = "dead_letter"
    __table_args__ = (Index("ix_dead_letter_adapter_status", "adapter", "status"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    adapter: str = Field(max_length=64)
    stream: str = Field(max_length=64)
    source_id: str | None = Field(default=None, max_length=128)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    error: str
    attempts: int = 1
    status: str = Field(max_length=16)  # OPEN | REPLAYED | DISCARDED
    run_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SyncLease(SQLModel, table=True):
    """Who runs an adapter now, until when: one row per running adapter."""

    __tablename__ = "sync_lease"

    adapter: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=200)
    expires_at: datetime
    acquired_at: datetime = Field(default_factory=utcnow)
