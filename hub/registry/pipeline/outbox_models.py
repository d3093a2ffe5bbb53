"""The outbox: change events written in the same transaction as the change they announce."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class OutboxEvent(SQLModel, table=True):
    """A change to a master record; subscriptions, webhooks and caches read these in ``id``
    order.
    """

    __tablename__ = "outbox_event"

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=32)
    entity_id: str = Field(index=True, max_length=36)
    event_type: str = Field(
        max_length=16
    )  # CREATED | UPDATED | MERGED | UNMERGED | RESTORED | RETIRED
    version: int
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    occurred_at: datetime
    published_at: datetime | None = None
