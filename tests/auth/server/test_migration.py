"""Migration 0003 creates the authorization server's tables and removes them again."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import inspect

from hub.db import create_engine
from hub.migrations_runner import downgrade, upgrade
from tests.conftest import drop_postgres_database, fresh_postgres_database

TABLES = {
    "oauth_grant",
    "oauth_authorization_code",
    "oauth_refresh_token",
    "oauth_used_assertion",
    "oauth_revocation",
    "oauth_pending_authorization",
}


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def test_oauth_tables_go_up_and_down(backend: str, tmp_path: Path) -> None:
    # Given an empty database
    url = (
        f"sqlite:///{tmp_path / 'm.db'}"
        if backend == "sqlite"
        else fresh_postgres_database("hub_oauth")
    )
    try:
        # When it is migrated up, then down to before 0003
        upgrade(url)
        up = asyncio.run(_tables(url))
        downgrade(url, revision="0002")
        down = asyncio.run(_tables(url))
        upgrade(url)
        again = asyncio.run(_tables(url))
        # Then the tables come, go, and come back
        assert up >= TABLES
        assert not down & TABLES
        assert {"oauth_client", "signing_key"} <= down
        assert again >= TABLES
    finally:
        if backend == "postgresql":
            drop_postgres_database(url)
