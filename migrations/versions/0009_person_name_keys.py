"""person name keys: the golden full name folded, family name first and given name first,
indexed for prefix search; existing persons backfilled

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from hub.registry.kinds.person.name_keys import MAX_KEY_LENGTH, given_first_key, name_key

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BATCH = 1000
_KEYS = ("full_name_folded", "given_first_folded")


def _key_type() -> sa.types.TypeEngine[str]:
    # Byte order on PostgreSQL whatever the database's locale: a prefix is one index range.
    return sqlmodel.sql.sqltypes.AutoString(length=MAX_KEY_LENGTH).with_variant(
        sa.String(MAX_KEY_LENGTH, collation="C"), "postgresql"
    )


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        for key in _KEYS:
            batch_op.add_column(sa.Column(key, _key_type(), nullable=True))
    _backfill()
    with op.batch_alter_table("person", schema=None) as batch_op:
        for key in _KEYS:
            batch_op.alter_column(key, existing_type=_key_type(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_person_{key}"), [key], unique=False)


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        for key in _KEYS:
            batch_op.drop_index(batch_op.f(f"ix_person_{key}"))
            batch_op.drop_column(key)


def _backfill() -> None:
    # Keyset batches, so that a registry of millions never sits in memory at once. The keys
    # are computed by the same functions the application uses on every write.
    connection = op.get_bind()
    person = sa.table(
        "person",
        sa.column("id", sa.String()),
        sa.column("full_name", sa.String()),
        *(sa.column(key, sa.String()) for key in _KEYS),
    )
    update = (
        sa.update(person)
        .where(person.c.id == sa.bindparam("person_id"))
        .values(full_name_folded=sa.bindparam("folded"), given_first_folded=sa.bindparam("given"))
    )
    after = ""
    while True:
        rows = connection.execute(
            sa.select(person.c.id, person.c.full_name)
            .where(person.c.id > after)
            .order_by(person.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update,
            [
                {
                    "person_id": person_id,
                    "folded": name_key(full_name or ""),
                    "given": given_first_key(full_name or ""),
                }
                for person_id, full_name in rows
            ],
        )
        after = rows[-1][0]
