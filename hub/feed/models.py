"""Tables of the change feed: the order events are published in, the relay's lease, and the
positions of the consumers that read in that order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from hub.registry.pipeline.outbox_models import OutboxEvent


class FeedEntry(SQLModel, table=True):
    """An outbox event in publication order.

    Outbox ids are handed out when a transaction inserts, not when it commits: on PostgreSQL an
    event with a lower id can become visible after one with a higher id, so a reader that keeps
    "the highest id seen" would skip it. The relay, holding the lease alone, gives each
    committed event the next ``seq`` instead; every consumer reads in ``seq`` order.
    """

    __tablename__ = "feed_entry"

    seq: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(unique=True)
    sequenced_at: datetime


class FeedLease(SQLModel, table=True):
    """Who runs the relay: one holder at a time, until ``expires_at`` unless renewed."""

    __tablename__ = "feed_lease"

    name: str = Field(primary_key=True, max_length=64)
    holder: str | None = Field(default=None, max_length=128)
    expires_at: datetime | None = None


class FeedCursor(SQLModel, table=True):
    """The last ``seq`` a consumer (NATS, a webhook endpoint) has, stored in the transaction
    that advances it."""

    __tablename__ = "feed_cursor"

    name: str = Field(primary_key=True, max_length=128)
    position: int = 0
    updated_at: datetime


# The relay finds the events it has not sequenced yet by ``published_at IS NULL``; the partial
# index keeps that lookup as small as the backlog, not as large as the outbox.
UNPUBLISHED_INDEX = Index(
    "ix_outbox_event_unpublished",
    OutboxEvent.__table__.c.id,  # type: ignore[attr-defined]
    postgresql_where=text("published_at IS NULL"),
    sqlite_where=text("published_at IS NULL"),
)
