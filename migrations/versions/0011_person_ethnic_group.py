"""person ethnic group: the golden code of the 2008 statistics-office list, nullable (persons
ingested before keep none until a source sends one)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the column."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ethnic_group", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("ethnic_group")
