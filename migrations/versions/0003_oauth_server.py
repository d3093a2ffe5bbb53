"""oauth server: grants, authorization codes, refresh tokens, replay and revocation lists

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:06:55.187091
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "oauth_revocation",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("oauth_revocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_revocation_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "oauth_used_assertion",
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("jti", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "jti"),
    )
    with op.batch_alter_table("oauth_used_assertion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_used_assertion_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "oauth_grant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("acr", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("auth_time", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["oauth_client.client_id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "oauth_pending_authorization",
        sa.Column("id_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["oauth_client.client_id"]),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("oauth_pending_authorization", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_pending_authorization_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "oauth_authorization_code",
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("grant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("redirect_uri", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("code_challenge", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column(
            "code_challenge_method", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False
        ),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["oauth_client.client_id"]),
        sa.ForeignKeyConstraint(["grant_id"], ["oauth_grant.id"]),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    with op.batch_alter_table("oauth_authorization_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_code_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "oauth_refresh_token",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("grant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("issued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["grant_id"], ["oauth_grant.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("oauth_refresh_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_token_grant_id"), ["grant_id"], unique=False
        )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("oauth_refresh_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_token_grant_id"))
    op.drop_table("oauth_refresh_token")
    with op.batch_alter_table("oauth_authorization_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_code_expires_at"))
    op.drop_table("oauth_authorization_code")
    with op.batch_alter_table("oauth_pending_authorization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_pending_authorization_expires_at"))
    op.drop_table("oauth_pending_authorization")
    op.drop_table("oauth_grant")
    with op.batch_alter_table("oauth_used_assertion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_used_assertion_expires_at"))
    op.drop_table("oauth_used_assertion")
    with op.batch_alter_table("oauth_revocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_revocation_expires_at"))
    op.drop_table("oauth_revocation")
