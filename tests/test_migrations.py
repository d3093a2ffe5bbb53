"""Every migration goes up and down on both databases."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import inspect

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
