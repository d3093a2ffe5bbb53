"""Every migration goes up and down on both databases, and the migrated schema is the one the
models declare (a kind added without its migration, or a column changed in one place only,
fails here)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import hub.models  # noqa: F401  (every table in the metadata)
from hub.db import create_engine
from hub.migrations_runner import downgrade, upgrade
from tests.conftest import drop_postgres_database, fresh_postgres_database


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def test_upgrade_downgrade_upgrade(backend: str, tmp_path: Path) -> None:
    url = (
        f"sqlite:///{tmp_path / 'm.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("hub_migrate")
    )
    try:
        upgrade(url)
        assert {"code", "code_list", "code_crosswalk"} <= asyncio.run(_tables(url))
        downgrade(url)
        assert asyncio.run(_tables(url)) <= {"alembic_version"}
        upgrade(url)
        assert "code" in asyncio.run(_tables(url))
    finally:
        if backend == "postgresql":
            drop_postgres_database(url)


async def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda c: list(
                    compare_metadata(
                        MigrationContext.configure(c, opts={"compare_type": True}),
                        SQLModel.metadata,
                    )
                )
            )
    finally:
        await engine.dispose()


def test_the_migrated_schema_is_the_models_schema(backend: str, tmp_path: Path) -> None:
    # given a database migrated to the head revision
    url = (
        f"sqlite:///{tmp_path / 'm.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("hub_migrate")
    )
    try:
        upgrade(url)
        # when Alembic compares it with the models, then nothing differs
        assert asyncio.run(_differences(url)) == []
    finally:
        if backend == "postgresql":
            drop_postgres_database(url)
