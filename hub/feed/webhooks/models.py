"""Registered webhook endpoints and every delivery attempt made to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class WebhookEndpoint(SQLModel, table=True):
    """An HTTPS endpoint of an agency client, with the entity types and the purpose it receives
    events for. ``position`` is the ``seq`` of the last event delivered (or withheld from it);
    ``logged_position`` the last one written to the access log (logged once, before the first
    attempt); ``failing_since`` the first failed attempt of the event it is stuck on."""

    __tablename__ = "webhook_endpoint"

    id: str = Field(primary_key=True, max_length=36)
    client_id: str = Field(index=True, max_length=128)
    url: str = Field(max_length=2048)
    purpose: str = Field(max_length=64)
    types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    secret: str = Field(max_length=128)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=255)
    position: int = 0
    logged_position: int = 0
    failures: int = 0
    failing_since: datetime | None = None
    next_attempt_at: datetime | None = None
    created_at: datetime


class WebhookDelivery(SQLModel, table=True):
    """One attempt to deliver one event to one endpoint, successful or not."""

    __tablename__ = "webhook_delivery"

    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: str = Field(index=True, max_length=36)
    event_id: int
    attempt: int
    at: datetime
    succeeded: bool
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=255)
    duration_ms: int
    next_attempt_at: datetime | None = None
    """When the event is tried again (None: delivered, or the endpoint was disabled)."""
