"""adapters: retirement of source records and masters (deleted at their source), the retired
count of a sync run

Revision ID: 0016_adapters
Revises: 0015_web
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016_adapters"
down_revision = "0015_web"
branch_labels = None
depends_on = None

_time = sqlmodel.sql.sqltypes.UTCDateTime
_RETIRABLE = (
    "source_record",
    "person",
    "organization",
    "land_parcel",
    "health_insurance_enrollment",
    "civil_servant_appointment",
)


def upgrade() -> None:
    """Add ``retired_at`` to source records and every master table, and ``retired`` to runs."""
    for table in _RETIRABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired_at", _time(), nullable=True))
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.alter_column("retired", server_default=None)


def downgrade() -> None:
    """Drop the columns."""
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.drop_column("retired")
    for table in reversed(_RETIRABLE):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_at")
