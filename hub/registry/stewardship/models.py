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
