"""rate limits: requests per client per minute, shared by every worker (PostgreSQL)

Revision ID: 0019_rate_limits
Revises: 0017_trusted_documents
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_rate_limits"
down_revision = "0017_trusted_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table of per-minute counts."""
    op.create_table(
        "rate_limit_window",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "window"),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("rate_limit_window")
