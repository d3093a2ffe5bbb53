"""Alembic environment: async engine, SQLModel metadata, batch mode on SQLite."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import hub.models  # noqa: F401  (registers every table on the metadata)
from hub.db import create_engine, is_sqlite
from hub.settings import get_settings

config = context.config
target_metadata = SQLModel.metadata


def _database_url() -> str:
    given = config.attributes.get("database_url")
    return str(given) if given else get_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(_database_url()),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def run() -> None:
    """Run the migrations against the configured database."""
    if context.is_offline_mode():
        context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online())


run()
