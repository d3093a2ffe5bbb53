"""sync: checkpoints, runs, dead letters and the lease of the adapters' sync runner

Revision ID: 0012_sync
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012_sync"
down_revision = "0011"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString
_time = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "sync_state",
        sa.Column("adapter", _text(length=64), nullable=False),
        sa.Column("stream", _text(length=64), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("adapter", "stream"),
    )
    op.create_table(
        "sync_run",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("adapter", _text(length=64), nullable=False),
        sa.Column("status", _text(length=16), nullable=False),
        sa.Column("full_refresh", sa.Boolean(), nullable=False),
        sa.Column("started_at", _time(), nullable=False),
        sa.Column("finished_at", _time(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("records_read", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("dead_lettered", sa.Integer(), nullable=False),
        sa.Column("checkpoint_before", sa.JSON(), nullable=False),
        sa.Column("checkpoint_after", sa.JSON(), nullable=False),
        sa.Column("error", _text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sync_run_adapter_started", "sync_run", ["adapter", "started_at"])
    op.create_table(
        "dead_letter",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("adapter", _text(length=64), nullable=False),
        sa.Column("stream", _text(length=64), nullable=False),
        sa.Column("source_id", _text(length=128), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("error", _text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status", _text(length=16), nullable=False),
        sa.Column("run_id", _text(length=36), nullable=True),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dead_letter_adapter_status", "dead_letter", ["adapter", "status"])
    op.create_table(
        "sync_lease",
        sa.Column("adapter", _text(length=64), nullable=False),
        sa.Column("holder", _text(length=200), nullable=False),
        sa.Column("expires_at", _time(), nullable=False),
        sa.Column("acquired_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("adapter"),
    )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_table("sync_lease")
    op.drop_index("ix_dead_letter_adapter_status", table_name="dead_letter")
    op.drop_table("dead_letter")
    op.drop_index("ix_sync_run_adapter_started", table_name="sync_run")
    op.drop_table("sync_run")
    op.drop_table("sync_state")
