"""master records: source records, xref, golden provenance, history, outbox, stewardship,
organizations

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-25 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "organization",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("agency_code", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=True),
        sa.Column("tax_code", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parent_code", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=True),
        sa.Column("commune_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("merged_into_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency_code"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_tax_code"), ["tax_code"], unique=False)

    op.create_table(
        "golden_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("attribute", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("cleared_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cleared_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("golden_override", schema=None) as batch_op:
        batch_op.create_index(
            "ix_golden_override_master", ["entity_type", "master_id"], unique=False
        )

    op.create_table(
        "golden_provenance",
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("attribute", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("source_updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "master_id", "attribute"),
    )
    op.create_table(
        "golden_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("valid_from", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("merged_into_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity_type", "master_id", "version"),
    )
    with op.batch_alter_table("golden_version", schema=None) as batch_op:
        batch_op.create_index(
            "ix_golden_version_recorded", ["entity_type", "master_id", "recorded_at"], unique=False
        )

    op.create_table(
        "match_task",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("record_master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column(
            "candidate_master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rule", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("comparisons", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("match_task", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_task_source_record_id"), ["source_record_id"], unique=False
        )
        batch_op.create_index("ix_match_task_status", ["entity_type", "status"], unique=False)

    op.create_table(
        "not_a_match",
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "source_record_id", "master_id"),
    )
    op.create_table(
        "outbox_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("event_type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_event_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "quality_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("attribute", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quality_issue", schema=None) as batch_op:
        batch_op.create_index("ix_quality_issue_master", ["entity_type", "master_id"], unique=False)

    op.create_table(
        "source_record",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("demoted", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("validation_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ingested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity_type", "system", "source_id"),
    )
    op.create_table(
        "steward_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("target_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("steward_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steward_action_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "match_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("match_key", schema=None) as batch_op:
        batch_op.create_index("ix_match_key_lookup", ["entity_type", "key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_match_key_source_record_id"), ["source_record_id"], unique=False
        )

    op.create_table(
        "xref",
        sa.Column("source_record_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("first_master_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("match_rule", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("match_comparisons", sa.JSON(), nullable=False),
        sa.Column("linked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_record.id"],
        ),
        sa.PrimaryKeyConstraint("source_record_id"),
        sa.UniqueConstraint("entity_type", "system", "source_id"),
    )
    with op.batch_alter_table("xref", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_xref_master_id"), ["master_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "social_insurance_number",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("merged_into_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_person_social_insurance_number"),
            ["social_insurance_number"],
            unique=False,
        )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_tax_code"))

    op.drop_table("organization")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_social_insurance_number"))
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("version")
        batch_op.drop_column("social_insurance_number")

    with op.batch_alter_table("xref", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xref_master_id"))

    op.drop_table("xref")
    with op.batch_alter_table("match_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_key_source_record_id"))
        batch_op.drop_index("ix_match_key_lookup")

    op.drop_table("match_key")
    with op.batch_alter_table("steward_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steward_action_target_id"))

    op.drop_table("steward_action")
    op.drop_table("source_record")
    with op.batch_alter_table("quality_issue", schema=None) as batch_op:
        batch_op.drop_index("ix_quality_issue_master")

    op.drop_table("quality_issue")
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_event_entity_id"))

    op.drop_table("outbox_event")
    op.drop_table("not_a_match")
    with op.batch_alter_table("match_task", schema=None) as batch_op:
        batch_op.drop_index("ix_match_task_status")
        batch_op.drop_index(batch_op.f("ix_match_task_source_record_id"))

    op.drop_table("match_task")
    with op.batch_alter_table("golden_version", schema=None) as batch_op:
        batch_op.drop_index("ix_golden_version_recorded")

    op.drop_table("golden_version")
    op.drop_table("golden_provenance")
    with op.batch_alter_table("golden_override", schema=None) as batch_op:
        batch_op.drop_index("ix_golden_override_master")

    op.drop_table("golden_override")
