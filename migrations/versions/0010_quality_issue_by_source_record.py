"""Index quality issues by source record.

Ingestion closes the open issues of every record it takes again, looking them up by source
record id; without this index each batch scanned every issue in the registry, so ingestion
slowed down as the registry grew.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the index."""
    op.create_index(
        "ix_quality_issue_source_record",
        "quality_issue",
        ["entity_type", "source_record_id"],
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_quality_issue_source_record", table_name="quality_issue")
