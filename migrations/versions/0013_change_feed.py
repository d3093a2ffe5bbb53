"""change feed: publication order of outbox events, the relay's lease, consumers' positions,
webhook endpoints and their delivery attempts

Revision ID: 0013_change_feed
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013_change_feed"
down_revision = "0012_sync"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    """Create the tables and the index of unpublished outbox events."""
    op.create_table(
        "feed_entry",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("sequenced_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("outbox_id"),
    )
    op.create_table(
        "feed_lease",
        sa.Column("name", _text(length=64), nullable=False),
        sa.Column("holder", _text(length=128), nullable=True),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "feed_cursor",
        sa.Column("name", _text(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("client_id", _text(length=128), nullable=False),
        sa.Column("url", _text(length=2048), nullable=False),
        sa.Column("purpose", _text(length=64), nullable=False),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("secret", _text(length=128), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", _text(length=255), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failing_since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_endpoint_client_id", "webhook_endpoint", ["client_id"])
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", _text(length=36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", _text(length=255), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_delivery_endpoint_id", "webhook_delivery", ["endpoint_id"])
    op.create_index(
        "ix_outbox_event_unpublished",
        "outbox_event",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )
    op.bulk_insert(sa.table("feed_lease", sa.column("name", sa.String())), [{"name": "relay"}])


def downgrade() -> None:
    """Drop them."""
    op.drop_index("ix_outbox_event_unpublished", table_name="outbox_event")
    op.drop_index("ix_webhook_delivery_endpoint_id", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_index("ix_webhook_endpoint_client_id", table_name="webhook_endpoint")
    op.drop_table("webhook_endpoint")
    op.drop_table("feed_cursor")
    op.drop_table("feed_lease")
    op.drop_table("feed_entry")
