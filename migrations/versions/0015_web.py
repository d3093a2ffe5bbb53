"""web pages: staff roles for the steward console, citizens' correction requests

Revision ID: 0015_web
Revises: 0014_webhook_sender
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015_web"
down_revision = "0014_webhook_sender"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables."""
    op.create_table(
        "staff_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("granted_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_role_citizen", "staff_role", ["citizen_id", "role"])
    op.create_table(
        "correction_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("attribute", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reported_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("decision_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_correction_request_master_id", "correction_request", ["master_id"])
    op.create_index("ix_correction_request_status", "correction_request", ["status"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_index("ix_correction_request_status", table_name="correction_request")
    op.drop_index("ix_correction_request_master_id", table_name="correction_request")
    op.drop_table("correction_request")
    op.drop_index("ix_staff_role_citizen", table_name="staff_role")
    op.drop_table("staff_role")
