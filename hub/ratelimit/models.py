"""The shared counter of the rate limit: hits of one client in one minute (PostgreSQL)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RateLimitWindow(SQLModel, table=True):
    """How many requests ``client_id`` made in the minute starting at ``window`` (Unix min)."""

    __tablename__ = "rate_limit_window"

    client_id: str = Field(primary_key=True, max_length=64)
    window: int = Field(primary_key=True)
    hits: int = 0
