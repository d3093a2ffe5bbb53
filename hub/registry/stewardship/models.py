"""Tables of stewardship: the action log (match tasks are the pipeline's,
``hub.registry.pipeline.match_task_models``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class StewardAction(SQLModel, table=True):
    """One steward action with its reason: the change log of curation."""

    __tablename__ = "steward_action"

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    action: str = Field(max_length=32)
    target_id: str = Field(index=True, max_length=36)
    actor: str = Field(max_length=128)
    reason: str
    detail: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    at: datetime


class CorrectionRequest(SQLModel, table=True):
    """A citizen's report that a value the hub holds about them is wrong, for a steward.

    It names the golden attribute and, as the citizen saw it, the value and the source system
    and record it came from. A steward resolves it (with an override) or rejects it; the
    ``decision_reason`` is shown to the citizen either way.
    """

    __tablename__ = "correction_request"

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    master_id: str = Field(index=True, max_length=36)
    attribute: str = Field(max_length=64)
    reported_value: str | None = None
    system: str | None = Field(default=None, max_length=64)
    source_record_id: str | None = Field(default=None, max_length=36)
    comment: str
    status: str = Field(index=True, max_length=16)  # OPEN | RESOLVED | REJECTED
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=128)
    decision_reason: str | None = None
