"""``INSERT ... ON CONFLICT DO NOTHING`` in the dialect of the session (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_if_absent(
    session: AsyncSession, table: Table, values: dict[str, Any], returning: str
) -> bool:
    """Insert ``values`` unless the key exists; tell whether this call inserted the row.

    Races between requests are settled by the primary key here rather than by a read before the
    write, so two requests presenting the same one-time value never both succeed.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement.returning(table.c[returning]))
    return result.scalar_one_or_none() is not None
