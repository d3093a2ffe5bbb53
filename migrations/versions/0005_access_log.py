"""access log: request log, hash-chained entries, anchors

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-25 12:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "request_log",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("principal_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("agency_code", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=True),
        sa.Column("end_user", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("token_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("operation_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("purpose_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("case", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_log_request_id"), ["request_id"], unique=False)

    op.create_table(
        "access_log",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("attribute_group", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("attributes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reader_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("agency_code", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=True),
        sa.Column("end_user", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("purpose_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("case", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("operation_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("request_log_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shard", "seq", name="uq_access_log_shard_seq"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_person_at", ["person_id", "at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_access_log_request_log_id"), ["request_log_id"], unique=False
        )

    op.create_table(
        "access_log_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("anchored_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_log_anchor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_log_anchor_shard"), ["shard"], unique=False)


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("access_log_anchor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_anchor_shard"))
    op.drop_table("access_log_anchor")

    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_request_log_id"))
        batch_op.drop_index("ix_access_log_person_at")
    op.drop_table("access_log")

    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_log_request_id"))
    op.drop_table("request_log")
