"""webhook sender: the access-log position of each endpoint, and the time of the next attempt
recorded with each failed delivery

Revision ID: 0014_webhook_sender
Revises: 0013_change_feed
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014_webhook_sender"
down_revision = "0013_change_feed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns (existing endpoints logged up to where they stand)."""
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("logged_position", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE webhook_endpoint SET logged_position = position")
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.alter_column("logged_position", server_default=None)
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    """Drop the columns."""
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.drop_column("logged_position")
