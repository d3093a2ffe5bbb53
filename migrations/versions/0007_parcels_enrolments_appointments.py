"""master records: land parcels (with right holders and lineage), health-insurance
enrolments, civil-servant appointments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 13:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString
_time = sqlmodel.sql.sqltypes.UTCDateTime


def _master_columns() -> list[sa.Column[object]]:
    # Every master table ends with the same bookkeeping columns.
    return [
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("merged_into_id", _text(length=36), nullable=True),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
    ]


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "land_parcel",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("legacy_key", _text(length=32), nullable=False),
        sa.Column("commune_code", _text(length=5), nullable=True),
        sa.Column("map_sheet", sa.Integer(), nullable=True),
        sa.Column("parcel_number", sa.Integer(), nullable=True),
        sa.Column("national_id", _text(length=12), nullable=True),
        sa.Column("area", sa.Numeric(precision=14, scale=1), nullable=True),
        sa.Column("land_use_purpose", _text(length=16), nullable=True),
        sa.Column("certificate_number", _text(length=32), nullable=True),
        sa.Column("right_holders", sa.JSON(), nullable=True),
        sa.Column("split_from", sa.JSON(), nullable=True),
        sa.Column("merged_from", sa.JSON(), nullable=True),
        *_master_columns(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("national_id"),
    )
    with op.batch_alter_table("land_parcel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_land_parcel_legacy_key"), ["legacy_key"])
        batch_op.create_index(batch_op.f("ix_land_parcel_commune_code"), ["commune_code"])

    op.create_table(
        "land_parcel_right_holder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", _text(length=36), nullable=False),
        sa.Column("person_id", _text(length=36), nullable=True),
        sa.Column("citizen_id", _text(length=12), nullable=True),
        sa.Column("name", _text(), nullable=True),
        sa.Column("share_numerator", sa.Integer(), nullable=False),
        sa.Column("share_denominator", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["land_parcel.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("land_parcel_right_holder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_land_parcel_right_holder_parcel_id"), ["parcel_id"])
        batch_op.create_index("ix_land_parcel_right_holder_person", ["person_id"])

    op.create_table(
        "land_parcel_lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", _text(length=36), nullable=False),
        sa.Column("parent_key", _text(length=32), nullable=False),
        sa.Column("parent_id", _text(length=36), nullable=True),
        sa.Column("relation", _text(length=8), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["land_parcel.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("land_parcel_lineage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_land_parcel_lineage_parcel_id"), ["parcel_id"])
        batch_op.create_index(batch_op.f("ix_land_parcel_lineage_parent_id"), ["parent_id"])

    op.create_table(
        "health_insurance_enrollment",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("enrollment_key", _text(length=40), nullable=True),
        sa.Column("social_insurance_number", _text(length=10), nullable=False),
        sa.Column("card_code", _text(length=15), nullable=True),
        sa.Column("person_id", _text(length=36), nullable=True),
        sa.Column("citizen_id", _text(length=12), nullable=True),
        sa.Column("beneficiary_group", _text(length=2), nullable=True),
        sa.Column("benefit_level", _text(length=1), nullable=True),
        sa.Column("issuing_province", _text(length=2), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("clinic_code", _text(length=16), nullable=True),
        sa.Column("clinic_name", _text(), nullable=True),
        *_master_columns(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enrollment_key"),
    )
    with op.batch_alter_table("health_insurance_enrollment", schema=None) as batch_op:
        for column in ("social_insurance_number", "card_code", "person_id"):
            batch_op.create_index(batch_op.f(f"ix_health_insurance_enrollment_{column}"), [column])

    op.create_table(
        "civil_servant_appointment",
        sa.Column("id", _text(length=36), nullable=False),
        sa.Column("appointment_key", _text(length=200), nullable=True),
        sa.Column("citizen_id", _text(length=12), nullable=True),
        sa.Column("person_id", _text(length=36), nullable=True),
        sa.Column("agency_code", _text(length=35), nullable=True),
        sa.Column("organization_id", _text(length=36), nullable=True),
        sa.Column("position", _text(), nullable=False),
        sa.Column("rank_code", _text(length=16), nullable=True),
        sa.Column("salary_grade", sa.Integer(), nullable=True),
        sa.Column("salary_coefficient", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        *_master_columns(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_key"),
    )
    with op.batch_alter_table("civil_servant_appointment", schema=None) as batch_op:
        for column in ("person_id", "organization_id"):
            batch_op.create_index(batch_op.f(f"ix_civil_servant_appointment_{column}"), [column])


def downgrade() -> None:
    """Revert this migration."""
    for table in (
        "civil_servant_appointment",
        "health_insurance_enrollment",
        "land_parcel_lineage",
        "land_parcel_right_holder",
        "land_parcel",
    ):
        # Dropping a table drops its indexes with it, on SQLite and PostgreSQL alike.
        op.drop_table(table)
