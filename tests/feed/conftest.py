"""Fixtures of the feed tests: a database of their own where tasks run at once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url
from starlette.applications import Starlette

from hub.db import Database
from hub.migrations_runner import upgrade
from hub.settings import Settings
from tests.conftest import POSTGRES_URL, _admin_execute, load_reference_data


@pytest.fixture
async def live_database(backend: str, database: Database) -> AsyncIterator[Database]:
    """The test's database with a pool of connections, for relay, ingestion and subscribers
    running at once (the PostgreSQL ``database`` fixture is one connection in a transaction):
    on PostgreSQL a fresh migrated database with the code lists, dropped after the test."""
    if backend == "sqlite":
        yield database
        return
    assert POSTGRES_URL is not None
    name = f"hub_feed_{uuid.uuid4().hex[:10]}"
    await _admin_execute(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, url)
    await load_reference_data(url)
    copy = Database.from_url(url)
    yield copy
    await copy.dispose()
    await _admin_execute(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def live_app(settings: Settings, live_database: Database) -> Starlette:
    """The hub app on ``live_database``."""
    from hub.app import create_app

    return create_app(settings, database=live_database)
