"""trusted documents: per-client allow-lists of GraphQL documents by hash, and the clients held
to them

Revision ID: 0017_trusted_documents
Revises: 0016_adapters
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017_trusted_documents"
down_revision = "0016_adapters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables."""
    op.create_table(
        "trusted_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_id", "sha256"),
    )
    op.create_index(
        op.f("ix_trusted_document_client_id"), "trusted_document", ["client_id"], unique=False
    )
    op.create_table(
        "trusted_documents_only",
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("trusted_documents_only")
    op.drop_index(op.f("ix_trusted_document_client_id"), table_name="trusted_document")
    op.drop_table("trusted_document")
